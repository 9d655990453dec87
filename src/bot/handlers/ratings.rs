//! Rating an event afterwards, from the stars under the thank-you (`delivery::thanks`).
//!
//! ```text
//! volunteer: [⭐⭐⭐⭐]
//! bot:       (pop-up) Thank you! Your rating: 4 of 5.
//!            Would you like to add a comment for the organisers? ... [Skip]
//! volunteer: The tea ran out by noon.
//! bot:       Thank you! Your comment is passed on to the organisers.
//! ```
//!
//! Only a volunteer marked present may rate, until 7 days after the event's end; a second
//! press changes the stars and keeps the comment.

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::bot::callback::Callback;
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State, reasons};
use crate::db::ratings::{self, Rated};
use crate::domain::rating::{self, COMMENT_MAX, Stars};
use crate::i18n::Lang;
use crate::telegram::Bot;

use super::{answer, query_chat, settle, stale_choice};

/// A star button: the rating recorded (or changed), a pop-up, then the offer of a comment.
pub async fn star_pressed(
    bot: Bot,
    query: CallbackQuery,
    (event_id, stars): (i64, Stars),
    caller: Caller,
    dialogue: BotDialogue,
    state: State,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let rated = match &caller.member {
        Some(member) => ratings::rate(&app.db, event_id, member.id, stars, app.clock.unix())
            .await
            .context("recording the rating")?,
        None => Rated::NotPresent,
    };
    let key = match rated {
        Rated::New => "rating-saved",
        Rated::Changed => "rating-changed",
        Rated::Closed | Rated::NotPresent => return refuse(&bot, &query, &app, lang, rated).await,
    };
    let text = app.locales.text_with(lang, key, &[("stars", stars.get().into())]);
    answer(bot.answer_callback_query(query.id.clone()).text(text)).await?;
    // A comment is offered unless the member is in the middle of something else.
    if !matches!(state, State::Idle | State::RateComment { .. }) {
        return Ok(());
    }
    dialogue.update(State::RateComment { event_id }).await?;
    let skip = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
        app.locales.text(lang, "rating-skip"),
        Callback::RateNoComment(event_id).encode(),
    )]]);
    bot.send_message(
        query_chat(&query),
        app.locales.text_with(
            lang,
            "rating-ask-comment",
            &[("max", (COMMENT_MAX as i64).into())],
        ),
    )
    .reply_markup(skip)
    .await?;
    Ok(())
}

/// The comment, typed after a rating: checked like other free text, then stored without a name
/// for the event's staff to read.
pub async fn comment_typed(
    bot: Bot,
    msg: Message,
    event_id: i64,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(input) = msg.text() else {
        bot.send_message(msg.chat.id, app.locales.text(lang, "rating-comment-not-text"))
            .await?;
        return Ok(());
    };
    let comment = match rating::parse_comment(input) {
        Ok(comment) => comment,
        Err(error) => {
            // The state stays: the next message can be the comment.
            bot.send_message(msg.chat.id, reasons::free_text(&app.locales, lang, &error))
                .await?;
            return Ok(());
        }
    };
    let rated = match &caller.member {
        Some(member) => ratings::comment(&app.db, event_id, member.id, &comment, app.clock.unix())
            .await
            .context("storing the rating's comment")?,
        None => Rated::NotPresent,
    };
    dialogue.exit().await?;
    let key = match rated {
        Rated::Changed | Rated::New => "rating-comment-saved",
        Rated::Closed => "rating-closed",
        Rated::NotPresent => "rating-not-yours",
    };
    bot.send_message(msg.chat.id, app.locales.text(lang, key)).await?;
    Ok(())
}

/// "Skip" under the offer of a comment: the rating stands as it is.
pub async fn skip_pressed(
    bot: Bot,
    query: CallbackQuery,
    event_id: i64,
    caller: Caller,
    dialogue: BotDialogue,
    state: State,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    if state != (State::RateComment { event_id }) {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    dialogue.exit().await?;
    settle(&bot, &query, &app.locales.text(lang, "rating-skip")).await?;
    bot.send_message(
        query_chat(&query),
        app.locales.text(lang, "rating-comment-skipped"),
    )
    .await?;
    Ok(())
}

/// A press that changes nothing: the rating is closed, or not the presser's to give.
async fn refuse(bot: &Bot, query: &CallbackQuery, app: &App, lang: Lang, rated: Rated) -> HandlerResult {
    let key = if rated == Rated::Closed {
        "rating-closed"
    } else {
        "rating-not-yours"
    };
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(app.locales.text(lang, key))
            .show_alert(true),
    )
    .await
}
