//! A broadcast once sent: cancelling it, its report, the CSV of whom it did not reach,
//! `/broadcasts`, and members' "Seen it".

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, InputFile};

use crate::bot::callback::Callback;
use crate::bot::handlers::{answer, query_chat, stale_choice};
use crate::bot::keyboards::button;
use crate::bot::{App, Caller, HandlerResult};
use crate::db::audit::AuditAction;
use crate::db::broadcasts;
use crate::db::{audit, deliveries, wings};
use crate::delivery::progress::progress_text;
use crate::domain::audience::Audience;
use crate::domain::role::Role;
use crate::domain::status::BroadcastStatus;
use crate::exports;
use crate::telegram::Bot;

use super::may_send_to;
use crate::bot::handlers::event_staff::managed_event;

/// Whether the caller may see or stop this broadcast: an admin, or its sender while their
/// current role still lets them send to its audience (a sender demoted, or moved to another
/// region, loses its report and its list of whom it did not reach).
async fn owns(pool: &SqlitePool, caller: &Caller, broadcast: &broadcasts::Broadcast) -> anyhow::Result<bool> {
    let staff = caller.staff.as_ref();
    if staff.is_some_and(|s| s.role == Role::Admin) {
        return Ok(true);
    }
    if broadcast.created_by != Some(caller.user_id()) {
        return Ok(false);
    }
    let Ok(audience) = serde_json::from_str::<Audience>(&broadcast.audience) else {
        return Ok(false);
    };
    if let Audience::Event { event_id, .. } = audience {
        // A message to an event's people: its sender while they still manage the event.
        return Ok(managed_event(pool, caller, event_id).await?.is_some());
    }
    let wing_region = match &audience {
        // A wing archived since still names its region.
        Audience::Wing { wing_id } => wings::find(pool, *wing_id).await?.map(|w| w.region_iso),
        _ => None,
    };
    Ok(may_send_to(staff, &audience, wing_region.as_deref()))
}

/// A button naming a broadcast: the broadcast, if the caller [`owns`] it.
async fn owned_broadcast(
    pool: &SqlitePool,
    caller: &Caller,
    broadcast_id: i64,
) -> anyhow::Result<Option<broadcasts::Broadcast>> {
    Ok(match broadcasts::find(pool, broadcast_id).await? {
        Some(broadcast) if owns(pool, caller, &broadcast).await? => Some(broadcast),
        _ => None,
    })
}

pub async fn cancel(
    bot: Bot,
    query: CallbackQuery,
    broadcast_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(broadcast) = owned_broadcast(&app.db, &caller, broadcast_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    if !broadcasts::cancel(&app.db, broadcast.id)
        .await
        .context("cancelling the broadcast")?
    {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    let stopped = deliveries::cancel_broadcast(&app.db, broadcast.id, app.clock.unix())
        .await
        .context("withdrawing the broadcast's messages")?;
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(
                app.locales
                    .text_with(lang, "broadcast-cancelled", &[("count", (stopped as i64).into())]),
            ),
    )
    .await?;
    Ok(())
}

/// The CSV of members and groups a broadcast did not reach; an export of personal data, so
/// it is audit-logged.
pub async fn unreached_csv(
    bot: Bot,
    query: CallbackQuery,
    broadcast_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(broadcast) = owned_broadcast(&app.db, &caller, broadcast_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let rows = broadcasts::unreached(&app.db, broadcast.id)
        .await
        .context("reading who was not reached")?;
    let count = rows.len();
    let (bytes, _) = exports::csv_off_thread(
        &app.locales,
        lang,
        &[
            "csv-member-id",
            "csv-full-name",
            "csv-region",
            "csv-wing",
            "csv-chat",
            "csv-status",
            "csv-reason",
        ],
        rows.into_iter().map(|row| {
            vec![
                row.member_id.into(),
                row.full_name.into(),
                row.region_iso.into(),
                row.wing.into(),
                // A group's chat id is a negative number the bot keeps, not text.
                row.is_group.then_some(row.chat_id).into(),
                row.status.as_str().into(),
                row.reason.into(),
            ]
        }),
    )
    .await?;
    let now = app.clock.unix();
    let mut conn = app.db.acquire().await?;
    let details =
        serde_json::json!({ "what": "broadcast not reached", "broadcast_id": broadcast.id, "rows": count });
    audit::Entry::new(AuditAction::DataExported, now)
        .by(Some(caller.user_id()))
        .details(&details)
        .record(&mut conn)
        .await?;
    bot.send_document(
        query_chat(&query),
        InputFile::memory(bytes).file_name(format!("broadcast-{}-not-reached.csv", broadcast.id)),
    )
    .await
    .context("sending the unreached list")?;
    Ok(())
}

/// A broadcast's report as it stands now, "Seen it" presses included.
pub async fn report(
    bot: Bot,
    query: CallbackQuery,
    broadcast_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let Some(broadcast) = owned_broadcast(&app.db, &caller, broadcast_id).await? else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let figures = broadcasts::figures(&app.db, broadcast.id)
        .await
        .context("reading the broadcast's figures")?;
    // The report speaks the asker's language, whoever sent the broadcast.
    let broadcast = broadcasts::Broadcast {
        lang: caller.lang,
        ..broadcast
    };
    let text = if figures.is_finished() {
        crate::delivery::progress::report_text(&app.locales, &app.db, &broadcast, &figures).await?
    } else {
        progress_text(&app.locales, &broadcast, &figures)
    };
    bot.send_message(query_chat(&query), text).await?;
    Ok(())
}

/// `/broadcasts`: the latest ones with their figures; running ones can be cancelled.
pub async fn list(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    let Some(staff) = &caller.staff else {
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    };
    if staff.role < Role::Coordinator {
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    }
    let created_by = (staff.role != Role::Admin).then(|| caller.user_id());
    let mut recent = Vec::new();
    for broadcast in broadcasts::recent(&app.db, created_by, 10)
        .await
        .context("reading the recent broadcasts")?
    {
        if owns(&app.db, &caller, &broadcast).await? {
            recent.push(broadcast);
        }
    }
    if recent.is_empty() {
        bot.send_message(msg.chat.id, app.locales.text(lang, "broadcasts-none"))
            .await?;
        return Ok(());
    }
    let ids: Vec<i64> = recent.iter().map(|b| b.id).collect();
    let mut all_figures = broadcasts::overall_figures(&app.db, &ids)
        .await
        .context("reading the broadcasts' figures")?;
    let mut text = app.locales.text(lang, "broadcasts-title");
    let mut rows = Vec::new();
    for broadcast in &recent {
        let figures = all_figures.remove(&broadcast.id).unwrap_or_default();
        let status_key = match broadcast.status {
            BroadcastStatus::Sending => "broadcasts-status-sending",
            BroadcastStatus::Cancelled => "broadcasts-status-cancelled",
            BroadcastStatus::Done => "broadcasts-status-done",
        };
        text.push('\n');
        text.push_str(&app.locales.text_with(
            lang,
            "broadcasts-line",
            &[
                ("id", broadcast.id.into()),
                ("date", app.locales.date(lang, broadcast.created_at).into()),
                ("status", app.locales.text(lang, status_key).into()),
                ("delivered", figures.delivered.into()),
                ("total", broadcast.total.into()),
                ("blocked", figures.blocked.into()),
                ("failed", figures.failed.into()),
            ],
        ));
        let mut row = vec![button(
            app.locales
                .text_with(lang, "broadcasts-report-one", &[("id", broadcast.id.into())]),
            Callback::BroadcastReport(broadcast.id),
        )];
        if broadcast.status == BroadcastStatus::Sending {
            row.push(button(
                app.locales
                    .text_with(lang, "broadcasts-cancel-one", &[("id", broadcast.id.into())]),
                Callback::BroadcastCancel(broadcast.id),
            ));
        }
        rows.push(row);
    }
    bot.send_message(msg.chat.id, text)
        .reply_markup(InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// "Seen it": counted once per member, only for members the broadcast reached.
pub async fn seen_it(
    bot: Bot,
    query: CallbackQuery,
    broadcast_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(member) = &caller.member else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    let acknowledged = broadcasts::acknowledge(&app.db, broadcast_id, member.id, app.clock.unix())
        .await
        .context("noting the acknowledgement")?;
    if acknowledged == broadcasts::Acknowledged::NotARecipient {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(app.locales.text(lang, "broadcast-seen-thanks")),
    )
    .await?;
    Ok(())
}
