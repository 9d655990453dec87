//! What staff and members read of sign-ups: an event's volunteer list and figures, a
//! member's own history.

use sqlx::SqlitePool;

use crate::domain::status::SignupStatus;

/// Places taken and people waiting.
pub async fn counts(pool: &SqlitePool, event_id: i64) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as("SELECT taken, waiting FROM events WHERE id = ?")
        .bind(event_id)
        .fetch_one(pool)
        .await
}

/// A line of an event's volunteer list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VolunteerRow {
    pub signup_id: i64,
    pub full_name: Option<String>,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub status: SignupStatus,
    /// Place in the waiting list, for those waiting.
    pub position: Option<i64>,
    pub still_coming: Option<bool>,
    pub attended: bool,
    pub signed_up_at: i64,
}

/// Sign-ups whose status is one of `statuses`: confirmed volunteers in order of sign-up, then
/// the waiting list in order, then those who cancelled; `limit` rows from `offset`.
pub async fn volunteers(
    pool: &SqlitePool,
    event_id: i64,
    statuses: &[SignupStatus],
    offset: i64,
    limit: i64,
) -> sqlx::Result<Vec<VolunteerRow>> {
    sqlx::query_as(
        "SELECT s.id AS signup_id, m.full_name, m.username, m.phone, s.status,
             CASE s.status WHEN 'waiting' THEN
                 (SELECT COUNT(*) FROM signups w WHERE w.event_id = s.event_id AND w.status = 'waiting' AND w.seq <= s.seq)
             END AS position,
             s.still_coming, s.attended, s.created_at AS signed_up_at
         FROM signups s JOIN members m ON m.id = s.member_id
         WHERE s.event_id = ?1 AND s.status IN (SELECT value FROM json_each(?4))
         ORDER BY CASE s.status WHEN 'confirmed' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, s.seq
         LIMIT ?3 OFFSET ?2",
    )
    .bind(event_id)
    .bind(offset)
    .bind(limit)
    .bind(serde_json::to_string(statuses).expect("statuses serialise"))
    .fetch_all(pool)
    .await
}

/// How many rows [`volunteers`] has in all.
pub async fn volunteer_count(
    pool: &SqlitePool,
    event_id: i64,
    statuses: &[SignupStatus],
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM signups WHERE event_id = ? AND status IN (SELECT value FROM json_each(?))",
    )
    .bind(event_id)
    .bind(serde_json::to_string(statuses).expect("statuses serialise"))
    .fetch_one(pool)
    .await
}

/// An event's turnout for its organiser: confirmed, waiting, present, and confirmed
/// volunteers who have not answered "Still coming?".
#[derive(Clone, Copy, Debug, Default, sqlx::FromRow)]
pub struct Turnout {
    pub confirmed: i64,
    pub waiting: i64,
    pub present: i64,
    pub unanswered: i64,
}

pub async fn figures(pool: &SqlitePool, event_id: i64) -> sqlx::Result<Turnout> {
    sqlx::query_as(
        "SELECT COALESCE(SUM(status = 'confirmed'), 0) AS confirmed,
             COALESCE(SUM(status = 'waiting'), 0) AS waiting,
             COALESCE(SUM(attended = 1 AND status != 'cancelled'), 0) AS present,
             COALESCE(SUM(status = 'confirmed' AND still_coming IS NULL), 0) AS unanswered
         FROM signups WHERE event_id = ?",
    )
    .bind(event_id)
    .fetch_one(pool)
    .await
}

/// An upcoming event a member signed up for.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MySignup {
    pub event_id: i64,
    pub title: String,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: SignupStatus,
    pub position: Option<i64>,
}

/// A member's participation: upcoming sign-ups, and events attended with their hours.
pub struct History {
    pub upcoming: Vec<MySignup>,
    pub attended_events: i64,
    pub attended_seconds: i64,
    pub recent_attended: Vec<MySignup>,
}

pub async fn history(pool: &SqlitePool, member_id: i64, now: i64) -> sqlx::Result<History> {
    let upcoming = sqlx::query_as(
        "SELECT e.id AS event_id, e.title, e.place, e.starts_at, e.ends_at, s.status,
             CASE s.status WHEN 'waiting' THEN
                 (SELECT COUNT(*) FROM signups w WHERE w.event_id = s.event_id AND w.status = 'waiting' AND w.seq <= s.seq)
             END AS position
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.member_id = ? AND s.status IN ('confirmed', 'waiting') AND e.status = 'published' AND e.ends_at > ?
         ORDER BY e.starts_at",
    )
    .bind(member_id)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let (attended_events, attended_seconds): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(e.ends_at - e.starts_at), 0)
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.member_id = ? AND s.attended = 1 AND e.status != 'cancelled'",
    )
    .bind(member_id)
    .fetch_one(pool)
    .await?;
    let recent_attended = sqlx::query_as(
        "SELECT e.id AS event_id, e.title, e.place, e.starts_at, e.ends_at, s.status, NULL AS position
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.member_id = ? AND s.attended = 1 AND e.status != 'cancelled'
         ORDER BY e.starts_at DESC LIMIT 10",
    )
    .bind(member_id)
    .fetch_all(pool)
    .await?;
    Ok(History {
        upcoming,
        attended_events,
        attended_seconds,
        recent_attended,
    })
}
