//! Which charts `/stats`, the weekly digest and `birlik stats --chart` draw, of which figures,
//! under which title: attendances ranked by region (the country) or by month (a region), new
//! members and attendances week by week, and attendances by youth wing. Drawing is in `draw`.

pub mod draw;

use chrono::{DateTime, Utc};

use crate::db::{Db, regions, stats};
use crate::domain::period::Period;
use crate::i18n::numbers::NumberFormat;
use crate::i18n::{Lang, Locales};

/// The charts there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// The country's regions ranked, or a region's months in order.
    Attended,
    Weekly,
    Wings,
}

impl ChartKind {
    /// As `birlik stats --chart-kind` spells it.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "attended" => Some(ChartKind::Attended),
            "weekly" => Some(ChartKind::Weekly),
            "wings" => Some(ChartKind::Wings),
            _ => None,
        }
    }
}

fn period_key(period: Period) -> &'static str {
    match period {
        Period::Days30 => "chart-period-30d",
        Period::Days90 => "chart-period-90d",
        Period::ThisYear => "chart-period-year",
        Period::AllTime => "chart-period-all",
    }
}

/// What a chart is drawn from, before drawing (the drawing runs off the async threads).
pub enum Drawing {
    Bars(Vec<(String, i64)>),
    Weekly([String; 2], Vec<(String, i64, i64)>),
}

/// A chart's title (what, where, when) and its figures.
pub async fn figures(
    pool: &Db,
    locales: &Locales,
    lang: Lang,
    region: Option<&str>,
    kind: ChartKind,
    period: Period,
    now: DateTime<Utc>,
) -> anyhow::Result<(String, Drawing)> {
    let since = period.start(now);
    let (what, drawing) = match (kind, region) {
        (ChartKind::Attended, None) => {
            let names = regions::list(pool).await?;
            let rows = stats::by_region(pool, since)
                .await?
                .into_iter()
                .map(|line| {
                    let name = names
                        .iter()
                        .find(|r| r.iso_code == line.region_iso)
                        .map_or(line.region_iso.clone(), |r| r.name(lang).to_owned());
                    (name, line.attended)
                })
                .collect();
            ("chart-attended-by-region", Drawing::Bars(draw::ranked(rows)))
        }
        // Months keep their order: time reads left to right, not by size.
        (ChartKind::Attended, Some(iso)) => (
            "chart-attended-by-month",
            Drawing::Bars(stats::attended_by_month(pool, Some(iso), since).await?),
        ),
        (ChartKind::Wings, region) => (
            "chart-attended-by-wing",
            Drawing::Bars(draw::ranked(stats::attended_by_wing(pool, region, since).await?)),
        ),
        (ChartKind::Weekly, region) => {
            let weeks = stats::weekly(pool, region, since, now.timestamp())
                .await?
                .into_iter()
                .map(|(week, joined, attended)| {
                    // The axis names each week by its Monday, day and month in digits.
                    let monday = chrono::DateTime::from_timestamp(stats::week_start(week), 0)
                        .map(|t| {
                            t.with_timezone(&chrono_tz::Asia::Almaty)
                                .format("%d.%m")
                                .to_string()
                        })
                        .unwrap_or_default();
                    (monday, joined, attended)
                })
                .collect();
            let legend =
                ["chart-legend-new-members", "chart-legend-attended"].map(|key| locales.text(lang, key));
            ("chart-weekly", Drawing::Weekly(legend, weeks))
        }
    };
    let place = match regions::of(pool, region).await? {
        Some(region) => region.name(lang).to_owned(),
        None => locales.text(lang, "stats-country"),
    };
    let title = locales.text_with(
        lang,
        "chart-title",
        &[
            ("what", locales.text(lang, what).into()),
            ("where", place.into()),
            ("period", locales.text(lang, period_key(period)).into()),
        ],
    );
    Ok((title, drawing))
}

/// Draws a chart as PNG, its numbers the way `lang` writes them, in `spawn_blocking`: tens of
/// milliseconds of CPU.
pub async fn draw(title: String, drawing: Drawing, lang: Lang) -> anyhow::Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || {
        let numbers = NumberFormat::of(lang)?;
        let number = |n: i64| numbers.integer(n);
        match &drawing {
            Drawing::Bars(rows) => draw::bars_png(&title, rows, &number),
            Drawing::Weekly(legend, weeks) => {
                draw::weekly_png(&title, [legend[0].as_str(), legend[1].as_str()], weeks, &number)
            }
        }
    })
    .await?
}
