//! Joining through a personal link (`/start m_<code>`): an imported person registers with the
//! headquarters' details filled in, checks and corrects each, and only Confirm makes them a
//! member; links used, expired or opened by a member; `/forget` on the way.

use birlik::db::pending::{self, NewPending, Pending};
use birlik::db::{members, wings};
use birlik::i18n::Lang;

use crate::support::app::texts;
use crate::support::people::this_year;
use crate::support::{TestApp, TgUser};

/// Two wings in Almaty, the region every test imports into.
async fn almaty_wings(app: &TestApp) -> (wings::Wing, wings::Wing) {
    let korean = wings::insert(&app.pool, "KZ-75", "Корей жастары", 0)
        .await
        .unwrap();
    let tatar = wings::insert(&app.pool, "KZ-75", "Татар жастары", 0)
        .await
        .unwrap();
    (korean, tatar)
}

/// A headquarters' list of Almaty stored as the Import button stores it.
async fn imported(app: &TestApp, people: &[NewPending]) -> Vec<Pending> {
    let now = app.clock.unix();
    let import = pending::begin_import(&app.pool, "KZ-75", Some(900), None, "list.xlsx", now)
        .await
        .unwrap();
    pending::store(&app.pool, import, people, now)
        .await
        .unwrap()
        .unwrap()
}

fn listed(wing: &wings::Wing, name: &str, birth_year: i32, lang: Option<Lang>) -> NewPending {
    NewPending {
        wing_id: wing.id,
        full_name: name.to_owned(),
        birth_year,
        phone: Some("+77020000001".to_owned()),
        lang,
    }
}

/// What the person types when they open their link.
fn link(person: &Pending) -> String {
    format!("/start m_{}", person.code)
}

async fn still_pending(app: &TestApp, person: &Pending) -> bool {
    pending::find(&app.pool, person.id).await.unwrap().is_some()
}

/// The import a member joined through, if any.
async fn import_of(app: &TestApp, user: &TgUser) -> Option<i64> {
    sqlx::query_scalar("SELECT import_id FROM members WHERE telegram_user_id = ?")
        .bind(user.id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn member_count(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM members").await
}

async fn has_dialogue(app: &TestApp, user: &TgUser) -> bool {
    app.count(&format!(
        "SELECT COUNT(*) FROM dialogues WHERE chat_id = {}",
        user.id
    ))
    .await
        > 0
}

fn keep(app: &TestApp, lang: Lang, value: &str) -> String {
    app.locales
        .text_with(lang, "activation-keep", &[("value", value.to_owned().into())])
}

fn check_name(app: &TestApp, lang: Lang, name: &str) -> String {
    app.locales
        .text_with(lang, "activation-check-name", &[("name", name.to_owned().into())])
}

fn check_year(app: &TestApp, lang: Lang, year: i32) -> String {
    app.locales.text_with(
        lang,
        "activation-check-birth-year",
        &[("birth_year", year.into())],
    )
}

/// The language question of a link: the welcome in the three languages.
fn welcome(app: &TestApp) -> String {
    Lang::ALL
        .map(|lang| app.text(lang, "activation-welcome"))
        .join("\n\n")
}

#[tokio::test]
async fn a_link_opened_in_each_language_ends_in_a_member_with_the_corrected_details() {
    let app = TestApp::spawn().await;
    let (korean, tatar) = almaty_wings(&app).await;
    let year = this_year() - 20;
    let people = imported(
        &app,
        &[
            listed(&korean, "Әйгерім Нұрланқызы", year, Some(Lang::Kk)),
            listed(&korean, "Иванова Анна", year, Some(Lang::Ru)),
            // No language in the list: Telegram's is ticked.
            listed(&tatar, "Sean OConnor", year, None),
        ],
    )
    .await;

    // Kazakh: the name corrected, the year kept, another wing of the same region.
    let user = TgUser::new(3101, "Әйгерім", Some("ru"));
    let kk = |key: &str| app.text(Lang::Kk, key);
    let language = app.send(&user, &link(&people[0])).await;
    assert_eq!(texts(&language), [welcome(&app)]);
    assert_eq!(language[0].button_labels(), ["✓ Қазақша", "Русский", "English"]);
    let consent = app.press(&user, "✓ Қазақша").await;
    assert_eq!(consent.last().unwrap().text, kk("reg-consent-text"));
    let name = app.press(&user, &kk("reg-consent-agree")).await;
    let name = name.last().unwrap();
    assert_eq!(name.text, check_name(&app, Lang::Kk, "Әйгерім Нұрланқызы"));
    assert_eq!(
        name.button_labels(),
        ["✓ Қалдыру: Әйгерім Нұрланқызы"],
        "the list's name, to keep"
    );
    let year_step = app.send(&user, "Сейітқали Әйгерім Нұрланқызы").await;
    assert_eq!(texts(&year_step), [check_year(&app, Lang::Kk, year)]);
    assert_eq!(
        year_step[0].button_labels(),
        [keep(&app, Lang::Kk, &year.to_string())]
    );
    let region = app.press(&user, &keep(&app, Lang::Kk, &year.to_string())).await;
    let region = region.last().unwrap();
    assert_eq!(region.text, kk("reg-ask-region"));
    let labels = region.button_labels();
    assert!(labels.contains(&"✓ Алматы".to_owned()), "{labels:?}");
    assert_eq!(labels.iter().filter(|l| l.starts_with('✓')).count(), 1);
    let wing = app.press(&user, "✓ Алматы").await;
    assert_eq!(
        wing.last().unwrap().button_labels(),
        vec![
            "✓ Корей жастары".to_owned(),
            "Татар жастары".to_owned(),
            kk("wing-pick-none")
        ]
    );
    app.press(&user, "Татар жастары").await;
    let summary = app.share_contact(&user, "77011112233", Some(user.id)).await;
    assert_eq!(
        summary.last().unwrap().text,
        app.locales.text_with(
            Lang::Kk,
            "reg-summary",
            &[
                ("name", "Сейітқали Әйгерім Нұрланқызы".into()),
                ("birth_year", year.into()),
                ("region", "Алматы".into()),
                ("wing", "Татар жастары".into()),
                ("phone", "+77011112233".into()),
                ("language", "Қазақша".into()),
            ],
        )
    );
    assert_eq!(member_count(&app).await, 0, "nothing is stored before Confirm");
    assert!(still_pending(&app, &people[0]).await);
    let done = app.press(&user, &kk("reg-confirm")).await;
    assert_eq!(
        done.last().unwrap().text,
        app.locales.text_with(
            Lang::Kk,
            "reg-done",
            &[("name", "Сейітқали Әйгерім Нұрланқызы".into())]
        )
    );
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.full_name.as_deref(), Some("Сейітқали Әйгерім Нұрланқызы"));
    assert_eq!(member.birth_year, year);
    assert_eq!(member.region_iso, "KZ-75");
    assert_eq!(member.wing_id, Some(tatar.id));
    assert_eq!(member.phone.as_deref(), Some("+77011112233"));
    assert_eq!(member.lang, Lang::Kk);
    assert!(member.consent_at > 0);
    assert_eq!(import_of(&app, &user).await, Some(people[0].import_id));
    assert!(
        !still_pending(&app, &people[0]).await,
        "the list's details are gone"
    );
    assert!(!has_dialogue(&app, &user).await);

    // Russian: the name kept, the year corrected, another region (so no wing), no phone.
    let user = TgUser::new(3102, "Анна", Some("kk"));
    let ru = |key: &str| app.text(Lang::Ru, key);
    let language = app.send(&user, &link(&people[1])).await;
    assert_eq!(language[0].button_labels(), ["Қазақша", "✓ Русский", "English"]);
    app.press(&user, "✓ Русский").await;
    let name = app.press(&user, &ru("reg-consent-agree")).await;
    assert_eq!(
        name.last().unwrap().text,
        check_name(&app, Lang::Ru, "Иванова Анна")
    );
    let year_step = app.press(&user, "✓ Оставить: Иванова Анна").await;
    assert!(
        year_step[0].text.ends_with("\n\n✓ Оставить: Иванова Анна"),
        "the keyboard is settled with the choice"
    );
    assert_eq!(year_step.last().unwrap().text, check_year(&app, Lang::Ru, year));
    // A correction goes through registration's checks.
    let refused = app.send(&user, "1890").await;
    assert_eq!(refused.len(), 2);
    assert_eq!(refused[1].text, check_year(&app, Lang::Ru, year));
    app.send(&user, &(year - 2).to_string()).await;
    let wing = app.press(&user, "Астана").await;
    assert_eq!(wing.last().unwrap().text, ru("reg-ask-wing-none-yet"));
    app.press(&user, &ru("wing-pick-none")).await;
    app.send(&user, &ru("phone-skip")).await;
    app.press(&user, &ru("reg-confirm")).await;
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.full_name.as_deref(), Some("Иванова Анна"));
    assert_eq!(member.birth_year, year - 2);
    assert_eq!(member.region_iso, "KZ-71");
    assert_eq!(member.wing_id, None);
    assert_eq!(member.phone, None, "the list's phone is never taken");
    assert_eq!(member.lang, Lang::Ru);
    assert!(!still_pending(&app, &people[1]).await);
    assert_eq!(import_of(&app, &user).await, Some(people[1].import_id));

    // English, picked by Telegram's language: the name corrected, the rest kept.
    let user = TgUser::new(3103, "Sean", Some("en"));
    let en = |key: &str| app.text(Lang::En, key);
    let language = app.send(&user, &link(&people[2])).await;
    assert_eq!(language[0].button_labels(), ["Қазақша", "Русский", "✓ English"]);
    app.press(&user, "✓ English").await;
    app.press(&user, &en("reg-consent-agree")).await;
    let refused = app.send(&user, "R2-D2").await;
    assert_eq!(
        texts(&refused),
        [
            app.locales
                .text_with(Lang::En, "name-invalid-character", &[("character", "2".into())]),
            check_name(&app, Lang::En, "Sean OConnor"),
        ]
    );
    app.send(&user, "Sean O'Connor").await;
    app.press(&user, &keep(&app, Lang::En, &year.to_string())).await;
    app.press(&user, "✓ Almaty").await;
    app.press(&user, "✓ Татар жастары").await;
    app.send(&user, &en("phone-skip")).await;
    app.press(&user, &en("reg-confirm")).await;
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.full_name.as_deref(), Some("Sean O'Connor"));
    assert_eq!(member.wing_id, Some(tatar.id));
    assert_eq!(member.lang, Lang::En);
    assert!(!still_pending(&app, &people[2]).await);
    assert_eq!(member_count(&app).await, 3);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn every_imported_value_can_be_kept_with_the_buttons() {
    let app = TestApp::spawn().await;
    let (korean, _) = almaty_wings(&app).await;
    let year = this_year() - 25;
    let person = imported(&app, &[listed(&korean, "Дана Серікқызы", year, Some(Lang::Kk))]).await;
    let user = TgUser::new(3201, "Дана", Some("kk"));
    let kk = |key: &str| app.text(Lang::Kk, key);

    app.send(&user, &link(&person[0])).await;
    app.press(&user, "✓ Қазақша").await;
    app.press(&user, &kk("reg-consent-agree")).await;
    app.press(&user, "✓ Қалдыру: Дана Серікқызы").await;
    app.press(&user, &format!("✓ Қалдыру: {year}")).await;
    app.press(&user, "✓ Алматы").await;
    app.press(&user, "✓ Корей жастары").await;
    let summary = app.send(&user, &kk("phone-skip")).await;
    assert_eq!(
        summary.last().unwrap().text,
        app.locales.text_with(
            Lang::Kk,
            "reg-summary",
            &[
                ("name", "Дана Серікқызы".into()),
                ("birth_year", year.into()),
                ("region", "Алматы".into()),
                ("wing", "Корей жастары".into()),
                ("phone", kk("phone-none").into()),
                ("language", "Қазақша".into()),
            ],
        )
    );
    app.press(&user, &kk("reg-confirm")).await;
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.full_name.as_deref(), Some("Дана Серікқызы"));
    assert_eq!(member.birth_year, year);
    assert_eq!(member.region_iso, "KZ-75");
    assert_eq!(member.wing_id, Some(korean.id));
    assert_eq!(member.guardian_consent_at, None);
    assert_eq!(import_of(&app, &user).await, Some(person[0].import_id));
    assert!(!still_pending(&app, &person[0]).await);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_minors_activation_asks_and_records_the_guardians_agreement() {
    let app = TestApp::spawn().await;
    let (korean, _) = almaty_wings(&app).await;
    let fifteen = this_year() - 15;
    let people = imported(
        &app,
        &[
            listed(&korean, "Іңкәр Сейітова", fifteen, Some(Lang::Kk)),
            listed(&korean, "Нұрсұлтан Әлиев", fifteen, Some(Lang::Kk)),
        ],
    )
    .await;
    let kk = |key: &str| app.text(Lang::Kk, key);

    let agreed = TgUser::new(3301, "Іңкәр", Some("kk"));
    app.send(&agreed, &link(&people[0])).await;
    app.press(&agreed, "✓ Қазақша").await;
    app.press(&agreed, &kk("reg-consent-agree")).await;
    app.press(&agreed, "✓ Қалдыру: Іңкәр Сейітова").await;
    let question = app.press(&agreed, &format!("✓ Қалдыру: {fifteen}")).await;
    assert_eq!(question.last().unwrap().text, kk("reg-guardian-question"));
    app.press(&agreed, &kk("reg-guardian-yes")).await;
    app.press(&agreed, "✓ Алматы").await;
    app.press(&agreed, "✓ Корей жастары").await;
    app.send(&agreed, &kk("phone-skip")).await;
    app.press(&agreed, &kk("reg-confirm")).await;
    let member = members::find_by_user(&app.pool, agreed.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(member.birth_year, fifteen);
    assert!(
        member.guardian_consent_at.is_some(),
        "the guardian's agreement is recorded"
    );
    assert!(!still_pending(&app, &people[0]).await);

    // Without the guardian's agreement nothing is stored, and the link still works.
    let refused = TgUser::new(3302, "Нұрсұлтан", Some("kk"));
    app.send(&refused, &link(&people[1])).await;
    app.press(&refused, "✓ Қазақша").await;
    app.press(&refused, &kk("reg-consent-agree")).await;
    app.press(&refused, "✓ Қалдыру: Нұрсұлтан Әлиев").await;
    app.press(&refused, &format!("✓ Қалдыру: {fifteen}")).await;
    let bye = app.press(&refused, &kk("reg-guardian-no")).await;
    assert_eq!(bye.last().unwrap().text, kk("reg-guardian-declined"));
    assert_eq!(member_count(&app).await, 1);
    assert!(still_pending(&app, &people[1]).await);
    assert!(!has_dialogue(&app, &refused).await);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_used_an_expired_and_a_mangled_link_are_refused() {
    let app = TestApp::spawn_with(&[("PENDING_DAYS", "30")]).await;
    let (korean, _) = almaty_wings(&app).await;
    let year = this_year() - 20;
    let people = imported(
        &app,
        &[
            listed(&korean, "Асқар Жұмабаев", year, Some(Lang::Kk)),
            listed(&korean, "Ерлан Сапаров", year, Some(Lang::Ru)),
        ],
    )
    .await;
    let kk = |key: &str| app.text(Lang::Kk, key);
    let first = TgUser::new(3401, "Асқар", Some("kk"));
    app.send(&first, &link(&people[0])).await;
    app.press(&first, "✓ Қазақша").await;
    app.press(&first, &kk("reg-consent-agree")).await;
    app.press(&first, "✓ Қалдыру: Асқар Жұмабаев").await;
    app.press(&first, &format!("✓ Қалдыру: {year}")).await;
    app.press(&first, "✓ Алматы").await;
    app.press(&first, "✓ Корей жастары").await;
    app.send(&first, &kk("phone-skip")).await;
    app.press(&first, &kk("reg-confirm")).await;

    // Used: somebody else opening it is told so, sees nothing of the list, and starts nothing.
    let other = TgUser::new(3402, "Other", Some("en"));
    let refused = app.send(&other, &link(&people[0])).await;
    assert_eq!(texts(&refused), [app.text(Lang::En, "activation-link-invalid")]);
    assert!(refused[0].buttons().is_empty());
    assert!(!has_dialogue(&app, &other).await);
    // The member who used it is reminded they are registered.
    let again = app.send(&first, &link(&people[0])).await;
    assert_eq!(texts(&again), [kk("activation-link-invalid-member")]);

    // A code no list has, and one mangled in copying.
    for payload in ["/start m_0a1b2c3d4e5f60718293", "/start m_Ерлан", "/start m_"] {
        let refused = app.send(&other, payload).await;
        assert_eq!(
            texts(&refused),
            [app.text(Lang::En, "activation-link-invalid")],
            "{payload}"
        );
    }

    // Expired: PENDING_DAYS after the import the link no longer opens anything.
    app.clock
        .advance(chrono::Duration::days(30) + chrono::Duration::seconds(1));
    let late = TgUser::new(3403, "Ерлан", Some("ru"));
    let refused = app.send(&late, &link(&people[1])).await;
    assert_eq!(texts(&refused), [app.text(Lang::Ru, "activation-link-invalid")]);
    assert!(!has_dialogue(&app, &late).await);
    assert_eq!(member_count(&app).await, 1);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_member_who_opens_a_link_keeps_their_own_details() {
    let app = TestApp::spawn().await;
    let (korean, _) = almaty_wings(&app).await;
    let people = imported(
        &app,
        &[listed(
            &korean,
            "Жанар Оспанова",
            this_year() - 22,
            Some(Lang::Kk),
        )],
    )
    .await;
    let user = TgUser::new(3501, "Zhanar", Some("ru"));
    let before = app.seed_member(&user, "KZ-71", Lang::Ru).await;
    let ru = |key: &str| app.text(Lang::Ru, key);

    let opened = app.send(&user, &link(&people[0])).await;
    assert_eq!(
        texts(&opened),
        [app.locales.text_with(
            Lang::Ru,
            "activation-registered-already",
            &[("name", "Zhanar Testov".into())]
        )]
    );
    assert!(
        !opened[0].text.contains("Оспанова"),
        "nothing of the list is shown"
    );
    assert_eq!(opened[0].button_labels(), [ru("activation-keep-mine")]);
    assert!(still_pending(&app, &people[0]).await, "nothing merged silently");
    assert_eq!(import_of(&app, &user).await, None);

    let kept = app.press(&user, &ru("activation-keep-mine")).await;
    assert_eq!(kept.last().unwrap().text, ru("activation-kept"));
    assert!(!still_pending(&app, &people[0]).await);
    assert_eq!(
        import_of(&app, &user).await,
        Some(people[0].import_id),
        "counted as activated"
    );
    let after = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(after.full_name, before.full_name);
    assert_eq!(after.birth_year, before.birth_year);
    assert_eq!(after.region_iso, before.region_iso);
    assert_eq!(after.wing_id, before.wing_id);
    assert_eq!(after.phone, before.phone);

    // The button again (a stale keyboard) changes nothing.
    let (message, data) = (opened[0].message_id.unwrap(), format!("ak:{}", people[0].code));
    let since = app.fake.call_count();
    app.press_data(&user, message, &data).await;
    assert_eq!(app.callback_answers_since(since), [ru("button-stale")]);
    assert_eq!(member_count(&app).await, 1);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn the_same_start_or_confirm_twice_registers_once() {
    let app = TestApp::spawn().await;
    let (korean, _) = almaty_wings(&app).await;
    let year = this_year() - 19;
    let people = imported(&app, &[listed(&korean, "Twice Opened", year, Some(Lang::En))]).await;
    let user = TgUser::new(3601, "Twice", Some("en"));
    let en = |key: &str| app.text(Lang::En, key);

    // The /start of the link delivered twice: one question.
    let since = app.fake.call_count();
    let start = app.fake.user_message(&user, &link(&people[0]));
    app.wait_handled(start).await;
    app.fake.redeliver(start);
    app.wait_until("the copy is skipped", || {
        app.telemetry().duplicates_skipped() == 1
    })
    .await;
    assert_eq!(texts(&app.fake.sent_since(user.id, since)), [welcome(&app)]);

    app.press(&user, "✓ English").await;
    app.press(&user, &en("reg-consent-agree")).await;
    app.press(&user, "✓ Keep: Twice Opened").await;

    // The link opened again half-way: the registration carries on where it stopped.
    let resumed = app.send(&user, &link(&people[0])).await;
    assert_eq!(
        texts(&resumed),
        [en("reg-resume"), check_year(&app, Lang::En, year)]
    );
    app.press(&user, &format!("✓ Keep: {year}")).await;
    app.press(&user, "✓ Almaty").await;
    app.press(&user, "✓ Корей жастары").await;
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
        .text_with(Lang::En, "reg-done", &[("name", "Twice Opened".into())]);
    let replies = app.fake.sent_since(user.id, since);
    assert_eq!(replies.iter().filter(|s| s.text == welcome).count(), 1);
    assert_eq!(member_count(&app).await, 1);

    // The settled Confirm pressed again changes nothing either.
    let since = app.fake.call_count();
    app.press_data(&user, message_id, &data).await;
    assert_eq!(app.callback_answers_since(since), [en("button-stale")]);
    assert_eq!(member_count(&app).await, 1);
    assert_eq!(import_of(&app, &user).await, Some(people[0].import_id));
    app.assert_no_api_errors();
}

#[tokio::test]
async fn forget_during_an_activation_deletes_the_lists_details_at_once() {
    let app = TestApp::spawn().await;
    let (korean, _) = almaty_wings(&app).await;
    let people = imported(
        &app,
        &[listed(
            &korean,
            "Мадина Қасымова",
            this_year() - 21,
            Some(Lang::Ru),
        )],
    )
    .await;
    let user = TgUser::new(3701, "Мадина", Some("ru"));
    let ru = |key: &str| app.text(Lang::Ru, key);
    app.send(&user, &link(&people[0])).await;
    app.press(&user, "✓ Русский").await;
    app.press(&user, &ru("reg-consent-agree")).await;

    let question = app.send(&user, "/forget").await;
    assert_eq!(texts(&question), [ru("forget-question")]);
    assert!(
        still_pending(&app, &people[0]).await,
        "nothing goes before the confirmation"
    );
    let done = app.press(&user, &ru("forget-yes")).await;
    assert_eq!(done.last().unwrap().text, ru("activation-forgotten"));
    assert!(!still_pending(&app, &people[0]).await);
    assert!(!has_dialogue(&app, &user).await, "the registration is over");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'pending_removed'")
            .await,
        1
    );
    assert_eq!(member_count(&app).await, 0);
    let refused = app.send(&user, &link(&people[0])).await;
    assert_eq!(texts(&refused), [ru("activation-link-invalid")]);
    app.assert_no_api_errors();
}
