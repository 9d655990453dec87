//! An HTTP fake of the Telegram Bot API on 127.0.0.1, written for Birlik's tests.
//!
//! It serves `getUpdates` from a queue of updates the test injects (private messages, group
//! messages, contacts, button presses), records every request with its time, keeps the messages
//! the bot sent and the messages users sent so buttons can be pressed and messages copied, and is
//! as strict as Telegram: texts of at most 4,096 and captions of at most 1,024 UTF-16 code units
//! (an emoji counts two), callback answers of at most 200, 64-byte callback data, at most 100
//! inline buttons and 8 a row, `copyMessage` only of a message that exists, one answer per button
//! press and none later than [`QUERY_LIFETIME`] after the press, and, once
//! [`FakeBotApi::enforce_limits`] is called, Telegram's sending rates. It answers 429, 403 or 5xx
//! when told to; it can also hang, drop connections, or be down for a while
//! ([`FakeBotApi::outage`]).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::serve::ListenerExt;
use serde_json::{Value, json};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub const BOT_ID: i64 = 7_000_000_001;
pub const BOT_USERNAME: &str = "birlik_test_bot";
pub const TOKEN: &str = "7000000001:AAFakeTokenForTestsOnly-0123456789";

/// Longest a `getUpdates` is held open, whatever timeout the bot asks for, so a bot stops fast.
const MAX_LONG_POLL: Duration = Duration::from_millis(300);

/// How long after a press Telegram still takes its answer: later, "query is too old".
pub const QUERY_LIFETIME: Duration = Duration::from_secs(15);

/// Telegram's limits on what one message holds, in UTF-16 code units where text is counted.
pub const MAX_TEXT: usize = 4096;
pub const MAX_CAPTION: usize = 1024;
pub const MAX_CALLBACK_ANSWER: usize = 200;
pub const MAX_INLINE_BUTTONS: usize = 100;
pub const MAX_BUTTONS_IN_A_ROW: usize = 8;

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

/// An answer the fake gives instead of success.
#[derive(Clone, Debug)]
pub enum Fault {
    TooManyRequests {
        retry_after: u32,
    },
    Forbidden,
    Server(u16),
    BadRequest(String),
    /// The request is held open without an answer for this long (or until the client gives
    /// up), then the connection is closed; the request is not carried out.
    Hang(Duration),
    /// The connection is closed without an HTTP answer; the request is not carried out.
    Disconnect,
    /// The request is carried out, then the connection is closed before the answer: the bot
    /// cannot know that it succeeded (as when a connection breaks on the way back).
    AnswerLost,
}

impl Fault {
    /// Whether the fault is in the connection rather than in Telegram's answer.
    fn is_transport(&self) -> bool {
        matches!(self, Fault::Hang(_) | Fault::Disconnect | Fault::AnswerLost)
    }
}

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

fn inline_rows(params: &Value) -> Vec<Vec<Value>> {
    params["reply_markup"]["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| row.as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Default)]
struct Inner {
    next_update_id: i64,
    next_message_id: i64,
    /// Updates waiting for getUpdates; `true` marks a redelivery that ignores the offset.
    pending: Vec<(Value, bool)>,
    delivered: HashSet<i64>,
    calls: Vec<ApiCall>,
    /// Messages the bot sent or a user sent, by chat and message id.
    messages: BTreeMap<(i64, i64), Value>,
    chats: HashMap<i64, Value>,
    faults: VecDeque<(String, Fault)>,
    blocked_chats: HashSet<i64>,
    /// Button presses already answered: Telegram takes one answer per press.
    answered_queries: HashSet<String>,
    /// When each button press was made: its answer is refused after `query_lifetime`.
    pressed_at: HashMap<String, Instant>,
    query_lifetime: Duration,
    /// Chats whose first message fails with this fault, once.
    fail_once: HashMap<i64, Fault>,
    limits: Option<TelegramLimits>,
    recent_sends: VecDeque<Instant>,
    /// Per chat: when its burst was last counted, and the messages it had left then.
    chat_allowance: HashMap<i64, (Instant, f64)>,
    group_sends: HashMap<i64, VecDeque<Instant>>,
    too_many_requests: usize,
    violations: Vec<String>,
    call_total: usize,
    /// Any positive chat id is a private chat the user opened (for large audiences).
    open_chats: bool,
    /// Keep only the method, chat and time of each call (for benchmarks over 100,000 sends).
    lean: bool,
    /// The URL and secret token of `setWebhook`: updates are then posted there.
    webhook: Option<(String, Option<String>)>,
    /// Each post to the webhook: the update id and the HTTP status the bot answered.
    webhook_posts: Vec<(i64, u16)>,
    /// Until when every call, `getUpdates` included, meets this fault.
    outage: Option<(Instant, Fault)>,
    /// An outage that begins at the next call of a method: its fault and length.
    armed_outage: Option<(String, Fault, Duration)>,
    /// Hold `getUpdates` for the whole timeout the bot asks for, as Telegram does.
    honest_long_polls: bool,
    /// The honest long poll being held open (a number for each), and how many the bot gave up
    /// on: it asked again while one was still open.
    long_poll_open: Option<u64>,
    long_polls_started: u64,
    long_polls_abandoned: usize,
}

/// Telegram's sending limits, enforced by answering 429 as Telegram would. Messages sent and
/// messages edited count alike; answers to button presses do not.
#[derive(Clone, Debug)]
pub struct TelegramLimits {
    /// Messages a second over all chats.
    pub per_second: usize,
    /// Once a chat's burst is spent, one message per this long.
    pub chat_interval: Duration,
    /// Messages a chat may get in a row.
    pub chat_burst: u32,
    /// Messages a minute to one group.
    pub group_per_minute: usize,
}

impl TelegramLimits {
    /// As Telegram: 30 a second, a burst of 3 then one a second per chat, 20 a minute per group.
    pub fn telegram() -> Self {
        Self {
            per_second: 30,
            chat_interval: Duration::from_secs(1),
            chat_burst: 3,
            group_per_minute: 20,
        }
    }

    /// Every limit `factor` times looser (for benchmarks).
    pub fn scaled(self, factor: f64) -> Self {
        Self {
            per_second: (self.per_second as f64 * factor) as usize,
            chat_interval: self.chat_interval.div_f64(factor),
            chat_burst: self.chat_burst,
            group_per_minute: (self.group_per_minute as f64 * factor) as usize,
        }
    }
}

const SEND_METHODS: [&str; 5] = [
    "sendMessage",
    "copyMessage",
    "sendPhoto",
    "sendDocument",
    "sendVideo",
];

/// What Telegram's message limits count.
const LIMITED_METHODS: [&str; 7] = [
    "sendMessage",
    "copyMessage",
    "sendPhoto",
    "sendDocument",
    "sendVideo",
    "editMessageText",
    "editMessageReplyMarkup",
];

/// The fake server. Dropping it stops it.
pub struct FakeBotApi {
    addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
    updates_ready: Arc<Notify>,
    server: JoinHandle<()>,
    webhook_pusher: JoinHandle<()>,
}

#[derive(Clone)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    updates_ready: Arc<Notify>,
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        self.server.abort();
        self.webhook_pusher.abort();
    }
}

impl FakeBotApi {
    pub async fn start() -> Self {
        let inner = Arc::new(Mutex::new(Inner {
            next_update_id: 1,
            next_message_id: 1,
            query_lifetime: QUERY_LIFETIME,
            ..Inner::default()
        }));
        let updates_ready = Arc::new(Notify::new());
        let shared = Shared {
            inner: inner.clone(),
            updates_ready: updates_ready.clone(),
        };
        let webhook_pusher = tokio::spawn(push_to_webhook(shared.clone()));
        let router = Router::new()
            .route("/{token}/{method}", any(handle))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake Bot API");
        let addr = listener.local_addr().unwrap();
        // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to some answers.
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("fake Bot API server");
        });
        Self {
            addr,
            inner,
            updates_ready,
            server,
            webhook_pusher,
        }
    }

    /// What `TELOXIDE_API_URL` should be.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    // ---- updates a user causes ----------------------------------------------------------

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

    /// The text a message shows now (after any edits), if it exists.
    pub fn message_text(&self, chat_id: i64, message_id: i64) -> Option<String> {
        let inner = self.inner.lock().unwrap();
        let message = inner.messages.get(&(chat_id, message_id))?;
        message["text"].as_str().map(str::to_owned)
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

    // ---- faults and limits ------------------------------------------------------------

    /// The first message to each of these chats fails with `fault`; the next one succeeds.
    pub fn fail_once_for(&self, chats: impl IntoIterator<Item = i64>, fault: Fault) {
        let mut inner = self.inner.lock().unwrap();
        for chat in chats {
            inner.fail_once.insert(chat, fault.clone());
        }
    }

    /// Answers to button presses are refused this long after the press ([`QUERY_LIFETIME`]
    /// unless told): a test of a late answer need not wait 15 s.
    pub fn queries_expire_after(&self, lifetime: Duration) {
        self.inner.lock().unwrap().query_lifetime = lifetime;
    }

    /// Answers 429 to sends beyond these limits, as Telegram does.
    pub fn enforce_limits(&self, limits: TelegramLimits) {
        self.inner.lock().unwrap().limits = Some(limits);
    }

    /// 429s the fake gave because a limit was exceeded (not the injected ones).
    pub fn limit_violations(&self) -> usize {
        self.inner.lock().unwrap().too_many_requests
    }

    /// What each limit violation was.
    pub fn violations(&self) -> Vec<String> {
        self.inner.lock().unwrap().violations.clone()
    }

    /// Accepts messages to any positive chat id, as if every member had opened the bot.
    pub fn open_all_private_chats(&self) {
        self.inner.lock().unwrap().open_chats = true;
    }

    /// Records only method, chat and time: memory stays small over very many calls.
    pub fn record_lean(&self) {
        self.inner.lock().unwrap().lean = true;
    }

    /// The next call of `method` gets `fault` instead of success.
    pub fn fail_next(&self, method: &str, fault: Fault) {
        self.inner
            .lock()
            .unwrap()
            .faults
            .push_back((method.to_owned(), fault));
    }

    /// From now on and for `length`, every call (`getUpdates` included) meets `fault`, as when
    /// Telegram is down; a [`Fault::Hang`] then lasts until the outage ends at most.
    pub fn outage(&self, fault: Fault, length: Duration) {
        self.inner.lock().unwrap().outage = Some((Instant::now() + length, fault));
    }

    /// As [`FakeBotApi::outage`], beginning at the next call of `method` (which meets it first):
    /// for an outage that starts while the bot is handling an update it already took.
    pub fn outage_from(&self, method: &str, fault: Fault, length: Duration) {
        self.inner.lock().unwrap().armed_outage = Some((method.to_owned(), fault, length));
    }

    /// Holds each `getUpdates` for the whole `timeout` the bot asks for (instead of a fraction
    /// of a second), as Telegram does when there is no news.
    pub fn honour_long_polls(&self) {
        self.inner.lock().unwrap().honest_long_polls = true;
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

    /// Every later message to this chat is answered 403, as when the user blocked the bot.
    pub fn block_chat(&self, chat_id: i64) {
        self.inner.lock().unwrap().blocked_chats.insert(chat_id);
    }

    // ---- what the bot did ---------------------------------------------------------------

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
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn bot_user() -> Value {
    json!({ "id": BOT_ID, "is_bot": true, "first_name": "Birlik", "username": BOT_USERNAME })
}

fn ok(result: Value) -> Response {
    (
        StatusCode::OK,
        axum::Json(json!({ "ok": true, "result": result })),
    )
        .into_response()
}

fn refusal(code: u16, description: &str, parameters: Option<Value>) -> Response {
    let mut body = json!({ "ok": false, "error_code": code, "description": description });
    if let Some(parameters) = parameters {
        body["parameters"] = parameters;
    }
    (StatusCode::from_u16(code).unwrap(), axum::Json(body)).into_response()
}

/// Reads JSON or multipart parameters; files are kept apart.
async fn read_params(request: Request) -> (Value, Vec<(String, Vec<u8>)>) {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        let mut params = json!({});
        let mut files = Vec::new();
        let mut multipart = Multipart::from_request(request, &())
            .await
            .expect("multipart body");
        while let Ok(Some(field)) = multipart.next_field().await {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field.bytes().await.unwrap_or_default().to_vec();
            match file_name {
                Some(file_name) => {
                    params[&name] = json!(format!("attach://{file_name}"));
                    params[format!("__{name}_file_name")] = json!(file_name);
                    files.push((name, bytes));
                }
                None => {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    params[&name] = serde_json::from_str(&text).unwrap_or(Value::String(text));
                }
            }
        }
        // teloxide names file parts at random and points to them as `attach://<part>`.
        let attached: Vec<(String, String)> = params
            .as_object()
            .unwrap()
            .iter()
            .filter_map(|(key, value)| {
                let part = value.as_str()?.strip_prefix("attach://")?;
                let file_name = params[format!("__{part}_file_name")].as_str()?;
                Some((key.clone(), file_name.to_owned()))
            })
            .collect();
        for (key, file_name) in attached {
            params[format!("__{key}_file_name")] = json!(file_name);
        }
        (params, files)
    } else {
        let bytes = to_bytes(request.into_body(), 64 * 1024 * 1024)
            .await
            .unwrap_or_default();
        (
            serde_json::from_slice(&bytes).unwrap_or_else(|_| json!({})),
            Vec::new(),
        )
    }
}

async fn handle(
    State(shared): State<Shared>,
    Path((token, method)): Path<(String, String)>,
    request: Request<Body>,
) -> Response {
    let at = Instant::now();
    // Telegram matches method names case-insensitively; teloxide sends `GetMe`, others `getMe`.
    let method = canonical_method(&method);
    let (mut params, files) = read_params(request).await;
    if token != format!("bot{TOKEN}") {
        return refusal(401, "Unauthorized", None);
    }
    let fault = {
        let mut inner = shared.inner.lock().unwrap();
        let fault = take_fault(&mut inner, &method, &params, at);
        if let Some((fault, _)) = fault.as_ref().filter(|(f, _)| !matches!(f, Fault::AnswerLost)) {
            let error = match fault {
                Fault::Hang(_) => (0, "held open, then disconnected".to_owned()),
                Fault::Disconnect => (0, "disconnected without an answer".to_owned()),
                other => {
                    let (code, description, _) = refusal_of(other.clone());
                    (code, description)
                }
            };
            inner.call_total += 1;
            inner.calls.push(ApiCall {
                method: method.clone(),
                params: params.clone(),
                at,
                error: Some(error),
                files: files.clone(),
            });
        }
        fault
    };
    let answer_lost = match fault {
        None => false,
        Some((Fault::AnswerLost, _)) => true,
        Some((Fault::Hang(length), until)) => {
            let until = until.map_or(at + length, |end| end.min(at + length));
            tokio::time::sleep_until(until.into()).await;
            return disconnect();
        }
        Some((Fault::Disconnect, _)) => return disconnect(),
        Some((other, _)) => {
            let (code, description, parameters) = refusal_of(other);
            return refusal(code, &description, parameters);
        }
    };
    if method == "getUpdates" {
        let answer = get_updates(&shared, params, at).await;
        return if answer_lost { disconnect() } else { answer };
    }
    let mut inner = shared.inner.lock().unwrap();
    let outcome = answer(&mut inner, &method, &mut params, at);
    let error = outcome
        .as_ref()
        .err()
        .map(|(code, description, _)| (*code, description.clone()));
    inner.call_total += 1;
    // Lean mode keeps no record per call: memory then shows the bot's, not the fake's.
    if !inner.lean {
        inner.calls.push(ApiCall {
            method,
            params,
            at,
            error,
            files,
        });
    }
    if answer_lost {
        return disconnect();
    }
    match outcome {
        Ok(result) => ok(result),
        Err((code, description, parameters)) => refusal(code, &description, parameters),
    }
}

/// The fault this call meets before Telegram would look at it: an outage (for every method), or
/// a fault in the connection queued for the method or the chat. With it, when the outage ends.
fn take_fault(
    inner: &mut Inner,
    method: &str,
    params: &Value,
    at: Instant,
) -> Option<(Fault, Option<Instant>)> {
    if inner.armed_outage.as_ref().is_some_and(|(m, _, _)| m == method) {
        let (_, fault, length) = inner.armed_outage.take().unwrap();
        inner.outage = Some((at + length, fault));
    }
    if let Some((until, fault)) = inner.outage.clone() {
        if at < until {
            return Some((fault, Some(until)));
        }
        inner.outage = None;
    }
    let chat_id = params["chat_id"].as_i64();
    if SEND_METHODS.contains(&method)
        && let Some(chat) = chat_id
        && inner.fail_once.get(&chat).is_some_and(Fault::is_transport)
    {
        return inner.fail_once.remove(&chat).map(|fault| (fault, None));
    }
    let position = inner
        .faults
        .iter()
        .position(|(m, fault)| m == method && fault.is_transport())?;
    inner.faults.remove(position).map(|(_, fault)| (fault, None))
}

/// An answer that never comes: the connection is closed before a complete HTTP response (the
/// body promised by `Content-Length` breaks off), so the client sees a network error.
fn disconnect() -> Response {
    let broken = futures::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "the fake dropped the connection",
        ))
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "1024")
        .body(Body::from_stream(broken))
        .unwrap()
}

async fn get_updates(shared: &Shared, mut params: Value, _received: Instant) -> Response {
    let offset = params["offset"].as_i64().unwrap_or(0);
    // As Telegram: at most `limit` updates an answer, 100 by default and at most.
    let limit = params["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let asked = Duration::from_secs(params["timeout"].as_u64().unwrap_or(0));
    let (wait, poll) = {
        let mut inner = shared.inner.lock().unwrap();
        if inner.long_poll_open.take().is_some() {
            inner.long_polls_abandoned += 1;
        }
        if inner.honest_long_polls {
            inner.long_polls_started += 1;
            let poll = inner.long_polls_started;
            inner.long_poll_open = Some(poll);
            (asked, Some(poll))
        } else {
            (asked.min(MAX_LONG_POLL), None)
        }
    };
    let deadline = Instant::now() + wait;
    loop {
        let notified = shared.updates_ready.notified();
        {
            let mut inner = shared.inner.lock().unwrap();
            // An offset acknowledges every update below it.
            inner
                .pending
                .retain(|(update, forced)| *forced || update["update_id"].as_i64().unwrap() >= offset);
            if !inner.pending.is_empty() || Instant::now() >= deadline {
                // The oldest `limit` updates; only those are copied.
                let mut oldest: Vec<(i64, usize)> = inner
                    .pending
                    .iter()
                    .enumerate()
                    .map(|(i, (u, _))| (u["update_id"].as_i64().unwrap_or_default(), i))
                    .collect();
                oldest.sort_unstable();
                oldest.truncate(limit);
                let batch: Vec<Value> = oldest.iter().map(|(_, i)| inner.pending[*i].0.clone()).collect();
                let served: HashSet<i64> = batch.iter().filter_map(|u| u["update_id"].as_i64()).collect();
                inner.pending.retain(|(update, forced)| {
                    !*forced || !served.contains(&update["update_id"].as_i64().unwrap_or_default())
                });
                for update in &batch {
                    let id = update["update_id"].as_i64().unwrap();
                    inner.delivered.insert(id);
                }
                params["__returned"] = json!(batch.clone());
                if poll.is_some() && inner.long_poll_open == poll {
                    inner.long_poll_open = None;
                }
                inner.calls.push(ApiCall {
                    method: "getUpdates".into(),
                    params,
                    // When the updates were served, which for a long poll is after it was asked.
                    at: Instant::now(),
                    error: None,
                    files: vec![],
                });
                return ok(json!(batch));
            }
        }
        let remaining = deadline.saturating_duration_since(Instant::now());
        let _ = tokio::time::timeout(remaining, notified).await;
    }
}

/// As Telegram with a webhook set: posts each pending update, oldest first, to the webhook
/// with the secret token header, until the bot answers 200; other answers are retried.
async fn push_to_webhook(shared: Shared) {
    let client = reqwest::Client::new();
    loop {
        let next = {
            let inner = shared.inner.lock().unwrap();
            inner.webhook.clone().and_then(|(url, secret)| {
                inner
                    .pending
                    .iter()
                    .min_by_key(|(update, _)| update["update_id"].as_i64())
                    .map(|(update, _)| (url, secret, update.clone()))
            })
        };
        let Some((url, secret, update)) = next else {
            let notified = shared.updates_ready.notified();
            let _ = tokio::time::timeout(Duration::from_millis(20), notified).await;
            continue;
        };
        let id = update["update_id"].as_i64().unwrap_or_default();
        let mut request = client.post(&url).json(&update);
        if let Some(secret) = &secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        let status = request.send().await.map(|r| r.status().as_u16()).unwrap_or(0);
        let accepted = {
            let mut inner = shared.inner.lock().unwrap();
            inner.webhook_posts.push((id, status));
            if status == 200 {
                if let Some(i) = inner
                    .pending
                    .iter()
                    .position(|(u, _)| u["update_id"].as_i64() == Some(id))
                {
                    inner.pending.remove(i);
                }
                inner.delivered.insert(id);
            }
            status == 200
        };
        if !accepted {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn canonical_method(method: &str) -> String {
    let mut chars = method.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

type Refusal = (u16, String, Option<Value>);

/// A chat the bot may write to: one a user opened, or any private chat when all are open.
fn known_chat(inner: &Inner, chat_id: i64) -> Option<Value> {
    inner.chats.get(&chat_id).cloned().or_else(|| {
        (inner.open_chats && chat_id > 0)
            .then(|| json!({ "id": chat_id, "type": "private", "first_name": "Member" }))
    })
}

/// Telegram's limits: a 429 (with the `retry_after` Telegram would give) for a message over
/// the global rate, past a chat's burst, or past a group's twenty a minute.
fn check_rate(inner: &mut Inner, chat_id: Option<i64>, at: Instant) -> Option<Refusal> {
    let limits = inner.limits.clone()?;
    let second = Duration::from_secs(1);
    while inner
        .recent_sends
        .front()
        .is_some_and(|t| at.duration_since(*t) >= second)
    {
        inner.recent_sends.pop_front();
    }
    let mut wait = None;
    if inner.recent_sends.len() >= limits.per_second {
        let frees = *inner.recent_sends.front().unwrap() + second;
        wait = Some(("over the global rate", frees.duration_since(at)));
    }
    let burst = f64::from(limits.chat_burst);
    let left = chat_id.map(|id| {
        let (counted, left) = inner.chat_allowance.get(&id).copied().unwrap_or((at, burst));
        let earned = at.duration_since(counted).as_secs_f64() / limits.chat_interval.as_secs_f64();
        (left + earned).min(burst)
    });
    if let Some(left) = left
        && left < 1.0
    {
        wait = Some(("past the chat's burst", limits.chat_interval.mul_f64(1.0 - left)));
    }
    if let Some(id) = chat_id.filter(|id| *id < 0) {
        let sends = inner.group_sends.entry(id).or_default();
        while sends
            .front()
            .is_some_and(|t| at.duration_since(*t) >= Duration::from_secs(60))
        {
            sends.pop_front();
        }
        if sends.len() >= limits.group_per_minute {
            let frees = *sends.front().unwrap() + Duration::from_secs(60);
            wait = Some(("past the group's 20 a minute", frees.duration_since(at)));
        }
    }
    if let Some((why, wait)) = wait {
        inner.too_many_requests += 1;
        inner.violations.push(format!(
            "chat {chat_id:?}: {why} ({} in the last second)",
            inner.recent_sends.len()
        ));
        let retry_after = wait.as_secs_f64().ceil().max(1.0) as u64;
        return Some((
            429,
            format!("Too Many Requests: retry after {retry_after}"),
            Some(json!({ "retry_after": retry_after })),
        ));
    }
    inner.recent_sends.push_back(at);
    if let (Some(id), Some(left)) = (chat_id, left) {
        inner.chat_allowance.insert(id, (at, left - 1.0));
        if id < 0 {
            inner.group_sends.entry(id).or_default().push_back(at);
        }
    }
    if inner.chat_allowance.len() > 10_000 {
        let full = limits.chat_interval * limits.chat_burst;
        inner
            .chat_allowance
            .retain(|_, (counted, _)| at.duration_since(*counted) < full);
    }
    None
}

/// Telegram's answer for a fault in its answer (not in the connection).
fn refusal_of(fault: Fault) -> Refusal {
    match fault {
        Fault::TooManyRequests { retry_after } => (
            429,
            format!("Too Many Requests: retry after {retry_after}"),
            Some(json!({ "retry_after": retry_after })),
        ),
        Fault::Forbidden => (403, "Forbidden: bot was blocked by the user".into(), None),
        Fault::Server(code) => (code, "Internal Server Error".into(), None),
        Fault::BadRequest(description) => bad_request(&description),
        Fault::Hang(_) | Fault::Disconnect | Fault::AnswerLost => {
            unreachable!("faults in the connection give no answer")
        }
    }
}

fn bad_request(description: &str) -> Refusal {
    (400, format!("Bad Request: {description}"), None)
}

/// Telegram's answer to one call, with its limits enforced.
fn answer(inner: &mut Inner, method: &str, params: &mut Value, at: Instant) -> Result<Value, Refusal> {
    let chat_id = params["chat_id"].as_i64();
    if LIMITED_METHODS.contains(&method)
        && let Some(refusal) = check_rate(inner, chat_id, at)
    {
        return Err(refusal);
    }
    if SEND_METHODS.contains(&method)
        && let Some(fault) = chat_id.and_then(|chat| inner.fail_once.remove(&chat))
    {
        inner.faults.push_front((method.to_owned(), fault));
    }
    if let Some(position) = inner
        .faults
        .iter()
        .position(|(m, fault)| m == method && !fault.is_transport())
    {
        let (_, fault) = inner.faults.remove(position).unwrap();
        return Err(refusal_of(fault));
    }
    if chat_id.is_some_and(|id| inner.blocked_chats.contains(&id)) && method != "answerCallbackQuery" {
        return Err((403, "Forbidden: bot was blocked by the user".into(), None));
    }
    check_limits(params)?;

    match method {
        "getMe" => Ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Birlik", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false, "has_main_web_app": false
        })),
        "getWebhookInfo" => {
            let url = inner
                .webhook
                .as_ref()
                .map(|(url, _)| url.clone())
                .unwrap_or_default();
            Ok(
                json!({ "url": url, "has_custom_certificate": false, "pending_update_count": inner.pending.len() }),
            )
        }
        "setWebhook" => {
            let url = params["url"].as_str().unwrap_or_default().to_owned();
            if !url.starts_with("http") {
                return Err(bad_request(
                    "bad webhook: an HTTPS URL must be provided for webhook",
                ));
            }
            let secret = params["secret_token"].as_str().map(str::to_owned);
            inner.webhook = Some((url, secret));
            Ok(json!(true))
        }
        "deleteWebhook" => {
            inner.webhook = None;
            Ok(json!(true))
        }
        "answerCallbackQuery" => {
            let query = params["callback_query_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let fresh = inner
                .pressed_at
                .get(&query)
                .is_some_and(|pressed| at.duration_since(*pressed) <= inner.query_lifetime);
            if fresh && inner.answered_queries.insert(query) {
                Ok(json!(true))
            } else {
                Err(bad_request(
                    "query is too old and response timeout expired or query ID is invalid",
                ))
            }
        }
        "setMyCommands" | "deleteMyCommands" | "setChatMenuButton" => Ok(json!(true)),
        "sendMessage" | "sendDocument" | "sendPhoto" | "sendVideo" => {
            let chat_id = chat_id.ok_or_else(|| bad_request("chat_id is empty"))?;
            let chat = known_chat(inner, chat_id).ok_or_else(|| bad_request("chat not found"))?;
            let message_id = inner.next_message_id;
            inner.next_message_id += 1;
            let mut message =
                json!({ "message_id": message_id, "date": unix_now(), "chat": chat, "from": bot_user() });
            match method {
                "sendMessage" => message["text"] = params["text"].clone(),
                "sendDocument" => {
                    message["document"] = json!({
                        "file_id": format!("doc{message_id}"), "file_unique_id": format!("udoc{message_id}"),
                        "file_name": params["__document_file_name"].clone()
                    });
                }
                "sendPhoto" => {
                    message["photo"] = json!([{ "file_id": format!("ph{message_id}"), "file_unique_id": format!("uph{message_id}"), "width": 800, "height": 800 }]);
                }
                _ => {
                    message["video"] = json!({ "file_id": format!("vid{message_id}"), "file_unique_id": format!("uvid{message_id}"), "width": 640, "height": 360, "duration": 10 });
                }
            }
            if let Some(caption) = params.get("caption") {
                message["caption"] = caption.clone();
            }
            if params["reply_markup"].get("inline_keyboard").is_some() {
                message["reply_markup"] = params["reply_markup"].clone();
            }
            params["__message_id"] = json!(message_id);
            if !inner.lean {
                inner.messages.insert((chat_id, message_id), message.clone());
            }
            Ok(message)
        }
        "copyMessage" => {
            let chat_id = chat_id.ok_or_else(|| bad_request("chat_id is empty"))?;
            let chat = known_chat(inner, chat_id).ok_or_else(|| bad_request("chat not found"))?;
            let source = (
                params["from_chat_id"].as_i64().unwrap_or_default(),
                params["message_id"].as_i64().unwrap_or_default(),
            );
            let original = inner
                .messages
                .get(&source)
                .ok_or_else(|| bad_request("message to copy not found"))?;
            let mut message = json!({ "date": unix_now(), "chat": chat, "from": bot_user() });
            for kind in ["text", "photo", "document", "video", "caption"] {
                if let Some(content) = original.get(kind) {
                    message[kind] = content.clone();
                }
            }
            if let Some(caption) = params.get("caption") {
                message["caption"] = caption.clone();
            }
            let message_id = inner.next_message_id;
            inner.next_message_id += 1;
            message["message_id"] = json!(message_id);
            if params["reply_markup"].get("inline_keyboard").is_some() {
                message["reply_markup"] = params["reply_markup"].clone();
            }
            params["__message_id"] = json!(message_id);
            if !inner.lean {
                inner.messages.insert((chat_id, message_id), message);
            }
            Ok(json!({ "message_id": message_id }))
        }
        "editMessageText" | "editMessageReplyMarkup" => {
            let chat_id = chat_id.ok_or_else(|| bad_request("chat_id is empty"))?;
            let message_id = params["message_id"]
                .as_i64()
                .ok_or_else(|| bad_request("message_id is empty"))?;
            let message = inner
                .messages
                .get_mut(&(chat_id, message_id))
                .ok_or_else(|| bad_request("message to edit not found"))?;
            let new_markup = params.get("reply_markup").cloned().unwrap_or(Value::Null);
            let new_text = if method == "editMessageText" {
                params["text"].clone()
            } else {
                message["text"].clone()
            };
            let old_markup = message.get("reply_markup").cloned().unwrap_or(Value::Null);
            if new_text == message["text"] && new_markup == old_markup {
                return Err(bad_request(
                    "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
                ));
            }
            message["text"] = new_text;
            match new_markup {
                Value::Null => {
                    message.as_object_mut().unwrap().remove("reply_markup");
                }
                markup => message["reply_markup"] = markup,
            }
            message["edit_date"] = json!(unix_now());
            params["__message_id"] = json!(message_id);
            Ok(message.clone())
        }
        "deleteMessage" => {
            let key = (
                chat_id.unwrap_or_default(),
                params["message_id"].as_i64().unwrap_or_default(),
            );
            inner
                .messages
                .remove(&key)
                .map(|_| json!(true))
                .ok_or_else(|| bad_request("message to delete not found"))
        }
        _ => Err((404, "Not Found: method not found".into(), None)),
    }
}

fn check_limits(params: &Value) -> Result<(), Refusal> {
    // Telegram counts text in UTF-16 code units (an emoji outside the BMP counts two), and
    // trims surrounding white space before it checks for nothing.
    let units = |text: &str| text.encode_utf16().count();
    let is_answer = params.get("callback_query_id").is_some();
    if let Some(text) = params["text"].as_str() {
        if is_answer {
            if units(text) > MAX_CALLBACK_ANSWER {
                return Err(bad_request("MESSAGE_TOO_LONG"));
            }
        } else if text.trim().is_empty() {
            return Err(bad_request("message text is empty"));
        } else if units(text) > MAX_TEXT {
            return Err(bad_request("message is too long"));
        }
    }
    if params["caption"]
        .as_str()
        .is_some_and(|caption| units(caption) > MAX_CAPTION)
    {
        return Err(bad_request("message caption is too long"));
    }
    let rows = inline_rows(params);
    if rows.iter().map(Vec::len).sum::<usize>() > MAX_INLINE_BUTTONS {
        return Err(bad_request("BUTTONS_TOO_MUCH"));
    }
    if rows.iter().any(|row| row.len() > MAX_BUTTONS_IN_A_ROW) {
        return Err(bad_request("BUTTONS_TOO_WIDE"));
    }
    for button in rows.into_iter().flatten() {
        if button["callback_data"]
            .as_str()
            .is_some_and(|data| data.is_empty() || data.len() > 64)
        {
            return Err(bad_request("BUTTON_DATA_INVALID"));
        }
        if button["text"].as_str().is_none_or(|text| text.trim().is_empty()) {
            return Err(bad_request("button text is empty"));
        }
    }
    if let Some(mode) = params.get("parse_mode").and_then(Value::as_str)
        && !["HTML", "Markdown", "MarkdownV2"].contains(&mode)
    {
        return Err(bad_request(&format!("unsupported parse_mode \"{mode}\"")));
    }
    Ok(())
}
