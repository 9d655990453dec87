//! Updates by webhook (`WEBHOOK_URL`): Telegram posts each update to the bot's HTTPS address,
//! normally through a reverse proxy that ends TLS and forwards to `WEBHOOK_LISTEN`.
//!
//! teloxide's axum server checks `X-Telegram-Bot-Api-Secret-Token` on every request and
//! answers 401 without the right one; the secret is set on Telegram with `setWebhook` at start,
//! and the webhook is removed again at a clean stop. Updates are kept in the database from the
//! moment Telegram is told they arrived until they are handled (`src/bot/inbox.rs`).

use std::convert::Infallible;
use std::future::Future;

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::update_listeners::UpdateListener;
use teloxide::update_listeners::webhooks::{self, Options};
use tokio::task::JoinHandle;

use crate::bot::inbox;
use crate::config::Webhook;

/// Binds the address, registers the webhook with Telegram and serves it until the listener's
/// stop token is used; the task ends after the webhook is deleted.
pub async fn listen(
    bot: Bot,
    pool: SqlitePool,
    webhook: &Webhook,
) -> anyhow::Result<(impl UpdateListener<Err = Infallible> + use<>, JoinHandle<()>)> {
    // Bound before Telegram is told the address, so its first post finds us listening.
    let tcp = tokio::net::TcpListener::bind(webhook.listen)
        .await
        .with_context(|| format!("cannot listen on WEBHOOK_LISTEN={}", webhook.listen))?;
    let mut options = Options::new(webhook.listen, webhook.url.clone());
    if let Some(secret) = &webhook.secret {
        options = options.secret_token(secret.clone());
    }
    let (listener, stopped, router) = webhooks::axum_to_router(bot, options)
        .await
        .context("Telegram refused the webhook (setWebhook)")?;
    // Each update taken is kept until handled.
    let router = router.layer(axum::middleware::from_fn_with_state(
        pool.clone(),
        inbox::keep_posted,
    ));
    let server = tokio::spawn(serve(tcp, router, stopped));
    tracing::info!(url = %webhook.url, listen = %webhook.listen, "receiving updates by webhook");
    Ok((listener, server))
}

async fn serve(
    tcp: tokio::net::TcpListener,
    router: axum::Router,
    stopped: impl Future<Output = ()> + Send + 'static,
) {
    if let Err(error) = axum::serve(tcp, router).with_graceful_shutdown(stopped).await {
        tracing::error!(%error, "the webhook server failed");
    }
}
