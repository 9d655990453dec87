//! The `birlik` binary as an operator runs it: configuration errors, `migrate`, and a real
//! registration against the fake Bot API followed by SIGTERM.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::app::Registration;
use crate::support::binary::spawn_binary;
use crate::support::{TestApp, TgUser};
use birlik::db::members;
use birlik::i18n::Lang;

/// Runs the binary in `dir` with only the given environment (no `.env` unless the test wrote one).
pub(crate) fn birlik(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_birlik"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .output()
        .expect("run birlik")
}

#[test]
fn without_a_token_it_explains_how_to_get_one_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let output = birlik(dir.path(), &[], &[]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("@BotFather"), "{stderr}");
    assert!(stderr.contains("TELOXIDE_TOKEN="), "{stderr}");
    assert!(stderr.contains(".env"), "{stderr}");
    assert!(
        !dir.path().join("birlik.db").exists(),
        "nothing is created without a token"
    );
}

#[test]
fn a_malformed_value_is_named() {
    let dir = tempfile::tempdir().unwrap();
    for (var, value) in [
        ("BROADCAST_RATE", "100"),
        ("LOG_FORMAT", "xml"),
        ("RUST_LOG", "birlik=loud"),
    ] {
        // `migrate` would otherwise finish at once: the start stops before it does anything.
        let output = birlik(
            dir.path(),
            &[("TELOXIDE_TOKEN", "1:x"), (var, value)],
            &["migrate"],
        );
        assert!(!output.status.success(), "{var}={value} was accepted");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with(&format!("{var} is malformed")),
            "{var}={value}: {stderr}"
        );
        assert!(
            !dir.path().join("birlik.db").exists(),
            "{var}={value}: a database was created"
        );
    }
}

#[test]
fn migrate_creates_the_default_database_with_the_regions() {
    let dir = tempfile::tempdir().unwrap();
    let output = birlik(dir.path(), &[], &["migrate"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let db = dir.path().join("birlik.db");
    assert!(
        db.exists(),
        "DATABASE_URL defaults to birlik.db in the working directory"
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let pool = birlik::db::connect(db.to_str().unwrap()).await.unwrap();
        let regions: Vec<(String, String)> =
            sqlx::query_as("SELECT iso_code, name_kk FROM regions ORDER BY sort_order")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(regions.len(), 20);
        assert_eq!(regions[0], ("KZ-71".to_owned(), "Астана".to_owned()));
        assert!(regions.contains(&("KZ-62".to_owned(), "Ұлытау облысы".to_owned())));
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(journal, "wal");
    });
    // A second run has nothing left to do and still succeeds.
    assert!(birlik(dir.path(), &[], &["migrate"]).status.success());
}

#[tokio::test]
async fn the_binary_registers_a_kazakh_member_and_stops_cleanly_on_sigterm() {
    let app = TestApp::without_bot().await;
    // Configuration through a .env file in the working directory, as an operator would.
    let workdir = tempfile::tempdir().unwrap();
    let dotenv: String = app.env().iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    std::fs::write(workdir.path().join(".env"), dotenv).unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_birlik"))
        .current_dir(workdir.path())
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("DATABASE_URL")
        // Debug logs of every crate, as JSON: the token must not appear even there.
        .env("RUST_LOG", "debug")
        .env("LOG_FORMAT", "json")
        .kill_on_drop(true)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start birlik");
    // Read the log as it is written: a full pipe would block the bot's next log line.
    let log = {
        use tokio::io::AsyncReadExt;
        let mut pipe = child.stderr.take().unwrap();
        tokio::spawn(async move {
            let mut log = String::new();
            pipe.read_to_string(&mut log).await.map(|_| log)
        })
    };

    let user = TgUser::new(9001, "Әйгерім", Some("kk"));
    app.register(
        &user,
        &Registration {
            lang: Lang::Kk,
            name: "Әйгерім Нұрланқызы",
            birth_year: 2003,
            region: "Астана",
            wing: None,
            phone: Some("+77015550101"),
        },
    )
    .await;
    let member = members::find_by_user(&app.pool, user.id)
        .await
        .unwrap()
        .expect("member row");
    assert_eq!(member.full_name.as_deref(), Some("Әйгерім Нұрланқызы"));
    assert_eq!(member.lang, Lang::Kk);
    assert_eq!(member.phone.as_deref(), Some("+77015550101"));
    // Every reply after the trilingual language question is in Kazakh.
    for sent in &app.fake.sent_to(user.id)[1..] {
        let cyrillic = sent
            .text
            .chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap()));
        assert!(cyrillic, "not Kazakh: {}", sent.text);
    }

    let pid = nix::unistd::Pid::from_raw(child.id().expect("pid") as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("send SIGTERM");
    let status = tokio::time::timeout(std::time::Duration::from_secs(20), child.wait())
        .await
        .expect("birlik stops within 20 s of SIGTERM")
        .unwrap();
    let stderr = log.await.unwrap().unwrap();
    assert!(status.success(), "exit {status}: {stderr}");
    assert!(
        !stderr.contains(crate::support::fake_api::TOKEN),
        "the token leaked into the log"
    );
    assert!(
        !stderr.contains("AAFakeTokenForTestsOnly"),
        "the token leaked into the log"
    );
    // One JSON object a line; one line per update with its kind, user and outcome.
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    let updates: Vec<_> = lines
        .iter()
        .filter(|line| line["message"] == "update" && line["user_id"] == user.id)
        .collect();
    for kind in ["message", "callback_query"] {
        assert!(
            updates
                .iter()
                .any(|line| line["kind"] == kind && line["outcome"] == "handled"),
            "no {kind} line in {updates:?}"
        );
    }
    assert!(
        updates
            .iter()
            .all(|line| line["ms"].is_number() && line["level"] == "INFO")
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn the_log_at_info_holds_no_name_phone_or_update_even_of_an_update_teloxide_cannot_read() {
    let app = TestApp::without_bot().await;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_birlik"))
        .envs(app.env())
        .env("RUST_LOG", "info")
        .kill_on_drop(true)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start birlik");
    let log = {
        use tokio::io::AsyncReadExt;
        let mut pipe = child.stderr.take().unwrap();
        tokio::spawn(async move {
            let mut log = String::new();
            pipe.read_to_string(&mut log).await.map(|_| log)
        })
    };

    let user = TgUser::new(9002, "Дана", Some("ru"));
    app.register(
        &user,
        &Registration {
            lang: Lang::Ru,
            name: "Дана Ержанқызы",
            birth_year: 2000,
            region: "Астана",
            wing: None,
            phone: Some("+77015550142"),
        },
    )
    .await;
    app.send(&user, "/profile").await;
    // Updates teloxide cannot read (teloxide would log each whole, at ERROR): the bot skips
    // them, logs their ids alone and keeps no body. teloxide never hands them to a handler, so
    // each held one of the 100 places in hand for good: more of them than that still leave
    // the bot serving.
    let unreadable: Vec<i64> = (0..=birlik::updates::intake::MAX_UPDATES_IN_HAND)
        .map(|_| {
            app.fake
                .unreadable_contact(&user, "Дана Ержанқызы", "+77015550142")
        })
        .collect();
    let started = std::time::Instant::now();
    while !unreadable.iter().all(|&id| app.fake.delivered(id)) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "the updates were not taken"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // A last ordinary update: once it is answered, the unreadable ones before it were seen.
    let help = app.send(&user, "/help").await;
    assert_eq!(
        help.iter().map(|sent| sent.text.as_str()).collect::<Vec<_>>(),
        [app.text(Lang::Ru, "help-member")],
        "the bot serves nobody any more"
    );
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM update_inbox WHERE body LIKE '%77015550142%'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(kept, 0, "the unreadable updates' bodies are kept");

    let pid = child.id().expect("pid").to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    tokio::time::timeout(std::time::Duration::from_secs(20), child.wait())
        .await
        .expect("birlik stops within 20 s of SIGTERM")
        .unwrap();
    // Without the colours of a terminal.
    let stderr = regex::Regex::new("\x1b\\[[0-9;]*m")
        .unwrap()
        .replace_all(&log.await.unwrap().unwrap(), "")
        .into_owned();
    for personal in ["Дана Ержанқызы", "Ержанқызы", "77015550142", "user9002"] {
        assert!(!stderr.contains(personal), "{personal} is in the log:\n{stderr}");
    }
    for id in unreadable {
        assert!(
            stderr
                .lines()
                .any(|line| line.contains("cannot read") && line.contains(&format!("update_id={id}"))),
            "the unreadable update {id} is not summarised:\n{stderr}"
        );
    }
    assert!(stderr.contains("update"), "the log is empty:\n{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_copies_the_database_while_the_bot_runs_and_members_keep_registering() {
    let app = TestApp::spawn().await;
    app.seed_bulk_members(10_000, 2_000, &["KZ-75", "KZ-71"]).await;
    // Load: members keep arriving, one transaction each, for as long as the backups run.
    let writer = {
        let pool = app.pool.clone();
        tokio::spawn(async move {
            for n in 0.. {
                sqlx::query(
                    "INSERT INTO members (telegram_user_id, chat_id, full_name, birth_year, region_iso, lang, \
                     consent_at, consent_version, registered_at, updated_at, status) \
                     VALUES (?1, ?1, 'Load Test', 2005, 'KZ-75', 'kk', 0, 'v1', 0, 0, 'active')",
                )
                .bind(50_000 + n)
                .execute(&pool)
                .await
                .expect("the bot's database stays writable during a backup");
                tokio::task::yield_now().await;
            }
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let url = app.db_path.display().to_string();
    let env = [("DATABASE_URL", url.as_str())];
    let mut sizes = Vec::new();
    for name in ["first.db", "second.db"] {
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        let target = dir.path().join(name);
        let output = tokio::task::spawn_blocking({
            let (dir, target, url) = (dir.path().to_owned(), target.clone(), url.clone());
            move || {
                birlik(
                    &dir,
                    &[("DATABASE_URL", &url)],
                    &["backup", target.to_str().unwrap()],
                )
            }
        })
        .await
        .unwrap();
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("checked"), "{stdout}");
        // The copy is sound and holds the members of one moment between before and after.
        let copied = birlik::backup::check(&target).await.unwrap();
        assert!(
            (before..=after).contains(&copied),
            "{before} <= {copied} <= {after}"
        );
        assert!(after > before, "the load kept writing during the backup");
        sizes.push(copied);
    }
    writer.abort();
    // A backup never overwrites; a folder gets a time-stamped file.
    let output = birlik(
        dir.path(),
        &env,
        &["backup", dir.path().join("first.db").to_str().unwrap()],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));
    assert_eq!(
        birlik::backup::check(&dir.path().join("first.db")).await.unwrap(),
        sizes[0]
    );
    let output = birlik(dir.path(), &env, &["backup", dir.path().to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stamped = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("birlik-") && name.ends_with(".db"))
        .count();
    assert_eq!(stamped, 1);
    // A mistyped database path is an error, not a new empty database.
    let missing = dir.path().join("missing.db");
    let output = birlik(
        dir.path(),
        &[("DATABASE_URL", missing.to_str().unwrap())],
        &["backup", dir.path().join("x.db").to_str().unwrap()],
    );
    assert!(!output.status.success());
    assert!(!missing.exists());
}

#[test]
fn grant_from_the_command_line_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let ok = birlik(
        dir.path(),
        &[],
        &[
            "grant",
            "--user",
            "42",
            "--role",
            "coordinator",
            "--region",
            "KZ-75",
        ],
    );
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let missing_region = birlik(dir.path(), &[], &["grant", "--user", "43", "--role", "organiser"]);
    assert!(!missing_region.status.success());
    assert!(String::from_utf8_lossy(&missing_region.stderr).contains("--region"));
    let bad_role = birlik(dir.path(), &[], &["grant", "--user", "43", "--role", "king"]);
    assert!(!bad_role.status.success());

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let pool = birlik::db::connect(dir.path().join("birlik.db").to_str().unwrap())
            .await
            .unwrap();
        let role = birlik::db::roles::find(&pool, 42).await.unwrap();
        assert_eq!(
            role,
            Some(birlik::domain::role::StaffRole::regional(
                birlik::domain::role::Role::Coordinator,
                "KZ-75"
            ))
        );
        let (actor, action): (Option<i64>, String) =
            sqlx::query_as("SELECT actor_user_id, action FROM audit_log")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!((actor, action.as_str()), (None, "role_granted"));
        assert_eq!(birlik::db::roles::find(&pool, 43).await.unwrap(), None);
    });
}

#[tokio::test]
async fn after_kill_9_a_broadcast_resumes_with_at_most_the_in_flight_messages_twice() {
    use std::collections::HashMap;
    use std::time::Duration;

    let app = TestApp::without_bot().await;
    let env = [("ADMIN_IDS", "1"), ("BROADCAST_RATE", "30")];
    let mut bot = spawn_binary(&app, &env);
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let recipients = app.seed_bulk_members(30_000, 300, &["KZ-15"]).await;
    let en = |key: &str| app.text(Lang::En, key);
    app.send(&admin, "/broadcast").await;
    app.press(&admin, &en("broadcast-to-all")).await;
    app.send(&admin, "Crash-proof").await;
    app.press(&admin, "English").await;
    app.press(&admin, &en("broadcast-preview")).await;
    app.press(&admin, "✅ Send (300)").await;

    let copies = |app: &TestApp| {
        let mut per_chat: HashMap<i64, usize> = HashMap::new();
        for call in app.fake.calls() {
            if call.method == "copyMessage" && call.error.is_none() && call.params["chat_id"] != admin.id {
                *per_chat
                    .entry(call.params["chat_id"].as_i64().unwrap())
                    .or_default() += 1;
            }
        }
        per_chat
    };
    app.wait_until("a third is out", || copies(&app).len() >= 100)
        .await;
    bot.start_kill().unwrap();
    bot.wait().await.unwrap();

    let mut bot = spawn_binary(&app, &env);
    app.wait_broadcasts_finished(Duration::from_secs(60)).await;
    let per_chat = copies(&app);
    let duplicates: usize = per_chat.values().map(|n| n - 1).sum();
    for id in &recipients {
        assert!(
            per_chat.get(id).copied().unwrap_or(0) >= 1,
            "member {id} never got the broadcast"
        );
    }
    assert!(
        duplicates <= birlik::delivery::worker::MAX_IN_FLIGHT,
        "{duplicates} duplicates after kill -9; the README promises at most the messages in flight"
    );
    eprintln!("kill -9 in the middle of 300 recipients: {duplicates} duplicate(s)");
    bot.start_kill().unwrap();
}

#[test]
fn stats_prints_the_figures_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let output = birlik(dir.path(), &[], &["stats", "--period", "all"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.starts_with("Kazakhstan, period all"), "{stdout}");
    assert!(stdout.contains("attendance rate"), "{stdout}");
    let zeros = stdout.lines().filter(|l| l.ends_with(" 0")).count();
    assert!(zeros >= 8, "an empty movement has zeros: {stdout}");
    let output = birlik(
        dir.path(),
        &[],
        &["stats", "--region", "KZ-75", "--period", "year"],
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("Almaty, period year"));
    let output = birlik(dir.path(), &[], &["stats", "--period", "week"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--period must be"));
    let out = dir.path().join("exports");
    let output = birlik(dir.path(), &[], &["export", "--out", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in ["members-KZ.csv", "events-KZ.csv", "participation-KZ.csv"] {
        let csv = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(csv.starts_with('\u{feff}'), "{name}");
    }
    // English column names unless asked for another language.
    let members = std::fs::read_to_string(out.join("members-KZ.csv")).unwrap();
    assert!(members.starts_with("\u{feff}member_id,full_name,"), "{members}");
    let output = birlik(
        dir.path(),
        &[],
        &["export", "--out", out.to_str().unwrap(), "--lang", "kk"],
    );
    assert!(output.status.success());
    let members = std::fs::read_to_string(out.join("members-KZ.csv")).unwrap();
    assert!(members.starts_with("\u{feff}Мүше нөмірі,Аты-жөні,"), "{members}");
    let output = birlik(dir.path(), &[], &["export", "--out", "x", "--lang", "de"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not kk, ru or en"));
}

#[tokio::test]
async fn after_kill_9_in_a_burst_of_volunteer_presses_no_place_is_overbooked_and_no_told_sign_up_lost() {
    kill_9_in_a_burst_of_volunteer_presses(&[]).await;
}

/// By webhook the bot answers Telegram's post as soon as the update waits in memory, long
/// before it is handled: without the kept updates, a kill loses every one taken and not handled.
#[tokio::test]
async fn by_webhook_after_kill_9_in_a_burst_of_volunteer_presses_no_taken_press_is_lost() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/telegram/hook");
    let listen = format!("127.0.0.1:{port}");
    kill_9_in_a_burst_of_volunteer_presses(&[
        ("WEBHOOK_URL", &url),
        ("WEBHOOK_LISTEN", &listen),
        ("WEBHOOK_SECRET", "birlik-test_secret"),
    ])
    .await;
}

/// 400 members press Volunteer on 50 places; the bot (started with `env`) is killed after
/// 150 answers and started again.
async fn kill_9_in_a_burst_of_volunteer_presses(env: &[(&str, &str)]) {
    use std::collections::{HashMap, HashSet};
    use std::time::{Duration, Instant};

    use birlik::bot::Callback;
    use birlik::domain::role::{Role, StaffRole};

    const CAPACITY: i64 = 50;
    const PRESSES: i64 = 400;
    let app = TestApp::without_bot().await;
    let organiser = TgUser::new(2, "Organiser", Some("en"));
    app.seed_member(&organiser, "KZ-75", Lang::En).await;
    app.seed_role(&organiser, StaffRole::regional(Role::Organiser, "KZ-75"))
        .await;
    let event = app
        .seed_event(
            &organiser,
            Some("KZ-75"),
            Some(CAPACITY),
            chrono::Duration::days(2),
        )
        .await;
    let ids = app.seed_bulk_members(40_000, PRESSES, &["KZ-75"]).await;
    let data = Callback::Volunteer(event.id).encode();
    let markup = serde_json::json!({"inline_keyboard": [[{"text": "🙋", "callback_data": data}]]});
    let mut bot = spawn_binary(&app, env);
    // Everyone presses Volunteer on the card in their chat at once.
    let mut presser_of: HashMap<String, i64> = HashMap::new();
    for id in &ids {
        let user = TgUser::new(*id, "Member", Some("en"));
        let card = app.fake.bot_message(&user, "card", markup.clone());
        let update = app.fake.user_presses(&user, card, &data);
        presser_of.insert(format!("cq{update}"), *id);
    }
    // The bot's answers to the presses: every attempt at the fake, and whether Telegram (the
    // fake, which takes one answer per press) accepted it.
    let attempts = |app: &TestApp| -> Vec<(i64, String, bool)> {
        app.fake
            .calls()
            .into_iter()
            .filter(|c| c.method == "answerCallbackQuery")
            .filter_map(|c| {
                let presser = presser_of.get(c.params["callback_query_id"].as_str()?)?;
                let text = c.params["text"].as_str()?.to_owned();
                Some((*presser, text, c.error.is_none()))
            })
            .collect()
    };
    let answers = |app: &TestApp| -> Vec<(i64, String)> {
        attempts(app)
            .into_iter()
            .filter(|(_, _, accepted)| *accepted)
            .map(|(presser, text, _)| (presser, text))
            .collect()
    };
    let started = Instant::now();
    while app.fake.count_of("answerCallbackQuery") < 150 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the presses are not being answered"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    bot.start_kill().unwrap();
    bot.wait().await.unwrap();
    let told_before_kill = answers(&app);

    let mut bot = spawn_binary(&app, env);
    let started = Instant::now();
    loop {
        let handled: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM processed_updates")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        if handled >= PRESSES {
            break;
        }
        if started.elapsed() > Duration::from_secs(45) {
            let answered: HashSet<i64> = answers(&app).into_iter().map(|(id, _)| id).collect();
            let never: Vec<&i64> = ids.iter().filter(|id| !answered.contains(id)).collect();
            panic!("{handled} of {PRESSES} presses handled after the restart; never answered: {never:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let all_answers = answers(&app);
    let all_attempts = attempts(&app);
    bot.start_kill().unwrap();
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM update_inbox")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(kept, 0, "every update kept for a crash was handled");

    // No overbooking: exactly the places are confirmed, everyone else waits in order.
    let statuses: HashMap<i64, String> = sqlx::query_as(
        "SELECT m.telegram_user_id, s.status FROM signups s JOIN members m ON m.id = s.member_id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let confirmed = statuses.values().filter(|s| *s == "confirmed").count() as i64;
    assert_eq!(confirmed, CAPACITY);
    assert_eq!(statuses.len() as i64, PRESSES, "one sign-up per member");
    let (taken, waiting): (i64, i64) = sqlx::query_as("SELECT taken, waiting FROM events WHERE id = ?")
        .bind(event.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!((taken, waiting), (CAPACITY, PRESSES - CAPACITY));

    // Every sign-up a member was told about before the kill is there, as they were told.
    let signed_up: Vec<String> = Lang::ALL
        .iter()
        .map(|lang| app.text(*lang, "event-signed-up"))
        .collect();
    for (id, told) in &told_before_kill {
        let expected = if signed_up.contains(told) {
            "confirmed"
        } else {
            "waiting"
        };
        assert_eq!(
            statuses.get(id).map(String::as_str),
            Some(expected),
            "member {id} was told {told:?}"
        );
    }

    // Every press answered, and Telegram takes one answer per press.
    let mut accepted: HashMap<i64, usize> = HashMap::new();
    for (id, _) in &all_answers {
        *accepted.entry(*id).or_default() += 1;
    }
    for id in &ids {
        assert_eq!(
            accepted.get(id),
            Some(&1),
            "answers to member {id}'s press Telegram took"
        );
    }
    // The bot answered twice (the second refused) only the presses in hand at the kill
    // (handled, not yet recorded as handled, so Telegram's redelivery is handled again).
    let mut tried: HashMap<i64, usize> = HashMap::new();
    for (id, _, _) in &all_attempts {
        *tried.entry(*id).or_default() += 1;
    }
    let twice = tried.values().filter(|n| **n > 1).count();
    assert!(
        twice <= birlik::updates::intake::MAX_UPDATES_IN_HAND,
        "{twice} presses answered twice; at most the updates in hand may be"
    );
    eprintln!(
        "kill -9 after {} of {PRESSES} answers: {twice} answered twice after the restart",
        told_before_kill.len()
    );
}

// ---- the webhook port under abuse ----------------------------------------------------------

/// The resident memory of process `pid`, in KiB.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/<pid>/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/<pid>/status")
}

/// A stranger's connection that never finishes its request: `kind` 0 sends nothing, 1 and 2
/// trickle header bytes, 3 sends complete headers with the right secret and trickles the body.
/// Returns how long the bot kept it open, or `None` if it was still open after `patience`.
async fn trickle(
    addr: std::net::SocketAddr,
    kind: usize,
    secret: &str,
    patience: std::time::Duration,
) -> Option<std::time::Duration> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let started = std::time::Instant::now();
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let head = match kind {
        0 => String::new(),
        1 | 2 => "POST /telegram/hook HTTP/1.1\r\nHost: bot\r\nX-Slow: ".to_owned(),
        _ => format!(
            "POST /telegram/hook HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n\
             X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: 1000\r\n\r\n{{"
        ),
    };
    let writing = async move {
        if writer.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            if kind != 0 && writer.write_all(b"a").await.is_err() {
                return;
            }
        }
    };
    // The bot closing the connection ends the read (an answer such as 408 may come first).
    let closed = async move {
        let mut buffer = [0u8; 1024];
        while let Ok(n) = reader.read(&mut buffer).await {
            if n == 0 {
                break;
            }
        }
    };
    tokio::select! {
        () = closed => Some(started.elapsed()),
        () = writing => Some(started.elapsed()),
        () = tokio::time::sleep(patience) => None,
    }
}

/// A post declaring a 2 MiB body, with or without the secret: the status the bot answered
/// before any of the body was sent, if it did within 2 s. Otherwise it sends all but the last
/// kilobytes of a mebibyte, as an attacker filling the bot's memory would, and holds the
/// connection open.
async fn oversized_post(addr: std::net::SocketAddr, secret: Option<&str>) -> Option<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let secret = secret
        .map(|secret| format!("X-Telegram-Bot-Api-Secret-Token: {secret}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST /telegram/hook HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n{secret}\
         Content-Length: {}\r\n\r\n",
        2 << 20
    );
    stream.write_all(head.as_bytes()).await.ok()?;
    let mut answer = [0u8; 12];
    let read = tokio::time::timeout(std::time::Duration::from_secs(2), stream.read_exact(&mut answer)).await;
    if let Ok(Ok(_)) = read {
        return std::str::from_utf8(&answer[9..12]).ok()?.parse().ok();
    }
    let chunk = vec![b' '; 64 << 10];
    for _ in 0..15 {
        stream.write_all(&chunk).await.ok()?;
    }
    tokio::time::sleep(std::time::Duration::from_secs(120)).await;
    None
}

/// The secret the webhook tests give the binary.
const SECRET: &str = "birlik-test_secret";

/// Starts the binary receiving updates by webhook on a free port of 127.0.0.1.
fn spawn_webhook_binary(app: &TestApp) -> (tokio::process::Child, std::net::SocketAddr) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let url = format!("http://{addr}/telegram/hook");
    let listen = addr.to_string();
    let bot = spawn_binary(
        app,
        &[
            ("WEBHOOK_URL", &url),
            ("WEBHOOK_LISTEN", &listen),
            ("WEBHOOK_SECRET", SECRET),
        ],
    );
    (bot, addr)
}

/// Strangers who find the webhook port open 200 connections that trickle bytes (or send none)
/// and 50 posts of 2 MiB, while members register by webhook: every member is answered, the
/// bot's memory stays flat, every trickling connection is cut within the header or body
/// timeout, and every oversized post is refused before its body is read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_webhook_slow_and_oversized_posts_are_cut_while_members_register() {
    use std::time::{Duration, Instant};

    let app = TestApp::without_bot().await;
    let (bot, addr) = spawn_webhook_binary(&app);
    let pid = bot.id().expect("pid");
    let registration = |name| Registration {
        lang: Lang::Kk,
        name,
        birth_year: 2003,
        region: "Астана",
        wing: None,
        phone: None,
    };
    // A first member warms the bot up; its memory then is the baseline.
    app.register(
        &TgUser::new(9100, "Әйгерім", Some("kk")),
        &registration("Әйгерім Нұрланқызы"),
    )
    .await;
    let before = resident_kib(pid);

    let patience = Duration::from_secs(40);
    let trickles: Vec<_> = (0..200)
        .map(|i| tokio::spawn(trickle(addr, i % 4, SECRET, patience)))
        .collect();
    let oversized: Vec<_> = (0..50)
        .map(|i| tokio::spawn(oversized_post(addr, (i % 2 == 0).then_some(SECRET))))
        .collect();
    let sampler = tokio::spawn(async move {
        let mut peak = 0;
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(15) {
            peak = peak.max(resident_kib(pid));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        peak
    });
    // Let the abuse take hold (the posts have sent their bodies if they were let to), then
    // members register through it.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let names = [
        "Ерлан Сәрсенбаев",
        "Дана Қасымова",
        "Мұрат Әлиев",
        "Айгүл Серікова",
    ];
    let members: Vec<TgUser> = (0..names.len() as i64)
        .map(|i| TgUser::new(9101 + i, "Member", Some("kk")))
        .collect();
    let app = &app;
    futures::future::join_all(
        members
            .iter()
            .zip(names)
            .map(|(user, name)| async move { app.register(user, &registration(name)).await }),
    )
    .await;
    for user in &members {
        let member = members::find_by_user(&app.pool, user.id).await.unwrap();
        assert!(member.is_some(), "member {} is registered", user.id);
    }

    let mut kept_open = Vec::new();
    for (i, trickle) in trickles.into_iter().enumerate() {
        kept_open.push((i % 4, trickle.await.unwrap()));
    }
    let peak = sampler.await.unwrap();
    let statuses: Vec<Option<u16>> =
        futures::future::join_all(oversized.into_iter().map(|post| async move {
            tokio::time::timeout(Duration::from_secs(1), post)
                .await
                .ok()?
                .ok()?
        }))
        .await;
    eprintln!(
        "webhook abuse: resident memory {before} KiB before, at most {peak} KiB during; \
         slowest trickle cut after {:?}",
        kept_open.iter().filter_map(|(_, open)| *open).max()
    );
    drop(bot);

    // Flat: the 250 connections cost about 15 MiB here (a debug build; most of it the 50
    // requests in flight with the secret), at most `MAX_CONNECTIONS` of them at once. Without
    // the guards the same abuse added 105 MiB, and each post held open a mebibyte more.
    assert!(
        peak < before + 40 * 1024,
        "resident memory grew from {before} KiB to {peak} KiB under the abuse"
    );
    // Cut: headers within 10 s, bodies within 10 s, nothing left hanging.
    for (kind, open) in &kept_open {
        let open = open.unwrap_or_else(|| panic!("a trickling connection (kind {kind}) was never cut"));
        assert!(
            open < Duration::from_secs(15),
            "a trickling connection (kind {kind}) was kept {open:?}"
        );
    }
    // Refused before the body: 401 without the secret, 413 with it (over 1 MiB).
    for (i, status) in statuses.iter().enumerate() {
        let expected = if i % 2 == 0 { 413 } else { 401 };
        assert_eq!(*status, Some(expected), "oversized post {i}");
    }
    app.assert_no_api_errors();
}

/// 600 connections that send nothing: the webhook server holds at most `MAX_CONNECTIONS` (512)
/// of them, its open files stay bounded, and the rest wait in the kernel's backlog until the
/// first are cut by the header timeout; then they are served (and cut) in turn.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_webhook_at_most_512_connections_are_held_at_once() {
    use std::time::{Duration, Instant};

    const OPEN: usize = 600;
    const MAX_CONNECTIONS: usize = 512;
    let app = TestApp::without_bot().await;
    let (bot, addr) = spawn_webhook_binary(&app);
    let pid = bot.id().expect("pid");
    let open_files = move || std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, Iterator::count);
    app.wait_until("the webhook is set", || app.fake.webhook().is_some())
        .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = open_files();

    let connections: Vec<_> = (0..OPEN)
        .map(|_| tokio::spawn(trickle(addr, 0, SECRET, Duration::from_secs(40))))
        .collect();
    let sampler = tokio::spawn(async move {
        let mut peak = 0;
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(8) {
            peak = peak.max(open_files());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        peak
    });
    let mut kept_open = Vec::new();
    for connection in connections {
        kept_open.push(connection.await.unwrap());
    }
    // How many were kept open how many whole seconds (`None`: never cut).
    let mut seconds = std::collections::BTreeMap::new();
    for open in &kept_open {
        *seconds.entry(open.map(|open| open.as_secs())).or_insert(0) += 1;
    }
    // Every connection the server held was cut by the header timeout; those beyond the cap
    // waited for a place (on a loaded machine some still wait when the test stops at 40 s).
    let cut = kept_open.iter().filter(|open| open.is_some()).count();
    assert!(
        cut >= MAX_CONNECTIONS,
        "only {cut} connections cut; kept open, by seconds: {seconds:?}"
    );
    let peak = sampler.await.unwrap();
    drop(bot);
    let late = kept_open
        .iter()
        .filter(|open| open.is_none_or(|open| open > Duration::from_secs(15)))
        .count();
    eprintln!(
        "{OPEN} idle connections: the bot's open files {before} before, at most {peak}; \
         {late} waited for a place; kept open, by seconds: {seconds:?}"
    );
    // A few files besides the connections (the database, Telegram) may come and go.
    assert!(
        peak <= before + MAX_CONNECTIONS + 8,
        "{peak} files open, {before} before {OPEN} connections"
    );
    assert!(
        late >= OPEN - MAX_CONNECTIONS,
        "only {late} of {OPEN} connections waited for the first {MAX_CONNECTIONS} to be cut"
    );
}

#[tokio::test]
async fn exports_and_backups_are_readable_by_their_owner_only_and_the_export_is_audited() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::without_bot().await;
    let member = TgUser::new(100, "Member", Some("en"));
    app.seed_member(&member, "KZ-75", Lang::En).await;
    let event = app
        .seed_event(&member, Some("KZ-75"), None, chrono::Duration::hours(48))
        .await;
    sqlx::query("UPDATE events SET title = '=1+1' WHERE id = ?")
        .bind(event.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let database = app.db_path.to_str().unwrap().to_owned();
    // Under the usual umask of 022, which would leave new files readable by everybody.
    let run = |args: &[&str]| {
        let output = Command::new("sh")
            .arg("-c")
            .arg("umask 022 && exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_birlik"))
            .args(args)
            .current_dir(dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", &database)
            .output()
            .expect("run birlik");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;

    let out = dir.path().join("exports");
    run(&["export", "--out", out.to_str().unwrap()]);
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(files.len(), 3);
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    // The same writer as /export: the title does not run as a formula.
    let events = std::fs::read_to_string(out.join("events-KZ.csv")).unwrap();
    assert!(events.contains(",'=1+1,"), "{events}");
    let logged: Vec<(Option<i64>, String)> =
        sqlx::query_as("SELECT actor_user_id, details FROM audit_log WHERE action = 'data_exported'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0].0, None, "the command line acts for nobody in the bot");
    assert!(logged[0].1.contains("command_line"), "{logged:?}");

    // An export written again over an older, readable file leaves it private too.
    std::fs::set_permissions(out.join("events-KZ.csv"), std::fs::Permissions::from_mode(0o644)).unwrap();
    run(&["export", "--out", out.to_str().unwrap()]);
    assert_eq!(mode(&out.join("events-KZ.csv")), 0o600);

    let backup = dir.path().join("copy.db");
    run(&["backup", backup.to_str().unwrap()]);
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(birlik::backup::check(&backup).await.unwrap(), 1);
}
