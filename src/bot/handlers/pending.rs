//! `/pending`: the people a headquarters imported who have not joined yet, for the staff of
//! their region: how many joined per youth wing, each wing's people a page at a time, and
//! removing one of them (their details are deleted at once, audit-logged).
//!
//! ```text
//! Coordinator: /pending
//! Bot:         ⏳ Imported people: Almaty
//!              ⏳ Imported: not joined yet 120 · joined through their link 30 · activation rate: 20%
//!              ⏳ Activation by youth wing, lowest rate first (not joined · joined · rate):
//!              • Korean youth: 100 · 20 · 17% …
//!              [Korean youth · 100] [Tatar youth · 20]
//! Coordinator: [Korean youth · 100]
//! Bot:         ⏳ Korean youth, Almaty — not joined yet: 100
//!              1. Aigerim Kim (2004) · imported 6 December 2026 …
//!              [🗑 Aigerim Kim] … [◀️] [1 / 10] [▶️]
//! ```

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::bot::callback::Callback;
use crate::bot::keyboards::{button, page_row};
use crate::bot::{App, Caller, HandlerResult};
use crate::db::pending::{self, Pending};
use crate::db::regions::{self, Region};
use crate::db::stats::{self, Activation};
use crate::db::wings::{self, Wing};
use crate::delivery::progress::fit_message;
use crate::domain::role::{Action, Role, StaffRole, allows};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::{answer, query_chat, redraw, stale_choice};

/// People a page of a wing's list: one remove button each, with the page arrows far below
/// Telegram's 100 buttons.
pub const PEOPLE_A_PAGE: usize = 10;
/// At most this many wing buttons under the figures (a region has a few dozen wings at most);
/// every wing is still in the text.
const WING_BUTTONS: usize = 90;

/// `/pending [REGION]`: a coordinator sees their region; an admin names one.
pub async fn command(
    bot: Bot,
    msg: Message,
    args: String,
    caller: Caller,
    staff: StaffRole,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let region = regions::named_or_own(&app.db, &args, staff.region_iso.as_deref())
        .await
        .context("reading the region asked for")?;
    let Some(region) = region else {
        let key = match args.trim() {
            "" if staff.role == Role::Admin => "pending-name-region",
            "" => "not-allowed",
            _ => "region-unknown",
        };
        bot.send_message(msg.chat.id, app.locales.text(lang, key)).await?;
        return Ok(());
    };
    if !allows(
        Some(&staff),
        Action::ViewPending {
            region: &region.iso_code,
        },
    ) {
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    }
    let (text, markup) = overview(&app, lang, &region).await?;
    if markup.inline_keyboard.is_empty() {
        bot.send_message(msg.chat.id, text).await?;
    } else {
        bot.send_message(msg.chat.id, text).reply_markup(markup).await?;
    }
    Ok(())
}

/// A wing's button under the figures: its people, first page, in a new message.
pub async fn wing_chosen(
    bot: Bot,
    query: CallbackQuery,
    wing_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some((wing, region)) = visible_wing(&app, &caller, wing_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let (text, markup) = wing_page(&app, lang, &wing, &region, 1).await?;
    bot.send_message(query_chat(&query), text)
        .reply_markup(markup)
        .await?;
    Ok(())
}

/// An arrow under a wing's list, or Keep under a removal question: the same message shows
/// that page.
pub async fn page_turned(
    bot: Bot,
    query: CallbackQuery,
    (wing_id, page): (i64, i64),
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some((wing, region)) = visible_wing(&app, &caller, wing_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let (text, markup) = wing_page(&app, lang, &wing, &region, page).await?;
    redraw(&bot, &query, text, markup).await
}

/// A person's remove button: the list becomes the question, Delete or Keep.
pub async fn remove_asked(
    bot: Bot,
    query: CallbackQuery,
    (pending_id, page): (i64, i64),
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(person) = removable(&bot, &query, &app, &caller, pending_id).await? else {
        return Ok(());
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let wing = wings::find(&app.db, person.wing_id)
        .await
        .context("reading a pending person's wing")?
        .map(|wing| wing.name)
        .unwrap_or_default();
    let text = app.locales.text_with(
        lang,
        "pending-remove-question",
        &[
            ("name", person.full_name.as_str().into()),
            ("birth_year", person.birth_year.into()),
            ("wing", wing.into()),
        ],
    );
    let markup = InlineKeyboardMarkup::new([[
        button(
            app.locales.text(lang, "pending-remove-yes"),
            Callback::PendingRemoveConfirmed(person.id, page),
        ),
        button(
            app.locales.text(lang, "pending-remove-keep"),
            Callback::PendingPage(person.wing_id, page),
        ),
    ]]);
    redraw(&bot, &query, text, markup).await
}

/// Delete pressed: the details go at once (audit-logged), and the list is shown again.
pub async fn remove_confirmed(
    bot: Bot,
    query: CallbackQuery,
    (pending_id, page): (i64, i64),
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(person) = removable(&bot, &query, &app, &caller, pending_id).await? else {
        return Ok(());
    };
    let removed = pending::remove(&app.db, person.id, Some(caller.user_id()), app.clock.unix())
        .await
        .context("removing a pending person")?;
    if !removed {
        // The same press handled twice, or two staff at once: somebody was first.
        return gone(&bot, &query, &app.locales, lang).await;
    }
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(app.locales.text_with(
                lang,
                "pending-removed",
                &[("name", person.full_name.as_str().into())],
            )),
    )
    .await?;
    if let Some((wing, region)) = visible_wing(&app, &caller, person.wing_id).await? {
        let (text, markup) = wing_page(&app, lang, &wing, &region, page).await?;
        redraw(&bot, &query, text, markup).await?;
    }
    Ok(())
}

/// The region's figures, wing by wing (lowest activation rate first: the wings to visit), and
/// a button for each wing with people still pending.
async fn overview(app: &App, lang: Lang, region: &Region) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let locales = &app.locales;
    let total = stats::activation(&app.db, Some(&region.iso_code))
        .await
        .context("reading the region's activation")?;
    let mut text = locales.text_with(lang, "pending-title", &[("region", region.name(lang).into())]);
    text.push('\n');
    if total.is_empty() {
        text.push_str(&locales.text(lang, "pending-none"));
        return Ok((text, InlineKeyboardMarkup::default()));
    }
    text.push_str(&totals(locales, lang, total));
    let by_wing = by_wing(&app.db, &region.iso_code).await?;
    text.push_str("\n\n");
    text.push_str(&wing_lines(locales, lang, &by_wing));
    let buttons: Vec<InlineKeyboardButton> = by_wing
        .iter()
        .filter(|wing| wing.pending > 0)
        .take(WING_BUTTONS)
        .map(|wing| {
            let label = locales.text_with(
                lang,
                "pending-wing-button",
                &[
                    ("wing", wing.wing_name.as_str().into()),
                    ("pending", wing.pending.into()),
                ],
            );
            button(label, Callback::PendingWing(wing.wing_id))
        })
        .collect();
    if !buttons.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locales.text(lang, "pending-pick-wing"));
    }
    let rows = buttons.chunks(2).map(<[_]>::to_vec);
    Ok((fit_message(text), InlineKeyboardMarkup::new(rows)))
}

/// Activation per wing of a region, lowest rate first, then most pending.
pub async fn by_wing(pool: &SqlitePool, region_iso: &str) -> anyhow::Result<Vec<pending::WingActivation>> {
    let mut wings = pending::activation_by_wing(pool, region_iso)
        .await
        .context("reading the activation of the region's wings")?;
    wings.sort_by(|a, b| {
        let rate = |w: &pending::WingActivation| w.activation().rate().unwrap_or(0.0);
        rate(a)
            .total_cmp(&rate(b))
            .then(b.pending.cmp(&a.pending))
            .then_with(|| a.wing_name.cmp(&b.wing_name))
    });
    Ok(wings)
}

/// "Not joined: 120 · joined: 30 · activation rate: 20%".
pub fn totals(locales: &Locales, lang: Lang, activation: Activation) -> String {
    locales.text_with(
        lang,
        "stats-activation",
        &[
            ("pending", activation.pending.into()),
            ("activated", activation.activated.into()),
            ("rate", percent(locales, lang, activation.rate()).into()),
        ],
    )
}

/// The heading and a line per wing: not joined · joined · rate.
pub fn wing_lines(locales: &Locales, lang: Lang, wings: &[pending::WingActivation]) -> String {
    let mut text = locales.text(lang, "stats-activation-by-wing");
    for wing in wings {
        text.push('\n');
        text.push_str(&activation_line(
            locales,
            lang,
            &wing.wing_name,
            wing.activation(),
        ));
    }
    text
}

/// "• Korean youth: 100 · 20 · 17%".
pub fn activation_line(locales: &Locales, lang: Lang, name: &str, activation: Activation) -> String {
    locales.text_with(
        lang,
        "pending-activation-line",
        &[
            ("name", name.into()),
            ("pending", activation.pending.into()),
            ("activated", activation.activated.into()),
            ("rate", percent(locales, lang, activation.rate()).into()),
        ],
    )
}

/// A share as the language writes a percentage, "—" for none.
fn percent(locales: &Locales, lang: Lang, share: Option<f64>) -> String {
    share.map_or_else(
        || "—".to_owned(),
        |share| {
            let percent = (share * 100.0).round() as i64;
            locales.text_with(lang, "stats-percent", &[("percent", percent.into())])
        },
    )
}

/// Page `page` of a wing's pending people, by name, each with a remove button.
async fn wing_page(
    app: &App,
    lang: Lang,
    wing: &Wing,
    region: &Region,
    page: i64,
) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let locales = &app.locales;
    let per_page = PEOPLE_A_PAGE as i64;
    let count = pending::count_in_wing(&app.db, &wing.region_iso, wing.id)
        .await
        .context("counting a wing's pending people")?;
    let pages = (count + per_page - 1).div_euclid(per_page).max(1);
    let page = page.clamp(1, pages);
    // An import of thousands into one wing: only the page shown is read.
    let shown = pending::page_of_wing(
        &app.db,
        &wing.region_iso,
        wing.id,
        per_page,
        (page - 1) * per_page,
    )
    .await
    .context("reading a page of a wing's pending people")?;
    let mut text = locales.text_with(
        lang,
        "pending-wing-title",
        &[
            ("wing", wing.name.as_str().into()),
            ("region", region.name(lang).into()),
            ("count", count.into()),
        ],
    );
    if count == 0 {
        text.push('\n');
        text.push_str(&locales.text(lang, "pending-wing-empty"));
    }
    let first = (page - 1) * per_page;
    for (n, person) in (first + 1..).zip(&shown) {
        text.push('\n');
        text.push_str(&person_line(locales, lang, n, person));
    }
    let mut rows: Vec<Vec<InlineKeyboardButton>> = shown
        .iter()
        .map(|person| {
            let label = locales.text_with(
                lang,
                "pending-remove-button",
                &[("name", person.full_name.as_str().into())],
            );
            vec![button(label, Callback::PendingRemove(person.id, page))]
        })
        .collect();
    if pages > 1 {
        rows.push(page_row(page, pages, |p| Callback::PendingPage(wing.id, p)));
    }
    Ok((fit_message(text), InlineKeyboardMarkup::new(rows)))
}

fn person_line(locales: &Locales, lang: Lang, n: i64, person: &Pending) -> String {
    locales.text_with(
        lang,
        "pending-person-line",
        &[
            ("n", n.into()),
            ("name", person.full_name.as_str().into()),
            ("birth_year", person.birth_year.into()),
            ("date", locales.date(lang, person.imported_at).into()),
        ],
    )
}

/// The wing and its region, if the caller may see the region's pending people: a button
/// naming anything else is stale.
async fn visible_wing(app: &App, caller: &Caller, wing_id: i64) -> anyhow::Result<Option<(Wing, Region)>> {
    let Some(wing) = wings::find(&app.db, wing_id).await.context("reading the wing")? else {
        return Ok(None);
    };
    if !allows(
        caller.staff.as_ref(),
        Action::ViewPending {
            region: &wing.region_iso,
        },
    ) {
        return Ok(None);
    }
    let region = regions::find(&app.db, &wing.region_iso)
        .await
        .context("reading the wing's region")?;
    Ok(region.map(|region| (wing, region)))
}

/// The pending person a remove button names, if the caller may remove them. Otherwise the
/// press is answered here (`None`): stale for somebody who may not, gone when they are gone.
async fn removable(
    bot: &Bot,
    query: &CallbackQuery,
    app: &App,
    caller: &Caller,
    pending_id: i64,
) -> anyhow::Result<Option<Pending>> {
    let lang = caller.lang;
    // Only staff who may remove pending people somewhere learn whether a person is gone.
    let region = caller.staff.as_ref().and_then(|s| s.region_iso.as_deref());
    let may_remove_any = caller.role() == Some(Role::Admin)
        || region.is_some_and(|region| allows(caller.staff.as_ref(), Action::RemovePending { region }));
    if !may_remove_any {
        stale_choice(bot, query, &app.locales, lang).await?;
        return Ok(None);
    }
    let person = pending::find(&app.db, pending_id)
        .await
        .context("reading a pending person")?;
    match person {
        None => {
            gone(bot, query, &app.locales, lang).await?;
            Ok(None)
        }
        Some(person)
            if !allows(
                caller.staff.as_ref(),
                Action::RemovePending {
                    region: &person.region_iso,
                },
            ) =>
        {
            stale_choice(bot, query, &app.locales, lang).await?;
            Ok(None)
        }
        Some(person) => Ok(Some(person)),
    }
}

/// A remove pressed for somebody no longer pending: removed already, expired or joined.
async fn gone(bot: &Bot, query: &CallbackQuery, locales: &Locales, lang: Lang) -> HandlerResult {
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(locales.text(lang, "pending-gone"))
            .show_alert(true),
    )
    .await
}
