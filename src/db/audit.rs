//! The audit log: who did what, when.

use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub target_user_id: Option<i64>,
    pub region_iso: Option<String>,
    pub details: String,
}

pub async fn record(
    conn: &mut SqliteConnection,
    actor_user_id: Option<i64>,
    action: &str,
    target_user_id: Option<i64>,
    region_iso: Option<&str>,
    details: &serde_json::Value,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_user_id, action, target_user_id, region_iso, details)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(now)
    .bind(actor_user_id)
    .bind(action)
    .bind(target_user_id)
    .bind(region_iso)
    .bind(details.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest entries first.
pub async fn latest(pool: &SqlitePool, limit: i64) -> sqlx::Result<Vec<AuditEntry>> {
    sqlx::query_as(
        "SELECT id, at, actor_user_id, action, target_user_id, region_iso, details
         FROM audit_log ORDER BY id DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Entries where the person acted or was acted upon, for their own data export: the other
/// party of an entry (who granted them a role, whom they granted one) is shown as
/// `someone_else` ("another staff member" in their language), never by Telegram id.
pub async fn about(
    pool: &SqlitePool,
    telegram_user_id: i64,
    someone_else: &str,
) -> sqlx::Result<Vec<serde_json::Value>> {
    let party = |id: Option<i64>| match id {
        Some(id) if id == telegram_user_id => serde_json::Value::from(id),
        Some(_) => serde_json::Value::from(someone_else),
        None => serde_json::Value::Null,
    };
    let entries: Vec<AuditEntry> = sqlx::query_as(
        "SELECT id, at, actor_user_id, action, target_user_id, region_iso, details
         FROM audit_log WHERE actor_user_id = ? OR target_user_id = ? ORDER BY id",
    )
    .bind(telegram_user_id)
    .bind(telegram_user_id)
    .fetch_all(pool)
    .await?;
    Ok(entries
        .into_iter()
        .map(|entry| {
            serde_json::json!({
                "id": entry.id,
                "at": entry.at,
                "actor_user_id": party(entry.actor_user_id),
                "action": entry.action,
                "target_user_id": party(entry.target_user_id),
                "region_iso": entry.region_iso,
                "details": entry.details,
            })
        })
        .collect())
}
