//! `/newevent`: an organiser puts an event together, previews it, and publishes it.
//!
//! ```text
//! organiser: /newevent
//! bot:       What is the event called?
//! organiser: Тазалық күні
//! bot:       Describe it ...   When does it start? (05.12.2026 15:00)   When does it end? ...
//!            Where? ...   How many volunteers? [Unlimited]   Sign-ups close when? [At the start]
//! bot:       <the card as members will see it>   [Publish] [Edit] [Discard]
//! organiser: [Publish]
//! bot:       Published: the announcement goes to 1,234 members and 2 groups.  <check-in QR code>
//! ```

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, Me};

use crate::bot::callback::{Callback, EventField};
use crate::bot::event_card::{self, Counts};
use crate::bot::keyboards::button;
use crate::bot::state::EventDraft;
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State, keyboards};
use crate::db::Db;
use crate::db::audit::AuditAction;
use crate::db::events::{self, Event, EventPlan};
use crate::db::regions;
use crate::domain::role::{Action, Role, allows};
use crate::domain::status::EventStatus;
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::audit::audit_event;
use super::event_form::{FieldValue, ask_field, field_keyboard, field_label, parse_field};
use super::event_staff::attendance::send_checkin_qr;
use super::{answer, query_chat, settle, stale_choice};

/// `/newevent`: admins choose where first; organisers and coordinators create in their region.
pub async fn start(bot: Bot, msg: Message, caller: Caller, dialogue: BotDialogue, app: App) -> HandlerResult {
    let lang = caller.lang;
    match &caller.staff {
        Some(staff) if staff.role == Role::Admin => {
            dialogue.update(State::NewEventRegion).await?;
            let regions = regions::list(&app.db).await.context("reading the regions")?;
            let mut picker =
                keyboards::regions_with(&regions, lang, |iso| Callback::NeRegion(Some(iso.to_owned())));
            picker.inline_keyboard.insert(
                0,
                vec![button(
                    app.locales.text(lang, "event-republic-wide"),
                    Callback::NeRegion(None),
                )],
            );
            bot.send_message(msg.chat.id, app.locales.text(lang, "event-new-where"))
                .reply_markup(picker)
                .await?;
        }
        Some(staff) if staff.region_iso.is_some() => {
            let draft = EventDraft::new(staff.region_iso.clone());
            ask(&bot, msg.chat.id, &app.locales, lang, &draft).await?;
            dialogue.update(State::NewEvent { draft }).await?;
        }
        _ => {
            bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
                .await?;
        }
    }
    Ok(())
}

/// An admin chose the region (or the whole republic).
pub async fn region_chosen(
    bot: Bot,
    query: CallbackQuery,
    region_iso: Option<String>,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let allowed = allows(
        caller.staff.as_ref(),
        Action::ManageEvents {
            region: region_iso.as_deref(),
        },
    );
    let region = regions::of(&app.db, region_iso.as_deref()).await?;
    if !allowed || (region_iso.is_some() && region.is_none()) {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    let label = match &region {
        Some(region) => region.name(lang).to_owned(),
        None => app.locales.text(lang, "event-republic-wide"),
    };
    settle(&bot, &query, &label).await?;
    let draft = EventDraft::new(region_iso);
    ask(&bot, query_chat(&query), &app.locales, lang, &draft).await?;
    dialogue.update(State::NewEvent { draft }).await?;
    Ok(())
}

async fn ask(bot: &Bot, chat: ChatId, locales: &Locales, lang: Lang, draft: &EventDraft) -> HandlerResult {
    match draft.step {
        Some(field) => ask_field(bot, chat, locales, lang, field).await,
        None => Ok(()),
    }
}

/// Puts a checked value into the draft. A new start keeps the event's length and pulls the
/// deadline back to the start if it was later.
fn apply(draft: &mut EventDraft, field: EventField, value: FieldValue) {
    match (field, value) {
        (EventField::Title, FieldValue::Text(text)) => draft.title = Some(text),
        (EventField::Description, FieldValue::Text(text)) => draft.description = Some(text),
        (EventField::Place, FieldValue::Text(text)) => draft.place = Some(text),
        (EventField::Start, FieldValue::Time(start)) => {
            if let (Some(old_start), Some(end)) = (draft.starts_at, draft.ends_at) {
                draft.ends_at = Some(start + (end - old_start));
            }
            draft.deadline_at = draft.deadline_at.map(|d| d.min(start));
            draft.starts_at = Some(start);
        }
        (EventField::End, FieldValue::Time(end)) => draft.ends_at = Some(end),
        (EventField::Deadline, FieldValue::Time(deadline)) => draft.deadline_at = Some(deadline),
        (EventField::Capacity, FieldValue::Capacity(capacity)) => {
            draft.capacity = capacity;
            draft.capacity_chosen = true;
        }
        _ => {}
    }
}

/// The step after `field`: the next one on the first pass, the preview once it was shown.
fn next_step(draft: &EventDraft, field: EventField) -> Option<EventField> {
    if draft.previewed {
        return None;
    }
    let i = EventField::ALL.iter().position(|f| *f == field).unwrap_or(0);
    EventField::ALL.get(i + 1).copied()
}

/// Text typed during `/newevent`: the value of the field asked for.
pub async fn field_typed(
    bot: Bot,
    msg: Message,
    mut draft: EventDraft,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(field) = draft.step else {
        bot.send_message(msg.chat.id, app.locales.text(lang, "event-use-buttons"))
            .await?;
        return Ok(());
    };
    let Some(input) = msg.text() else {
        bot.send_message(msg.chat.id, app.locales.text(lang, "event-error-text-only"))
            .await?;
        return Ok(());
    };
    match parse_field(&app.locales, lang, field, input, draft.starts_at, &app.clock) {
        Ok(value) => {
            apply(&mut draft, field, value);
            draft.step = next_step(&draft, field);
            advance(&bot, msg.chat.id, &dialogue, &app, lang, draft).await
        }
        Err(reason) => {
            bot.send_message(msg.chat.id, reason).await?;
            ask_field(&bot, msg.chat.id, &app.locales, lang, field).await
        }
    }
}

/// Stores the draft and asks the next question, or shows the preview.
async fn advance(
    bot: &Bot,
    chat: ChatId,
    dialogue: &BotDialogue,
    app: &App,
    lang: Lang,
    mut draft: EventDraft,
) -> HandlerResult {
    let now = app.clock.unix();
    if draft.step.is_none() {
        draft.previewed = true;
    }
    // The question first: if Telegram fails it, the step is still the one this answer was
    // for, so the update can be handled again as it was.
    match draft.step {
        Some(field) => ask_field(bot, chat, &app.locales, lang, field).await?,
        None => preview(bot, chat, &app.db, &app.locales, lang, &draft, now).await?,
    }
    dialogue.update(State::NewEvent { draft }).await?;
    Ok(())
}

/// The plan of the event as it would be published, once every field is filled in.
fn as_plan(draft: &EventDraft, caller_id: i64, chat: ChatId) -> Option<EventPlan> {
    Some(EventPlan {
        title: draft.title.clone()?,
        description: draft.description.clone()?,
        region_iso: draft.region_iso.clone(),
        place: draft.place.clone()?,
        starts_at: draft.starts_at?,
        ends_at: draft.ends_at?,
        capacity: if draft.capacity_chosen {
            draft.capacity
        } else {
            return None;
        },
        deadline_at: draft.deadline_at?,
        organiser_id: caller_id,
        organiser_chat_id: chat.0,
    })
}

async fn preview(
    bot: &Bot,
    chat: ChatId,
    pool: &Db,
    locales: &Locales,
    lang: Lang,
    draft: &EventDraft,
    now: i64,
) -> HandlerResult {
    let Some(plan) = as_plan(draft, 0, chat) else {
        return Ok(());
    };
    let event = Event {
        id: 0,
        plan,
        status: EventStatus::Draft,
        checkin_code: String::new(),
        published_at: None,
    };
    let region = regions::of(pool, event.plan.region_iso.as_deref()).await?;
    let card = event_card::card_text(
        locales,
        lang,
        now,
        &event,
        region.as_ref(),
        Counts::default(),
        None,
        None,
    );
    let text = format!("{}\n\n{card}", locales.text(lang, "event-preview"));
    bot.send_message(chat, text)
        .reply_markup(InlineKeyboardMarkup::new([
            vec![button(locales.text(lang, "event-publish"), Callback::NePublish)],
            vec![
                button(locales.text(lang, "event-edit"), Callback::NeEdit),
                button(locales.text(lang, "event-discard"), Callback::NeDiscard),
            ],
        ]))
        .await?;
    Ok(())
}

/// "Unlimited" at the capacity step or "At the start" at the deadline step.
pub async fn shortcut(
    bot: Bot,
    query: CallbackQuery,
    callback: Callback,
    mut draft: EventDraft,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let (field, value, label) = match (callback, draft.step, draft.starts_at) {
        (Callback::NeUnlimited, Some(EventField::Capacity), _) => (
            EventField::Capacity,
            FieldValue::Capacity(None),
            "event-unlimited",
        ),
        (Callback::NeDeadlineAtStart, Some(EventField::Deadline), Some(start)) => (
            EventField::Deadline,
            FieldValue::Time(start),
            "event-deadline-at-start",
        ),
        _ => return stale_choice(&bot, &query, &app.locales, lang).await,
    };
    settle(&bot, &query, &app.locales.text(lang, label)).await?;
    apply(&mut draft, field, value);
    draft.step = next_step(&draft, field);
    advance(&bot, query_chat(&query), &dialogue, &app, lang, draft).await
}

/// Edit at the preview: which field?
pub async fn edit(
    bot: Bot,
    query: CallbackQuery,
    draft: EventDraft,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    if draft.step.is_some() {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    answer(bot.answer_callback_query(query.id.clone())).await?;
    bot.send_message(query_chat(&query), app.locales.text(lang, "event-edit-which"))
        .reply_markup(field_keyboard(&app.locales, lang, Callback::NeField))
        .await?;
    Ok(())
}

pub async fn field_chosen(
    bot: Bot,
    query: CallbackQuery,
    field: EventField,
    mut draft: EventDraft,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    if !draft.previewed {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    settle(&bot, &query, &app.locales.text(lang, field_label(field))).await?;
    draft.step = Some(field);
    dialogue.update(State::NewEvent { draft }).await?;
    ask_field(&bot, query_chat(&query), &app.locales, lang, field).await
}

pub async fn discard(
    bot: Bot,
    query: CallbackQuery,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    settle(&bot, &query, &app.locales.text(caller.lang, "event-discard")).await?;
    dialogue.exit().await?;
    bot.send_message(
        query_chat(&query),
        app.locales.text(caller.lang, "event-discarded"),
    )
    .await?;
    Ok(())
}

/// Publish: checked again (role, times still ahead), stored with its reminders and
/// announcement in one transaction; the organiser gets the check-in QR code.
pub async fn publish(
    bot: Bot,
    query: CallbackQuery,
    draft: EventDraft,
    caller: Caller,
    dialogue: BotDialogue,
    me: Me,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let chat = query_chat(&query);
    let allowed = allows(
        caller.staff.as_ref(),
        Action::ManageEvents {
            region: draft.region_iso.as_deref(),
        },
    );
    let Some(plan) = as_plan(&draft, caller.user_id(), chat).filter(|_| allowed && draft.step.is_none())
    else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    // Time passed while the organiser composed: a start or deadline now past is asked again.
    let now = app.clock.unix();
    let expired = if plan.starts_at <= now {
        Some(EventField::Start)
    } else if plan.deadline_at <= now {
        Some(EventField::Deadline)
    } else {
        None
    };
    if let Some(field) = expired {
        answer(bot.answer_callback_query(query.id.clone())).await?;
        bot.send_message(chat, app.locales.text(lang, "event-error-past"))
            .await?;
        let draft = EventDraft {
            step: Some(field),
            ..draft
        };
        dialogue.update(State::NewEvent { draft }).await?;
        return ask_field(&bot, chat, &app.locales, lang, field).await;
    }
    // The state goes first: a second press of Publish finds no draft and publishes nothing.
    dialogue.exit().await?;
    settle(&bot, &query, &app.locales.text(lang, "event-publish")).await?;
    let region = regions::of(&app.db, plan.region_iso.as_deref()).await?;
    let (event, queued) = events::publish(&app.db, &plan, app.clock.ms(), |event| {
        event_card::announcement(&app.locales, now, event, region.as_ref(), lang)
    })
    .await?;
    app.bell.ring();
    audit_event(
        &app,
        &caller,
        AuditAction::EventPublished,
        &event,
        serde_json::json!({ "event_id": event.id, "title": event.plan.title }),
    )
    .await?;
    bot.send_message(
        chat,
        app.locales.text_with(
            lang,
            "event-published",
            &[("id", event.id.into()), ("count", (queued as i64).into())],
        ),
    )
    .await?;
    send_checkin_qr(&bot, chat, &app.locales, lang, &event, &me, now).await
}
