//! `/certificate` and `/verify`: a member's certificate of volunteer hours as a PDF, and anybody
//! checking one by its code.
//!
//! ```text
//! member:    /certificate
//! bot:       📄 birlik-certificate-3F9A…pdf  "Your certificate of volunteer hours. Its code is 3F9A…"
//! employer:  (scans the QR code: /start crt_3F9A…)
//! bot:       ✅ This certificate is genuine. It states: Holder: Aigerim Bekova, …
//! ```

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::{InputFile, Me};

use crate::bot::commands::StartPayload;
use crate::bot::{App, Caller, HandlerResult};
use crate::certificate::{self, Sheet};
use crate::db::certificates::{self, Attended, Certificate};
use crate::domain::event::hours;
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

/// `/certificate`: the member's certificate in their language, or why there is none yet.
pub async fn send(bot: Bot, msg: Message, caller: Caller, app: App, me: Me) -> HandlerResult {
    let lang = caller.lang;
    let Some(member) = &caller.member else {
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-registered"))
            .await?;
        return Ok(());
    };
    let attended = certificates::attended(&app.db, member.id)
        .await
        .context("reading the events the member attended")?;
    if attended.is_empty() {
        bot.send_message(msg.chat.id, app.locales.text(lang, "certificate-nothing-yet"))
            .await?;
        return Ok(());
    }
    let name = member.full_name.clone().unwrap_or_default();
    let issued = {
        let _turn = app.db.write_turn().await;
        certificates::issue(&app.db, member.id, &name, &attended, app.clock.unix())
            .await
            .context("issuing the certificate")?
    };
    let sheet = sheet(&app.locales, lang, &issued, &attended, me.username());
    let pdf = tokio::task::spawn_blocking(move || certificate::pdf(&sheet))
        .await
        .context("rendering the certificate")??;
    bot.send_document(
        msg.chat.id,
        InputFile::memory(pdf).file_name(format!("birlik-certificate-{}.pdf", issued.code)),
    )
    .caption(app.locales.text_with(
        lang,
        "certificate-caption",
        &[("code", issued.code.as_str().into())],
    ))
    .await
    .context("sending the certificate")?;
    Ok(())
}

/// `/verify CODE`, or a certificate's QR code (`/start crt_CODE`): anybody, registered or not,
/// hears whether the code belongs to a certificate still valid and what it states. A wrong code
/// and a withdrawn certificate get the same answer, which tells nothing about anybody.
pub async fn verify(bot: Bot, msg: Message, code: String, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    let code = code.trim();
    if code.is_empty() {
        bot.send_message(msg.chat.id, app.locales.text(lang, "verify-usage"))
            .await?;
        return Ok(());
    }
    let found = certificates::find(&app.db, code)
        .await
        .context("reading the certificate of the code")?;
    let reply = match found {
        Some(certificate) => {
            let locales = &app.locales;
            locales.text_with(
                lang,
                "verify-genuine",
                &[
                    ("name", certificate.full_name.as_str().into()),
                    ("events", certificate.events.into()),
                    ("hours", hours(certificate.seconds).into()),
                    ("from", locales.date(lang, certificate.period_from).into()),
                    ("to", locales.date(lang, certificate.period_to).into()),
                    ("issued", locales.date(lang, certificate.issued_at).into()),
                    ("code", certificate.code.as_str().into()),
                ],
            )
        }
        None => app.locales.text(lang, "verify-not-genuine"),
    };
    bot.send_message(msg.chat.id, reply).await?;
    Ok(())
}

/// The certificate's words in `lang`; `bot` is the bot's username, for the QR code's link.
fn sheet(locales: &Locales, lang: Lang, issued: &Certificate, attended: &[Attended], bot: &str) -> Sheet {
    let code = issued.code.as_str();
    let text = |key: &str| locales.text(lang, key);
    Sheet {
        lang: lang.code().to_owned(),
        movement: text("certificate-movement"),
        heading: text("certificate-heading"),
        name: issued.full_name.clone(),
        intro: text("certificate-intro"),
        columns: [
            text("certificate-column-event"),
            text("certificate-column-date"),
            text("certificate-column-hours"),
        ],
        rows: attended
            .iter()
            .map(|event| {
                [
                    event.title.clone(),
                    locales.date(lang, event.starts_at),
                    locales.text_with(
                        lang,
                        "certificate-row-hours",
                        &[("hours", hours(event.ends_at - event.starts_at).into())],
                    ),
                ]
            })
            .collect(),
        total: locales.text_with(
            lang,
            "certificate-total",
            &[
                ("events", issued.events.into()),
                ("hours", hours(issued.seconds).into()),
            ],
        ),
        period: locales.text_with(
            lang,
            "certificate-period",
            &[
                ("from", locales.date(lang, issued.period_from).into()),
                ("to", locales.date(lang, issued.period_to).into()),
            ],
        ),
        issued: locales.text_with(
            lang,
            "certificate-issued",
            &[("date", locales.date(lang, issued.issued_at).into())],
        ),
        code: locales.text_with(lang, "certificate-code", &[("code", code.into())]),
        verify_hint: locales.text_with(
            lang,
            "certificate-verify-hint",
            &[("code", code.into()), ("bot", bot.into())],
        ),
        link: format!(
            "https://t.me/{bot}?start={}",
            StartPayload::Certificate(code.to_owned()).encode()
        ),
    }
}
