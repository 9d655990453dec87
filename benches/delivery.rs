//! Delivery queue benchmark: three broadcasts queued at once to overlapping audiences of
//! 100,000 members' private chats and 500 linked groups, worked by the bot's real delivery
//! worker (which reads the queue in batches, as in production) against the fake Bot API with
//! Telegram's limits scaled ×100 (3,000 messages a second overall, 10 ms between two messages to
//! a chat, 2,000 a minute per group) and `BROADCAST_RATE` scaled the same (25 → 2,500 a second).
//!
//! Run: `cargo bench --bench delivery` (optionally `-- 20000` for fewer members).
//! Prints the achieved rate as a fraction of the configured one, the 429s received, and memory.

mod common;
#[path = "../tests/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use std::time::{Duration, Instant};

use birlik::db::broadcasts::{self, NewBroadcast};
use birlik::delivery::DeliveryLimits;
use birlik::domain::audience::Audience;
use birlik::i18n::{Lang, PerLang};
use common::{memory_mib, verdict};
use support::TestApp;
use support::fake_api::{TelegramLimits, TgUser};

const SCALE: f64 = 100.0;
const REGIONS: [&str; 4] = ["KZ-75", "KZ-71", "KZ-79", "KZ-63"];
const GROUPS: i64 = 500;

fn main() {
    let members: i64 = std::env::args()
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
        app.seed_bulk_members(1_000_000, members, &REGIONS).await;
        for g in 0..GROUPS {
            let chat_id = -1_000_000_000 - g;
            app.fake.add_group(chat_id, "Volunteers");
            sqlx::query("INSERT INTO linked_groups (chat_id, region_iso, title, linked_at) VALUES (?, ?, 'Volunteers', 1)")
                .bind(chat_id)
                .bind(REGIONS[g as usize % REGIONS.len()])
                .execute(&app.pool)
                .await
                .unwrap();
        }
        let sender_chat = 1;
        // The broadcasts copy messages the sender really wrote: the fake refuses to copy one
        // that does not exist, as Telegram does.
        let sender = TgUser::new(sender_chat, "Coordinator", Some("en"));
        // Everybody; two regions; two regions, one of them shared: a member of KZ-71 gets all
        // three, and one message a second per chat holds the later ones back.
        let audiences = [
            Audience::All,
            Audience::Regions {
                regions: vec!["KZ-75".into(), "KZ-71".into()],
            },
            Audience::Regions {
                regions: vec!["KZ-71".into(), "KZ-79".into()],
            },
        ];
        let queued = Instant::now();
        let mut total = 0;
        for (i, audience) in audiences.iter().enumerate() {
            let message_id = app
                .fake
                .earlier_user_message(&sender, &format!("Announcement {i}: planting trees."));
            let (_, recipients) = broadcasts::create(
                &app.pool,
                &NewBroadcast {
                    created_by: sender_chat,
                    sender_chat_id: sender_chat,
                    audience,
                    with_ack: false,
                    lang: Lang::En,
                    versions: &[(Lang::En, message_id as i32)],
                    ack_labels: PerLang::default(),
                },
                app.clock.ms(),
            )
            .await
            .unwrap();
            total += recipients;
        }
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
        let to_groups: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE status = 'delivered' AND chat_id < 0")
                .fetch_one(&app.pool)
                .await
                .unwrap();
        let achieved = delivered as f64 / elapsed.as_secs_f64();
        let (peak_hwm, _) = memory_mib();
        let violations = app.fake.limit_violations();
        common::print_origin("delivery");
        println!(
            "3 broadcasts at once to {members} members' private chats and {GROUPS} linked groups \
             (overlapping: {total} messages); limits x{SCALE}"
        );
        println!("| figure | result | goal |");
        println!("|---|---|---|");
        println!(
            "| queueing {total} deliveries (three transactions) | {:.2} s | |",
            queue_time.as_secs_f64()
        );
        println!("| delivered (of which to groups) | {delivered} ({to_groups}) | {total} |");
        println!("| time to deliver | {:.1} s | |", elapsed.as_secs_f64());
        println!(
            "| achieved / configured rate | {achieved:.0} / {:.0} msg/s = {:.3} | ≥ 0.95: {} |",
            limits.per_second,
            achieved / limits.per_second,
            verdict(achieved / limits.per_second >= 0.95)
        );
        println!(
            "| 429 answers (limits exceeded) | {violations} | 0: {} |",
            verdict(violations == 0)
        );
        println!(
            "| resident memory before sending / peak while sending | {rss_before:.1} / {peak_rss:.1} MiB | |"
        );
        println!("| process peak, VmHWM (bot, fake and seeding) | {peak_hwm:.1} MiB | < 64 MiB |");
        if violations > 0 {
            for violation in app.fake.violations().iter().take(5) {
                println!("  429: {violation}");
            }
        }
    });
}
