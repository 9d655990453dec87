//! The weekly digest: every Monday at 09:00 Almaty time each coordinator gets a short summary
//! of their region and each admin of the country, through the delivery queue, in their
//! language, followed by the chart of the week. A digest is queued together with its Monday's row (`db::digest`), so a restart
//! neither repeats nor loses it, and after days down only the latest Monday's is sent.
//!
//! ```text
//! bot: 📬 Weekly digest — Almaty, 30.11.2026–06.12.2026
//!      New members: 12 (week before: 9)
//!      Events held: 3 (week before: 4) · attendance rate 81% (week before: 75%)
//!      Upcoming events under half full: • Tree planting, 12.12.2026 10:00 — 4 of 30
//!      [Tree planting] [🔕 Turn the digest off]
//! ```

use std::collections::HashMap;

use base64::Engine;
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Almaty;

use crate::charts::{self, ChartKind};
use crate::db::deliveries::{Button, NewDelivery, Payload};
use crate::db::{Db, digest, regions};
use crate::domain::period::Period;
use crate::domain::status::DeliveryKind;
use crate::i18n::{Lang, Locales};
use crate::telegram::callback::{Callback, EventTool};

use super::QueueBell;

/// How far ahead the digest looks for events under half full.
const UPCOMING: Duration = Duration::days(14);
/// A wing with no new member and no attendance for this long is called quiet.
const QUIET_FOR: Duration = Duration::days(60);
/// At most this many events (each with its button) and quiet wings by name.
const LISTED: i64 = 5;

/// The latest Monday 09:00 Almaty time at or before `now`.
pub fn due_at(now: DateTime<Utc>) -> DateTime<Utc> {
    let local = now.with_timezone(&Almaty);
    let monday = local.date_naive() - Duration::days(local.weekday().num_days_from_monday().into());
    let nine = NaiveTime::from_hms_opt(9, 0, 0).expect("09:00 exists");
    let this_week = Almaty
        .from_local_datetime(&monday.and_time(nine))
        .single()
        .expect("Almaty has no daylight saving time")
        .with_timezone(&Utc);
    if this_week <= now {
        this_week
    } else {
        this_week - Duration::weeks(1)
    }
}

/// Queues the digest of the latest Monday unless it was queued; returns how many were queued.
///
/// `started`: the latest Monday when the scheduler started. A database that never queued a
/// digest gets its first on the Monday after that, not at the first start.
pub async fn pass(
    pool: &Db,
    locales: &Locales,
    now: DateTime<Utc>,
    started: DateTime<Utc>,
    bell: &QueueBell,
) -> anyhow::Result<u64> {
    let due = due_at(now);
    let last = digest::last_claimed(pool).await?;
    if due.timestamp() <= last.unwrap_or(started.timestamp()) {
        return Ok(0);
    }
    let mut messages = Vec::new();
    // One chart per scope and language, however many people share them.
    let mut charts: HashMap<(Option<String>, Lang), Payload> = HashMap::new();
    for recipient in digest::recipients(pool).await? {
        let region = recipient.region_iso.as_deref();
        let text = compose(pool, locales, recipient.lang, region, due, now).await?;
        let key = (recipient.region_iso.clone(), recipient.lang);
        let chart = match charts.get(&key) {
            Some(chart) => chart.clone(),
            None => {
                let chart = chart_of_the_week(pool, locales, recipient.lang, region, now).await?;
                charts.insert(key, chart.clone());
                chart
            }
        };
        for payload in [text, chart] {
            messages.push(NewDelivery {
                kind: DeliveryKind::Digest,
                broadcast_id: None,
                member_id: None,
                chat_id: recipient.chat_id,
                is_group: false,
                payload,
                priority: 0,
            });
        }
    }
    if !digest::queue(pool, due.timestamp(), &messages, now.timestamp_millis()).await? {
        return Ok(0);
    }
    let queued = messages.len() as u64 / 2;
    if queued > 0 {
        tracing::info!(queued, due = %due, "weekly digests queued");
        bell.ring();
    }
    Ok(queued)
}

/// The digest of a scope for the week before Monday `due`, in one language, with its buttons.
async fn compose(
    pool: &Db,
    locales: &Locales,
    lang: Lang,
    region: Option<&str>,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<Payload> {
    let (to, week) = (due.timestamp(), Duration::weeks(1).num_seconds());
    let this = digest::week(pool, region, to - week, to).await?;
    let before = digest::week(pool, region, to - 2 * week, to - week).await?;
    let scope = match regions::of(pool, region).await? {
        Some(region) => region.name(lang).to_owned(),
        None => locales.text(lang, "digest-country"),
    };
    let percent = |week: &digest::Week| {
        week.attendance_percent().map_or_else(
            || "—".to_owned(),
            |p| locales.text_with(lang, "stats-percent", &[("percent", p.into())]),
        )
    };
    let mut lines = vec![
        locales.text_with(
            lang,
            "digest-title",
            &[
                ("scope", scope.into()),
                ("from", locales.date(lang, to - week).into()),
                (
                    "to",
                    locales.date(lang, to - Duration::days(1).num_seconds()).into(),
                ),
            ],
        ),
        String::new(),
        locales.text_with(
            lang,
            "digest-members-new",
            &[
                ("count", (this.members_new).into()),
                ("before", (before.members_new).into()),
            ],
        ),
        locales.text_with(
            lang,
            "digest-events-held",
            &[
                ("count", (this.events_held).into()),
                ("before", (before.events_held).into()),
            ],
        ),
        locales.text_with(
            lang,
            "digest-attendance",
            &[
                ("rate", percent(&this).into()),
                ("before", percent(&before).into()),
            ],
        ),
        String::new(),
    ];
    let now_s = now.timestamp();
    let half_empty = digest::half_empty(pool, region, now_s, now_s + UPCOMING.num_seconds(), LISTED).await?;
    let mut buttons = Vec::new();
    if half_empty.is_empty() {
        lines.push(locales.text(lang, "digest-half-empty-none"));
    } else {
        lines.push(locales.text(lang, "digest-half-empty"));
        for event in &half_empty {
            lines.push(locales.text_with(
                lang,
                "digest-half-empty-event",
                &[
                    ("title", event.title.clone().into()),
                    (
                        "time",
                        locales.moment(lang, now.timestamp(), event.starts_at).into(),
                    ),
                    ("taken", event.taken.into()),
                    ("capacity", event.capacity.into()),
                ],
            ));
            buttons.push(Button {
                label: event.title.chars().take(40).collect(),
                callback_data: Callback::Pick(EventTool::Volunteers, event.id).encode(),
            });
        }
    }
    lines.push(String::new());
    let (quiet, total) = digest::quiet_wings(pool, region, now_s - QUIET_FOR.num_seconds(), LISTED).await?;
    if quiet.is_empty() {
        lines.push(locales.text(lang, "digest-quiet-wings-none"));
    } else {
        let mut names = quiet.join(", ");
        if total > quiet.len() as i64 {
            let more = locales.text_with(
                lang,
                "digest-quiet-wings-more",
                &[("count", (total - quiet.len() as i64).into())],
            );
            names = format!("{names} {more}");
        }
        lines.push(locales.text_with(
            lang,
            "digest-quiet-wings",
            &[("count", (total).into()), ("names", names.into())],
        ));
    }
    buttons.push(Button {
        label: locales.text(lang, "digest-turn-off"),
        callback_data: Callback::DigestOff.encode(),
    });
    Ok(Payload::Text {
        text: lines.join("\n"),
        buttons,
    })
}

/// The chart of the week: new members and attendances week by week over the last 90 days, so
/// the week just ended shows against the ones before.
async fn chart_of_the_week(
    pool: &Db,
    locales: &Locales,
    lang: Lang,
    region: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<Payload> {
    let (caption, drawing) = charts::figures(
        pool,
        locales,
        lang,
        region,
        ChartKind::Weekly,
        Period::Days90,
        now,
    )
    .await?;
    let png = charts::draw(caption.clone(), drawing, lang).await?;
    Ok(Payload::Photo {
        png_base64: base64::engine::general_purpose::STANDARD.encode(png),
        caption,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_due_at_the_latest_monday_nine_in_almaty() {
        // Monday 7 December 2026, 09:00 in Almaty is 04:00 UTC.
        let monday_nine = Utc.with_ymd_and_hms(2026, 12, 7, 4, 0, 0).unwrap();
        assert_eq!(due_at(monday_nine), monday_nine);
        assert_eq!(due_at(monday_nine + Duration::days(3)), monday_nine);
        assert_eq!(
            due_at(monday_nine - Duration::minutes(1)),
            monday_nine - Duration::weeks(1)
        );
        assert_eq!(
            due_at(monday_nine + Duration::weeks(3)),
            monday_nine + Duration::weeks(3)
        );
    }
}
