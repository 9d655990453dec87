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
//!
//! `server` answers the bot's HTTP calls, `inject` holds what users do, `faults` what goes
//! wrong and what Telegram refuses, `recorded` what the bot did and the questions tests ask of it.

mod faults;
mod inject;
mod recorded;
mod server;

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::serve::ListenerExt;
use serde_json::{Value, json};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub use faults::{Fault, TelegramLimits};
pub use inject::TgUser;
pub use recorded::{ApiCall, Sent, copies_per_chat};

pub const BOT_ID: i64 = 7_000_000_001;
pub const BOT_USERNAME: &str = "birlik_test_bot";
pub const TOKEN: &str = "7000000001:AAFakeTokenForTestsOnly-0123456789";

/// How long after a press Telegram still takes its answer: later, "query is too old".
pub const QUERY_LIFETIME: Duration = Duration::from_secs(15);

/// Telegram's limits on what one message holds, in UTF-16 code units where text is counted.
pub const MAX_TEXT: usize = 4096;
pub const MAX_CAPTION: usize = 1024;
pub const MAX_CALLBACK_ANSWER: usize = 200;
pub const MAX_INLINE_BUTTONS: usize = 100;
pub const MAX_BUTTONS_IN_A_ROW: usize = 8;

/// The rows of inline buttons in a call's parameters or in a stored message.
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
    /// Files users sent, by file id: what `getFile` describes and the file URL serves.
    files: HashMap<String, Vec<u8>>,
}

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
        let webhook_pusher = tokio::spawn(server::push_to_webhook(shared.clone()));
        let router = server::router(shared);
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
