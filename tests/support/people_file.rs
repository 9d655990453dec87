//! Files of people as a headquarters keeps them, for `/import` and `birlik import`: any number
//! of rows, names in Kazakh, Russian and English, each person's language given, and the same
//! five bad rows whatever the size.

use super::people::this_year;

pub const RUSSIAN_HEADER: [&str; 5] = ["ФИО", "Год рождения", "Крыло", "Телефон", "Язык"];
pub const KAZAKH_HEADER: [&str; 5] = ["Аты-жөні", "Туған жылы", "Қанат", "Телефон", "Тіл"];
/// Headers as a file passed from hand to hand ends up with: each in another language.
pub const MIXED_HEADER: [&str; 5] = ["Аты-жөні", "Год рождения", "Wing", "Телефон", "Тіл"];

/// The two wings of the region the rows name, one after the other.
pub const WINGS: [&str; 2] = ["Корей жастары", "Татар жастары"];
/// A wing of another region, named on row 32.
pub const WING_ELSEWHERE: &str = "Uzbek youth";
/// The member already registered in the region, named on row 52 (without a phone).
pub const REGISTERED: (&str, i32) = ("Aigerim Testov", 2000);

/// `count` people under `header` (at least 51, for the bad rows). The rows the spreadsheet
/// numbers 12, 22, 32, 42 and 52 are bad: no full name, born in 1890, a wing of another region,
/// the same phone as row 7, and a person already registered.
pub fn people_rows(header: [&str; 5], count: usize) -> Vec<[String; 5]> {
    assert!(count > 50, "the bad rows are among the first 51");
    let first = ["Асқар", "Анна", "Dana", "Әйгерім", "Ли"];
    let letters: Vec<char> = "абвгдежзиклмнопрстуфхцчшщ".chars().collect();
    let letter = |n: usize| letters[n % letters.len()];
    let langs = ["kk", "ru", "en"];
    let mut rows = vec![header.map(str::to_owned)];
    for i in 0..count {
        // Three letters make every surname of up to 15,625 rows different.
        let surname = format!("Ким{}{}{}", letter(i / 625), letter(i / 25), letter(i));
        let mut row = [
            format!("{} {surname}", first[i % first.len()]),
            (this_year() - 20 - (i % 10) as i32).to_string(),
            WINGS[i % 2].to_owned(),
            format!("+7 702 {i:07}"),
            langs[i % 3].to_owned(),
        ];
        match i {
            10 => row[0] = String::new(),
            20 => row[1] = "1890".to_owned(),
            30 => row[2] = WING_ELSEWHERE.to_owned(),
            40 => row[3] = "87020000005".to_owned(),
            50 => {
                row[0] = REGISTERED.0.to_owned();
                row[1] = REGISTERED.1.to_string();
                row[3] = String::new();
            }
            _ => {}
        }
        rows.push(row);
    }
    rows
}

/// The good rows of [`people_rows`]: all but five.
pub fn good_rows(count: usize) -> usize {
    count - 5
}

pub fn as_csv(rows: &[[String; 5]]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

/// The rows as an .xlsx workbook, with the birth years stored as numbers, as Excel does.
pub fn as_xlsx(rows: &[[String; 5]]) -> Vec<u8> {
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
