//! `/mydata` and `/forget`: a member sees all their data and nobody else's, and can erase it.

use crate::support::app::{Registration, texts};
use crate::support::{TestApp, TgUser};
use birlik::db::members;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;

#[tokio::test]
async fn mydata_holds_the_members_data_and_nobody_elses() {
    let app = TestApp::spawn().await;
    let aigerim = TgUser::new(1_000_001, "Aigerim", Some("kk"));
    let other = TgUser::new(1_000_002, "Other", Some("ru"));
    app.register(
        &aigerim,
        &Registration {
            lang: Lang::Kk,
            name: "Әйгерім Нұрланқызы",
            birth_year: 2004,
            region: "Алматы",
            wing: None,
            phone: Some("+77015550101"),
        },
    )
    .await;
    app.register(
        &other,
        &Registration {
            lang: Lang::Ru,
            name: "Другой Человек",
            birth_year: 1999,
            region: "Астана",
            wing: None,
            phone: Some("+77770009999"),
        },
    )
    .await;

    let sent = app.send(&aigerim, "/mydata").await;
    assert_eq!(sent[0].method, "sendDocument");
    assert_eq!(sent[0].text, app.text(Lang::Kk, "mydata-caption"));
    let documents = app.fake.documents_to(aigerim.id);
    let (name, bytes) = documents.last().expect("a JSON document");
    assert_eq!(name, "birlik-my-data.json");
    let raw = String::from_utf8(bytes.clone()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(json["member"]["full_name"], "Әйгерім Нұрланқызы");
    assert_eq!(json["member"]["phone"], "+77015550101");
    assert_eq!(json["member"]["birth_year"], 2004);
    assert_eq!(json["member"]["region_iso"], "KZ-75");
    assert_eq!(
        json["member"]["consent_version"],
        birlik::domain::consent::CONSENT_VERSION
    );
    assert_eq!(json["telegram_user_id"], aigerim.id);
    for foreign in ["Другой Человек", "+77770009999", "1000002", "user1000002"] {
        assert!(!raw.contains(foreign), "/mydata leaks {foreign}");
    }
    // The export itself is audit-logged.
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'data_exported' AND actor_user_id = ?",
    )
    .bind(aigerim.id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(logged, 1);
    app.assert_no_api_errors();
}

/// Every text cell and every integer cell of every table, to search for traces of a person.
async fn every_value(app: &TestApp) -> Vec<(String, String)> {
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let mut values = Vec::new();
    for table in tables {
        for row in app.snapshot(&[&table]).await {
            values.push((table.clone(), row));
        }
    }
    values
}

#[tokio::test]
async fn forget_leaves_no_personal_data_anywhere_and_keeps_the_counts() {
    let app = TestApp::spawn().await;
    let user = TgUser::new(2_000_003, "Forget", Some("en"));
    app.register(
        &user,
        &Registration {
            lang: Lang::En,
            name: "Erasable Person",
            birth_year: 2002,
            region: "Shymkent",
            wing: None,
            phone: Some("+77011112233"),
        },
    )
    .await;
    // Some history around them: a role, an audit entry, a /mydata export, an unfinished dialogue.
    app.seed_role(&user, StaffRole::regional(Role::Organiser, "KZ-79"))
        .await;
    app.send(&user, "/mydata").await;
    app.send(&user, "/profile").await;
    app.press(&user, &app.text(Lang::En, "profile-edit-name")).await;
    let members_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE region_iso = 'KZ-79'")
        .fetch_one(&app.pool)
        .await
        .unwrap();

    let question = app.send(&user, "/forget").await;
    assert_eq!(
        question[0].button_labels(),
        [app.text(Lang::En, "forget-yes"), app.text(Lang::En, "forget-no")]
    );
    // "No" keeps everything.
    app.press(&user, &app.text(Lang::En, "forget-no")).await;
    assert!(members::find_by_user(&app.pool, user.id).await.unwrap().is_some());

    app.send(&user, "/forget").await;
    let done = app.press(&user, &app.text(Lang::En, "forget-yes")).await;
    assert_eq!(done.last().unwrap().text, app.text(Lang::En, "forget-done"));

    let traces = [
        user.id.to_string(),
        "Erasable Person".into(),
        "77011112233".into(),
        "user2000003".into(),
    ];
    for (table, row) in every_value(&app).await {
        // processed_updates holds Telegram's update ids, which are not about anyone.
        if table == "processed_updates" {
            continue;
        }
        for trace in &traces {
            assert!(
                !row.contains(trace.as_str()),
                "{table} still holds {trace}: {row}"
            );
        }
    }
    let members_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE region_iso = 'KZ-79'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(members_after, members_before, "the anonymised row still counts");
    let status: String = sqlx::query_scalar("SELECT status FROM members WHERE region_iso = 'KZ-79'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "erased");

    // They are a stranger now, and may register again as someone new.
    assert_eq!(
        texts(&app.send(&user, "/profile").await),
        [app.text(Lang::En, "not-registered")]
    );
    app.register(
        &user,
        &Registration {
            lang: Lang::En,
            name: "Back Again",
            birth_year: 2002,
            region: "Shymkent",
            wing: None,
            phone: None,
        },
    )
    .await;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 2);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn strangers_have_no_data_to_export_or_forget() {
    let app = TestApp::spawn().await;
    let stranger = TgUser::new(3_000_001, "S", Some("ru"));
    assert_eq!(
        texts(&app.send(&stranger, "/mydata").await),
        [app.text(Lang::Ru, "mydata-nothing")]
    );
    assert_eq!(
        texts(&app.send(&stranger, "/forget").await),
        [app.text(Lang::Ru, "not-registered")]
    );
    // A forged "erase" press by a stranger does nothing.
    let message = app.fake.sent_to(stranger.id)[0].message_id.unwrap();
    let since = app.fake.call_count();
    app.press_data(&stranger, message, "f:y").await;
    assert_eq!(
        app.callback_answers_since(since),
        [app.text(Lang::Ru, "button-stale")]
    );
}

/// Every cell of every table (JSON inside cells included, as text) that still holds one of
/// `traces`; handled update ids are not about anyone.
async fn traces_left(app: &TestApp, traces: &[String]) -> Vec<String> {
    every_value(app)
        .await
        .into_iter()
        .filter(|(table, _)| table != "processed_updates")
        .filter(|(_, row)| traces.iter().any(|trace| row.contains(trace.as_str())))
        .map(|(_, row)| row)
        .collect()
}

#[tokio::test]
async fn forget_leaves_nothing_of_somebody_who_did_everything() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "30")]).await;
    let en = |key: &str| app.text(Lang::En, key);
    // An id, a name, a phone and an @username that appear nowhere by chance.
    let person = TgUser::new(8_461_537_209, "Erasable", Some("en"));
    app.register(
        &person,
        &Registration {
            lang: Lang::En,
            name: "Erasable Person",
            birth_year: 2001,
            region: "Shymkent",
            wing: None,
            phone: Some("+77015550199"),
        },
    )
    .await;
    let colleague = TgUser::new(8_461_537_301, "Colleague", Some("en"));
    app.seed_member(&colleague, "KZ-79", Lang::En).await;
    let volunteer = TgUser::new(8_461_537_302, "Volunteer", Some("en"));
    app.seed_member(&volunteer, "KZ-79", Lang::En).await;
    let other_organiser = TgUser::new(8_461_537_303, "Other", Some("en"));
    app.seed_member(&other_organiser, "KZ-79", Lang::En).await;
    app.seed_role(&other_organiser, StaffRole::regional(Role::Organiser, "KZ-79"))
        .await;

    // Redeems an invite to coordinate Shymkent, made by an admin.
    let inviter = TgUser::new(1, "Admin", Some("en"));
    app.seed_role(&inviter, StaffRole::admin()).await;
    let code = birlik::db::invites::create(
        &app.pool,
        Role::Coordinator,
        "KZ-79",
        inviter.id,
        app.clock.unix(),
    )
    .await
    .unwrap();
    let accepted = app.send(&person, &format!("/start inv_{code}")).await;
    assert!(
        accepted[0].text.starts_with("Welcome to the team!"),
        "{}",
        accepted[0].text
    );

    // Organises and publishes an event.
    app.send(&person, "/newevent").await;
    app.send(&person, "Clean-up day").await;
    app.send(&person, "Picking up litter by the river").await;
    let start = (app.clock.now() + chrono::Duration::days(3)).timestamp() / 3600 * 3600;
    app.send(&person, &birlik::domain::event::format_time(start))
        .await;
    app.send(&person, "3h").await;
    app.send(&person, "The river bank").await;
    app.send(&person, "2").await;
    app.press(&person, &en("event-deadline-at-start")).await;
    let published = app.press(&person, &en("event-publish")).await;
    assert!(
        published.iter().any(|sent| sent.method == "sendPhoto"),
        "the QR code"
    );
    let own_event: i64 = sqlx::query_scalar("SELECT id FROM events WHERE title = 'Clean-up day'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    // The volunteer signs up for it: the event must keep working for them.
    let card = app
        .fake
        .bot_message(&volunteer, "card", serde_json::json!({"inline_keyboard": []}));
    app.press_data(
        &volunteer,
        card,
        &birlik::bot::Callback::Volunteer(own_event).encode(),
    )
    .await;

    // Grants a role.
    let granted = app
        .send(&person, &format!("/grant organiser @user{}", colleague.id))
        .await;
    assert!(granted[0].text.starts_with("Done:"), "{}", granted[0].text);

    // Sends a broadcast with "Seen it", which a member acknowledges.
    app.send(&person, "/broadcast").await;
    app.press(&person, &en("broadcast-to-region")).await;
    let message = app.fake.user_message(&person, "Meeting on Friday");
    app.wait_handled(message).await;
    app.press(&person, "English").await;
    app.press(&person, &en("broadcast-preview")).await;
    app.press(&person, &en("broadcast-ack-off")).await;
    let send = app
        .fake
        .visible_buttons(person.id)
        .into_iter()
        .find(|label| label.starts_with("✅ Send"))
        .expect("the send button");
    app.press(&person, &send).await;
    app.wait_broadcasts_finished(std::time::Duration::from_secs(30))
        .await;
    let seen = app
        .fake
        .find_button(volunteer.id, &en("broadcast-seen-it"))
        .expect("the Seen it button");
    app.press_data(&volunteer, seen.0, &seen.1).await;

    // Volunteers at somebody else's event and checks in there.
    let event = app
        .seed_event(
            &other_organiser,
            Some("KZ-79"),
            Some(5),
            chrono::Duration::hours(3),
        )
        .await;
    let edits = app.fake.count_of("editMessageText");
    let card = app
        .fake
        .bot_message(&person, "card", serde_json::json!({"inline_keyboard": []}));
    app.press_data(
        &person,
        card,
        &birlik::bot::Callback::Volunteer(event.id).encode(),
    )
    .await;
    // The card's redraw goes out at the pacer's slot; let it pass so replies below stand alone.
    app.wait_until("the card is redrawn", || {
        app.fake.count_of("editMessageText") > edits
    })
    .await;
    app.clock
        .advance(chrono::Duration::hours(2) + chrono::Duration::minutes(30));
    let checked_in = app
        .send(&person, &format!("/checkin {}", event.checkin_code))
        .await;
    assert_eq!(
        texts(&checked_in),
        [app.locales.text_with(
            Lang::En,
            "checkin-done",
            &[("title", event.plan.title.as_str().into())]
        )]
    );

    // Gets a certificate of those hours.
    // (A reminder of the event may go out at the same moment: the file is looked for among
    // what arrived.)
    let certificate = app.send(&person, "/certificate").await;
    assert!(
        certificate.iter().any(|sent| sent.method == "sendDocument"),
        "{:?}",
        texts(&certificate)
    );

    // Exports their data.
    app.send(&person, "/mydata").await;
    app.queue_idle().await;

    let traces = [
        person.id.to_string(),
        "Erasable Person".to_owned(),
        "77015550199".to_owned(),
        format!("user{}", person.id),
    ];
    assert!(
        !traces_left(&app, &traces).await.is_empty(),
        "the test must first leave traces to look for"
    );
    app.send(&person, "/forget").await;
    let done = app.press(&person, &en("forget-yes")).await;
    assert_eq!(done.last().unwrap().text, en("forget-done"));
    app.queue_idle().await;

    let left = traces_left(&app, &traces).await;
    assert!(left.is_empty(), "traces left: {left:#?}");

    // Their event still works for its volunteer, and the region's staff still run it.
    let mine = app.send(&volunteer, "/my").await;
    assert!(mine[0].text.contains("Clean-up day"), "{}", mine[0].text);
    let list = app
        .send(&other_organiser, &format!("/volunteers {own_event}"))
        .await;
    assert!(list[0].text.contains("Volunteer Testov"), "{}", list[0].text);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn somebody_in_the_middle_of_registering_or_staff_never_registered_can_export_and_erase() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    // Stops at the confirmation: name, birth year and phone are in the draft.
    let drafting = TgUser::new(4_000_001, "Draft", Some("en"));
    app.send(&drafting, "/start").await;
    app.press(&drafting, "✓ English").await;
    app.press(&drafting, &en("reg-consent-agree")).await;
    app.send(&drafting, "Drafty McDraft").await;
    app.send(&drafting, "1999").await;
    app.press(&drafting, "Shymkent").await;
    app.press(&drafting, &en("wing-pick-none")).await;
    app.share_contact(&drafting, "+77015550177", Some(drafting.id))
        .await;

    let sent = app.send(&drafting, "/mydata").await;
    assert_eq!(sent[0].method, "sendDocument");
    let (_, bytes) = app.fake.documents_to(drafting.id).pop().expect("the export");
    let export = String::from_utf8(bytes).unwrap();
    assert!(
        export.contains("Drafty McDraft") && export.contains("+77015550177"),
        "{export}"
    );

    app.send(&drafting, "/forget").await;
    let done = app.press(&drafting, &en("forget-yes")).await;
    assert_eq!(done.last().unwrap().text, en("forget-done"));
    let traces = [
        drafting.id.to_string(),
        "Drafty McDraft".to_owned(),
        "77015550177".to_owned(),
    ];
    let left = traces_left(&app, &traces).await;
    assert!(left.is_empty(), "traces left: {left:#?}");

    // Staff who never registered: their role is their data.
    let staff = TgUser::new(4_000_002, "Staff", Some("en"));
    app.seed_role(&staff, StaffRole::regional(Role::Organiser, "KZ-79"))
        .await;
    let sent = app.send(&staff, "/mydata").await;
    assert_eq!(sent[0].method, "sendDocument");
    app.send(&staff, "/forget").await;
    let done = app.press(&staff, &en("forget-yes")).await;
    assert_eq!(done.last().unwrap().text, en("forget-done"));
    let left = traces_left(&app, &[staff.id.to_string()]).await;
    assert!(left.is_empty(), "traces left: {left:#?}");
    assert_eq!(texts(&app.send(&staff, "/newevent").await), [en("not-allowed")]);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_registration_draft_untouched_for_7_days_is_deleted() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let stale = TgUser::new(5_000_001, "Stale", Some("en"));
    let fresh = TgUser::new(5_000_002, "Fresh", Some("en"));
    for (user, name) in [(&stale, "Stale Draft"), (&fresh, "Fresh Draft")] {
        app.send(user, "/start").await;
        app.press(user, "✓ English").await;
        app.press(user, &en("reg-consent-agree")).await;
        app.send(user, name).await;
        app.send(user, "1999").await;
    }
    app.clock.advance(chrono::Duration::days(6));
    // The fresh one was touched a day ago (the storage stamps the system time, which the test
    // clock does not move).
    sqlx::query("UPDATE dialogues SET updated_at = updated_at + 6 * 86400 WHERE chat_id = ?")
        .bind(fresh.id)
        .execute(&app.pool)
        .await
        .unwrap();
    app.clock
        .advance(chrono::Duration::days(1) + chrono::Duration::minutes(1));
    // The scheduler's next pass (every second) deletes it.
    let started = std::time::Instant::now();
    while !traces_left(&app, &["Stale Draft".to_owned()]).await.is_empty() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "the stale draft is still there"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(texts(&app.send(&stale, "/mydata").await), [en("mydata-nothing")]);
    let kept = traces_left(&app, &["Fresh Draft".to_owned()]).await;
    assert_eq!(kept.len(), 1, "{kept:?}");
}

#[tokio::test]
async fn mydata_lists_the_members_ratings_and_forget_deletes_them() {
    let app = TestApp::spawn().await;
    let organiser = app.organiser(4_000_001, "KZ-75", Lang::En).await;
    let member = app.member(4_000_002, "KZ-75", Lang::Ru).await;
    let event = app
        .seed_event(&organiser, Some("KZ-75"), None, chrono::Duration::hours(5))
        .await;
    let card = app
        .fake
        .bot_message(&member, "card", serde_json::json!({"inline_keyboard": []}));
    app.press_data(
        &member,
        card,
        &birlik::bot::Callback::Volunteer(event.id).encode(),
    )
    .await;
    app.clock
        .advance(chrono::Duration::hours(4) + chrono::Duration::minutes(30));
    app.send(&member, &format!("/checkin {}", event.checkin_code))
        .await;
    app.clock.advance(chrono::Duration::hours(4));
    let four = birlik::domain::rating::Stars::new(4).unwrap().label();
    app.wait_until("the thank-you arrives", || {
        app.fake.find_button(member.id, &four).is_some()
    })
    .await;
    app.press(&member, &four).await;
    let comment = "Мне понравилось, спасибо Айгуль";
    app.send(&member, comment).await;

    app.send(&member, "/mydata").await;
    let (_, bytes) = app.fake.documents_to(member.id).pop().expect("the JSON document");
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(json["event_ratings"][0]["event_id"], event.id);
    assert_eq!(json["event_ratings"][0]["title"], event.plan.title.as_str());
    assert_eq!(json["event_ratings"][0]["stars"], 4);
    assert_eq!(json["event_ratings"][0]["comment"], comment);

    app.send(&member, "/forget").await;
    app.press(&member, &app.text(Lang::Ru, "forget-yes")).await;
    assert_eq!(
        traces_left(&app, &[comment.to_owned()]).await,
        Vec::<String>::new()
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM event_ratings").await, 0);
    let report = app.send(&organiser, &format!("/stats event {}", event.id)).await;
    assert!(
        report[0]
            .text
            .ends_with(&app.text(Lang::En, "stats-event-rating-none")),
        "{}",
        report[0].text
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn mydata_lists_the_certificates_issued_and_forget_withdraws_them() {
    use crate::certificate::{attended, certificate_of};

    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let organiser = app.organiser(4_100_000, "KZ-75", Lang::En).await;
    let holder = TgUser::new(4_100_001, "Holder", Some("en"));
    let holder_row = app.seed_member(&holder, "KZ-75", Lang::En).await;
    let other = TgUser::new(4_100_002, "Other", Some("kk"));
    let other_row = app.seed_member(&other, "KZ-75", Lang::Kk).await;
    attended(&app, &organiser, holder_row.id, "Clean-up day", 5, 3).await;
    attended(&app, &organiser, other_row.id, "Marathon", 4, 2).await;
    app.queue_idle().await;
    let (_, code) = certificate_of(&app, &holder, Lang::En).await;
    let (_, others) = certificate_of(&app, &other, Lang::Kk).await;

    app.send(&holder, "/mydata").await;
    let (_, bytes) = app.fake.documents_to(holder.id).pop().expect("the export");
    let export: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let listed = &export["certificates"];
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["code"], code.as_str());
    assert_eq!(listed[0]["full_name"], "Holder Testov");
    assert_eq!(listed[0]["seconds"], 3 * 3600);
    assert!(
        !String::from_utf8(bytes).unwrap().contains(&others),
        "nobody else's"
    );

    app.send(&holder, "/forget").await;
    let done = app.press(&holder, &en("forget-yes")).await;
    assert_eq!(done.last().unwrap().text, en("forget-done"));

    // Whoever checks the code now learns only that it does not verify; the other one still does.
    let employer = TgUser::new(4_100_003, "Employer", Some("ru"));
    let checked = app.send(&employer, &format!("/verify {code}")).await;
    assert_eq!(texts(&checked), [app.text(Lang::Ru, "verify-not-genuine")]);
    let checked = app.send(&employer, &format!("/start crt_{code}")).await;
    assert_eq!(texts(&checked), [app.text(Lang::Ru, "verify-not-genuine")]);
    let checked = app.send(&employer, &format!("/verify {others}")).await;
    assert!(checked[0].text.contains("Other Testov"), "{}", checked[0].text);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM certificates WHERE member_id = ?")
        .bind(holder_row.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
    app.assert_no_api_errors();
}

/// People a headquarters imported have not consented to anything: no member's `/mydata` and no
/// staff export holds them, even one with the member's own phone, name and birth year.
#[tokio::test]
async fn mydata_and_the_exports_hold_no_pending_person() {
    use birlik::db::pending::{self, NewPending};

    let app = TestApp::spawn().await;
    let member_user = TgUser::new(1_100_001, "Dana", Some("en"));
    let member = app.seed_member(&member_user, "KZ-75", Lang::En).await;
    let wing = birlik::db::wings::insert(&app.pool, "KZ-75", "Korean youth", 0)
        .await
        .unwrap()
        .id;
    let now = app.clock.unix();
    let import = pending::begin_import(&app.pool, "KZ-75", None, None, "people.csv", now)
        .await
        .unwrap();
    let twin = NewPending {
        wing_id: wing,
        full_name: member.full_name.clone().unwrap(),
        birth_year: member.birth_year,
        phone: member.phone.clone(),
        lang: Some(Lang::En),
    };
    let other = NewPending {
        wing_id: wing,
        full_name: "Pending Person".to_owned(),
        birth_year: 2005,
        phone: Some("+77019998877".to_owned()),
        lang: Some(Lang::Ru),
    };
    let stored = pending::store(&app.pool, import, &[twin, other], now)
        .await
        .unwrap()
        .unwrap();
    let codes: Vec<&str> = stored.iter().map(|p| p.code.as_str()).collect();

    app.send(&member_user, "/mydata").await;
    let documents = app.fake.documents_to(member_user.id);
    let (_, bytes) = documents.last().expect("the member's data");
    let raw = String::from_utf8(bytes.clone()).unwrap();
    for foreign in ["Pending Person", "+77019998877", "people.csv", codes[0], codes[1]] {
        assert!(!raw.contains(foreign), "/mydata holds {foreign}: {raw}");
    }
    let phone = member.phone.clone().unwrap();
    assert_eq!(
        raw.matches(&phone).count(),
        1,
        "the member's own phone, once: {raw}"
    );

    let coordinator = TgUser::new(1_100_002, "Coordinator", Some("en"));
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;
    let admin = TgUser::new(1_100_003, "Admin", Some("en"));
    app.seed_role(&admin, StaffRole::admin()).await;
    for staff in [&coordinator, &admin] {
        app.send(staff, "/export").await;
        let files = app.fake.documents_to(staff.id);
        assert_eq!(files.len(), 3, "{staff:?}");
        for (name, bytes) in &files {
            let csv = String::from_utf8(bytes.clone()).unwrap();
            for foreign in ["Pending Person", "+77019998877", codes[0], codes[1]] {
                assert!(!csv.contains(foreign), "{name} holds {foreign}: {csv}");
            }
            if name.starts_with("members-") {
                assert_eq!(csv.lines().count(), 1 + 1, "the one member: {csv}");
                assert_eq!(csv.matches(&phone).count(), 1, "{csv}");
            }
        }
    }
    app.assert_no_api_errors();
}
