//! What the bot and the delivery queue share about Telegram: the paced client, callback data,
//! keyboards, event cards, and how to tell Telegram failing from Telegram refusing.

pub mod callback;
pub mod event_card;
pub mod keyboards;
pub mod limits;
pub mod paced;

pub use paced::{Bot, Paced};

/// Whether Telegram failed a request (a 5xx, a timeout, a broken connection, an answer that is
/// not Telegram's JSON), as opposed to refusing it.
pub fn is_telegram_failure(error: &teloxide::RequestError) -> bool {
    use teloxide::{ApiError, RequestError};
    match error {
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => true,
        RequestError::Api(ApiError::Unknown(description)) => ![
            "Bad Request",
            "Forbidden",
            "Unauthorized",
            "Not Found",
            "Conflict",
        ]
        .iter()
        .any(|refusal| description.starts_with(refusal)),
        _ => false,
    }
}
