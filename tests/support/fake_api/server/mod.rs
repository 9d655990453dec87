//! The HTTP side of the fake: one route for every method, parameters as JSON or multipart,
//! faults in the connection, the long poll of `getUpdates` and posts to a webhook; `methods`
//! holds Telegram's answer to the other methods.

mod methods;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Value, json};

use super::faults::{Fault, refusal_of, take_fault};
use super::recorded::ApiCall;
use super::{Shared, TOKEN};

/// Longest a `getUpdates` is held open, whatever timeout the bot asks for, so a bot stops fast.
const MAX_LONG_POLL: Duration = Duration::from_millis(300);

/// Every method of the Bot API at `/bot<token>/<method>`, as Telegram serves it.
pub(super) fn router(shared: Shared) -> Router {
    Router::new()
        .route("/{token}/{method}", any(handle))
        .route("/file/{token}/{*path}", any(download))
        // Telegram takes documents of up to 50 MB (axum's default stops at 2 MB).
        .layer(axum::extract::DefaultBodyLimit::max(50 * 1024 * 1024))
        .with_state(shared)
}

/// A file download, as teloxide's `download_file` asks for it.
async fn download(State(shared): State<Shared>, Path((token, path)): Path<(String, String)>) -> Response {
    if token != format!("bot{TOKEN}") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let bytes = methods::file_bytes(&shared.inner.lock().unwrap(), &path);
    match bytes {
        Some(bytes) => (StatusCode::OK, bytes).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
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
    let outcome = methods::answer(&mut inner, &method, &mut params, at);
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
pub(super) async fn push_to_webhook(shared: Shared) {
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
