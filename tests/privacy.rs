//! `/mydata` and `/forget`: a member sees all their data and nobody else's, and can erase it.

mod support;

use birlik::db::members;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;
use support::app::{Registration, texts};
use support::{TestApp, TgUser};

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
