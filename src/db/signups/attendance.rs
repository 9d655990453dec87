//! Whether volunteers come: the answer to "Still coming?", check-in, and the organiser's marks.

use sqlx::SqlitePool;

use crate::domain::status::SignupStatus;

/// Records the answer to "Still coming?" of a confirmed volunteer; false if they are not one.
pub async fn answer_still_coming(
    pool: &SqlitePool,
    event_id: i64,
    member_id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE signups SET still_coming = 1, updated_at = ? WHERE event_id = ? AND member_id = ? AND status = 'confirmed'",
    )
    .bind(now)
    .bind(event_id)
    .bind(member_id)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// What a check-in did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedIn {
    Marked,
    Already,
    /// Waiting, cancelled, or never signed up.
    NotConfirmed,
}

/// Marks a confirmed volunteer present.
pub async fn check_in(pool: &SqlitePool, event_id: i64, member_id: i64, now: i64) -> sqlx::Result<CheckedIn> {
    let marked = sqlx::query(
        "UPDATE signups SET attended = 1, checked_in_at = ?, updated_at = ?
         WHERE event_id = ? AND member_id = ? AND status = 'confirmed' AND attended = 0",
    )
    .bind(now)
    .bind(now)
    .bind(event_id)
    .bind(member_id)
    .execute(pool)
    .await?;
    if marked.rows_affected() > 0 {
        return Ok(CheckedIn::Marked);
    }
    Ok(match super::find(pool, event_id, member_id).await? {
        Some(signup) if signup.status == SignupStatus::Confirmed => CheckedIn::Already,
        _ => CheckedIn::NotConfirmed,
    })
}

/// The organiser's toggle: present or not. Returns the new value.
pub async fn toggle_attendance(pool: &SqlitePool, signup_id: i64, now: i64) -> sqlx::Result<Option<bool>> {
    sqlx::query_scalar(
        "UPDATE signups SET attended = 1 - attended, checked_in_at = CASE attended WHEN 0 THEN ?1 END, updated_at = ?1
         WHERE id = ?2 AND status != 'cancelled' RETURNING attended",
    )
    .bind(now)
    .bind(signup_id)
    .fetch_optional(pool)
    .await
}
