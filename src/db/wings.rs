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

/// A wing with the number of active members in it, for `/wings`.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WingWithCount {
    pub id: i64,
    pub name: String,
    pub members: i64,
}

pub async fn list_with_counts(pool: &SqlitePool, region_iso: &str) -> sqlx::Result<Vec<WingWithCount>> {
    sqlx::query_as(
        "SELECT w.id, w.name, COUNT(m.id) AS members
         FROM wings w LEFT JOIN members m ON m.wing_id = w.id AND m.status = 'active'
         WHERE w.region_iso = ? AND w.archived_at IS NULL
         GROUP BY w.id ORDER BY w.name",
    )
    .bind(region_iso)
    .fetch_all(pool)
    .await
}

pub async fn rename(pool: &SqlitePool, id: i64, name: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE wings SET name = ? WHERE id = ?")
        .bind(name)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Archived wings are no longer offered; their members keep them in their history.
pub async fn archive(pool: &SqlitePool, id: i64, now: i64) -> sqlx::Result<bool> {
    let result = sqlx::query("UPDATE wings SET archived_at = ? WHERE id = ? AND archived_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Whether an error is the UNIQUE (region, name) constraint: a friendly answer, not a failure.
pub fn is_duplicate_name(error: &sqlx::Error) -> bool {
    error.as_database_error().is_some_and(|e| e.is_unique_violation())
}

/// A wing that is not archived.
pub async fn find_active(pool: &SqlitePool, id: i64) -> sqlx::Result<Option<Wing>> {
    sqlx::query_as("SELECT id, region_iso, name FROM wings WHERE id = ? AND archived_at IS NULL")
        .bind(id)
        .fetch_optional(pool)
        .await
}
