//! Import benchmark: a headquarters' list of 20,000 people (.xlsx, names and languages mixed,
//! ten wings, five bad rows) checked and stored as pending people of one region that has 2,000
//! members: the dry run (reading and checking the file) and the store (one transaction), timed
//! separately and together, cold (a fresh database) and warm (the same database, its pending
//! people deleted between runs), against the goal of under 5 s; then the links: the CSV of
//! everyone and the PDF sheets per wing.
//!
//! Run: `cargo bench --bench import` (optionally `-- 5000` for another number of rows).

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use birlik::db::{self, pending, wings};
use birlik::i18n::{Lang, Locales};
use birlik::import::{self, Format, links};
use sqlx::SqlitePool;

const REGION: &str = "KZ-75";
const WINGS: usize = 10;
const MEMBERS: i64 = 2_000;
const WARM_RUNS: usize = 3;
const GOAL: Duration = Duration::from_secs(5);

/// `rows` people under a header in three languages, over the region's ten wings, with a missing
/// name, a year of 1890, a wing of another region, a duplicate phone and a registered member.
fn workbook(rows: usize, this_year: i32) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, name) in ["Аты-жөні", "Год рождения", "Wing", "Телефон", "Тіл"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    let first = ["Асқар", "Анна", "Dana", "Әйгерім", "Ли"];
    let letters: Vec<char> = "абвгдежзиклмнопрстуфхцчшщ".chars().collect();
    let letter = |n: usize| letters[n % letters.len()];
    for i in 0..rows {
        let r = i as u32 + 1;
        let mut name = format!(
            "{} Ким{}{}{}",
            first[i % first.len()],
            letter(i / 625),
            letter(i / 25),
            letter(i)
        );
        let mut year = (this_year - 20 - (i % 10) as i32).to_string();
        let mut wing = format!("Wing {}", i % WINGS);
        let mut phone = format!("+7 702 {i:07}");
        match i {
            10 => name.clear(),
            20 => year = "1890".into(),
            30 => wing = "Uzbek youth".into(),
            40 => phone = "87020000005".into(),
            50 => {
                name = "Bench 0".into();
                year = "2000".into();
                phone.clear();
            }
            _ => {}
        }
        sheet.write_string(r, 0, &name).unwrap();
        sheet.write_number(r, 1, year.parse::<f64>().unwrap()).unwrap();
        sheet.write_string(r, 2, &wing).unwrap();
        sheet.write_string(r, 3, &phone).unwrap();
        sheet.write_string(r, 4, ["kk", "ru", "en"][i % 3]).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

/// A fresh database with the region's wings and members.
async fn fresh_database(dir: &std::path::Path) -> SqlitePool {
    let path = dir.join("import-bench.db");
    let pool = db::connect(path.to_str().unwrap()).await.unwrap();
    db::migrate(&pool).await.unwrap();
    for wing in 0..WINGS {
        wings::insert(&pool, REGION, &format!("Wing {wing}"), 0)
            .await
            .unwrap();
    }
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO members (telegram_user_id, chat_id, full_name, birth_year, region_iso, lang,
             consent_at, consent_version, registered_at, updated_at)
         SELECT 1000 + i, 1000 + i, 'Bench ' || i, 2000, ?2, 'kk', 1, 'bench', 1, 1 FROM n",
    )
    .bind(MEMBERS)
    .bind(REGION)
    .execute(&pool)
    .await
    .unwrap();
    pool
}

struct Run {
    dry_run: Duration,
    store: Duration,
    stored: usize,
    import_id: i64,
}

/// The dry run of the file, then the store of its good rows, as Import does.
async fn import_once(pool: &SqlitePool, bytes: &[u8], this_year: i32) -> Run {
    let started = Instant::now();
    let run = import::dry_run(pool, REGION, bytes, Format::Xlsx, this_year)
        .await
        .unwrap()
        .expect("a readable file");
    let dry_run = started.elapsed();
    let started = Instant::now();
    let import_id = pending::begin_import(pool, REGION, None, None, "people.xlsx", 1)
        .await
        .unwrap();
    let stored = import::store(pool, import_id, &run, 2).await.unwrap().unwrap();
    let store = started.elapsed();
    Run {
        dry_run,
        store,
        stored: stored.len(),
        import_id,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let rows: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    common::print_origin("import");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let this_year = 2026;
        let bytes = workbook(rows, this_year);
        let dir = tempfile::tempdir().unwrap();
        let pool = fresh_database(dir.path()).await;
        println!(
            "{rows} rows (.xlsx, {:.1} MiB) into a region of {WINGS} wings and {MEMBERS} members",
            bytes.len() as f64 / 1_048_576.0
        );
        println!("| run | dry run | store | together | people stored | goal < 5 s |");
        println!("|---|---|---|---|---|---|");

        // A reader watches the pending people while the cold import runs: one transaction
        // shows it none, then all of them, never a part.
        let done = Arc::new(AtomicBool::new(false));
        let watcher = tokio::spawn({
            let (pool, done) = (pool.clone(), done.clone());
            async move {
                let mut seen = BTreeSet::new();
                while !done.load(Ordering::Relaxed) {
                    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pending_people")
                        .fetch_one(&pool)
                        .await
                        .unwrap();
                    seen.insert(count);
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                seen
            }
        });
        let cold = import_once(&pool, &bytes, this_year).await;
        done.store(true, Ordering::Relaxed);
        let seen = watcher.await.unwrap();
        let partial = seen.iter().any(|&n| n != 0 && n != cold.stored as i64);
        let together = cold.dry_run + cold.store;
        println!(
            "| cold | {} | {} | {} | {} | {} |",
            ms(cold.dry_run),
            ms(cold.store),
            ms(together),
            cold.stored,
            common::verdict(together < GOAL)
        );

        let people = pending::of_import(&pool, cold.import_id).await.unwrap();
        let mut warm = Vec::new();
        for _ in 0..WARM_RUNS {
            // The people pending again would all be found as imported before.
            sqlx::query("DELETE FROM pending_people")
                .execute(&pool)
                .await
                .unwrap();
            warm.push(import_once(&pool, &bytes, this_year).await);
        }
        let dry = median(warm.iter().map(|r| r.dry_run).collect());
        let store = median(warm.iter().map(|r| r.store).collect());
        let together = median(warm.iter().map(|r| r.dry_run + r.store).collect());
        println!(
            "| warm (median of {WARM_RUNS}) | {} | {} | {} | {} | {} |",
            ms(dry),
            ms(store),
            ms(together),
            warm[0].stored,
            common::verdict(together < GOAL)
        );

        let locales = Locales::load().unwrap();
        let started = Instant::now();
        let files = links::files(
            &pool,
            &locales,
            Lang::En,
            "birlik_bot",
            cold.import_id,
            (REGION, "Almaty"),
            people,
        )
        .await
        .unwrap();
        let links_time = started.elapsed();
        let pdf_bytes: usize = files.sheets.iter().map(|(_, f)| f.bytes.len()).sum();
        println!();
        println!("| links of {} people | time | size |", files.csv.rows);
        println!("|---|---|---|");
        println!(
            "| CSV and {} PDF sheets (one per wing), together | {} | {:.1} MiB CSV, {:.1} MiB PDF |",
            files.sheets.len(),
            ms(links_time),
            files.csv.bytes.len() as f64 / 1_048_576.0,
            pdf_bytes as f64 / 1_048_576.0
        );
        let (peak, _) = common::memory_mib();
        println!("goals:");
        println!(
            "  cold import under 5 s: {} ({:.2} s); warm: {} ({:.2} s)",
            common::verdict(cold.dry_run + cold.store < GOAL),
            (cold.dry_run + cold.store).as_secs_f64(),
            common::verdict(together < GOAL),
            together.as_secs_f64()
        );
        println!(
            "  one transaction: {} (a reader during the cold store saw {:?} people pending)",
            common::verdict(!partial),
            seen
        );
        println!("peak memory {peak:.0} MiB, CPU {:.1} s", common::cpu_seconds());
    });
}
