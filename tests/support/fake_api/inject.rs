//! What users do, queued as updates for the bot: messages in private and in groups, contacts,
//! stickers, button presses; and the chats and messages a test starts from.

use std::time::Instant;

use serde_json::{Value, json};

use super::{FakeBotApi, bot_user, unix_now};

/// A Telegram user the test acts as.
#[derive(Clone, Debug)]
pub struct TgUser {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

impl TgUser {
    pub fn new(id: i64, first_name: &str, language_code: Option<&str>) -> Self {
        Self {
            id,
            first_name: first_name.to_owned(),
            username: Some(format!("user{id}")),
            language_code: language_code.map(str::to_owned),
        }
    }

    pub fn json(&self) -> Value {
        let mut user = json!({ "id": self.id, "is_bot": false, "first_name": self.first_name });
        if let Some(username) = &self.username {
            user["username"] = json!(username);
        }
        if let Some(code) = &self.language_code {
            user["language_code"] = json!(code);
        }
        user
    }

    fn private_chat(&self) -> Value {
        json!({ "id": self.id, "type": "private", "first_name": self.first_name })
    }
}

impl FakeBotApi {
    /// A user writes `text` to the bot in private. Returns the update id.
    pub fn user_message(&self, user: &TgUser, text: &str) -> i64 {
        let mut message = self.new_user_message(user, user.private_chat());
        message["text"] = json!(text);
        if text.starts_with('/') {
            let length = text
                .split_whitespace()
                .next()
                .unwrap_or(text)
                .encode_utf16()
                .count();
            message["entities"] = json!([{ "type": "bot_command", "offset": 0, "length": length }]);
        }
        self.push_update("message", message)
    }

    /// A user sends a file as a document, with an optional caption. Returns the update id.
    pub fn user_document(&self, user: &TgUser, file_name: &str, bytes: &[u8], caption: Option<&str>) -> i64 {
        let mut message = self.new_user_message(user, user.private_chat());
        let file_id = {
            let mut inner = self.inner.lock().unwrap();
            let file_id = format!("doc{}", inner.files.len() + 1);
            inner.files.insert(file_id.clone(), bytes.to_vec());
            file_id
        };
        message["document"] = json!({
            "file_id": file_id,
            "file_unique_id": format!("u{file_id}"),
            "file_name": file_name,
            "file_size": bytes.len(),
        });
        if let Some(caption) = caption {
            message["caption"] = json!(caption);
        }
        self.push_update("message", message)
    }

    /// A user sends a contact card (their own when `contact_user_id` is theirs).
    pub fn user_contact(&self, user: &TgUser, phone: &str, contact_user_id: Option<i64>) -> i64 {
        let mut message = self.new_user_message(user, user.private_chat());
        let mut contact = json!({ "phone_number": phone, "first_name": user.first_name });
        if let Some(id) = contact_user_id {
            contact["user_id"] = json!(id);
        }
        message["contact"] = contact;
        self.push_update("message", message)
    }

    /// A user sends a contact card in a message teloxide cannot read (its date is not a
    /// number), as a future Bot API might: the update reaches the bot whole, name and phone.
    pub fn unreadable_contact(&self, user: &TgUser, name: &str, phone: &str) -> i64 {
        let mut message = self.new_user_message(user, user.private_chat());
        message["date"] = json!("not a date");
        message["contact"] = json!({ "phone_number": phone, "first_name": name, "user_id": user.id });
        self.push_update("message", message)
    }

    /// A user sends a sticker: something that is neither text nor contact.
    pub fn user_sticker(&self, user: &TgUser) -> i64 {
        let mut message = self.new_user_message(user, user.private_chat());
        message["sticker"] = json!({
            "file_id": "sticker-file", "file_unique_id": "sticker-unique", "type": "regular",
            "width": 512, "height": 512, "is_animated": false, "is_video": false
        });
        self.push_update("message", message)
    }

    /// A user writes `text` in a group chat the bot is in.
    pub fn group_message(&self, user: &TgUser, group_id: i64, title: &str, text: &str) -> i64 {
        self.group_reply(user, group_id, title, text, None).0
    }

    /// A user writes in a group, optionally as a reply to an earlier message there.
    /// Returns the update id and the message, so later messages can reply to it.
    pub fn group_reply(
        &self,
        user: &TgUser,
        group_id: i64,
        title: &str,
        text: &str,
        reply_to: Option<&Value>,
    ) -> (i64, Value) {
        let chat = json!({ "id": group_id, "type": "group", "title": title });
        let mut message = self.new_user_message(user, chat);
        if let Some(original) = reply_to {
            message["reply_to_message"] = original.clone();
        }
        message["text"] = json!(text);
        if text.starts_with('/') {
            let length = text
                .split_whitespace()
                .next()
                .unwrap_or(text)
                .encode_utf16()
                .count();
            message["entities"] = json!([{ "type": "bot_command", "offset": 0, "length": length }]);
        }
        (self.push_update("message", message.clone()), message)
    }

    /// The bot is in the group `group_id`, so it can write there.
    pub fn add_group(&self, group_id: i64, title: &str) {
        let chat = json!({ "id": group_id, "type": "group", "title": title });
        self.inner.lock().unwrap().chats.insert(group_id, chat);
    }

    /// The user has a private chat with the bot (they pressed Start once), so it can write to them.
    pub fn add_private_chat(&self, user: &TgUser) {
        self.inner
            .lock()
            .unwrap()
            .chats
            .insert(user.id, user.private_chat());
    }

    /// Accepts messages to any positive chat id, as if every member had opened the bot.
    pub fn open_all_private_chats(&self) {
        self.inner.lock().unwrap().open_chats = true;
    }

    /// A user presses a button with `data` on the bot's message `message_id` in their chat.
    pub fn user_presses(&self, user: &TgUser, message_id: i64, data: &str) -> i64 {
        self.presses_in(user, user.id, message_id, data)
    }

    /// A user presses a button with `data` on the bot's message `message_id` in chat `chat_id`
    /// (their own or a group's).
    pub fn presses_in(&self, user: &TgUser, chat_id: i64, message_id: i64, data: &str) -> i64 {
        let message = {
            let inner = self.inner.lock().unwrap();
            inner.messages.get(&(chat_id, message_id)).cloned()
        }
        .unwrap_or_else(|| panic!("the bot sent no message {message_id} to {chat_id}"));
        let id = self.next_update_id();
        self.inner
            .lock()
            .unwrap()
            .pressed_at
            .insert(format!("cq{id}"), Instant::now());
        let query = json!({
            "id": format!("cq{id}"),
            "from": user.json(),
            "message": message,
            "chat_instance": format!("ci{}", user.id),
            "data": data,
        });
        self.push_update_with_id(id, "callback_query", query)
    }

    /// A message the bot sent `user` earlier (its text and inline keyboard), without a call
    /// being recorded: for tests that start from a card already in the member's chat.
    pub fn bot_message(&self, user: &TgUser, text: &str, reply_markup: Value) -> i64 {
        self.add_private_chat(user);
        let mut inner = self.inner.lock().unwrap();
        let chat = inner
            .chats
            .get(&user.id)
            .cloned()
            .expect("the chat was just opened");
        let message_id = inner.next_message_id;
        inner.next_message_id += 1;
        let message = json!({
            "message_id": message_id, "date": unix_now(), "chat": chat, "from": bot_user(),
            "text": text, "reply_markup": reply_markup,
        });
        inner.messages.insert((user.id, message_id), message);
        message_id
    }

    /// A message the bot posted in a group earlier (an event card with its buttons), without a
    /// call being recorded: for benchmarks whose members press a group's card.
    pub fn bot_group_message(&self, group_id: i64, title: &str, text: &str, reply_markup: Value) -> i64 {
        let chat = json!({ "id": group_id, "type": "group", "title": title });
        let mut inner = self.inner.lock().unwrap();
        inner.chats.insert(group_id, chat.clone());
        let message_id = inner.next_message_id;
        inner.next_message_id += 1;
        let message = json!({
            "message_id": message_id, "date": unix_now(), "chat": chat, "from": bot_user(),
            "text": text, "reply_markup": reply_markup,
        });
        inner.messages.insert((group_id, message_id), message);
        message_id
    }

    /// A message `user` wrote in their chat with the bot earlier, without an update being
    /// queued (for benchmarks that queue a broadcast of it directly). Returns its id.
    pub fn earlier_user_message(&self, user: &TgUser, text: &str) -> i64 {
        let mut message = self.new_user_message(user, user.private_chat());
        message["text"] = json!(text);
        let message_id = message["message_id"].as_i64().unwrap();
        self.inner
            .lock()
            .unwrap()
            .messages
            .insert((user.id, message_id), message);
        message_id
    }

    /// Telegram delivers an update it already delivered (as after a lost acknowledgement).
    pub fn redeliver(&self, update_id: i64) {
        let update = {
            let inner = self.inner.lock().unwrap();
            inner.calls.iter().rev().find_map(|call| {
                (call.method == "getUpdates").then(|| {
                    call.params["__returned"].as_array().and_then(|updates| {
                        updates
                            .iter()
                            .find(|u| u["update_id"] == json!(update_id))
                            .cloned()
                    })
                })?
            })
        }
        .unwrap_or_else(|| panic!("update {update_id} was never delivered"));
        self.inner.lock().unwrap().pending.push((update, true));
        self.updates_ready.notify_waiters();
    }

    fn new_user_message(&self, user: &TgUser, chat: Value) -> Value {
        let mut inner = self.inner.lock().unwrap();
        let chat_id = chat["id"].as_i64().unwrap();
        inner.chats.insert(chat_id, chat.clone());
        let message_id = inner.next_message_id;
        inner.next_message_id += 1;
        json!({
            "message_id": message_id,
            "date": unix_now(),
            "chat": chat,
            "from": user.json(),
        })
    }

    fn next_update_id(&self) -> i64 {
        let mut inner = self.inner.lock().unwrap();
        let id = inner.next_update_id;
        inner.next_update_id += 1;
        id
    }

    fn push_update(&self, kind: &str, payload: Value) -> i64 {
        let id = self.next_update_id();
        self.push_update_with_id(id, kind, payload)
    }

    fn push_update_with_id(&self, id: i64, kind: &str, payload: Value) -> i64 {
        let mut inner = self.inner.lock().unwrap();
        // A user's message exists in its chat from now on, as on Telegram: it can be copied.
        if kind == "message"
            && let (Some(chat_id), Some(message_id)) =
                (payload["chat"]["id"].as_i64(), payload["message_id"].as_i64())
        {
            inner.messages.insert((chat_id, message_id), payload.clone());
        }
        let mut update = json!({ "update_id": id });
        update[kind] = payload;
        inner.pending.push((update, false));
        drop(inner);
        self.updates_ready.notify_waiters();
        id
    }
}
