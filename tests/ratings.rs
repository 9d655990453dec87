//! After an event, as its people meet it: the volunteers marked present are thanked in their
//! language with their hours (once, whatever the scheduler and restarts do), rate the event
//! with stars and an optional comment, may change their answer for 7 days; others' presses
//! change nothing; the event's staff read the figures and the comments without names.

use crate::support::app::texts;
use crate::support::{TestApp, TgUser};
use birlik::bot::Callback;
use birlik::domain::rating::Stars;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;
use chrono::Duration;

const ALMATY: &str = "KZ-75";

/// The thank-you `user` was sent for the event titled `title`, in `lang`, with 3 hours.
fn thank_you(app: &TestApp, lang: Lang, title: &str) -> String {
    app.locales.text_with(
        lang,
        "rating-thanks",
        &[("title", title.into()), ("hours", 3.into())],
    )
}

fn thank_yous(app: &TestApp, user: &TgUser, text: &str) -> usize {
    app.fake
        .sent_to(user.id)
        .iter()
        .filter(|s| s.method == "sendMessage" && s.text == *text)
        .count()
}

fn stars(n: i64) -> String {
    Stars::new(n).unwrap().label()
}

async fn ratings(app: &TestApp) -> Vec<(i64, i64, Option<String>)> {
    sqlx::query_as(
        "SELECT m.telegram_user_id, r.stars, r.comment FROM event_ratings r JOIN members m ON m.id = r.member_id
         ORDER BY m.telegram_user_id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

/// Signs `users` up for the event from a card, as members do.
async fn volunteer(app: &TestApp, users: &[&TgUser], event: i64) {
    for user in users {
        let card = app
            .fake
            .bot_message(user, "card", serde_json::json!({"inline_keyboard": []}));
        app.press_data(user, card, &Callback::Volunteer(event).encode())
            .await;
    }
}

#[tokio::test]
async fn volunteers_present_are_thanked_once_in_their_language_rate_and_the_staff_read_it() {
    let mut app = TestApp::spawn().await;
    app.set_clock("2030-05-13T04:00:00Z");
    let org = app.organiser(300, ALMATY, Lang::En).await;
    let coordinator = app.member(301, ALMATY, Lang::Ru).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    let aigerim = app.member(310, ALMATY, Lang::Kk).await;
    let dmitry = app.member(311, ALMATY, Lang::Ru).await;
    let absent = app.member(312, ALMATY, Lang::En).await;
    let outsider = app.member(313, ALMATY, Lang::En).await;
    let event = app.seed_event(&org, Some(ALMATY), None, Duration::hours(5)).await;
    let title = event.plan.title.clone();
    volunteer(&app, &[&aigerim, &dmitry, &absent], event.id).await;

    // At the venue: two of the three check in.
    app.clock.advance(Duration::hours(4) + Duration::minutes(30));
    for user in [&aigerim, &dmitry] {
        app.send(user, &format!("/checkin {}", event.checkin_code)).await;
    }

    // The event ends: each volunteer marked present is thanked in their language, with the
    // hours and the five stars.
    app.clock.advance(Duration::hours(4));
    let kk_thanks = thank_you(&app, Lang::Kk, &title);
    let ru_thanks = thank_you(&app, Lang::Ru, &title);
    assert!(kk_thanks.contains("сағаттары: 3 ("), "{kk_thanks}");
    assert!(ru_thanks.contains("часов: 3 ("), "{ru_thanks}");
    app.wait_until("both thank-yous arrive", || {
        thank_yous(&app, &aigerim, &kk_thanks) == 1 && thank_yous(&app, &dmitry, &ru_thanks) == 1
    })
    .await;
    let thanked = app
        .fake
        .sent_to(aigerim.id)
        .into_iter()
        .find(|s| s.text == kk_thanks)
        .unwrap();
    assert_eq!(
        thanked.button_labels(),
        [stars(5), stars(4), stars(3), stars(2), stars(1)]
    );
    // Another pass, and a restart, send nothing again.
    app.wait_reminder_pass().await;
    app.restart().await;
    app.wait_reminder_pass().await;
    assert_eq!(thank_yous(&app, &aigerim, &kk_thanks), 1);
    assert_eq!(thank_yous(&app, &dmitry, &ru_thanks), 1);
    for user in [&absent, &outsider, &org] {
        let told = app.fake.sent_to(user.id);
        assert!(
            !told
                .iter()
                .any(|s| s.text.contains(&app.text(Lang::En, "rating-skip"))
                    || s.button_labels().contains(&stars(5))),
            "{} was thanked: {:?}",
            user.id,
            texts(&told)
        );
    }

    // Aigerim gives four stars and writes a comment; too long a text, and a direction override,
    // are refused first.
    let before = app.fake.call_count();
    let offer = app.press(&aigerim, &stars(4)).await;
    assert_eq!(
        app.callback_answers_since(before),
        [app.locales
            .text_with(Lang::Kk, "rating-saved", &[("stars", 4.into())])]
    );
    assert_eq!(
        texts(&offer),
        [app.locales
            .text_with(Lang::Kk, "rating-ask-comment", &[("max", 500.into())])]
    );
    assert_eq!(offer[0].button_labels(), [app.text(Lang::Kk, "rating-skip")]);
    let refused = app.send(&aigerim, &"ж".repeat(4096)).await;
    assert_eq!(
        texts(&refused),
        [app.locales
            .text_with(Lang::Kk, "event-error-too-long", &[("max", 500.into())])]
    );
    let refused = app.send(&aigerim, "Жақсы\u{202e}болды").await;
    assert_eq!(
        texts(&refused),
        [app.text(Lang::Kk, "event-error-control-character")]
    );
    let saved = app.send(&aigerim, "Шай түске дейін таусылып қалды").await;
    assert_eq!(texts(&saved), [app.text(Lang::Kk, "rating-comment-saved")]);

    // Dmitry gives two stars, skips the comment, then changes his mind: five stars, a comment.
    app.press(&dmitry, &stars(2)).await;
    let skipped = app.press(&dmitry, &app.text(Lang::Ru, "rating-skip")).await;
    assert_eq!(
        skipped.last().unwrap().text,
        app.text(Lang::Ru, "rating-comment-skipped")
    );
    let before = app.fake.call_count();
    app.press(&dmitry, &stars(5)).await;
    assert_eq!(
        app.callback_answers_since(before),
        [app.locales
            .text_with(Lang::Ru, "rating-changed", &[("stars", 5.into())])]
    );
    let saved = app.send(&dmitry, "Отличная организация").await;
    assert_eq!(texts(&saved), [app.text(Lang::Ru, "rating-comment-saved")]);
    assert_eq!(
        ratings(&app).await,
        [
            (310, 4, Some("Шай түске дейін таусылып қалды".to_owned())),
            (311, 5, Some("Отличная организация".to_owned())),
        ]
    );

    // Presses by those not marked present, forged onto any message, change nothing.
    for user in [&absent, &outsider] {
        let message = app
            .fake
            .bot_message(user, "any message", serde_json::json!({"inline_keyboard": []}));
        let before = app.fake.call_count();
        let data = Callback::Rate(event.id, Stars::new(1).unwrap()).encode();
        app.press_data(user, message, &data).await;
        assert_eq!(
            app.callback_answers_since(before),
            [app.text(Lang::En, "rating-not-yours")]
        );
        app.press_data(user, message, &Callback::RateNoComment(event.id).encode())
            .await;
    }
    assert_eq!(ratings(&app).await.len(), 2);

    // The organiser's /stats event: the answers, the average, the comments, and no names.
    let report = app.send(&org, &format!("/stats event {}", event.id)).await;
    let report = &report[0].text;
    let average = app.locales.text_with(
        Lang::En,
        "stats-event-rating",
        &[("average", 4.5.into()), ("answers", 2.into())],
    );
    assert!(report.contains(&average), "{report}");
    assert!(report.contains("4.5 of 5"), "{report}");
    assert!(
        report.contains(&format!(
            "{}\n• Шай түске дейін таусылып қалды\n• Отличная организация",
            app.text(Lang::En, "stats-event-comments")
        )),
        "{report}"
    );
    for name in ["Member310", "Member311", "Testov"] {
        assert!(!report.contains(name), "{report}");
    }
    // The region's figures, in Russian: the average of its events, written "4,5".
    let region = app.send(&coordinator, "/stats").await;
    let region = &region[0].text;
    assert!(
        region.contains(&app.locales.text_with(
            Lang::Ru,
            "stats-rating",
            &[("average", 4.5.into()), ("answers", 2.into())],
        )),
        "{region}"
    );
    assert!(region.contains("4,5 из 5"), "{region}");

    // A week after the end, rating is closed: a press changes nothing.
    app.clock.advance(Duration::days(7));
    let before = app.fake.call_count();
    app.press(&aigerim, &stars(1)).await;
    assert_eq!(
        app.callback_answers_since(before),
        [app.text(Lang::Kk, "rating-closed")]
    );
    assert_eq!(ratings(&app).await[0].1, 4);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_volunteer_marked_present_after_the_end_is_thanked_at_the_next_pass() {
    let app = TestApp::spawn().await;
    let org = app.organiser(320, ALMATY, Lang::En).await;
    let late = app.member(321, ALMATY, Lang::Ru).await;
    let event = app.seed_event(&org, Some(ALMATY), None, Duration::hours(5)).await;
    volunteer(&app, &[&late], event.id).await;
    app.clock.advance(Duration::hours(9));
    app.wait_reminder_pass().await;
    let ru_thanks = thank_you(&app, Lang::Ru, &event.plan.title);
    assert_eq!(thank_yous(&app, &late, &ru_thanks), 0);

    // The organiser marks the attendance the next day, from the list.
    app.send(&org, &format!("/attendance {}", event.id)).await;
    app.press(&org, "⬜ Member321 Testov").await;
    app.wait_until("the thank-you arrives", || {
        thank_yous(&app, &late, &ru_thanks) == 1
    })
    .await;
    app.wait_reminder_pass().await;
    assert_eq!(thank_yous(&app, &late, &ru_thanks), 1);
    app.assert_no_api_errors();
}
