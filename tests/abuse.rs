//! Abuse: one person flooding the bot is slowed down without delaying anybody else, and nobody
//! holds more than a sensible number of places at once.

use std::time::{Duration, Instant};

use crate::support::{TestApp, TgUser};
use birlik::db::signups::MAX_OPEN_SIGNUPS;
use birlik::i18n::Lang;
use birlik::updates::intake::MAX_WAITING_PER_PERSON;
use serde_json::json;

const FLOOD: usize = 2000;

#[tokio::test]
async fn a_flood_from_one_person_is_set_aside_and_everybody_else_is_answered_at_once() {
    let app = TestApp::spawn().await;
    let flooder = TgUser::new(666, "Flooder", Some("ru"));
    app.seed_member(&flooder, "KZ-75", Lang::Ru).await;
    let others: Vec<TgUser> = (0..20)
        .map(|i| TgUser::new(1000 + i, "Other", Some("kk")))
        .collect();
    for other in &others {
        app.seed_member(other, "KZ-71", Lang::Kk).await;
    }

    // Hundreds of messages a second from one person, then everybody else writes.
    let mut last_flood = 0;
    for _ in 0..FLOOD {
        last_flood = app.fake.user_message(&flooder, "/help");
    }
    let written = Instant::now();
    let asked: Vec<i64> = others
        .iter()
        .map(|other| app.fake.user_message(other, "/help"))
        .collect();
    for update_id in &asked {
        app.wait_handled(*update_id).await;
    }
    let everybody_answered = written.elapsed();
    let help_ru = app.text(Lang::Ru, "help-member");
    let flood_answered_meanwhile = app
        .fake
        .sent_to(flooder.id)
        .iter()
        .filter(|s| s.text == help_ru)
        .count();
    let help_kk = app.text(Lang::Kk, "help-member");
    for other in &others {
        let answers: Vec<String> = app.fake.sent_to(other.id).into_iter().map(|s| s.text).collect();
        assert_eq!(answers, std::slice::from_ref(&help_kk), "user {}", other.id);
    }
    // Without the guard they would wait behind the whole flood, answered message by message;
    // with it they wait for a few of the flooder's messages at most.
    eprintln!("the others were answered {everybody_answered:?} after writing");
    assert!(
        flood_answered_meanwhile < FLOOD / 10,
        "the others waited until {flood_answered_meanwhile} flood messages were answered"
    );

    // The flood itself: a few answers, one request to slow down, the rest skipped.
    // The bot stores each batch before it asks for the next one, which confirms the batch.
    app.wait_until("the whole flood was taken from Telegram and kept", || {
        app.fake
            .calls()
            .iter()
            .any(|call| call.method == "getUpdates" && call.params["offset"].as_i64() > Some(last_flood))
    })
    .await;
    // Each update kept stays until it is handled or set aside (the reply goes before): once
    // none is kept, every answer to the flood has been sent.
    let started = Instant::now();
    loop {
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM update_inbox")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        if kept == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{kept} updates of the flood still kept"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let to_flooder: Vec<String> = app.fake.sent_to(flooder.id).into_iter().map(|s| s.text).collect();
    let slow_down = app.text(Lang::Ru, "flood-slow-down");
    assert_eq!(
        to_flooder.iter().filter(|t| **t == slow_down).count(),
        1,
        "told to slow down once, not per message"
    );
    let answered = to_flooder.iter().filter(|t| **t == help_ru).count();
    assert!(
        (MAX_WAITING_PER_PERSON..FLOOD / 10).contains(&answered),
        "{answered} of {FLOOD} flood messages answered"
    );

    // Nothing of the flood is kept to be handed on again at the next start.
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM update_inbox")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(kept, 0, "set-aside updates left in the inbox");

    // Once the flood stops the flooder is an ordinary member again.
    let again = app.send(&flooder, "/help").await;
    assert_eq!(crate::support::app::texts(&again), [help_ru.as_str()]);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn nobody_holds_more_than_the_maximum_of_open_sign_ups() {
    let app = TestApp::spawn().await;
    let organiser = TgUser::new(10, "Organiser", Some("en"));
    let member = TgUser::new(11, "Member", Some("en"));
    app.seed_member(&organiser, "KZ-75", Lang::En).await;
    app.seed_member(&member, "KZ-75", Lang::En).await;
    let card = app.fake.bot_message(&member, "Events", json!(null));
    let mut events = Vec::new();
    for day in 0..=MAX_OPEN_SIGNUPS {
        let event = app
            .seed_event(
                &organiser,
                Some("KZ-75"),
                Some(5),
                chrono::Duration::days(2 + day),
            )
            .await;
        events.push(event.id);
    }
    let signed_up = app.text(Lang::En, "event-signed-up");
    for event in &events[..MAX_OPEN_SIGNUPS as usize] {
        let since = app.fake.call_count();
        app.press_data(&member, card, &format!("v:{event}")).await;
        assert_eq!(
            app.callback_answers_since(since),
            std::slice::from_ref(&signed_up)
        );
    }
    let count = |pool| async move {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM signups WHERE status != 'cancelled'")
            .fetch_one(pool)
            .await
            .unwrap()
    };
    assert_eq!(count(&app.pool).await, MAX_OPEN_SIGNUPS);

    // One more is refused with the reason, and changes nothing.
    let one_more = format!("v:{}", events[MAX_OPEN_SIGNUPS as usize]);
    let since = app.fake.call_count();
    app.press_data(&member, card, &one_more).await;
    let too_many = app.locales.text_with(
        Lang::En,
        "event-too-many-signups",
        &[("max", MAX_OPEN_SIGNUPS.into())],
    );
    assert_eq!(app.callback_answers_since(since), [too_many]);
    assert_eq!(count(&app.pool).await, MAX_OPEN_SIGNUPS);

    // Giving one place back makes room.
    app.press_data(&member, card, &format!("uv:{}", events[0])).await;
    let since = app.fake.call_count();
    app.press_data(&member, card, &one_more).await;
    assert_eq!(app.callback_answers_since(since), [signed_up]);
    assert_eq!(count(&app.pool).await, MAX_OPEN_SIGNUPS);

    // Events that are over no longer count.
    sqlx::query(
        "UPDATE events SET starts_at = starts_at - 30 * 86400, ends_at = ends_at - 30 * 86400,
             deadline_at = deadline_at - 30 * 86400 WHERE id = ?",
    )
    .bind(events[1])
    .execute(&app.pool)
    .await
    .unwrap();
    let since = app.fake.call_count();
    app.press_data(&member, card, &format!("v:{}", events[0])).await;
    assert_eq!(
        app.callback_answers_since(since),
        [app.text(Lang::En, "event-signed-up")]
    );
    app.assert_no_api_errors();
}
