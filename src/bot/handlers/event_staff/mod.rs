//! Managing a published event: `/editevent`, `/cancelevent`, `/volunteers` (with CSV),
//! `/attendance` (toggle buttons), the check-in QR code, and `/message` to its volunteers.
//!
//! Each command takes the event's number (`/volunteers 12`); without one it offers the events
//! the organiser manages as buttons (`picker`). Every press is checked against the stored role.

pub mod attendance;
pub mod edit;
pub mod message;
pub mod picker;
pub mod roster;

use anyhow::Context;
use sqlx::SqlitePool;

use crate::bot::Caller;
use crate::db::events::{self, Event};

/// A button naming an event: the event, if the caller manages it.
pub(crate) async fn managed_event(
    pool: &SqlitePool,
    caller: &Caller,
    event_id: i64,
) -> anyhow::Result<Option<Event>> {
    Ok(events::find(pool, event_id)
        .await
        .context("reading the event")?
        .filter(|e| e.managed_by(caller.staff.as_ref())))
}

/// How many pages `count` lines fill, `per_page` a page; at least one.
fn pages(count: i64, per_page: i64) -> i64 {
    ((count + per_page - 1) / per_page).max(1)
}
