//! Writes that many tasks ask for at once, done together (a group commit): under a burst, each
//! write carries everything asked for while the previous write went on, instead of one write
//! (and one commit) each.

use std::future::Future;

use tokio::sync::{mpsc, oneshot};

/// Items carried by one write at most.
const MAX_GROUP: usize = 500;

type Request<T> = (T, oneshot::Sender<Result<(), String>>);

/// The way to one writer task.
#[derive(Debug)]
pub struct GroupCommit<T> {
    requests: mpsc::UnboundedSender<Request<T>>,
}

impl<T> Clone for GroupCommit<T> {
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
        let (requests, mut received) = mpsc::unbounded_channel::<Request<T>>();
        tokio::spawn(async move {
            let mut group = Vec::with_capacity(MAX_GROUP);
            while received.recv_many(&mut group, MAX_GROUP).await > 0 {
                let (items, dones): (Vec<T>, Vec<_>) = group.drain(..).unzip();
                let written = write(items).await.map_err(|error| format!("{error:#}"));
                for done in dones {
                    let _ = done.send(written.clone());
                }
            }
        });
        Self { requests }
    }

    /// Writes `item` together with whatever else is asked for meanwhile; returns once written.
    pub async fn push(&self, item: T) -> Result<(), GroupWriteFailed> {
        let (done, written) = oneshot::channel();
        self.requests
            .send((item, done))
            .map_err(|_| GroupWriteFailed::Stopped)?;
        written
            .await
            .map_err(|_| GroupWriteFailed::Stopped)?
            .map_err(GroupWriteFailed::Write)
    }
}
