//! Broadcasts through the delivery queue, end to end against the fake Bot API.

use std::collections::HashMap;
use std::time::Duration;

use crate::support::app::texts;
use crate::support::fake_api::{Fault, copies_per_chat};
use crate::support::{TestApp, TgUser};
use birlik::db::members;
use birlik::domain::role::{Role, StaffRole};
use birlik::domain::status::MemberStatus;
use birlik::i18n::Lang;

/// Admin prepares a broadcast to everyone in English and presses Send.
async fn broadcast_to_everyone(app: &TestApp, admin: &TgUser, text: &str, with_ack: bool) {
    let en = |key: &str| app.text(Lang::En, key);
    app.send(admin, "/broadcast").await;
    app.press(admin, &en("broadcast-to-all")).await;
    let asked = app.send(admin, text).await;
    assert_eq!(texts(&asked), [en("broadcast-which-language")]);
    app.press(admin, "English").await;
    let preview = app.press(admin, &en("broadcast-preview")).await;
    assert!(
        preview.iter().any(|s| s.method == "copyMessage"),
        "the preview shows the message as members will see it"
    );
    if with_ack {
        app.press(admin, &en("broadcast-ack-off")).await;
    }
    let summary = app
        .fake
        .sent_to(admin.id)
        .into_iter()
        .rev()
        .find(|s| s.text.starts_with("Audience"))
        .unwrap();
    let send_label = summary
        .button_labels()
        .into_iter()
        .find(|l| l.starts_with("✅"))
        .expect("a Send button with the audience size");
    app.press(admin, &send_label).await;
}

#[tokio::test]
async fn a_thousand_recipients_each_get_one_copy_within_telegrams_limits() {
    let app = TestApp::spawn_strict(&[("ADMIN_IDS", "1"), ("BROADCAST_RATE", "25")]).await;
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let recipients = app.seed_bulk_members(10_000, 1000, &["KZ-75", "KZ-71"]).await;
    let blocked: Vec<i64> = recipients.iter().copied().step_by(100).collect();
    for chat in &blocked {
        app.fake.block_chat(*chat);
    }
    // 5% of sends fail once with a 5xx (teloxide then waits 10 s), and one 429 with retry_after 2.
    let flaky: Vec<i64> = recipients.iter().copied().filter(|id| id % 20 == 7).collect();
    app.fake.fail_once_for(flaky.iter().copied(), Fault::Server(502));
    app.fake
        .fail_once_for([recipients[501]], Fault::TooManyRequests { retry_after: 2 });
    let started = std::time::Instant::now();
    broadcast_to_everyone(&app, &admin, "Ертең сағат 10:00-де жиналыс!", false).await;
    app.wait_broadcasts_finished(Duration::from_secs(150)).await;
    eprintln!(
        "1,000 recipients at 25/s with faults: finished in {:?}",
        started.elapsed()
    );

    let calls = app.fake.calls();
    let copies = copies_per_chat(&calls, admin.id);
    for id in &recipients {
        let expected = usize::from(!blocked.contains(id));
        assert_eq!(copies.get(id).copied().unwrap_or(0), expected, "member {id}");
    }
    for id in &blocked {
        let member = members::find_by_user(&app.pool, *id).await.unwrap().unwrap();
        assert_eq!(member.status, MemberStatus::Blocked);
    }

    // The fake's own clock: never over the rate in any one-second window, never two messages
    // to one member within a second, and no 429 but the one injected.
    assert_eq!(
        app.fake.limit_violations(),
        0,
        "the bot exceeded Telegram's limits: {:?}",
        app.fake.violations()
    );
    let sends: Vec<_> = calls
        .iter()
        .filter(|c| c.method == "copyMessage" && c.params["chat_id"] != admin.id)
        .collect();
    for (i, first) in sends.iter().enumerate() {
        let in_window = sends[i..]
            .iter()
            .take_while(|c| c.at.duration_since(first.at) < Duration::from_secs(1))
            .count();
        assert!(in_window <= 26, "{in_window} sends within one second");
    }
    let mut last: HashMap<i64, std::time::Instant> = HashMap::new();
    for call in &sends {
        let chat = call.params["chat_id"].as_i64().unwrap();
        if let Some(previous) = last.insert(chat, call.at) {
            assert!(
                call.at.duration_since(previous) >= Duration::from_millis(900),
                "chat {chat} twice within a second"
            );
        }
    }

    // The report: right figures, per region, and the CSV of who was not reached.
    let report = app
        .fake
        .sent_to(admin.id)
        .into_iter()
        .rev()
        .find(|s| s.text.contains("Broadcast #1 is finished"))
        .unwrap();
    assert!(report.text.contains("1,000 recipients"), "{}", report.text);
    assert!(report.text.contains("Delivered: 990"), "{}", report.text);
    assert!(report.text.contains("Blocked the bot: 10"), "{}", report.text);
    assert!(report.text.contains("Failed: 0"), "{}", report.text);
    // Every hundredth member blocked the bot; they all live in Almaty (even offsets).
    assert!(report.text.contains("Almaty: 490 / 10 / 0"), "{}", report.text);
    assert!(report.text.contains("Astana: 500 / 0 / 0"), "{}", report.text);
    app.press(&admin, &app.text(Lang::En, "broadcast-unreached-csv"))
        .await;
    let (name, csv) = app.fake.documents_to(admin.id).pop().expect("the CSV");
    assert_eq!(name, "broadcast-1-not-reached.csv");
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.starts_with('\u{feff}'),
        "UTF-8 with a byte-order mark for spreadsheets"
    );
    assert_eq!(csv.lines().count(), 11, "a header and the 10 who blocked the bot");
    assert!(csv.contains("blocked"));
}

#[tokio::test]
async fn a_restart_in_the_middle_of_a_broadcast_finishes_it_without_duplicates() {
    let mut app = TestApp::spawn_with(&[("ADMIN_IDS", "1"), ("BROADCAST_RATE", "30")]).await;
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    let recipients = app.seed_bulk_members(20_000, 240, &["KZ-79"]).await;
    broadcast_to_everyone(&app, &admin, "Restart-proof", false).await;

    // Stop once part of it is out, as a SIGTERM would, then start again.
    app.wait_until("a third is delivered", || {
        copies_per_chat(&app.fake.calls(), admin.id).len() >= 80
    })
    .await;
    app.restart().await;
    let delivered_at_restart: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE status = 'delivered'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(
        delivered_at_restart < 240,
        "the broadcast was still running at the restart"
    );

    app.wait_broadcasts_finished(Duration::from_secs(60)).await;
    let copies = copies_per_chat(&app.fake.calls(), admin.id);
    for id in &recipients {
        assert_eq!(
            copies.get(id),
            Some(&1),
            "member {id} got {:?} copies",
            copies.get(id)
        );
    }
}

#[tokio::test]
async fn members_get_their_language_and_can_say_they_saw_it() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "30")]).await;
    let coordinator = TgUser::new(1, "Coord", Some("ru"));
    app.seed_member(&coordinator, "KZ-75", Lang::Ru).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;
    let kk = TgUser::new(2, "Kk", Some("kk"));
    let ru = TgUser::new(3, "Ru", Some("ru"));
    let en = TgUser::new(4, "En", Some("en"));
    let elsewhere = TgUser::new(5, "Elsewhere", Some("ru"));
    app.seed_member(&kk, "KZ-75", Lang::Kk).await;
    app.seed_member(&ru, "KZ-75", Lang::Ru).await;
    app.seed_member(&en, "KZ-75", Lang::En).await;
    app.seed_member(&elsewhere, "KZ-71", Lang::Ru).await;
    let t = |key: &str| app.text(Lang::Ru, key);

    let who = app.send(&coordinator, "/broadcast").await;
    assert_eq!(
        who[0].button_labels(),
        [t("broadcast-to-region")],
        "a coordinator's only audience is their region"
    );
    app.press(&coordinator, &t("broadcast-to-region")).await;
    let kk_update = app.fake.user_message(&coordinator, "Қазақша нұсқа");
    app.wait_handled(kk_update).await;
    app.press(&coordinator, "Қазақша").await;
    let ru_update = app.fake.user_message(&coordinator, "Русская версия");
    app.wait_handled(ru_update).await;
    app.press(&coordinator, "Русский").await;
    app.press(&coordinator, &t("broadcast-preview")).await;
    app.press(&coordinator, &t("broadcast-ack-off")).await;
    let send = app
        .fake
        .visible_buttons(coordinator.id)
        .into_iter()
        .find(|l| l.starts_with("✅ Отправить"))
        .unwrap();
    assert_eq!(
        send, "✅ Отправить (4)",
        "three members and the coordinator, not the other region"
    );
    let (preview, _) = app.fake.find_button(coordinator.id, &send).unwrap();
    app.press(&coordinator, &send).await;
    // The pressed button reads as a choice under the preview: no emoji, no count.
    let (settled, buttons) = app.fake.shown(coordinator.id, preview).unwrap();
    assert!(settled.ends_with("\n\n✓ Отправить"), "{settled}");
    assert!(buttons.is_empty(), "{buttons:?}");
    app.wait_broadcasts_finished(Duration::from_secs(30)).await;

    // The message ids the bot copied: Kazakh to kk, Russian to ru, the first (Kazakh) to en.
    let copied: HashMap<i64, (i64, String)> = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| {
            c.method == "copyMessage"
                && c.params["from_chat_id"] == coordinator.id
                && c.params["chat_id"] != coordinator.id
        })
        .map(|c| {
            let label = c.params["reply_markup"]["inline_keyboard"][0][0]["text"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            (
                c.params["chat_id"].as_i64().unwrap(),
                (c.params["message_id"].as_i64().unwrap(), label),
            )
        })
        .collect();
    let kk_source = copied[&kk.id].0;
    assert_eq!(
        copied[&en.id].0, kk_source,
        "other languages get the first version"
    );
    assert_ne!(copied[&ru.id].0, kk_source);
    assert!(
        !copied.contains_key(&elsewhere.id),
        "another region is not reached"
    );
    assert_eq!(copied[&kk.id].1, app.text(Lang::Kk, "broadcast-seen-it"));
    assert_eq!(copied[&en.id].1, app.text(Lang::En, "broadcast-seen-it"));

    // "Seen it", pressed twice, counts once; the report counts it by region and wing.
    app.press(&ru, &app.text(Lang::Ru, "broadcast-seen-it")).await;
    app.press(&ru, &app.text(Lang::Ru, "broadcast-seen-it")).await;
    app.press(&kk, &app.text(Lang::Kk, "broadcast-seen-it")).await;
    let acks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM acknowledgements")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(acks, 2);
    app.send(&coordinator, "/broadcasts").await;
    let report = app.press(&coordinator, "📊 №1").await;
    assert!(
        report[0].text.contains("Нажали «Прочитано»: 2"),
        "{}",
        report[0].text
    );
    assert!(
        report[0].text.contains("Алматы, Без крыла: 2"),
        "{}",
        report[0].text
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn members_cannot_broadcast_and_coordinators_cannot_reach_another_region() {
    let app = TestApp::spawn().await;
    let member = TgUser::new(1, "Member", Some("en"));
    let coordinator = TgUser::new(2, "Coord", Some("en"));
    app.seed_member(&member, "KZ-75", Lang::En).await;
    app.seed_member(&coordinator, "KZ-75", Lang::En).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;
    app.seed_bulk_members(5000, 20, &["KZ-71"]).await;

    assert_eq!(
        texts(&app.send(&member, "/broadcast").await),
        [app.text(Lang::En, "not-allowed")]
    );
    assert_eq!(
        texts(&app.send(&member, "/broadcasts").await),
        [app.text(Lang::En, "not-allowed")]
    );

    // Forged audience buttons for another region, or for everyone.
    let own = app.send(&coordinator, "/broadcast").await;
    let message_id = own[0].message_id.unwrap();
    for data in ["bar:KZ-71", "baa", "bcr", "bcw", "bwr:KZ-71"] {
        let since = app.fake.call_count();
        app.press_data(&coordinator, message_id, data).await;
        assert_eq!(
            app.callback_answers_since(since),
            [app.text(Lang::En, "button-stale")],
            "{data}"
        );
    }
    // A member's forged press on Send does nothing either.
    let member_message = app.fake.sent_to(member.id)[0].message_id.unwrap();
    app.press_data(&member, member_message, "bsd").await;
    let created: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM broadcasts")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(created, 0);
    let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deliveries")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(queued, 0);
}

#[tokio::test]
async fn a_linked_group_receives_its_regions_broadcasts() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "30")]).await;
    let coordinator = TgUser::new(1, "Coord", Some("en"));
    app.seed_member(&coordinator, "KZ-63", Lang::En).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, "KZ-63"))
        .await;
    let member = TgUser::new(2, "Member", Some("en"));
    app.seed_member(&member, "KZ-63", Lang::En).await;
    let group = -100_777;

    // A member cannot link a group; the coordinator can, in a group only.
    let refused = app
        .fake
        .group_message(&member, group, "Oskemen HQ", "/linkgroup@birlik_test_bot");
    app.wait_handled(refused).await;
    assert_eq!(
        texts(&app.fake.sent_to(group)),
        [app.text(Lang::En, "not-allowed")]
    );
    assert_eq!(
        texts(&app.send(&coordinator, "/linkgroup").await),
        [app.text(Lang::En, "linkgroup-in-group")]
    );
    let linked = app
        .fake
        .group_message(&coordinator, group, "Oskemen HQ", "/linkgroup");
    app.wait_handled(linked).await;
    assert!(
        app.fake
            .sent_to(group)
            .last()
            .unwrap()
            .text
            .contains("East Kazakhstan Region")
    );

    app.send(&coordinator, "/broadcast").await;
    app.press(&coordinator, &app.text(Lang::En, "broadcast-to-region"))
        .await;
    app.send(&coordinator, "Regional news").await;
    app.press(&coordinator, "English").await;
    app.press(&coordinator, &app.text(Lang::En, "broadcast-preview"))
        .await;
    app.press(&coordinator, "✅ Send (3)").await;
    app.wait_broadcasts_finished(Duration::from_secs(30)).await;
    let copies = copies_per_chat(&app.fake.calls(), coordinator.id);
    assert_eq!(copies.get(&group), Some(&1));
    assert_eq!(copies.get(&member.id), Some(&1));
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_running_broadcast_can_be_cancelled() {
    let app = TestApp::spawn_with(&[("ADMIN_IDS", "1"), ("BROADCAST_RATE", "20")]).await;
    let admin = TgUser::new(1, "Admin", Some("en"));
    app.fake.add_private_chat(&admin);
    app.seed_bulk_members(40_000, 200, &["KZ-55"]).await;
    broadcast_to_everyone(&app, &admin, "Cancel me", false).await;
    app.wait_until("some are out", || {
        copies_per_chat(&app.fake.calls(), admin.id).len() >= 10
    })
    .await;

    app.send(&admin, "/broadcasts").await;
    let since = app.fake.call_count();
    app.press(&admin, "✖ Cancel #1").await;
    let answer = app.callback_answers_since(since).pop().unwrap();
    assert!(answer.starts_with("The broadcast is cancelled."), "{answer}");
    app.wait_broadcasts_finished(Duration::from_secs(30)).await;
    let sent = copies_per_chat(&app.fake.calls(), admin.id).len();
    assert!(sent < 200, "cancelling stopped the rest: {sent} sent");
    let cancelled: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE status = 'cancelled'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(cancelled as usize, 200 - sent);
    let report = app
        .fake
        .sent_to(admin.id)
        .into_iter()
        .rev()
        .find(|s| s.text.contains("was cancelled"))
        .unwrap();
    assert!(
        report.text.contains(&format!("Not sent: {cancelled}")),
        "{}",
        report.text
    );
    // Nothing more goes out after the report: the queue holds nothing pending or being sent.
    app.queue_idle().await;
    assert_eq!(copies_per_chat(&app.fake.calls(), admin.id).len(), sent);
}
