//! Writes that many tasks ask for at once, done together (a group commit): under a burst, each
//! write carries everything asked for while the previous write went on, instead of one write
//! (and one commit) each. A write may answer each item (a sign-up's outcome, say).

use std::future::Future;

use tokio::sync::{mpsc, oneshot};

/// Items carried by one write at most.
const MAX_GROUP: usize = 500;

type Request<T, R> = (T, oneshot::Sender<Result<R, String>>);

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
                let (items, dones): (Vec<T>, Vec<_>) = group.drain(..).unzip();
                let count = items.len();
                match write(items).await {
                    Ok(answers) if answers.len() == count => {
                        for (done, answer) in dones.into_iter().zip(answers) {
                            let _ = done.send(Ok(answer));
                        }
                    }
                    written => {
                        let error = match written {
                            Err(error) => format!("{error:#}"),
                            Ok(answers) => format!("{} answers for {count} items", answers.len()),
                        };
                        for done in dones {
                            let _ = done.send(Err(error.clone()));
                        }
                    }
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
            .send((item, done))
            .map_err(|_| GroupWriteFailed::Stopped)?;
        written
            .await
            .map_err(|_| GroupWriteFailed::Stopped)?
            .map_err(GroupWriteFailed::Write)
    }
}
