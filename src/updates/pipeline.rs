//! What happens around every update: skip second deliveries, turn errors into an apology,
//! count what was handled.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;
use std::panic::Location;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sqlx::SqlitePool;
use teloxide::dispatching::DpHandlerDescription;
use teloxide::dptree::di::DependencyMap;
use teloxide::dptree::{self, Cont, HandlerSignature, Type};
use teloxide::prelude::*;
use teloxide::types::UpdateKind;

use crate::config::Config;
use crate::db::updates;
use crate::i18n::{Lang, Locales};
use crate::monitoring;
use crate::telegram::Bot;

use super::handled::HandledUpdates;
use super::intake::InFlight;
use crate::bot::HandlerResult;
use crate::telegram::is_telegram_failure;

/// Counters the bot keeps about itself.
#[derive(Debug, Default)]
pub struct Telemetry {
    updates_handled: AtomicU64,
    updates_skipped_as_duplicates: AtomicU64,
    handler_errors: AtomicU64,
}

impl Telemetry {
    /// Updates that went through the whole pipeline, duplicates included.
    pub fn updates_handled(&self) -> u64 {
        self.updates_handled.load(Ordering::SeqCst)
    }

    pub fn duplicates_skipped(&self) -> u64 {
        self.updates_skipped_as_duplicates.load(Ordering::SeqCst)
    }

    pub fn handler_errors(&self) -> u64 {
        self.handler_errors.load(Ordering::SeqCst)
    }
}

type Outcome = ControlFlow<HandlerResult, DependencyMap>;

/// The root of the handler tree: runs `tree` once per update id.
///
/// An update is remembered only after it was handled, so one that was being handled when the
/// bot died is handled again on redelivery rather than lost.
pub fn pipeline(
    tree: Handler<'static, HandlerResult, DpHandlerDescription>,
) -> Handler<'static, HandlerResult, DpHandlerDescription> {
    let location = Location::caller();
    let obligations = BTreeMap::from([
        (Type::of::<Update>(), location),
        (Type::of::<SqlitePool>(), location),
        (Type::of::<Arc<Telemetry>>(), location),
        (Type::of::<Arc<Locales>>(), location),
        (Type::of::<Arc<Config>>(), location),
        (Type::of::<Bot>(), location),
        (Type::of::<InFlight>(), location),
        (Type::of::<Arc<HandledUpdates>>(), location),
    ]);
    // The tree's description, so that Telegram is asked only for the updates the tree handles.
    let description = tree.description().clone();
    dptree::from_fn_with_description(
        description,
        move |input: DependencyMap, _cont: Cont<'static, HandlerResult>| {
            let tree = tree.clone();
            async move { handle(&tree, input).await }
        },
        HandlerSignature::Other {
            obligations,
            guaranteed_outcomes: BTreeSet::new(),
            conditional_outcomes: BTreeSet::new(),
            continues: true,
        },
    )
}

/// One update through `tree`, with everything around it.
async fn handle(
    tree: &Handler<'static, HandlerResult, DpHandlerDescription>,
    input: DependencyMap,
) -> Outcome {
    let update: Arc<Update> = input.get();
    let telemetry: Arc<Arc<Telemetry>> = input.get();
    let handled: Arc<Arc<HandledUpdates>> = input.get();
    let update_id = update.id.0 as i64;
    let in_flight: Arc<InFlight> = input.get();
    let started = Instant::now();
    let kind = kind_of(&update);
    let user_id = update.from().map(|user| user.id.0);
    let mut result = "handled";

    let outcome = match handled.contains(update_id).await {
        Ok(true) => {
            result = "duplicate";
            telemetry
                .updates_skipped_as_duplicates
                .fetch_add(1, Ordering::SeqCst);
            ControlFlow::Break(Ok(()))
        }
        Ok(false) | Err(_) => {
            let bot: Arc<Bot> = input.get();
            let locales: Arc<Arc<Locales>> = input.get();
            let config: Arc<Arc<Config>> = input.get();
            let mut outcome: Outcome = tree.dispatch(input.clone()).await;
            // Telegram failed an answer (a 5xx, a timeout, a broken connection): the update is
            // handled again once Telegram may be back, as after a crash, rather than apologised
            // for (the apology would fail too). Handlers are safe to run twice on one update.
            let mut pause = FIRST_PAUSE;
            while let ControlFlow::Break(Err(error)) = &outcome
                && telegram_failed(error)
                && pause <= MAX_PAUSE
            {
                tracing::warn!(
                    update_id,
                    error = format!("{error:#}"),
                    "Telegram failed an answer; handling the update again"
                );
                tokio::time::sleep(pause).await;
                pause *= 2;
                outcome = tree.dispatch(input.clone()).await;
            }
            if let ControlFlow::Continue(_) = &outcome {
                result = "ignored";
            }
            if let ControlFlow::Break(Err(error)) = &outcome {
                result = "failed";
                telemetry.handler_errors.fetch_add(1, Ordering::SeqCst);
                tracing::error!(update_id, error = format!("{error:#}"), "handler failed");
                apologise(&bot, &update, &locales, config.default_locale).await;
            }
            handled.record(update_id);
            match outcome {
                ControlFlow::Break(_) => ControlFlow::Break(Ok(())),
                other => other,
            }
        }
    };
    telemetry.updates_handled.fetch_add(1, Ordering::SeqCst);
    let elapsed = started.elapsed();
    metrics::counter!(monitoring::UPDATES, "kind" => kind, "outcome" => result).increment(1);
    metrics::histogram!(monitoring::UPDATE_SECONDS, "kind" => kind).record(elapsed.as_secs_f64());
    tracing::info!(
        update_id,
        kind,
        user_id,
        outcome = result,
        ms = elapsed.as_secs_f64() * 1e3,
        "update"
    );
    in_flight.release(&update);
    outcome
}

/// The pauses before an update whose answer Telegram failed is handled again: 2, 4, 8 and 16 s,
/// about as long as Telegram's usual hiccups.
const FIRST_PAUSE: Duration = Duration::from_secs(2);
const MAX_PAUSE: Duration = Duration::from_secs(16);

/// Whether an error is Telegram failing (a 5xx, a timeout, a broken connection, an answer that
/// is not Telegram's JSON) rather than something wrong in the bot or refused by Telegram.
fn telegram_failed(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|cause| cause.downcast_ref().is_some_and(is_telegram_failure))
}

/// The update's kind as Telegram names it, for logs and metrics.
fn kind_of(update: &Update) -> &'static str {
    match &update.kind {
        UpdateKind::Message(_) => "message",
        UpdateKind::EditedMessage(_) => "edited_message",
        UpdateKind::CallbackQuery(_) => "callback_query",
        UpdateKind::MyChatMember(_) => "my_chat_member",
        UpdateKind::ChatMember(_) => "chat_member",
        UpdateKind::ChannelPost(_) => "channel_post",
        UpdateKind::InlineQuery(_) => "inline_query",
        _ => "other",
    }
}

/// The language of the update's sender as Telegram tells it: the pipeline does not read the
/// database for the member's choice.
fn telegram_lang(update: &Update, default: Lang) -> Lang {
    update
        .from()
        .and_then(|user| user.language_code.as_deref())
        .and_then(Lang::from_code)
        .unwrap_or(default)
}

/// Skips the updates the intake set aside (their senders flood the bot), each with one small
/// write so that it is not handed on again at the next start, and asks each flooder to slow
/// down once in a while. Runs beside the dispatcher: the flood costs next to nothing and waits
/// for nobody's answer.
pub fn spawn_set_aside(
    pool: SqlitePool,
    bot: Bot,
    locales: Arc<Locales>,
    default: Lang,
    in_flight: InFlight,
) -> tokio::sync::mpsc::UnboundedSender<Update> {
    let (sender, mut set_aside) = tokio::sync::mpsc::unbounded_channel::<Update>();
    tokio::spawn(async move {
        while let Some(update) = set_aside.recv().await {
            let update_id = update.id.0 as i64;
            if let Err(error) = updates::drop_kept(&pool, update_id).await {
                tracing::warn!(update_id, %error, "cannot drop a set-aside update");
            }
            let kind = kind_of(&update);
            let user_id = update.from().map(|user| user.id.0);
            if let Some(user_id) = user_id
                && in_flight.warn_now(user_id)
            {
                let (bot, locales) = (bot.clone(), locales.clone());
                tokio::spawn(async move { tell_to_slow_down(&bot, &update, &locales, default).await });
            }
            metrics::counter!(monitoring::UPDATES, "kind" => kind, "outcome" => "set_aside").increment(1);
            tracing::info!(update_id, kind, user_id, outcome = "set_aside", "update");
        }
    });
    sender
}

/// Asks somebody who sends faster than the bot answers to wait for the answers.
async fn tell_to_slow_down(bot: &Bot, update: &Update, locales: &Locales, default: Lang) {
    let text = locales.text(telegram_lang(update, default), "flood-slow-down");
    if let Some(chat) = update.chat()
        && let Err(error) = bot.send_message(chat.id, text).await
    {
        tracing::warn!(%error, "cannot ask somebody to slow down");
    }
}

/// Tells the user, in their Telegram language, that something went wrong on our side.
async fn apologise(bot: &Bot, update: &Update, locales: &Locales, default: Lang) {
    let text = locales.text(telegram_lang(update, default), "error-internal");
    if let Update {
        kind: teloxide::types::UpdateKind::CallbackQuery(query),
        ..
    } = update
    {
        let _ = bot
            .answer_callback_query(query.id.clone())
            .text(text.clone())
            .await;
    }
    if let Some(chat) = update.chat()
        && let Err(error) = bot.send_message(chat.id, text).await
    {
        tracing::warn!(%error, "cannot send the apology");
    }
}
