//! Bulk and deferred messages: the queue worker that keeps within Telegram's limits, and the
//! progress reports of broadcasts.

pub mod cards;
pub mod digest;
pub mod progress;
pub mod reminders;
pub mod thanks;
pub mod worker;

use std::sync::Arc;

use tokio::sync::Notify;

pub use crate::telegram::limits::DeliveryLimits;
pub use cards::{CardPainter, CardsWaiting};
pub use worker::DeliveryWorker;

/// Handlers' way to tell the worker that new messages are queued.
#[derive(Clone, Debug, Default)]
pub struct QueueBell(Arc<Notify>);

impl QueueBell {
    pub fn ring(&self) {
        self.0.notify_one();
    }

    pub async fn wait(&self) {
        self.0.notified().await;
    }
}
