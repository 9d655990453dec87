//! Youth wings of ethno-cultural associations, each in one region.

use sqlx::SqlitePool;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Wing {
    pub id: i64,
    pub region_iso: String,
    pub name: String,
}

/// The wings of a region that members can join, by name.
pub async fn list_active(pool: &SqlitePool, region_iso: &str) -> sqlx::Result<Vec<Wing>> {
    sqlx::query_as(
        "SELECT id, region_iso, name FROM wings
         WHERE region_iso = ? AND archived_at IS NULL ORDER BY name",
    )
    .bind(region_iso)
    .fetch_all(pool)
    .await
}

/// The wing `id` if it is active and in `region_iso`: what a button press may choose.
pub async fn find_active_in_region(
    pool: &SqlitePool,
    id: i64,
    region_iso: &str,
) -> sqlx::Result<Option<Wing>> {
    sqlx::query_as(
        "SELECT id, region_iso, name FROM wings
         WHERE id = ? AND region_iso = ? AND archived_at IS NULL",
    )
    .bind(id)
    .bind(region_iso)
    .fetch_optional(pool)
    .await
}

pub async fn find(pool: &SqlitePool, id: i64) -> sqlx::Result<Option<Wing>> {
    sqlx::query_as("SELECT id, region_iso, name FROM wings WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Adds a wing; used by the wing management and by tests.
pub async fn insert(pool: &SqlitePool, region_iso: &str, name: &str, now: i64) -> sqlx::Result<Wing> {
    sqlx::query_as(
        "INSERT INTO wings (region_iso, name, created_at) VALUES (?, ?, ?)
         RETURNING id, region_iso, name",
    )
    .bind(region_iso)
    .bind(name)
    .bind(now)
    .fetch_one(pool)
    .await
}
