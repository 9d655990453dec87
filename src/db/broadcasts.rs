//! Broadcasts: their versions, audiences, queued deliveries and reports.

use std::collections::HashMap;

use sqlx::SqlitePool;

use crate::domain::audience::Audience;
use crate::domain::status::{BroadcastStatus, DeliveryStatus};
use crate::i18n::{Lang, PerLang};

/// The members (and linked groups) an audience reaches, by its filter.
const AUDIENCE_MEMBERS: &str = "m.status = 'active' AND m.chat_id IS NOT NULL AND (
        ?1 = 'all'
        OR (?1 = 'regions' AND m.region_iso IN (SELECT value FROM json_each(?2)))
        OR (?1 = 'wing' AND m.wing_id = ?3)
        OR (?1 = 'event_confirmed' AND m.id IN
            (SELECT s.member_id FROM signups s WHERE s.event_id = ?3 AND s.status = 'confirmed'))
        OR (?1 = 'event_waiting' AND m.id IN
            (SELECT s.member_id FROM signups s WHERE s.event_id = ?3 AND s.status = 'waiting'))
        OR (?1 = 'event_present' AND m.id IN
            (SELECT s.member_id FROM signups s
             WHERE s.event_id = ?3 AND s.attended = 1 AND s.status != 'cancelled')))";

/// How many members and groups a broadcast to `audience` would reach.
pub async fn audience_size(pool: &SqlitePool, audience: &Audience) -> sqlx::Result<(i64, i64)> {
    let (kind, regions, wing) = audience.filter();
    let members: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM members m WHERE {AUDIENCE_MEMBERS}"
    )))
    .bind(kind)
    .bind(&regions)
    .bind(wing)
    .fetch_one(pool)
    .await?;
    let groups: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM linked_groups g
         WHERE ?1 = 'all' OR (?1 = 'regions' AND g.region_iso IN (SELECT value FROM json_each(?2)))",
    )
    .bind(kind)
    .bind(&regions)
    .fetch_one(pool)
    .await?;
    Ok((members, groups))
}

/// A broadcast ready to go.
pub struct NewBroadcast<'a> {
    pub created_by: i64,
    pub sender_chat_id: i64,
    pub audience: &'a Audience,
    pub with_ack: bool,
    pub lang: Lang,
    /// The versions in the order given: (language, message id in the sender's chat).
    pub versions: &'a [(Lang, i32)],
    /// The "Seen it" label in each language.
    pub ack_labels: PerLang<String>,
}

/// Stores the broadcast and queues one delivery per member and linked group, in one
/// transaction and in SQL: a national broadcast never passes through memory.
pub async fn create(pool: &SqlitePool, new: &NewBroadcast<'_>, now_ms: i64) -> sqlx::Result<(i64, i64)> {
    let now = now_ms / 1000;
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO broadcasts (created_by, sender_chat_id, audience, with_ack, lang, status, created_at)
         VALUES (?, ?, ?, ?, ?, 'sending', ?) RETURNING id",
    )
    .bind(new.created_by)
    .bind(new.sender_chat_id)
    .bind(serde_json::to_string(new.audience).unwrap_or_default())
    .bind(new.with_ack)
    .bind(new.lang)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for (position, (lang, message_id)) in new.versions.iter().enumerate() {
        sqlx::query(
            "INSERT OR IGNORE INTO broadcast_versions (broadcast_id, lang, position, source_message_id)
             VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(lang)
        .bind(position as i64)
        .bind(message_id)
        .execute(&mut *tx)
        .await?;
    }
    let (kind, regions, wing) = new.audience.filter();
    let ack_data = crate::telegram::callback::Callback::Ack(id).encode();
    let members = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO deliveries (kind, broadcast_id, member_id, chat_id, is_group, payload, next_attempt_ms, updated_at)
         SELECT 'broadcast', ?4, m.id, m.chat_id, 0,
             json_object('type', 'copy', 'from_chat_id', ?5,
                 'message_id', COALESCE(v.source_message_id, f.source_message_id),
                 'button', json(CASE WHEN ?6 THEN json_object(
                     'label', CASE m.lang WHEN 'kk' THEN ?7 WHEN 'ru' THEN ?8 ELSE ?9 END,
                     'callback_data', ?10) ELSE 'null' END)),
             ?11, ?12
         FROM members m
         JOIN broadcast_versions f ON f.broadcast_id = ?4 AND f.position = 0
         LEFT JOIN broadcast_versions v ON v.broadcast_id = ?4 AND v.lang = m.lang
         WHERE {AUDIENCE_MEMBERS}
         ORDER BY m.id"
    )))
    .bind(kind)
    .bind(&regions)
    .bind(wing)
    .bind(id)
    .bind(new.sender_chat_id)
    .bind(new.with_ack)
    .bind(&new.ack_labels.kk)
    .bind(&new.ack_labels.ru)
    .bind(&new.ack_labels.en)
    .bind(&ack_data)
    .bind(now_ms)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let groups = sqlx::query(
        "INSERT INTO deliveries (kind, broadcast_id, member_id, chat_id, is_group, payload, next_attempt_ms, updated_at)
         SELECT 'broadcast', ?3, NULL, g.chat_id, 1,
             json_object('type', 'copy', 'from_chat_id', ?4, 'message_id', f.source_message_id, 'button', json('null')),
             ?5, ?6
         FROM linked_groups g
         JOIN broadcast_versions f ON f.broadcast_id = ?3 AND f.position = 0
         WHERE ?1 = 'all' OR (?1 = 'regions' AND g.region_iso IN (SELECT value FROM json_each(?2)))",
    )
    .bind(kind)
    .bind(&regions)
    .bind(id)
    .bind(new.sender_chat_id)
    .bind(now_ms)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let total = (members + groups) as i64;
    sqlx::query("UPDATE broadcasts SET total = ? WHERE id = ?")
        .bind(total)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((id, total))
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Broadcast {
    pub id: i64,
    pub created_by: Option<i64>,
    pub sender_chat_id: i64,
    pub audience: String,
    pub with_ack: bool,
    pub lang: Lang,
    pub status: BroadcastStatus,
    pub status_message_id: Option<i64>,
    pub total: i64,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

const COLUMNS: &str = "id, created_by, sender_chat_id, audience, with_ack, lang, status, status_message_id, total, \
                       created_at, finished_at";

pub async fn find(pool: &SqlitePool, id: i64) -> sqlx::Result<Option<Broadcast>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM broadcasts WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Broadcasts whose final report is not out yet.
pub async fn unfinished(pool: &SqlitePool) -> sqlx::Result<Vec<Broadcast>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM broadcasts WHERE finished_at IS NULL"
    )))
    .fetch_all(pool)
    .await
}

/// The latest broadcasts: all for an admin (`created_by` None), else the asker's.
pub async fn recent(pool: &SqlitePool, created_by: Option<i64>, limit: i64) -> sqlx::Result<Vec<Broadcast>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM broadcasts WHERE ?1 IS NULL OR created_by = ?1 ORDER BY id DESC LIMIT ?2"
    )))
    .bind(created_by)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn set_status_message(pool: &SqlitePool, id: i64, message_id: i32) -> sqlx::Result<()> {
    sqlx::query("UPDATE broadcasts SET status_message_id = ? WHERE id = ?")
        .bind(message_id)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Marks a running broadcast cancelled; `false` when it was not running.
pub async fn cancel(pool: &SqlitePool, id: i64) -> sqlx::Result<bool> {
    let result =
        sqlx::query("UPDATE broadcasts SET status = 'cancelled' WHERE id = ? AND status = 'sending'")
            .bind(id)
            .execute(pool)
            .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn finish(pool: &SqlitePool, id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE broadcasts SET finished_at = ?, status = CASE status WHEN 'sending' THEN 'done' ELSE status END
         WHERE id = ?",
    )
    .bind(now)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// How one broadcast's messages fared (delivered, blocked, failed, cancelled, still to go),
/// overall and per region.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeliveryTally {
    pub delivered: i64,
    pub blocked: i64,
    pub failed: i64,
    pub cancelled: i64,
    pub waiting: i64,
    /// (region ISO code, delivered, blocked, failed)
    pub by_region: Vec<(String, i64, i64, i64)>,
}

impl DeliveryTally {
    pub fn is_finished(&self) -> bool {
        self.waiting == 0
    }

    /// Counts `count` more messages in `status` in the overall figures.
    fn add(&mut self, status: DeliveryStatus, count: i64) {
        match status {
            DeliveryStatus::Delivered => self.delivered += count,
            DeliveryStatus::Blocked => self.blocked += count,
            DeliveryStatus::Failed => self.failed += count,
            DeliveryStatus::Cancelled => self.cancelled += count,
            DeliveryStatus::Pending | DeliveryStatus::Sending => self.waiting += count,
        }
    }
}

pub async fn figures(pool: &SqlitePool, id: i64) -> sqlx::Result<DeliveryTally> {
    let rows: Vec<(String, DeliveryStatus, i64)> = sqlx::query_as(
        "SELECT COALESCE(m.region_iso, g.region_iso, '') AS region, d.status, COUNT(*)
         FROM deliveries d
         LEFT JOIN members m ON m.id = d.member_id
         LEFT JOIN linked_groups g ON d.is_group = 1 AND g.chat_id = d.chat_id
         WHERE d.broadcast_id = ?
         GROUP BY region, d.status ORDER BY region",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut figures = DeliveryTally::default();
    for (region, status, count) in rows {
        let entry = match figures.by_region.iter().position(|(r, ..)| *r == region) {
            Some(i) => &mut figures.by_region[i],
            None => {
                figures.by_region.push((region, 0, 0, 0));
                figures.by_region.last_mut().unwrap()
            }
        };
        match status {
            DeliveryStatus::Delivered => entry.1 += count,
            DeliveryStatus::Blocked => entry.2 += count,
            DeliveryStatus::Failed => entry.3 += count,
            _ => {}
        }
        figures.add(status, count);
    }
    Ok(figures)
}

/// The overall figures of several broadcasts in one query, by broadcast id, for a list of
/// them: `by_region` stays empty. A broadcast with no messages is missing from the map.
pub async fn overall_figures(pool: &SqlitePool, ids: &[i64]) -> sqlx::Result<HashMap<i64, DeliveryTally>> {
    let rows: Vec<(i64, DeliveryStatus, i64)> = sqlx::query_as(
        "SELECT broadcast_id, status, COUNT(*) FROM deliveries
         WHERE broadcast_id IN (SELECT value FROM json_each(?))
         GROUP BY broadcast_id, status",
    )
    .bind(serde_json::to_string(ids).expect("ids serialise"))
    .fetch_all(pool)
    .await?;
    let mut figures: HashMap<i64, DeliveryTally> = HashMap::new();
    for (id, status, count) in rows {
        figures.entry(id).or_default().add(status, count);
    }
    Ok(figures)
}

/// "Seen it" presses, by region and wing: (region ISO, wing name or None, count).
pub async fn acknowledgements(
    pool: &SqlitePool,
    id: i64,
) -> sqlx::Result<Vec<(String, Option<String>, i64)>> {
    sqlx::query_as(
        "SELECT m.region_iso, w.name, COUNT(*) FROM acknowledgements a
         JOIN members m ON m.id = a.member_id LEFT JOIN wings w ON w.id = m.wing_id
         WHERE a.broadcast_id = ? GROUP BY m.region_iso, w.name ORDER BY m.region_iso, w.name",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// What a "Seen it" press did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acknowledged {
    Recorded,
    /// Pressed before: still one acknowledgement.
    Already,
    /// The broadcast never reached this member: the button is not theirs.
    NotARecipient,
}

/// Records a "Seen it" press once per member who received the broadcast.
pub async fn acknowledge(pool: &SqlitePool, id: i64, member_id: i64, now: i64) -> sqlx::Result<Acknowledged> {
    let result = sqlx::query(
        "INSERT OR IGNORE INTO acknowledgements (broadcast_id, member_id, at)
         SELECT ?1, ?2, ?3 WHERE EXISTS (
             SELECT 1 FROM deliveries WHERE broadcast_id = ?1 AND member_id = ?2 AND status = 'delivered')",
    )
    .bind(id)
    .bind(member_id)
    .bind(now)
    .execute(pool)
    .await?;
    if result.rows_affected() == 1 {
        return Ok(Acknowledged::Recorded);
    }
    let before: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM acknowledgements WHERE broadcast_id = ? AND member_id = ?")
            .bind(id)
            .bind(member_id)
            .fetch_optional(pool)
            .await?;
    Ok(if before.is_some() {
        Acknowledged::Already
    } else {
        Acknowledged::NotARecipient
    })
}

/// A recipient the broadcast did not reach, for the CSV.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Unreached {
    pub member_id: Option<i64>,
    pub full_name: Option<String>,
    pub region_iso: Option<String>,
    pub wing: Option<String>,
    pub chat_id: i64,
    pub is_group: bool,
    pub status: DeliveryStatus,
    pub reason: Option<String>,
}

pub async fn unreached(pool: &SqlitePool, id: i64) -> sqlx::Result<Vec<Unreached>> {
    sqlx::query_as(
        "SELECT d.member_id, m.full_name, COALESCE(m.region_iso, g.region_iso) AS region_iso, w.name AS wing,
                d.chat_id, d.is_group, d.status, d.last_error AS reason
         FROM deliveries d
         LEFT JOIN members m ON m.id = d.member_id
         LEFT JOIN wings w ON w.id = m.wing_id
         LEFT JOIN linked_groups g ON d.is_group = 1 AND g.chat_id = d.chat_id
         WHERE d.broadcast_id = ? AND d.status IN ('blocked', 'failed', 'cancelled')
         ORDER BY d.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}
