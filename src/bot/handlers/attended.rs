//! A member's own record: `/my` (upcoming sign-ups, events attended and volunteer hours) and
//! check-in (`/checkin CODE` or the QR code's deep link).

use anyhow::Context;
use teloxide::prelude::*;

use crate::bot::{App, Caller, HandlerResult};
use crate::db::events;
use crate::db::signups::{self, CheckedIn};
use crate::delivery::progress::fit_message;
use crate::domain::event::{CHECKIN_OPENS_BEFORE, CheckinWindow, checkin_window, hours};
use crate::domain::status::{EventStatus, SignupStatus};
use crate::telegram::Bot;

use super::events::register_first;

/// `/my`: upcoming sign-ups, and events attended with volunteer hours.
pub async fn my(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    let Some(member) = &caller.member else {
        return register_first(&bot, msg.chat.id, &app.locales, lang).await;
    };
    let now = app.clock.unix();
    let history = signups::history(&app.db, member.id, now)
        .await
        .context("reading the member's sign-ups")?;
    let mut text = app.locales.text(lang, "my-upcoming-title");
    if history.upcoming.is_empty() {
        text.push('\n');
        text.push_str(&app.locales.text(lang, "my-upcoming-none"));
    }
    for signup in &history.upcoming {
        let status = match signup.position {
            Some(position) => {
                app.locales
                    .text_with(lang, "my-status-waiting", &[("position", position.into())])
            }
            None => app.locales.text(lang, "my-status-confirmed"),
        };
        text.push('\n');
        text.push_str(
            &app.locales.text_with(
                lang,
                "my-upcoming-line",
                &[
                    ("title", signup.title.as_str().into()),
                    (
                        "when",
                        app.locales
                            .when(lang, now, signup.starts_at, signup.ends_at)
                            .into(),
                    ),
                    ("place", signup.place.as_str().into()),
                    ("status", status.into()),
                ],
            ),
        );
    }
    text.push_str("\n\n");
    text.push_str(&app.locales.text_with(
        lang,
        "my-past",
        &[
            ("events", history.attended_events.into()),
            ("hours", hours(history.attended_seconds).into()),
        ],
    ));
    for past in &history.recent_attended {
        text.push('\n');
        text.push_str(&app.locales.text_with(
            lang,
            "my-past-line",
            &[
                ("title", past.title.as_str().into()),
                (
                    "when",
                    app.locales.when(lang, now, past.starts_at, past.ends_at).into(),
                ),
                ("hours", hours(past.ends_at - past.starts_at).into()),
            ],
        ));
    }
    bot.send_message(msg.chat.id, fit_message(text)).await?;
    Ok(())
}

/// `/checkin CODE`, or the QR code's link (`/start chk_CODE`): present, if a confirmed
/// volunteer comes within the event's window.
///
/// An unknown code and the code of an event the person is not signed up for get the same
/// answer, and both count as wrong: after [`MAX_WRONG`](crate::bot::checkin_guard::MAX_WRONG)
/// in a minute the person is asked to wait, so codes can be neither guessed nor probed.
pub async fn checkin(bot: Bot, msg: Message, code: String, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    let Some(member) = &caller.member else {
        return register_first(&bot, msg.chat.id, &app.locales, lang).await;
    };
    let code = code.trim();
    if code.is_empty() {
        bot.send_message(msg.chat.id, app.locales.text(lang, "checkin-how"))
            .await?;
        return Ok(());
    }
    let now = app.clock.unix();
    if let Some(seconds) = app.checkin_guard.wait(caller.user_id(), now) {
        bot.send_message(
            msg.chat.id,
            app.locales
                .text_with(lang, "checkin-wait", &[("seconds", seconds.into())]),
        )
        .await?;
        return Ok(());
    }
    let event = match events::find_by_code(&app.db, code)
        .await
        .context("reading the event of the code")?
    {
        Some(event) if event.status != EventStatus::Draft => Some(event),
        _ => None,
    };
    let signed_up = match &event {
        Some(event) => signups::find(&app.db, event.id, member.id)
            .await
            .context("reading the sign-up")?
            .is_some_and(|signup| signup.status != SignupStatus::Cancelled),
        None => false,
    };
    let Some(event) = event.filter(|_| signed_up) else {
        app.checkin_guard.wrong(caller.user_id(), now);
        bot.send_message(msg.chat.id, app.locales.text(lang, "checkin-unknown-code"))
            .await?;
        return Ok(());
    };
    let title = ("title", event.plan.title.as_str().into());
    let reply = if event.status == EventStatus::Cancelled {
        app.locales.text(lang, "event-closed-cancelled")
    } else {
        match checkin_window(now, event.plan.starts_at, event.plan.ends_at) {
            CheckinWindow::TooEarly => app.locales.text_with(
                lang,
                "checkin-too-early",
                &[
                    title,
                    (
                        "opens",
                        app.locales
                            .moment(
                                lang,
                                now,
                                event.plan.starts_at - CHECKIN_OPENS_BEFORE.num_seconds(),
                            )
                            .into(),
                    ),
                ],
            ),
            CheckinWindow::Over => app.locales.text_with(lang, "checkin-over", &[title]),
            CheckinWindow::Open => match signups::check_in(&app.db, event.id, member.id, now)
                .await
                .context("checking in")?
            {
                CheckedIn::Marked => app.locales.text_with(lang, "checkin-done", &[title]),
                CheckedIn::Already => app.locales.text_with(lang, "checkin-already", &[title]),
                CheckedIn::NotConfirmed => app.locales.text_with(lang, "checkin-not-signed-up", &[title]),
            },
        }
    };
    bot.send_message(msg.chat.id, reply).await?;
    Ok(())
}
