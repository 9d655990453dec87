//! One file per feature: parse what the user sent, call the domain and the database, reply.

pub mod attended;
pub mod audit;
pub mod broadcast;
pub mod certificate;
pub mod digest;
pub mod event_form;
pub mod event_staff;
pub mod events;
pub mod general;
pub mod group;
pub mod import;
pub mod member_details;
pub mod new_event;
pub mod pending;
pub mod privacy;
pub mod profile;
pub mod ratings;
pub mod registration;
pub use registration::activation;
pub mod roles;
pub mod stats;
pub mod wings;

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MaybeInaccessibleMessage};
use teloxide::{ApiError, RequestError};

use crate::bot::{App, Caller, HandlerResult};
use crate::i18n::{Lang, Locales};
use crate::telegram::{Bot, Paced};
use teloxide::payloads::AnswerCallbackQuery;
use teloxide::requests::JsonRequest;

/// Sends the answer to a button press. A press that already has its answer (the update is
/// being handled again after Telegram failed a later request) or that Telegram no longer
/// waits an answer for is not an error: there is nobody left to tell.
pub async fn answer(request: Paced<JsonRequest<AnswerCallbackQuery>>) -> HandlerResult {
    match request.await {
        Ok(_) => Ok(()),
        Err(RequestError::Api(ApiError::InvalidQueryId)) => Ok(()),
        // Telegram writes "query ID"; teloxide knows the text only as "query id".
        Err(RequestError::Api(ApiError::Unknown(text)))
            if text.to_lowercase() == ApiError::InvalidQueryId.to_string().to_lowercase() =>
        {
            Ok(())
        }
        Err(error) => Err(error.into()),
    }
}

/// Answers a button press and settles the message it was on: the buttons go, and the choice
/// is written under the question, so a stale keyboard cannot be pressed again.
pub async fn settle(bot: &Bot, query: &CallbackQuery, choice: &str) -> HandlerResult {
    answer(bot.answer_callback_query(query.id.clone())).await?;
    settle_message(bot, query, choice).await;
    Ok(())
}

/// [`settle`] for a press already answered: the buttons go, the choice is written under the
/// question.
pub async fn settle_message(bot: &Bot, query: &CallbackQuery, choice: &str) {
    if let Some(MaybeInaccessibleMessage::Regular(message)) = &query.message {
        let question = message.text().unwrap_or_default();
        let settled = format!("{question}\n\n{}", echo(choice));
        if let Err(error) = bot.edit_message_text(message.chat.id, message.id, settled).await {
            // "message is not modified" on a second press of the same button, or a deleted
            // message: neither matters to the user.
            tracing::debug!(%error, "cannot settle a keyboard");
        }
    }
}

/// How a pressed button reads under its question: "✅ Publish" becomes "✓ Publish", the
/// button's own mark giving way to the tick.
fn echo(label: &str) -> String {
    let words = label.trim_start_matches(|c: char| !c.is_alphanumeric());
    format!("✓ {}", if words.is_empty() { label } else { words })
}

/// Replaces the text and buttons of the message a button was pressed on, unless they are
/// already what would be shown (Telegram refuses an edit that changes nothing).
pub async fn redraw(
    bot: &Bot,
    query: &CallbackQuery,
    text: String,
    markup: InlineKeyboardMarkup,
) -> HandlerResult {
    let Some(message) = query.regular_message() else {
        return Ok(());
    };
    if message.text() == Some(text.as_str()) && message.reply_markup() == Some(&markup) {
        return Ok(());
    }
    if let Err(error) = bot
        .edit_message_text(message.chat.id, message.id, text)
        .reply_markup(markup)
        .await
    {
        // A message deleted meanwhile, or two presses racing: the next view corrects it.
        tracing::debug!(%error, "cannot redraw a message");
    }
    Ok(())
}

/// Typed input that failed validation: the reason in the member's language, then the same
/// question again, so that the next message can be the answer.
pub async fn refuse_and_ask(
    bot: &Bot,
    chat: ChatId,
    reason: String,
    ask_again: impl Future<Output = HandlerResult>,
) -> HandlerResult {
    bot.send_message(chat, reason).await?;
    ask_again.await
}

/// Answers a press on a button that no longer applies (an old message, a finished step, a
/// wing archived since): nothing changes.
pub async fn stale_button(bot: Bot, query: CallbackQuery, caller: Caller, app: App) -> HandlerResult {
    stale_choice(&bot, &query, &app.locales, caller.lang).await
}

pub async fn stale_choice(bot: &Bot, query: &CallbackQuery, locales: &Locales, lang: Lang) -> HandlerResult {
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(locales.text(lang, "button-stale"))
            .show_alert(true),
    )
    .await?;
    Ok(())
}

/// The chat a button press came from (always the user's private chat for our keyboards).
pub fn query_chat(query: &CallbackQuery) -> ChatId {
    query
        .message
        .as_ref()
        .map(|m| m.chat().id)
        .unwrap_or_else(|| ChatId(query.from.id.0 as i64))
}

/// Every language's label for `key`, for reply-keyboard buttons that come back as plain text.
pub fn is_label(locales: &Locales, text: &str, key: &str) -> bool {
    Lang::ALL
        .iter()
        .any(|lang| locales.text(*lang, key) == text.trim())
}

#[cfg(test)]
mod tests {
    use super::echo;

    #[test]
    fn the_echo_of_a_button_has_one_tick_and_no_emoji() {
        assert_eq!(echo("✅ Publish"), "✓ Publish");
        assert_eq!(echo("❌ Yes, cancel the event"), "✓ Yes, cancel the event");
        assert_eq!(echo("✏️ Аты-жөні"), "✓ Аты-жөні");
        assert_eq!(echo("Русский"), "✓ Русский");
        assert_eq!(echo("🗑"), "✓ 🗑");
    }
}
