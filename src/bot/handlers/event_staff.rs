//! Managing a published event: `/editevent`, `/cancelevent`, `/volunteers` (with CSV),
//! `/attendance` (toggle buttons), and the check-in QR code.
//!
//! Each command takes the event's number (`/volunteers 12`); without one it offers the events
//! the organiser manages as buttons. Every press is checked against the stored role.

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Me};

use crate::bot::callback::{Callback, EventField, EventTool};
use crate::bot::event_card::{self, Counts};
use crate::bot::keyboards::{button, page_row};
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State};
use crate::db::audit::AuditAction;
use crate::db::event_changes::{self, Change};
use crate::db::events::{self, Event};
use crate::db::signups::{self, VolunteerRow};
use crate::db::{audit, regions, reminders};
use crate::delivery::progress::fit_message;
use crate::domain::event::format_time;
use crate::domain::status::{EventStatus, SignupStatus};
use crate::exports;
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::new_event::{self, FieldValue, ask_field, field_label, parse_field};
use super::{answer, query_chat, redraw, settle, stale_choice};

/// Lines of `/volunteers` per page: at most 100-character names, so a page stays far below
/// Telegram's 4,096 characters.
const VOLUNTEERS_PAGE: i64 = 15;
/// Toggle buttons of `/attendance` per page.
const ATTENDANCE_PAGE: i64 = 10;

/// The event a command names, if the caller manages it. Without a number, the events they
/// manage are offered as buttons and `None` is returned.
async fn named_event(
    bot: &Bot,
    chat: ChatId,
    args: &str,
    tool: EventTool,
    caller: &Caller,
    app: &App,
) -> anyhow::Result<Option<Event>> {
    let now = app.clock.unix();
    let lang = caller.lang;
    let Some(staff) = &caller.staff else {
        bot.send_message(chat, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(None);
    };
    let args = args.trim().trim_start_matches('#');
    if args.is_empty() {
        let managed = events::managed_recent(&app.db, staff, now, 10)
            .await
            .context("reading the events they manage")?;
        if managed.is_empty() {
            bot.send_message(chat, app.locales.text(lang, "event-none-to-manage"))
                .await?;
            return Ok(None);
        }
        let rows: Vec<Vec<InlineKeyboardButton>> = managed
            .iter()
            .map(|event| {
                let label = format!(
                    "#{} {} · {}",
                    event.id,
                    event.title,
                    app.locales.moment(lang, now, event.starts_at)
                );
                vec![button(
                    label.chars().take(60).collect::<String>(),
                    Callback::Pick(tool, event.id),
                )]
            })
            .collect();
        bot.send_message(chat, app.locales.text(lang, "event-pick"))
            .reply_markup(InlineKeyboardMarkup::new(rows))
            .await?;
        return Ok(None);
    }
    let event = match args.parse::<i64>() {
        Ok(id) => events::find(&app.db, id).await.context("reading the event")?,
        Err(_) => None,
    };
    match event.filter(|e| e.managed_by(caller.staff.as_ref())) {
        Some(event) => Ok(Some(event)),
        None => {
            // The same answer for "no such event" and "not yours": nothing leaks.
            bot.send_message(chat, app.locales.text(lang, "event-not-found"))
                .await?;
            Ok(None)
        }
    }
}

/// Writes what was done to an event, and by whom, to the audit log.
pub(super) async fn audit_event(
    app: &App,
    caller: &Caller,
    action: AuditAction,
    event: &Event,
    details: serde_json::Value,
) -> anyhow::Result<()> {
    let mut conn = app.db.acquire().await?;
    let region = event.region_iso.as_deref();
    audit::Entry::new(action, app.clock.unix())
        .by(Some(caller.user_id()))
        .region(region)
        .details(&details)
        .record(&mut conn)
        .await?;
    Ok(())
}

/// A button naming an event: the event, if the caller manages it.
async fn managed_event(pool: &SqlitePool, caller: &Caller, event_id: i64) -> anyhow::Result<Option<Event>> {
    Ok(events::find(pool, event_id)
        .await
        .context("reading the event")?
        .filter(|e| e.managed_by(caller.staff.as_ref())))
}

async fn open_tool(
    bot: &Bot,
    chat: ChatId,
    tool: EventTool,
    event: &Event,
    caller: &Caller,
    app: &App,
) -> HandlerResult {
    let now = app.clock.unix();
    let lang = caller.lang;
    match tool {
        EventTool::Edit => {
            if event.status != EventStatus::Published {
                bot.send_message(chat, app.locales.text(lang, "event-not-editable"))
                    .await?;
                return Ok(());
            }
            bot.send_message(
                chat,
                app.locales.text_with(
                    lang,
                    "event-edit-which-of",
                    &[("title", event.title.as_str().into())],
                ),
            )
            .reply_markup(new_event::field_keyboard(&app.locales, lang, |field| {
                Callback::EditField(event.id, field)
            }))
            .await?;
        }
        EventTool::Cancel => {
            if event.status != EventStatus::Published {
                bot.send_message(chat, app.locales.text(lang, "event-not-editable"))
                    .await?;
                return Ok(());
            }
            bot.send_message(
                chat,
                app.locales.text_with(
                    lang,
                    "event-cancel-confirm",
                    &[
                        ("title", event.title.as_str().into()),
                        (
                            "when",
                            app.locales.when(lang, now, event.starts_at, event.ends_at).into(),
                        ),
                    ],
                ),
            )
            .reply_markup(InlineKeyboardMarkup::new([[button(
                app.locales.text(lang, "event-cancel-yes"),
                Callback::CancelEventConfirmed(event.id),
            )]]))
            .await?;
        }
        EventTool::Volunteers => {
            let (text, markup) = volunteers_page(&app.db, &app.locales, lang, event, 1, now).await?;
            bot.send_message(chat, text).reply_markup(markup).await?;
        }
        EventTool::Attendance => {
            let (text, markup) = attendance_page(&app.db, &app.locales, lang, event, 1, now).await?;
            bot.send_message(chat, text).reply_markup(markup).await?;
        }
    }
    Ok(())
}

macro_rules! tool_command {
    ($name:ident, $tool:expr, $doc:literal) => {
        #[doc = $doc]
        pub async fn $name(bot: Bot, msg: Message, args: String, caller: Caller, app: App) -> HandlerResult {
            let chat = msg.chat.id;
            if let Some(event) = named_event(&bot, chat, &args, $tool, &caller, &app).await? {
                open_tool(&bot, chat, $tool, &event, &caller, &app).await?;
            }
            Ok(())
        }
    };
}

tool_command!(
    edit_command,
    EventTool::Edit,
    "`/editevent <event>`: which field to change."
);
tool_command!(
    cancel_command,
    EventTool::Cancel,
    "`/cancelevent <event>`: asks to confirm."
);
tool_command!(
    volunteers_command,
    EventTool::Volunteers,
    "`/volunteers <event>`: the list, page 1."
);
tool_command!(
    attendance_command,
    EventTool::Attendance,
    "`/attendance <event>`: toggles, page 1."
);

/// An event picked from the buttons of a command given without a number.
pub async fn picked(
    bot: Bot,
    query: CallbackQuery,
    (tool, event_id): (EventTool, i64),
    caller: Caller,
    app: App,
) -> HandlerResult {
    let Some(event) = managed_event(&app.db, &caller, event_id).await? else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let chat = query_chat(&query);
    open_tool(&bot, chat, tool, &event, &caller, &app).await
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
    let Some(event) = managed_event(&app.db, &caller, event_id)
        .await?
        .filter(|e| e.status == EventStatus::Published)
    else {
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
    let Some(event) = managed_event(&app.db, &caller, event_id)
        .await?
        .filter(|e| e.status == EventStatus::Published)
    else {
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
        Some(event.starts_at),
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
    let Some(event) = managed_event(&app.db, &caller, event_id)
        .await?
        .filter(|e| e.status == EventStatus::Published)
    else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    let (change, label) = match (callback, field) {
        (Callback::NeUnlimited, EventField::Capacity) => (Change::Capacity(None), "event-unlimited"),
        (Callback::NeDeadlineAtStart, EventField::Deadline) => {
            (Change::Deadline(event.starts_at), "event-deadline-at-start")
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
        Change::Place(place) => changed.place = place.clone(),
        Change::Time { starts_at, ends_at } => {
            changed.starts_at = *starts_at;
            changed.ends_at = *ends_at;
        }
        Change::End(end) => changed.ends_at = *end,
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
    let region = regions::of(&app.db, event.region_iso.as_deref())
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
        serde_json::json!({ "event_id": event.id, "title": event.title }),
    )
    .await?;
    bot.send_message(
        query_chat(&query),
        app.locales.text_with(
            lang,
            "event-cancelled-done",
            &[
                ("title", event.title.as_str().into()),
                ("count", (told as i64).into()),
            ],
        ),
    )
    .await?;
    Ok(())
}

fn status_text(locales: &Locales, lang: Lang, row: &VolunteerRow, asked: bool) -> String {
    let mut parts = vec![match row.status {
        SignupStatus::Confirmed => locales.text(lang, "volunteers-confirmed"),
        SignupStatus::Waiting => locales.text_with(
            lang,
            "volunteers-waiting",
            &[("position", row.position.unwrap_or(0).into())],
        ),
        SignupStatus::Cancelled => locales.text(lang, "volunteers-cancelled"),
    }];
    if row.status == SignupStatus::Confirmed && asked {
        parts.push(match row.still_coming {
            Some(true) => locales.text(lang, "volunteers-coming"),
            _ => locales.text(lang, "volunteers-no-answer"),
        });
    }
    if row.attended {
        parts.push(locales.text(lang, "volunteers-present"));
    }
    parts.join(" · ")
}

fn pages(count: i64, per_page: i64) -> i64 {
    ((count + per_page - 1) / per_page).max(1)
}

/// A page of `/volunteers`: status, "Still coming?" answer and attendance, with page arrows,
/// the CSV and the QR code.
async fn volunteers_page(
    pool: &SqlitePool,
    locales: &Locales,
    lang: Lang,
    event: &Event,
    page: i64,
    now: i64,
) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let count = signups::volunteer_count(pool, event.id, &SignupStatus::ALL).await?;
    let pages = pages(count, VOLUNTEERS_PAGE);
    let page = page.clamp(1, pages);
    let offset = (page - 1) * VOLUNTEERS_PAGE;
    let rows = signups::volunteers(pool, event.id, &SignupStatus::ALL, offset, VOLUNTEERS_PAGE)
        .await
        .context("reading the volunteers")?;
    let figures = signups::figures(pool, event.id).await?;
    let asked = reminders::asked_still_coming(pool, event.id).await?;
    let capacity = event.capacity.map_or_else(|| "∞".to_owned(), |c| c.to_string());
    let mut text = locales.text_with(
        lang,
        "volunteers-title",
        &[
            ("id", event.id.into()),
            ("title", event.title.as_str().into()),
            (
                "when",
                locales.when(lang, now, event.starts_at, event.ends_at).into(),
            ),
            ("taken", figures.confirmed.into()),
            ("capacity", capacity.into()),
            ("waiting", figures.waiting.into()),
            ("present", figures.present.into()),
        ],
    );
    if asked && figures.unanswered > 0 {
        text.push('\n');
        text.push_str(&locales.text_with(
            lang,
            "volunteers-unanswered",
            &[("count", figures.unanswered.into())],
        ));
    }
    if rows.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locales.text(lang, "volunteers-none"));
    } else {
        text.push('\n');
    }
    for (n, row) in rows.iter().enumerate() {
        let name = row.full_name.clone().unwrap_or_else(|| "—".to_owned());
        let username = row
            .username
            .as_ref()
            .map(|u| format!(" @{u}"))
            .unwrap_or_default();
        text.push_str(&format!(
            "\n{}. {name}{username} — {}",
            offset + n as i64 + 1,
            status_text(locales, lang, row, asked)
        ));
    }
    let mut keyboard = Vec::new();
    if pages > 1 {
        keyboard.push(page_row(page, pages, |p| Callback::VolunteersPage(event.id, p)));
    }
    keyboard.push(vec![
        button(
            locales.text(lang, "volunteers-csv"),
            Callback::VolunteersCsv(event.id),
        ),
        button(locales.text(lang, "event-qr"), Callback::CheckinQr(event.id)),
    ]);
    Ok((fit_message(text), InlineKeyboardMarkup::new(keyboard)))
}

pub async fn volunteers_turn(
    bot: Bot,
    query: CallbackQuery,
    (event_id, page): (i64, i64),
    caller: Caller,
    app: App,
) -> HandlerResult {
    let Some(event) = managed_event(&app.db, &caller, event_id).await? else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let (text, markup) =
        volunteers_page(&app.db, &app.locales, caller.lang, &event, page, app.clock.unix()).await?;
    redraw(&bot, &query, text, markup).await
}

/// The whole list as CSV, waiting list and cancellations included; an export of personal
/// data, so it is audit-logged.
pub async fn volunteers_csv(
    bot: Bot,
    query: CallbackQuery,
    event_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let Some(event) = managed_event(&app.db, &caller, event_id).await? else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let rows = signups::volunteers(&app.db, event.id, &SignupStatus::ALL, 0, i64::MAX)
        .await
        .context("reading the volunteers")?;
    let count = rows.len();
    let header = exports::header(
        &app.locales,
        caller.lang,
        &[
            "csv-row",
            "csv-full-name",
            "csv-username",
            "csv-phone",
            "csv-status",
            "csv-waiting-position",
            "csv-still-coming",
            "csv-attended",
            "csv-signed-up-at",
        ],
    );
    let (bytes, _) = exports::csv_off_thread(
        header,
        rows.into_iter().enumerate().map(|(n, row)| {
            vec![
                (n as i64 + 1).into(),
                row.full_name.into(),
                row.username.into(),
                row.phone.into(),
                row.status.as_str().into(),
                row.position.into(),
                match row.still_coming {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "",
                }
                .into(),
                if row.attended { "yes" } else { "no" }.into(),
                format_time(row.signed_up_at).into(),
            ]
        }),
    )
    .await?;
    audit_event(
        &app,
        &caller,
        AuditAction::DataExported,
        &event,
        serde_json::json!({ "what": "event volunteers", "event_id": event.id, "rows": count }),
    )
    .await?;
    bot.send_document(
        query_chat(&query),
        InputFile::memory(bytes).file_name(format!("event-{}-volunteers.csv", event.id)),
    )
    .await
    .context("sending the volunteers file")?;
    Ok(())
}

/// A page of `/attendance`: one toggle button per volunteer (✅ present, ⬜ not yet).
async fn attendance_page(
    pool: &SqlitePool,
    locales: &Locales,
    lang: Lang,
    event: &Event,
    page: i64,
    now: i64,
) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let count = signups::volunteer_count(pool, event.id, &SignupStatus::SIGNED_UP).await?;
    let pages = pages(count, ATTENDANCE_PAGE);
    let page = page.clamp(1, pages);
    let rows = signups::volunteers(
        pool,
        event.id,
        &SignupStatus::SIGNED_UP,
        (page - 1) * ATTENDANCE_PAGE,
        ATTENDANCE_PAGE,
    )
    .await
    .context("reading the volunteers")?;
    let figures = signups::figures(pool, event.id).await?;
    let mut text = locales.text_with(
        lang,
        "attendance-title",
        &[
            ("title", event.title.as_str().into()),
            (
                "when",
                locales.when(lang, now, event.starts_at, event.ends_at).into(),
            ),
            ("present", figures.present.into()),
            ("total", count.into()),
        ],
    );
    if rows.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locales.text(lang, "volunteers-none"));
    }
    let mut keyboard: Vec<Vec<InlineKeyboardButton>> = rows
        .iter()
        .map(|row| {
            let mark = if row.attended { "✅" } else { "⬜" };
            let waiting = if row.status == SignupStatus::Waiting {
                " ⏳"
            } else {
                ""
            };
            let name: String = row
                .full_name
                .clone()
                .unwrap_or_default()
                .chars()
                .take(40)
                .collect();
            vec![button(
                format!("{mark} {name}{waiting}"),
                Callback::AttendanceToggle(row.signup_id, page),
            )]
        })
        .collect();
    if pages > 1 {
        keyboard.push(page_row(page, pages, |p| Callback::AttendancePage(event.id, p)));
    }
    keyboard.push(vec![button(
        locales.text(lang, "event-qr"),
        Callback::CheckinQr(event.id),
    )]);
    Ok((text, InlineKeyboardMarkup::new(keyboard)))
}

async fn redraw_attendance(
    bot: &Bot,
    query: &CallbackQuery,
    app: &App,
    lang: Lang,
    event: &Event,
    page: i64,
) -> HandlerResult {
    let now = app.clock.unix();
    let (text, markup) = attendance_page(&app.db, &app.locales, lang, event, page, now).await?;
    redraw(bot, query, text, markup).await
}

pub async fn attendance_turn(
    bot: Bot,
    query: CallbackQuery,
    (event_id, page): (i64, i64),
    caller: Caller,
    app: App,
) -> HandlerResult {
    let Some(event) = managed_event(&app.db, &caller, event_id).await? else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    redraw_attendance(&bot, &query, &app, caller.lang, &event, page).await
}

/// Present / not present for one volunteer; the sign-up's event must be the caller's.
pub async fn attendance_toggle(
    bot: Bot,
    query: CallbackQuery,
    (signup_id, page): (i64, i64),
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let event = match signups::find_by_id(&app.db, signup_id)
        .await
        .context("reading the sign-up")?
    {
        Some(signup) => managed_event(&app.db, &caller, signup.event_id).await?,
        None => None,
    };
    let Some(event) = event.filter(|e| e.status != EventStatus::Cancelled) else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    let Some(present) = signups::toggle_attendance(&app.db, signup_id, app.clock.unix()).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    let key = if present {
        "attendance-marked"
    } else {
        "attendance-unmarked"
    };
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(app.locales.text(lang, key)),
    )
    .await?;
    redraw_attendance(&bot, &query, &app, lang, &event, page).await
}

/// The check-in QR code again.
pub async fn qr(
    bot: Bot,
    query: CallbackQuery,
    event_id: i64,
    caller: Caller,
    me: Me,
    app: App,
) -> HandlerResult {
    let Some(event) = managed_event(&app.db, &caller, event_id).await? else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let chat = query_chat(&query);
    new_event::send_checkin_qr(
        &bot,
        chat,
        &app.locales,
        caller.lang,
        &event,
        &me,
        app.clock.unix(),
    )
    .await
}
