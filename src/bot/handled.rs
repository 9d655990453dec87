//! Which updates were handled, so that a second delivery of one changes nothing.
//!
//! The record lives in the database (`processed_updates`), so that it outlives a restart, but
//! the pipeline asks for every update, and a burst of thousands of presses would cost a query
//! and a commit each. So the ids handled since the start are also remembered in memory, and the
//! database is asked only about ids as old as those handled before the start; and the ids
//! handled meanwhile are recorded together, in one statement, while the previous record is
//! written (a group commit).

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use crate::db::{self, updates};

/// Ids remembered in memory at most; older ones are asked of the database.
const REMEMBERED: usize = 100_000;

/// Ids recorded by one statement at most.
const MAX_GROUP: usize = 512;

pub struct HandledUpdates {
    pool: SqlitePool,
    memory: Mutex<Memory>,
    recorder: mpsc::UnboundedSender<(i64, oneshot::Sender<()>)>,
}

struct Memory {
    /// Ids handled since the start, newest last.
    recent: HashSet<i64>,
    order: VecDeque<i64>,
    /// Every handled id not in `recent` is at most this: a larger one was never handled.
    floor: i64,
}

impl HandledUpdates {
    /// Reads where the record stood at the start and starts the recorder.
    pub async fn start(pool: SqlitePool) -> sqlx::Result<Arc<Self>> {
        let floor = updates::newest_processed(&pool).await?.unwrap_or(i64::MIN);
        let (recorder, requests) = mpsc::unbounded_channel();
        tokio::spawn(record(pool.clone(), requests));
        Ok(Arc::new(Self {
            pool,
            memory: Mutex::new(Memory {
                recent: HashSet::new(),
                order: VecDeque::new(),
                floor,
            }),
            recorder,
        }))
    }

    /// Whether `update_id` was handled, now or before the start.
    pub async fn contains(&self, update_id: i64) -> sqlx::Result<bool> {
        {
            let memory = self.memory.lock().expect("handled updates");
            if memory.recent.contains(&update_id) {
                return Ok(true);
            }
            if update_id > memory.floor {
                return Ok(false);
            }
        }
        updates::is_processed(&self.pool, update_id).await
    }

    /// Records `update_id` as handled; returns once the database has it.
    pub async fn insert(&self, update_id: i64) -> Result<(), RecordFailed> {
        {
            let mut memory = self.memory.lock().expect("handled updates");
            if memory.recent.insert(update_id) {
                memory.order.push_back(update_id);
            }
            while memory.order.len() > REMEMBERED {
                if let Some(oldest) = memory.order.pop_front() {
                    memory.recent.remove(&oldest);
                    memory.floor = memory.floor.max(oldest);
                }
            }
        }
        let (done, recorded) = oneshot::channel();
        self.recorder.send((update_id, done)).map_err(|_| RecordFailed)?;
        recorded.await.map_err(|_| RecordFailed)
    }
}

/// The database did not take the record (the error is logged where it happened).
#[derive(Debug, thiserror::Error)]
#[error("the handled update was not recorded")]
pub struct RecordFailed;

/// Writes the ids sent meanwhile in one statement, then tells each sender. A sender whose id
/// could not be written is dropped without an answer.
async fn record(pool: SqlitePool, mut requests: mpsc::UnboundedReceiver<(i64, oneshot::Sender<()>)>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while requests.recv_many(&mut group, MAX_GROUP).await > 0 {
        let ids: Vec<i64> = group.iter().map(|(id, _)| *id).collect();
        match updates::mark_processed(&pool, &ids, db::unix_now()).await {
            Ok(()) => {
                for (_, done) in group.drain(..) {
                    let _ = done.send(());
                }
            }
            Err(error) => {
                tracing::error!(updates = ids.len(), %error, "cannot remember handled updates");
                group.clear();
            }
        }
    }
}
