//! The operator's HTTP endpoints, on `HEALTH_LISTEN`: `/healthz` and `/metrics`.
//!
//! `/healthz` answers 200 when the database answers and Telegram answered the probe
//! recently, else 503, with a JSON body saying which part is unwell.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::db::deliveries;

/// How often Telegram is asked `getMe`, and how old its last answer may be for `/healthz`.
#[derive(Clone, Copy, Debug)]
pub struct ProbeTiming {
    pub every: Duration,
    pub stale_after: Duration,
}

impl Default for ProbeTiming {
    fn default() -> Self {
        Self {
            every: Duration::from_secs(30),
            stale_after: Duration::from_secs(120),
        }
    }
}

#[derive(Clone)]
struct Health {
    pool: SqlitePool,
    /// When Telegram last answered the probe; `None` before the first answer.
    telegram_contact: Arc<Mutex<Option<Instant>>>,
    timing: ProbeTiming,
}

/// The running endpoints and the probe.
pub struct HealthServer {
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    server: JoinHandle<()>,
    probe: JoinHandle<()>,
}

impl HealthServer {
    /// Binds `listen` (port 0 picks a free one, see [`HealthServer::addr`]) and starts probing.
    pub async fn spawn(
        listen: SocketAddr,
        pool: SqlitePool,
        bot: Bot,
        timing: ProbeTiming,
    ) -> anyhow::Result<Self> {
        super::recorder();
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on HEALTH_LISTEN={listen}"))?;
        let addr = listener.local_addr()?;
        let health = Health {
            pool,
            telegram_contact: Arc::default(),
            timing,
        };
        let (stop, stopped) = watch::channel(false);
        let probe = tokio::spawn(probe(
            bot,
            health.telegram_contact.clone(),
            timing.every,
            stopped.clone(),
        ));
        let app = Router::new()
            .route("/healthz", get(healthz))
            .route("/metrics", get(metrics))
            .with_state(health);
        let mut shutdown = stopped;
        let server = tokio::spawn(async move {
            let stopping = async move {
                let _ = shutdown.wait_for(|stop| *stop).await;
            };
            if let Err(error) = axum::serve(listener, app).with_graceful_shutdown(stopping).await {
                tracing::error!(%error, "the health server failed");
            }
        });
        tracing::info!(%addr, "serving /healthz and /metrics");
        Ok(Self {
            addr,
            stop,
            server,
            probe,
        })
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.server.await;
        let _ = self.probe.await;
    }
}

/// Asks Telegram `getMe` every `every` and notes when it answered.
async fn probe(
    bot: Bot,
    contact: Arc<Mutex<Option<Instant>>>,
    every: Duration,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            answer = bot.get_me() => match answer {
                Ok(_) => *contact.lock().expect("no panic while holding the contact") = Some(Instant::now()),
                Err(error) => tracing::warn!(%error, "Telegram did not answer the health probe"),
            },
            _ = stopped.wait_for(|stop| *stop) => return,
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stopped.wait_for(|stop| *stop) => return,
        }
    }
}

impl Health {
    /// Seconds since Telegram last answered, `None` if it never did.
    fn telegram_silence(&self) -> Option<i64> {
        let contact = *self
            .telegram_contact
            .lock()
            .expect("no panic while holding the contact");
        contact.map(|at| at.elapsed().as_secs() as i64)
    }
}

async fn healthz(State(health): State<Health>) -> impl IntoResponse {
    let database = match tokio::time::timeout(
        Duration::from_secs(2),
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&health.pool),
    )
    .await
    {
        Ok(Ok(_)) => Ok(()),
        // The error's own text (paths, driver details) goes to the log, not to whoever asks.
        Ok(Err(error)) => {
            tracing::warn!(%error, "the health check cannot reach the database");
            Err("unavailable")
        }
        Err(_) => Err("no answer within 2 s"),
    };
    let silence = health.telegram_silence();
    let telegram_ok = silence.is_some_and(|s| s <= health.timing.stale_after.as_secs() as i64);
    let healthy = database.is_ok() && telegram_ok;
    let body = json!({
        "status": if healthy { "ok" } else { "unhealthy" },
        "database": database.err().unwrap_or("ok"),
        "telegram": if telegram_ok { "ok" } else if silence.is_some() { "no answer recently" } else { "never answered" },
        "telegram_seconds_since_contact": silence,
    });
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body))
}

async fn metrics(State(health): State<Health>) -> impl IntoResponse {
    match deliveries::depth(&health.pool).await {
        Ok(depth) => metrics::gauge!(super::QUEUE_DEPTH).set(depth as f64),
        Err(error) => tracing::warn!(%error, "cannot read the delivery queue's depth"),
    }
    if let Some(silence) = health.telegram_silence() {
        metrics::gauge!(super::TELEGRAM_SILENCE).set(silence as f64);
    }
    let recorder = super::recorder();
    recorder.run_upkeep();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        recorder.render(),
    )
}
