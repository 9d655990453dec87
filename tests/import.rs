//! Importing a headquarters' list: the dry run (a file of people checked row by row, in the
//! coordinator's language, against the region's wings and members, with nothing stored), then
//! Import storing the good rows as pending people and sending back their personal links; and
//! `birlik import` doing the same from the command line.

use std::time::Duration;

use birlik::db::wings;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::{Lang, Locales};
use birlik::import::{self, DryRun, Format, report};

use crate::binary::birlik;
use crate::support::people::this_year;
use crate::support::people_file::{
    KAZAKH_HEADER, MIXED_HEADER, RUSSIAN_HEADER, WING_ELSEWHERE, WINGS, as_csv, as_xlsx, good_rows,
    people_rows,
};
use crate::support::{TestApp, TgUser};

/// A region with two wings, a wing of another region, and one registered member.
async fn movement() -> TestApp {
    let app = TestApp::spawn().await;
    for (region, name) in [
        ("KZ-75", WINGS[0]),
        ("KZ-75", WINGS[1]),
        ("KZ-79", WING_ELSEWHERE),
    ] {
        wings::insert(&app.pool, region, name, 0).await.unwrap();
    }
    app.seed_member(&TgUser::new(1, "Aigerim", Some("ru")), "KZ-75", Lang::Ru)
        .await;
    app
}

async fn members(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn dry_run(app: &TestApp, bytes: &[u8], format: Format) -> DryRun {
    import::dry_run(&app.pool, "KZ-75", bytes, format, this_year())
        .await
        .unwrap()
        .expect("a readable file with the required columns")
}

fn assert_counts(run: &DryRun) {
    assert_eq!(run.rows, 200);
    assert_eq!(run.good.len(), 195);
    assert_eq!(run.bad_rows(), 3);
    assert_eq!(run.duplicates_in_file(), 1);
    assert_eq!(run.already_registered(), 1);
}

#[tokio::test]
async fn a_russian_csv_of_200_people_is_checked_row_by_row_in_russian_and_kazakh() {
    let app = movement().await;
    let members_before = members(&app).await;
    let csv = as_csv(&people_rows(RUSSIAN_HEADER, 200));
    let run = dry_run(&app, &csv, Format::Csv).await;
    assert_counts(&run);

    let locales = Locales::load().unwrap();
    let earliest = this_year() - 35;
    let text = report::full_text(&locales, Lang::Ru, "Алматы", &run);
    for line in [
        "Прочитано строк: 200",
        "Готовы к импорту: 195",
        "С ошибками: 3",
        "Повторы внутри файла: 1",
        "Уже зарегистрированы: 1",
        "Строка 12: не указано ФИО",
        &format!("Строка 22: год рождения 1890: в движении те, кто родился в {earliest} году или позже"),
        "Строка 32: в регионе Алматы нет крыла «Uzbek youth»",
        "Строка 42: тот же человек, что в строке 7",
        "Строка 52: уже есть среди участников региона Алматы",
        "Пока ничего не сохранено.",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "{line:?} not in:\n{text}"
        );
    }
    assert_eq!(text.matches("Строка ").count(), 5, "{text}");

    let text = report::full_text(&locales, Lang::Kk, "Алматы", &run);
    for line in [
        "Оқылған жолдар: 200",
        "Импорттауға дайын: 195",
        "Қатесі барлар: 3",
        "Файл ішінде қайталанғандар: 1",
        "Бұрыннан тіркелгендер: 1",
        "12-жол: аты-жөні жазылмаған",
        "32-жол: Алматы өңірінде «Uzbek youth» қанаты жоқ",
        "42-жол: 7-жолдағы адаммен бірдей",
        "52-жол: Алматы өңірінің мүшелері арасында бар",
        "Әзірге ештеңе сақталған жоқ.",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "{line:?} not in:\n{text}"
        );
    }

    assert_eq!(members(&app).await, members_before, "a dry run stores nobody");
}

#[tokio::test]
async fn an_xlsx_workbook_with_kazakh_headers_gives_the_same_result() {
    let app = movement().await;
    let xlsx = as_xlsx(&people_rows(KAZAKH_HEADER, 200));
    let run = dry_run(&app, &xlsx, Format::Xlsx).await;
    assert_counts(&run);
    let csv_run = dry_run(&app, &as_csv(&people_rows(KAZAKH_HEADER, 200)), Format::Csv).await;
    assert_eq!(run, csv_run);
}

#[tokio::test]
async fn a_file_without_the_required_columns_or_not_a_table_is_named_as_such() {
    let app = movement().await;
    let locales = Locales::load().unwrap();
    let refused = |bytes: &'static [u8], format| {
        let pool = app.pool.clone();
        async move {
            import::dry_run(&pool, "KZ-75", bytes, format, this_year())
                .await
                .unwrap()
                .expect_err("refused")
        }
    };
    let error = refused("ФИО,Телефон\nАнна Ким,\n".as_bytes(), Format::Csv).await;
    let text = error.text(&locales, Lang::Ru);
    assert!(text.contains("Не найдено: Год рождения, Крыло."), "{text}");
    let error = refused(b"not a workbook", Format::Xlsx).await;
    assert!(
        error
            .text(&locales, Lang::En)
            .starts_with("The file could not be read.")
    );
}

#[tokio::test]
async fn the_command_line_prints_the_report_and_stores_nothing() {
    let app = movement().await;
    let members_before = members(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.xlsx");
    std::fs::write(&file, as_xlsx(&people_rows(RUSSIAN_HEADER, 200))).unwrap();
    let (_, url) = app
        .env()
        .into_iter()
        .find(|(name, _)| *name == "DATABASE_URL")
        .unwrap();
    let output = birlik(
        dir.path(),
        &[("DATABASE_URL", &url)],
        &["import", file.to_str().unwrap(), "--region", "KZ-75"],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in [
        "Trial check of the file, region: Almaty",
        "Rows read: 200",
        "Ready to import: 195",
        "With errors: 3",
        "Duplicates within the file: 1",
        "Already registered: 1",
        "Row 12: no full name",
        "Row 32: Almaty has no wing “Uzbek youth”",
        "Row 42: the same person as row 7",
        "Row 52: already a member in Almaty",
        "Nothing has been stored yet.",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(line)),
            "{line:?} not in:\n{stdout}"
        );
    }
    assert_eq!(members(&app).await, members_before);

    let output = birlik(
        dir.path(),
        &[("DATABASE_URL", &url)],
        &["import", "people.pdf", "--region", "KZ-75"],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("must be .xlsx or .csv"));
}

async fn staff(app: &TestApp, id: i64, lang: Lang, staff: StaffRole) -> TgUser {
    let user = TgUser::new(id, "Staff", Some(lang.code()));
    app.seed_member(&user, "KZ-75", lang).await;
    app.seed_role(&user, staff).await;
    user
}

/// The text of every message in an answer, one after another.
fn texts(sent: &[crate::support::fake_api::Sent]) -> String {
    sent.iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n---\n")
}

#[tokio::test]
async fn a_coordinator_sends_a_file_after_import_and_reads_the_dry_run_in_russian() {
    let app = movement().await;
    let coordinator = staff(
        &app,
        10,
        Lang::Ru,
        StaffRole::regional(Role::Coordinator, "KZ-75"),
    )
    .await;
    let members_before = members(&app).await;

    let asked = texts(&app.send(&coordinator, "/import").await);
    assert!(
        asked.starts_with("Пришлите файл с людьми для региона Алматы документом"),
        "{asked}"
    );
    let not_a_file = texts(&app.send(&coordinator, "вот он").await);
    assert_eq!(not_a_file, app.text(Lang::Ru, "import-expecting-file"));

    let xlsx = as_xlsx(&people_rows(RUSSIAN_HEADER, 200));
    let answer = texts(&app.send_document(&coordinator, "люди.xlsx", &xlsx, None).await);
    for line in [
        "Пробная проверка файла, регион: Алматы",
        "Прочитано строк: 200",
        "Готовы к импорту: 195",
        "С ошибками: 3",
        "Повторы внутри файла: 1",
        "Уже зарегистрированы: 1",
        "Строка 12: не указано ФИО",
        "Строка 42: тот же человек, что в строке 7",
        &stored_on_import(&app, Lang::Ru),
    ] {
        assert!(answer.lines().any(|l| l == line), "{line:?} not in:\n{answer}");
    }
    assert_eq!(
        app.fake.visible_buttons(coordinator.id),
        ["✅ Импортировать 195 человек", "✖ Отмена"]
    );
    assert!(
        app.fake.documents_to(coordinator.id).is_empty(),
        "five problems fit in the message"
    );

    // Many problems come as a file, in the coordinator's language.
    let mut rows = people_rows(RUSSIAN_HEADER, 200);
    for row in rows.iter_mut().skip(100).take(30) {
        row[1] = "1890".to_owned();
    }
    let sent = app
        .send_document(&coordinator, "люди.csv", &as_csv(&rows), None)
        .await;
    assert_eq!(
        sent.last().unwrap().button_labels(),
        ["✅ Импортировать 165 человек", "✖ Отмена"],
        "the summary with its buttons comes after the file of problems"
    );
    let answer = texts(&sent);
    assert!(answer.contains("С ошибками: 33"), "{answer}");
    assert!(
        answer.contains(&app.text(Lang::Ru, "import-problems-in-file")),
        "{answer}"
    );
    assert!(!answer.contains("Строка 12:"), "{answer}");
    let files = app.fake.documents_to(coordinator.id);
    let (name, bytes) = files.last().expect("the problems as a file");
    assert_eq!(name, "import-problems-KZ-75.csv");
    let csv = String::from_utf8_lossy(bytes);
    assert!(csv.contains("Строка,Ошибка"), "{csv}");
    assert!(csv.contains("12,не указано ФИО"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 35, "{csv}");

    assert_eq!(members(&app).await, members_before, "a dry run stores nobody");
}

#[tokio::test]
async fn a_kazakh_coordinator_can_send_the_file_with_import_as_its_caption() {
    let app = movement().await;
    let coordinator = staff(
        &app,
        10,
        Lang::Kk,
        StaffRole::regional(Role::Coordinator, "KZ-75"),
    )
    .await;
    let csv = as_csv(&people_rows(KAZAKH_HEADER, 200));
    let answer = texts(
        &app.send_document(&coordinator, "тізім.csv", &csv, Some("/import"))
            .await,
    );
    for line in [
        "Файлды алдын ала тексеру, өңір: Алматы",
        "Импорттауға дайын: 195",
        "12-жол: аты-жөні жазылмаған",
        "52-жол: Алматы өңірінің мүшелері арасында бар",
        &stored_on_import(&app, Lang::Kk),
    ] {
        assert!(answer.lines().any(|l| l == line), "{line:?} not in:\n{answer}");
    }
}

#[tokio::test]
async fn an_admin_names_the_region_and_a_wrong_or_large_file_is_refused() {
    let app = movement().await;
    let admin = staff(&app, 10, Lang::En, StaffRole::admin()).await;
    assert_eq!(
        texts(&app.send(&admin, "/import").await),
        app.text(Lang::En, "import-name-region")
    );
    assert_eq!(
        texts(&app.send(&admin, "/import Atlantis").await),
        app.text(Lang::En, "region-unknown")
    );
    let asked = texts(&app.send(&admin, "/import KZ-75").await);
    assert!(
        asked.starts_with("Send the file of people for Almaty as a document"),
        "{asked}"
    );
    let refused = texts(&app.send_document(&admin, "people.pdf", b"%PDF-1.4", None).await);
    assert_eq!(refused, app.text(Lang::En, "import-wrong-type"));
    let large = vec![b'a'; 5 * 1024 * 1024 + 1];
    let refused = texts(&app.send_document(&admin, "people.csv", &large, None).await);
    assert_eq!(refused, "The file is too large: at most 5 MB.");
    let refused = texts(
        &app.send_document(&admin, "people.xlsx", b"not a workbook", None)
            .await,
    );
    assert_eq!(refused, app.text(Lang::En, "import-file-unreadable"));
    let csv = as_csv(&people_rows(RUSSIAN_HEADER, 200));
    let answer = texts(&app.send_document(&admin, "people.csv", &csv, None).await);
    assert!(answer.contains("Ready to import: 195"), "{answer}");
    assert!(
        answer.contains("Row 32: Almaty has no wing “Uzbek youth”"),
        "{answer}"
    );
}

#[tokio::test]
async fn members_organisers_and_coordinators_of_another_region_are_refused() {
    let app = movement().await;
    let member = app.member(20, "KZ-75", Lang::En).await;
    let organiser = app.organiser(21, "KZ-75", Lang::En).await;
    let elsewhere = staff(
        &app,
        22,
        Lang::En,
        StaffRole::regional(Role::Coordinator, "KZ-11"),
    )
    .await;
    let csv = as_csv(&people_rows(RUSSIAN_HEADER, 200));
    let not_allowed = app.text(Lang::En, "not-allowed");
    for user in [&member, &organiser] {
        assert_eq!(texts(&app.send(user, "/import").await), not_allowed);
        assert_eq!(
            texts(
                &app.send_document(user, "people.csv", &csv, Some("/import KZ-75"))
                    .await
            ),
            not_allowed
        );
    }
    assert_eq!(texts(&app.send(&elsewhere, "/import KZ-75").await), not_allowed);
}

/// The last line of a dry run with good rows: nothing stored yet, press Import.
fn stored_on_import(app: &TestApp, lang: Lang) -> String {
    format!(
        "{} {}",
        app.text(lang, "import-nothing-stored"),
        app.text(lang, "import-press-to-store")
    )
}

async fn coordinator(app: &TestApp, lang: Lang) -> TgUser {
    staff(app, 10, lang, StaffRole::regional(Role::Coordinator, "KZ-75")).await
}

async fn pending_people(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM pending_people").await
}

/// The PDF's text as a reader copies it out, spaces made plain and single.
fn pdf_text(pdf: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text");
    text.split(char::is_whitespace)
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The links CSV's rows under its header, as (wing, full name, birth year, link).
fn link_rows(csv: &[u8]) -> Vec<[String; 4]> {
    let csv = csv.strip_prefix("\u{feff}".as_bytes()).unwrap_or(csv);
    let mut reader = csv::Reader::from_reader(csv);
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            std::array::from_fn(|i| record[i].to_owned())
        })
        .collect()
}

#[tokio::test]
async fn a_coordinator_imports_5000_people_from_a_mixed_workbook_and_gets_their_links_by_wing() {
    let app = movement().await;
    let coordinator = coordinator(&app, Lang::En).await;
    let members_before = members(&app).await;
    let xlsx = as_xlsx(&people_rows(MIXED_HEADER, 5_000));

    let answer = texts(
        &app.send_document(&coordinator, "people.xlsx", &xlsx, Some("/import"))
            .await,
    );
    let earliest = this_year() - 35;
    for line in [
        "Trial check of the file, region: Almaty",
        "Rows read: 5,000",
        "Ready to import: 4,995",
        "With errors: 3",
        "Duplicates within the file: 1",
        "Already registered: 1",
        "Row 12: no full name",
        &format!("Row 22: born in 1890: the movement is for people born in {earliest} or later"),
        "Row 32: Almaty has no wing “Uzbek youth”",
        "Row 42: the same person as row 7",
        "Row 52: already a member in Almaty",
        &stored_on_import(&app, Lang::En),
    ] {
        assert!(answer.lines().any(|l| l == line), "{line:?} not in:\n{answer}");
    }
    assert_eq!(answer.matches("Row ").count(), 5, "{answer}");
    assert_eq!(pending_people(&app).await, 0, "a dry run stores nobody");

    // Drawing 4,995 QR codes takes a while in a test build.
    let answer = app
        .press_patiently(&coordinator, "✅ Import 4,995 people", Duration::from_secs(120))
        .await;
    let texts_of = texts(&answer);
    assert!(
        texts_of.contains(
            "Imported into Almaty as pending: 4,995. Each becomes a member only by opening their personal link"
        ),
        "{texts_of}"
    );
    assert!(texts_of.contains("Rows left out: 5."), "{texts_of}");

    // Exactly the good rows, pending in the region, none a member.
    assert_eq!(pending_people(&app).await, good_rows(5_000) as i64);
    assert_eq!(members(&app).await, members_before);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM pending_people WHERE region_iso = 'KZ-75' AND full_name = ''")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM pending_people WHERE birth_year = 1890 OR phone = '+77020000005'")
            .await,
        1,
        "row 7 is there once; row 42, its duplicate, is not"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM pending_people WHERE full_name = 'Aigerim Testov'")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'people_imported'")
            .await,
        1
    );

    let files = app.fake.documents_to(coordinator.id);
    let (csv_name, csv) = files
        .iter()
        .find(|(name, _)| name.ends_with(".csv"))
        .expect("the links as a CSV");
    assert!(csv_name.starts_with("links-KZ-75-"), "{csv_name}");
    let rows = link_rows(csv);
    assert_eq!(rows.len(), good_rows(5_000));
    let link = regex::Regex::new(r"^https://t\.me/birlik_test_bot\?start=m_[0-9a-f]{20}$").unwrap();
    assert!(
        rows.iter().all(|[_, _, _, l]| link.is_match(l)),
        "{:?}",
        &rows[..3]
    );
    let codes: std::collections::HashSet<_> = rows.iter().map(|[_, _, _, l]| l.clone()).collect();
    assert_eq!(codes.len(), rows.len(), "every link is its own");
    let stored_codes: Vec<String> = sqlx::query_scalar("SELECT code FROM pending_people")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(
        stored_codes
            .iter()
            .all(|code| codes.contains(&format!("https://t.me/birlik_test_bot?start=m_{code}")))
    );
    assert!(
        rows.contains(&[
            WINGS[0].to_owned(),
            "Асқар Кимааа".to_owned(),
            (this_year() - 20).to_string(),
            rows.iter().find(|r| r[1] == "Асқар Кимааа").unwrap()[3].clone(),
        ]),
        "wing, full name, birth year, link"
    );

    let sheets: Vec<_> = files.iter().filter(|(name, _)| name.ends_with(".pdf")).collect();
    assert_eq!(sheets.len(), 2, "one sheet per wing");
    for (wing, (name, pdf)) in WINGS.iter().zip(&sheets) {
        assert!(name.contains(&wing.replace(' ', "-")), "{name}");
        assert!(
            pdf.starts_with(b"%PDF-"),
            "{name}: {} bytes beginning {:?}",
            pdf.len(),
            String::from_utf8_lossy(&pdf[..pdf.len().min(40)])
        );
        let text = pdf_text(pdf);
        assert!(text.contains(&format!("{wing} — Almaty")), "{name}");
        let on_sheet: Vec<_> = rows.iter().filter(|r| &r[0] == wing).collect();
        assert!(on_sheet.len() > 2_000);
        for [_, full_name, _, link] in on_sheet.iter().step_by(250) {
            assert!(text.contains(full_name.as_str()), "{full_name} not on {name}");
            assert!(text.contains(link.as_str()), "{link} not on {name}");
        }
    }
    app.assert_no_api_errors();
}

#[tokio::test]
async fn import_pressed_twice_stores_nothing_more_and_sends_the_links_again() {
    let app = movement().await;
    let coordinator = coordinator(&app, Lang::Ru).await;
    let csv = as_csv(&people_rows(RUSSIAN_HEADER, 60));
    app.send_document(&coordinator, "люди.csv", &csv, Some("/import"))
        .await;
    let (message_id, data) = app
        .fake
        .find_button(coordinator.id, "✅ Импортировать 55 человек")
        .expect("the Import button");
    app.press_data(&coordinator, message_id, &data).await;
    assert_eq!(pending_people(&app).await, 55);
    assert!(
        app.fake
            .find_button(coordinator.id, "✅ Импортировать 55 человек")
            .is_none(),
        "the buttons go once pressed"
    );
    let documents = app.fake.documents_to(coordinator.id).len();

    // The same button again (an old message, or a double tap Telegram delivered twice).
    let again = texts(&app.press_data(&coordinator, message_id, &data).await);
    assert!(
        again.contains("Этот файл уже импортирован (людей: 55). Ещё не вступили: 55, их ссылки ниже."),
        "{again}"
    );
    assert_eq!(pending_people(&app).await, 55, "nothing stored twice");
    assert_eq!(
        app.fake.documents_to(coordinator.id).len(),
        documents + 3,
        "the CSV and the two sheets again"
    );

    // The same list sent again finds its people pending: nothing to import.
    let sent = app
        .send_document(&coordinator, "люди.csv", &csv, Some("/import"))
        .await;
    let answer = texts(&sent);
    assert!(answer.contains("Готовы к импорту: 0\n"), "{answer}");
    // Row 42 too: the same phone as row 7's person, pending now.
    assert!(
        answer.contains("Уже импортированы, ещё не вступили: 56\n"),
        "{answer}"
    );
    let (_, problems) = app.fake.documents_to(coordinator.id).pop().unwrap();
    let problems = String::from_utf8(problems).unwrap();
    assert!(
        problems.contains("\n3,уже импортирован раньше и ещё не вступил\n"),
        "{problems}"
    );
    assert!(
        sent.iter().all(|s| s.button_labels().is_empty()),
        "no Import button"
    );
    assert_eq!(pending_people(&app).await, 55);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'people_imported'")
            .await,
        1
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_coordinator_who_lost_the_role_since_the_check_is_refused_at_import() {
    let app = movement().await;
    let coordinator = coordinator(&app, Lang::En).await;
    let csv = as_csv(&people_rows(RUSSIAN_HEADER, 60));
    app.send_document(&coordinator, "people.csv", &csv, Some("/import"))
        .await;
    let mut conn = app.pool.acquire().await.unwrap();
    birlik::db::roles::revoke(&mut conn, coordinator.id, None, "test", 1)
        .await
        .unwrap()
        .expect("the coordinator's role");
    drop(conn);
    let answer = texts(&app.press(&coordinator, "✅ Import 55 people").await);
    assert_eq!(answer, app.text(Lang::En, "not-allowed"));
    assert_eq!(pending_people(&app).await, 0);
    assert!(app.fake.documents_to(coordinator.id).is_empty());
}

#[tokio::test]
async fn people_registered_since_the_check_are_left_out_of_the_import() {
    let app = movement().await;
    let admin = staff(&app, 10, Lang::Kk, StaffRole::admin()).await;
    let rows = people_rows(KAZAKH_HEADER, 60);
    app.send_document(&admin, "тізім.xlsx", &as_xlsx(&rows), Some("/import KZ-75"))
        .await;
    // Row 2's person registers before the admin presses Import.
    let (name, year) = (rows[1][0].clone(), rows[1][1].parse::<i32>().unwrap());
    sqlx::query(
        "INSERT INTO members (telegram_user_id, chat_id, full_name, birth_year, region_iso, lang,
             consent_at, consent_version, registered_at, updated_at)
         VALUES (500, 500, ?, ?, 'KZ-75', 'kk', 1, 'test', 1, 1)",
    )
    .bind(&name)
    .bind(year)
    .execute(&app.pool)
    .await
    .unwrap();
    let answer = texts(&app.press(&admin, "✅ 55 адамды импорттау").await);
    assert!(
        answer.contains("Алматы өңіріне импортталды: 54 адам, енді олар күтуде."),
        "{answer}"
    );
    assert!(answer.contains("Импортталмаған жолдар: 6."), "{answer}");
    assert_eq!(pending_people(&app).await, 54);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM pending_people WHERE full_name = '{name}'"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn cancel_stores_nothing_and_its_import_button_then_does_nothing() {
    let app = movement().await;
    let coordinator = coordinator(&app, Lang::En).await;
    let csv = as_csv(&people_rows(RUSSIAN_HEADER, 60));
    app.send_document(&coordinator, "people.csv", &csv, Some("/import"))
        .await;
    let (message_id, import) = app
        .fake
        .find_button(coordinator.id, "✅ Import 55 people")
        .unwrap();
    let answer = texts(&app.press(&coordinator, "✖ Cancel").await);
    assert!(
        answer.contains(app.text(Lang::En, "import-cancelled").as_str()),
        "{answer:?}"
    );
    let since = app.fake.call_count();
    app.press_data(&coordinator, message_id, &import).await;
    assert_eq!(
        app.callback_answers_since(since),
        [app.text(Lang::En, "import-stale")]
    );
    assert_eq!(pending_people(&app).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM imports").await, 0);
}

#[tokio::test]
async fn a_file_with_no_good_rows_gets_no_import_button() {
    let app = movement().await;
    let coordinator = coordinator(&app, Lang::En).await;
    let csv = "Full name,Birth year,Wing\n,1890,Uzbek youth\n";
    let sent = app
        .send_document(&coordinator, "people.csv", csv.as_bytes(), Some("/import"))
        .await;
    let answer = texts(&sent);
    assert!(answer.contains("Ready to import: 0"), "{answer}");
    assert!(
        answer.ends_with(&app.text(Lang::En, "import-nothing-stored")),
        "{answer}"
    );
    assert!(sent.iter().all(|s| s.button_labels().is_empty()));
    assert_eq!(app.count("SELECT COUNT(*) FROM imports").await, 0);
}

// Two threads: the fake Bot API answers the binary's getMe while the test waits for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_stores_with_store_and_writes_the_links() {
    let app = TestApp::without_bot().await;
    for wing in WINGS {
        wings::insert(&app.pool, "KZ-75", wing, 0).await.unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.xlsx");
    std::fs::write(&file, as_xlsx(&people_rows(MIXED_HEADER, 60))).unwrap();
    let env: Vec<(&str, String)> = app.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // Without --store: the dry run, and how to store.
    let output = birlik(
        dir.path(),
        &env,
        &["import", file.to_str().unwrap(), "--region", "KZ-75"],
    );
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("Run it again with --store to store the good rows as pending people."),
    );
    assert_eq!(pending_people(&app).await, 0);

    let output = birlik(
        dir.path(),
        &env,
        &[
            "import",
            file.to_str().unwrap(),
            "--region",
            "KZ-75",
            "--store",
            "--out",
            "links",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Nobody is registered here: row 52 is good too.
    assert!(stdout.contains("Ready to import: 56"), "{stdout}");
    assert!(
        stdout.contains("Stored 56 people in Almaty as pending"),
        "{stdout}"
    );
    assert_eq!(pending_people(&app).await, 56);

    let out = dir.path().join("links");
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written.len(), 3, "{written:?}");
    for name in &written {
        assert!(stdout.contains(&format!("links/{name} (")), "{stdout}");
    }
    let csv_name = written.iter().find(|name| name.ends_with(".csv")).unwrap();
    let csv = std::fs::read(out.join(csv_name)).unwrap();
    let rows = link_rows(&csv);
    assert_eq!(rows.len(), 56);
    assert!(
        rows.iter()
            .all(|r| r[3].starts_with("https://t.me/birlik_test_bot?start=m_")),
        "the bot's name asked from Telegram: {:?}",
        rows[0]
    );
    let sheet_name = format!(
        "{}-{}.pdf",
        csv_name.trim_end_matches(".csv"),
        WINGS[0].replace(' ', "-")
    );
    let sheet = pdf_text(&std::fs::read(out.join(&sheet_name)).unwrap());
    assert!(sheet.contains(&rows[0][1]), "{sheet}");

    // The same list again: everybody in it is pending already.
    let output = birlik(
        dir.path(),
        &env,
        &["import", file.to_str().unwrap(), "--region", "KZ-75", "--store"],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Already imported, not yet joined: 57"),
        "{stdout}"
    );
    assert!(stdout.contains("No good rows: nothing to store."), "{stdout}");
    assert_eq!(pending_people(&app).await, 56);
}
