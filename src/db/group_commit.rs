//! Writes that many tasks ask for at once, done together (a group commit): under a burst, each
//! write carries everything asked for while the previous write went on, instead of one write
//! (and one commit) each. A write may answer each item (a sign-up's outcome, say).

use std::future::Future;

use tokio::sync::{mpsc, oneshot};

/// Items carried by one write at most.
const MAX_GROUP: usize = 500;

enum Request<T, R> {
    /// An item, and whoever waits for its answer (nobody, for an item pushed detached).
    Write(T, Option<oneshot::Sender<Result<R, String>>>),
    /// Answered once every item asked for before it is written.
    Flush(oneshot::Sender<()>),
}

/// The way to one writer task; `R` is what the write answers each item.
#[derive(Debug)]
pub struct GroupCommit<T, R = ()> {
    requests: mpsc::UnboundedSender<Request<T, R>>,
}

impl<T, R> Clone for GroupCommit<T, R> {
    fn clone(&self) -> Self {
        Self {
            requests: self.requests.clone(),
        }
    }
}

/// The item was not written.
#[derive(Debug, thiserror::Error)]
pub enum GroupWriteFailed {
    #[error("the writer has stopped")]
    Stopped,
    #[error("{0}")]
    Write(String),
}

impl<T: Send + 'static> GroupCommit<T> {
    /// Starts a task that runs `write` on the items asked for meanwhile; it stops when the last
    /// `GroupCommit` is dropped.
    pub fn spawn<W, F>(mut write: W) -> Self
    where
        W: FnMut(Vec<T>) -> F + Send + 'static,
        F: Future<Output = anyhow::Result<()>> + Send,
    {
        Self::spawn_answering(move |items: Vec<T>| {
            let count = items.len();
            let written = write(items);
            async move { written.await.map(|()| vec![(); count]) }
        })
    }
}

impl<T: Send + 'static, R: Send + 'static> GroupCommit<T, R> {
    /// As [`GroupCommit::spawn`], for a `write` that answers each item, in the items' order.
    pub fn spawn_answering<W, F>(mut write: W) -> Self
    where
        W: FnMut(Vec<T>) -> F + Send + 'static,
        F: Future<Output = anyhow::Result<Vec<R>>> + Send,
    {
        let (requests, mut received) = mpsc::unbounded_channel::<Request<T, R>>();
        tokio::spawn(async move {
            let mut group = Vec::with_capacity(MAX_GROUP);
            while received.recv_many(&mut group, MAX_GROUP).await > 0 {
                let mut items = Vec::with_capacity(group.len());
                let mut dones = Vec::with_capacity(group.len());
                let mut flushes = Vec::new();
                for request in group.drain(..) {
                    match request {
                        Request::Write(item, done) => {
                            items.push(item);
                            dones.push(done);
                        }
                        Request::Flush(done) => flushes.push(done),
                    }
                }
                if !items.is_empty() {
                    let count = items.len();
                    let answers = match write(items).await {
                        Ok(answers) if answers.len() == count => answers.into_iter().map(Ok).collect(),
                        written => {
                            let error = match written {
                                Err(error) => format!("{error:#}"),
                                Ok(answers) => format!("{} answers for {count} items", answers.len()),
                            };
                            tracing::error!(%error, items = count, "a group write failed");
                            (0..count).map(|_| Err(error.clone())).collect::<Vec<_>>()
                        }
                    };
                    for (done, answer) in dones.into_iter().zip(answers) {
                        if let Some(done) = done {
                            let _ = done.send(answer);
                        }
                    }
                }
                for flushed in flushes {
                    let _ = flushed.send(());
                }
            }
        });
        Self { requests }
    }

    /// Writes `item` together with whatever else is asked for meanwhile; returns its answer
    /// once written.
    pub async fn push(&self, item: T) -> Result<R, GroupWriteFailed> {
        let (done, written) = oneshot::channel();
        self.requests
            .send(Request::Write(item, Some(done)))
            .map_err(|_| GroupWriteFailed::Stopped)?;
        written
            .await
            .map_err(|_| GroupWriteFailed::Stopped)?
            .map_err(GroupWriteFailed::Write)
    }

    /// Writes `item` with the others, without waiting: a failed write is logged.
    pub fn push_detached(&self, item: T) {
        // Stopped: only while the bot stops, after which nothing is pushed.
        let _ = self.requests.send(Request::Write(item, None));
    }

    /// Returns once everything pushed before is written (or failed).
    pub async fn flush(&self) {
        let (done, flushed) = oneshot::channel();
        if self.requests.send(Request::Flush(done)).is_ok() {
            let _ = flushed.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[tokio::test]
    async fn detached_items_are_written_by_the_time_a_flush_returns() {
        let written = Arc::new(Mutex::new(Vec::new()));
        let commit = GroupCommit::spawn({
            let written = written.clone();
            move |items: Vec<i64>| {
                let written = written.clone();
                async move {
                    tokio::task::yield_now().await;
                    written.lock().unwrap().extend(items);
                    Ok(())
                }
            }
        });
        for id in 1..=1000 {
            commit.push_detached(id);
        }
        commit.flush().await;
        assert_eq!(*written.lock().unwrap(), (1..=1000).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn each_item_gets_its_own_answer_and_a_failed_write_fails_them_all() {
        let doubled = GroupCommit::spawn_answering(|items: Vec<i64>| async move {
            Ok(items.into_iter().map(|item| item * 2).collect())
        });
        let answers = futures::future::join_all((1..=50).map(|item| doubled.push(item))).await;
        let answers: Vec<i64> = answers.into_iter().map(Result::unwrap).collect();
        assert_eq!(answers, (1..=50).map(|item| item * 2).collect::<Vec<_>>());

        let failing: GroupCommit<i64, i64> =
            GroupCommit::spawn_answering(|_items: Vec<i64>| async { anyhow::bail!("disk full") });
        assert!(matches!(failing.push(1).await, Err(GroupWriteFailed::Write(error)) if error == "disk full"));
    }
}
