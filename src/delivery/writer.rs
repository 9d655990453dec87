//! Messages queued by handlers in a burst go into the queue together: when thousands press
//! Volunteer at once, each press queues its card's redraw, and one write (one transaction)
//! carries every redraw queued while the previous write went on, instead of one write each.

use sqlx::SqlitePool;

use crate::db::deliveries::{self, NewDelivery};
use crate::db::group_commit::GroupCommit;

use super::{QueueBell, now_ms};

/// The handlers' way into the delivery queue for messages queued one at a time.
#[derive(Clone, Debug)]
pub struct QueueWriter(GroupCommit<NewDelivery>);

impl QueueWriter {
    /// Starts the writer; it stops when the last `QueueWriter` is dropped.
    pub fn spawn(pool: SqlitePool, bell: QueueBell) -> Self {
        Self(GroupCommit::spawn(move |group: Vec<NewDelivery>| {
            let (pool, bell) = (pool.clone(), bell.clone());
            async move {
                deliveries::enqueue(&pool, &group, now_ms()).await?;
                bell.ring();
                Ok(())
            }
        }))
    }

    /// Queues `delivery`; returns once it is in the database (and the worker told).
    pub async fn push(&self, delivery: NewDelivery) -> anyhow::Result<()> {
        self.0
            .push(delivery)
            .await
            .map_err(|error| anyhow::anyhow!("cannot queue a message: {error}"))
    }
}
