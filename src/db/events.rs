//! Events: publishing (with its announcement and reminders), finding, finishing. Edits and
//! cancellations, which reach the sign-ups too, are in `event_changes`.

use sqlx::{SqliteConnection, SqlitePool};

use super::deliveries::Payload;
use crate::domain::role::{Action, Role, StaffRole, allows};
use crate::domain::status::EventStatus;
use crate::i18n::{Lang, PerLang};

/// What an event is planned to be: everything it has before it is published.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EventPlan {
    pub title: String,
    pub description: String,
    /// `None`: republic-wide.
    pub region_iso: Option<String>,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub deadline_at: i64,
    pub organiser_id: i64,
    pub organiser_chat_id: i64,
}

/// An event as stored: its plan and what publishing gave it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    #[sqlx(flatten)]
    pub plan: EventPlan,
    pub status: EventStatus,
    pub checkin_code: String,
    pub published_at: Option<i64>,
}

pub(super) const COLUMNS: &str = "id, title, description, region_iso, place, starts_at, ends_at, capacity, deadline_at, \
                       organiser_id, organiser_chat_id, status, checkin_code, published_at";

/// Why a member cannot sign up for an event now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closed {
    Cancelled,
    Started,
    DeadlinePassed,
}

impl Event {
    /// Whether sign-ups are open at `now`, and if not, why.
    pub fn closed_at(&self, now: i64) -> Option<Closed> {
        if self.status == EventStatus::Cancelled {
            Some(Closed::Cancelled)
        } else if self.status != EventStatus::Published || self.plan.starts_at <= now {
            Some(Closed::Started)
        } else if self.plan.deadline_at <= now {
            Some(Closed::DeadlinePassed)
        } else {
            None
        }
    }

    /// Whether `staff` may edit, cancel, and see the volunteers of this event: organisers and
    /// coordinators of its region, admins everywhere.
    pub fn managed_by(&self, staff: Option<&StaffRole>) -> bool {
        allows(
            staff,
            Action::ManageEvents {
                region: self.plan.region_iso.as_deref(),
            },
        )
    }

    pub fn duration_seconds(&self) -> i64 {
        self.plan.ends_at - self.plan.starts_at
    }
}

/// An event with its places taken, its waiting list's length and the number of its last
/// sign-up, read by a write of sign-ups.
#[derive(sqlx::FromRow)]
pub(super) struct EventPlaces {
    #[sqlx(flatten)]
    pub event: Event,
    pub taken: i64,
    pub waiting: i64,
    pub last_seq: i64,
}

pub(super) async fn places_of(conn: &mut SqliteConnection, ids: &[i64]) -> sqlx::Result<Vec<EventPlaces>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, taken, waiting,
             (SELECT COALESCE(MAX(s.seq), 0) FROM signups s WHERE s.event_id = events.id) AS last_seq
         FROM events WHERE id IN (SELECT value FROM json_each(?))"
    )))
    .bind(serde_json::to_string(ids).expect("ids serialise"))
    .fetch_all(conn)
    .await
}

/// The announcement of a new event, in each member's language, and for linked groups.
pub struct Announcement {
    pub for_members: PerLang<Payload>,
    pub for_groups: Payload,
    /// The language of the groups' card, which every redraw of it keeps.
    pub group_lang: Lang,
}

/// Stores a published event, schedules its reminders, and queues its announcement for every
/// active member of its region (all regions when republic-wide) and the region's linked groups,
/// in one transaction. `announce` renders the card once the event has its id.
pub async fn publish(
    pool: &SqlitePool,
    plan: &EventPlan,
    now_ms: i64,
    announce: impl FnOnce(&Event) -> Announcement,
) -> sqlx::Result<(Event, u64)> {
    let now = now_ms / 1000;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let event: Event = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO events (title, description, region_iso, place, starts_at, ends_at, capacity, deadline_at,
             organiser_id, organiser_chat_id, status, checkin_code, created_at, published_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'published', upper(hex(randomblob(8))), ?, ?, ?)
         RETURNING {COLUMNS}"
    )))
    .bind(&plan.title)
    .bind(&plan.description)
    .bind(&plan.region_iso)
    .bind(&plan.place)
    .bind(plan.starts_at)
    .bind(plan.ends_at)
    .bind(plan.capacity)
    .bind(plan.deadline_at)
    .bind(plan.organiser_id)
    .bind(plan.organiser_chat_id)
    .bind(now)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    schedule_reminders(&mut tx, &event, now).await?;
    let announcement = announce(&event);
    let PerLang { kk, ru, en } = announcement.for_members.as_ref().map(json);
    let members = sqlx::query(
        "INSERT INTO deliveries (kind, event_id, member_id, chat_id, is_group, payload, next_attempt_ms, updated_at)
         SELECT 'event', ?7, m.id, m.chat_id, 0, CASE m.lang WHEN 'kk' THEN ?2 WHEN 'ru' THEN ?3 ELSE ?4 END, ?5, ?6
         FROM members m
         WHERE m.status = 'active' AND m.chat_id IS NOT NULL AND (?1 IS NULL OR m.region_iso = ?1)
         ORDER BY m.id",
    )
    .bind(&event.plan.region_iso)
    .bind(kk)
    .bind(ru)
    .bind(en)
    .bind(now_ms)
    .bind(now)
    .bind(event.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query("UPDATE events SET group_lang = ? WHERE id = ?")
        .bind(announcement.group_lang)
        .bind(event.id)
        .execute(&mut *tx)
        .await?;
    let groups = sqlx::query(
        "INSERT INTO deliveries (kind, event_id, chat_id, is_group, payload, next_attempt_ms, updated_at)
         SELECT 'event', ?5, g.chat_id, 1, ?2, ?3, ?4 FROM linked_groups g WHERE ?1 IS NULL OR g.region_iso = ?1",
    )
    .bind(&event.plan.region_iso)
    .bind(json(&announcement.for_groups))
    .bind(now_ms)
    .bind(now)
    .bind(event.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok((event, members + groups))
}

fn json(payload: &Payload) -> String {
    serde_json::to_string(payload).expect("payloads serialise")
}

/// The "Still coming?" question a day before and the plain reminder two hours before; a
/// reminder whose time has already passed is not scheduled.
pub(super) async fn schedule_reminders(
    conn: &mut SqliteConnection,
    event: &Event,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM reminders WHERE event_id = ? AND sent_at IS NULL")
        .bind(event.id)
        .execute(&mut *conn)
        .await?;
    for (kind, before) in [("day_before", 24 * 3600), ("two_hours", 2 * 3600)] {
        let due_at = event.plan.starts_at - before;
        if due_at > now {
            // A new time is worth a new reminder, even if the old one went out.
            sqlx::query(
                "INSERT INTO reminders (event_id, kind, due_at) VALUES (?, ?, ?)
                 ON CONFLICT (event_id, kind) DO UPDATE SET due_at = excluded.due_at, sent_at = NULL",
            )
            .bind(event.id)
            .bind(kind)
            .bind(due_at)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// The event `id`, read inside the caller's transaction.
pub(super) async fn read(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<Event> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events WHERE id = ?"
    )))
    .bind(id)
    .fetch_one(conn)
    .await
}

pub async fn find(pool: &SqlitePool, id: i64) -> sqlx::Result<Option<Event>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// The event a check-in code belongs to (codes are shown upper-case; people type either).
pub async fn find_by_code(pool: &SqlitePool, code: &str) -> sqlx::Result<Option<Event>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events WHERE checkin_code = upper(?)"
    )))
    .bind(code.trim())
    .fetch_optional(pool)
    .await
}

/// Published events of `region_iso` and republic-wide ones that have not started, newest first:
/// one page of `limit`, and how many there are in all.
pub async fn upcoming_for(
    pool: &SqlitePool,
    region_iso: &str,
    now: i64,
    offset: i64,
    limit: i64,
) -> sqlx::Result<(Vec<Event>, i64)> {
    const FILTER: &str =
        "status = 'published' AND starts_at > ?2 AND (region_iso IS NULL OR region_iso = ?1)";
    let events = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events WHERE {FILTER} ORDER BY published_at DESC, id DESC LIMIT ?4 OFFSET ?3"
    )))
    .bind(region_iso)
    .bind(now)
    .bind(offset)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM events WHERE {FILTER}"
    )))
    .bind(region_iso)
    .bind(now)
    .fetch_one(pool)
    .await?;
    Ok((events, total))
}

/// The latest events `staff` manages (not cancelled, ended less than a week ago), for pickers.
pub async fn managed_recent(
    pool: &SqlitePool,
    staff: &StaffRole,
    now: i64,
    limit: i64,
) -> sqlx::Result<Vec<Event>> {
    let region = (staff.role != Role::Admin)
        .then_some(staff.region_iso.clone())
        .flatten();
    let regional_only = staff.role != Role::Admin;
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events
         WHERE status IN ('published', 'finished') AND ends_at > ?1 - 7 * 86400
           AND (NOT ?2 OR region_iso = ?3)
         ORDER BY starts_at LIMIT ?4"
    )))
    .bind(now)
    .bind(regional_only)
    .bind(region)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Published events that have ended become finished.
pub async fn finish_ended(pool: &SqlitePool, now: i64) -> sqlx::Result<u64> {
    let result = sqlx::query(
        "UPDATE events SET status = 'finished', updated_at = ?1 WHERE status = 'published' AND ends_at <= ?1",
    )
    .bind(now)
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}
