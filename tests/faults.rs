//! Telegram and the database failing under the bot, end to end against the fake Bot API: the
//! API answering 5xx for a while, hanging, dropping connections; the database locked by another
//! process. Each time the bot recovers by itself, nobody is shown an internal error, nothing is
//! lost, and nothing is sent twice but what the README allows.
//!
//! teloxide waits 10 s after any 5xx answer before it reports the error, and gives up on a
//! request after `birlik::app::REQUEST_TIMEOUT` (17 s): those real pauses set the length of
//! these tests, so the fault windows are kept short.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::support::app::texts;
use crate::support::fake_api::{ApiCall, Fault, copies_per_chat};
use crate::support::{TestApp, TgUser};
use birlik::bot::Callback;
use birlik::i18n::Lang;

const ALMATY: &str = "KZ-75";

/// Time enough for teloxide's 10 s pause after a 5xx, the retry backoff and the work itself.
const RECOVERY: Duration = Duration::from_secs(40);

/// Waits up to `patience` for `condition`, checking every 20 ms.
async fn eventually(what: &str, patience: Duration, mut condition: impl FnMut() -> bool) {
    let started = Instant::now();
    while !condition() {
        assert!(started.elapsed() < patience, "not within {patience:?}: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits up to `patience` until the bot has finished with `update_id`.
async fn handled(app: &TestApp, update_id: i64, patience: Duration) {
    let started = Instant::now();
    loop {
        let done: Option<i64> = sqlx::query_scalar("SELECT 1 FROM processed_updates WHERE update_id = ?")
            .bind(update_id)
            .fetch_optional(&app.pool)
            .await
            .unwrap();
        if done.is_some() {
            return;
        }
        assert!(
            started.elapsed() < patience,
            "update {update_id} not handled within {patience:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The apology for an internal error, in each language.
fn apologies(app: &TestApp) -> Vec<String> {
    Lang::ALL
        .iter()
        .map(|lang| app.text(*lang, "error-internal"))
        .collect()
}

/// Fails the test if anybody was shown the apology for an internal error (a message or a
/// button's pop-up that Telegram accepted).
fn assert_nobody_saw_an_internal_error(app: &TestApp) {
    let apologies = apologies(app);
    let shown: Vec<_> = app
        .fake
        .calls()
        .into_iter()
        .filter(|call| call.error.is_none())
        .filter(|call| {
            call.params["text"]
                .as_str()
                .is_some_and(|text| apologies.iter().any(|a| a == text))
        })
        .map(|call| (call.method, call.params["chat_id"].clone()))
        .collect();
    assert!(shown.is_empty(), "users were shown an internal error: {shown:?}");
}

/// The language question of a registration, as `/start` asks it.
fn language_question(app: &TestApp) -> String {
    Lang::ALL
        .map(|lang| app.text(lang, "reg-choose-language"))
        .join(" / ")
}

/// Messages Telegram accepted per chat with `needle` in their text.
fn sends_containing(calls: &[ApiCall], needle: &str) -> HashMap<i64, usize> {
    let mut sends = HashMap::new();
    for call in calls
        .iter()
        .filter(|c| c.method == "sendMessage" && c.error.is_none())
    {
        if call.params["text"]
            .as_str()
            .is_some_and(|text| text.contains(needle))
        {
            *sends.entry(call.params["chat_id"].as_i64().unwrap()).or_default() += 1;
        }
    }
    sends
}

/// Admin composes a broadcast to everyone in English and presses Send.
async fn broadcast_to_everyone(app: &TestApp, admin: &TgUser, text: &str) {
    let en = |key: &str| app.text(Lang::En, key);
    app.send(admin, "/broadcast").await;
    app.press(admin, &en("broadcast-to-all")).await;
    app.send(admin, text).await;
    app.press(admin, "English").await;
    let preview = app.press(admin, &en("broadcast-preview")).await;
    let send = preview
        .iter()
        .flat_map(|s| s.button_labels())
        .find(|l| l.starts_with('✅'))
        .expect("a Send button with the audience size");
    app.press(admin, &send).await;
}

/// A card with the Volunteer button of `event_id` in each member's chat, as the announcement
/// left it; returns its message id per member.
fn cards(app: &TestApp, users: &[TgUser], event_id: i64) -> Vec<i64> {
    let data = Callback::Volunteer(event_id).encode();
    let markup = serde_json::json!({"inline_keyboard": [[{"text": "🙋", "callback_data": data}]]});
    users
        .iter()
        .map(|user| app.fake.bot_message(user, "card", markup.clone()))
        .collect()
}

// ---- a. the API answers 5xx for a while ---------------------------------------------------

#[tokio::test]
async fn a_start_whose_answer_meets_a_5xx_outage_is_answered_once_the_api_is_back() {
    let app = TestApp::spawn().await;
    let newcomer = TgUser::new(501, "Dana", Some("en"));
    // The bot takes the update; Telegram fails from its answer on, for 3 s.
    app.fake
        .outage_from("sendMessage", Fault::Server(502), Duration::from_secs(3));
    let started = Instant::now();
    let update = app.fake.user_message(&newcomer, "/start");
    gets_the_language_question(&app, &newcomer, update).await;
    eprintln!(
        "/start answered {:?} after a 3 s outage of 502s",
        started.elapsed()
    );
    assert!(
        app.fake
            .errors()
            .iter()
            .any(|c| c.method == "sendMessage" && c.error.as_ref().unwrap().0 == 502),
        "the first answer met the outage"
    );
    assert_nobody_saw_an_internal_error(&app);
    // The registration goes on from there.
    app.press(&newcomer, "✓ English").await;
    assert_eq!(
        app.fake.sent_to(newcomer.id).last().unwrap().text,
        app.text(Lang::En, "reg-consent-text")
    );
}

#[tokio::test]
async fn a_volunteer_press_whose_answer_meets_a_5xx_outage_signs_up_once_and_the_member_is_told() {
    let app = TestApp::spawn().await;
    let org = app.organiser(600, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(5), chrono::Duration::days(2))
        .await;
    let member = TgUser::new(601, "Member601", Some("en"));
    app.seed_member(&member, ALMATY, Lang::En).await;
    let card = cards(&app, std::slice::from_ref(&member), event.id)[0];
    // The pop-up that says "signed up" is where the outage begins.
    app.fake
        .outage_from("answerCallbackQuery", Fault::Server(502), Duration::from_secs(3));
    let update = app
        .fake
        .user_presses(&member, card, &Callback::Volunteer(event.id).encode());
    handled(&app, update, RECOVERY).await;
    let signups: Vec<String> = sqlx::query_scalar(
        "SELECT s.status FROM signups s JOIN members m ON m.id = s.member_id WHERE m.telegram_user_id = ?",
    )
    .bind(member.id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(signups, ["confirmed"], "one sign-up, confirmed");
    // Told: by a pop-up Telegram accepted, or by the card, redrawn by the card painter.
    let en = |key: &str| app.text(Lang::En, key);
    let told = [
        en("event-signed-up"),
        en("event-already-signed-up"),
        en("event-mine-confirmed"),
    ];
    eventually("the member is told they are signed up", RECOVERY, || {
        app.fake.calls().iter().any(|call| {
            call.error.is_none()
                && call.params["text"]
                    .as_str()
                    .is_some_and(|text| told.iter().any(|t| text.contains(t.as_str())))
        })
    })
    .await;
    assert_nobody_saw_an_internal_error(&app);
}

/// Telegram refuses an answer to a press that comes too late ("query is too old"): a Volunteer
/// press whose answer is held up by an outage past that signs up once, the bot carries on
/// without an apology, and the member learns it from the card.
#[tokio::test]
async fn a_volunteer_press_answered_too_late_for_telegram_still_signs_up_and_tells_the_member() {
    let app = TestApp::spawn().await;
    // Telegram's 15 s, shortened so the test need not wait for it.
    app.fake.queries_expire_after(Duration::from_secs(1));
    let org = app.organiser(610, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(5), chrono::Duration::days(2))
        .await;
    let member = TgUser::new(611, "Member611", Some("en"));
    app.seed_member(&member, ALMATY, Lang::En).await;
    let card = cards(&app, std::slice::from_ref(&member), event.id)[0];
    app.fake
        .outage_from("answerCallbackQuery", Fault::Server(502), Duration::from_secs(3));
    let update = app
        .fake
        .user_presses(&member, card, &Callback::Volunteer(event.id).encode());
    handled(&app, update, RECOVERY).await;
    let signups: Vec<String> = sqlx::query_scalar(
        "SELECT s.status FROM signups s JOIN members m ON m.id = s.member_id WHERE m.telegram_user_id = ?",
    )
    .bind(member.id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(signups, ["confirmed"], "one sign-up, confirmed");
    let refused_as_too_old = app.fake.calls().iter().any(|call| {
        call.method == "answerCallbackQuery"
            && call
                .error
                .as_ref()
                .is_some_and(|(_, text)| text.contains("query is too old"))
    });
    assert!(refused_as_too_old, "the late answer was refused");
    let mine = app.text(Lang::En, "event-mine-confirmed");
    eventually("the card tells the member they are signed up", RECOVERY, || {
        app.fake
            .sent_to(member.id)
            .iter()
            .any(|sent| sent.method == "editMessageText" && sent.text.contains(mine.as_str()))
    })
    .await;
    assert_nobody_saw_an_internal_error(&app);
}

/// Waits until `newcomer`'s `/start` (update `update`) got the language question and was
/// recorded as handled.
async fn gets_the_language_question(app: &TestApp, newcomer: &TgUser, update: i64) {
    let question = language_question(app);
    eventually("the newcomer gets the language question", RECOVERY, || {
        texts(&app.fake.sent_to(newcomer.id)).contains(&question.as_str())
    })
    .await;
    handled(app, update, RECOVERY).await;
}

/// Starts a registration in English and agrees to the terms: the bot has asked for the name.
async fn registering_in_english(app: &TestApp, newcomer: &TgUser) {
    app.send(newcomer, "/start").await;
    app.press(newcomer, "✓ English").await;
    let asked = app
        .press(newcomer, &app.text(Lang::En, "reg-consent-agree"))
        .await;
    assert_eq!(asked.last().unwrap().text, app.text(Lang::En, "reg-ask-name"));
}

#[tokio::test]
async fn a_name_whose_next_question_meets_a_5xx_outage_is_taken_as_the_name() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let newcomer = TgUser::new(551, "Dana", Some("en"));
    registering_in_english(&app, &newcomer).await;
    // The question after the name is where the outage begins: handled again once Telegram is
    // back, the name must still be read as the name, not as a birth year.
    app.fake
        .outage_from("sendMessage", Fault::Server(503), Duration::from_secs(3));
    let update = app.fake.user_message(&newcomer, "Dana Serikova");
    handled(&app, update, RECOVERY).await;
    let after: Vec<String> = app
        .fake
        .sent_to(newcomer.id)
        .into_iter()
        .skip_while(|sent| sent.text != en("reg-ask-name"))
        .skip(1)
        .map(|sent| sent.text)
        .collect();
    assert_eq!(after, [en("reg-ask-birth-year")]);
    app.send(&newcomer, "2000").await;
    assert!(
        app.fake.sent_to(newcomer.id).last().unwrap().text == en("reg-ask-region"),
        "the registration goes on with the name kept"
    );
    let draft: String = sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = ?")
        .bind(newcomer.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(draft.contains("Dana Serikova"), "{draft}");
    assert_nobody_saw_an_internal_error(&app);
}

#[tokio::test]
async fn a_press_whose_next_question_meets_a_5xx_outage_is_taken_once_and_answered() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let newcomer = TgUser::new(561, "Yerlan", Some("en"));
    registering_in_english(&app, &newcomer).await;
    app.send(&newcomer, "Yerlan Abenov").await;
    let asked = app.send(&newcomer, "1999").await;
    assert_eq!(asked.last().unwrap().text, en("reg-ask-region"));
    // The press is answered and its keyboard settled; the wing question after it meets the
    // outage. Handled again, the press is answered a second time, which Telegram refuses (one
    // answer per press): that must not stop the wing question.
    let (message, data) = app.fake.find_button(newcomer.id, "Astana").unwrap();
    app.fake
        .outage_from("sendMessage", Fault::Server(502), Duration::from_secs(3));
    let update = app.fake.user_presses(&newcomer, message, &data);
    handled(&app, update, RECOVERY).await;
    let refused_answers = app
        .fake
        .errors()
        .iter()
        .filter(|c| c.method == "answerCallbackQuery")
        .count();
    assert_eq!(
        refused_answers, 1,
        "the press was answered again when handled again"
    );
    let after: Vec<String> = app
        .fake
        .sent_to(newcomer.id)
        .into_iter()
        .filter(|sent| sent.method == "sendMessage")
        .skip_while(|sent| sent.text != en("reg-ask-region"))
        .skip(1)
        .map(|sent| sent.text)
        .collect();
    assert_eq!(after, [en("reg-ask-wing-none-yet")]);
    app.press(&newcomer, &en("wing-pick-none")).await;
    assert_eq!(
        app.fake.sent_to(newcomer.id).last().unwrap().text,
        en("reg-ask-phone"),
        "the registration goes on in Astana"
    );
    assert_nobody_saw_an_internal_error(&app);
}

#[tokio::test]
async fn messages_sent_while_the_api_answers_5xx_are_taken_and_answered_when_it_is_back() {
    let app = TestApp::spawn().await;
    let people: Vec<TgUser> = (0..5).map(|i| TgUser::new(700 + i, "Asel", Some("ru"))).collect();
    eventually("the bot is taking updates", RECOVERY, || {
        app.fake.count_of("getUpdates") > 0
    })
    .await;
    // Every call, getUpdates included, fails for 3 s; people write meanwhile.
    app.fake.outage(Fault::Server(503), Duration::from_secs(3));
    let started = Instant::now();
    eventually("a getUpdates meets the outage", Duration::from_secs(3), || {
        app.fake.errors().iter().any(|c| c.method == "getUpdates")
    })
    .await;
    let updates: Vec<i64> = people
        .iter()
        .map(|p| app.fake.user_message(p, "/start"))
        .collect();
    for update in &updates {
        handled(&app, *update, RECOVERY).await;
    }
    eprintln!(
        "5 updates sent during a 3 s outage of 503s handled after {:?}",
        started.elapsed()
    );
    let question = language_question(&app);
    for person in &people {
        let sent = app.fake.sent_to(person.id);
        assert_eq!(texts(&sent), [question.as_str()], "{}", person.id);
    }
    assert!(
        app.fake
            .errors()
            .iter()
            .any(|c| c.method == "getUpdates" && c.error.as_ref().unwrap().0 == 503),
        "getUpdates met the outage"
    );
    assert_nobody_saw_an_internal_error(&app);
}

#[tokio::test]
async fn a_bot_started_while_the_api_answers_5xx_takes_updates_once_it_is_back() {
    let app = TestApp::spawn().await;
    // Down from the moment the bot starts: teloxide's first getMe, before any update, fails.
    app.fake.outage(Fault::Server(502), Duration::from_secs(3));
    let newcomer = TgUser::new(750, "Madina", Some("en"));
    let update = app.fake.user_message(&newcomer, "/start");
    handled(&app, update, RECOVERY).await;
    assert_eq!(
        texts(&app.fake.sent_to(newcomer.id)),
        [language_question(&app).as_str()]
    );
    assert!(
        app.fake.errors().iter().any(|c| c.method == "getMe"),
        "getMe met the outage"
    );
}

#[tokio::test]
async fn a_broadcast_cut_by_a_5xx_outage_reaches_everyone_once_when_the_api_is_back() {
    let app = TestApp::spawn_with(&[("ADMIN_IDS", "1"), ("BROADCAST_RATE", "25")]).await;
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let recipients = app.seed_bulk_members(20_000, 150, &[ALMATY]).await;
    let started = Instant::now();
    broadcast_to_everyone(&app, &admin, "Сенбілік: сенбі, 10:00").await;
    eventually("the first copies are out", RECOVERY, || {
        copies_per_chat(&app.fake.calls(), admin.id).len() >= 20
    })
    .await;
    app.fake.outage(Fault::Server(502), Duration::from_secs(4));
    app.wait_broadcasts_finished(Duration::from_secs(55)).await;
    eprintln!(
        "150 recipients at 25/s, a 4 s outage in the middle: finished in {:?}",
        started.elapsed()
    );

    let calls = app.fake.calls();
    let refused = calls
        .iter()
        .filter(|c| c.method == "copyMessage" && c.error.is_some())
        .count();
    assert!(refused > 0, "copies met the outage");
    let copies = copies_per_chat(&calls, admin.id);
    for id in &recipients {
        assert_eq!(copies.get(id).copied(), Some(1), "member {id}");
    }
    let statuses: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id IS NOT NULL GROUP BY status",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(statuses, [("delivered".to_owned(), 150)]);
    let report = app
        .fake
        .sent_to(admin.id)
        .into_iter()
        .rev()
        .find(|s| s.text.contains("is finished"))
        .expect("a final report");
    assert!(report.text.contains("Delivered: 150"), "{}", report.text);
    assert_nobody_saw_an_internal_error(&app);
}

// ---- b. the API hangs -----------------------------------------------------------------------

/// The API holds every request open, unanswered, for `hang`, then works again. Updates sent
/// meanwhile are answered and announcements queued meanwhile delivered, each once.
async fn the_api_hangs_then_recovers(hang: Duration) {
    let app = TestApp::spawn().await;
    let org = app.organiser(800, ALMATY, Lang::En).await;
    let members = app.seed_bulk_members(21_000, 40, &[ALMATY]).await;
    let newcomer = TgUser::new(801, "Nurlan", Some("kk"));
    app.fake.outage(Fault::Hang(hang), hang);
    let started = Instant::now();
    eventually("a getUpdates meets the hang", Duration::from_secs(5), || {
        app.fake.errors().iter().any(|c| c.method == "getUpdates")
    })
    .await;
    // While it hangs: a newcomer writes and an event is published (its cards are queued).
    let update = app.fake.user_message(&newcomer, "/start");
    let event = app
        .seed_event(&org, Some(ALMATY), None, chrono::Duration::days(3))
        .await;
    handled(&app, update, hang + RECOVERY).await;
    let answered = started.elapsed();
    assert_eq!(
        texts(&app.fake.sent_to(newcomer.id)),
        [language_question(&app).as_str()]
    );
    let queued = || async {
        app.count("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')")
            .await
    };
    let deadline = Instant::now() + RECOVERY;
    while queued().await > 0 {
        assert!(Instant::now() < deadline, "the queue did not empty");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!(
        "a {hang:?} hang: the update answered after {answered:?}, the queue empty after {:?}",
        started.elapsed()
    );
    let held = app
        .fake
        .errors()
        .iter()
        .filter(|c| c.error.as_ref().unwrap().0 == 0)
        .count();
    assert!(held > 0, "requests were held open");
    let cards = sends_containing(&app.fake.calls(), &event.plan.title);
    for id in members.iter().chain([&org.id]) {
        assert_eq!(cards.get(id).copied(), Some(1), "member {id}");
    }
    let failed = app
        .count("SELECT COUNT(*) FROM deliveries WHERE status <> 'delivered'")
        .await;
    assert_eq!(failed, 0);
    assert_nobody_saw_an_internal_error(&app);
}

/// The issue asks for 30 s: longer than the bot's own request timeout (17 s), so the bot gives
/// up on requests, tries again while the API still hangs, and must come back after it.
#[tokio::test]
async fn the_api_hanging_for_30_s_stalls_nothing_for_good() {
    assert!(birlik::app::REQUEST_TIMEOUT < Duration::from_secs(30));
    the_api_hangs_then_recovers(Duration::from_secs(30)).await;
}

#[tokio::test]
async fn a_quiet_long_poll_ends_before_the_bots_request_timeout() {
    let app = TestApp::spawn().await;
    // As Telegram: a getUpdates with no news is held for the whole timeout the bot asks for.
    app.fake.honour_long_polls();
    tokio::time::sleep(birlik::app::REQUEST_TIMEOUT + Duration::from_secs(2)).await;
    assert_eq!(
        app.fake.abandoned_long_polls(),
        0,
        "the bot gave up on its own long poll (its HTTP timeout is shorter than the poll)"
    );
    let polls: Vec<ApiCall> = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "getUpdates")
        .collect();
    assert!(!polls.is_empty(), "a quiet long poll was held and answered");
    for poll in &polls {
        let asked = Duration::from_secs(poll.params["timeout"].as_u64().unwrap());
        assert!(asked < birlik::app::REQUEST_TIMEOUT, "a long poll of {asked:?}");
    }
    // News arrives in the middle of a long poll and is answered at once.
    let user = TgUser::new(901, "Aruzhan", Some("en"));
    let asked = Instant::now();
    let update = app.fake.user_message(&user, "/start");
    handled(&app, update, Duration::from_secs(2)).await;
    eprintln!("answered {:?} into a quiet long poll", asked.elapsed());
}

// ---- c. connections dropped -----------------------------------------------------------------

#[tokio::test]
async fn a_dropped_connection_on_an_answer_loses_nothing() {
    let app = TestApp::spawn().await;
    let newcomer = TgUser::new(1001, "Ainur", Some("en"));
    app.fake.fail_next("sendMessage", Fault::Disconnect);
    let update = app.fake.user_message(&newcomer, "/start");
    gets_the_language_question(&app, &newcomer, update).await;
    assert_nobody_saw_an_internal_error(&app);
}

#[tokio::test]
async fn dropped_connections_on_getupdates_lose_no_update_and_handle_none_twice() {
    let app = TestApp::spawn().await;
    let people: Vec<TgUser> = (0..3)
        .map(|i| TgUser::new(1100 + i, "Bolat", Some("en")))
        .collect();
    // The next getUpdates is cut before Telegram looks at it; the one after is carried out,
    // its updates handed over, and the answer lost on the way back.
    app.fake.fail_next("getUpdates", Fault::Disconnect);
    app.fake.fail_next("getUpdates", Fault::AnswerLost);
    let updates: Vec<i64> = people
        .iter()
        .map(|p| app.fake.user_message(p, "/start"))
        .collect();
    for update in &updates {
        handled(&app, *update, RECOVERY).await;
    }
    let question = language_question(&app);
    for person in &people {
        assert_eq!(
            texts(&app.fake.sent_to(person.id)),
            [question.as_str()],
            "{} is answered once",
            person.id
        );
    }
    assert_eq!(app.telemetry().duplicates_skipped(), 0);
    assert_nobody_saw_an_internal_error(&app);
}

#[tokio::test]
async fn dropped_connections_in_a_broadcast_repeat_only_what_telegram_had_accepted() {
    let app = TestApp::spawn_with(&[("ADMIN_IDS", "1"), ("BROADCAST_RATE", "30")]).await;
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let recipients = app.seed_bulk_members(22_000, 90, &[ALMATY]).await;
    // A tenth of the copies are cut before Telegram sees them, another tenth after Telegram
    // delivered them, on the answer's way back.
    let cut: Vec<i64> = recipients.iter().copied().filter(|id| id % 10 == 3).collect();
    let answer_lost: Vec<i64> = recipients.iter().copied().filter(|id| id % 10 == 7).collect();
    app.fake.fail_once_for(cut.iter().copied(), Fault::Disconnect);
    app.fake
        .fail_once_for(answer_lost.iter().copied(), Fault::AnswerLost);
    let started = Instant::now();
    broadcast_to_everyone(&app, &admin, "Бүгін кеште жиналыс").await;
    app.wait_broadcasts_finished(Duration::from_secs(50)).await;
    eprintln!(
        "90 recipients, 18 connections dropped: finished in {:?}",
        started.elapsed()
    );
    let copies = copies_per_chat(&app.fake.calls(), admin.id);
    for id in &recipients {
        // Telegram had delivered the copy whose answer was lost: the bot cannot know it, and
        // sends it again (the README says so).
        let expected = if answer_lost.contains(id) { 2 } else { 1 };
        assert_eq!(copies.get(id).copied(), Some(expected), "member {id}");
    }
    let delivered = app
        .count("SELECT COUNT(*) FROM deliveries WHERE broadcast_id IS NOT NULL AND status = 'delivered'")
        .await;
    assert_eq!(delivered, 90);
    assert_nobody_saw_an_internal_error(&app);
}

// ---- d. the database locked by another process ----------------------------------------------

/// Another connection, through the same bundled SQLite as the bot's, holding the write lock of
/// the bot's database: SQLite locks the file for it exactly as for another process (the test
/// needs no `sqlite3` shell installed).
struct Lock {
    connection: sqlx::SqliteConnection,
}

impl Lock {
    /// Takes the write lock (and writes under it, as a real writer would) and holds it.
    async fn take(db: &std::path::Path) -> Self {
        use sqlx::Connection;
        use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};

        let options = SqliteConnectOptions::new()
            .filename(db)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(10));
        let mut connection = sqlx::SqliteConnection::connect_with(&options)
            .await
            .expect("a second connection to the test database");
        sqlx::raw_sql("BEGIN EXCLUSIVE; UPDATE members SET updated_at = updated_at + 1;")
            .execute(&mut connection)
            .await
            .expect("take the write lock");
        Self { connection }
    }

    async fn release(mut self) {
        use sqlx::Connection;

        sqlx::raw_sql("COMMIT")
            .execute(&mut self.connection)
            .await
            .expect("release the write lock");
        self.connection.close().await.unwrap();
    }
}

#[tokio::test]
async fn a_database_locked_by_another_process_for_5_s_delays_the_bot_but_loses_nothing() {
    let app = TestApp::spawn().await;
    let org = app.organiser(1200, ALMATY, Lang::En).await;
    let presser_ids = app.seed_bulk_members(23_000, 20, &[ALMATY]).await;
    // An announcement is queued for the members, then the lock is taken.
    let event = app
        .seed_event(&org, Some(ALMATY), Some(10), chrono::Duration::days(2))
        .await;
    let pressers: Vec<TgUser> = presser_ids
        .iter()
        .map(|id| TgUser::new(*id, "Member", Some("en")))
        .collect();
    let cards = cards(&app, &pressers, event.id);
    let lock = Lock::take(&app.db_path).await;
    let locked = Instant::now();
    // While it is held: a newcomer writes, twenty members press Volunteer on ten places.
    let newcomer = TgUser::new(1201, "Erlan", Some("ru"));
    let start = app.fake.user_message(&newcomer, "/start");
    let data = Callback::Volunteer(event.id).encode();
    let presses: Vec<i64> = pressers
        .iter()
        .zip(&cards)
        .map(|(user, card)| app.fake.user_presses(user, *card, &data))
        .collect();
    // Nothing here touches the bot's pool while the lock is held: its connections are all
    // waiting for the lock, and a test waiting for one of them would hold the lock longer.
    tokio::time::sleep(Duration::from_secs(5)).await;
    lock.release().await;

    handled(&app, start, RECOVERY).await;
    for update in &presses {
        handled(&app, *update, RECOVERY).await;
    }
    eprintln!(
        "a 5 s lock: the last press handled {:?} after the lock was taken",
        locked.elapsed()
    );
    assert_eq!(
        texts(&app.fake.sent_to(newcomer.id)),
        [language_question(&app).as_str()]
    );
    let statuses: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM signups GROUP BY status ORDER BY status")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        statuses,
        [("confirmed".to_owned(), 10), ("waiting".to_owned(), 10)]
    );
    let answers: Vec<String> = app
        .fake
        .calls()
        .iter()
        .filter(|c| c.method == "answerCallbackQuery" && c.error.is_none())
        .map(|c| c.params["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(answers.len(), 20, "each press answered once: {answers:?}");
    // The members speak the three languages in turn.
    let signed_up: Vec<String> = Lang::ALL
        .iter()
        .map(|lang| app.text(*lang, "event-signed-up"))
        .collect();
    assert_eq!(answers.iter().filter(|a| signed_up.contains(a)).count(), 10);
    // The announcement queued before the lock reached every member once.
    let deadline = Instant::now() + RECOVERY;
    while app
        .count("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')")
        .await
        > 0
    {
        assert!(Instant::now() < deadline, "the queue did not empty");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let announced = sends_containing(&app.fake.calls(), &event.plan.title);
    for id in presser_ids.iter().chain([&org.id]) {
        assert_eq!(announced.get(id).copied(), Some(1), "member {id}");
    }
    assert_nobody_saw_an_internal_error(&app);
    app.assert_no_api_errors();
}

/// Longer than SQLite's busy timeout (10 s), the lock makes writes fail: the bot then owes each
/// person an answer all the same, the apology at worst, and must not drop an update unseen.
#[tokio::test]
async fn a_lock_longer_than_the_busy_timeout_leaves_nobody_without_an_answer() {
    let app = TestApp::spawn().await;
    let org = app.organiser(1300, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(3), chrono::Duration::days(2))
        .await;
    let ids = app.seed_bulk_members(24_000, 8, &[ALMATY]).await;
    let pressers: Vec<TgUser> = ids
        .iter()
        .map(|id| TgUser::new(*id, "Member", Some("en")))
        .collect();
    let cards = cards(&app, &pressers, event.id);
    let lock = Lock::take(&app.db_path).await;
    let newcomer = TgUser::new(1301, "Saule", Some("kk"));
    app.fake.user_message(&newcomer, "/start");
    let data = Callback::Volunteer(event.id).encode();
    for (user, card) in pressers.iter().zip(&cards) {
        app.fake.user_presses(user, *card, &data);
    }
    tokio::time::sleep(Duration::from_secs(11)).await;
    lock.release().await;
    // A press is answered by its pop-up and the card redrawn (by the card painter), or by the
    // apology in the chat; /start by the language question or the apology.
    eventually("everybody has an answer", RECOVERY, || {
        std::iter::once(newcomer.id)
            .chain(ids.iter().copied())
            .all(|chat| !app.fake.sent_to(chat).is_empty())
    })
    .await;
    // Each press made a sign-up or was apologised for; the places were not overbooked.
    let apologies = apologies(&app);
    let apologised = ids
        .iter()
        .filter(|id| app.fake.sent_to(**id).iter().any(|s| apologies.contains(&s.text)))
        .count() as i64;
    let signed_up = app.count("SELECT COUNT(*) FROM signups").await;
    assert_eq!(
        signed_up + apologised,
        8,
        "{signed_up} sign-ups, {apologised} apologies"
    );
    let confirmed = app
        .count("SELECT COUNT(*) FROM signups WHERE status = 'confirmed'")
        .await;
    assert!(confirmed <= 3);
    eprintln!("an 11 s lock: {signed_up} sign-ups, {apologised} apologies");
}

/// The database failing while the bot looks up who wrote (here the members table is gone)
/// costs the person an apology in their language, not silence; once it is back they are
/// answered as usual.
#[tokio::test]
async fn a_database_error_while_the_sender_is_looked_up_gets_the_apology() {
    let app = TestApp::spawn().await;
    let member = TgUser::new(4242, "Aru", Some("ru"));
    app.seed_member(&member, ALMATY, Lang::Ru).await;
    sqlx::query("ALTER TABLE members RENAME TO members_away")
        .execute(&app.pool)
        .await
        .unwrap();
    let reply = app.send(&member, "/help").await;
    assert_eq!(texts(&reply), [app.text(Lang::Ru, "error-internal")]);

    sqlx::query("ALTER TABLE members_away RENAME TO members")
        .execute(&app.pool)
        .await
        .unwrap();
    let reply = app.send(&member, "/help").await;
    assert_ne!(texts(&reply), [app.text(Lang::Ru, "error-internal")]);
    assert!(!reply.is_empty());
}
