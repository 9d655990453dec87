//! Which updates were handled, so that a second delivery of one changes nothing.
//!
//! The record lives in the database (`processed_updates`), so that it outlives a restart, but
//! the pipeline asks for every update, and a burst of thousands of presses would cost a query
//! and a commit each. So the ids handled since the start are also remembered in memory, and the
//! database is asked only about ids as old as those handled before the start; and the ids
//! handled meanwhile are recorded together, in one statement (a group commit).

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use crate::clock::Clock;
use crate::db::group_commit::GroupCommit;
use crate::db::{Db, updates};

/// Ids remembered in memory at most; older ones are asked of the database.
const REMEMBERED: usize = 100_000;

pub struct HandledUpdates {
    pool: Db,
    memory: Mutex<Memory>,
    recorder: GroupCommit<i64>,
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
    pub async fn start(pool: Db, clock: Clock) -> sqlx::Result<Arc<Self>> {
        let floor = updates::newest_processed(&pool).await?.unwrap_or(i64::MIN);
        let recorder = GroupCommit::spawn({
            let pool = pool.clone();
            move |ids: Vec<i64>| {
                let (pool, now) = (pool.clone(), clock.unix());
                async move {
                    updates::mark_processed(&pool, &ids, now).await?;
                    Ok(())
                }
            }
        });
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

    /// Records `update_id` as handled: at once in memory, in the database with the next group
    /// write, without waiting for it (a crash before that write hands the update on again at
    /// the next start, as one in hand would be; handlers are safe to run twice).
    pub fn record(&self, update_id: i64) {
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
        self.recorder.push_detached(update_id);
    }

    /// Returns once every id recorded before is in the database (on stopping).
    pub async fn flush(&self) {
        self.recorder.flush().await;
    }
}
