//! After an event: the thank-you to each volunteer marked present, their rating (1 to 5 stars
//! and an optional comment, one answer per event and member), and the figures staff see.

use sqlx::SqlitePool;

use super::deliveries::Payload;
use super::events::{COLUMNS, Event};
use crate::domain::rating::{self, OPEN_FOR_SECONDS, Stars};
use crate::i18n::PerLang;

/// Finished events still open for rating with a volunteer marked present not thanked yet (a
/// late mark by the organiser is thanked at the next pass).
pub async fn to_thank(pool: &SqlitePool, now: i64) -> sqlx::Result<Vec<Event>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events
         WHERE status = 'finished' AND ends_at > ?1 - ?2
           AND EXISTS (SELECT 1 FROM signups s WHERE s.event_id = events.id AND s.attended = 1
                           AND s.status != 'cancelled' AND s.thanked_at IS NULL)
         ORDER BY ends_at"
    )))
    .bind(now)
    .bind(OPEN_FOR_SECONDS)
    .fetch_all(pool)
    .await
}

/// Queues the thank-you, in each volunteer's language, for those marked present and not thanked
/// yet, and marks them thanked, in one transaction: a second pass, or a restart, finds nobody
/// left to thank. Returns how many were queued.
pub async fn queue_thanks(
    pool: &SqlitePool,
    event_id: i64,
    payloads: &PerLang<Payload>,
    now_ms: i64,
) -> sqlx::Result<u64> {
    const UNTHANKED: &str =
        "s.event_id = ?1 AND s.attended = 1 AND s.status != 'cancelled' AND s.thanked_at IS NULL";
    let PerLang { kk, ru, en } = payloads
        .as_ref()
        .map(|p| serde_json::to_string(p).expect("payloads serialise"));
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let queued = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO deliveries (kind, member_id, chat_id, is_group, payload, priority, next_attempt_ms, updated_at)
         SELECT 'event', m.id, m.chat_id, 0, CASE m.lang WHEN 'kk' THEN ?2 WHEN 'ru' THEN ?3 ELSE ?4 END, 1, ?5, ?6
         FROM signups s JOIN members m ON m.id = s.member_id
         WHERE {UNTHANKED} AND m.status = 'active' AND m.chat_id IS NOT NULL
         ORDER BY s.seq"
    )))
    .bind(event_id)
    .bind(kk)
    .bind(ru)
    .bind(en)
    .bind(now_ms)
    .bind(now_ms / 1000)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE signups AS s SET thanked_at = ?2 WHERE {UNTHANKED}"
    )))
    .bind(event_id)
    .bind(now_ms / 1000)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(queued)
}

/// What a press of a star did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rated {
    /// The member's first answer.
    New,
    /// Their earlier answer, replaced.
    Changed,
    /// More than 7 days after the event's end: nothing changes.
    Closed,
    /// Not marked present at a finished event (a forged button, an unmarked volunteer).
    NotPresent,
}

/// Whether the member may rate the event at `now`, as [`Rated`] says; `Rated::New` or
/// `Rated::Changed` when they may.
async fn may_rate(pool: &SqlitePool, event_id: i64, member_id: i64, now: i64) -> sqlx::Result<Rated> {
    let found: Option<(i64, bool, bool)> = sqlx::query_as(
        "SELECT e.ends_at, e.status = 'finished' AND s.attended = 1 AND s.status != 'cancelled',
             EXISTS (SELECT 1 FROM event_ratings r WHERE r.event_id = e.id AND r.member_id = s.member_id)
         FROM events e JOIN signups s ON s.event_id = e.id
         WHERE e.id = ?1 AND s.member_id = ?2",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_optional(pool)
    .await?;
    Ok(match found {
        Some((_, false, _)) | None => Rated::NotPresent,
        Some((ends_at, true, _)) if !rating::is_open(ends_at, now) => Rated::Closed,
        Some((_, true, true)) => Rated::Changed,
        Some((_, true, false)) => Rated::New,
    })
}

/// Records the member's stars for the event, or changes them (a comment already written stays).
pub async fn rate(
    pool: &SqlitePool,
    event_id: i64,
    member_id: i64,
    stars: Stars,
    now: i64,
) -> sqlx::Result<Rated> {
    let rated = may_rate(pool, event_id, member_id, now).await?;
    if matches!(rated, Rated::New | Rated::Changed) {
        sqlx::query(
            "INSERT INTO event_ratings (event_id, member_id, stars, answered_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (event_id, member_id) DO UPDATE SET stars = excluded.stars, answered_at = excluded.answered_at",
        )
        .bind(event_id)
        .bind(member_id)
        .bind(stars.get())
        .bind(now)
        .execute(pool)
        .await?;
    }
    Ok(rated)
}

/// Stores the member's comment on their rating of the event. `Rated::Changed` when stored;
/// `Rated::New` never comes back (a comment needs stars first, and counts as not present).
pub async fn comment(
    pool: &SqlitePool,
    event_id: i64,
    member_id: i64,
    comment: &str,
    now: i64,
) -> sqlx::Result<Rated> {
    let rated = match may_rate(pool, event_id, member_id, now).await? {
        Rated::New => Rated::NotPresent,
        other => other,
    };
    if rated == Rated::Changed {
        sqlx::query(
            "UPDATE event_ratings SET comment = ?, answered_at = ? WHERE event_id = ? AND member_id = ?",
        )
        .bind(comment)
        .bind(now)
        .bind(event_id)
        .bind(member_id)
        .execute(pool)
        .await?;
    }
    Ok(rated)
}

/// An event's ratings as its staff see them: no names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventRatings {
    pub answers: i64,
    pub average: Option<f64>,
    /// The comments, oldest first.
    pub comments: Vec<String>,
}

pub async fn of_event(pool: &SqlitePool, event_id: i64) -> sqlx::Result<EventRatings> {
    let (answers, total): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(stars), 0) FROM event_ratings WHERE event_id = ?")
            .bind(event_id)
            .fetch_one(pool)
            .await?;
    let comments = sqlx::query_scalar(
        "SELECT comment FROM event_ratings WHERE event_id = ? AND comment IS NOT NULL ORDER BY answered_at, rowid",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    Ok(EventRatings {
        answers,
        average: rating::average(total, answers),
        comments,
    })
}

/// The average rating of the scope's events (one region, or every event when `None`) that
/// started in the period, with the number of answers: every answer weighs the same.
pub async fn average_in(
    pool: &SqlitePool,
    region: Option<&str>,
    since: Option<i64>,
) -> sqlx::Result<(i64, Option<f64>)> {
    let (answers, total): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(r.stars), 0)
         FROM event_ratings r JOIN events e ON e.id = r.event_id
         WHERE (?1 IS NULL OR e.region_iso = ?1) AND e.status = 'finished' AND e.starts_at >= ?2",
    )
    .bind(region)
    .bind(since.unwrap_or(i64::MIN))
    .fetch_one(pool)
    .await?;
    Ok((answers, rating::average(total, answers)))
}

/// A member's ratings, for `/mydata`: (event id, title, stars, comment, answered at).
pub async fn of_member(
    pool: &SqlitePool,
    member_id: i64,
) -> sqlx::Result<Vec<(i64, String, i64, Option<String>, i64)>> {
    sqlx::query_as(
        "SELECT e.id, e.title, r.stars, r.comment, r.answered_at
         FROM event_ratings r JOIN events e ON e.id = r.event_id WHERE r.member_id = ? ORDER BY e.starts_at",
    )
    .bind(member_id)
    .fetch_all(pool)
    .await
}
