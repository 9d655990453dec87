//! `/volunteers`: an event's sign-ups page by page, and all of them as a CSV file.

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, InputFile};

use crate::bot::callback::{Callback, EventTool};
use crate::bot::handlers::audit::audit_event;
use crate::bot::handlers::{answer, query_chat, redraw, stale_choice};
use crate::bot::keyboards::{button, page_row};
use crate::bot::{App, Caller, HandlerResult};
use crate::db::audit::AuditAction;
use crate::db::events::Event;
use crate::db::reminders;
use crate::db::signups::{self, VolunteerRow};
use crate::delivery::progress::fit_message;
use crate::domain::event::format_time;
use crate::domain::status::{EventStatus, SignupStatus};
use crate::exports::{self, Cell};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::{managed_event, pages};

/// Lines of `/volunteers` per page: at most 100-character names, so a page stays far below
/// Telegram's 4,096 characters.
const VOLUNTEERS_PAGE: i64 = 15;

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

/// A page of `/volunteers`: status, "Still coming?" answer and attendance, with page arrows,
/// the CSV and the QR code.
pub(super) async fn volunteers_page(
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
    let capacity = event
        .plan
        .capacity
        .map_or_else(|| "∞".to_owned(), |c| c.to_string());
    let mut text = locales.text_with(
        lang,
        "volunteers-title",
        &[
            ("id", event.id.into()),
            ("title", event.plan.title.as_str().into()),
            (
                "when",
                locales
                    .when(lang, now, event.plan.starts_at, event.plan.ends_at)
                    .into(),
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
    if matches!(event.status, EventStatus::Published | EventStatus::Finished) {
        keyboard.push(vec![button(
            locales.text(lang, "volunteers-message"),
            Callback::Pick(EventTool::Message, event.id),
        )]);
    }
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
    let (bytes, _) = exports::csv_off_thread(
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
        rows.into_iter().enumerate().map(|(n, row)| {
            vec![
                (n as i64 + 1).into(),
                row.full_name.into(),
                row.username.into(),
                row.phone.into(),
                row.status.as_str().into(),
                row.position.into(),
                row.still_coming.map_or(Cell::from(""), Cell::yes_no),
                Cell::yes_no(row.attended),
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
