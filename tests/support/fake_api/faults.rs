//! What goes wrong and what Telegram refuses: faults a test asks for (429, 403, 5xx, a hang, a
//! dropped connection, an outage), Telegram's sending rates, and its limits on what a message
//! holds.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{
    FakeBotApi, Inner, MAX_BUTTONS_IN_A_ROW, MAX_CALLBACK_ANSWER, MAX_CAPTION, MAX_INLINE_BUTTONS, MAX_TEXT,
    inline_rows,
};

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
    pub(super) fn is_transport(&self) -> bool {
        matches!(self, Fault::Hang(_) | Fault::Disconnect | Fault::AnswerLost)
    }
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

/// What sends a new message: where a chat's one-off fault ([`FakeBotApi::fail_once_for`]) strikes.
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

impl FakeBotApi {
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

    /// Every later message to this chat is answered 403, as when the user blocked the bot.
    pub fn block_chat(&self, chat_id: i64) {
        self.inner.lock().unwrap().blocked_chats.insert(chat_id);
    }
}

/// What Telegram refuses before it carries out a call: a message past a sending limit, a fault
/// queued for the method or the chat, a chat that blocked the bot, or a message over Telegram's
/// limits on what it holds.
pub(super) fn check_call(
    inner: &mut Inner,
    method: &str,
    params: &Value,
    at: Instant,
) -> Result<(), Refusal> {
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
    check_limits(params)
}

/// The fault this call meets before Telegram would look at it: an outage (for every method), or
/// a fault in the connection queued for the method or the chat. With it, when the outage ends.
pub(super) fn take_fault(
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

/// An HTTP status, Telegram's description and its `parameters` (the `retry_after` of a 429).
pub(super) type Refusal = (u16, String, Option<Value>);

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
pub(super) fn refusal_of(fault: Fault) -> Refusal {
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

pub(super) fn bad_request(description: &str) -> Refusal {
    (400, format!("Bad Request: {description}"), None)
}

/// Telegram's limits on what one message holds: text, caption, answer, buttons, parse mode.
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
