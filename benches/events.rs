//! Sign-up benchmark: 5,000 members press "Volunteer" on a 100-place event at once, through the
//! real dispatcher and SQLite, against the fake Bot API (which serves at most 100 updates per
//! getUpdates, as Telegram does). The same harness then measures a bare teloxide dispatcher
//! whose only handler answers the callback, as the yardstick.
//!
//! Run: `cargo bench --bench events` (optionally `-- 2000` for fewer presses; `-- birlik-only`
//! runs the burst through Birlik alone, for a profiler).
//! Each side is measured after a warm-up burst of the same size. Prints updates per second and
//! p50 / p99 of the time from an update being served by getUpdates to its answerCallbackQuery
//! arriving at the fake, and the CPU one statement costs
//! through the bot's pool. `BENCH_LOG=1 RUST_LOG=sqlx::query=debug` logs every statement, to
//! count what a press costs.

#[path = "../tests/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use birlik::bot::Callback;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;
use chrono::Duration as Span;
use serde_json::json;
use support::fake_api::{ApiCall, FakeBotApi, TOKEN};
use support::{TestApp, TgUser};
use teloxide::dispatching::Dispatcher;
use teloxide::prelude::*;
use teloxide::update_listeners::Polling;

/// The allocator the bot's binary uses (src/main.rs), so that the figures are the bot's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FIRST_MEMBER: i64 = 100_000;

struct Figures {
    per_second: f64,
    /// CPU time of the whole process (bot and fake) per update.
    cpu_ms: f64,
    p50: Duration,
    p99: Duration,
    answered: usize,
}

/// Reads the fake's record: when each update was served, when its answer came.
/// CPU seconds this process has used (user + system), from /proc (Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    // Fields 14 and 15 of the file; 11 and 12 after the command name. 100 ticks a second.
    (ticks(11) + ticks(12)) / 100.0
}

fn figures(calls: &[ApiCall], cpu: f64) -> Figures {
    let mut served: HashMap<i64, Instant> = HashMap::new();
    let mut answered: HashMap<i64, Instant> = HashMap::new();
    for call in calls {
        match call.method.as_str() {
            "getUpdates" => {
                for update in call.params["__returned"].as_array().into_iter().flatten() {
                    if let Some(id) = update["update_id"].as_i64() {
                        served.entry(id).or_insert(call.at);
                    }
                }
            }
            "answerCallbackQuery" => {
                let id = call.params["callback_query_id"].as_str().unwrap_or_default();
                if let Some(id) = id.strip_prefix("cq").and_then(|n| n.parse().ok()) {
                    answered.entry(id).or_insert(call.at);
                }
            }
            _ => {}
        }
    }
    let mut latencies: Vec<Duration> = answered
        .iter()
        .filter_map(|(id, at)| Some(at.saturating_duration_since(*served.get(id)?)))
        .collect();
    latencies.sort();
    let first = served.values().min().copied().unwrap_or_else(Instant::now);
    let last = answered.values().max().copied().unwrap_or(first);
    let percentile =
        |p: f64| latencies[((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1];
    Figures {
        per_second: answered.len() as f64 / last.duration_since(first).as_secs_f64(),
        cpu_ms: cpu * 1000.0 / answered.len().max(1) as f64,
        p50: percentile(0.50),
        p99: percentile(0.99),
        answered: answered.len(),
    }
}

/// Puts an event card in each member's chat, then queues one press per member at once.
fn press_all(fake: &FakeBotApi, presses: i64, data: &str) {
    let markup = json!({ "inline_keyboard": [[{ "text": "🙋 Volunteer", "callback_data": data }]] });
    let cards: Vec<(TgUser, i64)> = (FIRST_MEMBER..FIRST_MEMBER + presses)
        .map(|id| {
            let user = TgUser::new(id, "Member", Some("en"));
            let card = fake.bot_message(&user, "card", markup.clone());
            (user, card)
        })
        .collect();
    for (user, card) in &cards {
        fake.user_presses(user, *card, data);
    }
}

async fn wait_for_answers(fake: &FakeBotApi, presses: usize) {
    let started = Instant::now();
    while fake.count_of("answerCallbackQuery") < presses {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the presses were not all answered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn birlik_bot(presses: i64) -> (Figures, i64, i64) {
    let mut app = TestApp::spawn().await;
    let organiser = TgUser::new(1, "Organiser", Some("en"));
    app.seed_member(&organiser, "KZ-75", Lang::En).await;
    app.seed_role(&organiser, StaffRole::regional(Role::Organiser, "KZ-75"))
        .await;
    let event = app
        .seed_event(&organiser, Some("KZ-75"), Some(100), Span::days(2))
        .await;
    app.seed_bulk_members(FIRST_MEMBER, presses, &["KZ-75"]).await;
    let cpu = cpu_seconds();
    press_all(&app.fake, presses, &Callback::Volunteer(event.id).encode());
    wait_for_answers(&app.fake, presses as usize).await;
    let figures = figures(&app.fake.calls(), cpu_seconds() - cpu);
    let counts: (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(status = 'confirmed'), 0), COALESCE(SUM(status = 'waiting'), 0) FROM signups",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    app.stop().await;
    (figures, counts.0, counts.1)
}

/// The yardstick: teloxide with one handler that only answers the callback.
async fn bare_teloxide(presses: i64) -> Figures {
    let fake = FakeBotApi::start().await;
    let bot = Bot::new(TOKEN).set_api_url(fake.url().parse().unwrap());
    let handler = Update::filter_callback_query().endpoint(|bot: Bot, query: CallbackQuery| async move {
        bot.answer_callback_query(query.id).await?;
        Ok::<(), teloxide::RequestError>(())
    });
    let mut dispatcher = Dispatcher::builder(bot.clone(), handler).build();
    let shutdown = dispatcher.shutdown_token();
    let listener = Polling::builder(bot)
        .timeout(Duration::from_secs(25))
        .delete_webhook()
        .await
        .build();
    let task = tokio::spawn(async move {
        dispatcher
            .dispatch_with_listener(listener, teloxide::error_handlers::LoggingErrorHandler::new())
            .await;
    });
    let cpu = cpu_seconds();
    press_all(&fake, presses, "v:1");
    wait_for_answers(&fake, presses as usize).await;
    let figures = figures(&fake.calls(), cpu_seconds() - cpu);
    if let Ok(done) = shutdown.shutdown() {
        done.await;
    }
    let _ = task.await;
    figures
}

/// The floor under any handler that uses the database: the CPU one statement costs through the
/// bot's pool (sqlx hands each statement to a connection's own thread and the answer back), with
/// as many statements in flight as the bot has updates in hand. `sql` takes one number, unique
/// per statement.
async fn statement_cost(sql: &'static str, statements: usize) -> (f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let pool = birlik::db::connect(&dir.path().join("round-trip.db").display().to_string())
        .await
        .unwrap();
    birlik::db::migrate(&pool).await.unwrap();
    let tasks = birlik::updates::intake::MAX_UPDATES_IN_HAND;
    let each = statements / tasks;
    let cpu = cpu_seconds();
    let started = Instant::now();
    let workers: Vec<_> = (0..tasks)
        .map(|task| {
            let pool = pool.clone();
            tokio::spawn(async move {
                for i in 0..each {
                    sqlx::query(sql)
                        .bind((task * each + i) as i64)
                        .execute(&pool)
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    let done = (each * tasks) as f64;
    let per_second = done / started.elapsed().as_secs_f64();
    let cpu_us = (cpu_seconds() - cpu) * 1e6 / done;
    pool.close().await;
    (per_second, cpu_us)
}

fn main() {
    if std::env::var_os("BENCH_LOG").is_some() {
        birlik::logging::init().expect("LOG_FORMAT and RUST_LOG");
    }
    let presses: i64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    if std::env::args().any(|a| a == "birlik-only") {
        // For a profiler: the burst through Birlik, nothing else.
        let (birlik, _, _) = runtime.block_on(birlik_bot(presses));
        println!(
            "Birlik: {:.0} updates/s, {:.2} ms CPU/update",
            birlik.per_second, birlik.cpu_ms
        );
        return;
    }
    runtime.block_on(async {
        // The first burst after the machine was idle ran about a third slower (0.43-0.47 of the
        // bare rate, against 0.55-0.71 right after another run; a warm-up of 1,000 presses was
        // not enough): each side gets a burst of the same size of its own before it is measured.
        let _ = birlik_bot(presses).await;
        let _ = bare_teloxide(presses).await;
        let (birlik, confirmed, waiting) = birlik_bot(presses).await;
        let bare = bare_teloxide(presses).await;
        println!("sign-up benchmark: {presses} Volunteer presses at once, 100 places");
        println!("                         updates/s      p50 ms      p99 ms   answered   CPU ms/update");
        for (name, f) in [("Birlik (SQLite)", &birlik), ("bare teloxide", &bare)] {
            println!(
                "  {name:<20} {:>10.0} {:>11.1} {:>11.1} {:>10} {:>15.2}",
                f.per_second,
                f.p50.as_secs_f64() * 1000.0,
                f.p99.as_secs_f64() * 1000.0,
                f.answered,
                f.cpu_ms
            );
        }
        println!(
            "  Birlik / bare teloxide throughput: {:.2}",
            birlik.per_second / bare.per_second
        );
        println!("  sign-ups: {confirmed} confirmed, {waiting} waiting");
        for (what, sql, count) in [
            ("indexed SELECT", "SELECT 1 FROM members WHERE telegram_user_id = ?", 50_000),
            ("INSERT, committed", "INSERT INTO processed_updates (update_id, processed_at) VALUES (?, 0)", 10_000),
        ] {
            let (per_second, cpu_us) = statement_cost(sql, count).await;
            println!(
                "  one {what} through the pool, {} at a time: {per_second:.0} a second, {cpu_us:.0} µs CPU each",
                birlik::updates::intake::MAX_UPDATES_IN_HAND
            );
        }
    });
}
