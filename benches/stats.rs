//! Stats benchmark on a synthetic movement of 100,000 members, 10,000 events and 1,000,000
//! sign-ups (`birlik::demo`, seed 1): median time of the national and of one region's figures,
//! chart rendering, the most active volunteers while the standings are still being built, the
//! standings' build and nightly roll, what the triggers add to one sign-up and one attendance
//! toggle, and the database's size.
//!
//! Run: `cargo bench --bench stats` (optionally `-- 20000 2000` for members and events).

mod common;

use std::time::{Duration, Instant};

use birlik::bot::handlers::stats::report;
use birlik::clock::Clock;
use birlik::db::signups::{self, Press, Pressed};
use birlik::db::{self, Db, standings, stats};
use birlik::domain::period::Period;
use birlik::i18n::Lang;
use sqlx::SqlitePool;

async fn median<F, Fut>(runs: usize, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        f().await;
        times.push(started.elapsed());
    }
    times.sort();
    times[runs / 2]
}

/// Median time of a single sign-up (one press, its own write transaction) and of one
/// attendance toggle, for `count` members added for it (ids from `first`) on `event`.
async fn signup_and_toggle(db: &Db, event: i64, first: i64, count: i64, now: i64) -> (Duration, Duration) {
    let pool: &SqlitePool = db;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2)
         INSERT INTO members (telegram_user_id, chat_id, full_name, birth_year, region_iso, lang,
             consent_at, consent_version, registered_at, updated_at)
         SELECT ?1 + i, ?1 + i, 'Bench ' || i, 2000, (SELECT region_iso FROM events WHERE id = ?3),
             'kk', 1, 'bench', 1, 1
         FROM n",
    )
    .bind(first)
    .bind(count)
    .bind(event)
    .execute(pool)
    .await
    .unwrap();
    let mut signup_times = Vec::new();
    let mut signup_ids = Vec::new();
    for telegram_user_id in first..first + count {
        let press = Press {
            telegram_user_id,
            username: None,
            event_id: event,
        };
        let started = Instant::now();
        let pressed = signups::volunteer(db, &[press], now).await.unwrap();
        signup_times.push(started.elapsed());
        assert!(
            matches!(pressed[..], [Pressed::Answered(_)]),
            "the bench's press was refused"
        );
        let id: i64 = sqlx::query_scalar(
            "SELECT s.id FROM signups s JOIN members m ON m.id = s.member_id
             WHERE m.telegram_user_id = ? AND s.event_id = ?",
        )
        .bind(telegram_user_id)
        .bind(event)
        .fetch_one(pool)
        .await
        .unwrap();
        signup_ids.push(id);
    }
    let mut toggle_times = Vec::new();
    for id in signup_ids {
        let started = Instant::now();
        signups::toggle_attendance(pool, id, now).await.unwrap();
        toggle_times.push(started.elapsed());
    }
    signup_times.sort();
    toggle_times.sort();
    (
        signup_times[signup_times.len() / 2],
        toggle_times[toggle_times.len() / 2],
    )
}

/// Drops the triggers on `signups` whose names start with one of `prefixes`; returns their
/// SQL, to create them again.
async fn drop_triggers(pool: &SqlitePool, prefixes: &[&str]) -> Vec<String> {
    let triggers: Vec<(String, String)> =
        sqlx::query_as("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'signups'")
            .fetch_all(pool)
            .await
            .unwrap();
    let mut dropped = Vec::new();
    for (name, sql) in triggers {
        if prefixes.iter().any(|p| name.starts_with(p)) {
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP TRIGGER {name}")))
                .execute(pool)
                .await
                .unwrap();
            dropped.push(sql);
        }
    }
    dropped
}

fn main() {
    let args: Vec<i64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let members = args.first().copied().unwrap_or(100_000);
    let events = args.get(1).copied().unwrap_or(10_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stats-bench.db");
        let pool = db::connect(path.to_str().unwrap()).await.unwrap();
        db::migrate(&pool).await.unwrap();
        let db = Db::new(pool.clone());
        let now = Clock::system().unix();
        let started = Instant::now();
        let summary = birlik::demo::fill(&pool, members, events, 1, now).await.unwrap();
        let fill_time = started.elapsed();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&pool)
            .await
            .unwrap();
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let locales = birlik::i18n::Locales::load().unwrap();
        let clock = chrono::Utc::now();
        // What the bot does at its first start after the upgrade: build the standings. Until
        // they are built, `/stats` reads the most active volunteers from the sign-ups: timed
        // meanwhile, nationally over all time (the largest such list).
        let started = Instant::now();
        let build = tokio::spawn({
            let pool = pool.clone();
            async move { standings::refresh(&pool, clock).await.unwrap() }
        });
        let mut while_building = Vec::new();
        while !build.is_finished() {
            let asked = Instant::now();
            let list = stats::most_active(&pool, None, Period::AllTime, clock, 10)
                .await
                .unwrap();
            assert!(!list.is_empty() || members == 0);
            if !build.is_finished() {
                while_building.push(asked.elapsed());
            }
        }
        build.await.unwrap();
        let build_time = started.elapsed();
        while_building.sort();
        let most_active_after = median(21, || async {
            stats::most_active(&pool, None, Period::AllTime, clock, 10)
                .await
                .unwrap();
        })
        .await;
        // The whole /stats answer: figures, most active volunteers, regions or wings.
        let national = median(21, || async {
            report(&db, &locales, Lang::En, None, Period::AllTime, clock)
                .await
                .unwrap();
        })
        .await;
        let regional = median(21, || async {
            report(&db, &locales, Lang::En, Some("KZ-75"), Period::AllTime, clock)
                .await
                .unwrap();
        })
        .await;
        // What `/stats` answers first: the last 30 days.
        let national_30 = median(21, || async {
            report(&db, &locales, Lang::En, None, Period::Days30, clock)
                .await
                .unwrap();
        })
        .await;
        let regional_30 = median(21, || async {
            report(&db, &locales, Lang::En, Some("KZ-75"), Period::Days30, clock)
                .await
                .unwrap();
        })
        .await;
        let since = Period::AllTime.start(clock);
        let national_figures = median(21, || async {
            stats::figures(&pool, None, since, now).await.unwrap();
            stats::by_region(&pool, since).await.unwrap();
        })
        .await;
        let regional_figures = median(21, || async {
            stats::figures(&pool, Some("KZ-75"), since, now).await.unwrap();
            stats::members_by_wing(&pool, "KZ-75").await.unwrap();
        })
        .await;
        let lines = stats::by_region(&pool, since).await.unwrap();
        let rows: Vec<(String, i64)> = lines.iter().map(|l| (l.region_iso.clone(), l.attended)).collect();
        let chart = median(11, || async {
            birlik::charts::draw::bars_png("Attended by region", &rows, &|n| n.to_string()).unwrap();
        })
        .await;
        // What the bot does at Almaty midnight: the periods move on by a day.
        let started = Instant::now();
        standings::refresh(&pool, clock + chrono::Duration::days(1))
            .await
            .unwrap();
        let roll_time = started.elapsed();
        // What the triggers add: one sign-up and one attendance toggle with every trigger on
        // `signups`, without the standings' triggers, and without any.
        let upcoming: i64 = sqlx::query_scalar(
            "SELECT id FROM events WHERE status = 'published' AND starts_at > ? AND region_iso IS NOT NULL
             ORDER BY starts_at LIMIT 1",
        )
        .bind(now + 2 * 3600)
        .fetch_one(&pool)
        .await
        .unwrap();
        let with_all = signup_and_toggle(&db, upcoming, 50_000_000, 201, now).await;
        let mut dropped = drop_triggers(&pool, &["standings_"]).await;
        let without_standings = signup_and_toggle(&db, upcoming, 50_100_000, 201, now).await;
        dropped.extend(drop_triggers(&pool, &[""]).await);
        let without_any = signup_and_toggle(&db, upcoming, 50_200_000, 201, now).await;
        for sql in dropped {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.unwrap();
        }
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let (with_signup, with_toggle) = with_all;
        let (standings_signup, standings_toggle) = without_standings;
        let (bare_signup, bare_toggle) = without_any;
        common::print_origin("stats");
        println!(
            "{summary:?}, generated in {:.1} s; times are medians unless told",
            fill_time.as_secs_f64()
        );
        println!("| figure | result | goal |");
        println!("|---|---|---|");
        let rows = [
            ("national `/stats`, last 30 days (median of 21)", ms(national_30), "< 50 ms"),
            ("one region's `/stats`, last 30 days", ms(regional_30), "< 10 ms"),
            ("national `/stats`, all time", ms(national), "< 50 ms"),
            ("  of which the figures and the regions' lines", ms(national_figures), ""),
            ("one region's `/stats`, all time", ms(regional), "< 10 ms"),
            ("  of which a region's figures and wings", ms(regional_figures), ""),
            ("chart of 20 regions as PNG (median of 11)", ms(chart), ""),
        ];
        for (figure, value, goal) in rows {
            println!("| {figure} | {value:.1} ms | {goal} |");
        }
        println!(
            "| most active, national, all time, while the standings are built: median / slowest of {} | {:.1} / {:.1} ms | |",
            while_building.len(),
            ms(common::percentile(&while_building, 0.5)),
            ms(common::percentile(&while_building, 1.0))
        );
        println!(
            "| most active, national, all time, from the standings | {:.1} ms | |",
            ms(most_active_after)
        );
        println!(
            "| standings built at the first start (in the background) | {:.1} s | |",
            build_time.as_secs_f64()
        );
        println!("| standings moved on at Almaty midnight | {:.1} ms | |", ms(roll_time));
        println!(
            "| one sign-up: all triggers / without the standings' / without any (median of 201) | {:.2} / {:.2} / {:.2} ms | |",
            ms(with_signup),
            ms(standings_signup),
            ms(bare_signup)
        );
        println!(
            "| one attendance toggle: all triggers / without the standings' / without any | {:.2} / {:.2} / {:.2} ms | |",
            ms(with_toggle),
            ms(standings_toggle),
            ms(bare_toggle)
        );
        println!(
            "| database size | {:.1} MiB | |",
            size as f64 / 1_048_576.0
        );
    });
}
