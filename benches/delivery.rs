//! Delivery queue benchmark: 100,000 queued recipients against the fake Bot API with Telegram's
//! limits scaled ×100 (3,000 messages a second overall, 10 ms per chat) and `BROADCAST_RATE`
//! scaled the same (25 → 2,500 a second).
//!
//! Run: `cargo bench --bench delivery` (optionally `-- 20000` for a smaller audience).
//! Prints the achieved rate as a fraction of the configured one, the 429s received, and memory.

#[path = "../tests/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use std::time::{Duration, Instant};

use birlik::db::broadcasts::{self, NewBroadcast};
use birlik::delivery::{DeliveryLimits, now_ms};
use birlik::domain::audience::Audience;
use birlik::i18n::Lang;
use support::TestApp;
use support::fake_api::{TelegramLimits, TgUser};

const SCALE: f64 = 100.0;

/// Peak and current resident memory of this process, in MiB (Linux).
fn memory_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn main() {
    let recipients: i64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut app = TestApp::without_bot().await;
        app.fake.record_lean();
        app.fake.enforce_limits(TelegramLimits::telegram().scaled(SCALE));
        app.seed_bulk_members(1_000_000, recipients, &["KZ-75", "KZ-71", "KZ-79", "KZ-63"])
            .await;
        let sender_chat = 1;
        // The broadcast copies a message the sender really wrote: the fake refuses to copy
        // one that does not exist, as Telegram does.
        let sender = TgUser::new(sender_chat, "Coordinator", Some("en"));
        let message_id = app
            .fake
            .earlier_user_message(&sender, "Saturday: planting trees in every region.");
        let queued = Instant::now();
        let (_, total) = broadcasts::create(
            &app.pool,
            &NewBroadcast {
                created_by: sender_chat,
                sender_chat_id: sender_chat,
                audience: &Audience::All,
                with_ack: false,
                lang: Lang::En,
                versions: &[(Lang::En, message_id as i32)],
                ack_labels: [String::new(), String::new(), String::new()],
            },
            now_ms(),
        )
        .await
        .unwrap();
        let queue_time = queued.elapsed();
        let (_, rss_before) = memory_mib();

        let limits = DeliveryLimits::telegram(25).scaled(SCALE);
        let started = Instant::now();
        app.start_bot_with_limits(limits).await;
        let mut peak_rss = rss_before;
        loop {
            let left: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')")
                    .fetch_one(&app.pool)
                    .await
                    .unwrap();
            peak_rss = peak_rss.max(memory_mib().1);
            if left == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let elapsed = started.elapsed();
        app.stop().await;
        let delivered: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE status = 'delivered'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        let achieved = delivered as f64 / elapsed.as_secs_f64();
        let (peak_hwm, _) = memory_mib();
        println!("delivery benchmark: {total} recipients, limits x{SCALE}");
        println!(
            "  queued in one transaction in     {:>8.2} s",
            queue_time.as_secs_f64()
        );
        println!("  delivered                        {delivered:>8}");
        println!(
            "  time to deliver                  {:>8.2} s",
            elapsed.as_secs_f64()
        );
        println!(
            "  configured rate                  {:>8.0} msg/s",
            limits.per_second
        );
        println!(
            "  achieved rate                    {achieved:>8.0} msg/s ({:.3} of configured)",
            achieved / limits.per_second
        );
        println!(
            "  429 answers (limits exceeded)    {:>8}",
            app.fake.limit_violations()
        );
        println!("  resident memory before sending   {rss_before:>8.1} MiB");
        println!(
            "  resident memory peak, sending    {peak_rss:>8.1} MiB (+{:.1} MiB)",
            peak_rss - rss_before
        );
        println!("  process peak (bot + fake + seed) {peak_hwm:>8.1} MiB");
    });
}
