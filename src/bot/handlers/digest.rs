//! The weekly digest's switch: its button turns it off, `/digest` on again.
//!
//! ```text
//! coordinator: [🔕 Turn the digest off]
//! bot:         The weekly digest is off. Send /digest to have it again.
//! coordinator: /digest
//! bot:         The weekly digest is on: it comes on Mondays at 09:00 Almaty time.
//! ```

use std::sync::Arc;

use sqlx::SqlitePool;
use teloxide::prelude::*;

use crate::bot::{Caller, HandlerResult};
use crate::clock::Clock;
use crate::db::digest;
use crate::domain::role::Role;
use crate::i18n::Locales;
use crate::telegram::Bot;

use super::{answer, query_chat, stale_choice};

/// Whether the caller's role gets the digest: coordinators and admins.
fn gets_digest(caller: &Caller) -> bool {
    caller
        .staff
        .as_ref()
        .is_some_and(|staff| staff.role >= Role::Coordinator)
}

/// `/digest`: turns the digest on again.
pub async fn command(
    bot: Bot,
    msg: Message,
    caller: Caller,
    pool: SqlitePool,
    locales: Arc<Locales>,
    clock: Clock,
) -> HandlerResult {
    let lang = caller.lang;
    if !gets_digest(&caller) {
        bot.send_message(msg.chat.id, locales.text(lang, "digest-not-staff"))
            .await?;
        return Ok(());
    }
    digest::set_wanted(&pool, caller.user_id(), true, clock.unix()).await?;
    bot.send_message(msg.chat.id, locales.text(lang, "digest-turned-on"))
        .await?;
    Ok(())
}

/// The digest's button: no more digests until `/digest`.
pub async fn off(
    bot: Bot,
    query: CallbackQuery,
    caller: Caller,
    pool: SqlitePool,
    locales: Arc<Locales>,
    clock: Clock,
) -> HandlerResult {
    if !gets_digest(&caller) {
        return stale_choice(&bot, &query, &locales, caller.lang).await;
    }
    digest::set_wanted(&pool, caller.user_id(), false, clock.unix()).await?;
    answer(bot.answer_callback_query(query.id.clone())).await?;
    bot.send_message(query_chat(&query), locales.text(caller.lang, "digest-turned-off"))
        .await?;
    Ok(())
}
