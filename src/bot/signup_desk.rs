//! Volunteer presses, signed up together: when thousands press Volunteer on one announcement,
//! each write carries every press that came while the previous one went on (one transaction,
//! a few statements), instead of a transaction and half a dozen queries a press.

use crate::clock::Clock;
use crate::db::Db;
use crate::db::group_commit::GroupCommit;
use crate::db::signups::{self, Press, Pressed};

/// The handlers' way to sign members up.
#[derive(Clone, Debug)]
pub struct SignupDesk(GroupCommit<Press, (Pressed, i64)>);

impl SignupDesk {
    /// Starts the desk; it stops when the last `SignupDesk` is dropped.
    pub fn spawn(db: Db, clock: Clock) -> Self {
        Self(GroupCommit::spawn_answering(move |presses: Vec<Press>| {
            let (db, now) = (db.clone(), clock.unix());
            async move {
                let pressed = signups::volunteer(&db, &presses, now).await?;
                Ok(pressed.into_iter().map(|pressed| (pressed, now)).collect())
            }
        }))
    }

    /// Signs the presser up; answers what the press came to, and the time it was written at.
    pub async fn press(&self, press: Press) -> anyhow::Result<(Pressed, i64)> {
        self.0
            .push(press)
            .await
            .map_err(|error| anyhow::anyhow!("cannot sign up: {error}"))
    }
}
