//! Online backups: a consistent copy of the database while the bot runs.
//!
//! `VACUUM INTO` writes the database as one read transaction sees it; in WAL mode the bot
//! keeps reading and writing meanwhile. The copy is written under a temporary name, checked
//! with `PRAGMA integrity_check`, flushed to disk and only then given its name, so a file with
//! the final name is always a whole, sound backup. Backups are readable by their owner only.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use sqlx::SqlitePool;
use sqlx::sqlite::SqliteConnectOptions;

/// What a backup wrote.
#[derive(Debug)]
pub struct Backup {
    pub path: PathBuf,
    pub bytes: u64,
    pub members: i64,
    pub elapsed: Duration,
}

/// Where a backup goes: `target` itself, or a new time-stamped file when it is a folder.
pub fn destination(target: &Path, now: chrono::DateTime<chrono::Utc>) -> PathBuf {
    if target.is_dir() {
        target.join(format!("birlik-{}.db", now.format("%Y%m%d-%H%M%S")))
    } else {
        target.to_owned()
    }
}

/// Copies the database behind `pool` to `path`, which must not exist yet.
pub async fn write(pool: &SqlitePool, path: &Path) -> anyhow::Result<Backup> {
    let started = Instant::now();
    if path.exists() {
        bail!(
            "{} already exists; a backup never overwrites a file",
            path.display()
        );
    }
    let partial = path.with_extension("partial");
    // A previous backup that was interrupted leaves its partial file; it is worthless.
    let _ = std::fs::remove_file(&partial);
    let partial_name = partial.to_str().context("the backup path is not valid UTF-8")?;
    // The copy holds everybody's personal data: it is created readable by its owner only
    // (whatever the umask), empty, and SQLite writes into it keeping that mode.
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
    }
    sqlx::query("VACUUM INTO ?")
        .bind(partial_name)
        .execute(pool)
        .await
        .with_context(|| format!("cannot write {}", partial.display()))?;
    let members = match check(&partial).await {
        Ok(members) => members,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    };
    std::fs::File::open(&partial)
        .and_then(|file| file.sync_all())
        .with_context(|| format!("cannot flush {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot name the backup {}", path.display()))?;
    Ok(Backup {
        path: path.to_owned(),
        bytes: std::fs::metadata(path)?.len(),
        members,
        elapsed: started.elapsed(),
    })
}

/// Opens a copy read-only, checks every page and counts its members.
pub async fn check(path: &Path) -> anyhow::Result<i64> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open {}", path.display()))?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await?;
    if verdict != "ok" {
        bail!("{} failed the integrity check: {verdict}", path.display());
    }
    let members = sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    Ok(members)
}
