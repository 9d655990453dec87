//! The waiting list: a cancelled sign-up frees a place, and the first waiting takes it.

use sqlx::{SqliteConnection, SqlitePool};

use crate::db::deliveries::{self, Payload};
use crate::db::events::Event;
use crate::i18n::{Lang, PerLang};

/// A member moved from the waiting list to a confirmed place.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Promoted {
    pub member_id: i64,
    pub chat_id: Option<i64>,
    pub lang: Lang,
}

/// What cancelling a sign-up did.
#[derive(Clone, Debug)]
pub enum Cancelled {
    /// The member was not signed up (or had cancelled already).
    NotSignedUp,
    /// The place is free; the first on the waiting list took it, if anyone waited.
    Done { promoted: Option<Promoted> },
}

/// Cancels a sign-up; a freed place goes at once to the first on the waiting list, whose
/// `promotion` message (in their language) is queued in the same transaction.
pub async fn cancel(
    pool: &SqlitePool,
    event: &Event,
    member_id: i64,
    now_ms: i64,
    promotion: &PerLang<Payload>,
) -> sqlx::Result<Cancelled> {
    let now = now_ms / 1000;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let cancelled = sqlx::query(
        "UPDATE signups SET status = 'cancelled', updated_at = ?
         WHERE event_id = ? AND member_id = ? AND status IN ('confirmed', 'waiting')",
    )
    .bind(now)
    .bind(event.id)
    .bind(member_id)
    .execute(&mut *tx)
    .await?;
    if cancelled.rows_affected() == 0 {
        return Ok(Cancelled::NotSignedUp);
    }
    let mut promoted = fill_places(&mut tx, event, now_ms, promotion).await?;
    tx.commit().await?;
    Ok(Cancelled::Done {
        promoted: promoted.pop(),
    })
}

/// Moves the first on the waiting list into free places, while places are free, and queues
/// `promotion` for each in their language. Runs inside the caller's write transaction.
pub async fn fill_places(
    conn: &mut SqliteConnection,
    event: &Event,
    now_ms: i64,
    promotion: &PerLang<Payload>,
) -> sqlx::Result<Vec<Promoted>> {
    let now = now_ms / 1000;
    let confirmed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM signups WHERE event_id = ? AND status = 'confirmed'")
            .bind(event.id)
            .fetch_one(&mut *conn)
            .await?;
    let free = match event.plan.capacity {
        Some(capacity) => (capacity - confirmed).max(0),
        None => i64::MAX,
    };
    if free == 0 {
        return Ok(Vec::new());
    }
    let promoted: Vec<Promoted> = sqlx::query_as(
        "UPDATE signups SET status = 'confirmed', updated_at = ?3
         WHERE id IN (SELECT id FROM signups WHERE event_id = ?1 AND status = 'waiting' ORDER BY seq LIMIT ?2)
         RETURNING member_id,
             (SELECT chat_id FROM members WHERE id = member_id) AS chat_id,
             (SELECT lang FROM members WHERE id = member_id) AS lang",
    )
    .bind(event.id)
    .bind(free)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    for member in &promoted {
        if let Some(chat_id) = member.chat_id {
            deliveries::queue_for_member(conn, member.member_id, chat_id, member.lang, promotion, now_ms)
                .await?;
        }
    }
    Ok(promoted)
}
