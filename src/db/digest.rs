//! The weekly digest's figures, its recipients and who turned it off.

use sqlx::{SqliteConnection, SqlitePool};

use super::Db;
use super::deliveries::NewDelivery;

use crate::i18n::Lang;

/// A week's figures of a scope (a region, or the country).
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Week {
    pub members_new: i64,
    /// Events (not cancelled) that started in the week and had ended by its end.
    pub events_held: i64,
    pub attended: i64,
    /// Confirmed volunteers of those events not marked present.
    pub no_shows: i64,
}

impl Week {
    /// Attended out of those expected, in whole percent; `None` when nobody was expected.
    pub fn attendance_percent(&self) -> Option<i64> {
        let expected = self.attended + self.no_shows;
        (expected > 0).then(|| (self.attended * 100 + expected / 2) / expected)
    }
}

/// An upcoming event with fewer than half its places taken.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct HalfEmpty {
    pub id: i64,
    pub title: String,
    pub starts_at: i64,
    pub taken: i64,
    pub capacity: i64,
}

/// A coordinator or admin who gets the digest: their chat, language and scope.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Recipient {
    pub telegram_user_id: i64,
    pub chat_id: i64,
    pub lang: Lang,
    /// `None` for admins: the country.
    pub region_iso: Option<String>,
}

/// The week `[from, to)` of a region, or of the country with `None`.
pub async fn week(pool: &SqlitePool, region: Option<&str>, from: i64, to: i64) -> sqlx::Result<Week> {
    sqlx::query_as(
        "SELECT
             (SELECT COUNT(*) FROM members m WHERE (?1 IS NULL OR m.region_iso = ?1)
                  AND m.registered_at >= ?2 AND m.registered_at < ?3) AS members_new,
             COUNT(e.id) AS events_held,
             COALESCE(SUM(e.present), 0) AS attended,
             COALESCE(SUM(e.taken - e.present_confirmed), 0) AS no_shows
         FROM events e
         WHERE (?1 IS NULL OR e.region_iso = ?1) AND e.status IN ('published', 'finished')
           AND e.starts_at >= ?2 AND e.starts_at < ?3 AND e.ends_at <= ?3",
    )
    .bind(region)
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await
}

/// Published events of the scope starting in `[now, until)` with a capacity and fewer than
/// half its places taken, soonest first.
pub async fn half_empty(
    pool: &SqlitePool,
    region: Option<&str>,
    now: i64,
    until: i64,
    limit: i64,
) -> sqlx::Result<Vec<HalfEmpty>> {
    sqlx::query_as(
        "SELECT id, title, starts_at, taken, capacity FROM events
         WHERE (?1 IS NULL OR region_iso = ?1) AND status = 'published'
           AND starts_at >= ?2 AND starts_at < ?3 AND capacity IS NOT NULL AND taken * 2 < capacity
         ORDER BY starts_at, id LIMIT ?4",
    )
    .bind(region)
    .bind(now)
    .bind(until)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Names of the scope's wings, older than `since`, none of whose members joined or attended
/// an event since then; and how many there are in all.
pub async fn quiet_wings(
    pool: &SqlitePool,
    region: Option<&str>,
    since: i64,
    limit: i64,
) -> sqlx::Result<(Vec<String>, i64)> {
    let quiet = "FROM wings w
         WHERE (?1 IS NULL OR w.region_iso = ?1) AND w.archived_at IS NULL AND w.created_at < ?2
           AND NOT EXISTS (SELECT 1 FROM members m WHERE m.wing_id = w.id AND m.registered_at >= ?2)
           AND NOT EXISTS (SELECT 1 FROM members m JOIN signups s ON s.member_id = m.id
                           JOIN events e ON e.id = s.event_id
                           WHERE m.wing_id = w.id AND s.attended = 1 AND e.starts_at >= ?2)";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {quiet}")))
        .bind(region)
        .bind(since)
        .fetch_one(pool)
        .await?;
    let names = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT w.name {quiet} ORDER BY w.name LIMIT ?3"
    )))
    .bind(region)
    .bind(since)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok((names, total))
}

/// Coordinators and admins with a private chat the bot knows (their member row), who did not
/// turn the digest off.
pub async fn recipients(pool: &SqlitePool) -> sqlx::Result<Vec<Recipient>> {
    sqlx::query_as(
        "SELECT r.telegram_user_id, m.chat_id, m.lang, r.region_iso
         FROM roles r JOIN members m ON m.telegram_user_id = r.telegram_user_id
         WHERE r.role IN ('coordinator', 'admin') AND m.status = 'active' AND m.chat_id IS NOT NULL
           AND r.telegram_user_id NOT IN (SELECT telegram_user_id FROM digest_opt_outs)
         ORDER BY r.telegram_user_id",
    )
    .fetch_all(pool)
    .await
}

/// Marks the digest of the Monday `due_at` as queued; `false` if it already was. Called in the
/// transaction that queues it, so a digest is queued once.
pub async fn claim(conn: &mut SqliteConnection, due_at: i64, now: i64) -> sqlx::Result<bool> {
    let inserted = sqlx::query("INSERT OR IGNORE INTO digest_weeks (due_at, queued_at) VALUES (?, ?)")
        .bind(due_at)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(inserted.rows_affected() == 1)
}

/// The latest Monday whose digest was queued.
pub async fn last_claimed(pool: &SqlitePool) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT MAX(due_at) FROM digest_weeks")
        .fetch_one(pool)
        .await
}

/// Turns the digest off (`false`) or on for a person.
pub async fn set_wanted(db: &Db, telegram_user_id: i64, wanted: bool, now: i64) -> sqlx::Result<()> {
    let _turn = db.write_turn().await;
    let pool: &SqlitePool = db;
    if wanted {
        sqlx::query("DELETE FROM digest_opt_outs WHERE telegram_user_id = ?")
            .bind(telegram_user_id)
            .execute(pool)
            .await?;
    } else {
        sqlx::query("INSERT OR IGNORE INTO digest_opt_outs (telegram_user_id, at) VALUES (?, ?)")
            .bind(telegram_user_id)
            .bind(now)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// Queues a Monday's digests and marks the Monday done, in one transaction; `false` (and
/// nothing queued) if it was done already.
pub async fn queue(db: &Db, due_at: i64, messages: &[NewDelivery], now_ms: i64) -> sqlx::Result<bool> {
    let _turn = db.write_turn().await;
    let pool: &SqlitePool = db;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    if !claim(&mut tx, due_at, now_ms / 1000).await? {
        return Ok(false);
    }
    for message in messages {
        sqlx::query(
            "INSERT INTO deliveries (kind, member_id, chat_id, is_group, payload, priority, next_attempt_ms, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(message.kind)
        .bind(message.member_id)
        .bind(message.chat_id)
        .bind(message.is_group)
        .bind(serde_json::to_string(&message.payload).expect("payload serialises"))
        .bind(message.priority)
        .bind(now_ms)
        .bind(now_ms / 1000)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
