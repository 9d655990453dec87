//! Stats benchmark on a synthetic movement of 100,000 members, 10,000 events and 1,000,000
//! sign-ups (`birlik::demo`, seed 1): median time of the national and of one region's figures,
//! chart rendering, and the database's size.
//!
//! Run: `cargo bench --bench stats` (optionally `-- 20000 2000` for members and events).

use std::time::{Duration, Instant};

use birlik::bot::handlers::stats::report;
use birlik::db::{self, standings, stats};
use birlik::domain::period::Period;
use birlik::i18n::Lang;

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
        let now = db::unix_now();
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
        // What the bot does at its first start after the upgrade: build the standings.
        let started = Instant::now();
        standings::refresh(&pool, clock).await.unwrap();
        let build_time = started.elapsed();
        // The whole /stats answer: figures, most active volunteers, regions or wings.
        let national = median(21, || async {
            report(&pool, &locales, Lang::En, None, Period::AllTime, clock)
                .await
                .unwrap();
        })
        .await;
        let regional = median(21, || async {
            report(&pool, &locales, Lang::En, Some("KZ-75"), Period::AllTime, clock)
                .await
                .unwrap();
        })
        .await;
        // What `/stats` answers first: the last 30 days.
        let national_30 = median(21, || async {
            report(&pool, &locales, Lang::En, None, Period::Days30, clock)
                .await
                .unwrap();
        })
        .await;
        let regional_30 = median(21, || async {
            report(&pool, &locales, Lang::En, Some("KZ-75"), Period::Days30, clock)
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
            birlik::charts::draw::bars_png("Attended by region", &rows).unwrap();
        })
        .await;
        // What the bot does at Almaty midnight: the periods move on by a day.
        let started = Instant::now();
        standings::refresh(&pool, clock + chrono::Duration::days(1))
            .await
            .unwrap();
        let roll_time = started.elapsed();
        println!(
            "stats benchmark: {summary:?}, generated in {:.1} s",
            fill_time.as_secs_f64()
        );
        println!(
            "  national /stats, last 30 days (median of 21)       {:>8.1} ms   goal < 50 ms",
            national_30.as_secs_f64() * 1e3
        );
        println!(
            "  one region's /stats, last 30 days (median of 21)   {:>8.1} ms   goal < 10 ms",
            regional_30.as_secs_f64() * 1e3
        );
        println!(
            "  national /stats, all time (median of 21)            {:>8.1} ms   goal < 50 ms",
            national.as_secs_f64() * 1e3
        );
        println!(
            "    of which the figures and the regions' lines         {:>8.1} ms",
            national_figures.as_secs_f64() * 1e3
        );
        println!(
            "  one region's /stats, all time (median of 21)        {:>8.1} ms   goal < 10 ms",
            regional.as_secs_f64() * 1e3
        );
        println!(
            "    of which a region's figures and wings               {:>8.1} ms",
            regional_figures.as_secs_f64() * 1e3
        );
        println!(
            "  chart of 20 regions as PNG (median of 11)            {:>8.1} ms",
            chart.as_secs_f64() * 1e3
        );
        println!(
            "  standings built at the first start                   {:>8.1} ms",
            build_time.as_secs_f64() * 1e3
        );
        println!(
            "  standings moved on at midnight                       {:>8.1} ms",
            roll_time.as_secs_f64() * 1e3
        );
        println!(
            "  database size                                        {:>8.1} MiB",
            size as f64 / 1_048_576.0
        );
    });
}
