//! Updates already handled, so that a second delivery of the same update changes nothing, and
//! updates taken from Telegram but not yet handled, so that a crash loses none of them.

use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use super::Db;

/// How long handled update ids are remembered: Telegram redelivers within hours, not days.
const KEEP_SECONDS: i64 = 7 * 24 * 3600;

pub async fn is_processed(pool: &SqlitePool, update_id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM processed_updates WHERE update_id = ?")
        .bind(update_id)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// Records handled updates, any number in one statement (which also drops them from the
/// kept updates, by trigger).
pub async fn mark_processed(db: &Db, update_ids: &[i64], now: i64) -> sqlx::Result<()> {
    let _turn = db.write_turn().await;
    let pool: &SqlitePool = db;
    let ids = serde_json::to_string(update_ids).expect("ids serialise");
    sqlx::query(
        "INSERT OR IGNORE INTO processed_updates (update_id, processed_at)
         SELECT value, ?2 FROM json_each(?1)",
    )
    .bind(ids)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// The newest update id recorded as handled, if any.
pub async fn newest_processed(pool: &SqlitePool) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT MAX(update_id) FROM processed_updates")
        .fetch_one(pool)
        .await
}

/// Forgets update ids older than a week, and kept updates that were handled or are older than
/// Telegram would keep them.
pub async fn prune(pool: &SqlitePool, now: i64) -> sqlx::Result<u64> {
    let result = sqlx::query("DELETE FROM processed_updates WHERE processed_at < ?")
        .bind(now - KEEP_SECONDS)
        .execute(pool)
        .await?;
    sqlx::query(
        "DELETE FROM update_inbox WHERE received_at < ?
            OR update_id IN (SELECT update_id FROM processed_updates)",
    )
    .bind(now - INBOX_SECONDS)
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}

/// How long an update taken from Telegram is kept for handling after a crash: as long as
/// Telegram keeps an update nobody fetched.
const INBOX_SECONDS: i64 = 24 * 3600;

/// Keeps updates taken from Telegram until they are handled: `batch` holds each update's id
/// and JSON, stored in one statement (bound as values: SQLite parses no JSON for it). A second
/// copy, or one already handled, is not kept again.
pub async fn keep(db: &Db, batch: &[(i64, String)], now: i64) -> sqlx::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let _turn = db.write_turn().await;
    let pool: &SqlitePool = db;
    let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT OR IGNORE INTO update_inbox (update_id, body, received_at)
         SELECT v.column1, v.column2, v.column3 FROM (",
    );
    // Telegram gives at most 100 updates a request: three values each stay far below SQLite's
    // limit on bound values.
    insert.push_values(batch, |mut row, (update_id, body)| {
        row.push_bind(*update_id).push_bind(body).push_bind(now);
    });
    insert.push(") v WHERE NOT EXISTS (SELECT 1 FROM processed_updates p WHERE p.update_id = v.column1)");
    insert.build().execute(pool).await?;
    Ok(())
}

/// Drops a kept update that will not be handled (its sender was flooding the bot), so that the
/// next start does not hand it on again.
pub async fn drop_kept(pool: &SqlitePool, update_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM update_inbox WHERE update_id = ?")
        .bind(update_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The kept updates that were never handled, oldest first (after a crash: those in hand).
pub async fn unhandled(pool: &SqlitePool, now: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT body FROM update_inbox i
         WHERE received_at >= ?
           AND NOT EXISTS (SELECT 1 FROM processed_updates p WHERE p.update_id = i.update_id)
         ORDER BY update_id",
    )
    .bind(now - INBOX_SECONDS)
    .fetch_all(pool)
    .await
}
