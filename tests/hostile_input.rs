//! Hostile input end to end: messages of Telegram's full 4,096 characters at every free-text
//! step, emoji, right-to-left text, control characters and direction overrides, SQL fragments
//! and markup, through the real dispatcher.
//!
//! What the user sees is checked: a clear answer in their language, nothing stored when the
//! input was refused, valid text with special characters echoed back exactly (the bot sends
//! plain text, never with a `parse_mode`), and no message over Telegram's limits.

use crate::support::app::{Registration, texts};
use crate::support::{TestApp, TgUser};
use birlik::db::{members, wings};
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;
use chrono::Duration;
use serde_json::Value;

const ALMATY: &str = "KZ-75";

/// Telegram's longest message, counted in UTF-16 code units as Telegram counts.
const MESSAGE_LIMIT: usize = 4096;
const CAPTION_LIMIT: usize = 1024;
const CALLBACK_ANSWER_LIMIT: usize = 200;

/// Tables that refused input must leave as they were.
const STORED: [&str; 7] = [
    "members",
    "roles",
    "invites",
    "events",
    "signups",
    "wings",
    "audit_log",
];

/// `prefix` and then `fill` over and over: a message of exactly 4,096 characters, the most a
/// Telegram client sends.
fn full_message(prefix: &str, fill: &str) -> String {
    prefix
        .chars()
        .chain(fill.chars().cycle())
        .take(MESSAGE_LIMIT)
        .collect()
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Every call the bot made stays within Telegram's limits, counted as strictly as Telegram
/// counts them, and none asks Telegram to parse markup in text that users wrote.
fn assert_within_telegram_limits(app: &TestApp) {
    for call in app.fake.calls() {
        let params = &call.params;
        assert!(
            params.get("parse_mode").is_none(),
            "{} with a parse_mode: user text would be read as markup",
            call.method
        );
        let text = params.get("text").and_then(Value::as_str);
        if call.method == "answerCallbackQuery" {
            if let Some(text) = text {
                assert!(
                    utf16_len(text) <= CALLBACK_ANSWER_LIMIT,
                    "callback answer {text:?}"
                );
            }
            continue;
        }
        if let Some(text) = text {
            assert!(!text.trim().is_empty(), "{}: an empty message", call.method);
            assert!(
                utf16_len(text) <= MESSAGE_LIMIT,
                "{}: {} UTF-16 code units: {}…",
                call.method,
                utf16_len(text),
                text.chars().take(200).collect::<String>()
            );
        }
        if let Some(caption) = params.get("caption").and_then(Value::as_str) {
            assert!(
                utf16_len(caption) <= CAPTION_LIMIT,
                "{}: a caption of {} UTF-16 code units",
                call.method,
                utf16_len(caption)
            );
        }
        for button in params["reply_markup"]["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        {
            let data = button["callback_data"].as_str().unwrap_or_default();
            assert!(!data.is_empty() && data.len() <= 64, "callback data {data:?}");
        }
    }
    app.assert_no_api_errors();
}

async fn dialogue_state(app: &TestApp, chat_id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_name_step_of_registration_explains_every_refusal_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let user = TgUser::new(100, "Hostile", Some("en"));
    let en = |key: &str| app.text(Lang::En, key);
    app.send(&user, "/start").await;
    app.press(&user, "✓ English").await;
    app.press(&user, &en("reg-consent-agree")).await;
    let stored = app.snapshot(&STORED).await;
    let state = dialogue_state(&app, user.id).await;

    let invalid = |character: &str| {
        app.locales.text_with(
            Lang::En,
            "name-invalid-character",
            &[("character", character.into())],
        )
    };
    let too_long = app.locales.text_with(
        Lang::En,
        "name-too-long",
        &[("min", 2.into()), ("max", 100.into())],
    );
    let cases = [
        (full_message("", "а"), too_long.clone()),
        (full_message("Асқар ", "Жұмабаев "), too_long),
        (full_message("Аня ", "😀"), invalid("😀")),
        ("Аня 👨‍👩‍👧".to_owned(), invalid("👨")),
        // Invisible characters are named by their code point, never echoed raw.
        ("محمد\u{0}علي".to_owned(), invalid("U+0000")),
        ("Аня\u{202e}ынА".to_owned(), invalid("U+202E")),
        ("\u{1b}[31mАня".to_owned(), invalid("U+001B")),
        ("Аня\u{200b}Ким".to_owned(), invalid("U+200B")),
        ("'; DROP TABLE members; --".to_owned(), invalid(";")),
        ("Robert'); DROP TABLE members;--".to_owned(), invalid(")")),
        ("<b>Аня</b>".to_owned(), invalid("<")),
        ("Аня &amp; Ким".to_owned(), invalid("&")),
        ("*_[]`".to_owned(), invalid("*")),
        (" \t\n ".to_owned(), en("name-empty")),
    ];
    for (input, reason) in cases {
        let reply = app.send(&user, &input).await;
        assert_eq!(
            texts(&reply),
            [reason.as_str(), en("reg-ask-name").as_str()],
            "{:?}",
            input.chars().take(40).collect::<String>()
        );
    }
    assert_eq!(app.snapshot(&STORED).await, stored, "nothing is stored");
    assert_eq!(
        dialogue_state(&app, user.id).await,
        state,
        "the same step is asked again"
    );
    assert_within_telegram_limits(&app);
}

#[tokio::test]
async fn names_in_any_script_with_apostrophes_are_stored_and_echoed_exactly() {
    let app = TestApp::spawn().await;
    let longest = "Әйгерім-Нұрлан ".repeat(7).chars().take(100).collect::<String>();
    let longest = longest.trim_end().to_owned();
    let names = [
        "محمد بن علي",
        "אברהם כהן",
        "Sean O'Connor",
        "Д’Артаньян Ким-Ли",
        "Ли 김민준 Müller",
        longest.as_str(),
    ];
    for (i, name) in names.into_iter().enumerate() {
        let user = TgUser::new(200 + i as i64, "Member", Some("en"));
        // The helper checks the summary and the welcome echo the name as typed.
        app.register(
            &user,
            &Registration {
                lang: Lang::En,
                name,
                birth_year: 2000,
                region: "Astana",
                wing: None,
                phone: None,
            },
        )
        .await;
        let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
        assert_eq!(member.full_name.as_deref(), Some(name));
        let again = app.send(&user, "/start").await;
        assert_eq!(
            texts(&again),
            [app.locales
                .text_with(Lang::En, "welcome-back", &[("name", name.into())])]
        );
        let card = app.send(&user, "/profile").await;
        assert!(
            card[0].text.contains(&format!("Name: {name}\n")),
            "{}",
            card[0].text
        );
    }
    assert_within_telegram_limits(&app);
}

#[tokio::test]
async fn a_profile_name_change_refuses_hostile_text_and_keeps_the_old_name() {
    let app = TestApp::spawn().await;
    let user = TgUser::new(300, "Айдана", Some("kk"));
    app.seed_member(&user, ALMATY, Lang::Kk).await;
    let kk = |key: &str| app.text(Lang::Kk, key);
    app.send(&user, "/profile").await;
    app.press(&user, &kk("profile-edit-name")).await;
    let stored = app.snapshot(&STORED).await;

    let invalid = |character: &str| {
        app.locales.text_with(
            Lang::Kk,
            "name-invalid-character",
            &[("character", character.into())],
        )
    };
    for (input, reason) in [
        (
            full_message("", "ә"),
            app.locales.text_with(
                Lang::Kk,
                "name-too-long",
                &[("min", 2.into()), ("max", 100.into())],
            ),
        ),
        ("Айдана\u{202e}".to_owned(), invalid("U+202E")),
        ("Айдана\u{7}".to_owned(), invalid("U+0007")),
        (
            "Айдана'; UPDATE members SET full_name = 'x'; --".to_owned(),
            invalid(";"),
        ),
        ("<a href=\"tg://user?id=1\">Айдана</a>".to_owned(), invalid("<")),
        ("Айдана 🎉".to_owned(), invalid("🎉")),
    ] {
        let reply = app.send(&user, &input).await;
        assert_eq!(
            texts(&reply),
            [reason.as_str(), kk("profile-ask-name").as_str()],
            "{:?}",
            input.chars().take(40).collect::<String>()
        );
    }
    assert_eq!(app.snapshot(&STORED).await, stored, "the old name stays");

    let name = "Айдана О'Брайен-Әлиева محمد";
    let saved = app.send(&user, name).await;
    assert_eq!(saved[0].text, kk("profile-saved"));
    assert!(
        saved[1].text.contains(&format!("Аты-жөні: {name}\n")),
        "{}",
        saved[1].text
    );
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.full_name.as_deref(), Some(name));
    assert_within_telegram_limits(&app);
}

#[tokio::test]
async fn new_event_fields_refuse_hostile_text_and_publish_markup_exactly_as_typed() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let too_long = |max: i64| {
        app.locales
            .text_with(Lang::En, "event-error-too-long", &[("max", max.into())])
    };
    let org = app.organiser(400, ALMATY, Lang::En).await;
    let member = TgUser::new(401, "Member", Some("en"));
    app.seed_member(&member, ALMATY, Lang::En).await;
    let stored = app.snapshot(&STORED).await;

    /// Sends each input and expects its reason, then the same question again.
    async fn refused(app: &TestApp, user: &TgUser, question: &str, cases: Vec<(String, String)>) {
        for (input, reason) in cases {
            let reply = app.send(user, &input).await;
            assert_eq!(
                texts(&reply),
                [reason.as_str(), question],
                "{:?}",
                input.chars().take(40).collect::<String>()
            );
        }
    }

    let asked = app.send(&org, "/newevent").await;
    assert_eq!(texts(&asked), [en("event-ask-title")]);
    let control = en("event-error-control-character");
    refused(
        &app,
        &org,
        &en("event-ask-title"),
        vec![
            (full_message("Субботник ", "🌳"), too_long(120)),
            (full_message("", "'; DROP TABLE events; -- "), too_long(120)),
            ("Субботник\u{202e}кинтоббуС".to_owned(), control.clone()),
            ("Day\u{0}one".to_owned(), control.clone()),
            ("Day \u{2066}one\u{2069}".to_owned(), control.clone()),
            (" \n\t ".to_owned(), en("event-error-empty")),
        ],
    )
    .await;
    let title = "<b>Тазалық</b> & *_[]` '; DROP TABLE events; -- יום ניקיון يوم التنظيف 😀🇰🇿";
    let reply = app.send(&org, title).await;
    assert_eq!(texts(&reply), [en("event-ask-description")]);

    refused(
        &app,
        &org,
        &en("event-ask-description"),
        vec![
            (full_message("Trees ", "🌳 "), too_long(1500)),
            ("Bring gloves\u{1b}[2J".to_owned(), control.clone()),
        ],
    )
    .await;
    let description =
        "Line one <i>&amp;</i> {$name} %s\nשורה שתיים — السطر الثاني 🌳\n\t'; DELETE FROM signups; --";
    let reply = app.send(&org, description).await;
    assert_eq!(texts(&reply), [en("event-ask-start")]);

    refused(
        &app,
        &org,
        &en("event-ask-start"),
        vec![
            (
                "'; DROP TABLE events; --".to_owned(),
                en("event-error-time-format"),
            ),
            (full_message("", "9"), en("event-error-time-format")),
            ("٥/١٢ ١٥:٠٠".to_owned(), en("event-error-time-format")),
            (
                "05.12.2026\u{202e} 15:00".to_owned(),
                en("event-error-time-format"),
            ),
        ],
    )
    .await;
    let start = (app.clock.now() + Duration::days(3)).timestamp() / 3600 * 3600;
    app.send(&org, &birlik::domain::event::format_time(start)).await;

    refused(
        &app,
        &org,
        &en("event-ask-end"),
        vec![
            // Twenty digits of hours once overflowed and took the handler down.
            (
                "99999999999999999999h".to_owned(),
                en("event-error-too-long-event"),
            ),
            (full_message("", "9"), en("event-error-time-format")),
            (full_message("1", "h"), en("event-error-time-format")),
        ],
    )
    .await;
    let reply = app.send(&org, "3h").await;
    assert_eq!(texts(&reply), [en("event-ask-place")]);

    refused(
        &app,
        &org,
        &en("event-ask-place"),
        vec![
            (full_message("Парк ", "«Ақ бұлақ» "), too_long(200)),
            ("\u{202e}".to_owned(), control.clone()),
        ],
    )
    .await;
    let place = "Парк «Ақ бұлақ» <gate #2> & [main] — حديقة";
    app.send(&org, place).await;

    let capacity_question = en("event-ask-capacity");
    for (input, reason) in [
        (
            full_message("", "9"),
            app.locales
                .text_with(Lang::En, "event-error-capacity-range", &[("max", 100_000.into())]),
        ),
        ("1e308".to_owned(), en("event-error-capacity")),
        ("'; DROP TABLE events; --".to_owned(), en("event-error-capacity")),
    ] {
        let reply = app.send(&org, &input).await;
        assert_eq!(texts(&reply), [reason.as_str(), capacity_question.as_str()]);
    }
    app.send(&org, "2").await;
    assert_eq!(
        app.snapshot(&STORED).await,
        stored,
        "nothing is stored before Publish"
    );

    let preview = app.press(&org, &en("event-deadline-at-start")).await;
    let card = &preview.last().unwrap().text;
    for typed in [title, description, place] {
        assert!(card.contains(typed), "{typed:?} not echoed exactly in {card}");
    }
    let published = app.press(&org, &en("event-publish")).await;
    let qr = published
        .iter()
        .find(|s| s.method == "sendPhoto")
        .expect("the check-in QR code");
    assert!(qr.text.contains(title), "{}", qr.text);
    let stored_event: (String, String, String) =
        sqlx::query_as("SELECT title, description, place FROM events")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        stored_event,
        (title.to_owned(), description.to_owned(), place.to_owned())
    );
    // Members of the region get the card, with the text exactly as typed.
    let volunteer = en("event-volunteer");
    app.wait_until("the announcement arrives", || {
        app.fake.find_button(member.id, &volunteer).is_some()
    })
    .await;
    let announcement = app
        .fake
        .sent_to(member.id)
        .into_iter()
        .find(|s| s.button_labels().contains(&volunteer))
        .unwrap();
    for typed in [title, description, place] {
        assert!(announcement.text.contains(typed), "{}", announcement.text);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM members").await,
        2,
        "the tables are all still there"
    );
    assert_within_telegram_limits(&app);
}

#[tokio::test]
async fn the_longest_event_in_emoji_fits_every_message_in_every_language() {
    let app = TestApp::spawn().await;
    for (i, lang) in Lang::ALL.into_iter().enumerate() {
        let id = 500 + 10 * i as i64;
        let text = |key: &str| app.text(lang, key);
        let org = app.organiser(id, ALMATY, lang).await;
        let member = TgUser::new(id + 1, "Member", Some(lang.code()));
        app.seed_member(&member, ALMATY, lang).await;

        // Each emoji is two UTF-16 code units: Telegram counts twice what the limits count.
        app.send(&org, "/newevent").await;
        app.send(&org, &"🌳".repeat(120)).await;
        app.send(&org, &"😀".repeat(1500)).await;
        let start = (app.clock.now() + Duration::days(3)).timestamp() / 3600 * 3600;
        app.send(&org, &birlik::domain::event::format_time(start)).await;
        app.send(&org, "3h").await;
        let reply = app.send(&org, &"🏛".repeat(200)).await;
        assert_eq!(texts(&reply), [text("event-ask-capacity")]);
        app.press(&org, &text("event-unlimited")).await;
        app.press(&org, &text("event-deadline-at-start")).await;
        app.press(&org, &text("event-publish")).await;

        let volunteer = text("event-volunteer");
        app.wait_until("the announcement arrives", || {
            app.fake.find_button(member.id, &volunteer).is_some()
        })
        .await;
        app.press(&member, &volunteer).await;
        app.send(&member, "/events").await;
        app.send(&member, "/my").await;
        let event_id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM events")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        app.send(&org, &format!("/volunteers {event_id}")).await;
        app.send(&org, &format!("/editevent {event_id}")).await;
    }
    assert_within_telegram_limits(&app);
}

#[tokio::test]
async fn command_arguments_of_any_size_or_content_get_a_clear_answer_and_change_nothing() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    // An event whose announcement goes to nobody yet: the replies below stand alone.
    let organiser = app.organiser(602, ALMATY, Lang::En).await;
    app.seed_event(&organiser, Some(ALMATY), Some(5), Duration::hours(1))
        .await;
    let member = TgUser::new(600, "Member", Some("en"));
    let record = app.seed_member(&member, ALMATY, Lang::En).await;
    let coordinator = TgUser::new(601, "Coordinator", Some("en"));
    app.seed_member(&coordinator, ALMATY, Lang::En).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    let stored = app.snapshot(&STORED).await;
    let welcome_back = app.locales.text_with(
        Lang::En,
        "welcome-back",
        &[("name", record.full_name.clone().unwrap().into())],
    );

    let cases = [
        (
            &member,
            full_message("/checkin ", "A1"),
            en("checkin-unknown-code"),
        ),
        (
            &member,
            full_message("/checkin ", "😀"),
            en("checkin-unknown-code"),
        ),
        (
            &member,
            "/checkin '; DROP TABLE events; --".to_owned(),
            en("checkin-unknown-code"),
        ),
        (
            &member,
            "/checkin \u{202e}\u{0}<b>&amp;".to_owned(),
            en("checkin-unknown-code"),
        ),
        (
            &member,
            "/checkin %' OR '1'='1".to_owned(),
            en("checkin-unknown-code"),
        ),
        (
            &member,
            full_message("/start chk_", "Z"),
            en("checkin-unknown-code"),
        ),
        (&member, full_message("/start inv_", "f"), en("invite-unknown")),
        (
            &member,
            "/start inv_' OR used_at IS NULL; --".to_owned(),
            en("invite-unknown"),
        ),
        (&member, full_message("/start ", "😀 "), welcome_back.clone()),
        (&member, "/start \u{202e}\u{0}\u{1f}".to_owned(), welcome_back),
        (&coordinator, full_message("/grant ", "king "), en("grant-usage")),
        (
            &coordinator,
            full_message("/grant organiser ", "Алматы "),
            en("person-missing"),
        ),
        (
            &coordinator,
            "/grant <b>admin</b> 600".to_owned(),
            en("grant-usage"),
        ),
        (
            &coordinator,
            "/grant organiser @'; DROP TABLE roles; --".to_owned(),
            en("person-unknown"),
        ),
        (
            &coordinator,
            full_message("/grant organiser @", "a"),
            en("person-unknown"),
        ),
        (
            &coordinator,
            "/grant organiser 600 '; DROP TABLE members; --".to_owned(),
            en("region-unknown"),
        ),
        (
            &coordinator,
            full_message("/grant organiser 600 ", "Алматы "),
            en("region-unknown"),
        ),
        (
            &coordinator,
            "/revoke @'; DROP TABLE roles; --".to_owned(),
            en("person-unknown"),
        ),
        (&coordinator, full_message("/revoke ", "9"), en("person-unknown")),
        (
            &coordinator,
            full_message("/invite coordinator ", "KZ-75 "),
            en("region-unknown"),
        ),
        (
            &coordinator,
            "/invite <b>organiser</b>".to_owned(),
            en("invite-usage"),
        ),
    ];
    for (user, input, answer) in cases {
        let reply = app.send(user, &input).await;
        assert_eq!(
            texts(&reply),
            [answer.as_str()],
            "{:?}",
            input.chars().take(40).collect::<String>()
        );
    }
    assert_eq!(app.snapshot(&STORED).await, stored, "nothing changed");

    // Somebody new with a long, strange payload simply starts registering.
    let newcomer = TgUser::new(603, "New", Some("ru"));
    let reply = app.send(&newcomer, &full_message("/start ", "\u{202e}<b>")).await;
    assert_eq!(
        texts(&reply),
        ["Тілді таңдаңыз / Выберите язык / Choose your language"]
    );
    assert_within_telegram_limits(&app);
}

#[tokio::test]
async fn wing_names_refuse_direction_overrides_and_the_list_fits_however_many_long_names() {
    let app = TestApp::spawn().await;
    let en = |key: &str| app.text(Lang::En, key);
    let coordinator = TgUser::new(700, "Coordinator", Some("en"));
    app.seed_member(&coordinator, ALMATY, Lang::En).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    app.send(&coordinator, "/wings").await;
    app.press(&coordinator, &en("wings-add")).await;
    let stored = app.snapshot(&STORED).await;
    for (input, answer) in [
        ("Жас \u{202e}Ұлан".to_owned(), en("wings-name-control")),
        ("Жас\u{0}Ұлан".to_owned(), en("wings-name-control")),
        (full_message("«Жас Ұлан» ", "№2 "), en("wings-name-too-long")),
        ("'; --".to_owned(), en("wings-name-invalid")),
    ] {
        let reply = app.send(&coordinator, &input).await;
        assert_eq!(texts(&reply), [answer.as_str()]);
    }
    assert_eq!(app.snapshot(&STORED).await, stored);
    let name = "«Жас Ұлан» <b>&amp;</b> '; DROP TABLE wings; -- 😀 שלום";
    let list = app.send(&coordinator, name).await;
    assert!(list[0].text.contains(name), "{}", list[0].text);

    // Forty-five wings with names of the longest allowed length still make one list message.
    for i in 0..45 {
        let long = format!("{i:02} {}", "Ұ".repeat(97));
        wings::insert(&app.pool, ALMATY, &long, 0).await.unwrap();
    }
    let list = app.send(&coordinator, "/wings").await;
    assert_eq!(list.len(), 1);
    assert_within_telegram_limits(&app);
}
