//! Rush benchmark: N strangers send `/start` at once (a QR code on the screen at a forum), the
//! real bot against the fake Bot API with Telegram's limits on (30 messages a second in all, a
//! burst of 3 then one a second per chat). Prints, for 300 and for 2,000 people, how long the
//! first, the median and the last of them waited for the language question (from the moment
//! their `/start` was queued at the fake to the moment the question reached it), and the 429s
//! the bot met. The bot is started fresh for each size (a cold start, as at a forum).
//!
//! Run: `cargo bench --bench rush` (optionally `-- 300` for one size).

mod common;
#[path = "../tests/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use support::fake_api::TelegramLimits;
use support::{TestApp, TgUser};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const QUESTION: &str = "Тілді таңдаңыз / Выберите язык / Choose your language";

struct Figures {
    first: Duration,
    median: Duration,
    last: Duration,
    too_many_requests: usize,
}

async fn rush(people: i64) -> Figures {
    let app = TestApp::spawn().await;
    app.fake.enforce_limits(TelegramLimits::telegram());
    let mut queued: HashMap<i64, Instant> = HashMap::new();
    for i in 0..people {
        let user = TgUser::new(
            1_000_000 + i,
            "Newcomer",
            Some(["kk", "ru", "en"][(i % 3) as usize]),
        );
        app.fake.user_message(&user, "/start");
        queued.insert(user.id, Instant::now());
    }
    let patience = Instant::now() + Duration::from_secs(people as u64 / 10 + 60);
    let waits = loop {
        let answered: HashMap<i64, Instant> = app
            .fake
            .calls()
            .iter()
            .filter(|c| c.method == "sendMessage" && c.error.is_none() && c.params["text"] == QUESTION)
            .filter_map(|c| Some((c.params["chat_id"].as_i64()?, c.at)))
            .collect();
        if answered.len() as i64 == people {
            let mut waits: Vec<Duration> = answered
                .iter()
                .map(|(chat, at)| at.saturating_duration_since(queued[chat]))
                .collect();
            waits.sort();
            break waits;
        }
        assert!(
            Instant::now() < patience,
            "{} of {people} answered",
            answered.len()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    Figures {
        first: waits[0],
        median: waits[waits.len() / 2],
        last: waits[waits.len() - 1],
        too_many_requests: app.fake.limit_violations(),
    }
}

fn main() {
    let sizes: Vec<i64> = match std::env::args().skip(1).find_map(|a| a.parse().ok()) {
        Some(size) => vec![size],
        None => vec![300, 2_000],
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    common::print_origin("rush");
    println!("Telegram's limits modelled: 30 messages a second, a burst of 3 then 1 a second per chat");
    println!("| people sending /start at once | first answered | median | last answered | 429s met |");
    println!("|---|---|---|---|---|");
    for people in sizes {
        let figures = runtime.block_on(rush(people));
        println!(
            "| {people} | {:.2} s | {:.2} s | {:.2} s | {} |",
            figures.first.as_secs_f64(),
            figures.median.as_secs_f64(),
            figures.last.as_secs_f64(),
            figures.too_many_requests
        );
    }
}
