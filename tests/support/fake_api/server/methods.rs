//! Telegram's answer to each method the bot calls, one function per family of methods, after
//! what Telegram refuses first (`faults::check_call`).

use std::time::Instant;

use serde_json::{Value, json};

use super::super::faults::{Refusal, bad_request, check_call};
use super::super::{BOT_ID, BOT_USERNAME, Inner, bot_user, unix_now};

/// Telegram's answer to one call, with its limits enforced.
pub(super) fn answer(
    inner: &mut Inner,
    method: &str,
    params: &mut Value,
    at: Instant,
) -> Result<Value, Refusal> {
    check_call(inner, method, params, at)?;
    match method {
        "getMe" => Ok(me()),
        "setMyCommands" | "deleteMyCommands" | "setChatMenuButton" => Ok(json!(true)),
        "getWebhookInfo" | "setWebhook" | "deleteWebhook" => webhook(inner, method, params),
        "answerCallbackQuery" => answer_callback_query(inner, params, at),
        "sendMessage" | "sendDocument" | "sendPhoto" | "sendVideo" => send(inner, method, params),
        "copyMessage" => copy_message(inner, params),
        "editMessageText" | "editMessageReplyMarkup" => edit(inner, method, params),
        "deleteMessage" => delete_message(inner, params),
        "getFile" => get_file(inner, params),
        _ => Err((404, "Not Found: method not found".into(), None)),
    }
}

/// `getFile`: where a file a user sent can be downloaded, as `file/bot<token>/<file_path>`.
fn get_file(inner: &Inner, params: &Value) -> Result<Value, Refusal> {
    let file_id = params["file_id"].as_str().unwrap_or_default();
    let Some(bytes) = inner.files.get(file_id) else {
        return Err(bad_request("Bad Request: invalid file_id"));
    };
    Ok(json!({
        "file_id": file_id,
        "file_unique_id": format!("u{file_id}"),
        "file_size": bytes.len(),
        "file_path": format!("documents/{file_id}"),
    }))
}

/// The bytes of a file a user sent, at the path `getFile` gave.
pub(super) fn file_bytes(inner: &Inner, path: &str) -> Option<Vec<u8>> {
    inner.files.get(path.strip_prefix("documents/")?).cloned()
}

fn me() -> Value {
    json!({
        "id": BOT_ID, "is_bot": true, "first_name": "Birlik", "username": BOT_USERNAME,
        "can_join_groups": true, "can_read_all_group_messages": false,
        "supports_inline_queries": false, "can_connect_to_business": false, "has_main_web_app": false
    })
}

/// `getWebhookInfo`, `setWebhook` (only to an HTTP(S) URL) and `deleteWebhook`.
fn webhook(inner: &mut Inner, method: &str, params: &Value) -> Result<Value, Refusal> {
    match method {
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
        _ => {
            inner.webhook = None;
            Ok(json!(true))
        }
    }
}

/// One answer per button press, and none once the press is older than the query lifetime.
fn answer_callback_query(inner: &mut Inner, params: &Value, at: Instant) -> Result<Value, Refusal> {
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

/// `sendMessage`, `sendDocument`, `sendPhoto` and `sendVideo` to a chat the bot may write to.
fn send(inner: &mut Inner, method: &str, params: &mut Value) -> Result<Value, Refusal> {
    let chat_id = params["chat_id"]
        .as_i64()
        .ok_or_else(|| bad_request("chat_id is empty"))?;
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

/// `copyMessage`: only of a message that exists, to a chat the bot may write to.
fn copy_message(inner: &mut Inner, params: &mut Value) -> Result<Value, Refusal> {
    let chat_id = params["chat_id"]
        .as_i64()
        .ok_or_else(|| bad_request("chat_id is empty"))?;
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

/// `editMessageText` and `editMessageReplyMarkup`: refused when nothing would change.
fn edit(inner: &mut Inner, method: &str, params: &mut Value) -> Result<Value, Refusal> {
    let chat_id = params["chat_id"]
        .as_i64()
        .ok_or_else(|| bad_request("chat_id is empty"))?;
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

fn delete_message(inner: &mut Inner, params: &Value) -> Result<Value, Refusal> {
    let key = (
        params["chat_id"].as_i64().unwrap_or_default(),
        params["message_id"].as_i64().unwrap_or_default(),
    );
    inner
        .messages
        .remove(&key)
        .map(|_| json!(true))
        .ok_or_else(|| bad_request("message to delete not found"))
}

/// A chat the bot may write to: one a user opened, or any private chat when all are open.
fn known_chat(inner: &Inner, chat_id: i64) -> Option<Value> {
    inner.chats.get(&chat_id).cloned().or_else(|| {
        (inner.open_chats && chat_id > 0)
            .then(|| json!({ "id": chat_id, "type": "private", "first_name": "Member" }))
    })
}
