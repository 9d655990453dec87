//! Which event a management command is about: its number, or a button among the events the
//! caller manages; then the tool opens on it.

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::bot::callback::{Callback, EventTool};
use crate::bot::handlers::event_form::field_keyboard;
use crate::bot::handlers::{answer, query_chat, stale_choice};
use crate::bot::keyboards::button;
use crate::bot::{App, Caller, HandlerResult};
use crate::db::events::{self, Event};
use crate::domain::status::EventStatus;
use crate::telegram::Bot;

use super::attendance::attendance_page;
use super::managed_event;
use super::message::event_people;
use super::roster::volunteers_page;

/// The event a command names, if the caller manages it. Without a number, the events they
/// manage are offered as buttons and `None` is returned.
async fn named_event(
    bot: &Bot,
    chat: ChatId,
    args: &str,
    tool: EventTool,
    caller: &Caller,
    app: &App,
) -> anyhow::Result<Option<Event>> {
    let now = app.clock.unix();
    let lang = caller.lang;
    let Some(staff) = &caller.staff else {
        bot.send_message(chat, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(None);
    };
    let args = args.trim().trim_start_matches('#');
    if args.is_empty() {
        let managed = events::managed_recent(&app.db, staff, now, 10)
            .await
            .context("reading the events they manage")?;
        if managed.is_empty() {
            bot.send_message(chat, app.locales.text(lang, "event-none-to-manage"))
                .await?;
            return Ok(None);
        }
        let rows: Vec<Vec<InlineKeyboardButton>> = managed
            .iter()
            .map(|event| {
                let label = format!(
                    "#{} {} · {}",
                    event.id,
                    event.plan.title,
                    app.locales.moment(lang, now, event.plan.starts_at)
                );
                vec![button(
                    label.chars().take(60).collect::<String>(),
                    Callback::Pick(tool, event.id),
                )]
            })
            .collect();
        bot.send_message(chat, app.locales.text(lang, "event-pick"))
            .reply_markup(InlineKeyboardMarkup::new(rows))
            .await?;
        return Ok(None);
    }
    let event = match args.parse::<i64>() {
        Ok(id) => events::find(&app.db, id).await.context("reading the event")?,
        Err(_) => None,
    };
    match event.filter(|e| e.managed_by(caller.staff.as_ref())) {
        Some(event) => Ok(Some(event)),
        None => {
            // The same answer for "no such event" and "not yours": nothing leaks.
            bot.send_message(chat, app.locales.text(lang, "event-not-found"))
                .await?;
            Ok(None)
        }
    }
}

async fn open_tool(
    bot: &Bot,
    chat: ChatId,
    tool: EventTool,
    event: &Event,
    caller: &Caller,
    app: &App,
) -> HandlerResult {
    let now = app.clock.unix();
    let lang = caller.lang;
    let changes = matches!(tool, EventTool::Edit | EventTool::Cancel);
    if changes && event.status != EventStatus::Published {
        bot.send_message(chat, app.locales.text(lang, "event-not-editable"))
            .await?;
        return Ok(());
    }
    match tool {
        EventTool::Edit => {
            bot.send_message(
                chat,
                app.locales.text_with(
                    lang,
                    "event-edit-which-of",
                    &[("title", event.plan.title.as_str().into())],
                ),
            )
            .reply_markup(field_keyboard(&app.locales, lang, |field| {
                Callback::EditField(event.id, field)
            }))
            .await?;
        }
        EventTool::Cancel => {
            bot.send_message(
                chat,
                app.locales.text_with(
                    lang,
                    "event-cancel-confirm",
                    &[
                        ("title", event.plan.title.as_str().into()),
                        (
                            "when",
                            app.locales
                                .when(lang, now, event.plan.starts_at, event.plan.ends_at)
                                .into(),
                        ),
                    ],
                ),
            )
            .reply_markup(InlineKeyboardMarkup::new([[button(
                app.locales.text(lang, "event-cancel-yes"),
                Callback::CancelEventConfirmed(event.id),
            )]]))
            .await?;
        }
        EventTool::Volunteers => {
            let (text, markup) = volunteers_page(&app.db, &app.locales, lang, event, 1, now).await?;
            bot.send_message(chat, text).reply_markup(markup).await?;
        }
        EventTool::Attendance => {
            let (text, markup) = attendance_page(&app.db, &app.locales, lang, event, 1, now).await?;
            bot.send_message(chat, text).reply_markup(markup).await?;
        }
        EventTool::Message => {
            let (text, markup) = event_people(&app.db, &app.locales, lang, event).await?;
            bot.send_message(chat, text).reply_markup(markup).await?;
        }
    }
    Ok(())
}

macro_rules! tool_command {
    ($name:ident, $tool:expr, $doc:literal) => {
        #[doc = $doc]
        pub async fn $name(bot: Bot, msg: Message, args: String, caller: Caller, app: App) -> HandlerResult {
            let chat = msg.chat.id;
            if let Some(event) = named_event(&bot, chat, &args, $tool, &caller, &app).await? {
                open_tool(&bot, chat, $tool, &event, &caller, &app).await?;
            }
            Ok(())
        }
    };
}

tool_command!(
    edit_command,
    EventTool::Edit,
    "`/editevent <event>`: which field to change."
);
tool_command!(
    cancel_command,
    EventTool::Cancel,
    "`/cancelevent <event>`: asks to confirm."
);
tool_command!(
    volunteers_command,
    EventTool::Volunteers,
    "`/volunteers <event>`: the list, page 1."
);
tool_command!(
    message_command,
    EventTool::Message,
    "`/message <event>`: whom of its volunteers to write to."
);
tool_command!(
    attendance_command,
    EventTool::Attendance,
    "`/attendance <event>`: toggles, page 1."
);

/// An event picked from the buttons of a command given without a number.
pub async fn picked(
    bot: Bot,
    query: CallbackQuery,
    (tool, event_id): (EventTool, i64),
    caller: Caller,
    app: App,
) -> HandlerResult {
    let Some(event) = managed_event(&app.db, &caller, event_id).await? else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let chat = query_chat(&query);
    open_tool(&bot, chat, tool, &event, &caller, &app).await
}
