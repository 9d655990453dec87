//! Moving the write-ahead log into the database file, off the bot's writes.
//!
//! By default SQLite does it (a checkpoint) inside the commit that finds the log longer than a
//! thousand pages: that commit copies the pages and waits for the disk, and every writer waits
//! behind it. In a burst (thousands pressing Volunteer at once) that stalled the answers by
//! some 50 ms. Here a task checkpoints every second on its own connection, in PASSIVE mode,
//! which never blocks a writer; commits checkpoint only if the log outgrows
//! [`COMMIT_CHECKPOINT_PAGES`], should this task fall behind.

use std::time::Duration;

use sqlx::SqlitePool;
use tokio::task::JoinHandle;

/// The log's length, in pages, at which a commit checkpoints by itself (about 40 MB).
pub const COMMIT_CHECKPOINT_PAGES: u32 = 10_000;

const EVERY: Duration = Duration::from_secs(1);

/// Starts the checkpointer; abort the handle to stop it.
pub fn spawn(pool: SqlitePool) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await {
                tracing::warn!(%error, "cannot checkpoint the database");
            }
        }
    })
}
