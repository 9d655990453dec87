//! `/wings`: coordinators manage their region's youth wings; registration offers the active ones.

use crate::support::app::texts;
use crate::support::{TestApp, TgUser};
use birlik::db::wings;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;

async fn coordinator(app: &TestApp, id: i64, region: &str) -> TgUser {
    let user = TgUser::new(id, "Coord", Some("en"));
    app.seed_member(&user, region, Lang::En).await;
    app.seed_role(&user, StaffRole::regional(Role::Coordinator, region))
        .await;
    user
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'wing%' ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_coordinator_adds_renames_and_archives_wings_with_member_counts() {
    let app = TestApp::spawn().await;
    let coord = coordinator(&app, 10, "KZ-75").await;
    let en = |key: &str| app.text(Lang::En, key);

    let empty = app.send(&coord, "/wings").await;
    assert!(empty[0].text.starts_with("Youth wings: Almaty"));
    assert!(empty[0].text.contains(&en("wings-none")));

    app.press(&coord, &en("wings-add")).await;
    let list = app.send(&coord, "«Корей жастары» №1").await;
    assert!(
        list[0].text.contains("• «Корей жастары» №1 — 0 members"),
        "{}",
        list[0].text
    );

    // Members in the wing are counted.
    let wing = wings::list_active(&app.pool, "KZ-75").await.unwrap().remove(0);
    let member = TgUser::new(11, "M", Some("en"));
    app.seed_member(&member, "KZ-75", Lang::En).await;
    sqlx::query("UPDATE members SET wing_id = ? WHERE telegram_user_id = ?")
        .bind(wing.id)
        .bind(member.id)
        .execute(&app.pool)
        .await
        .unwrap();

    // A duplicate name gets a friendly answer, and the step is still open.
    app.press(&coord, &en("wings-add")).await;
    let taken = app.send(&coord, "«Корей жастары» №1").await;
    assert_eq!(texts(&taken), [en("wings-name-taken")]);
    let invalid = app.send(&coord, "1").await;
    assert_eq!(texts(&invalid), [en("wings-name-invalid")]);
    let list = app.send(&coord, "Uzbek youth").await;
    assert!(
        list[0].text.contains("• «Корей жастары» №1 — 1 member"),
        "{}",
        list[0].text
    );
    assert!(list[0].text.contains("• Uzbek youth — 0 members"));

    app.press(&coord, "✏️ Uzbek youth").await;
    let renamed = app.send(&coord, "Uzbek and Tajik youth").await;
    assert!(renamed[0].text.contains("• Uzbek and Tajik youth — 0 members"));

    let question = app
        .press_in_row(&coord, "✏️ «Корей жастары» №1", "🗄 Archive")
        .await;
    assert!(
        question[0].text.contains("«Корей жастары» №1"),
        "the first wing's archive button: {}",
        question[0].text
    );
    let after = app.press(&coord, &en("wings-archive")).await;
    let list = after.last().unwrap();
    assert!(!list.text.contains("Корей"), "{}", list.text);

    // Registration and /profile offer only the active wings of the region.
    let newcomer = TgUser::new(12, "New", Some("en"));
    app.send(&newcomer, "/start").await;
    app.press(&newcomer, "✓ English").await;
    app.press(&newcomer, &en("reg-consent-agree")).await;
    app.send(&newcomer, "New Comer").await;
    app.send(&newcomer, "2001").await;
    let offered = app.press(&newcomer, "Almaty").await;
    assert_eq!(
        offered.last().unwrap().button_labels(),
        ["Uzbek and Tajik youth".to_owned(), en("wing-pick-none")]
    );

    assert_eq!(
        audit_actions(&app).await,
        ["wing_added", "wing_added", "wing_renamed", "wing_archived"]
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_coordinator_cannot_touch_another_regions_wings() {
    let app = TestApp::spawn().await;
    let coord = coordinator(&app, 20, "KZ-75").await;
    let foreign = wings::insert(&app.pool, "KZ-71", "Astana wing", 0).await.unwrap();
    let before = app.snapshot(&["wings", "audit_log"]).await;
    assert_eq!(
        texts(&app.send(&coord, "/wings KZ-71").await),
        [app.text(Lang::En, "not-allowed")]
    );
    let own_list = app.send(&coord, "/wings").await;
    let message_id = own_list[0].message_id.unwrap();
    for data in [
        format!("wr:{}", foreign.id),
        format!("wx:{}", foreign.id),
        format!("wy:{}", foreign.id),
        "wa:KZ-71".to_owned(),
        "wl:KZ-71".to_owned(),
    ] {
        let since = app.fake.call_count();
        app.press_data(&coord, message_id, &data).await;
        assert_eq!(
            app.callback_answers_since(since),
            [app.text(Lang::En, "button-stale")],
            "{data}"
        );
    }
    assert_eq!(app.snapshot(&["wings", "audit_log"]).await, before);
}

#[tokio::test]
async fn an_admin_picks_the_region_first() {
    let app = TestApp::spawn_with(&[("ADMIN_IDS", "30")]).await;
    let admin = TgUser::new(30, "Admin", Some("kk"));
    app.fake.add_private_chat(&admin);
    let picker = app.send(&admin, "/wings").await;
    assert_eq!(picker[0].text, app.text(Lang::Kk, "wings-pick-region"));
    let list = app.press(&admin, "Ұлытау облысы").await;
    assert!(
        list[0].text.starts_with("Жастар қанаттары: Ұлытау облысы"),
        "{}",
        list[0].text
    );
}

/// Telegram refuses a keyboard of more than 100 buttons: a region with 60 wings (121 buttons
/// on one keyboard) pages instead, 20 wings a page, and every wing can be reached.
#[tokio::test]
async fn a_region_with_sixty_wings_pages_its_list_and_its_choice_of_wing() {
    let app = TestApp::spawn().await;
    let coord = coordinator(&app, 40, "KZ-75").await;
    for i in 1..=60 {
        wings::insert(&app.pool, "KZ-75", &format!("Wing {i:02}"), 0)
            .await
            .unwrap();
    }
    let buttons_on = |sent: &crate::support::fake_api::Sent| sent.button_labels().len();

    let first = app.send(&coord, "/wings").await;
    assert_eq!(first.len(), 1, "{:?}", texts(&first));
    assert!(buttons_on(&first[0]) <= 100);
    assert!(
        first[0].text.contains("• Wing 01 — 0 members"),
        "{}",
        first[0].text
    );
    assert!(!first[0].text.contains("Wing 21"), "{}", first[0].text);
    assert!(first[0].button_labels().contains(&"1 / 3".to_owned()));

    // ▶️ turns the same message to the next page; ◀️ from the first page wraps to the last.
    let second = app.press(&coord, "▶️").await;
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].method, "editMessageText");
    assert!(
        second[0].text.contains("• Wing 21 — 0 members"),
        "{}",
        second[0].text
    );
    assert!(!second[0].text.contains("Wing 20 "), "{}", second[0].text);
    assert!(second[0].button_labels().contains(&"✏️ Wing 40".to_owned()));
    assert!(second[0].button_labels().contains(&"2 / 3".to_owned()));
    app.press(&coord, "◀️").await;
    let last = app.press(&coord, "◀️").await;
    assert!(last[0].text.contains("• Wing 60 — 0 members"), "{}", last[0].text);
    assert!(last[0].button_labels().contains(&"3 / 3".to_owned()));

    // A wing on the last page can be renamed from its button.
    app.press(&coord, "✏️ Wing 60").await;
    app.send(&coord, "Wing sixty").await;
    let names: Vec<String> = wings::list_active(&app.pool, "KZ-75")
        .await
        .unwrap()
        .into_iter()
        .map(|wing| wing.name)
        .collect();
    assert!(names.contains(&"Wing sixty".to_owned()) && !names.contains(&"Wing 60".to_owned()));

    // A member changing their wing in /profile gets the same pages and picks one on page 3.
    let member = TgUser::new(41, "Member", Some("en"));
    app.seed_member(&member, "KZ-75", Lang::En).await;
    app.send(&member, "/profile").await;
    let offered = app.press(&member, &app.text(Lang::En, "profile-edit-wing")).await;
    let offer = offered.last().unwrap();
    assert!(buttons_on(offer) <= 100);
    assert!(offer.button_labels().contains(&"Wing 20".to_owned()));
    assert!(!offer.button_labels().contains(&"Wing 21".to_owned()));
    app.press(&member, "▶️").await;
    let third = app.press(&member, "▶️").await;
    assert!(
        third[0].button_labels().contains(&"Wing 59".to_owned()),
        "{:?}",
        third[0].button_labels()
    );
    app.press(&member, "Wing 59").await;
    let chosen: Option<String> = sqlx::query_scalar(
        "SELECT w.name FROM members m JOIN wings w ON w.id = m.wing_id WHERE m.telegram_user_id = ?",
    )
    .bind(member.id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(chosen.as_deref(), Some("Wing 59"));
    app.assert_no_api_errors();
}
