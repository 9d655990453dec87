//! Dialogue state in our own table, on the bot's pool, as teloxide's `Storage`.
//!
//! teloxide's own SQLite storage would bring a second sqlx and open its own pool; this keeps one.
//!
//! teloxide reads the state on every update and writes the default state back when there is
//! none. Most chats have none (a member pressing Volunteer is in no dialogue), so the storage
//! remembers which chats it knows to have no row, and answers for those without a query. Only
//! this storage adds rows, so a chat it knows to have none has none; a row deleted elsewhere
//! (`/forget`) is only read once more.

use std::collections::HashSet;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::SqlitePool;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

use crate::clock::Clock;

pub struct DialogueStorage<D> {
    pool: SqlitePool,
    /// When a dialogue was last written, for expiring unfinished ones.
    clock: Clock,
    /// Chats known to have no stored state.
    stateless: Mutex<HashSet<i64>>,
    _state: PhantomData<fn() -> D>,
}

/// Chats remembered as stateless at most: a few megabytes. Past it the memory starts afresh,
/// which costs only queries.
const MAX_REMEMBERED: usize = 1_000_000;

impl<D> DialogueStorage<D> {
    pub fn new(pool: SqlitePool, clock: Clock) -> Arc<Self> {
        Arc::new(Self {
            pool,
            clock,
            stateless: Mutex::default(),
            _state: PhantomData,
        })
    }

    fn known_stateless(&self, chat_id: i64) -> bool {
        self.stateless.lock().expect("dialogue memory").contains(&chat_id)
    }

    fn remember_stateless(&self, chat_id: i64) {
        let mut known = self.stateless.lock().expect("dialogue memory");
        if known.len() >= MAX_REMEMBERED {
            known.clear();
        }
        known.insert(chat_id);
    }

    fn forget_stateless(&self, chat_id: i64) {
        self.stateless.lock().expect("dialogue memory").remove(&chat_id);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DialogueStorageError {
    #[error("dialogue storage: {0}")]
    Database(#[from] sqlx::Error),
    #[error("dialogue state cannot be encoded: {0}")]
    Encode(#[from] serde_json::Error),
}

impl<D> Storage<D> for DialogueStorage<D>
where
    D: Serialize + DeserializeOwned + Default + PartialEq + Send + 'static,
{
    type Error = DialogueStorageError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            remove(&self.pool, chat_id.0).await?;
            self.remember_stateless(chat_id.0);
            Ok(())
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: D,
    ) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            // The default state is "no dialogue": keep no row (and no chat id) for it. teloxide
            // stores the default for a chat that has no state on each of its updates; deleting
            // nothing would still wait for SQLite's write lock (behind a burst of sign-ups, or
            // another process holding the database), so only a row that exists is deleted.
            if dialogue == D::default() {
                if !self.known_stateless(chat_id.0) && exists(&self.pool, chat_id.0).await? {
                    remove(&self.pool, chat_id.0).await?;
                }
                self.remember_stateless(chat_id.0);
                return Ok(());
            }
            let state = serde_json::to_string(&dialogue)?;
            // Forgotten before the write: should the write fail, the row is read again.
            self.forget_stateless(chat_id.0);
            sqlx::query(
                "INSERT INTO dialogues (chat_id, state, updated_at) VALUES (?, ?, ?)
                 ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            )
            .bind(chat_id.0)
            .bind(state)
            .bind(self.clock.unix())
            .execute(&self.pool)
            .await?;
            Ok(())
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<Option<D>, Self::Error>> {
        Box::pin(async move {
            if self.known_stateless(chat_id.0) {
                return Ok(None);
            }
            let state: Option<String> = sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = ?")
                .bind(chat_id.0)
                .fetch_optional(&self.pool)
                .await?;
            if state.is_none() {
                self.remember_stateless(chat_id.0);
            }
            // A state written by an older version that no longer parses starts afresh
            // rather than locking the member out of the bot.
            Ok(state.and_then(|json| match serde_json::from_str(&json) {
                Ok(state) => Some(state),
                Err(error) => {
                    tracing::warn!(chat_id = chat_id.0, %error, "discarding unreadable dialogue state");
                    None
                }
            }))
        })
    }
}

/// Whether a chat has a dialogue state stored.
async fn exists(pool: &SqlitePool, chat_id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM dialogues WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// Deletes the dialogue state of a chat.
pub async fn remove(pool: &SqlitePool, chat_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM dialogues WHERE chat_id = ?")
        .bind(chat_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// How long an unfinished registration is kept untouched: after it, its draft (name, birth
/// year, phone) is deleted.
pub const DRAFT_KEPT_SECONDS: i64 = 7 * 24 * 3600;

/// Deletes the registration drafts untouched since before `before` (seconds); returns how many.
/// Reading first keeps the pass, run every second, off SQLite's write lock when there is none.
pub async fn expire_drafts(pool: &SqlitePool, before: i64) -> sqlx::Result<u64> {
    const STALE_DRAFT: &str = "updated_at < ?1 AND substr(json_extract(state, '$.state'), 1, 4) = 'reg_'";
    let any: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT EXISTS (SELECT 1 FROM dialogues WHERE {STALE_DRAFT})"
    )))
    .bind(before)
    .fetch_one(pool)
    .await?;
    if !any {
        return Ok(0);
    }
    let deleted = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM dialogues WHERE {STALE_DRAFT}"
    )))
    .bind(before)
    .execute(pool)
    .await?;
    Ok(deleted.rows_affected())
}
