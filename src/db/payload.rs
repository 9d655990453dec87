//! What a queued message carries: the queue stores it as JSON, the member cards fingerprint
//! its buttons.

use serde::{Deserialize, Serialize};

/// What a delivery sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payload {
    /// A copy of a message (formatting and media survive), with an optional inline button.
    Copy {
        from_chat_id: i64,
        message_id: i32,
        button: Option<Button>,
    },
    /// A plain text, with optional inline buttons.
    Text { text: String, buttons: Vec<Button> },
    /// A picture (a chart) with a caption; the PNG travels in the row, base64-encoded, so the
    /// queue alone can send it after a restart.
    Photo { png_base64: String, caption: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub callback_data: String,
}
