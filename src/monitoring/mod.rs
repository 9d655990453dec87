//! What an operator watches: metrics in the Prometheus format, and `/healthz`.
//!
//! Metrics go through the `metrics` facade; the Prometheus recorder is installed once per
//! process and rendered by the health server (see [`server`]).

pub mod server;

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Updates handled, by `kind` (message, callback_query, ...) and `outcome` (handled,
/// ignored, failed, duplicate).
pub const UPDATES: &str = "birlik_updates_total";
/// Time from an update entering the handler tree to its handler returning, by `kind`.
pub const UPDATE_SECONDS: &str = "birlik_update_handling_seconds";
/// Messages waiting in the delivery queue (read from the database when scraped).
pub const QUEUE_DEPTH: &str = "birlik_delivery_queue_depth";
/// Outcomes of queued messages, by `result`: delivered, blocked, failed, retried.
pub const MESSAGES: &str = "birlik_messages_total";
/// "Too Many Requests" answers Telegram gave the delivery queue.
pub const TOO_MANY_REQUESTS: &str = "birlik_telegram_too_many_requests_total";
/// Seconds since Telegram last answered the health probe.
pub const TELEGRAM_SILENCE: &str = "birlik_telegram_seconds_since_contact";

/// Handling times of interest: a reply within 100 ms is good, over 5 s is a problem.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// The process's Prometheus recorder, installed on first use.
pub fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(UPDATE_SECONDS.to_owned()), &LATENCY_BUCKETS)
            .expect("latency buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Fails only when something else installed a recorder first; then these metrics
        // simply stay empty, which the health server shows.
        if let Err(error) = metrics::set_global_recorder(recorder) {
            tracing::warn!(%error, "another metrics recorder is installed");
        }
        describe();
        handle
    })
}

fn describe() {
    metrics::describe_counter!(UPDATES, "Updates handled, by kind and outcome");
    metrics::describe_histogram!(
        UPDATE_SECONDS,
        metrics::Unit::Seconds,
        "Time to handle one update, by kind"
    );
    metrics::describe_gauge!(QUEUE_DEPTH, "Messages waiting in the delivery queue");
    metrics::describe_counter!(
        MESSAGES,
        "Queued messages by result: delivered, blocked, failed, retried"
    );
    metrics::describe_counter!(
        TOO_MANY_REQUESTS,
        "429 answers from Telegram to the delivery queue"
    );
    metrics::describe_gauge!(
        TELEGRAM_SILENCE,
        metrics::Unit::Seconds,
        "Seconds since Telegram last answered"
    );
}
