//! Bringing a movement's existing list of people in from a spreadsheet: reading the file,
//! recognising its columns, checking every row before anything is stored (the dry run), then
//! storing the good rows as pending people and handing back their personal links.

pub mod check;
pub mod columns;
pub mod links;
pub mod read;
pub mod report;
pub mod sheet;

use anyhow::Context;
use sqlx::SqlitePool;

pub use check::{DryRun, Problem, RowProblem, check};
pub use columns::Column;
pub use read::{Format, ReadError, Table, read};

use crate::db::pending::{self, NewPending, Pending};
use crate::db::{members, wings};
use crate::i18n::{Lang, Locales};

/// Why a file could not be checked at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    Read(ReadError),
    /// The required columns its header lacks.
    MissingColumns(Vec<Column>),
}

impl FileError {
    pub fn text(&self, locales: &Locales, lang: Lang) -> String {
        match self {
            FileError::Read(error) => report::read_error(locales, lang, error),
            FileError::MissingColumns(missing) => report::missing_columns(locales, lang, missing),
        }
    }
}

/// Checks a file of people for `region_iso` against its wings and members, storing nothing.
pub async fn dry_run(
    pool: &SqlitePool,
    region_iso: &str,
    bytes: &[u8],
    format: Format,
    current_year: i32,
) -> anyhow::Result<Result<DryRun, FileError>> {
    let table = match read(bytes, format) {
        Ok(table) => table,
        Err(error) => return Ok(Err(FileError::Read(error))),
    };
    let wings = wings::list_active(pool, region_iso)
        .await
        .context("reading the region's wings for an import")?;
    let registered = members::identities_in_region(pool, region_iso)
        .await
        .context("reading the region's members for an import")?;
    let pending = pending::identities_in_region(pool, region_iso)
        .await
        .context("reading the region's pending people for an import")?;
    Ok(check(&table, &wings, &registered, &pending, current_year).map_err(FileError::MissingColumns))
}

/// Stores the good rows of `run` as the pending people of the import `import_id`, in one
/// transaction. `None` when that import was stored already: nothing is stored twice.
pub async fn store(
    pool: &SqlitePool,
    import_id: i64,
    run: &DryRun,
    now: i64,
) -> anyhow::Result<Option<Vec<Pending>>> {
    let people: Vec<NewPending> = run
        .good
        .iter()
        .map(|person| NewPending {
            wing_id: person.wing_id,
            full_name: person.full_name.as_str().to_owned(),
            birth_year: person.birth_year.year(),
            phone: person.phone.as_ref().map(|p| p.as_str().to_owned()),
            lang: person.lang,
        })
        .collect();
    pending::store(pool, import_id, &people, now)
        .await
        .context("storing the people of an import")
}
