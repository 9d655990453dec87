//! A stop always stops: SIGTERM at any moment of the poll cycle, during a broadcast or during
//! webhook posts ends the compiled bot with exit 0 within seconds, the updates in hand finished.

use std::process::ExitStatus;
use std::time::{Duration, Instant};

use crate::support::binary::spawn_binary;
use crate::support::{TestApp, TgUser};
use birlik::i18n::Lang;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// How long a stop may take: the updates in hand are quick, so this is generous.
const STOP_WITHIN: Duration = Duration::from_secs(5);

fn signal(child: &tokio::process::Child, signal: Signal) {
    let pid = Pid::from_raw(child.id().expect("the bot is running") as i32);
    kill(pid, signal).expect("send the signal");
}

/// Sends SIGTERM and returns the exit status, failing the test if the bot is still running
/// [`STOP_WITHIN`] later.
async fn terminate(mut child: tokio::process::Child, what: &str) -> ExitStatus {
    signal(&child, Signal::SIGTERM);
    match tokio::time::timeout(STOP_WITHIN, child.wait()).await {
        Ok(status) => status.expect("wait for the bot"),
        Err(_) => {
            let _ = child.start_kill();
            panic!("SIGTERM {what}: still running after {STOP_WITHIN:?}");
        }
    }
}

/// Waits until the fake has answered more than `seen` getUpdates, and returns the new count.
async fn next_poll_answered(app: &TestApp, seen: usize) -> usize {
    let started = Instant::now();
    loop {
        let polls = app.fake.count_of("getUpdates");
        if polls > seen {
            return polls;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the bot does not poll"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// 50 runs: SIGTERM 0 to 20 ms after a poll returned, empty or carrying a member's `/help`,
/// then 6 during a broadcast to 300 members. Every run exits 0 within five seconds, and the
/// broadcast still reaches everybody once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_at_any_point_of_the_poll_cycle_ends_the_bot_within_seconds() {
    let app = TestApp::without_bot().await;
    let member = TgUser::new(7001, "Dana", Some("en"));
    app.seed_member(&member, "KZ-75", Lang::En).await;
    for run in 0..50u64 {
        let carries_update = run % 2 == 1;
        let delay = Duration::from_millis(run % 21);
        let bot = spawn_binary(&app, &[]);
        // One poll answered means the bot polls; the signal comes after the next one.
        let polls = next_poll_answered(&app, app.fake.count_of("getUpdates")).await;
        if carries_update {
            let update = app.fake.user_message(&member, "/help");
            app.wait_until("the /help is taken", || app.fake.delivered(update))
                .await;
        } else {
            next_poll_answered(&app, polls).await;
        }
        tokio::time::sleep(delay).await;
        let what = format!(
            "{delay:?} after a poll {} (run {run})",
            if carries_update { "with an update" } else { "empty" }
        );
        let status = terminate(bot, &what).await;
        assert!(status.success(), "SIGTERM {what}: exit {status}");
    }
    // Every /help taken before a stop was answered, then or at the next start.
    let bot = spawn_binary(&app, &[]);
    next_poll_answered(&app, app.fake.count_of("getUpdates")).await;
    app.wait_until("every /help is answered", || {
        app.fake.sent_to(member.id).len() >= 25
    })
    .await;
    assert!(terminate(bot, "at the end").await.success());

    // During a broadcast: the queue's requests in flight are recorded and the next start goes
    // on where it stopped.
    let admin = TgUser::new(1, "Admin", Some("en"));
    let env = [("ADMIN_IDS", "1"), ("BROADCAST_RATE", "30")];
    let bot = spawn_binary(&app, &env);
    app.fake.add_private_chat(&admin);
    let recipients = app.seed_bulk_members(30_000, 300, &["KZ-15"]).await;
    let en = |key: &str| app.text(Lang::En, key);
    app.send(&admin, "/broadcast").await;
    app.press(&admin, &en("broadcast-to-all")).await;
    app.send(&admin, "Stop-proof").await;
    app.press(&admin, "English").await;
    app.press(&admin, &en("broadcast-preview")).await;
    let audience = recipients.len() + 1;
    app.press(&admin, &format!("✅ Send ({audience})")).await;
    let copies = |app: &TestApp| {
        app.fake
            .calls()
            .into_iter()
            .filter(|c| c.method == "copyMessage" && c.error.is_none() && c.params["chat_id"] != admin.id)
            .count()
    };
    let mut bot = bot;
    for run in 0..6u64 {
        let sent = copies(&app);
        app.wait_until("more copies go out", || copies(&app) >= sent + 20)
            .await;
        tokio::time::sleep(Duration::from_millis(run * 3)).await;
        let status = terminate(bot, &format!("during a broadcast (run {run})")).await;
        assert!(status.success(), "SIGTERM during a broadcast: exit {status}");
        bot = spawn_binary(&app, &env);
    }
    app.wait_broadcasts_finished(Duration::from_secs(60)).await;
    assert!(terminate(bot, "after the broadcast").await.success());
    let mut per_chat = std::collections::HashMap::<i64, usize>::new();
    for call in app.fake.calls() {
        if call.method == "copyMessage" && call.error.is_none() {
            *per_chat
                .entry(call.params["chat_id"].as_i64().unwrap())
                .or_default() += 1;
        }
    }
    for id in &recipients {
        assert_eq!(per_chat.get(id), Some(&1), "member {id} after six clean stops");
    }
}

/// By webhook: SIGTERM while members' updates are being posted ends the bot within seconds,
/// and every update Telegram counted as delivered is answered by the next start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_webhook_posts_ends_the_bot_within_seconds() {
    let app = TestApp::without_bot().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/telegram/hook");
    let listen = format!("127.0.0.1:{port}");
    let env = [
        ("WEBHOOK_URL", url.as_str()),
        ("WEBHOOK_LISTEN", listen.as_str()),
        ("WEBHOOK_SECRET", "birlik-test_secret"),
    ];
    let members: Vec<TgUser> = (0..10)
        .map(|i| TgUser::new(8000 + i, "Member", Some("en")))
        .collect();
    for member in &members {
        app.seed_member(member, "KZ-75", Lang::En).await;
    }
    for run in 0..10u64 {
        let bot = spawn_binary(&app, &env);
        app.wait_until("the webhook is set", || app.fake.webhook().is_some())
            .await;
        let posts = app.fake.webhook_posts().len();
        for member in &members {
            app.fake.user_message(member, "/help");
        }
        app.wait_until("a post is answered", || app.fake.webhook_posts().len() > posts)
            .await;
        tokio::time::sleep(Duration::from_millis(run * 2)).await;
        let status = terminate(bot, &format!("during webhook posts (run {run})")).await;
        assert!(status.success(), "SIGTERM during webhook posts: exit {status}");
    }
    let bot = spawn_binary(&app, &env);
    app.wait_until("every /help is answered", || {
        members.iter().all(|m| app.fake.sent_to(m.id).len() >= 10)
    })
    .await;
    assert!(terminate(bot, "at the end").await.success());
}

/// A second SIGTERM during a slow stop ends the process at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sigterm_during_the_stop_ends_the_process_at_once() {
    let app = TestApp::without_bot().await;
    let member = TgUser::new(7002, "Arman", Some("en"));
    app.seed_member(&member, "KZ-75", Lang::En).await;
    let mut bot = spawn_binary(&app, &[]);
    next_poll_answered(&app, 0).await;
    // The answer to this /help hangs at Telegram, so the first stop waits for it.
    app.fake.fail_next(
        "sendMessage",
        crate::support::fake_api::Fault::Hang(Duration::from_secs(30)),
    );
    let update = app.fake.user_message(&member, "/help");
    app.wait_until("the /help is taken", || app.fake.delivered(update))
        .await;
    signal(&bot, Signal::SIGTERM);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        bot.try_wait().unwrap().is_none(),
        "the first SIGTERM waits for the update in hand"
    );
    signal(&bot, Signal::SIGTERM);
    let status = tokio::time::timeout(Duration::from_secs(2), bot.wait())
        .await
        .expect("a second SIGTERM ends the bot at once")
        .unwrap();
    assert!(!status.success(), "a forced stop is not a clean one: {status}");
}

/// SIGTERM during the start (while the bot asks Telegram who it is, sets its menus, or waits
/// for an answer that hangs) ends it with exit 0 at once: nothing is in hand yet.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_the_start_ends_the_bot_at_once() {
    let app = TestApp::without_bot().await;
    for delay_ms in [0, 2, 5, 10, 20, 40] {
        let calls = app.fake.call_count();
        let bot = spawn_binary(&app, &[]);
        // The first request to Telegram comes after the signals are listened to.
        app.wait_until("the bot asks Telegram", || app.fake.call_count() > calls)
            .await;
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        let status = terminate(bot, &format!("{delay_ms} ms into the start")).await;
        assert!(
            status.success(),
            "SIGTERM {delay_ms} ms into the start: exit {status}"
        );
    }
    // Telegram hangs on the first getMe: the stop does not wait for it.
    app.fake.fail_next(
        "getMe",
        crate::support::fake_api::Fault::Hang(Duration::from_secs(30)),
    );
    let calls = app.fake.call_count();
    let bot = spawn_binary(&app, &[]);
    app.wait_until("the bot asks Telegram", || app.fake.call_count() > calls)
        .await;
    let status = terminate(bot, "while getMe hangs").await;
    assert!(status.success(), "SIGTERM while getMe hangs: exit {status}");
}
