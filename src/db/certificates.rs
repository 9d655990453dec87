//! Certificates of volunteer hours: what a member attended, the certificates issued to them,
//! and what a certificate's code says to whoever checks it.

use serde::Serialize;
use sqlx::SqlitePool;

/// An event the member attended, as the certificate lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Attended {
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// What a certificate states, as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Certificate {
    pub code: String,
    pub full_name: String,
    pub period_from: i64,
    pub period_to: i64,
    pub events: i64,
    pub seconds: i64,
    pub issued_at: i64,
}

/// The events the member was marked present at, oldest first; cancelled events do not count
/// (as in `/my`).
pub async fn attended(pool: &SqlitePool, member_id: i64) -> sqlx::Result<Vec<Attended>> {
    sqlx::query_as(
        "SELECT e.title, e.starts_at, e.ends_at
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.member_id = ? AND s.attended = 1 AND e.status != 'cancelled'
         ORDER BY e.starts_at, e.id",
    )
    .bind(member_id)
    .fetch_all(pool)
    .await
}

/// Issues a certificate of `attended` (not empty) to the member under `full_name`. Asking
/// again with nothing new attended gives the certificate already issued, with its code, so a
/// repeated `/certificate` (or the same update delivered twice) does not pile up codes.
pub async fn issue(
    pool: &SqlitePool,
    member_id: i64,
    full_name: &str,
    attended: &[Attended],
    now: i64,
) -> sqlx::Result<Certificate> {
    let period_from = attended.iter().map(|e| e.starts_at).min().unwrap_or(now);
    let period_to = attended.iter().map(|e| e.ends_at).max().unwrap_or(now);
    let events = attended.len() as i64;
    let seconds: i64 = attended.iter().map(|e| e.ends_at - e.starts_at).sum();
    let mut tx = pool.begin().await?;
    let same: Option<Certificate> = sqlx::query_as(
        "SELECT code, full_name, period_from, period_to, events, seconds, issued_at FROM certificates
         WHERE member_id = ? AND full_name = ? AND period_from = ? AND period_to = ? AND events = ? AND seconds = ?
         ORDER BY id DESC LIMIT 1",
    )
    .bind(member_id)
    .bind(full_name)
    .bind(period_from)
    .bind(period_to)
    .bind(events)
    .bind(seconds)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(same) = same {
        return Ok(same);
    }
    let issued = sqlx::query_as(
        "INSERT INTO certificates (code, member_id, full_name, period_from, period_to, events, seconds, issued_at)
         VALUES (upper(hex(randomblob(8))), ?, ?, ?, ?, ?, ?, ?)
         RETURNING code, full_name, period_from, period_to, events, seconds, issued_at",
    )
    .bind(member_id)
    .bind(full_name)
    .bind(period_from)
    .bind(period_to)
    .bind(events)
    .bind(seconds)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(issued)
}

/// The certificate with this code, as typed or scanned (any case), if it was issued and its
/// holder has not erased their data since.
pub async fn find(pool: &SqlitePool, code: &str) -> sqlx::Result<Option<Certificate>> {
    sqlx::query_as(
        "SELECT code, full_name, period_from, period_to, events, seconds, issued_at FROM certificates
         WHERE code = upper(?)",
    )
    .bind(code.trim())
    .fetch_optional(pool)
    .await
}

/// Every certificate issued to the member, oldest first (for `/mydata`).
pub async fn of_member(pool: &SqlitePool, member_id: i64) -> sqlx::Result<Vec<Certificate>> {
    sqlx::query_as(
        "SELECT code, full_name, period_from, period_to, events, seconds, issued_at FROM certificates
         WHERE member_id = ? ORDER BY id",
    )
    .bind(member_id)
    .fetch_all(pool)
    .await
}
