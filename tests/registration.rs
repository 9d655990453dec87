//! Registration end to end: the real bot against the fake Bot API, a real SQLite file.

use crate::support::app::{Registration, texts};
use crate::support::people::this_year;
use crate::support::{TestApp, TgUser};
use birlik::db::{members, wings};
use birlik::domain::consent::CONSENT_VERSION;
use birlik::domain::status::MemberStatus;
use birlik::i18n::Lang;

async fn member_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn dialogue_state(app: &TestApp, chat_id: i64) -> Option<String> {
    let state: Option<String> = sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(&app.pool)
        .await
        .unwrap();
    state.map(|json| {
        serde_json::from_str::<serde_json::Value>(&json).unwrap()["state"]
            .as_str()
            .unwrap()
            .to_owned()
    })
}

#[tokio::test]
async fn kazakh_user_registers_end_to_end_in_kazakh() {
    let app = TestApp::spawn().await;
    let wing = wings::insert(&app.pool, "KZ-75", "Корей жастары", 0)
        .await
        .unwrap();
    let user = TgUser::new(1001, "Әйгерім", Some("kk"));
    let kk = |key: &str| app.text(Lang::Kk, key);

    let language = app.send(&user, "/start").await;
    assert_eq!(language.len(), 1);
    assert_eq!(
        language[0].text,
        "Тілді таңдаңыз / Выберите язык / Choose your language"
    );
    // Telegram's language is preselected.
    assert_eq!(language[0].button_labels(), ["✓ Қазақша", "Русский", "English"]);

    let consent = app.press(&user, "✓ Қазақша").await;
    assert_eq!(
        consent[0].method, "editMessageText",
        "the pressed keyboard is settled"
    );
    assert!(consent[0].text.ends_with("✓ Қазақша"));
    assert!(consent[0].buttons().is_empty());
    assert_eq!(consent[1].text, kk("reg-consent-text"));
    assert_eq!(
        consent[1].button_labels(),
        [kk("reg-consent-agree"), kk("reg-consent-decline")]
    );

    let name = app.press(&user, &kk("reg-consent-agree")).await;
    assert_eq!(name.last().unwrap().text, kk("reg-ask-name"));

    let year = app.send(&user, "Әйгерім Нұрланқызы").await;
    assert_eq!(texts(&year), [kk("reg-ask-birth-year")]);

    let region = app.send(&user, "2001").await;
    assert_eq!(region[0].text, kk("reg-ask-region"));
    let labels = region[0].button_labels();
    assert_eq!(labels.len(), 20);
    assert_eq!(&labels[..3], ["Астана", "Алматы", "Шымкент"]);
    assert!(labels.contains(&"Солтүстік Қазақстан облысы".to_owned()));

    let wing_question = app.press(&user, "Алматы").await;
    assert_eq!(wing_question[1].text, kk("reg-ask-wing"));
    assert_eq!(
        wing_question[1].button_labels(),
        ["Корей жастары".to_owned(), kk("wing-pick-none")]
    );

    let phone = app.press(&user, "Корей жастары").await;
    assert_eq!(phone[1].text, kk("reg-ask-phone"));
    assert_eq!(phone[1].reply_keyboard(), [kk("phone-share"), kk("phone-skip")]);
    assert_eq!(
        phone[1].params["reply_markup"]["keyboard"][0][0]["request_contact"],
        true
    );

    let summary = app.share_contact(&user, "77011234567", Some(user.id)).await;
    assert_eq!(summary[0].text, kk("phone-received"));
    assert!(summary[0].removes_reply_keyboard());
    let expected_summary = app.locales.text_with(
        Lang::Kk,
        "reg-summary",
        &[
            ("name", "Әйгерім Нұрланқызы".into()),
            ("birth_year", 2001.into()),
            ("region", "Алматы".into()),
            ("wing", "Корей жастары".into()),
            ("phone", "+77011234567".into()),
            ("language", "Қазақша".into()),
        ],
    );
    assert_eq!(summary[1].text, expected_summary);
    assert!(summary[1].text.contains("Аты-жөні: Әйгерім Нұрланқызы"));

    let done = app.press(&user, &kk("reg-confirm")).await;
    assert_eq!(
        done.last().unwrap().text,
        "Қозғалысқа қош келдіңіз, Әйгерім Нұрланқызы! Сіз тіркелдіңіз. Деректеріңізді көру немесе өзгерту үшін /profile, қалғаны үшін /help жіберіңіз."
    );
    // The main menu comes with the welcome, in Kazakh, and stays under the text field.
    let welcome = done.last().unwrap();
    assert_eq!(
        welcome.reply_keyboard(),
        [
            "📅 Іс-шаралар",
            "🗓 Жазылуларым",
            "✅ Келгенімді белгілеу",
            "👤 Профилім",
            "❓ Анықтама"
        ]
    );
    assert_eq!(welcome.params["reply_markup"]["is_persistent"], true);
    assert_eq!(welcome.params["reply_markup"]["resize_keyboard"], true);

    let member = members::find_by_user(&app.pool, user.id)
        .await
        .unwrap()
        .expect("the member row");
    assert_eq!(member.full_name.as_deref(), Some("Әйгерім Нұрланқызы"));
    assert_eq!(member.birth_year, 2001);
    assert_eq!(member.region_iso, "KZ-75");
    assert_eq!(member.wing_id, Some(wing.id));
    assert_eq!(member.phone.as_deref(), Some("+77011234567"));
    assert_eq!(member.lang, Lang::Kk);
    assert_eq!(member.consent_version, CONSENT_VERSION);
    assert!(member.consent_at > 0);
    assert_eq!(member.guardian_consent_at, None, "an adult needs no guardian");
    assert_eq!(member.chat_id, Some(user.id));
    assert_eq!(member.status, MemberStatus::Active);
    assert_eq!(dialogue_state(&app, user.id).await, None, "the dialogue is over");
    app.assert_no_api_errors();
}

#[tokio::test]
async fn russian_and_english_users_register_in_their_language() {
    let app = TestApp::spawn().await;
    for (id, code, lang, name, region) in [
        (
            2001,
            "ru",
            Lang::Ru,
            "Иванова Анна-Мария",
            "Карагандинская область",
        ),
        (2002, "en", Lang::En, "Sean O'Connor", "Almaty Region"),
    ] {
        let user = TgUser::new(id, "X", Some(code));
        app.register(
            &user,
            &Registration {
                lang,
                name,
                birth_year: this_year() - 20,
                region,
                wing: None,
                phone: None,
            },
        )
        .await;
        let member = members::find_by_user(&app.pool, id).await.unwrap().unwrap();
        assert_eq!(member.full_name.as_deref(), Some(name));
        assert_eq!(member.lang, lang);
        assert_eq!(member.phone, None);
        assert_eq!(member.wing_id, None);
        // Every word the bot said was in the member's language.
        let said = app.fake.sent_to(id);
        let other = if lang == Lang::Ru { Lang::En } else { Lang::Ru };
        for message in &said[1..] {
            for key in [
                "reg-ask-name",
                "reg-ask-birth-year",
                "reg-ask-region",
                "reg-ask-phone",
            ] {
                assert_ne!(message.text, app.text(other, key));
            }
        }
    }
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_user_may_pick_another_language_than_telegrams() {
    let app = TestApp::spawn().await;
    let user = TgUser::new(2101, "Dana", Some("de"));
    let start = app.send(&user, "/start").await;
    // An unsupported Telegram language falls back to DEFAULT_LOCALE (kk), ticked.
    assert_eq!(start[0].button_labels(), ["✓ Қазақша", "Русский", "English"]);
    let consent = app.press(&user, "English").await;
    assert_eq!(
        consent.last().unwrap().text,
        app.text(Lang::En, "reg-consent-text")
    );
}

#[tokio::test]
async fn wrong_input_at_each_step_is_explained_and_the_step_asked_again() {
    let app = TestApp::spawn().await;
    let user = TgUser::new(3001, "Test", Some("en"));
    let en = |key: &str| app.text(Lang::En, key);

    // Step 1: language — typing instead of pressing.
    app.send(&user, "/start").await;
    let again = app.send(&user, "English please").await;
    assert_eq!(
        texts(&again),
        [
            en("use-buttons"),
            "Тілді таңдаңыз / Выберите язык / Choose your language".to_owned()
        ]
    );
    assert_eq!(
        dialogue_state(&app, user.id).await.as_deref(),
        Some("reg_language")
    );

    // Step 2: consent.
    app.press(&user, "✓ English").await;
    let again = app.send(&user, "yes").await;
    assert_eq!(texts(&again), [en("use-buttons"), en("reg-consent-text")]);
    app.press(&user, &en("reg-consent-agree")).await;

    // Step 3: name.
    for (input, reason) in [
        (
            "A",
            app.locales.text_with(
                Lang::En,
                "name-too-short",
                &[("min", 2.into()), ("max", 100.into())],
            ),
        ),
        (
            "R2-D2",
            app.locales
                .text_with(Lang::En, "name-invalid-character", &[("character", "2".into())]),
        ),
        (
            &"a".repeat(101),
            app.locales.text_with(
                Lang::En,
                "name-too-long",
                &[("min", 2.into()), ("max", 100.into())],
            ),
        ),
    ] {
        let again = app.send(&user, input).await;
        assert_eq!(texts(&again), [reason, en("reg-ask-name")], "{input}");
        assert_eq!(dialogue_state(&app, user.id).await.as_deref(), Some("reg_name"));
    }
    let again = app.send_sticker(&user).await;
    assert_eq!(texts(&again), [en("name-empty"), en("reg-ask-name")]);
    app.send(&user, "Test User").await;

    // Step 4: birth year, at and beyond the bounds.
    let now = this_year();
    for input in ["nineteen", "05", &(now - 13).to_string(), &(now - 36).to_string()] {
        let again = app.send(&user, input).await;
        assert_eq!(again.len(), 2, "{input}: {:?}", texts(&again));
        assert_eq!(again[1].text, en("reg-ask-birth-year"));
        assert_eq!(
            dialogue_state(&app, user.id).await.as_deref(),
            Some("reg_birth_year")
        );
    }
    let too_young = app.send(&user, &(now - 13).to_string()).await;
    assert!(
        too_young[0]
            .text
            .contains(&format!("born in {} or earlier", now - 14)),
        "{}",
        too_young[0].text
    );
    let too_old = app.send(&user, &(now - 36).to_string()).await;
    assert!(
        too_old[0]
            .text
            .contains(&format!("born in {} or later", now - 35)),
        "{}",
        too_old[0].text
    );
    app.send(&user, &(now - 35).to_string()).await;

    // Step 5: region — text, and a forged region code.
    let again = app.send(&user, "Almaty").await;
    assert_eq!(texts(&again), [en("use-buttons"), en("reg-ask-region")]);
    let region_message = again[1].message_id.unwrap();
    let since = app.fake.call_count();
    let nothing = app.press_data(&user, region_message, "r:KZ-99").await;
    assert!(nothing.is_empty());
    assert_eq!(app.callback_answers_since(since), [en("button-stale")]);
    assert_eq!(dialogue_state(&app, user.id).await.as_deref(), Some("reg_region"));
    app.press(&user, "Astana").await;

    // Step 6: wing — a wing of another region is refused.
    let other_region_wing = wings::insert(&app.pool, "KZ-79", "Uzbek youth", 0).await.unwrap();
    let wing_message = app.fake.find_button(user.id, &en("wing-pick-none")).unwrap().0;
    let since = app.fake.call_count();
    app.press_data(&user, wing_message, &format!("w:{}", other_region_wing.id))
        .await;
    assert_eq!(app.callback_answers_since(since), [en("button-stale")]);
    assert_eq!(dialogue_state(&app, user.id).await.as_deref(), Some("reg_wing"));
    app.press(&user, &en("wing-pick-none")).await;

    // Step 7: phone — text, and somebody else's contact.
    let again = app.send(&user, "+77011234567").await;
    assert_eq!(texts(&again), [en("phone-use-button"), en("reg-ask-phone")]);
    let again = app.share_contact(&user, "77019999999", Some(999)).await;
    assert_eq!(texts(&again), [en("phone-not-yours"), en("reg-ask-phone")]);
    assert_eq!(dialogue_state(&app, user.id).await.as_deref(), Some("reg_phone"));
    app.send(&user, &en("phone-skip")).await;

    // Step 8: confirmation.
    let again = app.send(&user, "ok").await;
    assert_eq!(again[0].text, en("use-buttons"));
    assert_eq!(
        again[1].button_labels(),
        [en("reg-confirm"), en("reg-start-over")]
    );

    assert_eq!(member_count(&app).await, 0, "nothing is stored before Confirm");
    app.press(&user, &en("reg-confirm")).await;
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.birth_year, now - 35);
    assert_eq!(member.region_iso, "KZ-71");
    assert_eq!(member.phone, None);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn declining_consent_stores_nothing() {
    let app = TestApp::spawn().await;
    let user = TgUser::new(4001, "Ерлан", Some("ru"));
    app.send(&user, "/start").await;
    app.press(&user, "✓ Русский").await;
    let bye = app.press(&user, &app.text(Lang::Ru, "reg-consent-decline")).await;
    assert_eq!(bye.last().unwrap().text, app.text(Lang::Ru, "reg-declined"));
    assert_eq!(member_count(&app).await, 0);
    assert_eq!(dialogue_state(&app, user.id).await, None);
}

#[tokio::test]
async fn minors_need_a_guardians_agreement_which_is_recorded() {
    let app = TestApp::spawn().await;
    let fifteen = (this_year() - 15).to_string();

    let refused = TgUser::new(5001, "Teen", Some("kk"));
    app.send(&refused, "/start").await;
    app.press(&refused, "✓ Қазақша").await;
    app.press(&refused, &app.text(Lang::Kk, "reg-consent-agree"))
        .await;
    app.send(&refused, "Нұрсұлтан Әлиев").await;
    let question = app.send(&refused, &fifteen).await;
    assert_eq!(question[0].text, app.text(Lang::Kk, "reg-guardian-question"));
    let bye = app.press(&refused, &app.text(Lang::Kk, "reg-guardian-no")).await;
    assert_eq!(
        bye.last().unwrap().text,
        app.text(Lang::Kk, "reg-guardian-declined")
    );
    assert_eq!(member_count(&app).await, 0);
    assert_eq!(dialogue_state(&app, refused.id).await, None);

    let agreed = TgUser::new(5002, "Teen", Some("kk"));
    app.register(
        &agreed,
        &Registration {
            lang: Lang::Kk,
            name: "Іңкәр Сейітова",
            birth_year: this_year() - 15,
            region: "Шымкент",
            wing: None,
            phone: None,
        },
    )
    .await;
    let member = members::find_by_user(&app.pool, agreed.id)
        .await
        .unwrap()
        .unwrap();
    assert!(member.guardian_consent_at.is_some());
}

#[tokio::test]
async fn a_restart_in_the_middle_of_registration_loses_nothing() {
    let mut app = TestApp::spawn().await;
    let user = TgUser::new(6001, "Асқар", Some("kk"));
    let kk = |app: &TestApp, key: &str| app.text(Lang::Kk, key);
    app.send(&user, "/start").await;
    app.press(&user, "✓ Қазақша").await;
    app.press(&user, &kk(&app, "reg-consent-agree")).await;
    app.send(&user, "Асқар Жұмабаев").await;

    app.restart().await;

    // The next answer continues the same registration.
    let region = app.send(&user, "1999").await;
    assert_eq!(region[0].text, kk(&app, "reg-ask-region"));
    app.press(&user, "Астана").await;

    app.restart().await;

    // /start after a restart picks the registration up where it stopped.
    let resumed = app.send(&user, "/start").await;
    assert_eq!(
        texts(&resumed),
        [kk(&app, "reg-resume"), kk(&app, "reg-ask-wing-none-yet")]
    );
    app.press(&user, &kk(&app, "wing-pick-none")).await;
    app.send(&user, &kk(&app, "phone-skip")).await;
    app.press(&user, &kk(&app, "reg-confirm")).await;

    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.full_name.as_deref(), Some("Асқар Жұмабаев"));
    assert_eq!(member.birth_year, 1999);
    assert_eq!(member.region_iso, "KZ-71");
    app.assert_no_api_errors();
}

#[tokio::test]
async fn an_update_handled_before_a_restart_and_delivered_again_after_it_changes_nothing() {
    let mut app = TestApp::spawn().await;
    let user = TgUser::new(7002, "Dup", Some("en"));
    let en = |app: &TestApp, key: &str| app.text(Lang::En, key);
    app.send(&user, "/start").await;
    app.press(&user, "✓ English").await;
    app.press(&user, &en(&app, "reg-consent-agree")).await;
    let name = app.fake.user_message(&user, "Before Restart");
    app.wait_handled(name).await;

    // The bot remembers handled updates in memory only since its start: the older ones are
    // asked of the database.
    app.restart().await;
    let since = app.fake.call_count();
    app.fake.redeliver(name);
    app.wait_until("the copy is skipped", || {
        app.telemetry().duplicates_skipped() == 1
    })
    .await;
    assert!(app.fake.sent_since(user.id, since).is_empty());

    // The registration still waits for the birth year, not a second name.
    let region = app.send(&user, "2001").await;
    assert_eq!(region[0].text, en(&app, "reg-ask-region"));
    app.assert_no_api_errors();
}

#[tokio::test]
async fn the_same_update_delivered_twice_is_handled_once() {
    let app = TestApp::spawn().await;
    let user = TgUser::new(7001, "Dup", Some("en"));
    let en = |key: &str| app.text(Lang::En, key);
    app.send(&user, "/start").await;
    app.press(&user, "✓ English").await;
    app.press(&user, &en("reg-consent-agree")).await;

    // The name arrives twice: the second copy must not be taken for the birth year.
    let since = app.fake.call_count();
    let update = app.fake.user_message(&user, "Twice Sent");
    app.wait_handled(update).await;
    app.fake.redeliver(update);
    app.wait_until("the copy is skipped", || {
        app.telemetry().duplicates_skipped() == 1
    })
    .await;
    let replies = app.fake.sent_since(user.id, since);
    assert_eq!(texts(&replies), [en("reg-ask-birth-year")]);

    app.send(&user, "2000").await;
    app.press(&user, "Astana").await;
    app.press(&user, &en("wing-pick-none")).await;
    app.send(&user, &en("phone-skip")).await;

    // Confirm pressed, and the press delivered again: one member, one welcome.
    let (message_id, data) = app.fake.find_button(user.id, &en("reg-confirm")).unwrap();
    let since = app.fake.call_count();
    let press = app.fake.user_presses(&user, message_id, &data);
    app.wait_handled(press).await;
    app.fake.redeliver(press);
    app.wait_until("the copy is skipped", || {
        app.telemetry().duplicates_skipped() == 2
    })
    .await;
    let welcome = app
        .locales
        .text_with(Lang::En, "reg-done", &[("name", "Twice Sent".into())]);
    let replies = app.fake.sent_since(user.id, since);
    assert_eq!(replies.iter().filter(|s| s.text == welcome).count(), 1);
    assert_eq!(member_count(&app).await, 1);

    // A second press of the settled Confirm button (a stale keyboard) changes nothing either.
    let since = app.fake.call_count();
    app.press_data(&user, message_id, &data).await;
    assert_eq!(app.callback_answers_since(since), [en("button-stale")]);
    assert_eq!(member_count(&app).await, 1);
}

#[tokio::test]
async fn start_over_goes_back_to_the_language_and_keeps_nothing() {
    let app = TestApp::spawn().await;
    let user = TgUser::new(7501, "Re", Some("ru"));
    let ru = |key: &str| app.text(Lang::Ru, key);
    app.send(&user, "/start").await;
    app.press(&user, "✓ Русский").await;
    app.press(&user, &ru("reg-consent-agree")).await;
    app.send(&user, "Первое Имя").await;
    app.send(&user, "2000").await;
    app.press(&user, "Астана").await;
    app.press(&user, &ru("wing-pick-none")).await;
    app.send(&user, &ru("phone-skip")).await;
    let language = app.press(&user, &ru("reg-start-over")).await;
    assert_eq!(
        language.last().unwrap().button_labels(),
        ["Қазақша", "✓ Русский", "English"]
    );
    assert_eq!(member_count(&app).await, 0);
    assert_eq!(
        dialogue_state(&app, user.id).await.as_deref(),
        Some("reg_language")
    );
}

#[tokio::test]
async fn commands_work_in_the_middle_of_registration() {
    let app = TestApp::spawn().await;
    let user = TgUser::new(7601, "Cmd", Some("en"));
    let en = |key: &str| app.text(Lang::En, key);
    app.send(&user, "/start").await;
    app.press(&user, "✓ English").await;
    app.press(&user, &en("reg-consent-agree")).await;
    assert_eq!(texts(&app.send(&user, "/help").await), [en("help-guest")]);
    assert_eq!(
        texts(&app.send(&user, "/whatever").await),
        [en("unknown-command")]
    );
    assert_eq!(dialogue_state(&app, user.id).await.as_deref(), Some("reg_name"));
    assert_eq!(texts(&app.send(&user, "/cancel").await), [en("cancelled")]);
    assert_eq!(dialogue_state(&app, user.id).await, None);
    assert_eq!(
        texts(&app.send(&user, "/cancel").await),
        [en("nothing-to-cancel")]
    );
    assert_eq!(texts(&app.send(&user, "hello").await), [en("not-registered")]);
}

#[tokio::test]
async fn command_menus_are_registered_in_each_language() {
    let app = TestApp::spawn().await;
    app.wait_until("menus are registered", || {
        app.fake
            .calls()
            .iter()
            .filter(|c| c.method == "setMyCommands")
            .count()
            == 4
    })
    .await;
    let menus: Vec<_> = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "setMyCommands")
        .collect();
    for (lang, code) in [(Lang::Kk, "kk"), (Lang::Ru, "ru"), (Lang::En, "en")] {
        let menu = menus
            .iter()
            .find(|c| c.params["language_code"] == code)
            .expect("a menu per language");
        let first = &menu.params["commands"][0];
        assert_eq!(first["command"], "start");
        assert_eq!(first["description"], app.text(lang, "cmd-start"));
    }
    let default = menus
        .iter()
        .find(|c| c.params.get("language_code").is_none())
        .expect("a default menu");
    assert_eq!(
        default.params["commands"][0]["description"],
        app.text(Lang::Kk, "cmd-start")
    );
}

#[tokio::test]
async fn in_groups_the_bot_answers_only_commands_and_sends_people_to_private() {
    let app = TestApp::spawn().await;
    let user = TgUser::new(8001, "Group", Some("ru"));
    let group = -100_123;
    let since = app.fake.call_count();
    let chatter = app.fake.group_message(&user, group, "HQ", "всем привет");
    app.wait_handled(chatter).await;
    let other_bot = app
        .fake
        .group_message(&user, group, "HQ", "/start@some_other_bot");
    app.wait_handled(other_bot).await;
    assert!(
        app.fake.sent_since(group, since).is_empty(),
        "chatter is not the bot's business"
    );

    let command = app
        .fake
        .group_message(&user, group, "HQ", "/start@birlik_test_bot");
    app.wait_handled(command).await;
    let reply = app.fake.sent_since(group, since);
    assert_eq!(reply.len(), 1);
    assert!(reply[0].text.contains("https://t.me/birlik_test_bot"));
    assert_eq!(member_count(&app).await, 0);
    assert_eq!(
        dialogue_state(&app, group).await,
        None,
        "no registration starts in a group"
    );
}

/// What the bot showed, as the person sees it: each message's text, inline buttons and reply
/// keyboard.
fn seen(sent: &[crate::support::fake_api::Sent]) -> Vec<(String, Vec<Vec<String>>, Vec<String>)> {
    sent.iter()
        .map(|s| (s.text.clone(), s.buttons(), s.reply_keyboard()))
        .collect()
}

/// Pressing the menu button `label` shows what typing `command` shows.
async fn button_does_what_command_does(app: &TestApp, user: &TgUser, label: &str, command: &str) {
    let pressed = app.send(user, label).await;
    app.send(user, "/cancel").await;
    let typed = app.send(user, command).await;
    app.send(user, "/cancel").await;
    assert!(!pressed.is_empty(), "{label:?} got no answer");
    assert_eq!(seen(&pressed), seen(&typed), "{label:?} against {command}");
}

#[tokio::test]
async fn the_main_menu_does_what_the_commands_do_in_kazakh_and_russian() {
    use birlik::domain::role::{Role, StaffRole};
    let app = TestApp::spawn().await;
    let kk_member = TgUser::new(1701, "Айгүл", Some("kk"));
    app.seed_member(&kk_member, "KZ-75", Lang::Kk).await;
    let ru_coordinator = TgUser::new(1702, "Ольга", Some("ru"));
    app.seed_member(&ru_coordinator, "KZ-75", Lang::Ru).await;
    app.seed_role(&ru_coordinator, StaffRole::regional(Role::Coordinator, "KZ-75"))
        .await;

    // /help brings the menu: a member's everyday actions; staff tools above them for staff.
    let help = app.send(&kk_member, "/help").await;
    assert_eq!(
        help[0].reply_keyboard(),
        [
            "📅 Іс-шаралар",
            "🗓 Жазылуларым",
            "✅ Келгенімді белгілеу",
            "👤 Профилім",
            "❓ Анықтама"
        ]
    );
    let welcome = app.send(&ru_coordinator, "/start").await;
    assert_eq!(
        welcome[0].reply_keyboard(),
        [
            "➕ Новое мероприятие",
            "👥 Волонтёры",
            "📊 Статистика",
            "📣 Рассылка",
            "📅 Мероприятия",
            "🗓 Мои записи",
            "✅ Отметиться",
            "👤 Профиль",
            "❓ Справка"
        ]
    );

    for (label, command) in [
        ("📅 Іс-шаралар", "/events"),
        ("🗓 Жазылуларым", "/my"),
        ("✅ Келгенімді белгілеу", "/checkin"),
        ("👤 Профилім", "/profile"),
        ("❓ Анықтама", "/help"),
        // A member's button for staff tools is refused as the command is.
        ("➕ Жаңа іс-шара", "/newevent"),
    ] {
        button_does_what_command_does(&app, &kk_member, label, command).await;
    }
    for (label, command) in [
        ("📅 Мероприятия", "/events"),
        ("🗓 Мои записи", "/my"),
        ("✅ Отметиться", "/checkin"),
        ("👤 Профиль", "/profile"),
        ("❓ Справка", "/help"),
        ("➕ Новое мероприятие", "/newevent"),
        ("👥 Волонтёры", "/volunteers"),
        ("📊 Статистика", "/stats"),
        ("📣 Рассылка", "/broadcast"),
        // A keyboard drawn in another language still works, answering in the member's own.
        ("📅 Іс-шаралар", "/events"),
        ("👤 Profile", "/profile"),
    ] {
        button_does_what_command_does(&app, &ru_coordinator, label, command).await;
    }
    let profile = app.send(&ru_coordinator, "👤 Profile").await;
    assert!(profile[0].text.contains("Ольга Testov"), "{}", profile[0].text);

    // Text the bot does not understand points to the menu, and shows it again.
    let lost = app.send(&kk_member, "сәлем").await;
    assert_eq!(
        lost[0].text,
        "Түсінбедім. Төмендегі мәзір батырмаларын пайдаланыңыз немесе не істей алатынымды көру үшін /help жіберіңіз."
    );
    assert_eq!(lost[0].reply_keyboard()[0], "📅 Іс-шаралар");
    let lost = app.send(&ru_coordinator, "привет").await;
    assert_eq!(
        lost[0].text,
        "Я не совсем понял. Воспользуйтесь кнопками меню внизу или отправьте /help, чтобы увидеть, что я умею."
    );
    assert_eq!(lost[0].reply_keyboard()[0], "➕ Новое мероприятие");
    app.assert_no_api_errors();
}
