//! Back-pressure on incoming updates: the bot takes from Telegram only as many updates as it
//! can handle at once. In a burst (thousands pressing "Volunteer" together) each update is then
//! answered soon after it is taken, in the order Telegram keeps, instead of all of them slowly;
//! updates not yet taken wait at Telegram, which keeps them until they are fetched.

use std::sync::Arc;

use futures::StreamExt;
use futures::stream::BoxStream;
use teloxide::stop::StopToken;
use teloxide::types::{AllowedUpdate, Update};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};
use tokio::sync::Semaphore;

/// Updates being handled at the same time, at most.
pub const MAX_UPDATES_IN_HAND: usize = 32;

/// The updates in hand: the listener takes a place for each, the pipeline gives it back.
#[derive(Clone, Debug)]
pub struct InFlight(Arc<Semaphore>);

impl Default for InFlight {
    fn default() -> Self {
        Self(Arc::new(Semaphore::new(MAX_UPDATES_IN_HAND)))
    }
}

impl InFlight {
    async fn take(&self) {
        if let Ok(permit) = self.0.acquire().await {
            permit.forget();
        }
    }

    /// An update is done with.
    pub fn release(&self) {
        self.0.add_permits(1);
    }
}

/// A listener that yields an update only when there is room for it.
pub struct Admitted<L> {
    inner: L,
    in_flight: InFlight,
}

impl<L> Admitted<L> {
    pub fn new(inner: L, in_flight: InFlight) -> Self {
        Self { inner, in_flight }
    }
}

impl<L: UpdateListener> UpdateListener for Admitted<L>
where
    L::Err: Send + 'static,
{
    type Err = L::Err;

    fn stop_token(&mut self) -> StopToken {
        self.inner.stop_token()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.inner.hint_allowed_updates(hint);
    }
}

impl<'a, L> AsUpdateStream<'a> for Admitted<L>
where
    L: AsUpdateStream<'a>,
    L::StreamErr: Send + 'static,
{
    type StreamErr = L::StreamErr;
    type Stream = BoxStream<'a, Result<Update, L::StreamErr>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let in_flight = self.in_flight.clone();
        self.inner
            .as_stream()
            .then(move |item| {
                let in_flight = in_flight.clone();
                async move {
                    if item.is_ok() {
                        in_flight.take().await;
                    }
                    item
                }
            })
            .boxed()
    }
}
