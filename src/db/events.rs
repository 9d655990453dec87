//! Events: publishing (with its announcement and reminders), finding, editing, cancelling.

use sqlx::{SqliteConnection, SqlitePool};

use super::deliveries::{self, Payload};
use super::signups;
use crate::domain::role::{Action, Role, StaffRole, allows};
use crate::domain::status::EventStatus;

/// What an event may be asked about before it is published.
#[derive(Clone, Debug)]
pub struct NewEvent {
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

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub region_iso: Option<String>,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub deadline_at: i64,
    pub organiser_id: i64,
    pub organiser_chat_id: i64,
    pub status: EventStatus,
    pub checkin_code: String,
    pub published_at: Option<i64>,
}

const COLUMNS: &str = "id, title, description, region_iso, place, starts_at, ends_at, capacity, deadline_at, \
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
        } else if self.status != EventStatus::Published || self.starts_at <= now {
            Some(Closed::Started)
        } else if self.deadline_at <= now {
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
                region: self.region_iso.as_deref(),
            },
        )
    }

    pub fn duration_seconds(&self) -> i64 {
        self.ends_at - self.starts_at
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
    /// Indexed as `Lang::ALL`: Kazakh, Russian, English.
    pub for_members: [Payload; 3],
    pub for_groups: Payload,
}

/// Stores a published event, schedules its reminders, and queues its announcement for every
/// active member of its region (all regions when republic-wide) and the region's linked groups,
/// in one transaction. `announce` renders the card once the event has its id.
pub async fn publish(
    pool: &SqlitePool,
    new: &NewEvent,
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
    .bind(&new.title)
    .bind(&new.description)
    .bind(&new.region_iso)
    .bind(&new.place)
    .bind(new.starts_at)
    .bind(new.ends_at)
    .bind(new.capacity)
    .bind(new.deadline_at)
    .bind(new.organiser_id)
    .bind(new.organiser_chat_id)
    .bind(now)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    schedule_reminders(&mut tx, &event, now).await?;
    let announcement = announce(&event);
    let [kk, ru, en] = announcement.for_members.map(|p| json(&p));
    let members = sqlx::query(
        "INSERT INTO deliveries (kind, event_id, member_id, chat_id, is_group, payload, next_attempt_ms, updated_at)
         SELECT 'event', ?7, m.id, m.chat_id, 0, CASE m.lang WHEN 'kk' THEN ?2 WHEN 'ru' THEN ?3 ELSE ?4 END, ?5, ?6
         FROM members m
         WHERE m.status = 'active' AND m.chat_id IS NOT NULL AND (?1 IS NULL OR m.region_iso = ?1)
         ORDER BY m.id",
    )
    .bind(&event.region_iso)
    .bind(kk)
    .bind(ru)
    .bind(en)
    .bind(now_ms)
    .bind(now)
    .bind(event.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let groups = sqlx::query(
        "INSERT INTO deliveries (kind, event_id, chat_id, is_group, payload, next_attempt_ms, updated_at)
         SELECT 'event', ?5, g.chat_id, 1, ?2, ?3, ?4 FROM linked_groups g WHERE ?1 IS NULL OR g.region_iso = ?1",
    )
    .bind(&event.region_iso)
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
async fn schedule_reminders(conn: &mut SqliteConnection, event: &Event, now: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM reminders WHERE event_id = ? AND sent_at IS NULL")
        .bind(event.id)
        .execute(&mut *conn)
        .await?;
    for (kind, before) in [("day_before", 24 * 3600), ("two_hours", 2 * 3600)] {
        let due_at = event.starts_at - before;
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

/// What an organiser may change after publishing.
#[derive(Clone, Debug)]
pub enum Change {
    Title(String),
    Description(String),
    Place(String),
    /// New start and end (the duration is kept unless the end is changed too).
    Time {
        starts_at: i64,
        ends_at: i64,
    },
    End(i64),
    Capacity(Option<i64>),
    Deadline(i64),
}

/// Applies a change; a new time moves the reminders; more places promote the waiting list
/// (each promoted member gets `promotion`). `notice` (a message per language, for everyone
/// signed up) is queued in the same transaction. `None` if the event is not published.
pub async fn change(
    pool: &SqlitePool,
    event_id: i64,
    change: &Change,
    now_ms: i64,
    notice: Option<&[Payload; 3]>,
    promotion: &[Payload; 3],
) -> sqlx::Result<Option<Event>> {
    let now = now_ms / 1000;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (column, value): (&str, Option<i64>) = match change {
        Change::End(end) => ("ends_at", Some(*end)),
        Change::Capacity(capacity) => ("capacity", *capacity),
        Change::Deadline(deadline) => ("deadline_at", Some(*deadline)),
        Change::Title(_) | Change::Description(_) | Change::Place(_) | Change::Time { .. } => ("", None),
    };
    let updated = match change {
        Change::Title(text) | Change::Description(text) | Change::Place(text) => {
            let column = match change {
                Change::Title(_) => "title",
                Change::Description(_) => "description",
                _ => "place",
            };
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE events SET {column} = ?, updated_at = ? WHERE id = ? AND status = 'published'"
            )))
            .bind(text)
            .bind(now)
            .bind(event_id)
            .execute(&mut *tx)
            .await?
        }
        Change::Time { starts_at, ends_at } => sqlx::query(
            "UPDATE events SET starts_at = ?, ends_at = ?, deadline_at = MIN(deadline_at, ?), updated_at = ?
             WHERE id = ? AND status = 'published'",
        )
        .bind(starts_at)
        .bind(ends_at)
        .bind(starts_at)
        .bind(now)
        .bind(event_id)
        .execute(&mut *tx)
        .await?,
        _ => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE events SET {column} = ?, updated_at = ? WHERE id = ? AND status = 'published'"
            )))
            .bind(value)
            .bind(now)
            .bind(event_id)
            .execute(&mut *tx)
            .await?
        }
    };
    if updated.rows_affected() == 0 {
        return Ok(None);
    }
    let event: Event = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events WHERE id = ?"
    )))
    .bind(event_id)
    .fetch_one(&mut *tx)
    .await?;
    if matches!(change, Change::Time { .. }) {
        schedule_reminders(&mut tx, &event, now).await?;
    }
    if matches!(change, Change::Capacity(_)) {
        signups::fill_places(&mut tx, &event, now_ms, promotion).await?;
    }
    if let Some(notice) = notice {
        deliveries::queue_for_signed_up(&mut tx, event.id, notice, now_ms).await?;
    }
    tx.commit().await?;
    Ok(Some(event))
}

/// Cancels a published event and queues `notice` for everyone signed up, in one transaction.
/// `None` if it was not published (already cancelled, finished, or a second press).
pub async fn cancel(
    pool: &SqlitePool,
    event_id: i64,
    now_ms: i64,
    notice: &[Payload; 3],
) -> sqlx::Result<Option<u64>> {
    let now = now_ms / 1000;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let cancelled = sqlx::query(
        "UPDATE events SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'published'",
    )
    .bind(now)
    .bind(event_id)
    .execute(&mut *tx)
    .await?;
    if cancelled.rows_affected() == 0 {
        return Ok(None);
    }
    sqlx::query("DELETE FROM reminders WHERE event_id = ? AND sent_at IS NULL")
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    // Announcements not yet delivered would invite people to a cancelled event.
    sqlx::query(
        "UPDATE deliveries SET status = 'cancelled', updated_at = ?
         WHERE event_id = ? AND kind = 'event' AND status = 'pending'",
    )
    .bind(now)
    .bind(event_id)
    .execute(&mut *tx)
    .await?;
    let notified = deliveries::queue_for_signed_up(&mut tx, event_id, notice, now_ms).await?;
    tx.commit().await?;
    Ok(Some(notified))
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
