//! What every handler works with, handed to it as one value: the database, the clock, the
//! locales, the configuration, and the services that send and redraw.

use std::ops::Deref;
use std::sync::Arc;

use crate::bot::checkin_guard::CheckinGuard;
use crate::bot::live_cards::LiveCards;
use crate::bot::signup_desk::SignupDesk;
use crate::bot::state::State;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::db::dialogues::DialogueStorage;
use crate::delivery::QueueBell;
use crate::i18n::Locales;

/// The handlers' context; cheap to clone (every clone shares the same parts).
#[derive(Clone)]
pub struct App(Arc<Parts>);

/// What [`App`] holds.
pub struct Parts {
    pub db: Db,
    /// The only time source: tests move it.
    pub clock: Clock,
    pub locales: Arc<Locales>,
    pub config: Arc<Config>,
    /// Rung when messages were queued, so the delivery worker looks at once.
    pub bell: QueueBell,
    /// Keeps the event cards in chats true.
    pub live_cards: LiveCards,
    /// Signs up the Volunteer presses, together.
    pub desk: SignupDesk,
    /// The dialogues, for the handlers that run before a dialogue is entered.
    pub dialogues: Arc<DialogueStorage<State>>,
    pub checkin_guard: CheckinGuard,
}

impl App {
    pub fn new(parts: Parts) -> Self {
        Self(Arc::new(parts))
    }
}

impl Deref for App {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}
