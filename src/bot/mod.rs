//! The Telegram side: the handler tree, commands, callback data, keyboards and handlers.

pub mod caller;
pub mod checkin_guard;
pub mod commands;
pub mod context;
pub mod handlers;
pub mod live_cards;
pub mod main_menu;
pub mod reasons;
pub mod schema;
pub mod scope;
pub mod signup_desk;
pub mod state;

use teloxide::dispatching::dialogue::Dialogue;

use crate::db::dialogues::DialogueStorage;

pub use crate::telegram::callback::{self, Callback};
pub use crate::telegram::{event_card, keyboards};
pub use caller::Caller;
pub use context::App;
pub use schema::schema;
pub use state::State;

/// What every handler returns: errors are logged with context and the user gets an apology.
pub type HandlerResult = anyhow::Result<()>;

/// A chat's dialogue, stored in SQLite.
pub type BotDialogue = Dialogue<State, DialogueStorage<State>>;
