//! Updates already handled, so that a second delivery of the same update changes nothing.

use sqlx::SqlitePool;

/// How long handled update ids are remembered: Telegram redelivers within hours, not days.
const KEEP_SECONDS: i64 = 7 * 24 * 3600;

pub async fn is_processed(pool: &SqlitePool, update_id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM processed_updates WHERE update_id = ?")
        .bind(update_id)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

pub async fn mark_processed(pool: &SqlitePool, update_id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)")
        .bind(update_id)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// Forgets update ids older than a week.
pub async fn prune(pool: &SqlitePool, now: i64) -> sqlx::Result<u64> {
    let result = sqlx::query("DELETE FROM processed_updates WHERE processed_at < ?")
        .bind(now - KEEP_SECONDS)
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}
