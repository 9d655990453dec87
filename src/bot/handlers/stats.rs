//! `/stats`: participation figures in the asker's scope, for a period chosen with buttons;
//! `/stats event <id>` for one event; `/stats wing` for the region's youth wings. People imported
//! by headquarters are never members here: they are counted apart, by activation.
//!
//! ```text
//! coordinator: /stats
//! bot:         📊 Almaty — last 30 days
//!              Members: 1,204 (new: 37) ... Attendance rate: 86% ...
//!              [✓ 30 days] [90 days] [This year] [All time]
//! ```

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::InlineKeyboardMarkup;

use crate::bot::callback::Callback;
use crate::bot::keyboards::button;
use crate::bot::scope::StatsScope;
use crate::bot::{App, Caller, HandlerResult};
use crate::charts::{self, ChartKind};
use crate::db::audit::AuditAction;
use crate::db::ratings::{self, EventRatings};
use crate::db::stats::{self, Participation};
use crate::db::{Db, events, regions};
use crate::delivery::progress::fit_message;
use crate::domain::event::hours;
use crate::domain::period::Period;
use crate::domain::role::{Action, allows};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::{answer, pending, redraw};

fn period_key(period: Period) -> &'static str {
    match period {
        Period::Days30 => "stats-period-30d",
        Period::Days90 => "stats-period-90d",
        Period::ThisYear => "stats-period-year",
        Period::AllTime => "stats-period-all",
    }
}

/// The attendance rate as the language writes a percentage: "86%", "86\u{a0}%" in Russian.
fn rate(locales: &Locales, lang: Lang, figures: &Participation) -> String {
    figures.attendance_rate().map_or_else(
        || "—".to_owned(),
        |r| {
            let percent = (r * 100.0).round() as i64;
            locales.text_with(lang, "stats-percent", &[("percent", percent.into())])
        },
    )
}

/// The figures lines shared by a scope and an event.
fn figure_lines(locales: &Locales, lang: Lang, figures: &Participation) -> String {
    locales.text_with(
        lang,
        "stats-participation",
        &[
            ("confirmed", figures.confirmed.into()),
            ("waiting", figures.waiting.into()),
            ("cancelled", figures.cancelled.into()),
            ("attended", figures.attended.into()),
            ("noshows", figures.no_shows.into()),
            ("rate", rate(locales, lang, figures).into()),
            ("hours", hours(figures.volunteer_seconds).into()),
        ],
    )
}

/// The whole report of a scope and period.
pub async fn report(
    pool: &Db,
    locales: &Locales,
    lang: Lang,
    region: Option<&str>,
    period: Period,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<String> {
    let since = period.start(now);
    let figures = stats::figures(pool, region, since, now.timestamp()).await?;
    let scope_name = match regions::of(pool, region).await? {
        Some(region) => region.name(lang).to_owned(),
        None => locales.text(lang, "stats-country"),
    };
    let mut text = locales.text_with(
        lang,
        "stats-title",
        &[
            ("scope", scope_name.into()),
            ("period", locales.text(lang, period_key(period)).into()),
        ],
    );
    text.push('\n');
    text.push_str(&locales.text_with(
        lang,
        "stats-members",
        &[
            ("total", figures.members_total.into()),
            ("new", figures.members_new.into()),
            ("events", figures.events_held.into()),
        ],
    ));
    let activation = stats::activation(pool, region)
        .await
        .context("reading the activation of imported people")?;
    if !activation.is_empty() {
        text.push('\n');
        text.push_str(&pending::totals(locales, lang, activation));
    }
    text.push('\n');
    text.push_str(&figure_lines(locales, lang, &figures));
    let (answers, average) = ratings::average_in(pool, region, since)
        .await
        .context("reading the events' ratings")?;
    if let Some(average) = average {
        text.push('\n');
        text.push_str(&locales.text_with(
            lang,
            "stats-rating",
            &[("average", average.into()), ("answers", answers.into())],
        ));
    }
    let active = stats::most_active(pool, region, period, now, 5).await?;
    if !active.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locales.text(lang, "stats-most-active"));
        for (n, volunteer) in active.iter().enumerate() {
            let name = volunteer
                .full_name
                .clone()
                .unwrap_or_else(|| locales.text(lang, "stats-erased-member"));
            text.push_str(&format!(
                "\n{}. {name} — {}",
                n + 1,
                locales.text_with(
                    lang,
                    "stats-volunteer-line",
                    &[
                        ("events", volunteer.events.into()),
                        ("hours", hours(volunteer.seconds).into()),
                    ],
                )
            ));
        }
    }
    match region {
        None => {
            text.push_str("\n\n");
            text.push_str(&locales.text(lang, "stats-by-region"));
            let names = regions::list(pool).await.context("reading the regions")?;
            for line in stats::by_region(pool, since).await? {
                let name = names
                    .iter()
                    .find(|r| r.iso_code == line.region_iso)
                    .map_or(line.region_iso.as_str(), |r| r.name(lang));
                text.push('\n');
                text.push_str(&locales.text_with(
                    lang,
                    "stats-region-line",
                    &[
                        ("region", name.into()),
                        ("members", line.members.into()),
                        ("attended", line.attended.into()),
                        ("hours", hours(line.volunteer_seconds).into()),
                    ],
                ));
            }
            let activation = stats::activation_by_region(pool)
                .await
                .context("reading the activation of each region")?;
            if !activation.is_empty() {
                text.push_str("\n\n");
                text.push_str(&locales.text(lang, "stats-activation-by-region"));
                for (iso, figures) in activation {
                    let name = names
                        .iter()
                        .find(|r| r.iso_code == iso)
                        .map_or(iso.as_str(), |r| r.name(lang));
                    text.push('\n');
                    text.push_str(&pending::activation_line(locales, lang, name, figures));
                }
            }
        }
        Some(region) => {
            text.push_str("\n\n");
            text.push_str(&wing_lines(pool, locales, lang, region).await?);
        }
    }
    Ok(fit_message(text))
}

/// An event's ratings: how many answered, the average, the comments without names.
fn rating_lines(locales: &Locales, lang: Lang, rated: &EventRatings) -> String {
    let Some(average) = rated.average else {
        return locales.text(lang, "stats-event-rating-none");
    };
    let mut text = locales.text_with(
        lang,
        "stats-event-rating",
        &[("average", average.into()), ("answers", rated.answers.into())],
    );
    if !rated.comments.is_empty() {
        text.push('\n');
        text.push_str(&locales.text(lang, "stats-event-comments"));
        for comment in &rated.comments {
            text.push_str(&format!("\n• {comment}"));
        }
    }
    text
}

async fn wing_lines(pool: &Db, locales: &Locales, lang: Lang, region: &str) -> anyhow::Result<String> {
    let mut text = locales.text(lang, "stats-by-wing");
    for (wing, members) in stats::members_by_wing(pool, region).await? {
        let wing = wing.unwrap_or_else(|| locales.text(lang, "wing-none"));
        text.push_str(&format!("\n• {wing}: {members}"));
    }
    // Pending people are not members: their wings are counted apart, by activation.
    let activation = pending::by_wing(pool, region).await?;
    if !activation.is_empty() {
        text.push_str("\n\n");
        text.push_str(&pending::wing_lines(locales, lang, &activation));
    }
    Ok(text)
}

fn period_buttons(locales: &Locales, lang: Lang, chosen: Period) -> InlineKeyboardMarkup {
    let row: Vec<_> = Period::ALL
        .into_iter()
        .map(|period| {
            let label = locales.text(lang, period_key(period));
            let label = if period == chosen {
                format!("✓ {label}")
            } else {
                label
            };
            button(label, Callback::Stats(period))
        })
        .collect();
    let mut rows: Vec<Vec<_>> = row.chunks(2).map(<[_]>::to_vec).collect();
    rows.push(vec![button(
        locales.text(lang, "stats-chart"),
        Callback::StatsChart(chosen),
    )]);
    rows.push(vec![
        button(
            locales.text(lang, "chart-button-weekly"),
            Callback::StatsWeekly(chosen),
        ),
        button(
            locales.text(lang, "chart-button-wings"),
            Callback::StatsWings(chosen),
        ),
    ]);
    InlineKeyboardMarkup::new(rows)
}

/// A chart button: the chart of that kind for the period as a photo, its title as the caption.
pub async fn chart(
    bot: Bot,
    query: CallbackQuery,
    period: Period,
    kind: ChartKind,
    caller: Caller,
    scope: StatsScope,
    app: App,
) -> HandlerResult {
    let (lang, region) = (caller.lang, scope.region);
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let (title, drawing) = charts::figures(
        &app.db,
        &app.locales,
        lang,
        region.as_deref(),
        kind,
        period,
        app.clock.now(),
    )
    .await
    .context("reading the chart's figures")?;
    let png = charts::draw(title.clone(), drawing, lang).await?;
    bot.send_photo(
        super::query_chat(&query),
        teloxide::types::InputFile::memory(png).file_name("stats.png"),
    )
    .caption(title)
    .await
    .context("sending the chart")?;
    Ok(())
}

/// `/stats` from somebody with no figures to see.
pub async fn not_allowed(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    bot.send_message(msg.chat.id, app.locales.text(caller.lang, "stats-not-allowed"))
        .await
        .context("refusing /stats")?;
    Ok(())
}

/// `/export` from somebody who may not take the data away.
pub async fn export_not_allowed(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    bot.send_message(msg.chat.id, app.locales.text(caller.lang, "export-not-allowed"))
        .await
        .context("refusing /export")?;
    Ok(())
}

/// `/stats`, `/stats event <id>`, `/stats wing`.
pub async fn command(
    bot: Bot,
    msg: Message,
    args: String,
    caller: Caller,
    scope: StatsScope,
    app: App,
) -> HandlerResult {
    let (lang, region) = (caller.lang, scope.region);
    let words: Vec<&str> = args.split_whitespace().collect();
    let text = match words.as_slice() {
        [] => {
            let period = Period::Days30;
            let text = report(
                &app.db,
                &app.locales,
                lang,
                region.as_deref(),
                period,
                app.clock.now(),
            )
            .await?;
            bot.send_message(msg.chat.id, text)
                .reply_markup(period_buttons(&app.locales, lang, period))
                .await?;
            return Ok(());
        }
        ["event", id] => {
            let id = id.trim_start_matches('#').parse::<i64>().ok();
            let event = match id {
                Some(id) => events::find(&app.db, id).await.context("reading the event")?,
                None => None,
            };
            match event.filter(|e| {
                allows(
                    caller.staff.as_ref(),
                    Action::ViewStats {
                        region: e.plan.region_iso.as_deref(),
                    },
                )
            }) {
                Some(event) => {
                    let now = app.clock.unix();
                    let figures = stats::event_figures(&app.db, event.id, now).await?;
                    let rated = ratings::of_event(&app.db, event.id)
                        .await
                        .context("reading the event's ratings")?;
                    // Many comments are cut to one message.
                    fit_message(format!(
                        "{}\n{}\n{}",
                        app.locales.text_with(
                            lang,
                            "stats-event-title",
                            &[
                                ("id", event.id.into()),
                                ("title", event.plan.title.as_str().into()),
                                (
                                    "when",
                                    app.locales
                                        .when(lang, now, event.plan.starts_at, event.plan.ends_at)
                                        .into()
                                ),
                            ],
                        ),
                        figure_lines(&app.locales, lang, &figures),
                        rating_lines(&app.locales, lang, &rated)
                    ))
                }
                None => app.locales.text(lang, "event-not-found"),
            }
        }
        ["wing"] | ["wings"] => match &region {
            Some(region) => wing_lines(&app.db, &app.locales, lang, region).await?,
            None => app.locales.text(lang, "stats-wing-regional"),
        },
        _ => app.locales.text(lang, "stats-usage"),
    };
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

/// `/export`: members, events and participation of the scope as CSV files; audit-logged.
pub async fn export(bot: Bot, msg: Message, caller: Caller, scope: StatsScope, app: App) -> HandlerResult {
    let (lang, region) = (caller.lang, scope.region);
    let files =
        crate::exports::build(&app.db, &app.locales, lang, region.as_deref(), app.clock.unix()).await?;
    let details = serde_json::json!({
        "what": "export",
        "files": files.iter().map(|f| serde_json::json!({ "name": f.name, "rows": f.rows })).collect::<Vec<_>>(),
    });
    crate::db::audit::Entry::new(AuditAction::DataExported, app.clock.unix())
        .by(Some(caller.user_id()))
        .region(region.as_deref())
        .details(&details)
        .record(&mut *app.db.acquire().await?)
        .await
        .context("writing the export to the audit log")?;
    bot.send_message(msg.chat.id, app.locales.text(lang, "export-sending"))
        .await?;
    for file in files {
        bot.send_document(
            msg.chat.id,
            teloxide::types::InputFile::memory(file.bytes).file_name(file.name),
        )
        .await
        .context("sending an export file")?;
    }
    Ok(())
}

/// A period button: the same report for that period, scope again from the stored role.
pub async fn period_chosen(
    bot: Bot,
    query: CallbackQuery,
    period: Period,
    caller: Caller,
    scope: StatsScope,
    app: App,
) -> HandlerResult {
    let (lang, region) = (caller.lang, scope.region);
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let text = report(
        &app.db,
        &app.locales,
        lang,
        region.as_deref(),
        period,
        app.clock.now(),
    )
    .await?;
    redraw(&bot, &query, text, period_buttons(&app.locales, lang, period)).await
}
