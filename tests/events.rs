//! Events and volunteering, end to end against the fake Bot API: publishing, sign-ups with a
//! waiting list, reminders across restarts, check-in, attendance and the organiser's lists.

use std::collections::HashSet;

use crate::support::app::texts;
use crate::support::{TestApp, TgUser};
use birlik::bot::Callback;
use birlik::domain::event::format_time;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;
use chrono::Duration;

const ASTANA: &str = "KZ-71";
const ALMATY: &str = "KZ-75";

/// Waits until `chat` has received a message containing `needle`.
async fn wait_for_text(app: &TestApp, chat: i64, needle: &str) {
    app.wait_until(&format!("{chat} is told {needle:?}"), || {
        app.fake.sent_to(chat).iter().any(|s| s.text.contains(needle))
    })
    .await;
}

/// Waits until the delivery queue has nothing pending or in flight.
fn messages_containing(app: &TestApp, chat: i64, needle: &str) -> usize {
    app.fake
        .sent_to(chat)
        .iter()
        .filter(|s| s.method == "sendMessage" && s.text.contains(needle))
        .count()
}

#[tokio::test]
async fn an_organiser_creates_an_event_step_by_step_and_it_is_announced_to_the_region() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let org = app.organiser(100, ALMATY, Lang::En).await;
    let kk_member = app.member(101, ALMATY, Lang::Kk).await;
    let ru_member = app.member(102, ALMATY, Lang::Ru).await;
    let elsewhere = app.member(103, ASTANA, Lang::En).await;
    app.fake.group_message(&org, -500, "Almaty HQ", "/linkgroup");
    let coordinator = TgUser::new(104, "Coordinator", Some("en"));
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    let link = app
        .fake
        .group_message(&coordinator, -500, "Almaty HQ", "/linkgroup");
    app.wait_handled(link).await;

    let asked = app.send(&org, "/newevent").await;
    assert_eq!(texts(&asked), [en("event-ask-title")]);
    app.send(&org, "Тазалық күні").await;
    app.send(&org, "Planting trees in the central park").await;

    // Wrong times are explained and asked again; nothing moves on.
    let reply = app.send(&org, "tomorrow").await;
    assert_eq!(
        texts(&reply),
        [en("event-error-time-format"), en("event-ask-start")]
    );
    let reply = app.send(&org, "01.01.2020 10:00").await;
    assert_eq!(texts(&reply), [en("event-error-past"), en("event-ask-start")]);
    // 10:00 in Almaty three days ahead: the three hours end the same day whenever the test runs.
    let day = (app.clock.now() + Duration::days(3))
        .with_timezone(&chrono_tz::Asia::Almaty)
        .date_naive();
    let start =
        chrono::TimeZone::from_local_datetime(&chrono_tz::Asia::Almaty, &day.and_hms_opt(10, 0, 0).unwrap())
            .unwrap()
            .timestamp();
    app.send(&org, &format_time(start)).await;
    let start_hour = format_time(start)[11..].to_owned();
    let reply = app.send(&org, &start_hour).await;
    assert_eq!(
        texts(&reply),
        [en("event-error-end-before-start"), en("event-ask-end")]
    );
    let reply = app.send(&org, "3h").await;
    assert_eq!(texts(&reply), [en("event-ask-place")]);
    app.send(&org, "Wrong place").await;
    let reply = app.send(&org, "lots").await;
    assert_eq!(texts(&reply)[0], en("event-error-capacity"));
    app.send(&org, "2").await;
    let preview = app.press(&org, &en("event-deadline-at-start")).await;
    let card = preview.last().unwrap();
    assert!(card.text.contains("Тазалық күні"), "{}", card.text);
    // Three days ahead: the weekday and the date in words, on the 24-hour clock.
    let when = app
        .locales
        .when(Lang::En, app.clock.unix(), start, start + 3 * 3600);
    assert!(when.contains(&format!(", {start_hour}–")), "{when}");
    assert!(
        card.text.contains(&format!("🕒 {when} (Kazakhstan time)")),
        "{}",
        card.text
    );
    assert!(card.text.contains("Places taken: 0 / 2"), "{}", card.text);

    // Edit at the preview: one field, then back to the preview.
    app.press(&org, &en("event-edit")).await;
    let asked = app.press(&org, &en("event-field-place")).await;
    assert_eq!(asked.last().unwrap().text, en("event-ask-place"));
    let preview = app.send(&org, "Central park, main gate").await;
    assert!(preview.last().unwrap().text.contains("Central park, main gate"));
    let preview_id = preview.last().unwrap().message_id.unwrap();

    let published = app.press(&org, &en("event-publish")).await;
    let photo = published
        .iter()
        .find(|s| s.method == "sendPhoto")
        .expect("the check-in QR code");
    let (id, code): (i64, String) = sqlx::query_as("SELECT id, checkin_code FROM events")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        photo
            .text
            .contains(&format!("https://t.me/birlik_test_bot?start=chk_{code}")),
        "{}",
        photo.text
    );
    // Stored in UTC: the start typed in Almaty time is the same instant.
    let stored: (i64, i64, Option<i64>, i64) =
        sqlx::query_as("SELECT starts_at, ends_at, capacity, deadline_at FROM events WHERE id = ?")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored, (start, start + 3 * 3600, Some(2), start));

    // The announcement reaches the region's members in their language, and the linked group.
    for (user, lang) in [(&kk_member, Lang::Kk), (&ru_member, Lang::Ru)] {
        let volunteer = app.text(lang, "event-volunteer");
        app.wait_until("the announcement arrives", || {
            app.fake.find_button(user.id, &volunteer).is_some()
        })
        .await;
        let (_, data) = app.fake.find_button(user.id, &volunteer).unwrap();
        assert_eq!(data, Callback::Volunteer(id).encode());
    }
    app.wait_until("the group sees the card", || {
        app.fake.find_button(-500, &en("event-volunteer")).is_some()
    })
    .await;
    assert!(
        app.fake.sent_to(elsewhere.id).is_empty(),
        "other regions are not told"
    );
    // A second press of Publish publishes nothing.
    let before = app.fake.call_count();
    app.press_data(&org, preview_id, &Callback::NePublish.encode())
        .await;
    assert_eq!(app.callback_answers_since(before), [en("button-stale")]);
    assert_eq!(app.count("SELECT COUNT(*) FROM events").await, 1);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn members_cannot_create_events_and_organisers_not_republic_wide_ones() {
    let app = TestApp::spawn().await;
    let plain = app.member(200, ALMATY, Lang::En).await;
    let reply = app.send(&plain, "/newevent").await;
    assert_eq!(texts(&reply), [app.text(Lang::En, "not-allowed")]);
    let org = app.organiser(201, ALMATY, Lang::En).await;
    let asked = app.send(&org, "/newevent").await;
    // A forged "whole republic" button: the organiser's dialogue is not at that step, and
    // the role would not allow it anyway.
    let before = app.fake.call_count();
    app.press_data(
        &org,
        asked[0].message_id.unwrap(),
        &Callback::NeRegion(None).encode(),
    )
    .await;
    assert_eq!(
        app.callback_answers_since(before),
        [app.text(Lang::En, "button-stale")]
    );
    let reply = app.send(&org, "Still the title").await;
    assert_eq!(texts(&reply), [app.text(Lang::En, "event-ask-description")]);

    // Admins choose where: a region, or the whole republic.
    let admin = TgUser::new(202, "Admin", Some("en"));
    app.seed_role(&admin, StaffRole::admin()).await;
    let asked = app.send(&admin, "/newevent").await;
    assert_eq!(texts(&asked), [app.text(Lang::En, "event-new-where")]);
    assert!(asked[0].button_labels().contains(&"Almaty".to_owned()));
    let next = app
        .press(&admin, &app.text(Lang::En, "event-republic-wide"))
        .await;
    assert_eq!(next.last().unwrap().text, app.text(Lang::En, "event-ask-title"));
}

#[tokio::test]
async fn sign_ups_fill_places_then_the_waiting_list_and_a_cancel_promotes_the_first_waiting() {
    let app = TestApp::spawn().await;
    // The event starts two days later: 15 May 2030, 09:00 in Almaty (UTC+5), for three hours.
    app.set_clock("2030-05-13T04:00:00Z");
    let en = |key: &str| app.text(Lang::En, key);
    let org = app.organiser(300, ALMATY, Lang::En).await;
    let a = app.member(301, ALMATY, Lang::En).await;
    let b = app.member(302, ALMATY, Lang::En).await;
    let c = app.member(303, ALMATY, Lang::Ru).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(2), Duration::days(2))
        .await;
    for user in [&a, &b, &c] {
        let label = app.text(
            if user.id == c.id { Lang::Ru } else { Lang::En },
            "event-volunteer",
        );
        app.wait_until("the card arrives", || {
            app.fake.find_button(user.id, &label).is_some()
        })
        .await;
    }

    let before = app.fake.call_count();
    app.press(&a, &en("event-volunteer")).await;
    app.press(&b, &en("event-volunteer")).await;
    app.press(&c, &app.text(Lang::Ru, "event-volunteer")).await;
    let answers = app.callback_answers_since(before);
    let ru_waiting = app
        .locales
        .text_with(Lang::Ru, "event-waiting", &[("position", 1.into())]);
    assert_eq!(
        answers,
        [en("event-signed-up"), en("event-signed-up"), ru_waiting]
    );
    // A's card now says so and offers the cancel button (the edit follows through the card painter).
    app.wait_until("A's card is redrawn", || {
        app.fake.find_button(a.id, &en("event-unvolunteer")).is_some()
    })
    .await;
    let card = app
        .fake
        .sent_to(a.id)
        .into_iter()
        .rev()
        .find(|s| s.method == "editMessageText")
        .unwrap();
    assert!(card.text.contains(&en("event-mine-confirmed")), "{}", card.text);
    assert!(card.text.contains("Places taken: 1 / 2"), "{}", card.text);

    // Pressing the stale Volunteer button again (a second copy of the card) changes nothing.
    let old_card = app.fake.bot_message(
        &a,
        "old card",
        serde_json::json!({"inline_keyboard": [[{"text": "🙋", "callback_data": Callback::Volunteer(event.id).encode()}]]}),
    );
    let before = app.fake.call_count();
    app.press_data(&a, old_card, &Callback::Volunteer(event.id).encode())
        .await;
    assert_eq!(
        app.callback_answers_since(before),
        [en("event-already-signed-up")]
    );
    let update = app
        .fake
        .user_presses(&a, old_card, &Callback::Volunteer(event.id).encode());
    app.wait_handled(update).await;
    app.fake.redeliver(update);
    // Updates of one chat are handled in order: once /help is answered, the copy was skipped.
    app.send(&a, "/help").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM signups").await, 3);

    // A cancels: C, first in line, gets the place and is told in Russian.
    let before = app.fake.call_count();
    app.press(&a, &en("event-unvolunteer")).await;
    assert_eq!(app.callback_answers_since(before), [en("event-signup-cancelled")]);
    let expected = app.locales.text_with(
        Lang::Ru,
        "event-promoted",
        &[
            ("title", "Event at +48h".into()),
            ("when", "среда, 15 мая, 09:00–12:00".into()),
            ("place", "Central park".into()),
        ],
    );
    wait_for_text(&app, c.id, &expected).await;
    assert_eq!(messages_containing(&app, c.id, &expected), 1);
    let statuses: Vec<(i64, String)> =
        sqlx::query_as("SELECT m.telegram_user_id, s.status FROM signups s JOIN members m ON m.id = s.member_id ORDER BY m.telegram_user_id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        statuses,
        [
            (301, "cancelled".to_owned()),
            (302, "confirmed".to_owned()),
            (303, "confirmed".to_owned())
        ]
    );
    let counters: (i64, i64) = sqlx::query_as("SELECT taken, waiting FROM events")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(counters, (2, 0));
    app.assert_no_api_errors();
}

#[tokio::test]
async fn two_thousand_members_press_volunteer_at_once_and_exactly_the_places_are_confirmed() {
    let app = TestApp::spawn().await;
    let org = app.organiser(1, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(100), Duration::days(2))
        .await;
    let ids = app.seed_bulk_members(10_000, 2000, &[ALMATY]).await;
    let data = Callback::Volunteer(event.id).encode();
    let markup = serde_json::json!({"inline_keyboard": [[{"text": "🙋", "callback_data": data}]]});
    let users: Vec<TgUser> = ids
        .iter()
        .map(|id| TgUser::new(*id, "Member", Some("en")))
        .collect();
    let cards: Vec<i64> = users
        .iter()
        .map(|user| app.fake.bot_message(user, "card", markup.clone()))
        .collect();
    let before = app.fake.call_count();
    let updates: Vec<i64> = users
        .iter()
        .zip(&cards)
        .map(|(user, card)| app.fake.user_presses(user, *card, &data))
        .collect();
    for update in &updates {
        app.wait_handled(*update).await;
    }
    let statuses: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM signups GROUP BY status ORDER BY status")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        statuses,
        [("confirmed".to_owned(), 100), ("waiting".to_owned(), 1900)]
    );
    let counters: (i64, i64) = sqlx::query_as("SELECT taken, waiting FROM events")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        counters,
        (100, 1900),
        "the event's counters agree with its sign-ups"
    );
    // Everyone got an answer; the waiting positions are 1..=1900, each told once, in the
    // order the waiting list keeps.
    let answers = app.callback_answers_since(before);
    assert_eq!(answers.len(), 2000);
    // The members speak the three languages in turn.
    let signed_up: Vec<String> = Lang::ALL
        .iter()
        .map(|l| app.text(*l, "event-signed-up"))
        .collect();
    let confirmed = answers.iter().filter(|a| signed_up.contains(a)).count();
    assert_eq!(confirmed, 100);
    // A position as each language writes it: "1,234" in English, "1234" in kk and ru.
    let number = regex::Regex::new(r"\d(?:[\d,\u{a0}]*\d)?").unwrap();
    let told: Vec<i64> = answers
        .iter()
        .filter(|a| !signed_up.contains(a))
        .map(|a| {
            number
                .find(a)
                .expect("a position")
                .as_str()
                .replace([',', '\u{a0}'], "")
                .parse()
                .unwrap()
        })
        .collect();
    assert_eq!(told.len(), 1900);
    assert_eq!(told.into_iter().collect::<HashSet<_>>(), (1..=1900).collect());
    let seqs: Vec<i64> = sqlx::query_scalar("SELECT seq FROM signups WHERE status = 'waiting' ORDER BY seq")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(
        seqs.iter().all(|s| *s > 100),
        "the waiting list comes after every confirmed place"
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn events_are_listed_a_page_at_a_time_and_go_into_a_calendar() {
    let app = TestApp::spawn().await;
    let org = app.organiser(400, ALMATY, Lang::En).await;
    let admin = TgUser::new(401, "Admin", Some("en"));
    app.seed_role(&admin, StaffRole::admin()).await;
    let first = app
        .seed_event(&org, Some(ALMATY), Some(5), Duration::days(2))
        .await;
    let republic = app.seed_event(&admin, None, None, Duration::days(3)).await;
    app.seed_event(&org, Some(ASTANA), None, Duration::days(4)).await;
    let reader = app.member(402, ALMATY, Lang::En).await;
    // Newest first: the republic-wide event was published last of the two visible ones.
    sqlx::query("UPDATE events SET published_at = published_at + id")
        .execute(&app.pool)
        .await
        .unwrap();

    let shown = app.send(&reader, "/events").await;
    let card = &shown[0];
    assert!(card.text.contains(&republic.plan.title), "{}", card.text);
    assert!(card.text.contains(&app.text(Lang::En, "event-republic-wide")));
    assert!(
        card.button_labels().contains(&"1 / 2".to_owned()),
        "{:?}",
        card.buttons()
    );
    let turned = app.press(&reader, "▶️").await;
    assert!(turned[0].text.contains(&first.plan.title), "{}", turned[0].text);
    assert!(
        turned[0].text.contains("Places taken: 0 / 5"),
        "{}",
        turned[0].text
    );

    app.press(&reader, &app.text(Lang::En, "event-calendar")).await;
    let files = app.fake.documents_to(reader.id);
    let (name, bytes) = files.last().expect("an .ics file");
    assert_eq!(name, &format!("event-{}.ics", first.id));
    let ics = String::from_utf8(bytes.clone()).unwrap();
    let start = chrono::DateTime::from_timestamp(first.plan.starts_at, 0).unwrap();
    assert!(
        ics.contains(&format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ"))),
        "{ics}"
    );

    let stranger = app.member(403, "KZ-11", Lang::En).await;
    let shown = app.send(&stranger, "/events").await;
    assert!(shown[0].text.contains(&republic.plan.title));
    assert!(
        !shown[0].button_labels().iter().any(|l| l.contains(" / ")),
        "one event: no arrows"
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn forged_buttons_for_another_region_change_nothing() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let org = app.organiser(500, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(5), Duration::days(2))
        .await;
    let insider = app.member(501, ALMATY, Lang::En).await;
    let card = app
        .fake
        .bot_message(&insider, "card", serde_json::json!({"inline_keyboard": []}));
    app.press_data(&insider, card, &Callback::Volunteer(event.id).encode())
        .await;
    let signup: i64 = sqlx::query_scalar("SELECT id FROM signups")
        .fetch_one(&app.pool)
        .await
        .unwrap();

    let outsider = app.member(502, ASTANA, Lang::En).await;
    let other_org = app.organiser(503, ASTANA, Lang::En).await;
    app.queue_idle().await;
    let snapshot = app.snapshot(&["signups", "events", "deliveries"]).await;
    let before = app.fake.call_count();
    for (user, callback) in [
        (&outsider, Callback::Volunteer(event.id)),
        (&outsider, Callback::Calendar(event.id)),
        (&outsider, Callback::StillComing(event.id, false)),
        (&outsider, Callback::CancelEventConfirmed(event.id)),
        (&other_org, Callback::CancelEventConfirmed(event.id)),
        (&other_org, Callback::VolunteersCsv(event.id)),
        (&other_org, Callback::AttendanceToggle(signup, 1)),
        (
            &other_org,
            Callback::EditField(event.id, birlik::telegram::callback::EventField::Place),
        ),
        (&insider, Callback::CancelEventConfirmed(event.id)),
        (&insider, Callback::Volunteer(event.id + 1000)),
    ] {
        let card = app
            .fake
            .bot_message(user, "card", serde_json::json!({"inline_keyboard": []}));
        app.press_data(user, card, &callback.encode()).await;
    }
    assert_eq!(app.callback_answers_since(before), vec![en("button-stale"); 10]);
    assert_eq!(app.snapshot(&["signups", "events", "deliveries"]).await, snapshot);
    assert!(app.fake.documents_to(other_org.id).is_empty());
    // Commands name an event by number: not theirs, not found.
    let reply = app.send(&other_org, &format!("/volunteers {}", event.id)).await;
    assert_eq!(texts(&reply), [en("event-not-found")]);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn editing_the_place_and_cancelling_tell_everyone_signed_up_and_stale_cards_are_refused() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let org = app.organiser(600, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(1), Duration::days(2))
        .await;
    let confirmed = app.member(601, ALMATY, Lang::En).await;
    let waiting = app.member(602, ALMATY, Lang::Kk).await;
    let late = app.member(603, ALMATY, Lang::En).await;
    for user in [&confirmed, &waiting] {
        let card = app
            .fake
            .bot_message(user, "card", serde_json::json!({"inline_keyboard": []}));
        app.press_data(user, card, &Callback::Volunteer(event.id).encode())
            .await;
    }

    // The announcement to the organiser is out of the way before they ask.
    app.queue_idle().await;
    let picker = app.send(&org, "/editevent").await;
    assert!(picker[0].button_labels()[0].starts_with(&format!("#{}", event.id)));
    app.press(&org, &picker[0].button_labels()[0]).await;
    app.press(&org, &en("event-field-place")).await;
    let done = app.send(&org, "Old square, north side").await;
    assert!(
        done[0].text.starts_with(&en("event-updated-told")),
        "{}",
        done[0].text
    );
    for user in [&confirmed, &waiting] {
        wait_for_text(&app, user.id, "Old square, north side").await;
    }

    let confirm = app.send(&org, &format!("/cancelevent {}", event.id)).await;
    assert!(confirm[0].text.contains(&event.plan.title));
    app.press(&org, &en("event-cancel-yes")).await;
    let title = format!("\"{}\"", event.plan.title);
    wait_for_text(&app, confirmed.id, &title).await;
    wait_for_text(&app, waiting.id, &event.plan.title).await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM events WHERE status = 'cancelled' AND id = {}",
            event.id
        ))
        .await,
        1
    );

    // The announcement card pressed after the cancellation.
    let card = app
        .fake
        .bot_message(&late, "card", serde_json::json!({"inline_keyboard": []}));
    let before = app.fake.call_count();
    app.press_data(&late, card, &Callback::Volunteer(event.id).encode())
        .await;
    assert_eq!(app.callback_answers_since(before), [en("event-closed-cancelled")]);
    assert_eq!(app.count("SELECT COUNT(*) FROM signups").await, 2);
    // A second confirmation press cancels nothing twice and tells nobody again.
    let deliveries = app.count("SELECT COUNT(*) FROM deliveries").await;
    let before = app.fake.call_count();
    app.press_data(
        &org,
        confirm[0].message_id.unwrap(),
        &Callback::CancelEventConfirmed(event.id).encode(),
    )
    .await;
    assert_eq!(app.callback_answers_since(before), [en("button-stale")]);
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, deliveries);
    app.assert_no_api_errors();
}

/// A cancelled event's announcements still waiting in the queue are withdrawn: found by the
/// event, whatever the buttons on them, so nobody is invited to it after the cancellation.
#[tokio::test]
async fn cancelling_withdraws_the_announcements_not_yet_delivered() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "25")]).await;
    let en = |key: &str| app.text(Lang::En, key);
    let org = app.organiser(700, ALMATY, Lang::En).await;
    let members = app.seed_bulk_members(20_000, 300, &[ALMATY]).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(10), Duration::days(2))
        .await;
    // Another event's announcements share the queue and are not touched.
    let other = app
        .seed_event(&org, Some(ALMATY), Some(10), Duration::days(3))
        .await;
    let confirm = app.send(&org, &format!("/cancelevent {}", event.id)).await;
    assert!(confirm[0].text.contains(&event.plan.title));
    app.press(&org, &en("event-cancel-yes")).await;
    let cancelled_at = app.fake.call_count();
    let withdrawn = app
        .count(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE event_id = {} AND status = 'cancelled'",
            event.id
        ))
        .await;
    assert!(withdrawn > 150, "only {withdrawn} of 300 announcements withdrawn");
    app.queue_idle().await;
    // At most the messages already on their way when the event was cancelled arrive after it.
    let invited_after = members
        .iter()
        .flat_map(|chat| app.fake.sent_since(*chat, cancelled_at))
        .filter(|sent| sent.text.contains(&event.plan.title))
        .count();
    assert!(
        invited_after <= 32,
        "{invited_after} invitations after the cancellation"
    );
    let delivered = |id: i64| {
        let app = &app;
        async move {
            app.count(&format!(
                "SELECT COUNT(*) FROM deliveries WHERE event_id = {id} AND status = 'delivered'"
            ))
            .await
        }
    };
    // Every member of the region, the organiser too.
    let recipients = members.len() as i64 + 1;
    assert_eq!(delivered(event.id).await + withdrawn, recipients);
    assert_eq!(delivered(other.id).await, recipients);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn sign_ups_close_at_the_deadline() {
    let app = TestApp::spawn().await;
    let org = app.organiser(700, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), None, Duration::hours(10))
        .await;
    let user = app.member(701, ALMATY, Lang::En).await;
    app.clock.advance(Duration::hours(9) + Duration::minutes(1));
    let card = app
        .fake
        .bot_message(&user, "card", serde_json::json!({"inline_keyboard": []}));
    let before = app.fake.call_count();
    app.press_data(&user, card, &Callback::Volunteer(event.id).encode())
        .await;
    assert_eq!(
        app.callback_answers_since(before),
        [app.text(Lang::En, "event-closed-deadline")]
    );
    app.clock.advance(Duration::hours(2));
    let before = app.fake.call_count();
    app.press_data(&user, card, &Callback::Volunteer(event.id).encode())
        .await;
    assert_eq!(
        app.callback_answers_since(before),
        [app.text(Lang::En, "event-closed-started")]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM signups").await, 0);
}

#[tokio::test]
async fn reminders_go_out_once_across_restarts_and_no_frees_the_place() {
    let mut app = TestApp::spawn().await;
    // The event starts 30 hours later: 14 May 2030, 15:00 in Almaty (UTC+5), for three hours.
    app.set_clock("2030-05-13T04:00:00Z");
    let en = |app: &TestApp, key: &str| app.text(Lang::En, key);
    let org = app.organiser(800, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(2), Duration::hours(30))
        .await;
    let yes = app.member(801, ALMATY, Lang::En).await;
    let no = app.member(802, ALMATY, Lang::Ru).await;
    let waiting = app.member(803, ALMATY, Lang::En).await;
    for user in [&yes, &no, &waiting] {
        let card = app
            .fake
            .bot_message(user, "card", serde_json::json!({"inline_keyboard": []}));
        app.press_data(user, card, &Callback::Volunteer(event.id).encode())
            .await;
    }
    let day_before_en = en(&app, "event-still-coming-yes");
    let day_before_ru = app.text(Lang::Ru, "event-still-coming-no");

    // The bot is down when the day-before reminder falls due; it goes out after the start.
    app.stop().await;
    app.clock.advance(Duration::hours(7));
    app.restart().await;
    app.wait_until("the Still coming? question arrives", || {
        app.fake.find_button(yes.id, &day_before_en).is_some()
            && app.fake.find_button(no.id, &day_before_ru).is_some()
    })
    .await;
    // A restart after it was sent does not send it again.
    app.restart().await;
    app.wait_reminder_pass().await;
    let asked = |app: &TestApp, user: &TgUser| {
        app.fake
            .sent_to(user.id)
            .iter()
            .filter(|s| s.method == "sendMessage" && s.buttons().concat().len() == 2)
            .count()
    };
    assert_eq!(
        (asked(&app, &yes), asked(&app, &no), asked(&app, &waiting)),
        (1, 1, 0)
    );

    app.press(&yes, &day_before_en).await;
    let before = app.fake.call_count();
    app.press(&no, &day_before_ru).await;
    assert!(app.callback_answers_since(before).len() == 1);
    wait_for_text(&app, waiting.id, &event.plan.title).await;
    let statuses: Vec<(i64, String, Option<bool>)> = sqlx::query_as(
        "SELECT m.telegram_user_id, s.status, s.still_coming FROM signups s JOIN members m ON m.id = s.member_id
         ORDER BY m.telegram_user_id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        statuses,
        [
            (801, "confirmed".to_owned(), Some(true)),
            (802, "cancelled".to_owned(), None),
            (803, "confirmed".to_owned(), None)
        ]
    );
    // The organiser sees who has not answered: the member promoted after the question.
    let list = app.send(&org, &format!("/volunteers {}", event.id)).await;
    let list = &list[0].text;
    assert!(
        list.contains(
            &app.locales
                .text_with(Lang::En, "volunteers-unanswered", &[("count", 1.into())])
        ),
        "{list}"
    );
    assert!(list.contains(&en(&app, "volunteers-coming")), "{list}");
    assert!(list.contains(&en(&app, "volunteers-no-answer")), "{list}");

    // Two hours before: a plain reminder to the confirmed volunteers, once.
    let reminder = app.locales.text_with(
        Lang::En,
        "event-reminder-two-hours",
        &[
            ("title", "Event at +30h".into()),
            ("when", "today, 15:00–18:00".into()),
            ("place", "Central park".into()),
        ],
    );
    app.clock.advance(Duration::hours(21) + Duration::minutes(1));
    app.wait_until("the two-hour reminder arrives", || {
        messages_containing(&app, yes.id, &reminder) == 1
            && messages_containing(&app, waiting.id, &reminder) == 1
    })
    .await;
    app.restart().await;
    app.wait_reminder_pass().await;
    assert_eq!(messages_containing(&app, yes.id, &reminder), 1);
    assert_eq!(messages_containing(&app, no.id, "In two hours"), 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reminders WHERE sent_at IS NOT NULL")
            .await,
        2
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn check_in_within_the_window_attendance_lists_and_volunteer_hours() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let org = app.organiser(900, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(2), Duration::hours(3))
        .await;
    let first = app.member(901, ALMATY, Lang::En).await;
    let second = app.member(902, ALMATY, Lang::En).await;
    let third = app.member(903, ALMATY, Lang::Kk).await;
    for user in [&first, &second, &third] {
        let card = app
            .fake
            .bot_message(user, "card", serde_json::json!({"inline_keyboard": []}));
        app.press_data(user, card, &Callback::Volunteer(event.id).encode())
            .await;
    }
    // The cards' redraws go out at the pacer's slots; let them pass so replies below stand alone.
    app.wait_until("the three cards are redrawn", || {
        app.fake.count_of("editMessageText") >= 3
    })
    .await;
    let title = ("title", event.plan.title.as_str().into());

    // Too early: the window opens an hour before the start.
    let reply = app
        .send(&first, &format!("/checkin {}", event.checkin_code))
        .await;
    let opens = app
        .locales
        .moment(Lang::En, app.clock.unix(), event.plan.starts_at - 3600);
    assert_eq!(
        texts(&reply),
        [app.locales.text_with(
            Lang::En,
            "checkin-too-early",
            &[title.clone(), ("opens", opens.into())]
        )]
    );
    app.clock.advance(Duration::hours(2) + Duration::minutes(30));
    // The QR code's deep link, and the code typed in lower case.
    let reply = app
        .send(&first, &format!("/start chk_{}", event.checkin_code))
        .await;
    assert_eq!(
        texts(&reply),
        [app.locales
            .text_with(Lang::En, "checkin-done", std::slice::from_ref(&title))]
    );
    let reply = app
        .send(&first, &format!("/checkin {}", event.checkin_code.to_lowercase()))
        .await;
    assert_eq!(
        texts(&reply),
        [app.locales
            .text_with(Lang::En, "checkin-already", std::slice::from_ref(&title))]
    );
    let reply = app
        .send(&third, &format!("/checkin {}", event.checkin_code))
        .await;
    assert_eq!(
        texts(&reply),
        [app.locales
            .text_with(Lang::Kk, "checkin-not-signed-up", std::slice::from_ref(&title))]
    );
    let reply = app.send(&first, "/checkin NOPE1234").await;
    assert_eq!(texts(&reply), [en("checkin-unknown-code")]);

    // The organiser marks the second volunteer by hand.
    let list = app.send(&org, &format!("/attendance {}", event.id)).await;
    let labels = list[0].button_labels();
    assert!(labels.contains(&"✅ Member901 Testov".to_owned()), "{labels:?}");
    let before = app.fake.call_count();
    app.press(&org, "⬜ Member902 Testov").await;
    assert_eq!(app.callback_answers_since(before), [en("attendance-marked")]);
    let present = app.count("SELECT COUNT(*) FROM signups WHERE attended = 1").await;
    assert_eq!(present, 2);

    // The list with its CSV, waiting list included.
    app.send(&org, &format!("/volunteers {}", event.id)).await;
    app.press(&org, &en("volunteers-csv")).await;
    let (name, bytes) = app.fake.documents_to(org.id).pop().expect("the CSV");
    assert_eq!(name, format!("event-{}-volunteers.csv", event.id));
    let csv = String::from_utf8(bytes).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(
        rows[1].contains("Member901 Testov") && rows[1].contains(",confirmed,"),
        "{csv}"
    );
    assert!(rows[3].contains(",waiting,1,"), "{csv}");

    // After the end: check-in is closed, and /my counts the hours.
    app.clock.advance(Duration::hours(4));
    let reply = app
        .send(&second, &format!("/checkin {}", event.checkin_code))
        .await;
    assert_eq!(
        texts(&reply),
        [app.locales.text_with(Lang::En, "checkin-over", &[title])]
    );
    let my = app.send(&first, "/my").await;
    assert!(
        my[0].text.contains(&app.locales.text_with(
            Lang::En,
            "my-past",
            &[("events", 1.into()), ("hours", "3".into())]
        )),
        "{}",
        my[0].text
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn check_in_codes_are_64_bits_tell_outsiders_nothing_and_slow_down_guessers() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let org = app.organiser(950, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(5), Duration::hours(3))
        .await;
    // 16 hex digits: 64 bits from SQLite's ChaCha20 generator.
    assert_eq!(event.checkin_code.len(), 16, "{}", event.checkin_code);
    assert!(event.checkin_code.chars().all(|c| c.is_ascii_hexdigit()));
    let volunteer = app.member(951, ALMATY, Lang::En).await;
    let outsider = app.member(952, ALMATY, Lang::En).await;
    let card = app
        .fake
        .bot_message(&volunteer, "card", serde_json::json!({"inline_keyboard": []}));
    app.press_data(&volunteer, card, &Callback::Volunteer(event.id).encode())
        .await;
    // The card's redraw goes out at the pacer's slot; let it pass so replies below stand alone.
    app.wait_until("the card is redrawn", || {
        app.fake.count_of("editMessageText") >= 1
    })
    .await;
    app.clock.advance(Duration::hours(2) + Duration::minutes(30));

    // A real code of an event one is not signed up for says no more than an unknown code.
    let real = app
        .send(&outsider, &format!("/checkin {}", event.checkin_code))
        .await;
    let unknown = app.send(&outsider, "/checkin 0123456789ABCDEF").await;
    assert_eq!(texts(&real), [en("checkin-unknown-code")]);
    assert_eq!(texts(&real), texts(&unknown));

    // Ten wrong codes a minute, then a polite wait: even the right code is not looked at.
    for guess in 0..10 {
        let reply = app.send(&volunteer, &format!("/checkin {guess:016X}")).await;
        assert_eq!(texts(&reply), [en("checkin-unknown-code")], "guess {guess}");
    }
    let reply = app
        .send(&volunteer, &format!("/checkin {}", event.checkin_code))
        .await;
    // The wait counts from the first wrong code; each reply to one chat goes a second apart
    // after a short burst, so up to ten seconds of the minute may have passed.
    let waits: Vec<String> = (45..=60)
        .map(|seconds| {
            app.locales
                .text_with(Lang::En, "checkin-wait", &[("seconds", seconds.into())])
        })
        .collect();
    assert!(waits.contains(&reply[0].text), "{}", reply[0].text);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM signups WHERE attended = 1").await,
        0
    );
    // Somebody else is not held up by it.
    let other = app.send(&outsider, "/checkin 0123456789ABCDEF").await;
    assert_eq!(texts(&other), [en("checkin-unknown-code")]);

    // A minute later the right code checks the volunteer in.
    app.clock.advance(Duration::seconds(61));
    let reply = app
        .send(&volunteer, &format!("/checkin {}", event.checkin_code))
        .await;
    assert_eq!(
        texts(&reply),
        [app.locales.text_with(
            Lang::En,
            "checkin-done",
            &[("title", event.plan.title.as_str().into())]
        )]
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn forgetting_oneself_frees_ones_places_and_mydata_lists_the_sign_ups() {
    let app = TestApp::spawn().await;
    // The event starts two days later: 15 May 2030, 09:00 in Almaty (UTC+5), for three hours.
    app.set_clock("2030-05-13T04:00:00Z");
    let org = app.organiser(1000, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(1), Duration::days(2))
        .await;
    let leaving = app.member(1001, ALMATY, Lang::En).await;
    let waiting = app.member(1002, ALMATY, Lang::En).await;
    for user in [&leaving, &waiting] {
        let card = app
            .fake
            .bot_message(user, "card", serde_json::json!({"inline_keyboard": []}));
        app.press_data(user, card, &Callback::Volunteer(event.id).encode())
            .await;
    }
    app.send(&leaving, "/mydata").await;
    let (_, bytes) = app.fake.documents_to(leaving.id).pop().expect("the export");
    let export: serde_json::Value =
        serde_json::from_str(String::from_utf8(bytes).unwrap().trim_start_matches('\u{feff}')).unwrap();
    assert_eq!(export["event_signups"][0]["title"], event.plan.title.as_str());
    assert_eq!(export["event_signups"][0]["status"], "confirmed");

    app.send(&leaving, "/forget").await;
    app.press(&leaving, &app.text(Lang::En, "forget-yes")).await;
    let promoted = app.locales.text_with(
        Lang::En,
        "event-promoted",
        &[
            ("title", "Event at +48h".into()),
            ("when", "Wednesday 15 May, 09:00–12:00".into()),
            ("place", "Central park".into()),
        ],
    );
    wait_for_text(&app, waiting.id, &promoted).await;
    let counters: (i64, i64) = sqlx::query_as("SELECT taken, waiting FROM events")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(counters, (1, 0));
}

#[tokio::test]
async fn presses_on_a_groups_card_redraw_it_for_everybody_with_the_latest_figures() {
    let app = TestApp::spawn().await;
    // The event starts two days later: 15 May 2030, 09:00 in Almaty (UTC+5), for three hours.
    app.set_clock("2030-05-13T04:00:00Z");
    let en = |key: &str| app.text(Lang::En, key);
    let org = app.organiser(1500, ALMATY, Lang::En).await;
    let coordinator = TgUser::new(1501, "Coordinator", Some("en"));
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    let group = -700;
    let link = app
        .fake
        .group_message(&coordinator, group, "Almaty volunteers", "/linkgroup");
    app.wait_handled(link).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(2), Duration::days(2))
        .await;
    app.wait_until("the group sees the card", || {
        app.fake.find_button(group, &en("event-volunteer")).is_some()
    })
    .await;
    let (card, data) = app.fake.find_button(group, &en("event-volunteer")).unwrap();

    // Six members who read Kazakh press Volunteer on the group's English card at once.
    const PRESSES: i64 = 6;
    let mut pressers = Vec::new();
    for id in 1510..1510 + PRESSES {
        pressers.push(app.member(id, ALMATY, Lang::Kk).await);
    }
    let since = app.fake.call_count();
    let presses: Vec<i64> = pressers
        .iter()
        .map(|user| app.fake.presses_in(user, group, card, &data))
        .collect();
    for update in presses {
        app.wait_handled(update).await;
    }
    let mut pop_ups = app.callback_answers_since(since);
    pop_ups.sort();
    let mut expected: Vec<String> = (1..=PRESSES - 2)
        .map(|position| {
            app.locales
                .text_with(Lang::Kk, "event-waiting", &[("position", position.into())])
        })
        .chain([
            app.text(Lang::Kk, "event-signed-up"),
            app.text(Lang::Kk, "event-signed-up"),
        ])
        .collect();
    expected.sort();
    assert_eq!(pop_ups, expected, "each presser is told in their own language");

    // The card shows everybody the latest figures, still in English and with nobody's own
    // sign-up; the edits waiting in the queue were replaced by the newest one.
    let latest = format!(
        "{}\n{}",
        app.locales.text_with(
            Lang::En,
            "event-card",
            &[
                ("heading", format!("📅 Event at +48h (№{})", event.id).into(),),
                ("description", "Planting trees in the park".into()),
                ("when", "Wednesday 15 May, 09:00–12:00".into()),
                ("place", "Central park".into()),
                ("region", "Almaty".into()),
                ("places", "Places taken: 2 / 2".into()),
                ("deadline", "Wednesday 15 May, 08:00".into()),
            ],
        ),
        app.locales
            .text_with(Lang::En, "event-waiting-count", &[("waiting", 4_i64.into())]),
    );
    app.wait_until("the group's card shows the latest figures", || {
        app.fake
            .sent_to(group)
            .iter()
            .any(|sent| sent.method == "editMessageText" && sent.text == latest)
    })
    .await;
    app.queue_idle().await;
    let edits: Vec<_> = app
        .fake
        .sent_to(group)
        .into_iter()
        .filter(|sent| sent.method == "editMessageText")
        .collect();
    // One message a second to a chat: the presses handled within a second of each other share
    // one edit.
    assert!(
        (edits.len() as i64) < PRESSES,
        "{} edits for {PRESSES} presses",
        edits.len()
    );
    let last = edits.last().unwrap();
    assert_eq!(last.message_id, Some(card));
    assert_eq!(last.text, latest);
    // Full: the button says it joins the waiting list.
    assert_eq!(
        last.button_labels(),
        [
            "⏳ Join the waiting list (4 waiting)".to_owned(),
            en("event-calendar")
        ]
    );
    app.assert_no_api_errors();
}

/// Telegram allows a group 20 messages a minute and answers 429 beyond: 60 members pressing a
/// group's card within a minute, against a fake enforcing Telegram's limits, cost the group no
/// 429, and the card ends with the final figures.
#[tokio::test]
async fn sixty_presses_on_a_groups_card_within_a_minute_stay_within_the_groups_limit() {
    let app = TestApp::spawn_strict(&[]).await;
    let en = |key: &str| app.text(Lang::En, key);
    let org = app.organiser(1600, ALMATY, Lang::En).await;
    let coordinator = TgUser::new(1601, "Coordinator", Some("en"));
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    let group = -800;
    let link = app
        .fake
        .group_message(&coordinator, group, "Almaty volunteers", "/linkgroup");
    app.wait_handled(link).await;
    const CAPACITY: i64 = 10;
    const PRESSES: i64 = 60;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(CAPACITY), Duration::days(2))
        .await;
    app.wait_until("the group sees the card", || {
        app.fake.find_button(group, &en("event-volunteer")).is_some()
    })
    .await;
    let (card, data) = app.fake.find_button(group, &en("event-volunteer")).unwrap();
    let mut pressers = Vec::new();
    for id in 1610..1610 + PRESSES {
        pressers.push(app.member(id, ALMATY, Lang::En).await);
    }

    // One press every 700 ms: 60 presses in 42 s.
    let started = std::time::Instant::now();
    let mut presses = Vec::new();
    for user in &pressers {
        presses.push(app.fake.presses_in(user, group, card, &data));
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    for update in presses {
        app.wait_handled(update).await;
    }
    let confirmed = app
        .count(&format!(
            "SELECT COUNT(*) FROM signups WHERE event_id = {} AND status = 'confirmed'",
            event.id
        ))
        .await;
    let waiting = app
        .count(&format!(
            "SELECT COUNT(*) FROM signups WHERE event_id = {} AND status = 'waiting'",
            event.id
        ))
        .await;
    assert_eq!((confirmed, waiting), (CAPACITY, PRESSES - CAPACITY));

    // The card ends with the final figures, read from the locale, not drawn by the bot's code.
    let taken = app.locales.text_with(
        Lang::En,
        "event-places-limited",
        &[("taken", CAPACITY.into()), ("capacity", CAPACITY.into())],
    );
    let in_line = app.locales.text_with(
        Lang::En,
        "event-waiting-count",
        &[("waiting", (PRESSES - CAPACITY).into())],
    );
    let final_card = || {
        app.fake
            .sent_to(group)
            .into_iter()
            .rfind(|sent| sent.method == "editMessageText" && sent.message_id == Some(card))
            .filter(|sent| sent.text.contains(&taken) && sent.text.contains(&in_line))
    };
    // The group's 20 a minute may hold the last redraw for up to a minute after the first.
    let waited = std::time::Instant::now();
    while final_card().is_none() {
        assert!(
            waited.elapsed() < std::time::Duration::from_secs(90),
            "the group's card never showed the final figures; its last edit: {:?}; 429s: {:?}",
            app.fake
                .sent_to(group)
                .into_iter()
                .rfind(|sent| sent.method == "editMessageText")
                .map(|sent| sent.text),
            app.fake.violations()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    app.queue_idle().await;
    let last = app
        .fake
        .sent_to(group)
        .into_iter()
        .rfind(|sent| sent.method == "editMessageText" && sent.message_id == Some(card))
        .unwrap();
    assert!(
        last.text.contains(&taken) && last.text.contains(&in_line),
        "{}",
        last.text
    );
    assert_eq!(
        last.button_labels(),
        [
            app.locales.text_with(
                Lang::En,
                "event-join-waiting-count",
                &[("waiting", (PRESSES - CAPACITY).into())]
            ),
            en("event-calendar")
        ]
    );
    let to_group: Vec<String> = app
        .fake
        .violations()
        .into_iter()
        .filter(|v| v.starts_with(&format!("chat Some({group})")))
        .collect();
    assert!(to_group.is_empty(), "429s for the group: {to_group:?}");
    assert_eq!(app.fake.limit_violations(), 0, "{:?}", app.fake.violations());
    app.assert_no_api_errors();
}

/// A group's card shows the event's figures, whichever card people press: sign-ups made in
/// private chats and a cancel there redraw it too, in the language it was published in, and it
/// ends on the event's final figures.
#[tokio::test]
async fn a_groups_card_follows_sign_ups_and_cancels_made_in_private_chats() {
    let app = TestApp::spawn().await;
    let org = app.organiser(1700, ALMATY, Lang::En).await;
    let coordinator = TgUser::new(1701, "Coordinator", Some("en"));
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    let group = -900;
    let link = app
        .fake
        .group_message(&coordinator, group, "Almaty volunteers", "/linkgroup");
    app.wait_handled(link).await;
    let mut members = Vec::new();
    for id in 1710..1713 {
        members.push(app.member(id, ALMATY, Lang::Ru).await);
    }
    const CAPACITY: i64 = 2;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(CAPACITY), Duration::days(2))
        .await;
    app.queue_idle().await;
    let (card, _) = app
        .fake
        .find_button(group, &app.text(Lang::En, "event-volunteer"))
        .expect("the group sees the card");
    let group_card = || {
        app.fake
            .sent_to(group)
            .into_iter()
            .rfind(|sent| sent.method == "editMessageText" && sent.message_id == Some(card))
    };
    let taken = |taken: i64| {
        app.locales.text_with(
            Lang::En,
            "event-places-limited",
            &[("taken", taken.into()), ("capacity", CAPACITY.into())],
        )
    };
    let in_line = |waiting: i64| {
        app.locales
            .text_with(Lang::En, "event-waiting-count", &[("waiting", waiting.into())])
    };

    // Three members who read Russian press Volunteer on their own cards, none on the group's.
    for member in &members {
        app.press(member, &app.text(Lang::Ru, "event-volunteer")).await;
    }
    app.queue_idle().await;
    let after_sign_ups = group_card().expect("the group's card is redrawn");
    assert!(
        after_sign_ups.text.contains(&taken(CAPACITY)) && after_sign_ups.text.contains(&in_line(1)),
        "the group's card shows the event's figures, in English: {}",
        after_sign_ups.text
    );
    assert_eq!(
        after_sign_ups.button_labels(),
        [
            app.locales
                .text_with(Lang::En, "event-join-waiting-count", &[("waiting", 1_i64.into())]),
            app.text(Lang::En, "event-calendar")
        ],
        "nobody's own sign-up on the group's card"
    );

    // The first cancels in their chat: the one waiting takes the place, the group sees no line.
    app.press(&members[0], &app.text(Lang::Ru, "event-unvolunteer"))
        .await;
    app.queue_idle().await;
    let after_cancel = group_card().unwrap();
    assert!(
        after_cancel.text.contains(&taken(CAPACITY)) && !after_cancel.text.contains(&in_line(1)),
        "{}",
        after_cancel.text
    );
    let confirmed = app
        .count(&format!(
            "SELECT COUNT(*) FROM signups WHERE event_id = {} AND status = 'confirmed'",
            event.id
        ))
        .await;
    assert_eq!(confirmed, CAPACITY);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn organisers_writing_kazakh_or_russian_create_and_run_events_in_their_language() {
    let app = TestApp::spawn().await;
    let kk = |key: &str| app.text(Lang::Kk, key);
    let ru = |key: &str| app.text(Lang::Ru, key);
    let org_kk = TgUser::new(110, "Ұйымдастырушы", Some("kk"));
    app.seed_member(&org_kk, ALMATY, Lang::Kk).await;
    app.seed_role(&org_kk, StaffRole::regional(Role::Organiser, ALMATY))
        .await;
    let org_ru = TgUser::new(111, "Организатор", Some("ru"));
    app.seed_member(&org_ru, ALMATY, Lang::Ru).await;
    app.seed_role(&org_ru, StaffRole::regional(Role::Organiser, ALMATY))
        .await;
    let volunteer = app.member(112, ALMATY, Lang::Ru).await;

    // /newevent in Kazakh: every question, every refusal.
    assert_eq!(
        texts(&app.send(&org_kk, "/newevent").await),
        [kk("event-ask-title")]
    );
    let reply = app.send(&org_kk, "Ағаш отырғызу").await;
    assert_eq!(texts(&reply), [kk("event-ask-description")]);
    let reply = app.send(&org_kk, "Орталық саябаққа ағаш отырғызамыз").await;
    assert_eq!(texts(&reply), [kk("event-ask-start")]);
    let reply = app.send(&org_kk, "ертең").await;
    assert_eq!(
        texts(&reply),
        [kk("event-error-time-format"), kk("event-ask-start")]
    );
    let start = (app.clock.now() + Duration::days(3)).timestamp() / 3600 * 3600;
    let reply = app.send(&org_kk, &format_time(start)).await;
    assert_eq!(texts(&reply), [kk("event-ask-end")]);
    let reply = app.send(&org_kk, "3 сағ").await;
    assert_eq!(texts(&reply), [kk("event-ask-place")]);
    let reply = app.send(&org_kk, "Орталық саябақ").await;
    assert_eq!(texts(&reply), [kk("event-ask-capacity")]);
    let reply = app.send(&org_kk, "көп").await;
    assert_eq!(texts(&reply)[0], kk("event-error-capacity"));
    let reply = app.send(&org_kk, "1").await;
    assert_eq!(texts(&reply), [kk("event-ask-deadline")]);
    let preview = app.press(&org_kk, &kk("event-deadline-at-start")).await;
    let card = &preview.last().unwrap().text;
    let places = app.locales.text_with(
        Lang::Kk,
        "event-places-limited",
        &[("taken", 0.into()), ("capacity", 1.into())],
    );
    assert!(card.contains(&places), "{card}");
    // The preview shows what members will get: the event has no number before it is published.
    assert!(card.contains(":\n\n📅 Ағаш отырғызу\nОрталық саябаққа"), "{card}");
    assert!(!card.contains('№'), "{card}");
    let preview_id = preview.last().unwrap().message_id.unwrap();
    let published = app.press(&org_kk, &kk("event-publish")).await;
    // The pressed button is echoed as a plain choice: "✓ Жариялау", not "✓ ✅ Жариялау".
    let (settled, _) = app.fake.shown(org_kk.id, preview_id).unwrap();
    assert!(settled.ends_with("\n\n✓ Жариялау"), "{settled}");
    let id = app.count("SELECT id FROM events").await;
    let told = |recipients: i64| {
        app.locales.text_with(
            Lang::Kk,
            "event-published",
            &[("id", id.into()), ("count", recipients.into())],
        )
    };
    assert!(
        published.iter().any(|s| (1..=5).any(|n| s.text == told(n))),
        "{:?}",
        texts(&published)
    );

    // A Russian-speaking member signs up from the announcement, in Russian.
    app.wait_until("the announcement arrives", || {
        app.fake
            .find_button(volunteer.id, &ru("event-volunteer"))
            .is_some()
    })
    .await;
    let before = app.fake.call_count();
    app.press(&volunteer, &ru("event-volunteer")).await;
    assert_eq!(app.callback_answers_since(before), [ru("event-signed-up")]);

    // A Russian-speaking organiser of the region runs the lists in Russian.
    let list = app.send(&org_ru, &format!("/volunteers {id}")).await;
    let list = &list[0].text;
    assert!(list.contains("Member112 Testov"), "{list}");
    assert!(list.contains(&ru("volunteers-confirmed")), "{list}");
    let attendance = app.send(&org_ru, &format!("/attendance {id}")).await;
    let labels = attendance[0].button_labels();
    assert!(labels.contains(&"⬜ Member112 Testov".to_owned()), "{labels:?}");
    let before = app.fake.call_count();
    app.press(&org_ru, "⬜ Member112 Testov").await;
    assert_eq!(app.callback_answers_since(before), [ru("attendance-marked")]);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_press_keeps_the_members_username_wakes_a_blocked_member_and_asks_strangers_to_register() {
    let app = TestApp::spawn().await;
    let org = app.organiser(1200, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(5), Duration::days(2))
        .await;
    let volunteer = app.member(1201, ALMATY, Lang::Ru).await;
    // Since they last wrote, they blocked the bot once and changed their @username.
    sqlx::query("UPDATE members SET status = 'blocked', username = 'old_name' WHERE telegram_user_id = ?")
        .bind(volunteer.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let data = Callback::Volunteer(event.id).encode();
    let card = app
        .fake
        .bot_message(&volunteer, "card", serde_json::json!({"inline_keyboard": []}));
    let since = app.fake.call_count();
    app.press_data(&volunteer, card, &data).await;
    assert_eq!(
        app.callback_answers_since(since),
        [app.text(Lang::Ru, "event-signed-up")]
    );
    let (status, username): (String, Option<String>) =
        sqlx::query_as("SELECT status, username FROM members WHERE telegram_user_id = ?")
            .bind(volunteer.id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (status.as_str(), username),
        ("active", volunteer.username.clone())
    );

    // Somebody who has not registered is asked to, in the language they picked at /start
    // (Kazakh), not their Telegram's (English); nothing is signed up.
    let stranger = TgUser::new(1202, "Stranger", Some("en"));
    app.send(&stranger, "/start").await;
    let (language_message, kazakh) = app
        .fake
        .find_button(stranger.id, "Қазақша")
        .expect("the language keyboard");
    app.press_data(&stranger, language_message, &kazakh).await;
    let card = app
        .fake
        .bot_message(&stranger, "card", serde_json::json!({"inline_keyboard": []}));
    let since = app.fake.call_count();
    app.press_data(&stranger, card, &data).await;
    assert_eq!(
        app.callback_answers_since(since),
        [app.text(Lang::Kk, "event-register-first")]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM signups").await, 1);
}

#[tokio::test]
async fn a_cards_redraw_refused_with_429_then_cut_off_is_drawn_once_telegram_takes_it() {
    use crate::support::fake_api::Fault;
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let org = app.organiser(1300, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(5), Duration::days(2))
        .await;
    let volunteer = app.member(1301, ALMATY, Lang::En).await;
    app.fake
        .fail_next("editMessageText", Fault::TooManyRequests { retry_after: 1 });
    app.fake.fail_next("editMessageText", Fault::Disconnect);
    let card = app
        .fake
        .bot_message(&volunteer, "card", serde_json::json!({"inline_keyboard": []}));
    let since = app.fake.call_count();
    app.press_data(&volunteer, card, &Callback::Volunteer(event.id).encode())
        .await;
    assert_eq!(app.callback_answers_since(since), [en("event-signed-up")]);
    app.wait_until("the card is redrawn", || {
        app.fake
            .find_button(volunteer.id, &en("event-unvolunteer"))
            .is_some()
    })
    .await;
    // Another member's press is redrawn after it: the painter takes cards in turn, so a try
    // of the first card still waiting would have gone out before.
    let other = app.member(1302, ALMATY, Lang::En).await;
    let other_card = app
        .fake
        .bot_message(&other, "card", serde_json::json!({"inline_keyboard": []}));
    app.press_data(&other, other_card, &Callback::Volunteer(event.id).encode())
        .await;
    app.wait_until("the later card is redrawn", || {
        app.fake.find_button(other.id, &en("event-unvolunteer")).is_some()
    })
    .await;
    // Refused, cut off, then drawn: three tries of the one redraw, and nothing after.
    let tries_of = |message_id: i64| {
        app.fake
            .calls()
            .iter()
            .filter(|call| call.method == "editMessageText" && call.params["message_id"] == message_id)
            .count()
    };
    assert_eq!((tries_of(card), tries_of(other_card)), (3, 1));
}

/// The card `user` sees now: the newest message with buttons in their chat showing `title`.
fn card_of(app: &TestApp, user: &TgUser, title: &str) -> (i64, String, Vec<Vec<String>>) {
    let id = app
        .fake
        .sent_to(user.id)
        .into_iter()
        .filter(|s| s.method == "sendMessage" && s.text.contains(title) && !s.buttons().is_empty())
        .filter_map(|s| s.message_id)
        .next_back()
        .unwrap_or_else(|| panic!("no card of {title:?} in {}'s chat", user.id));
    let (text, rows) = app.fake.shown(user.id, id).unwrap();
    (id, text, rows)
}

fn lang_of(i: i64) -> Lang {
    [Lang::En, Lang::Ru, Lang::Kk][(i % 3) as usize]
}

#[tokio::test]
async fn a_cancel_redraws_every_card_of_the_event_with_the_promotion_and_the_new_places_in_line() {
    let app = TestApp::spawn().await;
    let org = app.organiser(1400, ALMATY, Lang::En).await;
    let mut people = Vec::new();
    for i in 0..12 {
        people.push(app.member(1401 + i, ALMATY, lang_of(i)).await);
    }
    let event = app
        .seed_event(&org, Some(ALMATY), Some(5), Duration::days(2))
        .await;
    app.queue_idle().await;
    // Twelve volunteer for five places, each on the announcement in their language.
    for (i, user) in people.iter().enumerate() {
        app.press(user, &app.text(lang_of(i as i64), "event-volunteer"))
            .await;
    }
    let text = |i: usize, key: &str, args: &[(&str, i64)]| {
        let args: Vec<_> = args.iter().map(|(k, v)| (*k, (*v).into())).collect();
        app.locales.text_with(lang_of(i as i64), key, &args)
    };
    // The last one waits seventh in line, and their card says so.
    app.wait_until("the last card shows the seventh place in line", || {
        card_of(&app, &people[11], &event.plan.title).1.contains(&text(
            11,
            "event-mine-waiting",
            &[("position", 7)],
        ))
    })
    .await;
    // Every press's card is redrawn (the presses were handled in any order).
    app.queue_idle().await;

    // The first cancels: the sixth, first in line, gets the place.
    let (message_id, data) = app
        .fake
        .find_button(people[0].id, &app.text(Lang::En, "event-unvolunteer"))
        .unwrap();
    let cancel = app.fake.user_presses(&people[0], message_id, &data);
    app.wait_handled(cancel).await;
    let promoted = app.locales.text(lang_of(5), "event-promoted");
    let good_news = promoted.lines().next().unwrap().to_owned();
    wait_for_text(&app, people[5].id, &good_news).await;
    let taken = |i: usize| text(i, "event-places-limited", &[("taken", 5), ("capacity", 5)]);
    app.wait_until("every card of the event shows the newest state", || {
        let promoted_card = card_of(&app, &people[5], &event.plan.title).1;
        let waiting_ok = (6..12).all(|i| {
            let (_, card, _) = card_of(&app, &people[i], &event.plan.title);
            card.contains(&text(i, "event-mine-waiting", &[("position", i as i64 - 5)]))
                && card.contains(&text(i, "event-waiting-count", &[("waiting", 6)]))
        });
        promoted_card.contains(&text(5, "event-mine-confirmed", &[])) && waiting_ok
    })
    .await;

    // The cancel's own card, the pressed one, is redrawn too: wait for every redraw asked for.
    app.queue_idle().await;
    // The promoted member's card: confirmed, no waiting place, the cancel button.
    let (_, card, rows) = card_of(&app, &people[5], &event.plan.title);
    assert!(card.contains(&taken(5)), "{card}");
    assert!(
        !card.contains(&text(5, "event-mine-waiting", &[("position", 1)])),
        "{card}"
    );
    assert_eq!(
        rows,
        [
            vec![text(5, "event-unvolunteer", &[])],
            vec![text(5, "event-calendar", &[])]
        ]
    );
    // Those still waiting moved up one place each (Russian, Kazakh and English cards alike).
    for (i, person) in people.iter().enumerate().skip(6) {
        let (_, card, rows) = card_of(&app, person, &event.plan.title);
        assert!(card.contains(&taken(i)), "{card}");
        assert!(
            card.ends_with(&text(i, "event-mine-waiting", &[("position", i as i64 - 5)])),
            "{card}"
        );
        assert_eq!(rows[0], [text(i, "event-unvolunteer", &[])]);
    }
    // The one who cancelled sees a full event: the button joins the waiting list, with how many wait.
    let (_, card, rows) = card_of(&app, &people[0], &event.plan.title);
    assert!(!card.contains(&text(0, "event-mine-confirmed", &[])), "{card}");
    assert_eq!(rows[0], [text(0, "event-join-waiting-count", &[("waiting", 6)])]);
    assert_eq!(rows[0], ["⏳ Join the waiting list (6 waiting)"]);
    // A confirmed volunteer's card shows the same figures.
    let (_, card, _) = card_of(&app, &people[1], &event.plan.title);
    assert!(
        card.contains(&taken(1)) && card.contains(&text(1, "event-waiting-count", &[("waiting", 6)])),
        "{card}"
    );

    // The same cancel delivered again redraws nothing and promotes nobody.
    app.queue_idle().await;
    let edits = app.fake.count_of("editMessageText");
    app.fake.redeliver(cancel);
    // Updates of one chat are handled in order: once /help is answered, the copy was skipped.
    app.send(&people[0], "/help").await;
    app.queue_idle().await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM signups WHERE status = 'confirmed'")
            .await,
        5
    );
    assert_eq!(app.fake.count_of("editMessageText"), edits);
    assert_eq!(messages_containing(&app, people[5].id, &good_news), 1);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_full_event_offers_the_waiting_list_and_a_closed_one_says_why_with_nothing_to_refuse() {
    let app = TestApp::spawn().await;
    let org = app.organiser(1500, ALMATY, Lang::En).await;
    let kk = app.member(1501, ALMATY, Lang::Kk).await;
    let ru = app.member(1502, ALMATY, Lang::Ru).await;
    let ru_late = app.member(1503, ALMATY, Lang::Ru).await;
    let event = app
        .seed_event(&org, Some(ALMATY), Some(1), Duration::hours(10))
        .await;
    app.queue_idle().await;
    app.press(&kk, "🙋 Ерікті ретінде жазылу").await;

    // Full: the button says it joins the waiting list, in the reader's language.
    let shown = app.send(&ru, "/events").await;
    assert_eq!(
        shown[0].buttons(),
        [
            vec!["⏳ Встать в лист ожидания".to_owned()],
            vec!["📅 Добавить в календарь".to_owned()]
        ]
    );
    app.press(&ru, "⏳ Встать в лист ожидания").await;
    let shown = app.send(&ru_late, "/events").await;
    assert_eq!(shown[0].buttons()[0], ["⏳ Встать в лист ожидания (ждут: 1)"]);
    assert!(shown[0].text.contains("В листе ожидания: 1"), "{}", shown[0].text);

    // Past the deadline the card says why and offers no sign-up; a member signed up may still
    // cancel until the start.
    app.clock.advance(Duration::hours(9) + Duration::minutes(1));
    let shown = app.send(&ru_late, "/events").await;
    assert!(
        shown[0]
            .text
            .ends_with("🔒 Запись на это мероприятие закрыта: срок истёк."),
        "{}",
        shown[0].text
    );
    assert_eq!(shown[0].buttons(), [vec!["📅 Добавить в календарь".to_owned()]]);
    let shown = app.send(&kk, "/events").await;
    assert!(
        shown[0]
            .text
            .contains("🔒 Бұл іс-шараға жазылу жабық: мерзімі өтті."),
        "{}",
        shown[0].text
    );
    assert_eq!(
        shown[0].buttons(),
        [
            vec!["Жазылудан бас тарту".to_owned()],
            vec!["📅 Күнтізбеге қосу".to_owned()]
        ]
    );

    // Cancelled: every card of the event says so and keeps no button at all.
    app.send(&org, &format!("/cancelevent {}", event.id)).await;
    app.press(&org, &app.text(Lang::En, "event-cancel-yes")).await;
    for (user, cancelled) in [
        (&kk, "❌ Бұл іс-шара болдырылмады."),
        (&ru, "❌ Это мероприятие отменено."),
        (&ru_late, "❌ Это мероприятие отменено."),
    ] {
        app.wait_until("every card shows the cancellation", || {
            app.fake
                .sent_to(user.id)
                .iter()
                .filter(|s| s.method == "sendMessage" && s.text.starts_with("📅 "))
                .filter_map(|s| app.fake.shown(user.id, s.message_id.unwrap()))
                .all(|(text, buttons)| text.contains(cancelled) && buttons.is_empty())
        })
        .await;
    }
    app.assert_no_api_errors();
}
