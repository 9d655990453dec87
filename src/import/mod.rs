//! Bringing a movement's existing list of people in from a spreadsheet: reading the file,
//! recognising its columns, and checking every row before anything is stored (the dry run).

pub mod check;
pub mod columns;
pub mod read;
pub mod report;

use anyhow::Context;
use sqlx::SqlitePool;

pub use check::{DryRun, Problem, RowProblem, check};
pub use columns::Column;
pub use read::{Format, ReadError, Table, read};

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
    Ok(check(&table, &wings, &registered, current_year).map_err(FileError::MissingColumns))
}
