//! Running Birlik in production: webhook mode, `/healthz` and `/metrics`, online backups.

use std::time::{Duration, Instant};

use crate::support::app::texts;
use crate::support::fake_api::Fault;
use crate::support::{TestApp, TgUser};
use birlik::db::deliveries::{self, NewDelivery, Payload};

const LANGUAGE_QUESTION: &str = "Тілді таңдаңыз / Выберите язык / Choose your language";

/// A loopback port nobody listens on right now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn processed(app: &TestApp, update_id: i64) -> bool {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM processed_updates WHERE update_id = ?")
        .bind(update_id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
        > 0
}

#[tokio::test]
async fn webhook_mode_takes_updates_telegram_posts_with_the_secret_and_refuses_the_rest() {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/telegram/hook");
    let mut app = TestApp::spawn_with(&[
        ("WEBHOOK_URL", &url),
        ("WEBHOOK_LISTEN", &format!("127.0.0.1:{port}")),
        ("WEBHOOK_SECRET", "birlik-test_secret"),
    ])
    .await;
    // The bot told Telegram where to post, with the secret.
    assert_eq!(
        app.fake.webhook(),
        Some((url.clone(), Some("birlik-test_secret".to_owned())))
    );

    // Telegram (the fake) posts the update to the webhook; the member gets the answer.
    let user = TgUser::new(501, "Дана", Some("kk"));
    let reply = app.send(&user, "/start").await;
    assert_eq!(reply.len(), 1, "{reply:?}");
    assert_eq!(reply[0].text, LANGUAGE_QUESTION);
    let posts = app.fake.webhook_posts();
    assert!(posts.iter().all(|(_, status)| *status == 200), "{posts:?}");
    assert_eq!(app.fake.count_of("getUpdates"), 0, "no polling in webhook mode");

    // Anything without the right secret is refused with 401 and handled by no one.
    let stranger = TgUser::new(502, "Stranger", Some("en"));
    let forged = serde_json::json!({
        "update_id": 900001,
        "message": {
            "message_id": 1, "date": 1_800_000_000, "text": "/start",
            "chat": { "id": stranger.id, "type": "private", "first_name": "Stranger" },
            "from": stranger.json(),
        }
    });
    let client = reqwest::Client::new();
    for secret in [None, Some("wrong-secret"), Some("birlik-test_secret-")] {
        let mut request = client.post(&url).json(&forged);
        if let Some(secret) = secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        let status = request.send().await.unwrap().status().as_u16();
        assert_eq!(status, 401, "secret {secret:?}");
    }
    // A later update is handled, and the refused one never was.
    let later = app.send(&user, "/help").await;
    assert!(!later.is_empty(), "the later update is answered");
    assert!(!processed(&app, 900001).await);
    assert!(app.fake.sent_to(stranger.id).is_empty());
    // What was taken was kept until handled; what was refused was never kept.
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM update_inbox")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(kept, 0);

    // A clean stop removes the webhook, so Telegram keeps updates until the next start.
    app.stop().await;
    assert_eq!(app.fake.webhook(), None);
    app.assert_no_api_errors();
}

async fn get(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The value of the metric line that starts with `series` (name and labels).
fn metric(body: &str, series: &str) -> Option<f64> {
    body.lines()
        .find(|line| line.starts_with(series) && line[series.len()..].starts_with(' '))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

async fn wait_for_health(app: &TestApp, status: u16, what: &str) -> serde_json::Value {
    let started = Instant::now();
    loop {
        let (code, body) = get(&format!("{}/healthz", app.health_url())).await;
        if code == status {
            return serde_json::from_str(&body).unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{what}: still {code} {body}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn health_and_metrics_tell_the_operator_how_the_bot_is() {
    let app = TestApp::spawn_with(&[("HEALTH_LISTEN", "127.0.0.1:0")]).await;
    let health = wait_for_health(&app, 200, "healthy at start").await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], "ok");
    assert_eq!(health["telegram"], "ok");

    // Updates by kind and outcome, and their handling time.
    let user = TgUser::new(601, "Арман", Some("kk"));
    app.send(&user, "/start").await;
    app.press(&user, "✓ Қазақша").await;
    let (code, body) = get(&format!("{}/metrics", app.health_url())).await;
    assert_eq!(code, 200);
    let handled = |kind: &str| {
        metric(
            &body,
            &format!("birlik_updates_total{{kind=\"{kind}\",outcome=\"handled\"}}"),
        )
    };
    assert!(handled("message").is_some_and(|n| n >= 1.0), "{body}");
    assert!(handled("callback_query").is_some_and(|n| n >= 1.0), "{body}");
    assert!(
        metric(&body, "birlik_update_handling_seconds_count{kind=\"message\"}").is_some_and(|n| n >= 1.0),
        "{body}"
    );
    assert!(body.contains("birlik_update_handling_seconds_bucket{kind=\"message\",le=\"0.1\"}"));

    // The queue: three messages, one to a chat that blocked the bot, one answered 429 first.
    let delivered_before = metric(&body, "birlik_messages_total{result=\"delivered\"}").unwrap_or(0.0);
    let blocked_before = metric(&body, "birlik_messages_total{result=\"blocked\"}").unwrap_or(0.0);
    let limited_before = metric(&body, "birlik_telegram_too_many_requests_total").unwrap_or(0.0);
    app.fake.open_all_private_chats();
    app.fake.block_chat(703);
    app.fake
        .fail_once_for([702], Fault::TooManyRequests { retry_after: 1 });
    let messages: Vec<NewDelivery> = [701, 702, 703]
        .into_iter()
        .map(|chat_id| NewDelivery {
            kind: birlik::domain::status::DeliveryKind::Event,
            broadcast_id: None,
            member_id: None,
            chat_id,
            is_group: false,
            payload: Payload::Text {
                text: "Сәлем!".into(),
                buttons: vec![],
            },
            priority: 0,
        })
        .collect();
    deliveries::enqueue(&app.db(), &messages, app.clock.ms())
        .await
        .unwrap();
    let (code, body) = get(&format!("{}/metrics", app.health_url())).await;
    assert_eq!(code, 200);
    assert!(
        metric(&body, "birlik_delivery_queue_depth").is_some_and(|n| n >= 1.0),
        "{body}"
    );
    // The metrics are the process's, shared with the tests running beside this one: wait
    // until this test's queue is worked, then expect its share at least.
    app.queue_idle().await;
    assert_eq!(texts(&app.fake.sent_to(701)), ["Сәлем!"]);
    assert_eq!(texts(&app.fake.sent_to(702)), ["Сәлем!"]);
    let (_, body) = get(&format!("{}/metrics", app.health_url())).await;
    let delivered = metric(&body, "birlik_messages_total{result=\"delivered\"}").unwrap_or(0.0);
    let blocked = metric(&body, "birlik_messages_total{result=\"blocked\"}").unwrap_or(0.0);
    assert!(delivered >= delivered_before + 2.0, "{body}");
    assert!(blocked >= blocked_before + 1.0, "{body}");
    assert!(metric(&body, "birlik_telegram_too_many_requests_total").unwrap_or(0.0) >= limited_before + 1.0);
    assert!(body.contains("# TYPE birlik_updates_total counter"), "{body}");

    // Telegram stops answering: unhealthy after a while; answering again: healthy.
    for _ in 0..40 {
        app.fake.fail_next("getMe", Fault::Forbidden);
    }
    let health = wait_for_health(&app, 503, "Telegram silent").await;
    assert_eq!(health["status"], "unhealthy");
    assert_eq!(health["database"], "ok");
    assert_ne!(health["telegram"], "ok");
    wait_for_health(&app, 200, "Telegram back").await;

    // The database gone: unhealthy, and the body says so without the driver's own words.
    app.pool.close().await;
    let health = wait_for_health(&app, 503, "database closed").await;
    assert_eq!(health["database"], "unavailable", "{health}");
}

/// The deploy/ units as an operator installs them, with the binary under test.
fn units_for_verification(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    ["birlik.service", "birlik-backup.service", "birlik-backup.timer"]
        .into_iter()
        .map(|name| {
            let unit = std::fs::read_to_string(format!("deploy/{name}")).unwrap();
            // The binary under test, and no environment file needed on this machine.
            let unit = unit
                .replace("/usr/local/bin/birlik", env!("CARGO_BIN_EXE_birlik"))
                .replace("EnvironmentFile=/", "EnvironmentFile=-/");
            let path = dir.join(name);
            std::fs::write(&path, unit).unwrap();
            path
        })
        .collect()
}

#[test]
fn the_systemd_units_are_valid_and_hardened() {
    let service = std::fs::read_to_string("deploy/birlik.service").unwrap();
    for line in [
        "User=birlik",
        "StateDirectory=birlik",
        "Environment=DATABASE_URL=/var/lib/birlik/birlik.db",
        "ExecStart=/usr/local/bin/birlik run",
        "KillSignal=SIGTERM",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "CapabilityBoundingSet=",
        "Restart=on-failure",
    ] {
        assert!(service.lines().any(|l| l == line), "birlik.service lacks {line}");
    }
    let sysusers = std::fs::read_to_string("deploy/birlik.sysusers.conf").unwrap();
    assert!(sysusers.lines().any(|l| l.starts_with("u birlik ")));
    let backup = std::fs::read_to_string("deploy/birlik-backup.service").unwrap();
    assert!(backup.contains("ExecStart=/usr/local/bin/birlik backup /var/lib/birlik/backups"));

    // `cargo test` needs nothing but Rust: without systemd the rest is skipped, and said so.
    // CI installs systemd (`.ci/run`), so there it always runs.
    if std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!(
            "SKIPPED: the units' `systemd-analyze verify` and `security` checks: systemd-analyze \
             is not installed here (apt-get install systemd); CI installs it and runs them"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let units = units_for_verification(dir.path());
    let verify = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .args(&units)
        .output()
        .expect("run systemd-analyze verify");
    assert!(
        verify.status.success() && verify.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    // systemd's own exposure score, 0 (locked down) to 10: "OK" is below 4.
    for service in &units[..2] {
        let security = std::process::Command::new("systemd-analyze")
            .args(["security", "--offline=yes", "--threshold=35"])
            .arg(service)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&security.stdout);
        assert!(
            security.status.success(),
            "{}",
            report.lines().last().unwrap_or_default()
        );
    }
}
