//! `/attendance`: who came, one toggle button per volunteer; and the check-in QR code members
//! scan at the venue to mark themselves.

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Me};

use crate::bot::callback::Callback;
use crate::bot::commands::StartPayload;
use crate::bot::event_card;
use crate::bot::handlers::{answer, query_chat, redraw, stale_choice};
use crate::bot::keyboards::{button, page_row};
use crate::bot::{App, Caller, HandlerResult};
use crate::db::events::Event;
use crate::db::signups;
use crate::domain::event as rules;
use crate::domain::status::{EventStatus, SignupStatus};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::{managed_event, pages};

/// Toggle buttons of `/attendance` per page.
const ATTENDANCE_PAGE: i64 = 10;

/// A page of `/attendance`: one toggle button per volunteer (✅ present, ⬜ not yet).
pub(super) async fn attendance_page(
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
            ("title", event.plan.title.as_str().into()),
            (
                "when",
                locales
                    .when(lang, now, event.plan.starts_at, event.plan.ends_at)
                    .into(),
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
    send_checkin_qr(
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

/// The check-in QR code and code, for the organiser to show at the venue.
pub async fn send_checkin_qr(
    bot: &Bot,
    chat: ChatId,
    locales: &Locales,
    lang: Lang,
    event: &Event,
    me: &Me,
    now: i64,
) -> HandlerResult {
    let payload = StartPayload::Checkin(event.checkin_code.clone()).encode();
    let link = format!("https://t.me/{}?start={payload}", me.username());
    // Encoding takes milliseconds of CPU: off the threads that answer people.
    let encoded = link.clone();
    let png = tokio::task::spawn_blocking(move || event_card::qr_png(&encoded))
        .await
        .map_err(anyhow::Error::from)??;
    let caption = locales.text_with(
        lang,
        "event-checkin-qr",
        &[
            ("title", event.plan.title.as_str().into()),
            ("code", event.checkin_code.as_str().into()),
            ("link", link.into()),
            (
                "opens",
                locales
                    .moment(
                        lang,
                        now,
                        event.plan.starts_at - rules::CHECKIN_OPENS_BEFORE.num_seconds(),
                    )
                    .into(),
            ),
        ],
    );
    bot.send_photo(
        chat,
        InputFile::memory(png).file_name(format!("checkin-{}.png", event.id)),
    )
    .caption(caption)
    .await
    .context("sending the check-in QR code")?;
    Ok(())
}
