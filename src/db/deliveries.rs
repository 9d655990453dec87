//! The delivery queue: one row per message to send, worked by `delivery::worker`.
//!
//! A row is `pending` until the worker claims it (`sending`), then `delivered`, `blocked`
//! (Telegram answered 403), `failed` (400, or retries used up) or `cancelled`.

use crate::domain::status::{DeliveryKind, SignupStatus};
use crate::i18n::{Lang, PerLang};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

use super::Db;
pub use super::payload::{Button, Payload};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Delivery {
    pub id: i64,
    pub chat_id: i64,
    pub is_group: bool,
    pub member_id: Option<i64>,
    pub payload: String,
    pub attempts: i64,
    /// The event an announcement is of (a member's or a group's): a member's becomes their
    /// card of the event once delivered.
    pub event_id: Option<i64>,
}

/// One message for the queue.
#[derive(Clone, Debug)]
pub struct NewDelivery {
    pub kind: DeliveryKind,
    pub broadcast_id: Option<i64>,
    pub member_id: Option<i64>,
    pub chat_id: i64,
    pub is_group: bool,
    pub payload: Payload,
    pub priority: i64,
}

/// Adds messages to the queue, in one transaction per call.
pub async fn enqueue(db: &Db, deliveries: &[NewDelivery], now_ms: i64) -> sqlx::Result<()> {
    let _turn = db.write_turn().await;
    let pool: &SqlitePool = db;
    if let [one] = deliveries {
        // One row is one statement, atomic without a transaction around it.
        sqlx::query(
            "INSERT INTO deliveries (kind, broadcast_id, member_id, chat_id, is_group, payload, priority, \
             next_attempt_ms, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(one.kind)
        .bind(one.broadcast_id)
        .bind(one.member_id)
        .bind(one.chat_id)
        .bind(one.is_group)
        .bind(serde_json::to_string(&one.payload).expect("payload serialises"))
        .bind(one.priority)
        .bind(now_ms)
        .bind(now_ms / 1000)
        .execute(pool)
        .await?;
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    // SQLite takes at most 32,766 bound values per statement: 9 columns, 500 rows at a time.
    for chunk in deliveries.chunks(500) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO deliveries (kind, broadcast_id, member_id, chat_id, is_group, payload, priority, \
             next_attempt_ms, updated_at) ",
        );
        insert.push_values(chunk, |mut row, delivery| {
            row.push_bind(delivery.kind)
                .push_bind(delivery.broadcast_id)
                .push_bind(delivery.member_id)
                .push_bind(delivery.chat_id)
                .push_bind(delivery.is_group)
                .push_bind(serde_json::to_string(&delivery.payload).expect("payload serialises"))
                .push_bind(delivery.priority)
                .push_bind(now_ms)
                .push_bind(now_ms / 1000);
        });
        insert.build().execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// Claims up to `limit` due messages, highest priority and oldest first, and marks them
/// `sending`. Claimed rows belong to this worker until it records an outcome.
pub async fn claim_due(db: &Db, now_ms: i64, limit: i64) -> sqlx::Result<Vec<Delivery>> {
    let _turn = db.write_turn().await;
    let pool: &SqlitePool = db;
    sqlx::query_as(
        "UPDATE deliveries SET status = 'sending'
         WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_ms <= ?
                      ORDER BY priority DESC, next_attempt_ms, id LIMIT ?)
         RETURNING id, chat_id, is_group, member_id, payload, attempts, event_id",
    )
    .bind(now_ms)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// When the next pending message falls due, if any.
pub async fn next_due_ms(pool: &SqlitePool) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT MIN(next_attempt_ms) FROM deliveries WHERE status = 'pending'")
        .fetch_one(pool)
        .await
}

/// After a crash: messages that were being sent go back to the queue. Returns how many; those
/// already accepted by Telegram before the crash will arrive twice.
/// Messages waiting to be sent or being sent.
pub async fn depth(pool: &SqlitePool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')")
        .fetch_one(pool)
        .await
}

pub async fn requeue_in_flight(pool: &SqlitePool) -> sqlx::Result<u64> {
    let result = sqlx::query("UPDATE deliveries SET status = 'pending' WHERE status = 'sending'")
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}

/// What became of one message.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Delivered {
        message_id: i32,
    },
    /// 403: the member blocked the bot (or left, or the bot was removed from the group).
    Blocked {
        reason: String,
    },
    /// 400 or retries used up: Telegram's reason is kept.
    Failed {
        reason: String,
    },
    /// Back to the queue at `at_ms`; `attempt` counts toward the retry limit.
    Retry {
        at_ms: i64,
        attempt: bool,
        reason: Option<String>,
    },
    /// Not sent (stopping, or its chat not ready): back to the queue as it was.
    Unclaimed {
        at_ms: i64,
    },
}

/// Records outcomes in one transaction; a 403 also marks the member blocked.
pub async fn record(db: &Db, outcomes: &[(Delivery, Outcome)], now_ms: i64) -> sqlx::Result<()> {
    let _turn = db.write_turn().await;
    let pool: &SqlitePool = db;
    let now = now_ms / 1000;
    let mut tx = pool.begin().await?;
    for (delivery, outcome) in outcomes {
        let query = match outcome {
            Outcome::Delivered { message_id } => {
                remember_card(&mut tx, delivery, *message_id).await?;
                sqlx::query(
                "UPDATE deliveries SET status = 'delivered', sent_message_id = ?, updated_at = ? WHERE id = ?",
            )
                .bind(*message_id)
                .bind(now)
                .bind(delivery.id)
            }
            Outcome::Blocked { reason } => {
                if let Some(member_id) = delivery.member_id {
                    sqlx::query("UPDATE members SET status = 'blocked' WHERE id = ? AND status = 'active'")
                        .bind(member_id)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("UPDATE deliveries SET status = 'blocked', last_error = ?, updated_at = ? WHERE id = ?")
                    .bind(reason)
                    .bind(now)
                    .bind(delivery.id)
            }
            Outcome::Failed { reason } => sqlx::query(
                "UPDATE deliveries SET status = 'failed', last_error = ?, attempts = attempts + 1, updated_at = ?
                 WHERE id = ?",
            )
            .bind(reason)
            .bind(now)
            .bind(delivery.id),
            Outcome::Retry { at_ms, attempt, reason } => sqlx::query(
                "UPDATE deliveries SET status = 'pending', next_attempt_ms = ?, attempts = attempts + ?,
                     last_error = COALESCE(?, last_error), updated_at = ?
                 WHERE id = ?",
            )
            .bind(at_ms)
            .bind(i64::from(*attempt))
            .bind(reason)
            .bind(now)
            .bind(delivery.id),
            Outcome::Unclaimed { at_ms } => {
                sqlx::query("UPDATE deliveries SET status = 'pending', next_attempt_ms = ? WHERE id = ?")
                    .bind(at_ms)
                    .bind(delivery.id)
            }
        };
        query.execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// An announcement delivered to a member or a group is a card of its event from now on.
async fn remember_card(
    conn: &mut sqlx::SqliteConnection,
    delivery: &Delivery,
    message_id: i32,
) -> sqlx::Result<()> {
    let Some(event_id) = delivery.event_id else {
        return Ok(());
    };
    let Ok(Payload::Text { text, buttons }) = serde_json::from_str(&delivery.payload) else {
        return Ok(());
    };
    // The worker sends each button on a row of its own.
    let rows: Vec<Vec<Button>> = buttons.into_iter().map(|button| vec![button]).collect();
    let fingerprint = super::member_cards::fingerprint(&text, &rows);
    match delivery.member_id {
        Some(member_id) => {
            let card = super::member_cards::Shown {
                chat_id: delivery.chat_id,
                message_id,
                event_id,
                member_id,
                page: None,
                fingerprint,
            };
            super::member_cards::upsert(conn, &card).await
        }
        None if delivery.is_group => {
            let card = super::group_cards::GroupCard {
                chat_id: delivery.chat_id,
                message_id,
                event_id,
                shown: fingerprint,
            };
            super::group_cards::sent(conn, &card).await
        }
        None => Ok(()),
    }
}

/// Stops what is still queued for a broadcast; returns how many messages will not go out.
pub async fn cancel_broadcast(pool: &SqlitePool, broadcast_id: i64, now: i64) -> sqlx::Result<u64> {
    let result = sqlx::query(
        "UPDATE deliveries SET status = 'cancelled', updated_at = ? WHERE broadcast_id = ? AND status = 'pending'",
    )
    .bind(now)
    .bind(broadcast_id)
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}

/// Queues one message about an event for a member, in their language, ahead of the messages
/// to everyone signed up (a member promoted from the waiting list, say).
pub async fn queue_for_member(
    conn: &mut SqliteConnection,
    member_id: i64,
    chat_id: i64,
    lang: Lang,
    payloads: &PerLang<Payload>,
    now_ms: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO deliveries (kind, member_id, chat_id, is_group, payload, priority, next_attempt_ms, updated_at)
         VALUES ('event', ?, ?, 0, ?, 2, ?, ?)",
    )
    .bind(member_id)
    .bind(chat_id)
    .bind(serde_json::to_string(payloads.get(lang)).expect("payloads serialise"))
    .bind(now_ms)
    .bind(now_ms / 1000)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Queues a message (one per language) for everyone signed up for the event, confirmed and
/// waiting; returns how many.
pub async fn queue_for_signed_up(
    conn: &mut SqliteConnection,
    event_id: i64,
    payloads: &PerLang<Payload>,
    now_ms: i64,
) -> sqlx::Result<u64> {
    queue_for_signups(conn, event_id, &SignupStatus::SIGNED_UP, payloads, now_ms).await
}

/// Queues a message (one per language) for the active members of the event whose sign-up has
/// one of `statuses`; returns how many.
pub async fn queue_for_signups(
    conn: &mut SqliteConnection,
    event_id: i64,
    statuses: &[SignupStatus],
    payloads: &PerLang<Payload>,
    now_ms: i64,
) -> sqlx::Result<u64> {
    let PerLang { kk, ru, en } = payloads
        .as_ref()
        .map(|p| serde_json::to_string(p).expect("payloads serialise"));
    let result = sqlx::query(
        "INSERT INTO deliveries (kind, member_id, chat_id, is_group, payload, priority, next_attempt_ms, updated_at)
         SELECT 'event', m.id, m.chat_id, 0, CASE m.lang WHEN 'kk' THEN ?3 WHEN 'ru' THEN ?4 ELSE ?5 END, 1, ?6, ?7
         FROM signups s JOIN members m ON m.id = s.member_id
         WHERE s.event_id = ?1 AND s.status IN (SELECT value FROM json_each(?2))
           AND m.status = 'active' AND m.chat_id IS NOT NULL
         ORDER BY s.seq",
    )
    .bind(event_id)
    .bind(serde_json::to_string(statuses).expect("statuses serialise"))
    .bind(kk)
    .bind(ru)
    .bind(en)
    .bind(now_ms)
    .bind(now_ms / 1000)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected())
}
