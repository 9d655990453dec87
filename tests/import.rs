//! The dry run of an import: a coordinator's file of people checked row by row, in the
//! coordinator's language, against the region's wings and members, with nothing stored; and
//! `birlik import` printing the same report.

use birlik::db::wings;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::{Lang, Locales};
use birlik::import::{self, DryRun, Format, report};

use crate::binary::birlik;
use crate::support::people::this_year;
use crate::support::{TestApp, TgUser};

/// The rows of the 200-row file, header first: names in Kazakh, Russian and English, each
/// person's language given, and five bad rows among them.
fn people_rows(header: [&str; 5]) -> Vec<[String; 5]> {
    let first = ["Асқар", "Анна", "Dana", "Әйгерім", "Ли"];
    let letters: Vec<char> = "абвгдежзиклмнопрстуфхцчшщ".chars().collect();
    let langs = ["kk", "ru", "en"];
    let wing = ["Корей жастары", "Татар жастары"];
    let mut rows = vec![header.map(str::to_owned)];
    for i in 0..200usize {
        let surname = format!("Ким{}{}", letters[i / 25], letters[i % 25]);
        let mut row = [
            format!("{} {surname}", first[i % first.len()]),
            (this_year() - 20 - (i % 10) as i32).to_string(),
            wing[i % 2].to_owned(),
            format!("+7 702 {:07}", i),
            langs[i % 3].to_owned(),
        ];
        match i {
            10 => row[0] = String::new(),
            20 => row[1] = "1890".to_owned(),
            30 => row[2] = "Uzbek youth".to_owned(),
            // The same phone as the person on row 7.
            40 => row[3] = "87020000005".to_owned(),
            // The member seeded in `movement`, without a phone in the file.
            50 => {
                row[0] = "Aigerim Testov".to_owned();
                row[1] = "2000".to_owned();
                row[3] = String::new();
            }
            _ => {}
        }
        rows.push(row);
    }
    rows
}

const RUSSIAN_HEADER: [&str; 5] = ["ФИО", "Год рождения", "Крыло", "Телефон", "Язык"];
const KAZAKH_HEADER: [&str; 5] = ["Аты-жөні", "Туған жылы", "Қанат", "Телефон", "Тіл"];

fn as_csv(rows: &[[String; 5]]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

/// The rows as an .xlsx workbook, with the birth years stored as numbers, as Excel does.
fn as_xlsx(rows: &[[String; 5]]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(number) if r > 0 && c == 1 => sheet.write_number(r as u32, c as u16, number),
                _ => sheet.write_string(r as u32, c as u16, cell),
            }
            .unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// A region with two wings, a wing of another region, and one registered member.
async fn movement() -> TestApp {
    let app = TestApp::spawn().await;
    for (region, name) in [
        ("KZ-75", "Корей жастары"),
        ("KZ-75", "Татар жастары"),
        ("KZ-79", "Uzbek youth"),
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
    let csv = as_csv(&people_rows(RUSSIAN_HEADER));
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
        "Ничего не сохранено.",
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
        "Ештеңе сақталған жоқ.",
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
    let xlsx = as_xlsx(&people_rows(KAZAKH_HEADER));
    let run = dry_run(&app, &xlsx, Format::Xlsx).await;
    assert_counts(&run);
    let csv_run = dry_run(&app, &as_csv(&people_rows(KAZAKH_HEADER)), Format::Csv).await;
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
    std::fs::write(&file, as_xlsx(&people_rows(RUSSIAN_HEADER))).unwrap();
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
        "Nothing has been stored.",
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

    let xlsx = as_xlsx(&people_rows(RUSSIAN_HEADER));
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
        "Ничего не сохранено. Импорт людей из файла появится в следующей версии.",
    ] {
        assert!(answer.lines().any(|l| l == line), "{line:?} not in:\n{answer}");
    }
    assert!(
        app.fake.documents_to(coordinator.id).is_empty(),
        "five problems fit in the message"
    );

    // Many problems come as a file, in the coordinator's language.
    let mut rows = people_rows(RUSSIAN_HEADER);
    for row in rows.iter_mut().skip(100).take(30) {
        row[1] = "1890".to_owned();
    }
    let answer = texts(
        &app.send_document(&coordinator, "люди.csv", &as_csv(&rows), None)
            .await,
    );
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
    let csv = as_csv(&people_rows(KAZAKH_HEADER));
    let answer = texts(
        &app.send_document(&coordinator, "тізім.csv", &csv, Some("/import"))
            .await,
    );
    for line in [
        "Файлды алдын ала тексеру, өңір: Алматы",
        "Импорттауға дайын: 195",
        "12-жол: аты-жөні жазылмаған",
        "52-жол: Алматы өңірінің мүшелері арасында бар",
        "Ештеңе сақталған жоқ. Файлдан адамдарды импорттау келесі нұсқада қосылады.",
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
    let csv = as_csv(&people_rows(RUSSIAN_HEADER));
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
    let csv = as_csv(&people_rows(RUSSIAN_HEADER));
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
