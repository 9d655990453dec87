//! CSV exports of a scope (a region, or the country): members, events, participation.
//!
//! Files are UTF-8 with a byte-order mark, so spreadsheet programs read Kazakh letters right.
//! `/export` sends them; `birlik export --out DIR` writes them.

use sqlx::SqlitePool;

use crate::domain::event::{format_hours, format_time};

/// One CSV file.
pub struct ExportFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub rows: usize,
}

/// A CSV document with a byte-order mark, from a header and rows.
pub fn csv_bytes(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> anyhow::Result<(Vec<u8>, usize)> {
    let mut csv = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    csv.write_record(header)?;
    let mut count = 0;
    for row in rows {
        csv.write_record(&row)?;
        count += 1;
    }
    Ok((csv.into_inner()?, count))
}

type MemberRow = (
    i64,
    Option<String>,
    String,
    Option<String>,
    i32,
    Option<String>,
    String,
    String,
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
    String,
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
    String,
    bool,
    Option<i64>,
    i64,
);

/// The three files of a scope: `region` `None` is the whole country.
pub async fn build(pool: &SqlitePool, region: Option<&str>, now: i64) -> anyhow::Result<Vec<ExportFile>> {
    let scope = region.unwrap_or("KZ");
    let members: Vec<MemberRow> = sqlx::query_as(
        "SELECT m.id, m.full_name, m.region_iso, w.name, m.birth_year, m.phone, m.lang, m.status, m.registered_at
         FROM members m LEFT JOIN wings w ON w.id = m.wing_id
         WHERE ?1 IS NULL OR m.region_iso = ?1 ORDER BY m.id",
    )
    .bind(region)
    .fetch_all(pool)
    .await?;
    let (bytes, rows) = csv_bytes(
        &[
            "member_id",
            "full_name",
            "region",
            "wing",
            "birth_year",
            "phone",
            "language",
            "status",
            "registered_at",
        ],
        members
            .into_iter()
            .map(|(id, name, region, wing, year, phone, lang, status, at)| {
                vec![
                    id.to_string(),
                    name.unwrap_or_default(),
                    region,
                    wing.unwrap_or_default(),
                    year.to_string(),
                    phone.unwrap_or_default(),
                    lang,
                    status,
                    format_time(at),
                ]
            }),
    )?;
    let mut files = vec![ExportFile {
        name: format!("members-{scope}.csv"),
        bytes,
        rows,
    }];

    let events: Vec<EventRow> = sqlx::query_as(
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
    let (bytes, rows) = csv_bytes(
        &[
            "event_id",
            "title",
            "region",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "status",
            "confirmed",
            "waiting",
            "cancelled",
            "attended",
            "no_shows",
            "volunteer_hours",
        ],
        events.into_iter().map(
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
                    id.to_string(),
                    title,
                    region.unwrap_or_default(),
                    place,
                    format_time(starts),
                    format_time(ends),
                    capacity.map(|c| c.to_string()).unwrap_or_default(),
                    status,
                    confirmed.to_string(),
                    waiting.to_string(),
                    cancelled.to_string(),
                    attended.to_string(),
                    no_shows.to_string(),
                    format_hours(seconds),
                ]
            },
        ),
    )?;
    files.push(ExportFile {
        name: format!("events-{scope}.csv"),
        bytes,
        rows,
    });

    let participation: Vec<ParticipationRow> = sqlx::query_as(
        "SELECT e.id, e.title, e.starts_at, m.id, m.full_name, s.status, s.attended, s.checked_in_at,
             CASE WHEN s.attended = 1 AND s.status != 'cancelled' THEN e.ends_at - e.starts_at ELSE 0 END
         FROM signups s JOIN events e ON e.id = s.event_id JOIN members m ON m.id = s.member_id
         WHERE ?1 IS NULL OR e.region_iso = ?1 ORDER BY e.starts_at, s.seq",
    )
    .bind(region)
    .fetch_all(pool)
    .await?;
    let (bytes, rows) = csv_bytes(
        &[
            "event_id",
            "event_title",
            "event_start",
            "member_id",
            "full_name",
            "status",
            "attended",
            "checked_in_at",
            "volunteer_hours",
        ],
        participation.into_iter().map(
            |(event, title, start, member, name, status, attended, checked_in, seconds)| {
                vec![
                    event.to_string(),
                    title,
                    format_time(start),
                    member.to_string(),
                    name.unwrap_or_default(),
                    status,
                    if attended { "yes" } else { "no" }.to_owned(),
                    checked_in.map(format_time).unwrap_or_default(),
                    format_hours(seconds),
                ]
            },
        ),
    )?;
    files.push(ExportFile {
        name: format!("participation-{scope}.csv"),
        bytes,
        rows,
    });
    Ok(files)
}
