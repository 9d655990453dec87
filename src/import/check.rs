//! Every row of a file checked as registration would check it, and against the rest of the file
//! and the people already registered in the region: the dry run of an import.

use std::collections::HashMap;

use crate::db::members::Identity;
use crate::db::wings::Wing;
use crate::domain::{BirthYear, BirthYearError, FullName, FullNameError, Phone};
use crate::i18n::Lang;

use super::columns::{Column, Layout};
use super::read::Table;

/// A row that would be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub row: usize,
    pub full_name: FullName,
    pub birth_year: BirthYear,
    pub wing_id: i64,
    pub phone: Option<Phone>,
    pub lang: Option<Lang>,
}

/// Why a row would not be imported. A row may have several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    FullName(FullNameError),
    /// The cell as written, and why the year is refused.
    BirthYear(String, BirthYearError),
    NoWing,
    /// No active wing of the region has this name.
    UnknownWing(String),
    NotAPhone(String),
    UnknownLanguage(String),
    /// The same phone, or the same name and birth year, as an earlier row.
    DuplicateInFile {
        first_row: usize,
    },
    /// The same phone, or the same name and birth year, as an active member of the region.
    AlreadyRegistered,
    /// The same phone, or the same name and birth year, as somebody imported before and not
    /// yet joined: importing a list twice makes nobody pending twice.
    AlreadyPending,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub row: usize,
    pub problem: Problem,
}

/// What an import of a file would do, with nothing stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DryRun {
    /// Rows under the header that have anything in them.
    pub rows: usize,
    pub good: Vec<Person>,
    /// In row order.
    pub problems: Vec<RowProblem>,
}

impl DryRun {
    /// Rows refused for what is in them (not for being duplicates).
    pub fn bad_rows(&self) -> usize {
        self.rows_where(|p| {
            !matches!(
                p,
                Problem::DuplicateInFile { .. } | Problem::AlreadyRegistered | Problem::AlreadyPending
            )
        })
    }

    pub fn duplicates_in_file(&self) -> usize {
        self.rows_where(|p| matches!(p, Problem::DuplicateInFile { .. }))
    }

    pub fn already_registered(&self) -> usize {
        self.rows_where(|p| matches!(p, Problem::AlreadyRegistered))
    }

    pub fn already_pending(&self) -> usize {
        self.rows_where(|p| matches!(p, Problem::AlreadyPending))
    }

    fn rows_where(&self, kind: impl Fn(&Problem) -> bool) -> usize {
        let mut rows: Vec<_> = self
            .problems
            .iter()
            .filter(|p| kind(&p.problem))
            .map(|p| p.row)
            .collect();
        rows.dedup();
        rows.len()
    }
}

/// Checks the rows of `table` (its first row the header) for a region with `wings`, the
/// `registered` active members and the `pending` people imported before. `Err` names the
/// required columns the header lacks.
pub fn check(
    table: &Table,
    wings: &[Wing],
    registered: &[Identity],
    pending: &[Identity],
    current_year: i32,
) -> Result<DryRun, Vec<Column>> {
    let Some(((_, header), rows)) = table.rows.split_first() else {
        return Ok(DryRun::default());
    };
    let layout = Layout::of(header)?;
    let mut known = Known::default();
    for person in registered {
        known.add(&person.full_name, person.birth_year, person.phone.as_deref(), 0);
    }
    let mut imported = Known::default();
    for person in pending {
        imported.add(&person.full_name, person.birth_year, person.phone.as_deref(), 0);
    }
    let mut in_file = Known::default();
    let mut run = DryRun {
        rows: rows.len(),
        ..DryRun::default()
    };
    for (row, cells) in rows {
        let row = *row;
        match person(&layout, cells, wings, current_year, row) {
            Err(problems) => run
                .problems
                .extend(problems.into_iter().map(|problem| RowProblem { row, problem })),
            Ok(person) => {
                let name = person.full_name.as_str();
                let year = person.birth_year.year();
                let phone = person.phone.as_ref().map(Phone::as_str);
                let problem = if known.find(name, year, phone).is_some() {
                    Some(Problem::AlreadyRegistered)
                } else if imported.find(name, year, phone).is_some() {
                    Some(Problem::AlreadyPending)
                } else {
                    in_file
                        .find(name, year, phone)
                        .map(|first_row| Problem::DuplicateInFile { first_row })
                };
                in_file.add(name, year, phone, row);
                match problem {
                    Some(problem) => run.problems.push(RowProblem { row, problem }),
                    None => run.good.push(person),
                }
            }
        }
    }
    Ok(run)
}

/// The row as a person, or everything wrong with it.
fn person(
    layout: &Layout,
    cells: &[String],
    wings: &[Wing],
    current_year: i32,
    row: usize,
) -> Result<Person, Vec<Problem>> {
    let mut problems = Vec::new();
    let full_name = FullName::parse(layout.cell(cells, Column::FullName))
        .map_err(|e| problems.push(Problem::FullName(e)))
        .ok();
    let year = layout.cell(cells, Column::BirthYear);
    let birth_year = BirthYear::parse(year, current_year)
        .map_err(|e| problems.push(Problem::BirthYear(year.to_owned(), e)))
        .ok();
    let wing = layout.cell(cells, Column::Wing);
    let wing_id = if wing.is_empty() {
        problems.push(Problem::NoWing);
        None
    } else {
        let wanted = fold(wing);
        let found = wings.iter().find(|w| fold(&w.name) == wanted).map(|w| w.id);
        if found.is_none() {
            problems.push(Problem::UnknownWing(wing.to_owned()));
        }
        found
    };
    let phone = match layout.cell(cells, Column::Phone) {
        "" => None,
        raw => {
            let phone = phone_of(raw);
            if phone.is_none() {
                problems.push(Problem::NotAPhone(raw.to_owned()));
            }
            phone
        }
    };
    let lang = match layout.cell(cells, Column::Language) {
        "" => None,
        code => {
            let lang = Lang::from_code(code.trim());
            if lang.is_none() {
                problems.push(Problem::UnknownLanguage(code.to_owned()));
            }
            lang
        }
    };
    match (full_name, birth_year, wing_id) {
        (Some(full_name), Some(birth_year), Some(wing_id)) if problems.is_empty() => Ok(Person {
            row,
            full_name,
            birth_year,
            wing_id,
            phone,
            lang,
        }),
        _ => Err(problems),
    }
}

/// A phone as lists in Kazakhstan write it: international (+7 701 …) or local, where the
/// leading 8 stands for +7 (8 701 …), so both match the number a member shared from Telegram.
fn phone_of(raw: &str) -> Option<Phone> {
    let phone = Phone::from_contact(raw)?;
    match phone.as_str().strip_prefix("+8") {
        Some(rest) if !raw.trim_start().starts_with('+') && rest.len() == 10 => {
            Phone::from_contact(&format!("+7{rest}"))
        }
        _ => Some(phone),
    }
}

/// Lower case with single spaces: how two spellings of one name or wing are compared.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// People seen so far, by phone and by name and birth year, with the row each was first seen on.
#[derive(Default)]
struct Known {
    phones: HashMap<String, usize>,
    names: HashMap<(String, i32), usize>,
}

impl Known {
    fn add(&mut self, name: &str, year: i32, phone: Option<&str>, row: usize) {
        self.names.entry((fold(name), year)).or_insert(row);
        if let Some(phone) = phone {
            self.phones.entry(phone.to_owned()).or_insert(row);
        }
    }

    fn find(&self, name: &str, year: i32, phone: Option<&str>) -> Option<usize> {
        phone
            .and_then(|p| self.phones.get(p))
            .or_else(|| self.names.get(&(fold(name), year)))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::{Format, read};

    const NOW: i32 = 2026;

    fn wings() -> Vec<Wing> {
        ["Корейцы", "Татары"]
            .iter()
            .enumerate()
            .map(|(i, name)| Wing {
                id: i as i64 + 1,
                region_iso: "KZ-75".into(),
                name: (*name).into(),
            })
            .collect()
    }

    fn run(body: &str, registered: &[Identity]) -> DryRun {
        let csv = format!("ФИО,Год рождения,Крыло,Телефон,Язык\n{body}");
        let table = read(csv.as_bytes(), Format::Csv).unwrap();
        check(&table, &wings(), registered, &[], NOW).unwrap()
    }

    /// The problems of a one-row file.
    fn problems(row: &str) -> Vec<Problem> {
        run(row, &[]).problems.into_iter().map(|p| p.problem).collect()
    }

    #[test]
    fn a_good_row_becomes_a_person() {
        let run = run("Анна Ким,2005,корейцы,+7 701 123-45-67,RU\n", &[]);
        assert!(run.problems.is_empty(), "{:?}", run.problems);
        let person = &run.good[0];
        assert_eq!(person.row, 2);
        assert_eq!(person.full_name.as_str(), "Анна Ким");
        assert_eq!(person.wing_id, 1);
        assert_eq!(person.phone.as_ref().unwrap().as_str(), "+77011234567");
        assert_eq!(person.lang, Some(Lang::Ru));
    }

    #[test]
    fn phone_and_language_may_be_left_empty() {
        let run = run("Анна Ким,2005,Корейцы,,\n", &[]);
        assert_eq!(run.good.len(), 1);
        assert_eq!(run.good[0].phone, None);
        assert_eq!(run.good[0].lang, None);
    }

    #[test]
    fn a_missing_name() {
        assert_eq!(
            problems(",2005,Корейцы,,"),
            [Problem::FullName(FullNameError::Empty)]
        );
    }

    #[test]
    fn a_name_with_digits() {
        assert_eq!(
            problems("Анна 2,2005,Корейцы,,"),
            [Problem::FullName(FullNameError::InvalidCharacter('2'))]
        );
    }

    #[test]
    fn a_year_out_of_the_age_range() {
        assert_eq!(
            problems("Анна Ким,1890,Корейцы,,"),
            [Problem::BirthYear(
                "1890".into(),
                BirthYearError::TooOld { earliest_year: 1991 }
            )]
        );
        assert_eq!(
            problems("Анна Ким,2020,Корейцы,,"),
            [Problem::BirthYear(
                "2020".into(),
                BirthYearError::TooYoung { latest_year: 2012 }
            )]
        );
    }

    #[test]
    fn a_year_that_is_not_a_year() {
        assert_eq!(
            problems("Анна Ким,в 2005,Корейцы,,"),
            [Problem::BirthYear("в 2005".into(), BirthYearError::NotAYear)]
        );
    }

    #[test]
    fn no_wing() {
        assert_eq!(problems("Анна Ким,2005,,,"), [Problem::NoWing]);
    }

    #[test]
    fn a_wing_the_region_does_not_have() {
        assert_eq!(
            problems("Анна Ким,2005,Чеченцы,,"),
            [Problem::UnknownWing("Чеченцы".into())]
        );
    }

    #[test]
    fn a_phone_that_is_not_one() {
        assert_eq!(
            problems("Анна Ким,2005,Корейцы,звонить вечером,"),
            [Problem::NotAPhone("звонить вечером".into())]
        );
    }

    #[test]
    fn a_local_number_with_8_is_the_same_as_plus_7() {
        assert_eq!(phone_of("8 701 123 45 67").unwrap().as_str(), "+77011234567");
        assert_eq!(phone_of("+7 (701) 123-45-67").unwrap().as_str(), "+77011234567");
        assert_eq!(phone_of("+8 701 123 45 67").unwrap().as_str(), "+87011234567");
        assert_eq!(phone_of("12"), None);
    }

    #[test]
    fn a_language_other_than_kk_ru_en() {
        assert_eq!(
            problems("Анна Ким,2005,Корейцы,,de"),
            [Problem::UnknownLanguage("de".into())]
        );
    }

    #[test]
    fn every_problem_of_a_row_is_named() {
        assert_eq!(
            problems(",1890,,12,xx"),
            [
                Problem::FullName(FullNameError::Empty),
                Problem::BirthYear("1890".into(), BirthYearError::TooOld { earliest_year: 1991 }),
                Problem::NoWing,
                Problem::NotAPhone("12".into()),
                Problem::UnknownLanguage("xx".into()),
            ]
        );
    }

    #[test]
    fn a_duplicate_within_the_file_by_phone_or_by_name_and_year() {
        let run = run(
            "Анна Ким,2005,Корейцы,87011234567,\n\
             Анна Ким,2006,Татары,+7 701 123 45 67,\n\
             Ли Мин,2004,Корейцы,,\n\
             ли  мин,2004,Татары,,\n\
             Ли Мин,2003,Корейцы,,\n",
            &[],
        );
        assert_eq!(
            run.problems,
            [
                RowProblem {
                    row: 3,
                    problem: Problem::DuplicateInFile { first_row: 2 }
                },
                RowProblem {
                    row: 5,
                    problem: Problem::DuplicateInFile { first_row: 4 }
                },
            ]
        );
        assert_eq!(run.good.len(), 3);
        assert_eq!(run.duplicates_in_file(), 2);
    }

    #[test]
    fn a_person_already_registered_in_the_region() {
        let registered = [
            Identity {
                full_name: "Анна Ким".into(),
                birth_year: 2005,
                phone: None,
            },
            Identity {
                full_name: "Другой".into(),
                birth_year: 2000,
                phone: Some("+77017654321".into()),
            },
        ];
        let run = run(
            "анна ким,2005,Корейцы,,\nЛи Мин,2004,Корейцы,87017654321,\nЛи Мин,2005,Корейцы,,\n",
            &registered,
        );
        let rows: Vec<_> = run.problems.iter().map(|p| (p.row, &p.problem)).collect();
        assert_eq!(
            rows,
            [(2, &Problem::AlreadyRegistered), (3, &Problem::AlreadyRegistered)]
        );
        assert_eq!(run.already_registered(), 2);
        assert_eq!(run.good.len(), 1);
    }

    #[test]
    fn a_person_imported_before_and_still_pending() {
        let pending = [Identity {
            full_name: "Анна Ким".into(),
            birth_year: 2005,
            phone: None,
        }];
        let csv = "ФИО,Год рождения,Крыло\nАнна Ким,2005,Корейцы\nЛи Мин,2004,Корейцы\n";
        let table = read(csv.as_bytes(), Format::Csv).unwrap();
        let run = check(&table, &wings(), &[], &pending, NOW).unwrap();
        assert_eq!(
            run.problems,
            [RowProblem {
                row: 2,
                problem: Problem::AlreadyPending
            }]
        );
        assert_eq!((run.already_pending(), run.bad_rows(), run.good.len()), (1, 0, 1));
    }

    #[test]
    fn a_header_without_the_required_columns() {
        let table = read("ФИО,Телефон\nАнна Ким,\n".as_bytes(), Format::Csv).unwrap();
        assert_eq!(
            check(&table, &wings(), &[], &[], NOW),
            Err(vec![Column::BirthYear, Column::Wing])
        );
    }
}
