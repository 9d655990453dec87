//! `/profile` and `/language` for registered members, end to end.

use crate::support::app::{Registration, texts};
use crate::support::people::this_year;
use crate::support::{TestApp, TgUser};
use birlik::db::{members, wings};
use birlik::domain::status::MemberStatus;
use birlik::i18n::Lang;

async fn registered(app: &TestApp, id: i64, lang: Lang) -> TgUser {
    let user = TgUser::new(id, "Member", Some(lang.code()));
    let region = match lang {
        Lang::Kk => "Астана",
        Lang::Ru => "Астана",
        Lang::En => "Astana",
    };
    app.register(
        &user,
        &Registration {
            lang,
            name: "Айдана Серікқызы",
            birth_year: 2000,
            region,
            wing: None,
            phone: None,
        },
    )
    .await;
    user
}

#[tokio::test]
async fn profile_shows_the_members_details() {
    let app = TestApp::spawn().await;
    let user = registered(&app, 100, Lang::En).await;
    let card = app.send(&user, "/profile").await;
    assert_eq!(card.len(), 1);
    let text = &card[0].text;
    for line in [
        "Name: Айдана Серікқызы",
        "Birth year: 2000",
        "Region: Astana",
        "Youth wing: No wing",
        "Phone: not given",
        "Language: English",
    ] {
        assert!(text.contains(line), "{line} missing from {text}");
    }
    assert_eq!(card[0].button_labels().len(), 6);
}

#[tokio::test]
async fn a_member_changes_their_name_and_bad_input_changes_nothing() {
    let app = TestApp::spawn().await;
    let user = registered(&app, 101, Lang::Kk).await;
    let kk = |key: &str| app.text(Lang::Kk, key);
    app.send(&user, "/profile").await;
    let question = app.press(&user, &kk("profile-edit-name")).await;
    assert_eq!(texts(&question), [kk("profile-ask-name")]);

    let refused = app.send(&user, "Айдана 2").await;
    assert_eq!(refused.len(), 2);
    assert_eq!(refused[1].text, kk("profile-ask-name"));
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.full_name.as_deref(), Some("Айдана Серікқызы"));

    let saved = app.send(&user, "Айдана Серікқызы-Әлиева").await;
    assert_eq!(saved[0].text, kk("profile-saved"));
    assert!(saved[1].text.contains("Аты-жөні: Айдана Серікқызы-Әлиева"));
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.full_name.as_deref(), Some("Айдана Серікқызы-Әлиева"));
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_member_moves_to_another_region_and_wing_together() {
    let app = TestApp::spawn().await;
    let wing = wings::insert(&app.pool, "KZ-79", "Өзбек жастары", 0)
        .await
        .unwrap();
    let user = registered(&app, 102, Lang::Ru).await;
    let ru = |key: &str| app.text(Lang::Ru, key);
    app.send(&user, "/profile").await;
    let regions = app.press(&user, &ru("profile-edit-region")).await;
    assert_eq!(regions[0].button_labels().len(), 20);
    let wings = app.press(&user, "Шымкент").await;
    assert_eq!(
        wings.last().unwrap().button_labels(),
        ["Өзбек жастары".to_owned(), ru("wing-pick-none")]
    );
    // Not stored until the wing is chosen.
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.region_iso, "KZ-71");

    let saved = app.press(&user, "Өзбек жастары").await;
    assert!(saved.iter().any(|s| s.text == ru("profile-saved")));
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(
        (member.region_iso.as_str(), member.wing_id),
        ("KZ-79", Some(wing.id))
    );
}

#[tokio::test]
async fn a_birth_year_that_makes_a_minor_needs_a_guardian() {
    let app = TestApp::spawn().await;
    let user = registered(&app, 103, Lang::En).await;
    let en = |key: &str| app.text(Lang::En, key);
    let minor_year = (this_year() - 16).to_string();

    app.send(&user, "/profile").await;
    app.press(&user, &en("profile-edit-birth-year")).await;
    let question = app.send(&user, &minor_year).await;
    assert_eq!(question[0].text, en("reg-guardian-question"));
    let kept = app.press(&user, &en("reg-guardian-no")).await;
    assert_eq!(kept.last().unwrap().text, en("profile-guardian-required"));
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!((member.birth_year, member.guardian_consent_at), (2000, None));

    app.send(&user, "/profile").await;
    app.press(&user, &en("profile-edit-birth-year")).await;
    app.send(&user, &minor_year).await;
    app.press(&user, &en("reg-guardian-yes")).await;
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.birth_year, this_year() - 16);
    assert!(member.guardian_consent_at.is_some());
}

#[tokio::test]
async fn a_member_adds_and_removes_their_phone() {
    let app = TestApp::spawn().await;
    let user = registered(&app, 104, Lang::En).await;
    let en = |key: &str| app.text(Lang::En, key);
    app.send(&user, "/profile").await;
    let ask = app.press(&user, &en("profile-edit-phone")).await;
    assert_eq!(ask[0].reply_keyboard(), [en("phone-share"), en("phone-remove")]);
    let refused = app.share_contact(&user, "+77770000000", Some(42)).await;
    assert_eq!(refused[0].text, en("phone-not-yours"));
    app.share_contact(&user, "+7 777 123 45 67", Some(user.id)).await;
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.phone.as_deref(), Some("+77771234567"));

    app.send(&user, "/profile").await;
    app.press(&user, &en("profile-edit-phone")).await;
    app.send(&user, &en("phone-remove")).await;
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.phone, None);
}

#[tokio::test]
async fn a_member_switches_language() {
    let app = TestApp::spawn().await;
    let user = registered(&app, 105, Lang::Kk).await;
    let choice = app.send(&user, "/language").await;
    assert_eq!(choice[0].button_labels(), ["✓ Қазақша", "Русский", "English"]);
    let changed = app.press(&user, "Русский").await;
    assert_eq!(
        changed.last().unwrap().text,
        app.text(Lang::Ru, "language-changed")
    );
    // The main menu follows the new language.
    assert_eq!(
        changed.last().unwrap().reply_keyboard(),
        [
            "📅 Мероприятия",
            "🗓 Мои записи",
            "✅ Отметиться",
            "👤 Профиль",
            "❓ Справка"
        ]
    );
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.lang, Lang::Ru);
    assert_eq!(
        texts(&app.send(&user, "/help").await),
        [app.text(Lang::Ru, "help-member")]
    );
    let again = app.send(&user, "/start").await;
    assert!(again[0].text.starts_with("С возвращением"), "{}", again[0].text);
}

#[tokio::test]
async fn profile_of_somebody_not_registered_says_how_to_register() {
    let app = TestApp::spawn().await;
    let stranger = TgUser::new(106, "Stranger", Some("en"));
    assert_eq!(
        texts(&app.send(&stranger, "/profile").await),
        [app.text(Lang::En, "not-registered")]
    );
    // Profile buttons from somebody else's screen do nothing for a stranger.
    let member = registered(&app, 107, Lang::En).await;
    app.send(&member, "/profile").await;
    let since = app.fake.call_count();
    // A forged press: the stranger's client sends profile-edit data on a message in their own chat.
    let own_message = app.fake.sent_to(stranger.id)[0].message_id.unwrap();
    app.press_data(&stranger, own_message, "pe:n").await;
    assert_eq!(
        app.callback_answers_since(since),
        [app.text(Lang::En, "button-stale")]
    );
}

#[tokio::test]
async fn a_member_who_blocked_the_bot_is_active_again_when_they_write() {
    let app = TestApp::spawn().await;
    let user = registered(&app, 108, Lang::En).await;
    sqlx::query("UPDATE members SET status = 'blocked' WHERE telegram_user_id = ?")
        .bind(user.id)
        .execute(&app.pool)
        .await
        .unwrap();
    app.send(&user, "/profile").await;
    let member = members::find_by_user(&app.pool, user.id).await.unwrap().unwrap();
    assert_eq!(member.status, MemberStatus::Active);
}
