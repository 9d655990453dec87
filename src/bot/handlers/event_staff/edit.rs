//! Changing a published event (`/editevent`: one field at a time) and cancelling it
//! (`/cancelevent`); everyone signed up is told what changed for them.

use anyhow::Context;
use teloxide::prelude::*;

use crate::bot::callback::{Callback, EventField};
use crate::bot::event_card::{self, Counts};
use crate::bot::handlers::audit::audit_event;
use crate::bot::handlers::event_form::{FieldValue, ask_field, field_label, parse_field};
use crate::bot::handlers::{query_chat, settle, stale_choice};
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State};
use crate::db::audit::AuditAction;
use crate::db::event_changes::{self, Change};
use crate::db::events::Event;
use crate::db::{regions, signups};
use crate::domain::status::EventStatus;
use crate::telegram::Bot;

use super::managed_event;

/// The event, if the caller manages it and it is published (only those are edited).
async fn editable_event(app: &App, caller: &Caller, event_id: i64) -> anyhow::Result<Option<Event>> {
    Ok(managed_event(&app.db, caller, event_id)
        .await?
        .filter(|e| e.status == EventStatus::Published))
}

/// A field of a published event to change: its new value is asked.
pub async fn edit_field_chosen(
    bot: Bot,
    query: CallbackQuery,
    (event_id, field): (i64, EventField),
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(event) = editable_event(&app, &caller, event_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    settle(&bot, &query, &app.locales.text(lang, field_label(field))).await?;
    dialogue
        .update(State::EditEvent {
            event_id: event.id,
            field,
        })
        .await?;
    ask_field(&bot, query_chat(&query), &app.locales, lang, field).await
}

/// The new value typed for the field being edited.
pub async fn edit_value_typed(
    bot: Bot,
    msg: Message,
    (event_id, field): (i64, EventField),
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(event) = editable_event(&app, &caller, event_id).await? else {
        dialogue.exit().await?;
        bot.send_message(msg.chat.id, app.locales.text(lang, "event-not-editable"))
            .await?;
        return Ok(());
    };
    let Some(input) = msg.text() else {
        bot.send_message(msg.chat.id, app.locales.text(lang, "event-error-text-only"))
            .await?;
        return Ok(());
    };
    match parse_field(
        &app.locales,
        lang,
        field,
        input,
        Some(event.plan.starts_at),
        &app.clock,
    ) {
        Ok(value) => {
            let change = as_change(&event, field, value);
            apply_change(&app, &bot, msg.chat.id, &caller, &dialogue, &event, change).await
        }
        Err(reason) => {
            bot.send_message(msg.chat.id, reason).await?;
            ask_field(&bot, msg.chat.id, &app.locales, lang, field).await
        }
    }
}

fn as_change(event: &Event, field: EventField, value: FieldValue) -> Change {
    match (field, value) {
        (EventField::Title, FieldValue::Text(t)) => Change::Title(t),
        (EventField::Description, FieldValue::Text(t)) => Change::Description(t),
        (EventField::Place, FieldValue::Text(t)) => Change::Place(t),
        // A new start keeps the event's length.
        (EventField::Start, FieldValue::Time(start)) => Change::Time {
            starts_at: start,
            ends_at: start + event.duration_seconds(),
        },
        (EventField::End, FieldValue::Time(end)) => Change::End(end),
        (EventField::Deadline, FieldValue::Time(deadline)) => Change::Deadline(deadline),
        (_, FieldValue::Capacity(capacity)) => Change::Capacity(capacity),
        (_, FieldValue::Text(t)) => Change::Title(t),
        (_, FieldValue::Time(t)) => Change::Deadline(t),
    }
}

/// "Unlimited" or "At the start" while editing a published event.
pub async fn edit_shortcut(
    bot: Bot,
    query: CallbackQuery,
    callback: Callback,
    (event_id, field): (i64, EventField),
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(event) = editable_event(&app, &caller, event_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    let (change, label) = match (callback, field) {
        (Callback::NeUnlimited, EventField::Capacity) => (Change::Capacity(None), "event-unlimited"),
        (Callback::NeDeadlineAtStart, EventField::Deadline) => {
            (Change::Deadline(event.plan.starts_at), "event-deadline-at-start")
        }
        _ => return stale_choice(&bot, &query, &app.locales, lang).await,
    };
    settle(&bot, &query, &app.locales.text(lang, label)).await?;
    apply_change(&app, &bot, query_chat(&query), &caller, &dialogue, &event, change).await
}

/// Stores a change; a new time or place is told to everyone signed up.
async fn apply_change(
    app: &App,
    bot: &Bot,
    chat: ChatId,
    caller: &Caller,
    dialogue: &BotDialogue,
    event: &Event,
    change: Change,
) -> HandlerResult {
    let (lang, locales, now) = (caller.lang, &app.locales, app.clock.unix());
    if let Change::Capacity(Some(capacity)) = change {
        let (taken, _) = signups::counts(&app.db, event.id)
            .await
            .context("reading the event's places")?;
        if capacity < taken {
            bot.send_message(
                chat,
                locales.text_with(lang, "event-error-capacity-below", &[("taken", taken.into())]),
            )
            .await?;
            return ask_field(bot, chat, locales, lang, EventField::Capacity).await;
        }
    }
    // The notice names the event as it will be: render it from the changed copy.
    let mut changed = event.clone();
    match &change {
        Change::Place(place) => changed.plan.place = place.clone(),
        Change::Time { starts_at, ends_at } => {
            changed.plan.starts_at = *starts_at;
            changed.plan.ends_at = *ends_at;
        }
        Change::End(end) => changed.plan.ends_at = *end,
        _ => {}
    }
    let tells = matches!(change, Change::Place(_) | Change::Time { .. } | Change::End(_));
    let notice = tells.then(|| event_card::notice(locales, now, "event-changed-notice", &changed, &[]));
    let promotion = event_card::notice(locales, now, "event-promoted", &changed, &[]);
    dialogue.exit().await?;
    let Some(event) = event_changes::change(
        &app.db,
        event.id,
        &change,
        app.clock.ms(),
        notice.as_ref(),
        &promotion,
    )
    .await
    .context("changing the event")?
    else {
        bot.send_message(chat, locales.text(lang, "event-not-editable"))
            .await?;
        return Ok(());
    };
    app.live_cards.changed(event.id);
    let region = regions::of(&app.db, event.plan.region_iso.as_deref())
        .await
        .context("reading the event's region")?;
    let (taken, waiting) = signups::counts(&app.db, event.id)
        .await
        .context("reading the event's places")?;
    let card = event_card::card_text(
        locales,
        lang,
        now,
        &event,
        region.as_ref(),
        Counts { taken, waiting },
        None,
        event.closed_at(app.clock.ms() / 1000),
    );
    let key = if tells {
        "event-updated-told"
    } else {
        "event-updated"
    };
    bot.send_message(chat, format!("{}\n\n{card}", locales.text(lang, key)))
        .await?;
    Ok(())
}

/// Cancel confirmed: everyone signed up is told; undelivered announcements are withdrawn.
pub async fn cancel_confirmed(
    bot: Bot,
    query: CallbackQuery,
    event_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(event) = managed_event(&app.db, &caller, event_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    let notice = event_card::notice(
        &app.locales,
        app.clock.unix(),
        "event-cancelled-notice",
        &event,
        &[],
    );
    let Some(told) = event_changes::cancel(&app.db, event.id, app.clock.ms(), &notice)
        .await
        .context("cancelling the event")?
    else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    app.live_cards.changed(event.id);
    settle(&bot, &query, &app.locales.text(lang, "event-cancel-yes")).await?;
    audit_event(
        &app,
        &caller,
        AuditAction::EventCancelled,
        &event,
        serde_json::json!({ "event_id": event.id, "title": event.plan.title }),
    )
    .await?;
    bot.send_message(
        query_chat(&query),
        app.locales.text_with(
            lang,
            "event-cancelled-done",
            &[
                ("title", event.plan.title.as_str().into()),
                ("count", (told as i64).into()),
            ],
        ),
    )
    .await?;
    Ok(())
}
