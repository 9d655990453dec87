//! Waiting for the bot: until an update is handled, the queue is idle, a condition holds.

use std::time::{Duration, Instant};

use super::TestApp;

/// How long a test waits for the bot before it gives up and shows what happened.
const PATIENCE: Duration = Duration::from_secs(15);

impl TestApp {
    /// Waits until the bot has finished with `update_id`, which it records in the database.
    pub async fn wait_handled(&self, update_id: i64) {
        self.wait_handled_within(update_id, PATIENCE).await;
    }

    /// [`wait_handled`](Self::wait_handled) for an update known to take long (thousands of QR
    /// codes drawn by an unoptimised test build).
    pub async fn wait_handled_within(&self, update_id: i64, patience: Duration) {
        let started = Instant::now();
        loop {
            let done: Option<i64> = sqlx::query_scalar("SELECT 1 FROM processed_updates WHERE update_id = ?")
                .bind(update_id)
                .fetch_optional(&self.pool)
                .await
                .expect("read processed updates");
            if done.is_some() {
                return;
            }
            if started.elapsed() > patience {
                let recent: Vec<_> = self
                    .fake
                    .calls()
                    .into_iter()
                    .rev()
                    .take(10)
                    .map(|c| (c.method, c.error))
                    .collect();
                panic!("update {update_id} was not handled in {patience:?}; latest calls: {recent:?}");
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits until `condition` holds, checking every few milliseconds.
    pub async fn wait_until(&self, what: &str, mut condition: impl FnMut() -> bool) {
        let started = Instant::now();
        while !condition() {
            assert!(started.elapsed() < PATIENCE, "timed out waiting until {what}");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits until the reminder scheduler has made a whole pass that began after this call
    /// (the one under way may have read the database before), then until the queue is idle:
    /// whatever was due is then sent.
    pub async fn wait_reminder_pass(&self) {
        let bot = self.bot.as_ref().expect("the bot is running");
        let target = bot.reminder_passes() + 2;
        let started = Instant::now();
        while bot.reminder_passes() < target {
            assert!(
                started.elapsed() < PATIENCE,
                "the reminder scheduler made no pass"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        self.queue_idle().await;
    }

    /// Waits until the delivery queue has nothing pending or being sent, and every card redraw
    /// asked for is done.
    pub async fn queue_idle(&self) {
        let started = Instant::now();
        loop {
            let busy: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')")
                    .fetch_one(&self.pool)
                    .await
                    .expect("read the delivery queue");
            let cards = self.bot.as_ref().map_or(0, |bot| bot.cards_waiting());
            if busy == 0 && cards == 0 {
                return;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "the delivery queue did not empty ({busy} messages, {cards} card redraws left)"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits until every broadcast has its final report, up to `patience`.
    pub async fn wait_broadcasts_finished(&self, patience: Duration) {
        let started = Instant::now();
        loop {
            let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM broadcasts WHERE finished_at IS NULL")
                .fetch_one(&self.pool)
                .await
                .unwrap();
            if open == 0 {
                return;
            }
            let counts: Vec<(String, i64)> =
                sqlx::query_as("SELECT status, COUNT(*) FROM deliveries GROUP BY status")
                    .fetch_all(&self.pool)
                    .await
                    .unwrap();
            assert!(
                started.elapsed() < patience,
                "broadcasts unfinished after {patience:?}: {counts:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
