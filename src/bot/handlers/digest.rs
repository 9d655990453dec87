//! The weekly digest's switch: its button turns it off, `/digest` on again.
//!
//! ```text
//! coordinator: [🔕 Turn the digest off]
//! bot:         The weekly digest is off. Send /digest to have it again.
//! coordinator: /digest
//! bot:         The weekly digest is on: it comes on Mondays at 09:00 Almaty time.
//! ```

use anyhow::Context;
use teloxide::prelude::*;

use crate::bot::{App, Caller, HandlerResult};
use crate::db::digest;
use crate::domain::role::Role;
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
pub async fn command(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    if !gets_digest(&caller) {
        bot.send_message(msg.chat.id, app.locales.text(lang, "digest-not-staff"))
            .await?;
        return Ok(());
    }
    digest::set_wanted(&app.db, caller.user_id(), true, app.clock.unix())
        .await
        .context("storing the digest choice")?;
    bot.send_message(msg.chat.id, app.locales.text(lang, "digest-turned-on"))
        .await?;
    Ok(())
}

/// The digest's button: no more digests until `/digest`.
pub async fn off(bot: Bot, query: CallbackQuery, caller: Caller, app: App) -> HandlerResult {
    if !gets_digest(&caller) {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    }
    digest::set_wanted(&app.db, caller.user_id(), false, app.clock.unix())
        .await
        .context("storing the digest choice")?;
    answer(bot.answer_callback_query(query.id.clone())).await?;
    bot.send_message(
        query_chat(&query),
        app.locales.text(caller.lang, "digest-turned-off"),
    )
    .await?;
    Ok(())
}
