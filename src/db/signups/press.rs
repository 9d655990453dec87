//! Pressing "Volunteer": many presses written together, and the card each presser sees.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::SqlitePool;

use crate::db::Db;
use crate::db::events::{self, Event, EventPlaces};
use crate::db::members;
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
pub async fn volunteer(db: &Db, presses: &[Press], now: i64) -> sqlx::Result<Vec<Pressed>> {
    let _turn = db.write_turn().await;
    let pool: &SqlitePool = db;
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
    let mut places: HashMap<i64, Places> = events::places_of(&mut tx, &event_ids)
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
                    .plan
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
                let (status, outcome) = if event
                    .event
                    .plan
                    .capacity
                    .is_none_or(|capacity| event.taken < capacity)
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
        members::set_username(&mut *tx, member_id, username).await?;
    }
    unblocked.sort_unstable();
    unblocked.dedup();
    for member_id in unblocked {
        members::reactivate(&mut *tx, member_id).await?;
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
    fn new(found: EventPlaces) -> Self {
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
