//! What registration asks and `/profile` changes alike: the wing picker, the phone step, and
//! the member's answers as the registration summary and the profile card show them.

use anyhow::Context;
use fluent_bundle::FluentValue;
use sqlx::SqlitePool;
use teloxide::prelude::*;

use crate::bot::{Caller, HandlerResult, keyboards};
use crate::db::{Db, regions, wings};
use crate::domain::Phone;
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::{answer, is_label, redraw};

/// The wings of a region as buttons, or only "Not in a wing" when it has none yet; `marked`
/// (the wing a headquarters' list gives) ticked, on the page that shows it.
pub async fn ask_wing(
    bot: &Bot,
    chat: ChatId,
    locales: &Locales,
    pool: &SqlitePool,
    region_iso: &str,
    lang: Lang,
    marked: Option<i64>,
) -> HandlerResult {
    let wings = wings::list_active(pool, region_iso)
        .await
        .context("reading the region's wings")?;
    let question = if wings.is_empty() {
        "reg-ask-wing-none-yet"
    } else {
        "reg-ask-wing"
    };
    bot.send_message(chat, locales.text(lang, question))
        .reply_markup(keyboards::wings(
            locales,
            lang,
            &wings,
            keyboards::wing_page_of(&wings, marked),
            marked,
        ))
        .await?;
    Ok(())
}

/// An arrow under the wings: the same question with another page of them.
pub async fn turn_wing_page(
    bot: &Bot,
    query: &CallbackQuery,
    locales: &Locales,
    pool: &SqlitePool,
    region_iso: &str,
    lang: Lang,
    page: i64,
    marked: Option<i64>,
) -> HandlerResult {
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let wings = wings::list_active(pool, region_iso)
        .await
        .context("reading the region's wings")?;
    let question = query
        .regular_message()
        .and_then(|message| message.text())
        .map_or_else(|| locales.text(lang, "reg-ask-wing"), str::to_owned);
    redraw(
        bot,
        query,
        question,
        keyboards::wings(locales, lang, &wings, page, marked),
    )
    .await
}

/// What the phone step received: `Ok(Some)` a number, `Ok(None)` the skip or remove button,
/// `Err` the locale key explaining what was expected.
pub fn read_phone(
    msg: &Message,
    caller: &Caller,
    locales: &Locales,
    skip_key: &str,
) -> Result<Option<Phone>, &'static str> {
    if let Some(contact) = msg.contact() {
        // A contact card of somebody else is not the member's phone.
        if contact.user_id != Some(caller.user.id) {
            return Err("phone-not-yours");
        }
        return Phone::from_contact(&contact.phone_number)
            .map(Some)
            .ok_or("phone-use-button");
    }
    match msg.text() {
        Some(text) if is_label(locales, text, skip_key) => Ok(None),
        _ => Err("phone-use-button"),
    }
}

/// A member's answers, as the registration summary and the profile card both show them.
pub struct Answers<'a> {
    pub full_name: Option<&'a str>,
    pub birth_year: i32,
    pub region_iso: Option<&'a str>,
    pub wing_id: Option<i64>,
    pub phone: Option<&'a str>,
}

impl Answers<'_> {
    /// The answers as message arguments in `lang`: the region and wing by name, a word for a
    /// wing or phone not given.
    pub async fn as_args(
        &self,
        locales: &Locales,
        pool: &Db,
        lang: Lang,
    ) -> anyhow::Result<Vec<(&'static str, FluentValue<'static>)>> {
        let region = match self.region_iso {
            Some(iso) => regions::find(pool, iso)
                .await
                .context("reading the region")?
                .map(|r| r.name(lang).to_owned()),
            None => None,
        };
        let wing = match self.wing_id {
            Some(id) => wings::find(pool, id)
                .await
                .context("reading the wing")?
                .map(|w| w.name),
            None => None,
        };
        let phone = self
            .phone
            .map_or_else(|| locales.text(lang, "phone-none"), str::to_owned);
        Ok(vec![
            ("name", self.full_name.unwrap_or_default().to_owned().into()),
            ("birth_year", self.birth_year.into()),
            ("region", region.unwrap_or_default().into()),
            (
                "wing",
                wing.unwrap_or_else(|| locales.text(lang, "wing-none")).into(),
            ),
            ("phone", phone.into()),
            ("language", locales.text(lang, "language-name").into()),
        ])
    }
}
