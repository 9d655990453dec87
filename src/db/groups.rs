//! Group chats linked to a region with `/linkgroup`.

use sqlx::SqlitePool;

/// Links (or relinks) a group to a region.
pub async fn link(
    pool: &SqlitePool,
    chat_id: i64,
    region_iso: &str,
    title: Option<&str>,
    linked_by: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO linked_groups (chat_id, region_iso, title, linked_by, linked_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chat_id) DO UPDATE SET region_iso = excluded.region_iso, title = excluded.title,
             linked_by = excluded.linked_by, linked_at = excluded.linked_at",
    )
    .bind(chat_id)
    .bind(region_iso)
    .bind(title)
    .bind(linked_by)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn region_of(pool: &SqlitePool, chat_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT region_iso FROM linked_groups WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(pool)
        .await
}
