//! Volunteer sign-ups: confirmed places, the waiting list, "Still coming?", attendance.
//!
//! Every change that could overbook is one SQLite write transaction, so when thousands press
//! "Volunteer" at once, exactly `capacity` places are confirmed and the rest wait in order.

pub mod attendance;
pub mod press;
pub mod reports;
pub mod waiting_list;

pub use attendance::{CheckedIn, answer_still_coming, check_in, toggle_attendance};
pub use press::{Answered, CardState, MAX_OPEN_SIGNUPS, Press, Pressed, Volunteered, card_state, volunteer};
pub use reports::{
    History, MySignup, Turnout, VolunteerRow, counts, figures, history, volunteer_count, volunteers,
};
pub use waiting_list::{Cancelled, Promoted, cancel, fill_places};

use sqlx::SqlitePool;

use crate::domain::status::SignupStatus;

/// A member's sign-up for an event, as stored.
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
