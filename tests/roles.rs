//! Roles end to end: who may grant, revoke, invite, manage wings and read the audit log.

use crate::support::app::texts;
use crate::support::{TestApp, TgUser};
use birlik::db::{roles, wings};
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;

/// Tables a refused command must leave untouched.
const GUARDED: [&str; 5] = ["roles", "wings", "invites", "audit_log", "members"];

#[tokio::test]
async fn a_member_is_refused_every_staff_command_and_button_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let member = TgUser::new(100, "Member", Some("en"));
    let other = TgUser::new(101, "Other", Some("en"));
    app.seed_member(&member, "KZ-75", Lang::En).await;
    app.seed_member(&other, "KZ-75", Lang::En).await;
    let wing = wings::insert(&app.pool, "KZ-75", "Korean youth", 0)
        .await
        .unwrap();
    let before = app.snapshot(&GUARDED).await;
    let not_allowed = app.text(Lang::En, "not-allowed");

    for command in [
        "/grant organiser @user101",
        "/grant admin 100",
        "/grant coordinator 101 KZ-75",
        "/revoke @user101",
        "/invite organiser KZ-75",
        "/invite coordinator",
        "/wings",
        "/wings KZ-75",
        "/audit",
    ] {
        let reply = app.send(&member, command).await;
        assert_eq!(texts(&reply), [not_allowed.as_str()], "{command}");
    }

    // Staff buttons, forged by the member's client on a message in their own chat.
    let own_message = app.fake.sent_to(member.id)[0].message_id.unwrap();
    for data in [
        "wl:KZ-75".to_owned(),
        "wa:KZ-75".to_owned(),
        format!("wr:{}", wing.id),
        format!("wx:{}", wing.id),
        format!("wy:{}", wing.id),
    ] {
        let since = app.fake.call_count();
        let shown = app.press_data(&member, own_message, &data).await;
        assert!(shown.is_empty(), "{data}: {:?}", texts(&shown));
        assert_eq!(
            app.callback_answers_since(since),
            [app.text(Lang::En, "button-stale")],
            "{data}"
        );
    }
    assert_eq!(
        app.snapshot(&GUARDED).await,
        before,
        "a refused command changed the database"
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn an_organiser_may_not_grant_either() {
    let app = TestApp::spawn().await;
    let organiser = TgUser::new(110, "Org", Some("ru"));
    let member = TgUser::new(111, "Member", Some("ru"));
    app.seed_member(&organiser, "KZ-75", Lang::Ru).await;
    app.seed_member(&member, "KZ-75", Lang::Ru).await;
    app.seed_role(&organiser, StaffRole::regional(Role::Organiser, "KZ-75"))
        .await;
    let before = app.snapshot(&GUARDED).await;
    for command in [
        "/grant organiser @user111",
        "/revoke @user111",
        "/invite organiser",
        "/wings",
    ] {
        assert_eq!(
            texts(&app.send(&organiser, command).await),
            [app.text(Lang::Ru, "not-allowed")],
            "{command}"
        );
    }
    assert_eq!(app.snapshot(&GUARDED).await, before);
}

#[tokio::test]
async fn a_coordinator_grants_organisers_in_their_region_only() {
    let app = TestApp::spawn().await;
    let coordinator = TgUser::new(200, "Coord", Some("en"));
    let almaty_member = TgUser::new(201, "Aigerim", Some("kk"));
    let astana_member = TgUser::new(202, "Dana", Some("ru"));
    app.seed_member(&coordinator, "KZ-75", Lang::En).await;
    app.seed_member(&almaty_member, "KZ-75", Lang::Kk).await;
    app.seed_member(&astana_member, "KZ-71", Lang::Ru).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;

    // In their own region: works, and the new organiser hears about it in their language.
    let since = app.fake.call_count();
    let done = app.send(&coordinator, "/grant organiser @user201").await;
    assert_eq!(
        done[0].text,
        app.locales.text_with(
            Lang::En,
            "grant-done",
            &[
                ("person", "Aigerim Testov".into()),
                ("role", "organiser, Almaty".into())
            ]
        )
    );
    assert_eq!(
        roles::find(&app.pool, almaty_member.id).await.unwrap(),
        Some(StaffRole::regional(Role::Organiser, "KZ-75"))
    );
    let told = app.fake.sent_since(almaty_member.id, since);
    assert_eq!(
        texts(&told),
        [app.locales.text_with(
            Lang::Kk,
            "role-you-got",
            &[("role", "ұйымдастырушы, Алматы".into())]
        )]
    );

    // In another region, or a role above their own: refused, nothing changes. A member of
    // another region is nobody this coordinator can name.
    let before = app.snapshot(&GUARDED).await;
    for (command, key) in [
        ("/grant organiser @user202 KZ-71", "person-unknown"),
        ("/grant organiser @user202 Astana", "person-unknown"),
        ("/grant organiser @user201 KZ-71", "not-allowed"),
        ("/grant coordinator @user201", "not-allowed"),
        ("/grant admin @user201", "not-allowed"),
    ] {
        assert_eq!(
            texts(&app.send(&coordinator, command).await),
            [app.text(Lang::En, key)],
            "{command}"
        );
    }
    assert_eq!(roles::find(&app.pool, astana_member.id).await.unwrap(), None);
    assert_eq!(app.snapshot(&GUARDED).await, before);

    // Revoking their own region's organiser works; the role and its menu go.
    let since = app.fake.call_count();
    app.send(&coordinator, "/revoke @user201").await;
    assert_eq!(roles::find(&app.pool, almaty_member.id).await.unwrap(), None);
    assert_eq!(
        texts(&app.fake.sent_since(almaty_member.id, since)),
        [app.text(Lang::Kk, "role-you-lost")]
    );
    let audit: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE actor_user_id = ? ORDER BY id")
            .bind(coordinator.id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(audit, ["role_granted", "role_revoked"]);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_coordinator_cannot_demote_a_coordinator_of_another_region_nor_an_admin() {
    let app = TestApp::spawn().await;
    let coordinator = TgUser::new(210, "C1", Some("en"));
    let other_coordinator = TgUser::new(211, "C2", Some("en"));
    let admin = TgUser::new(212, "Admin", Some("en"));
    for user in [&coordinator, &other_coordinator, &admin] {
        app.seed_member(user, "KZ-75", Lang::En).await;
    }
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;
    app.seed_role(
        &other_coordinator,
        StaffRole::regional(Role::Coordinator, "KZ-71"),
    )
    .await;
    app.seed_role(&admin, StaffRole::admin()).await;
    let before = app.snapshot(&GUARDED).await;
    for command in [
        "/grant organiser @user211",
        "/grant organiser @user212",
        "/revoke @user212",
        "/revoke 211",
    ] {
        assert_eq!(
            texts(&app.send(&coordinator, command).await),
            [app.text(Lang::En, "not-allowed")],
            "{command}"
        );
    }
    assert_eq!(app.snapshot(&GUARDED).await, before);
}

#[tokio::test]
async fn a_person_is_named_by_replying_to_their_message_in_a_group() {
    let app = TestApp::spawn().await;
    let coordinator = TgUser::new(220, "Coord", Some("en"));
    let member = TgUser::new(221, "Nurlan", Some("en"));
    app.seed_member(&coordinator, "KZ-75", Lang::En).await;
    app.seed_member(&member, "KZ-75", Lang::En).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;
    let group = -100_555;
    let (said, message) =
        app.fake
            .group_reply(&member, group, "Almaty HQ", "I'd like to help organise", None);
    app.wait_handled(said).await;
    let (grant, _) = app.fake.group_reply(
        &coordinator,
        group,
        "Almaty HQ",
        "/grant organiser",
        Some(&message),
    );
    app.wait_handled(grant).await;
    assert_eq!(
        roles::find(&app.pool, member.id).await.unwrap(),
        Some(StaffRole::regional(Role::Organiser, "KZ-75"))
    );
    let in_group = app.fake.sent_to(group);
    assert!(in_group[0].text.contains("Nurlan Testov"), "{}", in_group[0].text);
}

#[tokio::test]
async fn an_admin_grants_any_role_anywhere_and_reads_the_audit_log() {
    let app = TestApp::spawn_with(&[("ADMIN_IDS", "300")]).await;
    let admin = TgUser::new(300, "Admin", Some("ru"));
    let member = TgUser::new(301, "Member", Some("en"));
    app.fake.add_private_chat(&admin);
    app.seed_member(&member, "KZ-79", Lang::En).await;
    // ADMIN_IDS made them admin at start, with their command menu.
    assert_eq!(
        roles::find(&app.pool, admin.id).await.unwrap(),
        Some(StaffRole::admin())
    );

    // The bot's clock, not the system's, dates what it does.
    app.clock.advance(chrono::Duration::days(3));
    app.send(&admin, "/grant coordinator 301 Шымкент").await;
    assert_eq!(
        roles::find(&app.pool, member.id).await.unwrap(),
        Some(StaffRole::regional(Role::Coordinator, "KZ-79"))
    );
    let menu = app
        .fake
        .calls()
        .into_iter()
        .rev()
        .find(|c| c.method == "setMyCommands" && c.params["scope"]["chat_id"] == member.id)
        .expect("the new coordinator gets a chat-scoped menu");
    let commands: Vec<&str> = menu.params["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert!(commands.contains(&"grant") && commands.contains(&"wings") && !commands.contains(&"audit"));
    // Their /help lists what a coordinator may do.
    let help = app.send(&member, "/help").await;
    assert!(help[0].text.contains(&app.text(Lang::En, "help-coordinator")));

    let audit = app.send(&admin, "/audit").await;
    let text = &audit[0].text;
    assert!(text.starts_with(&app.text(Lang::Ru, "audit-title")));
    assert!(text.contains(&app.text(Lang::Ru, "audit-action-role-granted")));
    assert!(text.contains("300 → 301"), "{text}");
    assert!(text.contains("KZ-79"), "{text}");
    // When, as Russian says it: "сегодня, 14:05", not "06.12.2026 14:05".
    let now = app.clock.unix();
    let said = |at: i64| app.locales.moment(Lang::Ru, now, at);
    assert!(
        text.contains(&said(now)) || text.contains(&said(now - 60)),
        "{text}"
    );
    assert!(
        !regex::Regex::new(r"\d\d\.\d\d\.\d{4}").unwrap().is_match(text),
        "{text}"
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn grant_explains_its_usage_and_unknown_people_and_regions() {
    let app = TestApp::spawn_with(&[("ADMIN_IDS", "400")]).await;
    let admin = TgUser::new(400, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let en = |key: &str| app.text(Lang::En, key);
    for (command, key) in [
        ("/grant", "grant-usage"),
        ("/grant boss @someone", "grant-usage"),
        ("/grant organiser @nobody_here", "person-unknown"),
        ("/grant organiser @x", "person-unknown"),
        ("/grant organiser", "person-missing"),
        ("/grant organiser 555 Atlantis", "region-unknown"),
        ("/grant organiser 555", "grant-need-region"),
        ("/grant admin 400", "grant-self"),
        ("/revoke 555", "revoke-none"),
        ("/invite admin", "invite-usage"),
        ("/invite organiser", "invite-need-region"),
        ("/wings Atlantis", "region-unknown"),
    ] {
        assert_eq!(texts(&app.send(&admin, command).await), [en(key)], "{command}");
    }
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM roles")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        1
    );
}

/// The invite link from the bot's answer to `/invite`.
fn invite_code(text: &str) -> String {
    let start = text.find("?start=inv_").expect("an invite link") + "?start=inv_".len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}

#[tokio::test]
async fn an_invite_link_works_once_and_only_for_seven_days() {
    let app = TestApp::spawn().await;
    let coordinator = TgUser::new(500, "Coord", Some("en"));
    app.seed_member(&coordinator, "KZ-75", Lang::En).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;

    app.clock.advance(chrono::Duration::days(1));
    let created = app.send(&coordinator, "/invite organiser").await;
    assert!(
        created[0]
            .text
            .contains("https://t.me/birlik_test_bot?start=inv_"),
        "{}",
        created[0].text
    );
    let code = invite_code(&created[0].text);
    let (created_at, expires_at): (i64, i64) =
        sqlx::query_as("SELECT created_at, expires_at FROM invites WHERE code = ?")
            .bind(&code)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(expires_at - created_at, 7 * 24 * 3600);
    assert!(
        (created_at - app.clock.unix()).abs() < 60,
        "the bot's clock, not the system's"
    );

    // The first person to open it becomes an organiser in the coordinator's region.
    let first = TgUser::new(501, "First", Some("kk"));
    let welcome = app.send(&first, &format!("/start inv_{code}")).await;
    assert_eq!(
        texts(&welcome),
        [app.locales.text_with(
            Lang::Kk,
            "invite-accepted-register",
            &[("role", "ұйымдастырушы, Алматы".into())]
        )]
    );
    assert_eq!(
        roles::find(&app.pool, first.id).await.unwrap(),
        Some(StaffRole::regional(Role::Organiser, "KZ-75"))
    );

    // Anyone after that is refused.
    let second = TgUser::new(502, "Second", Some("en"));
    assert_eq!(
        texts(&app.send(&second, &format!("/start inv_{code}")).await),
        [app.text(Lang::En, "invite-used")]
    );
    assert_eq!(roles::find(&app.pool, second.id).await.unwrap(), None);

    // A link older than seven days is refused.
    let created = app.send(&coordinator, "/invite organiser").await;
    let stale = invite_code(&created[0].text);
    app.clock
        .advance(chrono::Duration::days(7) + chrono::Duration::minutes(1));
    let late = TgUser::new(503, "Late", Some("en"));
    assert_eq!(
        texts(&app.send(&late, &format!("/start inv_{stale}")).await),
        [app.text(Lang::En, "invite-expired")]
    );
    assert_eq!(roles::find(&app.pool, late.id).await.unwrap(), None);

    // A made-up code is refused too.
    let guesser = TgUser::new(504, "Guess", Some("en"));
    assert_eq!(
        texts(&app.send(&guesser, "/start inv_0123456789abcdef").await),
        [app.text(Lang::En, "invite-unknown")]
    );
    app.assert_no_api_errors();
}
