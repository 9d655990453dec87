//! The weekly digest, end to end with the test clock: Monday 09:00 Almaty time, the region's
//! summary to its coordinator and the country's to admins in their languages, one digest after
//! missed Mondays, its off button and `/digest`.

use crate::support::{TestApp, TgUser};
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;
use chrono::Duration;

const ALMATY: &str = "KZ-75";
const ASTANA: &str = "KZ-71";

/// The digests a chat has received, by their title line's start in that language.
fn digests(app: &TestApp, chat: i64, lang: Lang) -> Vec<crate::support::fake_api::Sent> {
    let title = app.text(lang, "digest-title");
    let head = title.split(" — ").next().unwrap().to_owned();
    app.fake
        .sent_to(chat)
        .into_iter()
        .filter(|s| s.method == "sendMessage" && s.text.starts_with(&head))
        .collect()
}

async fn staff(app: &TestApp, id: i64, lang: Lang, role: StaffRole) -> TgUser {
    let user = TgUser::new(id, "Staff", Some(lang.code()));
    app.seed_member(&user, role.region_iso.as_deref().unwrap_or(ASTANA), lang)
        .await;
    app.seed_role(&user, role).await;
    user
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&app.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn on_monday_coordinators_and_admins_get_the_week_in_their_language_once() {
    let mut app = TestApp::spawn().await;
    // The bot starts on a Sunday evening in Almaty: its first digest is the next morning's.
    app.set_clock("2030-05-12T15:00:00Z");
    app.restart().await;
    let coordinator = staff(&app, 10, Lang::Ru, StaffRole::regional(Role::Coordinator, ALMATY)).await;
    let admin = staff(&app, 11, Lang::Kk, StaffRole::admin()).await;
    let organiser = staff(&app, 12, Lang::En, StaffRole::regional(Role::Organiser, ALMATY)).await;
    let monday = chrono::DateTime::parse_from_rfc3339("2030-05-13T04:00:00Z")
        .unwrap()
        .timestamp();
    let day = 86_400;
    // The week: three new members in Almaty (one the week before), an event held there with
    // three of four confirmed volunteers present (the week before: one of two).
    for (id, registered) in [
        (20, monday - day),
        (21, monday - 2 * day),
        (22, monday - 3 * day),
        (23, monday - 8 * day),
    ] {
        let member = TgUser::new(id, "Member", Some("ru"));
        app.seed_member(&member, ALMATY, Lang::Ru).await;
        exec(
            &app,
            &format!("UPDATE members SET registered_at = {registered} WHERE telegram_user_id = {id}"),
        )
        .await;
    }
    exec(
        &app,
        &format!(
            "UPDATE members SET registered_at = {} WHERE telegram_user_id < 20",
            monday - 100 * day
        ),
    )
    .await;
    let held = app
        .seed_event(&organiser, Some(ALMATY), Some(10), Duration::hours(-40))
        .await;
    let earlier = app
        .seed_event(&organiser, Some(ALMATY), Some(10), Duration::hours(-200))
        .await;
    exec(&app, &format!("UPDATE events SET status = 'finished', taken = 4, present = 3, present_confirmed = 3 WHERE id = {}", held.id)).await;
    exec(&app, &format!("UPDATE events SET status = 'finished', taken = 2, present = 1, present_confirmed = 1 WHERE id = {}", earlier.id)).await;
    // Coming up: one under half full (one of ten places), one full enough, one in Astana.
    let thin = app
        .seed_event(&organiser, Some(ALMATY), Some(10), Duration::hours(48))
        .await;
    let full = app
        .seed_event(&organiser, Some(ALMATY), Some(2), Duration::hours(50))
        .await;
    exec(
        &app,
        &format!(
            "UPDATE events SET taken = 1 WHERE id IN ({}, {})",
            thin.id, full.id
        ),
    )
    .await;
    exec(
        &app,
        &format!("UPDATE events SET title = 'Tree planting' WHERE id = {}", thin.id),
    )
    .await;
    // A wing nobody joined or volunteered from for months.
    exec(
        &app,
        &format!(
            "INSERT INTO wings (region_iso, name, created_at) VALUES ('{ALMATY}', 'Корей жастары', {})",
            monday - 300 * day
        ),
    )
    .await;

    // Monday 09:01 Almaty time.
    app.set_clock("2030-05-13T04:01:00Z");
    app.wait_reminder_pass().await;
    let ru = |key: &str, args: &[(&str, &str)]| {
        let args: Vec<_> = args.iter().map(|(k, v)| (*k, (*v).to_owned().into())).collect();
        app.locales.text_with(Lang::Ru, key, &args)
    };
    let percent = |p: i64| {
        app.locales
            .text_with(Lang::Ru, "stats-percent", &[("percent", p.into())])
    };
    let got = digests(&app, coordinator.id, Lang::Ru);
    assert_eq!(got.len(), 1, "{got:?}");
    let text = &got[0].text;
    for line in [
        ru(
            "digest-title",
            &[
                ("scope", "Алматы"),
                ("from", &app.locales.date(Lang::Ru, monday - 7 * day)),
                ("to", &app.locales.date(Lang::Ru, monday - day)),
            ],
        ),
        ru("digest-members-new", &[("count", "3"), ("before", "1")]),
        ru("digest-events-held", &[("count", "1"), ("before", "1")]),
        ru(
            "digest-attendance",
            &[("rate", &percent(75)), ("before", &percent(50))],
        ),
        ru("digest-half-empty", &[]),
        ru(
            "digest-half-empty-event",
            &[
                ("title", "Tree planting"),
                (
                    "time",
                    &app.locales.moment(Lang::Ru, monday + 60, thin.plan.starts_at),
                ),
                ("taken", "1"),
                ("capacity", "10"),
            ],
        ),
        ru(
            "digest-quiet-wings",
            &[("count", "1"), ("names", "Корей жастары")],
        ),
    ] {
        assert!(text.contains(&line), "{line:?} in\n{text}");
    }
    assert!(
        !text.contains(&full.plan.title),
        "a full enough event is not listed:\n{text}"
    );
    assert_eq!(
        got[0].button_labels(),
        vec!["Tree planting".to_owned(), app.text(Lang::Ru, "digest-turn-off")]
    );
    // Then the chart of the week, titled with what, where and when.
    let chart_title = app.locales.text_with(
        Lang::Ru,
        "chart-title",
        &[
            ("what", app.text(Lang::Ru, "chart-weekly").into()),
            ("where", "Алматы".into()),
            ("period", app.text(Lang::Ru, "chart-period-90d").into()),
        ],
    );
    let photos: Vec<_> = app
        .fake
        .sent_to(coordinator.id)
        .into_iter()
        .filter(|s| s.method == "sendPhoto")
        .collect();
    assert_eq!(photos.len(), 1, "{photos:?}");
    assert_eq!(photos[0].text, chart_title);
    // The admin's is the country's, in Kazakh; the organiser gets none.
    let got = digests(&app, admin.id, Lang::Kk);
    assert_eq!(got.len(), 1);
    let country = app.text(Lang::Kk, "digest-country");
    assert!(got[0].text.contains(&country), "{}", got[0].text);
    assert!(
        got[0].text.contains(&app.locales.text_with(
            Lang::Kk,
            "digest-members-new",
            &[("count", "3".into()), ("before", "1".into())]
        )),
        "{}",
        got[0].text
    );
    assert!(digests(&app, organiser.id, Lang::En).is_empty());

    // The button opens the event's volunteers.
    let opened = app.press(&coordinator, "Tree planting").await;
    assert!(
        opened.iter().any(|s| s.text.contains("Tree planting")),
        "{opened:?}"
    );

    // The bot is down for three Mondays: one digest when it is back, not three.
    app.stop().await;
    app.clock.advance(Duration::weeks(3));
    app.restart().await;
    app.wait_reminder_pass().await;
    app.wait_reminder_pass().await;
    assert_eq!(digests(&app, coordinator.id, Lang::Ru).len(), 2);
    assert_eq!(digests(&app, admin.id, Lang::Kk).len(), 2);

    // Turned off with its button: the next Monday brings the admin's only.
    let off = app
        .press(&coordinator, &app.text(Lang::Ru, "digest-turn-off"))
        .await;
    assert!(
        off.iter()
            .any(|s| s.text == app.text(Lang::Ru, "digest-turned-off")),
        "{off:?}"
    );
    app.clock.advance(Duration::weeks(1));
    app.wait_reminder_pass().await;
    assert_eq!(digests(&app, coordinator.id, Lang::Ru).len(), 2);
    assert_eq!(digests(&app, admin.id, Lang::Kk).len(), 3);

    // `/digest` turns it on again; a member who asks is told it is for staff.
    let on = app.send(&coordinator, "/digest").await;
    assert_eq!(on[0].text, app.text(Lang::Ru, "digest-turned-on"));
    let member = TgUser::new(20, "Member", Some("ru"));
    let refused = app.send(&member, "/digest").await;
    assert_eq!(refused[0].text, app.text(Lang::Ru, "digest-not-staff"));
    app.clock.advance(Duration::weeks(1));
    app.wait_reminder_pass().await;
    assert_eq!(digests(&app, coordinator.id, Lang::Ru).len(), 3);
    app.assert_no_api_errors();
}
