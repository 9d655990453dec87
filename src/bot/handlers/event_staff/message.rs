//! `/message` (and ✉️ under `/volunteers`): the event's staff write to its volunteers, those
//! waiting, or those marked present. Whom is chosen here; the message itself is composed,
//! previewed, queued and reported as a broadcast (`handlers/broadcast`), to that audience only.

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::types::InlineKeyboardMarkup;

use crate::bot::Caller;
use crate::bot::callback::Callback;
use crate::bot::keyboards::button;
use crate::db::broadcasts;
use crate::db::events::Event;
use crate::domain::audience::{Audience, EventPeople};
use crate::domain::status::EventStatus;
use crate::i18n::{Lang, Locales};

use super::managed_event;

/// The event, if the caller manages it and its volunteers may be written to: published or
/// finished (a draft has nobody, a cancelled event has told everybody already).
pub async fn messageable_event(
    pool: &SqlitePool,
    caller: &Caller,
    event_id: i64,
) -> anyhow::Result<Option<Event>> {
    Ok(managed_event(pool, caller, event_id)
        .await?
        .filter(|event| matches!(event.status, EventStatus::Published | EventStatus::Finished)))
}

/// The question whom to write to, with a button for each group that has somebody in it.
pub(super) async fn event_people(
    pool: &SqlitePool,
    locales: &Locales,
    lang: Lang,
    event: &Event,
) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let title = ("title", event.plan.title.as_str().into());
    if !matches!(event.status, EventStatus::Published | EventStatus::Finished) {
        return Ok((
            locales.text_with(lang, "event-message-closed", &[title]),
            InlineKeyboardMarkup::default(),
        ));
    }
    let mut rows = Vec::new();
    for people in EventPeople::ALL {
        let audience = Audience::Event {
            event_id: event.id,
            people,
        };
        let (count, _) = broadcasts::audience_size(pool, &audience)
            .await
            .context("counting the event's people")?;
        if count > 0 {
            rows.push(vec![button(
                locales.text_with(lang, people_button(people), &[("count", count.into())]),
                Callback::EventAudience(event.id, people),
            )]);
        }
    }
    let key = if rows.is_empty() {
        "event-message-nobody"
    } else {
        "event-message-whom"
    };
    Ok((
        locales.text_with(lang, key, &[title]),
        InlineKeyboardMarkup::new(rows),
    ))
}

fn people_button(people: EventPeople) -> &'static str {
    match people {
        EventPeople::Confirmed => "event-message-to-confirmed",
        EventPeople::Waiting => "event-message-to-waiting",
        EventPeople::Present => "event-message-to-present",
    }
}

/// The audience as the preview names it: "Confirmed volunteers of «Title»".
pub fn audience_name(locales: &Locales, lang: Lang, event: &Event, people: EventPeople) -> String {
    let key = match people {
        EventPeople::Confirmed => "event-message-audience-confirmed",
        EventPeople::Waiting => "event-message-audience-waiting",
        EventPeople::Present => "event-message-audience-present",
    };
    locales.text_with(lang, key, &[("title", event.plan.title.as_str().into())])
}
