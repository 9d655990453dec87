//! The dry run in words, in the language of whoever asked for it.

use fluent_bundle::FluentValue;

use crate::domain::{BirthYearError, FullNameError};
use crate::i18n::{Lang, Locales};

use super::check::{DryRun, Problem, RowProblem};
use super::columns::Column;
use super::read::ReadError;

/// The counts: rows read, good, with errors, duplicates, already registered or imported.
pub fn summary(locales: &Locales, lang: Lang, region: &str, run: &DryRun) -> String {
    let count = |n: usize| FluentValue::from(n as i64);
    locales.text_with(
        lang,
        "import-summary",
        &[
            ("region", region.into()),
            ("rows", count(run.rows)),
            ("good", count(run.good.len())),
            ("bad", count(run.bad_rows())),
            ("duplicates", count(run.duplicates_in_file())),
            ("registered", count(run.already_registered())),
            ("pending", count(run.already_pending())),
        ],
    )
}

/// "Row 7: no full name".
pub fn problem_line(locales: &Locales, lang: Lang, region: &str, problem: &RowProblem) -> String {
    locales.text_with(
        lang,
        "import-problem-line",
        &[
            // Plain digits, as the spreadsheet numbers its rows.
            ("row", problem.row.to_string().into()),
            ("reason", reason(locales, lang, region, &problem.problem).into()),
        ],
    )
}

/// Why one row would not be imported, as a short phrase.
pub fn reason(locales: &Locales, lang: Lang, region: &str, problem: &Problem) -> String {
    let (key, args): (&str, Vec<(&str, FluentValue<'_>)>) = match problem {
        Problem::FullName(FullNameError::Empty) => ("import-reason-name-empty", vec![]),
        Problem::FullName(FullNameError::TooShort) => ("import-reason-name-too-short", vec![]),
        Problem::FullName(FullNameError::TooLong) => ("import-reason-name-too-long", vec![]),
        Problem::FullName(FullNameError::InvalidCharacter(c)) => (
            "import-reason-name-character",
            vec![("character", c.to_string().into())],
        ),
        Problem::BirthYear(value, BirthYearError::NotAYear) => (
            "import-reason-year-not-a-year",
            vec![("value", value.as_str().into())],
        ),
        Problem::BirthYear(value, BirthYearError::TooOld { earliest_year }) => (
            "import-reason-year-too-old",
            vec![
                ("value", value.as_str().into()),
                ("earliest_year", (*earliest_year).into()),
            ],
        ),
        Problem::BirthYear(value, BirthYearError::TooYoung { latest_year }) => (
            "import-reason-year-too-young",
            vec![
                ("value", value.as_str().into()),
                ("latest_year", (*latest_year).into()),
            ],
        ),
        Problem::NoWing => ("import-reason-no-wing", vec![]),
        Problem::UnknownWing(wing) => (
            "import-reason-unknown-wing",
            vec![("region", region.into()), ("wing", wing.as_str().into())],
        ),
        Problem::NotAPhone(value) => ("import-reason-phone", vec![("value", value.as_str().into())]),
        Problem::UnknownLanguage(value) => ("import-reason-language", vec![("value", value.as_str().into())]),
        // A row number names a row: plain digits, never "1 234".
        Problem::DuplicateInFile { first_row } => (
            "import-reason-duplicate",
            vec![("row", first_row.to_string().into())],
        ),
        Problem::AlreadyRegistered => ("import-reason-registered", vec![("region", region.into())]),
        Problem::AlreadyPending => ("import-reason-pending", vec![]),
    };
    locales.text_with(lang, key, &args)
}

/// Why the file as a whole could not be checked.
pub fn read_error(locales: &Locales, lang: Lang, error: &ReadError) -> String {
    match error {
        ReadError::Unreadable => locales.text(lang, "import-file-unreadable"),
        ReadError::Empty => locales.text(lang, "import-file-empty"),
    }
}

/// Which required columns the header lacks.
pub fn missing_columns(locales: &Locales, lang: Lang, missing: &[Column]) -> String {
    let names: Vec<String> = missing
        .iter()
        .map(|column| locales.text(lang, column_key(*column)))
        .collect();
    locales.text_with(
        lang,
        "import-missing-columns",
        &[("columns", names.join(", ").into())],
    )
}

fn column_key(column: Column) -> &'static str {
    match column {
        Column::FullName => "import-column-full-name",
        Column::BirthYear => "import-column-birth-year",
        Column::Wing => "import-column-wing",
        Column::Phone => "import-column-phone",
        Column::Language => "import-column-language",
    }
}

/// The whole report as text: the counts, each problem on its own line, and that nothing was
/// stored. What the command line prints; the bot sends the problems as a file when they are many.
pub fn full_text(locales: &Locales, lang: Lang, region: &str, run: &DryRun) -> String {
    let mut text = summary(locales, lang, region, run);
    if !run.problems.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locales.text(lang, "import-problems-header"));
        for problem in &run.problems {
            text.push('\n');
            text.push_str(&problem_line(locales, lang, region, problem));
        }
    }
    text.push_str("\n\n");
    text.push_str(&locales.text(lang, "import-nothing-stored"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_has_words_in_every_language() {
        let locales = Locales::load().unwrap();
        let problems = [
            Problem::FullName(FullNameError::Empty),
            Problem::FullName(FullNameError::TooShort),
            Problem::FullName(FullNameError::TooLong),
            Problem::FullName(FullNameError::InvalidCharacter('2')),
            Problem::BirthYear("x".into(), BirthYearError::NotAYear),
            Problem::BirthYear("1890".into(), BirthYearError::TooOld { earliest_year: 1991 }),
            Problem::BirthYear("2020".into(), BirthYearError::TooYoung { latest_year: 2012 }),
            Problem::NoWing,
            Problem::UnknownWing("Чеченцы".into()),
            Problem::NotAPhone("12".into()),
            Problem::UnknownLanguage("de".into()),
            Problem::DuplicateInFile { first_row: 1234 },
            Problem::AlreadyRegistered,
            Problem::AlreadyPending,
        ];
        for lang in Lang::ALL {
            for problem in &problems {
                let text = reason(&locales, lang, "Алматы", problem);
                assert!(
                    !text.is_empty() && !text.starts_with("import-"),
                    "{lang:?} {problem:?}: {text}"
                );
            }
        }
        let line = problem_line(
            &locales,
            Lang::Ru,
            "Алматы",
            &RowProblem {
                row: 1234,
                problem: Problem::DuplicateInFile { first_row: 1001 },
            },
        );
        assert_eq!(line, "Строка 1234: тот же человек, что в строке 1001");
        let year = reason(
            &locales,
            Lang::En,
            "Almaty",
            &Problem::BirthYear("1890".into(), BirthYearError::TooOld { earliest_year: 1991 }),
        );
        assert_eq!(
            year,
            "born in 1890: the movement is for people born in 1991 or later"
        );
    }

    #[test]
    fn missing_columns_are_named_in_the_callers_language() {
        let locales = Locales::load().unwrap();
        let text = missing_columns(&locales, Lang::Kk, &[Column::BirthYear, Column::Wing]);
        assert!(text.contains("Табылмағаны: Туған жылы, Қанат."), "{text}");
    }
}
