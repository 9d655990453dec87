//! What the bot did: every call it made, what it showed in each chat, and the questions tests
//! ask of that record.

use std::collections::HashMap;
use std::time::Instant;

use serde_json::{Value, json};

use super::{BOT_ID, FakeBotApi, inline_rows};

/// One request the bot made.
#[derive(Clone, Debug)]
pub struct ApiCall {
    pub method: String,
    pub params: Value,
    pub at: Instant,
    /// `None` when it succeeded, else the HTTP status and Telegram's description.
    pub error: Option<(u16, String)>,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Something the bot showed in a chat: a new message or an edit of one.
#[derive(Clone, Debug)]
pub struct Sent {
    pub method: String,
    pub chat_id: i64,
    pub message_id: Option<i64>,
    pub text: String,
    pub params: Value,
}

impl Sent {
    /// Labels of the inline buttons, row by row.
    pub fn buttons(&self) -> Vec<Vec<String>> {
        inline_rows(&self.params)
            .iter()
            .map(|row| {
                row.iter()
                    .map(|b| b["text"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .collect()
    }

    pub fn button_labels(&self) -> Vec<String> {
        self.buttons().into_iter().flatten().collect()
    }

    /// Labels of the reply keyboard (the one under the text field), if the message has one.
    pub fn reply_keyboard(&self) -> Vec<String> {
        self.params["reply_markup"]["keyboard"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .flat_map(|row| row.as_array().cloned().unwrap_or_default())
                    .map(|b| b["text"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn removes_reply_keyboard(&self) -> bool {
        self.params["reply_markup"]["remove_keyboard"] == json!(true)
    }
}

impl FakeBotApi {
    /// Records only method, chat and time: memory stays small over very many calls.
    pub fn record_lean(&self) {
        self.inner.lock().unwrap().lean = true;
    }

    pub fn calls(&self) -> Vec<ApiCall> {
        self.inner.lock().unwrap().calls.clone()
    }

    /// How many calls of `method` were received, without copying the record.
    pub fn count_of(&self, method: &str) -> usize {
        let inner = self.inner.lock().unwrap();
        inner.calls.iter().filter(|call| call.method == method).count()
    }

    pub fn call_count(&self) -> usize {
        self.inner.lock().unwrap().calls.len()
    }

    /// Calls Telegram refused: they point at a bug unless the test asked for a fault.
    pub fn errors(&self) -> Vec<ApiCall> {
        self.calls()
            .into_iter()
            .filter(|call| call.error.is_some())
            .collect()
    }

    pub fn delivered(&self, update_id: i64) -> bool {
        self.inner.lock().unwrap().delivered.contains(&update_id)
    }

    /// What the bot showed in `chat_id` from call number `since` on.
    pub fn sent_since(&self, chat_id: i64, since: usize) -> Vec<Sent> {
        let inner = self.inner.lock().unwrap();
        inner.calls[since.min(inner.calls.len())..]
            .iter()
            .filter(|call| call.error.is_none())
            .filter(|call| call.params["chat_id"].as_i64() == Some(chat_id))
            .filter(|call| {
                matches!(
                    call.method.as_str(),
                    "sendMessage"
                        | "editMessageText"
                        | "sendDocument"
                        | "sendPhoto"
                        | "copyMessage"
                        | "sendVideo"
                )
            })
            .map(|call| Sent {
                method: call.method.clone(),
                chat_id,
                message_id: call.params["__message_id"].as_i64(),
                text: call.params["text"]
                    .as_str()
                    .or(call.params["caption"].as_str())
                    .unwrap_or_default()
                    .to_owned(),
                params: call.params.clone(),
            })
            .collect()
    }

    /// Every message the bot sent or edited in `chat_id`.
    pub fn sent_to(&self, chat_id: i64) -> Vec<Sent> {
        self.sent_since(chat_id, 0)
    }

    /// The newest bot message in the chat with an inline button labelled `label`:
    /// its id and the button's callback data.
    pub fn find_button(&self, chat_id: i64, label: &str) -> Option<(i64, String)> {
        let inner = self.inner.lock().unwrap();
        inner
            .messages
            .range((chat_id, i64::MIN)..=(chat_id, i64::MAX))
            .rev()
            .filter(|(_, message)| message["from"]["id"] == json!(BOT_ID))
            .find_map(|((_, id), message)| {
                let markup = json!({ "reply_markup": message["reply_markup"].clone() });
                inline_rows(&markup).into_iter().flatten().find_map(|button| {
                    (button["text"].as_str() == Some(label)).then(|| {
                        (
                            *id,
                            button["callback_data"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                })
            })
    }

    /// As [`find_button`], for a button in the same row as the button labelled `row_label`
    /// (rows such as `[✏️ Wing name] [🗄 Archive]`).
    pub fn find_button_in_row(&self, chat_id: i64, row_label: &str, label: &str) -> Option<(i64, String)> {
        let inner = self.inner.lock().unwrap();
        inner
            .messages
            .range((chat_id, i64::MIN)..=(chat_id, i64::MAX))
            .rev()
            .filter(|(_, message)| message["from"]["id"] == json!(BOT_ID))
            .find_map(|((_, id), message)| {
                let markup = json!({ "reply_markup": message["reply_markup"].clone() });
                let row = inline_rows(&markup)
                    .into_iter()
                    .find(|row| row.iter().any(|b| b["text"].as_str() == Some(row_label)))?;
                row.iter().find_map(|button| {
                    (button["text"].as_str() == Some(label)).then(|| {
                        (
                            *id,
                            button["callback_data"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                })
            })
    }

    /// A message as the chat shows it now (edits applied): its text and inline button labels,
    /// row by row.
    pub fn shown(&self, chat_id: i64, message_id: i64) -> Option<(String, Vec<Vec<String>>)> {
        let inner = self.inner.lock().unwrap();
        let message = inner.messages.get(&(chat_id, message_id))?;
        let markup = json!({ "reply_markup": message["reply_markup"].clone() });
        let rows = inline_rows(&markup)
            .iter()
            .map(|row| {
                row.iter()
                    .map(|b| b["text"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .collect();
        Some((message["text"].as_str().unwrap_or_default().to_owned(), rows))
    }

    /// All inline button labels on the bot's messages in a chat, newest message first.
    pub fn visible_buttons(&self, chat_id: i64) -> Vec<String> {
        let inner = self.inner.lock().unwrap();
        inner
            .messages
            .range((chat_id, i64::MIN)..=(chat_id, i64::MAX))
            .rev()
            .flat_map(|(_, message)| {
                let markup = json!({ "reply_markup": message["reply_markup"].clone() });
                inline_rows(&markup)
                    .into_iter()
                    .flatten()
                    .map(|b| b["text"].as_str().unwrap_or_default().to_owned())
            })
            .collect()
    }

    /// Files the bot sent to `chat_id` with sendDocument: name and bytes.
    pub fn documents_to(&self, chat_id: i64) -> Vec<(String, Vec<u8>)> {
        self.calls()
            .into_iter()
            .filter(|call| call.method == "sendDocument" && call.error.is_none())
            .filter(|call| call.params["chat_id"].as_i64() == Some(chat_id))
            .flat_map(|call| {
                let name = call.params["__document_file_name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                call.files
                    .into_iter()
                    .map(move |(_, bytes)| (name.clone(), bytes))
            })
            .collect()
    }

    /// The text a message shows now (after any edits), if it exists.
    pub fn message_text(&self, chat_id: i64, message_id: i64) -> Option<String> {
        let inner = self.inner.lock().unwrap();
        let message = inner.messages.get(&(chat_id, message_id))?;
        message["text"].as_str().map(str::to_owned)
    }

    /// Long polls the bot gave up on before the fake answered them: it asked again while one
    /// was still open (an HTTP timeout shorter than the long poll does that).
    pub fn abandoned_long_polls(&self) -> usize {
        self.inner.lock().unwrap().long_polls_abandoned
    }

    /// The URL and secret token the bot gave `setWebhook`, while a webhook is set.
    pub fn webhook(&self) -> Option<(String, Option<String>)> {
        self.inner.lock().unwrap().webhook.clone()
    }

    /// Each post of an update to the webhook, with the HTTP status the bot answered.
    pub fn webhook_posts(&self) -> Vec<(i64, u16)> {
        self.inner.lock().unwrap().webhook_posts.clone()
    }
}

/// Copies of a message (a broadcast's) Telegram accepted per chat, leaving out `exclude` (the
/// sender's own chat, where the preview went).
pub fn copies_per_chat(calls: &[ApiCall], exclude: i64) -> HashMap<i64, usize> {
    let mut copies = HashMap::new();
    for call in calls
        .iter()
        .filter(|c| c.method == "copyMessage" && c.error.is_none())
    {
        let chat = call.params["chat_id"].as_i64().unwrap();
        if chat != exclude {
            *copies.entry(chat).or_default() += 1;
        }
    }
    copies
}
