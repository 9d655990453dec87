//! Events for members: `/events`, Volunteer / Cancel my sign-up, Add to calendar, and
//! "Still coming?". A member's own record (`/my`, check-in) is in `attended`.
//!
//! ```text
//! member: /events
//! bot:    📅 Тазалық күні ... Places taken: 99 / 100   [🙋 Volunteer] [📅 Add to calendar] [◀️ 1 / 3 ▶️]
//! member: [🙋 Volunteer]
//! bot:    (pop-up) You are signed up!   (the card now says so, with [Cancel my sign-up])
//! ```

use anyhow::Context;
use teloxide::dispatching::dialogue::Storage;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, InputFile, MaybeInaccessibleMessage};

use crate::bot::caller::choose_lang;
use crate::bot::event_card::{self, Counts, Mine};
use crate::bot::{App, Caller, HandlerResult};
use crate::db::events::{self, Closed, Event};
use crate::db::group_cards::GroupCard;
use crate::db::member_cards::Shown;
use crate::db::members::Member;
use crate::db::regions;
use crate::db::signups::{self, CardState, Press, Pressed, Volunteered};
use crate::delivery::cards::Redraw;
use crate::domain::status::{EventStatus, SignupStatus};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::{answer, query_chat, redraw, settle, stale_choice};

/// Whether a member may see and sign up for an event: their region's, or republic-wide.
fn visible_to(event: &Event, member: &Member) -> bool {
    event
        .plan
        .region_iso
        .as_ref()
        .is_none_or(|iso| *iso == member.region_iso)
}

/// The member's own sign-up, for the card.
fn mine(state: &CardState) -> Option<Mine> {
    Mine::of(state.status, state.position)
}

/// A card of `event` for `member`, with its buttons; `page` for `/events`.
async fn card(
    app: &App,
    lang: Lang,
    event: &Event,
    member: &Member,
    now: i64,
    page: Option<(i64, i64)>,
) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let state = signups::card_state(&app.db, event.id, member.id)
        .await
        .context("reading the member's sign-up")?;
    card_with(app, lang, event, &state, now, page).await
}

async fn card_with(
    app: &App,
    lang: Lang,
    event: &Event,
    state: &CardState,
    now: i64,
    page: Option<(i64, i64)>,
) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let region = regions::of(&app.db, event.plan.region_iso.as_deref())
        .await
        .context("reading the event's region")?;
    let counts = Counts {
        taken: state.taken,
        waiting: state.waiting,
    };
    Ok(event_card::draw(
        &app.locales,
        lang,
        event,
        region.as_ref(),
        counts,
        mine(state),
        now,
        page,
    ))
}

/// Answers a command of somebody not registered.
pub(super) async fn register_first(bot: &Bot, chat: ChatId, locales: &Locales, lang: Lang) -> HandlerResult {
    bot.send_message(chat, locales.text(lang, "event-register-first"))
        .await?;
    Ok(())
}

/// `/events`: the newest upcoming event of the member's region or the whole republic, one
/// card a page.
pub async fn list(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    let Some(member) = &caller.member else {
        return register_first(&bot, msg.chat.id, &app.locales, lang).await;
    };
    match page_card(&app, lang, member, 1, app.clock.unix()).await? {
        Some(card) => {
            let fingerprint = event_card::fingerprint(&card.text, &card.markup);
            let sent = bot
                .send_message(msg.chat.id, card.text)
                .reply_markup(card.markup)
                .await?;
            app.live_cards.shown(Shown {
                chat_id: sent.chat.id.0,
                message_id: sent.id.0,
                event_id: card.event_id,
                member_id: member.id,
                page: Some(card.page),
                fingerprint,
            });
        }
        None => {
            bot.send_message(msg.chat.id, app.locales.text(lang, "events-none"))
                .await?;
        }
    }
    Ok(())
}

/// An `/events` page: the card of one event, which page it is of how many.
struct PageCard {
    event_id: i64,
    page: (i64, i64),
    text: String,
    markup: InlineKeyboardMarkup,
}

async fn page_card(
    app: &App,
    lang: Lang,
    member: &Member,
    page: i64,
    now: i64,
) -> anyhow::Result<Option<PageCard>> {
    let (_, total) = events::upcoming_for(&app.db, &member.region_iso, now, 0, 0)
        .await
        .context("counting the upcoming events")?;
    if total == 0 {
        return Ok(None);
    }
    // The list may have shrunk since the arrows were drawn.
    let page = page.clamp(1, total);
    let (found, _) = events::upcoming_for(&app.db, &member.region_iso, now, page - 1, 1)
        .await
        .context("reading the page's event")?;
    let Some(event) = found.first() else {
        return Ok(None);
    };
    let (text, markup) = card(app, lang, event, member, now, Some((page, total))).await?;
    Ok(Some(PageCard {
        event_id: event.id,
        page: (page, total),
        text,
        markup,
    }))
}

/// ◀️ / ▶️ under an `/events` card.
pub async fn page(bot: Bot, query: CallbackQuery, page: i64, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    let (Some(member), Some(message)) = (&caller.member, query.regular_message()) else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    match page_card(&app, lang, member, page, app.clock.unix()).await? {
        Some(card) => {
            app.live_cards.shown(Shown {
                chat_id: message.chat.id.0,
                message_id: message.id.0,
                event_id: card.event_id,
                member_id: member.id,
                page: Some(card.page),
                fingerprint: event_card::fingerprint(&card.text, &card.markup),
            });
            redraw(&bot, &query, card.text, card.markup).await
        }
        None => {
            bot.edit_message_text(message.chat.id, message.id, app.locales.text(lang, "events-none"))
                .await?;
            Ok(())
        }
    }
}

/// The page arrows of an `/events` card, read back from its keyboard: (page, pages).
fn page_of(query: &CallbackQuery) -> Option<(i64, i64)> {
    let markup = query.regular_message()?.reply_markup()?;
    markup.inline_keyboard.iter().flatten().find_map(|button| {
        let (page, pages) = button.text.split_once(" / ")?;
        Some((page.parse().ok()?, pages.parse().ok()?))
    })
}

/// Redraws the card the member pressed in their private chat. The edit goes through the card
/// painter: in a burst of presses the pop-up answers at once and the cards follow within
/// Telegram's limits. A card in a group shows everybody's figures, not the presser's: the
/// event's group cards are redrawn together, a moment later (see `LiveCards`).
async fn refresh_card(
    app: &App,
    query: &CallbackQuery,
    (lang, member_id): (Lang, i64),
    event: &Event,
    state: &CardState,
    now: i64,
) -> HandlerResult {
    let Some(MaybeInaccessibleMessage::Regular(message)) = &query.message else {
        return Ok(());
    };
    if !message.chat.is_private() {
        app.live_cards.group_card_pressed(GroupCard {
            chat_id: message.chat.id.0,
            message_id: message.id.0,
            event_id: event.id,
            // Not known yet for a card sent by an older version: drawn afresh.
            shown: 0,
        });
        return Ok(());
    }
    let (text, markup) = card_with(app, lang, event, state, now, page_of(query)).await?;
    let unchanged = message.text() == Some(text.as_str()) && message.reply_markup() == Some(&markup);
    let redraw = Redraw {
        chat_id: message.chat.id.0,
        is_group: false,
        message_id: message.id.0,
        text,
        markup,
    };
    if unchanged {
        // Noted even unchanged: it may be a card the bot did not know yet.
        app.live_cards.shown(Shown {
            chat_id: redraw.chat_id,
            message_id: redraw.message_id,
            event_id: event.id,
            member_id,
            page: page_of(query),
            fingerprint: event_card::fingerprint(&redraw.text, &redraw.markup),
        });
    } else {
        // A newer redraw of the same card replaces this one while it waits.
        app.live_cards.redraw(redraw, event.id, member_id, page_of(query));
    }
    Ok(())
}

/// Answers a button press of somebody not registered.
async fn register_first_alert(
    bot: &Bot,
    query: &CallbackQuery,
    locales: &Locales,
    lang: Lang,
) -> HandlerResult {
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(locales.text(lang, "event-register-first"))
            .show_alert(true),
    )
    .await
}

/// The event a button names, if the member may act on it; otherwise the press is answered.
async fn event_for_member<'a>(
    bot: &Bot,
    query: &CallbackQuery,
    app: &App,
    caller: &'a Caller,
    event_id: i64,
) -> anyhow::Result<Option<(Event, &'a Member)>> {
    let lang = caller.lang;
    let Some(member) = &caller.member else {
        register_first_alert(bot, query, &app.locales, lang).await?;
        return Ok(None);
    };
    match events::find(&app.db, event_id)
        .await
        .context("reading the event")?
    {
        Some(event) if event.status != EventStatus::Draft && visible_to(&event, member) => {
            Ok(Some((event, member)))
        }
        _ => {
            stale_choice(bot, query, &app.locales, lang).await?;
            Ok(None)
        }
    }
}

fn closed_key(closed: Closed) -> &'static str {
    match closed {
        Closed::Cancelled => "event-closed-cancelled",
        Closed::Started => "event-closed-started",
        Closed::DeadlinePassed => "event-closed-deadline",
    }
}

/// Volunteer: a confirmed place while places remain, else the waiting list.
///
/// Presses come here before the dialogue and the sender are read (see the schema): the desk
/// reads each presser with their sign-up, for all the presses of a burst at once.
pub async fn volunteer(bot: Bot, query: CallbackQuery, event_id: i64, app: App) -> HandlerResult {
    let press = Press {
        telegram_user_id: query.from.id.0 as i64,
        username: query.from.username.clone(),
        event_id,
    };
    let (answered, now) = match app.desk.press(press).await? {
        (Pressed::Answered(answered), now) => (answered, now),
        (Pressed::Unseen { lang }, _) => return stale_choice(&bot, &query, &app.locales, lang).await,
        (Pressed::NotMember, _) => {
            // Somebody registering may have picked a language already.
            let state = app
                .dialogues
                .clone()
                .get_dialogue(query_chat(&query))
                .await?
                .unwrap_or_default();
            let lang = choose_lang(
                None,
                &state,
                query.from.language_code.as_deref(),
                app.config.default_locale,
            );
            return register_first_alert(&bot, &query, &app.locales, lang).await;
        }
    };
    let lang = answered.lang;
    let position = ("position", answered.state.position.into());
    let pop_up = match answered.outcome {
        Volunteered::Confirmed => app.locales.text(lang, "event-signed-up"),
        Volunteered::Waiting => app.locales.text_with(lang, "event-waiting", &[position]),
        Volunteered::AlreadyConfirmed => app.locales.text(lang, "event-already-signed-up"),
        Volunteered::AlreadyWaiting => app.locales.text_with(lang, "event-already-waiting", &[position]),
        Volunteered::TooMany => app.locales.text_with(
            lang,
            "event-too-many-signups",
            &[("max", signups::MAX_OPEN_SIGNUPS.into())],
        ),
        Volunteered::Closed => app.locales.text(
            lang,
            closed_key(answered.event.closed_at(now).unwrap_or(Closed::Started)),
        ),
    };
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(pop_up)
            .show_alert(!matches!(answered.outcome, Volunteered::Confirmed)),
    )
    .await?;
    if matches!(answered.outcome, Volunteered::Confirmed | Volunteered::Waiting) {
        app.live_cards.figures_changed(answered.event.id);
    }
    refresh_card(
        &app,
        &query,
        (lang, answered.member_id),
        &answered.event,
        &answered.state,
        now,
    )
    .await
}

/// Cancel my sign-up: the place goes to the first on the waiting list, who is told.
pub async fn unvolunteer(
    bot: Bot,
    query: CallbackQuery,
    event_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some((event, member)) = event_for_member(&bot, &query, &app, &caller, event_id).await? else {
        return Ok(());
    };
    let now = app.clock.unix();
    if event.status != EventStatus::Published || event.plan.starts_at <= now {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    let pop_up = match cancel_signup(&app, &event, member.id, app.clock.unix()).await? {
        true => app.locales.text(lang, "event-signup-cancelled"),
        false => app.locales.text(lang, "event-not-signed-up"),
    };
    answer(bot.answer_callback_query(query.id.clone()).text(pop_up)).await?;
    let state = signups::card_state(&app.db, event.id, member.id)
        .await
        .context("reading the member's sign-up")?;
    refresh_card(&app, &query, (lang, member.id), &event, &state, now).await
}

/// Cancels a sign-up and promotes the first waiting member, who is told through the queue;
/// the event's cards are redrawn. False if there was nothing to cancel.
async fn cancel_signup(app: &App, event: &Event, member_id: i64, now: i64) -> anyhow::Result<bool> {
    let promotion = event_card::notice(&app.locales, now, "event-promoted", event, &[]);
    Ok(
        match signups::cancel(&app.db, event, member_id, app.clock.ms(), &promotion)
            .await
            .context("cancelling the sign-up")?
        {
            signups::Cancelled::NotSignedUp => false,
            // The promotion queued goes out, and the cards show who has the place now.
            signups::Cancelled::Done { .. } => {
                app.live_cards.changed(event.id);
                true
            }
        },
    )
}

/// Add to calendar: the event as an .ics file.
pub async fn calendar(
    bot: Bot,
    query: CallbackQuery,
    event_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let Some((event, _)) = event_for_member(&bot, &query, &app, &caller, event_id).await? else {
        return Ok(());
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let region_name = match &event.plan.region_iso {
        Some(iso) => regions::find(&app.db, iso)
            .await
            .context("reading the region")?
            .map(|r| r.name(caller.lang).to_owned())
            .unwrap_or_default(),
        None => String::new(),
    };
    // Pressed in a group, the file goes to the member's private chat.
    bot.send_document(
        ChatId(caller.user_id()),
        InputFile::memory(event_card::ics(&event, &region_name)).file_name(format!("event-{}.ics", event.id)),
    )
    .await
    .context("sending the calendar file")?;
    Ok(())
}

/// The answer to "Still coming?": Yes is noted; No frees the place at once.
pub async fn still_coming(
    bot: Bot,
    query: CallbackQuery,
    (event_id, coming): (i64, bool),
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some((event, member)) = event_for_member(&bot, &query, &app, &caller, event_id).await? else {
        return Ok(());
    };
    let confirmed = signups::find(&app.db, event.id, member.id)
        .await
        .context("reading the sign-up")?
        .is_some_and(|s| s.status == SignupStatus::Confirmed);
    if !confirmed || event.status != EventStatus::Published || event.plan.starts_at <= app.clock.unix() {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    if coming {
        signups::answer_still_coming(&app.db, event.id, member.id, app.clock.unix())
            .await
            .context("noting the answer")?;
        settle(&bot, &query, &app.locales.text(lang, "event-still-coming-yes")).await?;
        bot.send_message(query_chat(&query), app.locales.text(lang, "event-see-you"))
            .await?;
    } else {
        cancel_signup(&app, &event, member.id, app.clock.unix()).await?;
        settle(&bot, &query, &app.locales.text(lang, "event-still-coming-no")).await?;
        bot.send_message(query_chat(&query), app.locales.text(lang, "event-place-freed"))
            .await?;
    }
    Ok(())
}
