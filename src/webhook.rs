//! Updates by webhook (`WEBHOOK_URL`): Telegram posts each update to the bot's HTTPS address,
//! normally through a reverse proxy that ends TLS and forwards to `WEBHOOK_LISTEN` (loopback by
//! default).
//!
//! The server expects to be reached by anyone who finds the port, so before anything else it
//! checks `X-Telegram-Bot-Api-Secret-Token` (in constant time, before a byte of the body is
//! read: a request without the secret costs its headers and no more), refuses a body over
//! [`MAX_POST_BYTES`](crate::updates::inbox::MAX_POST_BYTES) by its declared length, cuts a
//! connection whose headers take longer than [`HEADER_TIMEOUT`] (idle ones too) or whose body
//! takes longer than [`BODY_TIMEOUT`](crate::updates::inbox::BODY_TIMEOUT), and holds at most
//! [`MAX_CONNECTIONS`] connections. The secret is set on Telegram with `setWebhook` at start,
//! and the webhook is removed again at a clean stop. Updates are kept in the database from the
//! moment Telegram is told they arrived until they are handled (`updates::inbox`).

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use subtle::ConstantTimeEq;
use teloxide::prelude::*;
use teloxide::update_listeners::UpdateListener;
use teloxide::update_listeners::webhooks::{self, Options};
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tower_http::limit::RequestBodyLimitLayer;

use crate::clock::Clock;
use crate::config::Webhook;
use crate::db::Db;
use crate::updates::inbox;

/// A connection whose request headers have not all arrived within this is closed; so is one
/// that sends nothing at all (an idle keep-alive connection waits for its next headers).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections held at once; more wait in the kernel's backlog until one closes. Under the
/// usual limit of 1,024 open files, with room for the database and Telegram's connections.
pub const MAX_CONNECTIONS: usize = 512;
/// hyper's read buffer per connection (its default is about 400 KiB): Telegram's headers are
/// far smaller, and the body streams through it.
const MAX_BUFFER: usize = 16 * 1024;

/// The header Telegram sends the secret token in (looked up regardless of case).
const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

/// Binds the address, registers the webhook with Telegram and serves it until the listener's
/// stop token is used; the task ends after the webhook is deleted.
pub async fn listen(
    bot: Bot,
    pool: Db,
    clock: Clock,
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
    // The random one, when none is configured, is drawn here so that the guard knows it.
    let secret: Arc<str> = options.get_or_gen_secret_token().into();
    let (listener, stopped, router) = webhooks::axum_to_router(bot, options)
        .await
        .context("Telegram refused the webhook (setWebhook)")?;
    // The last layer added runs first: the secret, then the declared length, then the body is
    // read (within its time) and each update taken is kept until handled.
    let router = router
        .layer(axum::middleware::from_fn_with_state(
            (pool, clock),
            inbox::keep_posted,
        ))
        .layer(RequestBodyLimitLayer::new(inbox::MAX_POST_BYTES))
        .layer(axum::middleware::from_fn_with_state(secret, check_secret));
    let server = tokio::spawn(serve(tcp, router, stopped));
    tracing::info!(url = %webhook.url, listen = %webhook.listen, "receiving updates by webhook");
    Ok((listener, server))
}

/// 401 to a request without the secret, before its body is read.
async fn check_secret(State(secret): State<Arc<str>>, request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(SECRET_HEADER)
        .map(|value| value.as_bytes())
        .unwrap_or_default();
    if bool::from(given.ct_eq(secret.as_bytes())) {
        next.run(request).await
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

/// Serves HTTP/1.1 connections (what the proxy and Telegram speak) with the header timeout and
/// the connection cap, until `stopped`; then lets the requests under way finish.
async fn serve(
    tcp: tokio::net::TcpListener,
    router: axum::Router,
    stopped: impl Future<Output = ()> + Send + 'static,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_buf_size(MAX_BUFFER);
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    let mut stopped = std::pin::pin!(stopped);
    loop {
        let (permit, accepted) = tokio::select! {
            () = &mut stopped => break,
            accepted = async {
                let permit = connections.clone().acquire_owned().await;
                (permit, tcp.accept().await)
            } => accepted,
        };
        // The semaphore is never closed.
        let Ok(permit) = permit else { break };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors, most likely: wait for some to close.
                tracing::warn!(%error, "the webhook server cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(router.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "a webhook connection ended with an error");
            }
            drop(permit);
        });
    }
    graceful.shutdown().await;
}
