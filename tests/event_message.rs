//! `/message`: an event's staff write to its confirmed volunteers, its waiting list or those
//! marked present, through the broadcast flow (versions, preview, queue, report), and reach
//! nobody else.

use std::time::Duration;

use crate::support::app::texts;
use crate::support::fake_api::copies_per_chat;
use crate::support::{TestApp, TgUser};
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;
use chrono::Duration as Span;

const ALMATY: &str = "KZ-75";
const ASTANA: &str = "KZ-71";

/// Who got a copy of a message the organiser wrote (not the organiser's own preview).
fn reached(app: &TestApp, organiser: &TgUser) -> Vec<i64> {
    let mut chats: Vec<i64> = copies_per_chat(&app.fake.calls(), organiser.id)
        .into_keys()
        .collect();
    chats.sort();
    chats
}

#[tokio::test]
async fn an_organiser_writing_kazakh_reaches_the_confirmed_volunteers_and_nobody_else() {
    let app = TestApp::spawn().await;
    let kk = |key: &str| app.text(Lang::Kk, key);
    let organiser = app.organiser(3000, ALMATY, Lang::Kk).await;
    let coordinator = TgUser::new(3001, "Coordinator", Some("en"));
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    let group = -3000;
    let link = app
        .fake
        .group_message(&coordinator, group, "Almaty volunteers", "/linkgroup");
    app.wait_handled(link).await;
    // Two confirmed (Kazakh and English), one waiting (Russian), one who did not sign up.
    let confirmed_kk = app.member(3010, ALMATY, Lang::Kk).await;
    let confirmed_en = app.member(3011, ALMATY, Lang::En).await;
    let waiting_ru = app.member(3012, ALMATY, Lang::Ru).await;
    let bystander = app.member(3013, ALMATY, Lang::Kk).await;
    let event = app
        .seed_event(&organiser, Some(ALMATY), Some(2), Span::days(2))
        .await;
    app.queue_idle().await;
    for (member, lang) in [
        (&confirmed_kk, Lang::Kk),
        (&confirmed_en, Lang::En),
        (&waiting_ru, Lang::Ru),
    ] {
        app.press(member, &app.text(lang, "event-volunteer")).await;
    }
    app.queue_idle().await;
    let copies_before = reached(&app, &organiser);

    // From /volunteers: whom to write to, each choice with its count.
    app.send(&organiser, &format!("/volunteers {}", event.id)).await;
    let whom = app.press(&organiser, &kk("volunteers-message")).await;
    let title = ("title", event.plan.title.as_str().into());
    let whom = whom
        .iter()
        .find(|sent| {
            sent.text
                == app
                    .locales
                    .text_with(Lang::Kk, "event-message-whom", std::slice::from_ref(&title))
        })
        .expect("the question whom to write to");
    assert_eq!(
        whom.button_labels(),
        [
            app.locales
                .text_with(Lang::Kk, "event-message-to-confirmed", &[("count", 2.into())]),
            app.locales
                .text_with(Lang::Kk, "event-message-to-waiting", &[("count", 1.into())]),
        ],
        "nobody is marked present yet, so there is no such choice"
    );
    let confirmed_button =
        app.locales
            .text_with(Lang::Kk, "event-message-to-confirmed", &[("count", 2.into())]);
    let asked = app.press(&organiser, &confirmed_button).await;
    assert!(
        texts(&asked).contains(&kk("broadcast-send-message").as_str()),
        "{:?}",
        texts(&asked)
    );
    let written = app
        .fake
        .user_message(&organiser, "3-қақпада кездесеміз, қолғап алып келіңіз");
    app.wait_handled(written).await;
    app.press(&organiser, "Қазақша").await;
    app.press(&organiser, &kk("broadcast-preview")).await;
    let summary = app
        .fake
        .sent_to(organiser.id)
        .into_iter()
        .rev()
        .find(|sent| sent.text.starts_with("Алушылар"))
        .expect("the preview's summary");
    let audience = app.locales.text_with(
        Lang::Kk,
        "event-message-audience-confirmed",
        std::slice::from_ref(&title),
    );
    assert!(summary.text.contains(&audience), "{}", summary.text);
    let send = app
        .locales
        .text_with(Lang::Kk, "broadcast-send", &[("count", 2.into())]);
    assert!(
        summary.button_labels().contains(&send),
        "{:?}",
        summary.button_labels()
    );
    app.press(&organiser, &send).await;
    app.wait_broadcasts_finished(Duration::from_secs(30)).await;
    app.queue_idle().await;

    // Exactly the two confirmed got it: not the one waiting, not the bystander, not the group.
    let mut now_reached: Vec<i64> = reached(&app, &organiser)
        .into_iter()
        .filter(|chat| !copies_before.contains(chat))
        .collect();
    now_reached.sort();
    assert_eq!(now_reached, [confirmed_kk.id, confirmed_en.id]);
    assert!(!now_reached.contains(&waiting_ru.id) && !now_reached.contains(&bystander.id));
    assert!(!now_reached.contains(&group));
    let audited = app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'event_message_sent' AND actor_user_id = {}
                 AND json_extract(details, '$.event_id') = {} AND json_extract(details, '$.recipients') = 2",
            organiser.id, event.id
        ))
        .await;
    assert_eq!(audited, 1, "the message is in the audit log");
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_russian_organiser_writes_to_the_waiting_list_and_other_regions_staff_cannot() {
    let app = TestApp::spawn().await;
    let ru = |key: &str| app.text(Lang::Ru, key);
    let organiser = app.organiser(3100, ALMATY, Lang::Ru).await;
    let outsider = app.organiser(3101, ASTANA, Lang::En).await;
    let member = app.member(3102, ALMATY, Lang::En).await;
    let first = app.member(3110, ALMATY, Lang::Ru).await;
    let waiting = app.member(3111, ALMATY, Lang::Kk).await;
    let event = app
        .seed_event(&organiser, Some(ALMATY), Some(1), Span::days(2))
        .await;
    app.queue_idle().await;
    app.press(&first, &app.text(Lang::Ru, "event-volunteer")).await;
    app.press(&waiting, &app.text(Lang::Kk, "event-volunteer")).await;
    app.queue_idle().await;
    let copies_before = reached(&app, &organiser);

    // Another region's organiser: the same answer as for an event that does not exist, and a
    // forged choice of audience is refused with nothing started.
    let refused = app.send(&outsider, &format!("/message {}", event.id)).await;
    assert_eq!(texts(&refused), [app.text(Lang::En, "event-not-found")]);
    let forged = app.fake.bot_message(&outsider, "A card", serde_json::json!(null));
    let press = app
        .fake
        .user_presses(&outsider, forged, &format!("ea:{}:confirmed", event.id));
    app.wait_handled(press).await;
    let dialogues = app
        .count(&format!(
            "SELECT COUNT(*) FROM dialogues WHERE chat_id = {}",
            outsider.id
        ))
        .await;
    assert_eq!(dialogues, 0, "no message is being composed");
    // A member is not staff at all.
    let member_answer = app.send(&member, "/message").await;
    assert_eq!(texts(&member_answer), [app.text(Lang::En, "not-allowed")]);

    // /message without a number offers the organiser's events, then whom.
    app.send(&organiser, "/message").await;
    let pick = app
        .fake
        .visible_buttons(organiser.id)
        .into_iter()
        .find(|label| label.starts_with(&format!("#{} ", event.id)))
        .expect("the event among the organiser's");
    app.press(&organiser, &pick).await;
    let to_waiting = app
        .locales
        .text_with(Lang::Ru, "event-message-to-waiting", &[("count", 1.into())]);
    app.press(&organiser, &to_waiting).await;
    let written = app
        .fake
        .user_message(&organiser, "Если освободится место, мы напишем");
    app.wait_handled(written).await;
    app.press(&organiser, "Русский").await;
    app.press(&organiser, &ru("broadcast-preview")).await;
    let send = app
        .locales
        .text_with(Lang::Ru, "broadcast-send", &[("count", 1.into())]);
    app.press(&organiser, &send).await;
    app.wait_broadcasts_finished(Duration::from_secs(30)).await;
    app.queue_idle().await;
    let now_reached: Vec<i64> = reached(&app, &organiser)
        .into_iter()
        .filter(|chat| !copies_before.contains(chat))
        .collect();
    assert_eq!(now_reached, [waiting.id], "only the one on the waiting list");
    // The organiser's status message ends as the report: one recipient, delivered.
    let id = app.count("SELECT MAX(id) FROM broadcasts").await;
    let reported = format!("Рассылка №{id} завершена, получателей: 1.\nДоставлено: 1\n");
    app.wait_until("the report", || {
        app.fake
            .sent_to(organiser.id)
            .iter()
            .any(|sent| sent.text.starts_with(&reported))
    })
    .await;
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_volunteer_who_erased_their_data_is_written_to_no_more() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let organiser = app.organiser(3200, ALMATY, Lang::En).await;
    let staying = app.member(3210, ALMATY, Lang::En).await;
    let leaving = app.member(3211, ALMATY, Lang::En).await;
    let event = app
        .seed_event(&organiser, Some(ALMATY), Some(5), Span::days(2))
        .await;
    app.queue_idle().await;
    for member in [&staying, &leaving] {
        app.press(member, &en("event-volunteer")).await;
    }
    app.send(&leaving, "/forget").await;
    app.press(&leaving, &en("forget-yes")).await;
    app.queue_idle().await;
    let copies_before = reached(&app, &organiser);

    app.send(&organiser, &format!("/message {}", event.id)).await;
    let one = app
        .locales
        .text_with(Lang::En, "event-message-to-confirmed", &[("count", 1.into())]);
    assert!(
        app.fake.visible_buttons(organiser.id).contains(&one),
        "the erased volunteer is not counted: {:?}",
        app.fake.visible_buttons(organiser.id)
    );
    app.press(&organiser, &one).await;
    let written = app.fake.user_message(&organiser, "Bring gloves");
    app.wait_handled(written).await;
    app.press(&organiser, "English").await;
    app.press(&organiser, &en("broadcast-preview")).await;
    let send = app
        .locales
        .text_with(Lang::En, "broadcast-send", &[("count", 1.into())]);
    app.press(&organiser, &send).await;
    app.wait_broadcasts_finished(Duration::from_secs(30)).await;
    let now_reached: Vec<i64> = reached(&app, &organiser)
        .into_iter()
        .filter(|chat| !copies_before.contains(chat))
        .collect();
    assert_eq!(now_reached, [staying.id]);
    app.assert_no_api_errors();
}
