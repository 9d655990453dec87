//! Messages queued by handlers in a burst go into the queue together: when thousands press
//! Volunteer at once, each press queues its card's redraw, and one write (one transaction)
//! carries every redraw queued while the previous write went on, instead of one write each.

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use crate::db::deliveries::{self, NewDelivery};

use super::{QueueBell, now_ms};

/// Messages written by one write at most.
const MAX_GROUP: usize = 500;

type Request = (NewDelivery, oneshot::Sender<Result<(), String>>);

/// The handlers' way into the delivery queue for messages queued one at a time.
#[derive(Clone, Debug)]
pub struct QueueWriter {
    requests: mpsc::UnboundedSender<Request>,
}

impl QueueWriter {
    /// Starts the writer; it stops when the last `QueueWriter` is dropped.
    pub fn spawn(pool: SqlitePool, bell: QueueBell) -> Self {
        let (requests, received) = mpsc::unbounded_channel();
        tokio::spawn(write(pool, bell, received));
        Self { requests }
    }

    /// Queues `delivery`; returns once it is in the database (and the worker told).
    pub async fn push(&self, delivery: NewDelivery) -> anyhow::Result<()> {
        let (done, written) = oneshot::channel();
        self.requests
            .send((delivery, done))
            .map_err(|_| anyhow::anyhow!("the queue writer has stopped"))?;
        written
            .await
            .map_err(|_| anyhow::anyhow!("the queue writer has stopped"))?
            .map_err(|error| anyhow::anyhow!("cannot queue a message: {error}"))
    }
}

async fn write(pool: SqlitePool, bell: QueueBell, mut received: mpsc::UnboundedReceiver<Request>) {
    let mut group: Vec<Request> = Vec::with_capacity(MAX_GROUP);
    while received.recv_many(&mut group, MAX_GROUP).await > 0 {
        let (deliveries, dones): (Vec<NewDelivery>, Vec<_>) = group.drain(..).unzip();
        let written = deliveries::enqueue(&pool, &deliveries, now_ms())
            .await
            .map_err(|error| error.to_string());
        if written.is_ok() {
            bell.ring();
        }
        for done in dones {
            let _ = done.send(written.clone());
        }
    }
}
