//! `/mydata` and `/forget`: members' control of their own data.

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile, KeyboardRemove};

use crate::bot::callback::Callback;
use crate::bot::event_card;
use crate::bot::{App, Caller, HandlerResult, State};
use crate::db::audit::AuditAction;
use crate::db::{audit, events, pending, privacy, signups};
use crate::telegram::Bot;

use super::{query_chat, settle, stale_choice};

/// `/mydata`: everything stored about the asker, as a JSON file; the export is audit-logged.
/// Members, staff who never registered and people in the middle of registering all have data.
pub async fn my_data(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    if !privacy::holds_anything(&app.db, caller.user_id()).await? {
        bot.send_message(msg.chat.id, app.locales.text(lang, "mydata-nothing"))
            .await?;
        return Ok(());
    }
    let now = app.clock.unix();
    let someone_else = app.locales.text(lang, "mydata-another-staff-member");
    let document = privacy::export(&app.db, caller.user_id(), now, &someone_else).await?;
    let mut conn = app.db.acquire().await?;
    let details = serde_json::json!({ "what": "own data" });
    audit::Entry::new(AuditAction::DataExported, now)
        .by(Some(caller.user_id()))
        .about(Some(caller.user_id()))
        .details(&details)
        .record(&mut conn)
        .await?;
    let bytes = serde_json::to_vec_pretty(&document)?;
    bot.send_document(
        msg.chat.id,
        InputFile::memory(bytes).file_name("birlik-my-data.json"),
    )
    .caption(app.locales.text(lang, "mydata-caption"))
    .await
    .context("sending the member's data")?;
    Ok(())
}

/// `/forget`: asks before erasing anything, of anybody the database holds something about.
pub async fn forget(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    if !privacy::holds_anything(&app.db, caller.user_id()).await? {
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-registered"))
            .await?;
        return Ok(());
    }
    let keyboard = InlineKeyboardMarkup::new([
        [InlineKeyboardButton::callback(
            app.locales.text(lang, "forget-yes"),
            Callback::Forget(true).encode(),
        )],
        [InlineKeyboardButton::callback(
            app.locales.text(lang, "forget-no"),
            Callback::Forget(false).encode(),
        )],
    ]);
    bot.send_message(msg.chat.id, app.locales.text(lang, "forget-question"))
        .reply_markup(keyboard)
        .await?;
    Ok(())
}

pub async fn forget_answered(
    bot: Bot,
    query: CallbackQuery,
    erase: bool,
    state: State,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    if !privacy::holds_anything(&app.db, caller.user_id()).await? {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    let chat = query_chat(&query);
    if !erase {
        settle(&bot, &query, &app.locales.text(lang, "forget-no")).await?;
        bot.send_message(chat, app.locales.text(lang, "forget-kept"))
            .await?;
        return Ok(());
    }
    settle(&bot, &query, &app.locales.text(lang, "forget-yes")).await?;
    // Their places at coming events go to the waiting lists before the data goes.
    let member_id = caller.member.as_ref().map(|member| member.id);
    if let Some(member_id) = member_id {
        let now = app.clock.unix();
        for signup in signups::history(&app.db, member_id, now)
            .await
            .context("reading the member's sign-ups")?
            .upcoming
        {
            if let Some(event) = events::find(&app.db, signup.event_id)
                .await
                .context("reading the event")?
            {
                let promotion = event_card::notice(&app.locales, now, "event-promoted", &event, &[]);
                signups::cancel(&app.db, &event, member_id, app.clock.ms(), &promotion).await?;
                app.live_cards.changed(event.id);
            }
        }
    }
    // Registering through a personal link: the headquarters' list's details of the person go
    // too, at once, before the dialogue that points at them.
    let mut done = app.locales.text(lang, "forget-done");
    if let Some(pending_id) = state.draft().and_then(|draft| draft.pending_id)
        && pending::remove(&app.db, pending_id, Some(caller.user_id()), app.clock.unix())
            .await
            .context("deleting the pending person's details")?
    {
        done = app.locales.text(lang, "activation-forgotten");
    }
    privacy::erase(&app.db, member_id, caller.user_id(), app.clock.unix())
        .await
        .context("erasing the member's data")?;
    bot.send_message(chat, done)
        .reply_markup(KeyboardRemove::new())
        .await?;
    if caller.staff.is_some()
        && let Err(error) = bot
            .delete_my_commands()
            .scope(teloxide::types::BotCommandScope::Chat {
                chat_id: teloxide::types::Recipient::Id(chat),
            })
            .await
    {
        tracing::warn!(%error, "cannot remove the staff command menu");
    }
    Ok(())
}
