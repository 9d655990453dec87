//! People a headquarters imported who have not joined yet: `/pending` for the staff of their
//! region (activation per wing, the list a page at a time, removing one), nothing of them for
//! anybody else, their expiry after `PENDING_DAYS`, and activation in `/stats`, where they are
//! never counted as members, nor reached by a broadcast.

use std::time::Duration;

use birlik::db::pending::{self, Pending};
use birlik::db::wings;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;
use serde_json::json;

use crate::support::app::texts;
use crate::support::{TestApp, TgUser};

const ALMATY: &str = "KZ-75";
const ASTANA: &str = "KZ-71";

/// Almaty: 23 people pending in the Korean youth wing, 2 in the Tatar youth wing where a third
/// has joined through their link. Astana: 4 pending in its Uzbek youth wing.
struct Movement {
    korean: i64,
    korean_people: Vec<Pending>,
    astana_people: Vec<Pending>,
}

async fn movement(app: &TestApp) -> Movement {
    let korean = wings::insert(&app.pool, ALMATY, "Korean youth", 0)
        .await
        .unwrap()
        .id;
    let tatar = wings::insert(&app.pool, ALMATY, "Tatar youth", 0)
        .await
        .unwrap()
        .id;
    let astana_wing = wings::insert(&app.pool, ASTANA, "Uzbek youth", 0)
        .await
        .unwrap()
        .id;
    let names: Vec<String> = (1..=23).map(|n| format!("Person {n:02}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let korean_people = app.seed_pending(ALMATY, korean, &names).await;
    let tatar_people = app
        .seed_pending(ALMATY, tatar, &["Tatar One", "Tatar Three", "Tatar Two"])
        .await;
    let joined = TgUser::new(300, "Joined", Some("en"));
    app.seed_activated(&joined, ALMATY, &tatar_people[0]).await;
    let astana_people = app
        .seed_pending(
            ASTANA,
            astana_wing,
            &["Astana Alpha", "Astana Beta", "Astana Delta", "Astana Gamma"],
        )
        .await;
    Movement {
        korean,
        korean_people,
        astana_people,
    }
}

async fn staff(app: &TestApp, id: i64, region: &str, role: StaffRole) -> TgUser {
    let user = TgUser::new(id, "Staff", Some("en"));
    app.seed_member(&user, region, Lang::En).await;
    app.seed_role(&user, role).await;
    user
}

async fn pending_count(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM pending_people").await
}

/// The one message of an answer.
fn only(sent: &[crate::support::fake_api::Sent]) -> &crate::support::fake_api::Sent {
    assert_eq!(sent.len(), 1, "{:?}", texts(sent));
    &sent[0]
}

#[tokio::test]
async fn a_coordinator_sees_the_wings_to_visit_pages_through_one_and_removes_a_person() {
    let app = TestApp::spawn().await;
    let world = movement(&app).await;
    let coordinator = staff(&app, 10, ALMATY, StaffRole::regional(Role::Coordinator, ALMATY)).await;

    let overview = app.send(&coordinator, "/pending").await;
    let overview = only(&overview);
    let text = &overview.text;
    assert!(text.starts_with("⏳ Imported people: Almaty\n"), "{text}");
    assert!(
        text.contains("⏳ Imported: not joined yet 25 · joined through their link 1 · activation rate: 4%"),
        "{text}"
    );
    let korean = text.find("• Korean youth: 23 · 0 · 0%").expect(text);
    let tatar = text.find("• Tatar youth: 2 · 1 · 33%").expect(text);
    assert!(korean < tatar, "the wing to visit first comes first: {text}");
    assert!(!text.contains("Uzbek") && !text.contains("Astana"), "{text}");
    assert_eq!(overview.button_labels(), ["Korean youth · 23", "Tatar youth · 2"]);

    // A wing's people, ten a page.
    let first = app.press(&coordinator, "Korean youth · 23").await;
    let first = only(&first);
    assert_eq!(first.method, "sendMessage");
    let date = app.locales.date(Lang::En, app.clock.unix());
    let page = |range: std::ops::RangeInclusive<i64>| {
        let mut lines = vec!["⏳ Korean youth, Almaty — not joined yet: 23".to_owned()];
        lines.extend(range.map(|n| format!("{n}. Person {n:02} (2004) · imported {date}")));
        lines.join("\n")
    };
    assert_eq!(first.text, page(1..=10));
    let labels = first.button_labels();
    assert_eq!(labels.len(), 13, "{labels:?}");
    assert_eq!(labels[0], "🗑 Person 01");
    assert_eq!(labels[9], "🗑 Person 10");
    assert_eq!(&labels[10..], ["◀️", "1 / 3", "▶️"]);

    let second = app.press(&coordinator, "▶️").await;
    let second = only(&second);
    assert_eq!(second.method, "editMessageText");
    assert_eq!(second.text, page(11..=20));
    let list_message = second.message_id.unwrap();
    let (_, rows) = app.fake.shown(coordinator.id, list_message).unwrap();
    assert_eq!(rows.last().unwrap(), &["◀️", "2 / 3", "▶️"]);

    // Remove asks first; Keep changes nothing.
    let question = app.press(&coordinator, "🗑 Person 12").await;
    assert_eq!(
        only(&question).text,
        "Delete the details of Person 12 (2004, Korean youth)? Their personal link will stop \
         working. This cannot be undone."
    );
    assert_eq!(only(&question).button_labels(), ["🗑 Delete", "Keep"]);
    let kept = app.press(&coordinator, "Keep").await;
    assert_eq!(only(&kept).text, page(11..=20));
    assert_eq!(pending_count(&app).await, 29);

    app.press(&coordinator, "🗑 Person 12").await;
    let (_, delete) = app.fake.find_button(coordinator.id, "🗑 Delete").unwrap();
    let since = app.fake.call_count();
    let removed = app.press(&coordinator, "🗑 Delete").await;
    assert_eq!(app.callback_answers_since(since), ["Deleted: Person 12."]);
    let redrawn = &only(&removed).text;
    assert!(
        redrawn.starts_with("⏳ Korean youth, Almaty — not joined yet: 22\n"),
        "{redrawn}"
    );
    assert!(redrawn.contains("\n12. Person 13 (2004)"), "{redrawn}");
    assert!(!redrawn.contains("Person 12"), "{redrawn}");
    let person = &world.korean_people[11];
    assert_eq!(person.full_name, "Person 12");
    assert!(pending::find(&app.pool, person.id).await.unwrap().is_none());
    let audit = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'pending_removed' AND actor_user_id = {}
         AND region_iso = '{ALMATY}' AND json_extract(details, '$.pending') = {}",
        coordinator.id, person.id
    );
    assert_eq!(app.count(&audit).await, 1);

    // The same Delete again (a second press, or the update delivered twice), and the old
    // remove button: gone already, nothing changes.
    let before = app.snapshot(&["pending_people", "audit_log", "members"]).await;
    for data in [delete, format!("pdr:{}:2", person.id)] {
        let since = app.fake.call_count();
        let answer = app.press_data(&coordinator, list_message, &data).await;
        assert!(answer.is_empty(), "{:?}", texts(&answer));
        assert_eq!(
            app.callback_answers_since(since),
            [app.text(Lang::En, "pending-gone")]
        );
    }
    assert_eq!(
        app.snapshot(&["pending_people", "audit_log", "members"]).await,
        before
    );
    let overview = app.send(&coordinator, "/pending").await;
    assert!(
        only(&overview).text.contains("• Korean youth: 22 · 0 · 0%"),
        "{}",
        only(&overview).text
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn nobody_but_the_regions_coordinator_and_admins_sees_or_removes_its_pending_people() {
    let app = TestApp::spawn().await;
    let world = movement(&app).await;
    let organiser = app.organiser(11, ALMATY, Lang::En).await;
    let member = app.member(12, ALMATY, Lang::En).await;
    let elsewhere = staff(&app, 13, ASTANA, StaffRole::regional(Role::Coordinator, ASTANA)).await;
    let stranger = TgUser::new(14, "Stranger", Some("en"));
    app.fake.add_private_chat(&stranger);
    let not_allowed = app.text(Lang::En, "not-allowed");
    let stale = app.text(Lang::En, "button-stale");
    let person = &world.korean_people[0];
    let before = app.snapshot(&["pending_people", "audit_log"]).await;
    let names: Vec<&str> = world.korean_people.iter().map(|p| p.full_name.as_str()).collect();

    for user in [&organiser, &member, &elsewhere, &stranger] {
        let mut shown = Vec::new();
        for command in ["/pending KZ-75", "/pending Almaty"] {
            let answer = app.send(user, command).await;
            assert_eq!(texts(&answer), [not_allowed.as_str()], "{} {command}", user.id);
            shown.extend(answer);
        }
        if user.id != elsewhere.id {
            let answer = app.send(user, "/pending").await;
            assert_eq!(texts(&answer), [not_allowed.as_str()], "{} /pending", user.id);
        }
        let card = app.fake.bot_message(user, "A card", json!(null));
        for data in [
            format!("pd:{}", world.korean),
            format!("pdp:{}:2", world.korean),
            format!("pdr:{}:1", person.id),
            format!("pdy:{}:1", person.id),
        ] {
            let since = app.fake.call_count();
            let answer = app.press_data(user, card, &data).await;
            assert_eq!(
                app.callback_answers_since(since),
                [stale.as_str()],
                "{} {data}",
                user.id
            );
            shown.extend(answer);
        }
        for sent in &shown {
            for name in &names {
                assert!(!sent.text.contains(name), "{} was shown {name}", user.id);
            }
        }
    }
    assert_eq!(app.snapshot(&["pending_people", "audit_log"]).await, before);

    // Astana's coordinator sees their own region's, and only those.
    let own = app.send(&elsewhere, "/pending").await;
    let text = &only(&own).text;
    assert!(text.starts_with("⏳ Imported people: Astana\n"), "{text}");
    assert!(text.contains("• Uzbek youth: 4 · 0 · 0%"), "{text}");
    assert!(!text.contains("Korean"), "{text}");

    // An admin names any region, and may remove there.
    let admin = staff(&app, 15, ASTANA, StaffRole::admin()).await;
    assert_eq!(
        texts(&app.send(&admin, "/pending").await),
        [app.text(Lang::En, "pending-name-region")]
    );
    assert_eq!(
        texts(&app.send(&admin, "/pending Atlantis").await),
        [app.text(Lang::En, "region-unknown")]
    );
    let almaty = app.send(&admin, "/pending Almaty").await;
    assert!(
        only(&almaty).text.contains("• Korean youth: 23 · 0 · 0%"),
        "{}",
        only(&almaty).text
    );
    app.send(&admin, "/pending KZ-71").await;
    let list = app.press(&admin, "Uzbek youth · 4").await;
    assert!(
        only(&list).text.contains("\n2. Astana Beta (2004)"),
        "{}",
        only(&list).text
    );
    app.press(&admin, "🗑 Astana Beta").await;
    app.press(&admin, "🗑 Delete").await;
    let beta = &world.astana_people[1];
    assert!(pending::find(&app.pool, beta.id).await.unwrap().is_none());
    app.assert_no_api_errors();
}

#[tokio::test]
async fn people_not_activated_within_pending_days_are_deleted_and_their_links_stop_working() {
    let app = TestApp::spawn_with(&[("PENDING_DAYS", "30")]).await;
    let korean = wings::insert(&app.pool, ALMATY, "Korean youth", 0)
        .await
        .unwrap()
        .id;
    let astana = wings::insert(&app.pool, ASTANA, "Uzbek youth", 0)
        .await
        .unwrap()
        .id;
    let old = app.seed_pending(ALMATY, korean, &["Old One", "Old Two"]).await;
    app.seed_pending(ASTANA, astana, &["Astana Old"]).await;
    app.clock.advance(chrono::Duration::days(10));
    let recent = app.seed_pending(ALMATY, korean, &["Recent One"]).await;
    app.wait_reminder_pass().await;
    assert_eq!(pending_count(&app).await, 4, "nobody is 30 days old yet");

    app.clock
        .advance(chrono::Duration::days(20) + chrono::Duration::minutes(1));
    app.wait_reminder_pass().await;
    let left: Vec<String> = sqlx::query_scalar("SELECT full_name FROM pending_people")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(left, ["Recent One"]);
    for (region, people) in [(ALMATY, 2), (ASTANA, 1)] {
        let logged = format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'pending_expired' AND region_iso = '{region}'
             AND actor_user_id IS NULL AND json_extract(details, '$.people') = {people}"
        );
        assert_eq!(app.count(&logged).await, 1, "{region}");
    }
    let cutoff = pending::expiry_cutoff(app.clock.unix(), 30);
    assert!(
        pending::find_by_code(&app.pool, &old[0].code, cutoff)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        pending::find_by_code(&app.pool, &recent[0].code, cutoff)
            .await
            .unwrap()
            .is_some()
    );

    let coordinator = staff(&app, 10, ALMATY, StaffRole::regional(Role::Coordinator, ALMATY)).await;
    let overview = app.send(&coordinator, "/pending").await;
    assert!(
        only(&overview).text.contains("• Korean youth: 1 · 0 · 0%"),
        "{}",
        only(&overview).text
    );
}

#[tokio::test]
async fn stats_show_activation_apart_from_members() {
    let app = TestApp::spawn().await;
    movement(&app).await;
    let coordinator = staff(&app, 10, ALMATY, StaffRole::regional(Role::Coordinator, ALMATY)).await;
    let wing_none = app.text(Lang::En, "wing-none");

    let report = app.send(&coordinator, "/stats").await;
    let text = &report[0].text;
    // The coordinator and the person who joined: the 25 pending are not members.
    assert!(text.contains("👥 Members: 2 (new: "), "{text}");
    assert!(
        text.contains("⏳ Imported: not joined yet 25 · joined through their link 1 · activation rate: 4%"),
        "{text}"
    );
    let by_wing = format!(
        "🏛 Members by youth wing:\n• Tatar youth: 1\n• {wing_none}: 1\n\n\
         ⏳ Activation by youth wing, lowest rate first (not joined · joined · rate):\n\
         • Korean youth: 23 · 0 · 0%\n• Tatar youth: 2 · 1 · 33%"
    );
    assert!(text.ends_with(&by_wing), "{text}");
    assert_eq!(
        texts(&app.send(&coordinator, "/stats wing").await),
        [by_wing.as_str()]
    );

    let admin = staff(&app, 11, ALMATY, StaffRole::admin()).await;
    let report = app.send(&admin, "/stats").await;
    let text = &report[0].text;
    assert!(text.contains("👥 Members: 3 (new: "), "{text}");
    assert!(
        text.contains("⏳ Imported: not joined yet 29 · joined through their link 1 · activation rate: 3%"),
        "{text}"
    );
    assert!(text.contains("\n• Almaty: 3 · "), "{text}");
    assert!(
        text.ends_with(
            "⏳ Activation by region (not joined · joined · rate):\n\
             • Astana: 4 · 0 · 0%\n• Almaty: 25 · 1 · 4%"
        ),
        "{text}"
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_broadcast_to_the_region_reaches_its_members_and_no_pending_person() {
    let app = TestApp::spawn().await;
    movement(&app).await;
    let coordinator = staff(&app, 10, ALMATY, StaffRole::regional(Role::Coordinator, ALMATY)).await;
    let en = |key: &str| app.text(Lang::En, key);
    app.send(&coordinator, "/broadcast").await;
    app.press(&coordinator, &en("broadcast-to-region")).await;
    app.send(&coordinator, "Meeting on Friday").await;
    app.press(&coordinator, "English").await;
    app.press(&coordinator, &en("broadcast-preview")).await;
    let send = app
        .fake
        .visible_buttons(coordinator.id)
        .into_iter()
        .find(|label| label.starts_with("✅ Send"))
        .expect("the Send button");
    assert_eq!(send, "✅ Send (2)", "the coordinator and the member who joined");
    app.press(&coordinator, &send).await;
    app.wait_broadcasts_finished(Duration::from_secs(30)).await;
    let reached: Vec<i64> = sqlx::query_scalar("SELECT chat_id FROM deliveries ORDER BY chat_id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(reached, [10, 300]);
    app.assert_no_api_errors();
}
