//! The event form `/newevent` fills in and `/editevent` changes one field of: each field's
//! question, its label, and what typed text it accepts.

use teloxide::prelude::*;
use teloxide::types::InlineKeyboardMarkup;

use crate::bot::HandlerResult;
use crate::bot::callback::{Callback, EventField};
use crate::bot::keyboards::button;
use crate::clock::Clock;
use crate::domain::event::{self as rules, CapacityError, DeadlineError, EndError};
use crate::domain::event_time::{self, EventTimeError};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

/// The question for a field, with the button that answers it without typing, if any.
pub async fn ask_field(
    bot: &Bot,
    chat: ChatId,
    locales: &Locales,
    lang: Lang,
    field: EventField,
) -> HandlerResult {
    let (key, shortcut) = match field {
        EventField::Title => ("event-ask-title", None),
        EventField::Description => ("event-ask-description", None),
        EventField::Start => ("event-ask-start", None),
        EventField::End => ("event-ask-end", None),
        EventField::Place => ("event-ask-place", None),
        EventField::Capacity => (
            "event-ask-capacity",
            Some(("event-unlimited", Callback::NeUnlimited)),
        ),
        EventField::Deadline => (
            "event-ask-deadline",
            Some(("event-deadline-at-start", Callback::NeDeadlineAtStart)),
        ),
    };
    let request = bot.send_message(chat, locales.text(lang, key));
    match shortcut {
        Some((label, callback)) => {
            request
                .reply_markup(InlineKeyboardMarkup::new([[button(
                    locales.text(lang, label),
                    callback,
                )]]))
                .await?
        }
        None => request.await?,
    };
    Ok(())
}

/// A field's value as typed, checked.
pub enum FieldValue {
    Text(String),
    Time(i64),
    Capacity(Option<i64>),
}

/// Parses what was typed for `field`; the error is the localized reason. `starts_at` is the
/// event's start where the field depends on it (end, deadline).
pub fn parse_field(
    locales: &Locales,
    lang: Lang,
    field: EventField,
    input: &str,
    starts_at: Option<i64>,
    clock: &Clock,
) -> Result<FieldValue, String> {
    let now = clock.now();
    let start = starts_at.and_then(|s| chrono::DateTime::from_timestamp(s, 0));
    let text = |max: usize| {
        rules::parse_text(input, max)
            .map(FieldValue::Text)
            .map_err(|error| crate::bot::reasons::free_text(locales, lang, &error))
    };
    let time_error = |error: EventTimeError| match error {
        EventTimeError::Unrecognised => locales.text(lang, "event-error-time-format"),
        EventTimeError::NoSuchDate => locales.text(lang, "event-error-no-such-date"),
        EventTimeError::InThePast => locales.text(lang, "event-error-past"),
    };
    match field {
        EventField::Title => text(rules::TITLE_MAX),
        EventField::Description => text(rules::DESCRIPTION_MAX),
        EventField::Place => text(rules::PLACE_MAX),
        EventField::Start => event_time::parse(input, now)
            .map(|t| FieldValue::Time(t.timestamp()))
            .map_err(time_error),
        EventField::End => {
            let start = start.ok_or_else(|| locales.text(lang, "event-error-time-format"))?;
            rules::parse_end(input, start, now)
                .map(|t| FieldValue::Time(t.timestamp()))
                .map_err(|error| match error {
                    EndError::Time(error) => time_error(error),
                    EndError::BeforeStart => locales.text(lang, "event-error-end-before-start"),
                    EndError::TooLong => locales.text(lang, "event-error-too-long-event"),
                })
        }
        EventField::Capacity => rules::parse_capacity(input)
            .map(|n| FieldValue::Capacity(Some(i64::from(n))))
            .map_err(|error| match error {
                CapacityError::Unrecognised => locales.text(lang, "event-error-capacity"),
                CapacityError::OutOfRange => locales.text_with(
                    lang,
                    "event-error-capacity-range",
                    &[("max", i64::from(rules::CAPACITY_MAX).into())],
                ),
            }),
        EventField::Deadline => {
            let start = start.ok_or_else(|| locales.text(lang, "event-error-time-format"))?;
            rules::parse_deadline(input, start, now)
                .map(|t| FieldValue::Time(t.timestamp()))
                .map_err(|error| match error {
                    DeadlineError::Time(error) => time_error(error),
                    DeadlineError::AfterStart => locales.text(lang, "event-error-deadline-after-start"),
                })
        }
    }
}

/// The fields of an event as buttons, two a row.
pub fn field_keyboard(
    locales: &Locales,
    lang: Lang,
    callback: impl Fn(EventField) -> Callback,
) -> InlineKeyboardMarkup {
    let buttons: Vec<_> = EventField::ALL
        .into_iter()
        .map(|field| button(locales.text(lang, field_label(field)), callback(field)))
        .collect();
    InlineKeyboardMarkup::new(buttons.chunks(2).map(<[_]>::to_vec))
}

pub fn field_label(field: EventField) -> &'static str {
    match field {
        EventField::Title => "event-field-title",
        EventField::Description => "event-field-description",
        EventField::Start => "event-field-start",
        EventField::End => "event-field-end",
        EventField::Place => "event-field-place",
        EventField::Capacity => "event-field-capacity",
        EventField::Deadline => "event-field-deadline",
    }
}
