//! Participation figures against a small hand-built movement whose right answers are worked out
//! here, and `/stats` as staff see it.

use crate::support::app::texts;
use crate::support::{TestApp, TgUser};
use birlik::db::standings;
use birlik::db::stats::{self, Participation};
use birlik::domain::period::Period;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;

const ALMATY: &str = "KZ-75";
const ASTANA: &str = "KZ-71";
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

struct Fixture {
    now: i64,
    ev1: i64,
    ev4: i64,
}

async fn event(app: &TestApp, region: &str, starts_at: i64, hours: i64, status: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO events (title, description, region_iso, place, starts_at, ends_at, capacity, deadline_at,
             organiser_id, organiser_chat_id, status, checkin_code, created_at, published_at, updated_at)
         VALUES ('Event', 'd', ?1, 'p', ?2, ?2 + ?3, NULL, ?2, 1, 1, ?4, hex(randomblob(4)), 1, 1, 1) RETURNING id",
    )
    .bind(region)
    .bind(starts_at)
    .bind(hours * HOUR)
    .bind(status)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn signup(app: &TestApp, event: i64, member: i64, status: &str, attended: bool) {
    sqlx::query(
        "INSERT INTO signups (event_id, member_id, status, seq, attended, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 1, 1)",
    )
    .bind(event)
    .bind(member)
    .bind(status)
    .bind(member)
    .bind(attended)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// Almaty: A and B (new, in the Korean youth wing), C, D (erased later). Astana: E.
/// ev1 Almaty, ended 10 days ago, 3 h: A present, B no-show, C cancelled, D present.
/// ev2 Almaty, 100 days ago, 2 h: A present. ev3 Astana, 5 days ago, 4 h: E present.
/// ev4 Almaty, in 3 days: B confirmed, C waiting. ev5 Almaty, cancelled: A (never counts).
async fn fixture(app: &TestApp) -> Fixture {
    let now = app.clock.unix();
    let mut ids = Vec::new();
    for (id, region) in [(1, ALMATY), (2, ALMATY), (3, ALMATY), (4, ALMATY), (5, ASTANA)] {
        let user = TgUser::new(id, &format!("Member{id}"), Some("en"));
        ids.push(app.seed_member(&user, region, Lang::En).await.id);
    }
    let (a, b, c, d, e) = (ids[0], ids[1], ids[2], ids[3], ids[4]);
    sqlx::query("UPDATE members SET registered_at = ? WHERE id IN (?, ?)")
        .bind(now - DAY)
        .bind(a)
        .bind(b)
        .execute(&app.pool)
        .await
        .unwrap();
    let wing: i64 = sqlx::query_scalar(
        "INSERT INTO wings (region_iso, name, created_at) VALUES (?, 'Korean youth', 1) RETURNING id",
    )
    .bind(ALMATY)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE members SET wing_id = ? WHERE id IN (?, ?)")
        .bind(wing)
        .bind(a)
        .bind(b)
        .execute(&app.pool)
        .await
        .unwrap();
    let ev1 = event(app, ALMATY, now - 10 * DAY, 3, "finished").await;
    let ev2 = event(app, ALMATY, now - 100 * DAY, 2, "finished").await;
    let ev3 = event(app, ASTANA, now - 5 * DAY, 4, "finished").await;
    let ev4 = event(app, ALMATY, now + 3 * DAY, 3, "published").await;
    let ev5 = event(app, ALMATY, now - 5 * DAY, 3, "cancelled").await;
    signup(app, ev1, a, "confirmed", true).await;
    signup(app, ev1, b, "confirmed", false).await;
    signup(app, ev1, c, "cancelled", false).await;
    signup(app, ev1, d, "confirmed", true).await;
    signup(app, ev2, a, "confirmed", true).await;
    signup(app, ev3, e, "confirmed", true).await;
    signup(app, ev4, b, "confirmed", false).await;
    signup(app, ev4, c, "waiting", false).await;
    signup(app, ev5, a, "confirmed", true).await;
    sqlx::query(
        "UPDATE members SET status = 'erased', full_name = NULL, telegram_user_id = NULL WHERE id = ?",
    )
    .bind(d)
    .execute(&app.pool)
    .await
    .unwrap();
    Fixture { now, ev1, ev4 }
}

#[tokio::test]
async fn every_figure_matches_the_hand_count() {
    let app = TestApp::without_bot().await;
    let f = fixture(&app).await;
    let now = app.clock.now();
    let last_30 = Period::Days30.start(now);
    // Almaty, 30 days: ev1 and ev4 count; ev2 is older, ev5 cancelled, ev3 elsewhere.
    let almaty_30 = stats::figures(&app.pool, Some(ALMATY), last_30, f.now)
        .await
        .unwrap();
    assert_eq!(
        almaty_30,
        Participation {
            members_total: 4,
            members_new: 2,
            events_held: 1,
            confirmed: 4,
            waiting: 1,
            cancelled: 1,
            attended: 2,
            no_shows: 1,
            volunteer_seconds: 6 * HOUR,
        }
    );
    assert_eq!(almaty_30.attendance_rate(), Some(2.0 / 3.0));
    let almaty_all = stats::figures(&app.pool, Some(ALMATY), None, f.now)
        .await
        .unwrap();
    assert_eq!(
        (
            almaty_all.events_held,
            almaty_all.confirmed,
            almaty_all.attended,
            almaty_all.volunteer_seconds
        ),
        (2, 5, 3, 8 * HOUR)
    );
    assert_eq!(almaty_all.attendance_rate(), Some(0.75));
    let country_30 = stats::figures(&app.pool, None, last_30, f.now).await.unwrap();
    assert_eq!(
        (
            country_30.members_total,
            country_30.members_new,
            country_30.events_held
        ),
        (5, 2, 2)
    );
    assert_eq!(
        (
            country_30.attended,
            country_30.no_shows,
            country_30.volunteer_seconds
        ),
        (3, 1, 10 * HOUR)
    );
    // Most active in Almaty, all time: A (2 events, 5 h), then the erased member, anonymous;
    // the same from the sign-ups and, once built, from the standings.
    let lines = |active: Vec<birlik::db::standings::Volunteer>| -> Vec<_> {
        active
            .iter()
            .map(|v| (v.full_name.clone(), v.events, v.seconds))
            .collect()
    };
    let expected = [
        (Some("Member1 Testov".to_owned()), 2, 5 * HOUR),
        (None, 1, 3 * HOUR),
    ];
    let direct = stats::most_active_from_signups(&app.pool, Some(ALMATY), None, 5)
        .await
        .unwrap();
    assert_eq!(lines(direct), expected);
    assert!(!standings::is_current(&app.pool, now).await.unwrap());
    standings::refresh(&app.pool, now).await.unwrap();
    assert!(standings::is_current(&app.pool, now).await.unwrap());
    let standing = stats::most_active(&app.pool, Some(ALMATY), Period::AllTime, now, 5)
        .await
        .unwrap();
    assert_eq!(lines(standing), expected);
    let wings = stats::members_by_wing(&app.pool, ALMATY).await.unwrap();
    assert_eq!(wings, [(Some("Korean youth".to_owned()), 2), (None, 2)]);
    let regions = stats::by_region(&app.pool, last_30).await.unwrap();
    let almaty = regions.iter().find(|r| r.region_iso == ALMATY).unwrap();
    assert_eq!(
        (almaty.members, almaty.attended, almaty.volunteer_seconds),
        (4, 2, 6 * HOUR)
    );
    assert_eq!(regions.len(), 20);
    let one = stats::event_figures(&app.pool, f.ev1, f.now).await.unwrap();
    assert_eq!(
        (
            one.confirmed,
            one.cancelled,
            one.attended,
            one.no_shows,
            one.volunteer_seconds
        ),
        (3, 1, 2, 1, 6 * HOUR)
    );
}

#[tokio::test]
async fn periods_begin_at_midnight_in_almaty() {
    let app = TestApp::without_bot().await;
    let now = app.clock.now();
    let start = Period::Days30.start(now).unwrap();
    for (id, registered_at) in [(1, start), (2, start - 1)] {
        let user = TgUser::new(id, "Member", Some("en"));
        let member = app.seed_member(&user, ALMATY, Lang::En).await;
        sqlx::query("UPDATE members SET registered_at = ? WHERE id = ?")
            .bind(registered_at)
            .bind(member.id)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let figures = stats::figures(&app.pool, Some(ALMATY), Some(start), now.timestamp())
        .await
        .unwrap();
    assert_eq!(
        figures.members_new, 1,
        "midnight counts, one second before does not"
    );
    let local = chrono::DateTime::from_timestamp(start, 0)
        .unwrap()
        .with_timezone(&chrono_tz::Asia::Almaty);
    assert_eq!(local.format("%H:%M:%S").to_string(), "00:00:00");
}

#[tokio::test]
async fn stats_answer_in_the_askers_scope_and_members_are_refused() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let en = |key: &str| app.text(Lang::En, key);
    let member = TgUser::new(6, "Plain", Some("en"));
    app.seed_member(&member, ALMATY, Lang::En).await;
    let reply = app.send(&member, "/stats").await;
    assert_eq!(texts(&reply), [en("stats-not-allowed")]);

    let astana = TgUser::new(7, "Coordinator", Some("en"));
    app.seed_role(&astana, StaffRole::regional(Role::Coordinator, ASTANA))
        .await;
    let reply = app.send(&astana, "/stats").await;
    let text = &reply[0].text;
    assert!(text.starts_with("📊 Astana"), "{text}");
    let members = app.locales.text_with(
        Lang::En,
        "stats-members",
        &[("total", 1.into()), ("new", 0.into()), ("events", 1.into())],
    );
    assert!(text.contains(&members), "{text}");
    assert!(!text.contains("Member1"), "no other region's volunteers: {text}");
    // Another period: the scope still comes from the stored role.
    let turned = app.press(&astana, &en("stats-period-all")).await;
    assert!(turned[0].text.starts_with("📊 Astana"), "{}", turned[0].text);
    let reply = app.send(&astana, &format!("/stats event {}", f.ev1)).await;
    assert_eq!(texts(&reply), [en("event-not-found")]);

    let organiser = TgUser::new(8, "Organiser", Some("en"));
    app.seed_role(&organiser, StaffRole::regional(Role::Organiser, ALMATY))
        .await;
    let reply = app.send(&organiser, &format!("/stats event {}", f.ev1)).await;
    assert!(
        reply[0]
            .text
            .contains("✅ Attended: 2 · no-shows: 1 · attendance rate: 67%"),
        "{}",
        reply[0].text
    );
    let reply = app.send(&organiser, "/stats wing").await;
    assert!(reply[0].text.contains("• Korean youth: 2"), "{}", reply[0].text);

    let admin = TgUser::new(9, "Admin", Some("en"));
    app.seed_role(&admin, StaffRole::admin()).await;
    let reply = app.send(&admin, "/stats").await;
    let text = &reply[0].text;
    assert!(text.starts_with(&format!("📊 {}", en("stats-country"))), "{text}");
    assert!(
        text.contains("• Almaty: 5 · 2 · 6"),
        "the plain member counts too: {text}"
    );
    assert!(text.contains("• Astana: 1 · 1 · 4"), "{text}");
    let chart = app.press(&admin, &en("stats-chart")).await;
    let photo = chart.iter().find(|s| s.method == "sendPhoto").expect("a chart");
    assert_eq!(
        photo.text,
        chart_title(
            &app,
            Lang::En,
            "chart-attended-by-region",
            &en("stats-country"),
            "chart-period-30d"
        )
    );
    assert_eq!(&last_png(&app)[..8], b"\x89PNG\r\n\x1a\n");

    // A coordinator writing Russian gets the region's week-by-week and wings charts, titled in
    // Russian with what, where and when.
    let coordinator = TgUser::new(30, "Координатор", Some("ru"));
    app.seed_member(&coordinator, ALMATY, Lang::Ru).await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    let ru = |key: &str| app.text(Lang::Ru, key);
    let reply = app.send(&coordinator, "/stats").await;
    assert!(
        reply[0].button_labels().contains(&ru("chart-button-weekly")),
        "{reply:?}"
    );
    for (button, what) in [
        ("chart-button-weekly", "chart-weekly"),
        ("chart-button-wings", "chart-attended-by-wing"),
    ] {
        let sent = app.press(&coordinator, &ru(button)).await;
        let photo = sent.iter().find(|s| s.method == "sendPhoto").expect("a chart");
        assert_eq!(
            photo.text,
            chart_title(&app, Lang::Ru, what, "Алматы", "chart-period-30d")
        );
        assert_eq!(&last_png(&app)[..8], b"\x89PNG\r\n\x1a\n");
    }
    app.assert_no_api_errors();
}

fn chart_title(app: &TestApp, lang: Lang, what: &str, place: &str, period: &str) -> String {
    app.locales.text_with(
        lang,
        "chart-title",
        &[
            ("what", app.text(lang, what).into()),
            ("where", place.to_owned().into()),
            ("period", app.text(lang, period).into()),
        ],
    )
}

fn last_png(app: &TestApp) -> Vec<u8> {
    app.fake
        .calls()
        .into_iter()
        .rev()
        .find(|c| c.method == "sendPhoto")
        .and_then(|c| c.files.into_iter().next())
        .expect("the PNG was uploaded")
        .1
}

#[tokio::test]
async fn export_sends_the_scopes_csv_files_and_is_audit_logged() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let organiser = TgUser::new(8, "Organiser", Some("en"));
    app.seed_role(&organiser, StaffRole::regional(Role::Organiser, ALMATY))
        .await;
    let reply = app.send(&organiser, "/export").await;
    assert_eq!(texts(&reply), [app.text(Lang::En, "export-not-allowed")]);

    let coordinator = TgUser::new(7, "Coordinator", Some("en"));
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    app.send(&coordinator, "/export").await;
    let files = app.fake.documents_to(coordinator.id);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["members-KZ-75.csv", "events-KZ-75.csv", "participation-KZ-75.csv"]
    );
    let text = |i: usize| String::from_utf8(files[i].1.clone()).unwrap();
    let members = text(0);
    assert!(
        members.starts_with('\u{feff}'),
        "a byte-order mark for spreadsheets"
    );
    assert_eq!(members.lines().count(), 1 + 4, "{members}");
    assert!(
        !members.contains("Member5"),
        "nobody from another region: {members}"
    );
    let events = text(1);
    assert_eq!(events.lines().count(), 1 + 4, "{events}");
    let participation = text(2);
    assert_eq!(participation.lines().count(), 1 + 8, "{participation}");
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'data_exported' AND actor_user_id = 7",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(logged, 1);
    app.assert_no_api_errors();
}

/// The rows of a CSV file the bot sent, header first, after its byte-order mark.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn csv_headers_are_in_the_readers_language_and_the_numbers_stay_machine_readable() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    // 2 h 15 min each for A and D: 4.5 volunteer hours, which Russian text writes "4,5".
    sqlx::query("UPDATE events SET ends_at = starts_at + 8100 WHERE id = ?")
        .bind(f.ev1)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE events SET capacity = 22000 WHERE id = ?")
        .bind(f.ev4)
        .execute(&app.pool)
        .await
        .unwrap();
    let ru = |key: &str| app.text(Lang::Ru, key);

    let coordinator = TgUser::new(7, "Coordinator", Some("ru"));
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, ALMATY))
        .await;
    app.send(&coordinator, "/export").await;
    let files = app.fake.documents_to(coordinator.id);
    assert_eq!(files.len(), 3);
    let members = csv_rows(&files[0].1);
    assert_eq!(
        members[0],
        [
            "Номер участника",
            "ФИО",
            "Регион",
            "Молодёжное крыло",
            "Год рождения",
            "Телефон",
            "Язык",
            "Статус",
            "Время регистрации"
        ]
    );
    assert_eq!(members[1][4], "2000", "a year is not grouped: {members:?}");
    let events = csv_rows(&files[1].1);
    assert_eq!(events[0][0], "Номер мероприятия");
    assert_eq!(events[0][6], "Число мест");
    assert_eq!(events[0][13], "Волонтёрские часы");
    let row = |id: i64| {
        events
            .iter()
            .find(|row| row[0] == id.to_string())
            .unwrap_or_else(|| panic!("no event {id}: {events:?}"))
    };
    assert_eq!(row(f.ev1)[13], "4.5", "a decimal point, not «4,5»");
    assert_eq!(row(f.ev1)[7], "finished", "a status as stored");
    assert_eq!(row(f.ev4)[6], "22000", "no «22 000»");
    assert!(
        regex::Regex::new(r"^\d\d\.\d\d\.\d{4} \d\d:\d\d$")
            .unwrap()
            .is_match(&row(f.ev1)[4]),
        "a start time as typed, not in words: {:?}",
        row(f.ev1)
    );
    let participation = csv_rows(&files[2].1);
    assert_eq!(participation[0][1], "Название мероприятия");
    assert_eq!(participation[0][6], "Явка");

    let organiser = TgUser::new(8, "Organiser", Some("ru"));
    app.seed_role(&organiser, StaffRole::regional(Role::Organiser, ALMATY))
        .await;
    app.send(&organiser, &format!("/volunteers {}", f.ev4)).await;
    app.press(&organiser, &ru("volunteers-csv")).await;
    let (_, bytes) = app.fake.documents_to(organiser.id).pop().expect("the CSV");
    let volunteers = csv_rows(&bytes);
    assert_eq!(
        volunteers[0],
        [
            "№",
            "ФИО",
            "Имя пользователя в Telegram",
            "Телефон",
            "Статус",
            "Место в листе ожидания",
            "Участие подтверждено",
            "Явка",
            "Время записи"
        ]
    );
    assert_eq!(volunteers.len(), 3, "{volunteers:?}");
    assert_eq!(volunteers[2][0], "2");
    assert_eq!(volunteers[2][4], "waiting");
    assert_eq!(volunteers[2][5], "1");
    app.assert_no_api_errors();
}

#[tokio::test]
async fn demo_data_is_realistic_and_the_same_for_the_same_seed() {
    let mut figures = Vec::new();
    for _ in 0..2 {
        let app = TestApp::without_bot().await;
        let now = 1_800_000_000;
        let summary = birlik::demo::fill(&app.pool, 2_000, 40, 7, now).await.unwrap();
        assert!((120..=140).contains(&summary.wings), "{summary:?}");
        assert_eq!((summary.members, summary.events), (2_000, 40));
        assert!(summary.signups > 3_500, "{summary:?}");
        let all = stats::figures(&app.pool, None, None, now).await.unwrap();
        assert!(
            all.attended > 0 && all.no_shows > 0 && all.waiting > 0 && all.cancelled > 0,
            "{all:?}"
        );
        let kazakh: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM members WHERE full_name LIKE '%ұ%' OR full_name LIKE '%ә%'",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert!(kazakh > 0, "names with Kazakh letters");
        // A woman's surname and patronymic are feminine, a man's masculine; a wing's members
        // mostly carry its culture's names.
        let names: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT m.full_name, w.name FROM members m LEFT JOIN wings w ON w.id = m.wing_id")
                .fetch_all(&app.pool)
                .await
                .unwrap();
        let (mut women, mut men) = (0, 0);
        for (name, _) in &names {
            let (given, surname) = name.split_once(' ').unwrap();
            if birlik::demo::names::is_female_given_name(given) {
                women += 1;
                assert!(
                    !surname.ends_with("ұлы") && !surname.ends_with("ов") && !surname.ends_with("ий"),
                    "{name}"
                );
            } else {
                assert!(birlik::demo::names::is_male_given_name(given), "{name}");
                men += 1;
                assert!(!surname.ends_with("қызы") && !surname.ends_with("ова"), "{name}");
            }
        }
        assert!(women > 800 && men > 800, "{women} {men}");
        let has = |end: &str| names.iter().any(|(name, _)| name.ends_with(end));
        assert!(
            has("қызы") && has("ұлы") && has("ова") && has("ов"),
            "both forms of both"
        );
        let korean: Vec<&String> = names
            .iter()
            .filter(|(_, wing)| wing.as_deref() == Some("Корей жастары"))
            .map(|(name, _)| name)
            .collect();
        let korean_surnames = korean
            .iter()
            .filter(|name| {
                [
                    "Ким", "Пак", "Ли", "Цой", "Тен", "Хан", "Югай", "Шин", "Огай", "Ни",
                ]
                .iter()
                .any(|s| name.ends_with(&format!(" {s}")))
            })
            .count();
        assert!(
            korean_surnames * 10 > korean.len() * 5 && korean.len() > 20,
            "{korean_surnames} of {}",
            korean.len()
        );
        let (titles, places): (i64, i64) =
            sqlx::query_as("SELECT COUNT(DISTINCT title), COUNT(DISTINCT place) FROM events")
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert!(titles >= 10 && places >= 20, "{titles} titles, {places} places");
        let in_wrong_city: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM events WHERE region_iso = 'KZ-75' AND place NOT LIKE 'Алматы, %'",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(in_wrong_city, 0, "an Almaty event happens in Almaty");
        let regions: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT region_iso) FROM members")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(regions, 20);
        // Spread over two years: events in the last 90 days and over a year ago, members who
        // registered last month and long ago.
        let year_ago = now - 365 * 86_400;
        let month_ago = now - 30 * 86_400;
        let (old_events, recent_events): (i64, i64) =
            sqlx::query_as("SELECT SUM(starts_at < ?1), SUM(starts_at BETWEEN ?2 AND ?3) FROM events")
                .bind(year_ago)
                .bind(now - 90 * 86_400)
                .bind(now)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert!(
            old_events > 10 && recent_events > 0,
            "{old_events} {recent_events}"
        );
        let (old_members, recent_members): (i64, i64) =
            sqlx::query_as("SELECT SUM(registered_at < ?1), SUM(registered_at >= ?2) FROM members")
                .bind(year_ago)
                .bind(month_ago)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert!(
            old_members > 800 && recent_members > 30,
            "{old_members} {recent_members}"
        );
        figures.push(all);
    }
    assert_eq!(figures[0], figures[1], "the same seed, the same movement");
}

#[tokio::test]
async fn stats_speak_the_askers_language() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    // Two of three expected came: the percent sign where each language puts it (CLDR).
    for (id, lang, rate) in [
        (20, Lang::Kk, "келу көрсеткіші: 67%"),
        (21, Lang::Ru, "явка: 67\u{a0}%"),
    ] {
        let user = TgUser::new(id, "Coordinator", Some(lang.code()));
        app.seed_role(&user, StaffRole::regional(Role::Coordinator, ALMATY))
            .await;
        let reply = app.send(&user, "/stats").await;
        let title = app.locales.text_with(
            lang,
            "stats-title",
            &[
                ("scope", "Алматы".into()),
                ("period", app.text(lang, "stats-period-30d").into()),
            ],
        );
        assert!(reply[0].text.starts_with(&title), "{lang:?}: {}", reply[0].text);
        assert!(reply[0].button_labels().contains(&app.text(lang, "stats-chart")));
        assert!(reply[0].text.contains(rate), "{lang:?}: {}", reply[0].text);
    }
    app.assert_no_api_errors();
}

/// Most active volunteers of every scope and period, from the standings and from the sign-ups.
async fn assert_standings_exact(app: &TestApp, now: chrono::DateTime<chrono::Utc>, step: &str) {
    standings::refresh(&app.pool, now).await.unwrap();
    let regions: Vec<String> = sqlx::query_scalar("SELECT iso_code FROM regions")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let scopes = std::iter::once(None).chain(regions.iter().map(|r| Some(r.as_str())));
    let mut compared = 0;
    for scope in scopes {
        for period in Period::ALL {
            let kept = stats::most_active(&app.pool, scope, period, now, 100_000)
                .await
                .unwrap();
            let direct = stats::most_active_from_signups(&app.pool, scope, period.start(now), 100_000)
                .await
                .unwrap();
            // Counts only on failure: the lists run to hundreds of names.
            assert!(
                kept == direct,
                "{step}: {scope:?} {period:?}: standings {} volunteers, sign-ups {}; first difference at {:?}",
                kept.len(),
                direct.len(),
                kept.iter().zip(&direct).position(|(a, b)| a != b)
            );
            compared += direct.len();
        }
    }
    assert!(
        compared > 100,
        "{step}: the comparison saw volunteers ({compared})"
    );
}

#[tokio::test]
async fn standings_stay_exact_through_attendance_cancellations_event_edits_and_midnights() {
    let app = TestApp::without_bot().await;
    let mut now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    birlik::demo::fill(&app.pool, 1_500, 120, 3, now.timestamp())
        .await
        .unwrap();
    assert_standings_exact(&app, now, "built").await;
    let steps = [
        ("attendance toggled", "UPDATE signups SET attended = 1 - attended WHERE id % 7 = 3"),
        ("sign-ups cancelled", "UPDATE signups SET status = 'cancelled' WHERE id % 11 = 5"),
        ("sign-ups back", "UPDATE signups SET status = 'confirmed' WHERE id % 22 = 5"),
        ("events cancelled", "UPDATE events SET status = 'cancelled' WHERE id % 9 = 1 AND status != 'cancelled'"),
        ("an event reinstated", "UPDATE events SET status = 'finished' WHERE id % 18 = 1"),
        ("events moved 40 days back", "UPDATE events SET starts_at = starts_at - 40 * 86400, ends_at = ends_at - 40 * 86400,
             deadline_at = deadline_at - 40 * 86400 WHERE id % 5 = 2"),
        ("events made longer", "UPDATE events SET ends_at = ends_at + 3600 WHERE id % 4 = 0"),
        ("events made republic-wide", "UPDATE events SET region_iso = NULL WHERE id % 13 = 6"),
        ("events moved to Astana", "UPDATE events SET region_iso = 'KZ-71' WHERE id % 17 = 8"),
        ("sign-ups removed", "DELETE FROM signups WHERE id % 29 = 0"),
        (
            "attended sign-ups added",
            "INSERT OR IGNORE INTO signups (event_id, member_id, status, seq, attended, created_at, updated_at)
             SELECT e.id, m.id, 'confirmed', 100000 + m.id, 1, 0, 0
             FROM events e JOIN members m ON m.id % 50 = e.id % 50 WHERE e.id % 3 = 0",
        ),
    ];
    for (step, statement) in steps {
        sqlx::query(statement).execute(&app.pool).await.unwrap();
        assert_standings_exact(&app, now, step).await;
    }
    // Midnights: a day, ten days, forty days, into the next year; then the clock set back.
    for (step, days) in [
        ("next day", 1),
        ("ten days", 10),
        ("forty days", 40),
        ("next year", 70),
    ] {
        now += chrono::Duration::days(days);
        assert_standings_exact(&app, now, step).await;
    }
    now -= chrono::Duration::days(100);
    assert_standings_exact(&app, now, "clock set back").await;
}
