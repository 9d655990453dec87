//! SQLite storage: the pool, migrations, and one module per aggregate.

pub mod audit;
pub mod broadcasts;
pub mod certificates;
pub mod checkpoint;
pub mod deliveries;
pub mod dialogues;
pub mod digest;
pub mod event_changes;
pub mod events;
pub mod group_cards;
pub mod group_commit;
pub mod groups;
pub mod invites;
pub mod member_cards;
pub mod members;
pub mod payload;
pub mod pending;
pub mod privacy;
pub mod ratings;
pub mod regions;
pub mod reminders;
pub mod roles;
pub mod signups;
pub mod standings;
pub mod stats;
pub mod updates;
pub mod wings;

use std::ops::Deref;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::OnceCell;

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!();

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens (and creates on first start) the database at `database_url`, which is either a
/// `sqlite:` URL or a plain file path.
pub async fn connect(database_url: &str) -> anyhow::Result<SqlitePool> {
    open(database_url, true).await
}

/// Opens the database at `database_url`, which must exist (for operator tasks such as backups,
/// where a mistyped path must not quietly create an empty database).
pub async fn connect_existing(database_url: &str) -> anyhow::Result<SqlitePool> {
    open(database_url, false).await
}

async fn open(database_url: &str, create: bool) -> anyhow::Result<SqlitePool> {
    let options = if database_url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(database_url)
            .with_context(|| format!("DATABASE_URL is malformed: {database_url}"))?
    } else {
        SqliteConnectOptions::new().filename(database_url)
    };
    let options = options
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
        // The bot checkpoints in the background (`checkpoint.rs`); commits only past this.
        .pragma(
            "wal_autocheckpoint",
            checkpoint::COMMIT_CHECKPOINT_PAGES.to_string(),
        );
    // Four connections (measured with `cargo bench --bench events`): more make writers wait in
    // SQLite's busy handler, which sleeps in whole milliseconds; fewer serialise the readers.
    SqlitePoolOptions::new()
        .max_connections(4)
        // A connection is a file this process holds open: there is no server that could have
        // dropped it, so pinging it before each use (one more round trip to its thread) tells
        // nothing.
        .test_before_acquire(false)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the database {database_url}"))
}

/// The database as the bot uses it: the pool, the writers' turn, and the regions once read.
/// Cheap to clone; every clone shares them. It derefs to the pool, so functions that take
/// `&SqlitePool` take `&db`; those that take the turn or read the regions take `&Db`.
#[derive(Clone, Debug)]
pub struct Db(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    pool: SqlitePool,
    write_turn: tokio::sync::Mutex<()>,
    regions: OnceCell<Vec<regions::Region>>,
}

impl Db {
    pub fn new(pool: SqlitePool) -> Self {
        Self(Arc::new(Shared {
            pool,
            write_turn: tokio::sync::Mutex::new(()),
            regions: OnceCell::new(),
        }))
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.0.pool
    }

    /// SQLite lets one connection write at a time. Another writer waits in SQLite's busy
    /// handler, which sleeps 1, 2, 5, 10, up to 100 ms between tries: under a burst (thousands
    /// pressing Volunteer at once) the writes then wait on sleeps, not on each other. The
    /// frequent writers take turns here instead, each woken as soon as the one before is done;
    /// a writer that does not still meets SQLite's busy handler, as before.
    ///
    /// Take the turn before acquiring a connection, never while holding one: a turn waiting
    /// for a connection that waits for the turn would wait forever.
    pub async fn write_turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.0.write_turn.lock().await
    }

    /// Where the regions are kept once read (see [`regions`]).
    fn regions(&self) -> &OnceCell<Vec<regions::Region>> {
        &self.0.regions
    }
}

impl Deref for Db {
    type Target = SqlitePool;

    fn deref(&self) -> &SqlitePool {
        &self.0.pool
    }
}

/// Applies every migration not yet applied.
pub async fn migrate(pool: &SqlitePool) -> anyhow::Result<()> {
    MIGRATOR
        .run(pool)
        .await
        .context("cannot apply database migrations")
}
