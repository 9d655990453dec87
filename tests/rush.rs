//! A rush of new people (a QR code on the screen at a forum) against a fake Telegram that
//! enforces its limits: 30 messages a second in all, a burst of 3 then one a second per chat.
//! Everybody is answered at Telegram's pace, nobody's reply is lost, and an announcement going
//! out at the same time waits for them.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::support::fake_api::ApiCall;
use crate::support::{TestApp, TgUser};
use birlik::i18n::Lang;

const PEOPLE: i64 = 300;

fn newcomers(first_id: i64) -> Vec<(TgUser, Lang)> {
    (0..PEOPLE)
        .map(|i| {
            let (code, lang) = [("kk", Lang::Kk), ("ru", Lang::Ru), ("en", Lang::En)][(i % 3) as usize];
            (TgUser::new(first_id + i, "Newcomer", Some(code)), lang)
        })
        .collect()
}

/// Waits until `done` holds for every person, checking as the fake records; returns how long
/// the last one waited, counted from `since`.
async fn until_everyone(
    people: &[(TgUser, Lang)],
    since: Instant,
    what: &str,
    done: impl Fn(&TgUser, Lang) -> bool,
) -> Duration {
    let mut waiting: Vec<&(TgUser, Lang)> = people.iter().collect();
    let mut last = Duration::ZERO;
    while !waiting.is_empty() {
        assert!(
            since.elapsed() < Duration::from_secs(90),
            "{} of {PEOPLE} still wait for {what} after 90 s",
            waiting.len()
        );
        waiting.retain(|(user, lang)| !done(user, *lang));
        last = since.elapsed();
        // Each look reads everything the fake recorded: not too often, or the looking slows
        // the bot it measures.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    last
}

/// Every 429 Telegram gave was followed by the same request going through.
fn every_429_was_retried(calls: &[ApiCall]) -> usize {
    let refused: Vec<(usize, &ApiCall)> = calls
        .iter()
        .enumerate()
        .filter(|(_, call)| call.error.as_ref().is_some_and(|(status, _)| *status == 429))
        .collect();
    for (i, call) in &refused {
        let retried = calls[i + 1..].iter().any(|later| {
            later.error.is_none()
                && later.method == call.method
                && later.params["chat_id"] == call.params["chat_id"]
        });
        assert!(
            retried,
            "a 429 on {} to {} was never retried",
            call.method, call.params["chat_id"]
        );
    }
    refused.len()
}

/// The rush: 300 strangers send `/start` at once, then press their language. Returns how long
/// the last of them waited for the language question and for the consent text.
async fn rush(app: &TestApp, first_id: i64) -> (Duration, Duration) {
    let people = newcomers(first_id);
    let started = Instant::now();
    for (user, _) in &people {
        app.fake.user_message(user, "/start");
    }
    let question = "Тілді таңдаңыз / Выберите язык / Choose your language";
    let asked = until_everyone(&people, started, "the language question", |user, _| {
        app.fake.sent_to(user.id).iter().any(|sent| sent.text == question)
    })
    .await;

    let pressed = Instant::now();
    for (user, lang) in &people {
        let label = match lang {
            Lang::Kk => "✓ Қазақша",
            Lang::Ru => "✓ Русский",
            Lang::En => "✓ English",
        };
        let (message_id, data) = app
            .fake
            .find_button(user.id, label)
            .unwrap_or_else(|| panic!("no {label} for {}", user.id));
        app.fake.user_presses(user, message_id, &data);
    }
    let consented = until_everyone(&people, pressed, "the consent text", |user, lang| {
        let consent = app.text(lang, "reg-consent-text");
        app.fake.sent_to(user.id).iter().any(|sent| sent.text == consent)
    })
    .await;
    // Each of them got each answer once.
    for (user, lang) in &people {
        let consent = app.text(*lang, "reg-consent-text");
        let sent = app.fake.sent_to(user.id);
        assert_eq!(sent.iter().filter(|s| s.text == question).count(), 1);
        assert_eq!(sent.iter().filter(|s| s.text == consent).count(), 1);
    }
    (asked, consented)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_strangers_at_once_each_get_their_question_at_telegrams_pace() {
    let app = TestApp::spawn_strict(&[]).await;
    let (asked, consented) = rush(&app, 500_000).await;
    eprintln!(
        "300 /start at once: the last language question after {asked:?}; 300 language presses: the last consent after {consented:?}"
    );
    // 300 messages at Telegram's 30 a second, plus a margin.
    assert!(
        asked < Duration::from_secs(15),
        "the last of 300 waited {asked:?}"
    );
    let retried = every_429_was_retried(&app.fake.calls());
    eprintln!("429s met (each followed by a successful retry): {retried}");
    assert!(
        app.fake
            .errors()
            .iter()
            .all(|c| c.error.as_ref().unwrap().0 == 429),
        "errors other than 429: {:?}",
        app.fake
            .errors()
            .iter()
            .map(|c| (&c.method, &c.error))
            .collect::<Vec<_>>()
    );
    assert!(
        !app.fake.calls().iter().any(|c| c.params["text"]
            .as_str()
            .is_some_and(|t| t == app.text(Lang::En, "error-internal"))),
        "somebody got the apology"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rush_during_a_broadcast_is_answered_first_and_the_broadcast_catches_up() {
    let app = TestApp::spawn_strict(&[("ADMIN_IDS", "1"), ("BROADCAST_RATE", "25")]).await;
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let recipients = app.seed_bulk_members(10_000, 1_000, &["KZ-75"]).await;
    let en = |key: &str| app.text(Lang::En, key);
    app.send(&admin, "/broadcast").await;
    app.press(&admin, &en("broadcast-to-all")).await;
    app.send(&admin, "Forum today at 18:00").await;
    app.press(&admin, "English").await;
    app.press(&admin, &en("broadcast-preview")).await;
    let send = app.locales.text_with(
        Lang::En,
        "broadcast-send",
        &[("count", (recipients.len() as i64).into())],
    );
    app.press(&admin, &send).await;
    let copies = |app: &TestApp| {
        app.fake
            .calls()
            .iter()
            .filter(|c| c.method == "copyMessage" && c.error.is_none() && c.params["chat_id"] != admin.id)
            .count()
    };
    app.wait_until("the broadcast is going out", || copies(&app) >= 50)
        .await;

    // One person writing while the broadcast goes out is answered within a couple of seconds.
    let single = TgUser::new(700_000, "Newcomer", Some("en"));
    let asked_at = Instant::now();
    let answer = app.send(&single, "/start").await;
    let waited = asked_at.elapsed();
    assert_eq!(answer.len(), 1);
    assert!(
        waited < Duration::from_secs(2),
        "one reply during a broadcast waited {waited:?}"
    );
    eprintln!("one /start during a broadcast: answered after {waited:?}");

    let (asked, consented) = rush(&app, 600_000).await;
    eprintln!(
        "during a broadcast: the last language question after {asked:?}, the last consent after {consented:?}"
    );
    assert!(
        asked < Duration::from_secs(15),
        "the last of 300 waited {asked:?}"
    );

    app.wait_broadcasts_finished(Duration::from_secs(120)).await;
    let calls = app.fake.calls();
    let reached: HashSet<i64> = calls
        .iter()
        .filter(|c| c.method == "copyMessage" && c.error.is_none())
        .filter_map(|c| c.params["chat_id"].as_i64())
        .collect();
    for id in &recipients {
        assert!(reached.contains(id), "member {id} missed the broadcast");
    }
    let retried = every_429_was_retried(&calls);
    eprintln!("429s met (each followed by a successful retry): {retried}");
}

/// Telegram's "slow down" met by an organiser's replies: on the first question, the preview,
/// the QR code at Publish and the answer to the Publish press. Each is sent again after
/// `retry_after`: the event is published once, the QR code arrives once, nobody sees the
/// apology, and the press is answered once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_on_any_reply_is_waited_out_without_an_apology() {
    use crate::support::fake_api::Fault;
    use birlik::domain::role::{Role, StaffRole};

    let app = TestApp::spawn_strict(&[]).await;
    let en = |key: &str| app.text(Lang::En, key);
    let org = TgUser::new(100, "Organiser", Some("en"));
    app.seed_member(&org, "KZ-75", Lang::En).await;
    app.seed_role(&org, StaffRole::regional(Role::Organiser, "KZ-75"))
        .await;
    let slow_down = Fault::TooManyRequests { retry_after: 1 };

    app.fake.fail_next("sendMessage", slow_down.clone());
    let asked = app.send(&org, "/newevent").await;
    assert_eq!(crate::support::app::texts(&asked), [en("event-ask-title")]);
    app.send(&org, "Tree planting").await;
    app.send(&org, "In the central park").await;
    let start = (app.clock.now() + chrono::Duration::days(3)).timestamp() / 3600 * 3600;
    app.send(&org, &birlik::domain::event::format_time(start)).await;
    app.send(&org, "3h").await;
    app.send(&org, "Central park").await;
    app.send(&org, "2").await;
    app.fake.fail_next("sendMessage", slow_down.clone());
    let preview = app.press(&org, &en("event-deadline-at-start")).await;
    assert!(preview.iter().any(|s| s.text.contains("Tree planting")));

    app.fake.fail_next("sendPhoto", slow_down.clone());
    app.fake.fail_next("answerCallbackQuery", slow_down);
    let since = app.fake.call_count();
    let published = app.press(&org, &en("event-publish")).await;
    let photos = published.iter().filter(|s| s.method == "sendPhoto").count();
    assert_eq!(photos, 1, "the QR code arrives once: {published:?}");
    let apology = en("error-internal");
    assert!(
        app.fake.sent_to(org.id).iter().all(|s| s.text != apology),
        "the organiser saw the apology"
    );
    let answered = app.fake.calls()[since..]
        .iter()
        .filter(|c| c.method == "answerCallbackQuery" && c.error.is_none())
        .count();
    assert_eq!(answered, 1, "the Publish press is answered once");
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(events, 1);
    let refused = every_429_was_retried(&app.fake.calls());
    assert!(refused >= 4, "the four injected 429s were met: {refused}");
}
