//! Volunteer sign-ups: confirmed places, the waiting list, "Still coming?", attendance.
//!
//! Every change that could overbook is one SQLite write transaction, so when thousands press
//! "Volunteer" at once, exactly `capacity` places are confirmed and the rest wait in order.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::{SqliteConnection, SqlitePool};

use super::deliveries::Payload;
use super::events::Event;
use crate::domain::status::{EventStatus, MemberStatus, SignupStatus};
use crate::i18n::Lang;

/// What pressing "Volunteer" did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Volunteered {
    Confirmed,
    Waiting,
    AlreadyConfirmed,
    AlreadyWaiting,
    /// The event closed (cancelled, started, deadline passed) before the press was handled.
    Closed,
    /// The member already holds [`MAX_OPEN_SIGNUPS`] places or waiting-list spots.
    TooMany,
}

/// Sign-ups (confirmed or waiting) one member may hold at once for events not yet over:
/// enough for anyone who means to come, too few to hoard a region's places.
pub const MAX_OPEN_SIGNUPS: i64 = 10;

/// One press of "Volunteer", by a Telegram user.
#[derive(Clone, Debug)]
pub struct Press {
    pub telegram_user_id: i64,
    /// Their @username as Telegram tells it now: the member row keeps up with it.
    pub username: Option<String>,
    pub event_id: i64,
}

/// What a press came to.
#[derive(Clone, Debug)]
pub enum Pressed {
    /// The presser is not a member: nothing changed.
    NotMember,
    /// The button names no event the member may see (a draft, another region's, or forged
    /// data): nothing changed.
    Unseen {
        lang: Lang,
    },
    Answered(Answered),
}

/// A member's press on an event they may see.
#[derive(Clone, Debug)]
pub struct Answered {
    pub member_id: i64,
    pub lang: Lang,
    /// The event as the press found it (shared by the presses of one write).
    pub event: Arc<Event>,
    pub outcome: Volunteered,
    /// The event as this member sees it once the press is written.
    pub state: CardState,
}

/// What the write reads of a presser, and of their sign-up for the event pressed.
#[derive(sqlx::FromRow)]
struct Presser {
    press: i64,
    member_id: i64,
    lang: Lang,
    region_iso: String,
    member_status: MemberStatus,
    username: Option<String>,
    signup_status: Option<SignupStatus>,
    position: i64,
    open_signups: i64,
}

/// Signs up the members behind `presses`, in the order given, in one write transaction: a
/// confirmed place while places remain, else the waiting list. Pressing again changes nothing;
/// a member who cancelled may sign up again (at the end of the line). When thousands press at
/// once, each write carries every press that came meanwhile: a few statements for all of them,
/// and exactly `capacity` places confirmed.
pub async fn volunteer(pool: &SqlitePool, presses: &[Press], now: i64) -> sqlx::Result<Vec<Pressed>> {
    let _turn = super::write_turn().await;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let keys: Vec<(i64, i64)> = presses.iter().map(|p| (p.telegram_user_id, p.event_id)).collect();
    let keys = serde_json::to_string(&keys).expect("ids serialise");
    let pressers: Vec<Presser> = sqlx::query_as(
        "SELECT p.key AS press, m.id AS member_id, m.lang, m.region_iso, m.status AS member_status,
             m.username, s.status AS signup_status,
             CASE s.status WHEN 'waiting' THEN
                 (SELECT COUNT(*) FROM signups w WHERE w.event_id = s.event_id AND w.status = 'waiting' AND w.seq <= s.seq)
             ELSE 0 END AS position,
             (SELECT COUNT(*) FROM signups o JOIN events oe ON oe.id = o.event_id
              WHERE o.member_id = m.id AND o.status IN ('confirmed', 'waiting')
                AND oe.status = 'published' AND oe.ends_at > ?2) AS open_signups
         FROM json_each(?1) p
         JOIN members m ON m.telegram_user_id = json_extract(p.value, '$[0]')
         LEFT JOIN signups s ON s.event_id = json_extract(p.value, '$[1]') AND s.member_id = m.id
             AND s.status != 'cancelled'",
    )
    .bind(&keys)
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    let event_ids: Vec<i64> = presses.iter().map(|p| p.event_id).collect();
    let mut places: HashMap<i64, Places> = super::events::places_of(&mut tx, &event_ids)
        .await?
        .into_iter()
        .map(|found| (found.event.id, Places::new(found)))
        .collect();

    let mut answers: Vec<Pressed> = vec![Pressed::NotMember; presses.len()];
    // Sign-ups as they stand, this write's included: (event, member) -> (status, position).
    let mut signed: HashMap<(i64, i64), Option<(SignupStatus, i64)>> = HashMap::new();
    let mut open: HashMap<i64, i64> = HashMap::new();
    let mut rows: Vec<(i64, i64, SignupStatus, i64)> = Vec::new();
    // Members whose @username changed, and members who blocked the bot: a press shows they
    // have it open again, so broadcasts reach them again.
    let mut renamed: HashMap<i64, Option<&str>> = HashMap::new();
    let mut unblocked: Vec<i64> = Vec::new();
    let mut pending: Vec<(usize, i64, i64)> = Vec::new();
    for presser in &pressers {
        let index = presser.press as usize;
        let Some(press) = presses.get(index) else { continue };
        if presser.username.as_deref() != press.username.as_deref() {
            renamed.insert(presser.member_id, press.username.as_deref());
        }
        if presser.member_status == MemberStatus::Blocked {
            unblocked.push(presser.member_id);
        }
        let lang = presser.lang;
        let Some(event) = places.get_mut(&press.event_id).filter(|p| {
            p.event.status != EventStatus::Draft
                && p.event
                    .region_iso
                    .as_ref()
                    .is_none_or(|iso| *iso == presser.region_iso)
        }) else {
            answers[index] = Pressed::Unseen { lang };
            continue;
        };
        let key = (event.event.id, presser.member_id);
        let found = match presser.signup_status {
            Some(SignupStatus::Confirmed) => Some((SignupStatus::Confirmed, 0)),
            Some(SignupStatus::Waiting) => Some((SignupStatus::Waiting, presser.position)),
            _ => None,
        };
        let mine = signed.entry(key).or_insert(found);
        let open_signups = open.entry(presser.member_id).or_insert(presser.open_signups);
        let outcome = match *mine {
            _ if event.event.closed_at(now).is_some() => Volunteered::Closed,
            Some((SignupStatus::Confirmed, _)) => Volunteered::AlreadyConfirmed,
            Some((SignupStatus::Waiting, _)) => Volunteered::AlreadyWaiting,
            _ if *open_signups >= MAX_OPEN_SIGNUPS => Volunteered::TooMany,
            _ => {
                event.last_seq += 1;
                *open_signups += 1;
                let (status, outcome) = if event.event.capacity.is_none_or(|capacity| event.taken < capacity)
                {
                    event.taken += 1;
                    *mine = Some((SignupStatus::Confirmed, 0));
                    (SignupStatus::Confirmed, Volunteered::Confirmed)
                } else {
                    event.waiting += 1;
                    *mine = Some((SignupStatus::Waiting, event.waiting));
                    (SignupStatus::Waiting, Volunteered::Waiting)
                };
                rows.push((key.0, key.1, status, event.last_seq));
                outcome
            }
        };
        pending.push((index, presser.member_id, key.0));
        answers[index] = Pressed::Answered(Answered {
            member_id: presser.member_id,
            lang,
            event: event.event.clone(),
            outcome,
            state: CardState::default(),
        });
    }

    if !rows.is_empty() {
        let written = sqlx::query(
            "INSERT INTO signups (event_id, member_id, status, seq, created_at, updated_at)
             SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
                 json_extract(value, '$[3]'), ?2, ?2
             FROM json_each(?1) WHERE true
             ON CONFLICT (event_id, member_id) DO UPDATE
                 SET status = excluded.status, seq = excluded.seq, still_coming = NULL,
                     updated_at = excluded.updated_at
                 WHERE signups.status = 'cancelled'",
        )
        .bind(serde_json::to_string(&rows).expect("rows serialise"))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if written.rows_affected() != rows.len() as u64 {
            // Cannot happen under the write lock; if it did, nothing of this write is kept.
            return Err(sqlx::Error::Protocol(format!(
                "{} of {} sign-ups written",
                written.rows_affected(),
                rows.len()
            )));
        }
    }
    for (member_id, username) in renamed {
        super::members::set_username(&mut *tx, member_id, username).await?;
    }
    unblocked.sort_unstable();
    unblocked.dedup();
    for member_id in unblocked {
        super::members::reactivate(&mut *tx, member_id).await?;
    }
    tx.commit().await?;

    // Each member sees the figures as this write left them, and their own sign-up.
    for (index, member_id, event_id) in pending {
        let (Some(event), Pressed::Answered(answered)) = (places.get(&event_id), &mut answers[index]) else {
            continue;
        };
        let mine = signed.get(&(event_id, member_id)).copied().flatten();
        answered.state = CardState {
            taken: event.taken,
            waiting: event.waiting,
            status: mine.map(|(status, _)| status),
            position: mine.map_or(0, |(_, position)| position),
        };
    }
    Ok(answers)
}

/// An event's places as a write of sign-ups goes on.
struct Places {
    event: Arc<Event>,
    taken: i64,
    waiting: i64,
    last_seq: i64,
}

impl Places {
    fn new(found: super::events::EventPlaces) -> Self {
        Self {
            event: Arc::new(found.event),
            taken: found.taken,
            waiting: found.waiting,
            last_seq: found.last_seq,
        }
    }
}

/// An event as one member sees it: places taken, the waiting list's length, and their own
/// sign-up (status, and place in the waiting list) if they have one. One query, by index.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct CardState {
    pub taken: i64,
    pub waiting: i64,
    pub status: Option<SignupStatus>,
    pub position: i64,
}

pub async fn card_state(pool: &SqlitePool, event_id: i64, member_id: i64) -> sqlx::Result<CardState> {
    sqlx::query_as(
        // The place in the waiting list counts those behind the member, not ahead: a member who
        // has just joined is last, so a burst of presses counts nothing.
        "SELECT e.taken, e.waiting, me.status AS status,
             CASE me.status WHEN 'waiting' THEN e.waiting -
                 (SELECT COUNT(*) FROM signups w WHERE w.event_id = e.id AND w.status = 'waiting' AND w.seq > me.seq)
             ELSE 0 END AS position
         FROM events e
         LEFT JOIN signups me ON me.event_id = e.id AND me.member_id = ?2 AND me.status != 'cancelled'
         WHERE e.id = ?1",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_one(pool)
    .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Signup {
    pub id: i64,
    pub event_id: i64,
    pub member_id: i64,
    pub status: SignupStatus,
    pub seq: i64,
    pub still_coming: Option<bool>,
    pub attended: bool,
}

pub async fn find(pool: &SqlitePool, event_id: i64, member_id: i64) -> sqlx::Result<Option<Signup>> {
    sqlx::query_as(
        "SELECT id, event_id, member_id, status, seq, still_coming, attended FROM signups
         WHERE event_id = ? AND member_id = ?",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_optional(pool)
    .await
}

pub async fn find_by_id(pool: &SqlitePool, id: i64) -> sqlx::Result<Option<Signup>> {
    sqlx::query_as(
        "SELECT id, event_id, member_id, status, seq, still_coming, attended FROM signups WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// A member moved from the waiting list to a confirmed place.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Promoted {
    pub member_id: i64,
    pub chat_id: Option<i64>,
    pub lang: Lang,
}

/// What cancelling a sign-up did.
#[derive(Clone, Debug)]
pub enum Cancelled {
    /// The member was not signed up (or had cancelled already).
    NotSignedUp,
    /// The place is free; the first on the waiting list took it, if anyone waited.
    Done { promoted: Option<Promoted> },
}

/// Cancels a sign-up; a freed place goes at once to the first on the waiting list, whose
/// `promotion` message (in their language) is queued in the same transaction.
pub async fn cancel(
    pool: &SqlitePool,
    event: &Event,
    member_id: i64,
    now_ms: i64,
    promotion: &[Payload; 3],
) -> sqlx::Result<Cancelled> {
    let now = now_ms / 1000;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let cancelled = sqlx::query(
        "UPDATE signups SET status = 'cancelled', updated_at = ?
         WHERE event_id = ? AND member_id = ? AND status IN ('confirmed', 'waiting')",
    )
    .bind(now)
    .bind(event.id)
    .bind(member_id)
    .execute(&mut *tx)
    .await?;
    if cancelled.rows_affected() == 0 {
        return Ok(Cancelled::NotSignedUp);
    }
    let mut promoted = fill_places(&mut tx, event, now_ms, promotion).await?;
    tx.commit().await?;
    Ok(Cancelled::Done {
        promoted: promoted.pop(),
    })
}

/// Moves the first on the waiting list into free places, while places are free, and queues
/// `promotion` for each in their language. Runs inside the caller's write transaction.
pub async fn fill_places(
    conn: &mut SqliteConnection,
    event: &Event,
    now_ms: i64,
    promotion: &[Payload; 3],
) -> sqlx::Result<Vec<Promoted>> {
    let now = now_ms / 1000;
    let confirmed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM signups WHERE event_id = ? AND status = 'confirmed'")
            .bind(event.id)
            .fetch_one(&mut *conn)
            .await?;
    let free = match event.capacity {
        Some(capacity) => (capacity - confirmed).max(0),
        None => i64::MAX,
    };
    if free == 0 {
        return Ok(Vec::new());
    }
    let promoted: Vec<Promoted> = sqlx::query_as(
        "UPDATE signups SET status = 'confirmed', updated_at = ?3
         WHERE id IN (SELECT id FROM signups WHERE event_id = ?1 AND status = 'waiting' ORDER BY seq LIMIT ?2)
         RETURNING member_id,
             (SELECT chat_id FROM members WHERE id = member_id) AS chat_id,
             (SELECT lang FROM members WHERE id = member_id) AS lang",
    )
    .bind(event.id)
    .bind(free)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    for member in &promoted {
        queue_for_member(conn, member, promotion, now_ms).await?;
    }
    Ok(promoted)
}

fn pick(payloads: &[Payload; 3], lang: Lang) -> &Payload {
    let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    &payloads[index]
}

/// Queues one message for a promoted member, in their language.
async fn queue_for_member(
    conn: &mut SqliteConnection,
    member: &Promoted,
    payloads: &[Payload; 3],
    now_ms: i64,
) -> sqlx::Result<()> {
    let Some(chat_id) = member.chat_id else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO deliveries (kind, member_id, chat_id, is_group, payload, priority, next_attempt_ms, updated_at)
         VALUES ('event', ?, ?, 0, ?, 2, ?, ?)",
    )
    .bind(member.member_id)
    .bind(chat_id)
    .bind(serde_json::to_string(pick(payloads, member.lang)).expect("payloads serialise"))
    .bind(now_ms)
    .bind(now_ms / 1000)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Queues a message (one per language) for everyone signed up for the event, confirmed and
/// waiting; returns how many.
pub async fn queue_for_signed_up(
    conn: &mut SqliteConnection,
    event_id: i64,
    payloads: &[Payload; 3],
    now_ms: i64,
) -> sqlx::Result<u64> {
    queue_for(conn, event_id, &SignupStatus::SIGNED_UP, payloads, now_ms).await
}

/// Queues a message (one per language) for the members of the event whose sign-up has one of
/// `statuses`; returns how many.
pub async fn queue_for(
    conn: &mut SqliteConnection,
    event_id: i64,
    statuses: &[SignupStatus],
    payloads: &[Payload; 3],
    now_ms: i64,
) -> sqlx::Result<u64> {
    let [kk, ru, en] = payloads
        .clone()
        .map(|p| serde_json::to_string(&p).expect("payloads serialise"));
    let result = sqlx::query(
        "INSERT INTO deliveries (kind, member_id, chat_id, is_group, payload, priority, next_attempt_ms, updated_at)
         SELECT 'event', m.id, m.chat_id, 0, CASE m.lang WHEN 'kk' THEN ?3 WHEN 'ru' THEN ?4 ELSE ?5 END, 1, ?6, ?7
         FROM signups s JOIN members m ON m.id = s.member_id
         WHERE s.event_id = ?1 AND s.status IN (SELECT value FROM json_each(?2))
           AND m.status = 'active' AND m.chat_id IS NOT NULL
         ORDER BY s.seq",
    )
    .bind(event_id)
    .bind(serde_json::to_string(statuses).expect("statuses serialise"))
    .bind(kk)
    .bind(ru)
    .bind(en)
    .bind(now_ms)
    .bind(now_ms / 1000)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected())
}

/// Records the answer to "Still coming?" of a confirmed volunteer; false if they are not one.
pub async fn answer_still_coming(
    pool: &SqlitePool,
    event_id: i64,
    member_id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE signups SET still_coming = 1, updated_at = ? WHERE event_id = ? AND member_id = ? AND status = 'confirmed'",
    )
    .bind(now)
    .bind(event_id)
    .bind(member_id)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// What a check-in did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedIn {
    Marked,
    Already,
    /// Waiting, cancelled, or never signed up.
    NotConfirmed,
}

/// Marks a confirmed volunteer present.
pub async fn check_in(pool: &SqlitePool, event_id: i64, member_id: i64, now: i64) -> sqlx::Result<CheckedIn> {
    let marked = sqlx::query(
        "UPDATE signups SET attended = 1, checked_in_at = ?, updated_at = ?
         WHERE event_id = ? AND member_id = ? AND status = 'confirmed' AND attended = 0",
    )
    .bind(now)
    .bind(now)
    .bind(event_id)
    .bind(member_id)
    .execute(pool)
    .await?;
    if marked.rows_affected() > 0 {
        return Ok(CheckedIn::Marked);
    }
    Ok(match find(pool, event_id, member_id).await? {
        Some(signup) if signup.status == SignupStatus::Confirmed => CheckedIn::Already,
        _ => CheckedIn::NotConfirmed,
    })
}

/// The organiser's toggle: present or not. Returns the new value.
pub async fn toggle_attendance(pool: &SqlitePool, signup_id: i64, now: i64) -> sqlx::Result<Option<bool>> {
    sqlx::query_scalar(
        "UPDATE signups SET attended = 1 - attended, checked_in_at = CASE attended WHEN 0 THEN ?1 END, updated_at = ?1
         WHERE id = ?2 AND status != 'cancelled' RETURNING attended",
    )
    .bind(now)
    .bind(signup_id)
    .fetch_optional(pool)
    .await
}

/// Places taken and people waiting.
pub async fn counts(pool: &SqlitePool, event_id: i64) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as("SELECT taken, waiting FROM events WHERE id = ?")
        .bind(event_id)
        .fetch_one(pool)
        .await
}

/// A line of an event's volunteer list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VolunteerRow {
    pub signup_id: i64,
    pub full_name: Option<String>,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub status: SignupStatus,
    /// Place in the waiting list, for those waiting.
    pub position: Option<i64>,
    pub still_coming: Option<bool>,
    pub attended: bool,
    pub signed_up_at: i64,
}

/// Sign-ups whose status is one of `statuses`: confirmed volunteers in order of sign-up, then
/// the waiting list in order, then those who cancelled; `limit` rows from `offset`.
pub async fn volunteers(
    pool: &SqlitePool,
    event_id: i64,
    statuses: &[SignupStatus],
    offset: i64,
    limit: i64,
) -> sqlx::Result<Vec<VolunteerRow>> {
    sqlx::query_as(
        "SELECT s.id AS signup_id, m.full_name, m.username, m.phone, s.status,
             CASE s.status WHEN 'waiting' THEN
                 (SELECT COUNT(*) FROM signups w WHERE w.event_id = s.event_id AND w.status = 'waiting' AND w.seq <= s.seq)
             END AS position,
             s.still_coming, s.attended, s.created_at AS signed_up_at
         FROM signups s JOIN members m ON m.id = s.member_id
         WHERE s.event_id = ?1 AND s.status IN (SELECT value FROM json_each(?4))
         ORDER BY CASE s.status WHEN 'confirmed' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, s.seq
         LIMIT ?3 OFFSET ?2",
    )
    .bind(event_id)
    .bind(offset)
    .bind(limit)
    .bind(serde_json::to_string(statuses).expect("statuses serialise"))
    .fetch_all(pool)
    .await
}

/// How many rows [`volunteers`] has in all.
pub async fn volunteer_count(
    pool: &SqlitePool,
    event_id: i64,
    statuses: &[SignupStatus],
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM signups WHERE event_id = ? AND status IN (SELECT value FROM json_each(?))",
    )
    .bind(event_id)
    .bind(serde_json::to_string(statuses).expect("statuses serialise"))
    .fetch_one(pool)
    .await
}

/// An event's figures for its organiser: confirmed, waiting, present, and confirmed
/// volunteers who have not answered "Still coming?".
#[derive(Clone, Copy, Debug, Default, sqlx::FromRow)]
pub struct Figures {
    pub confirmed: i64,
    pub waiting: i64,
    pub present: i64,
    pub unanswered: i64,
}

pub async fn figures(pool: &SqlitePool, event_id: i64) -> sqlx::Result<Figures> {
    sqlx::query_as(
        "SELECT COALESCE(SUM(status = 'confirmed'), 0) AS confirmed,
             COALESCE(SUM(status = 'waiting'), 0) AS waiting,
             COALESCE(SUM(attended = 1 AND status != 'cancelled'), 0) AS present,
             COALESCE(SUM(status = 'confirmed' AND still_coming IS NULL), 0) AS unanswered
         FROM signups WHERE event_id = ?",
    )
    .bind(event_id)
    .fetch_one(pool)
    .await
}

/// An upcoming event a member signed up for.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MySignup {
    pub event_id: i64,
    pub title: String,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: SignupStatus,
    pub position: Option<i64>,
}

/// A member's participation: upcoming sign-ups, and events attended with their hours.
pub struct History {
    pub upcoming: Vec<MySignup>,
    pub attended_events: i64,
    pub attended_seconds: i64,
    pub recent_attended: Vec<MySignup>,
}

pub async fn history(pool: &SqlitePool, member_id: i64, now: i64) -> sqlx::Result<History> {
    let upcoming = sqlx::query_as(
        "SELECT e.id AS event_id, e.title, e.place, e.starts_at, e.ends_at, s.status,
             CASE s.status WHEN 'waiting' THEN
                 (SELECT COUNT(*) FROM signups w WHERE w.event_id = s.event_id AND w.status = 'waiting' AND w.seq <= s.seq)
             END AS position
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.member_id = ? AND s.status IN ('confirmed', 'waiting') AND e.status = 'published' AND e.ends_at > ?
         ORDER BY e.starts_at",
    )
    .bind(member_id)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let (attended_events, attended_seconds): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(e.ends_at - e.starts_at), 0)
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.member_id = ? AND s.attended = 1 AND e.status != 'cancelled'",
    )
    .bind(member_id)
    .fetch_one(pool)
    .await?;
    let recent_attended = sqlx::query_as(
        "SELECT e.id AS event_id, e.title, e.place, e.starts_at, e.ends_at, s.status, NULL AS position
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.member_id = ? AND s.attended = 1 AND e.status != 'cancelled'
         ORDER BY e.starts_at DESC LIMIT 10",
    )
    .bind(member_id)
    .fetch_all(pool)
    .await?;
    Ok(History {
        upcoming,
        attended_events,
        attended_seconds,
        recent_attended,
    })
}
