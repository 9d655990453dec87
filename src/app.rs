//! Assembling and running the bot: the dispatcher with its dependencies, polling, shutdown.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::dispatching::Dispatcher;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::types::AllowedUpdate;
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::bot::checkin_guard::CheckinGuard;
use crate::bot::context::{App, Parts};
use crate::bot::live_cards::LiveCards;
use crate::bot::signup_desk::SignupDesk;
use crate::bot::{State, commands, schema};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db, dialogues::DialogueStorage, members, roles, updates};
use crate::delivery::progress::ProgressReporter;
use crate::delivery::reminders::ReminderScheduler;
use crate::delivery::{CardPainter, CardsWaiting, DeliveryLimits, DeliveryWorker, QueueBell};
use crate::domain::role::Role;
use crate::i18n::Locales;
use crate::monitoring::{
    self,
    server::{HealthServer, ProbeTiming},
};
use crate::updates::handled::HandledUpdates;
use crate::updates::inbox::{self, KeptPolling};
use crate::updates::intake::{Admitted, InFlight, MAX_UPDATES_IN_HAND};
use crate::updates::pipeline::Telemetry;
use crate::webhook;

/// How long a request to Telegram may take before the bot gives up on it: a message then
/// counts as not sent (the delivery queue tries again) and a long poll is asked again. This is
/// teloxide's default, made explicit because [`POLL_TIMEOUT`] must stay below it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(17);

/// How long one getUpdates waits for news before asking again. Well below
/// [`REQUEST_TIMEOUT`]: a quiet long poll that outlived it would end as an error each time, and
/// teloxide's pause after errors (doubling up to a minute) would then delay the next update.
const POLL_TIMEOUT: Duration = Duration::from_secs(10);

/// A Bot API client for the configured token and server.
pub fn telegram_client(config: &Config) -> anyhow::Result<Bot> {
    let client = teloxide::net::default_reqwest_settings()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .context("cannot build the HTTP client for Telegram")?;
    let bot = Bot::with_client(config.require_token()?, client);
    Ok(match &config.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    })
}

/// A bot that is receiving and handling updates.
pub struct RunningBot {
    /// Ends the listener's stream of updates, which ends dispatching once the updates in hand
    /// are handled.
    listener_stop: StopToken,
    /// Tells the dispatcher task to stop waiting for Telegram to answer its first getMe.
    stopping: watch::Sender<bool>,
    task: JoinHandle<()>,
    /// The webhook's HTTP server, in webhook mode; it ends after deleting the webhook.
    webhook_server: Option<JoinHandle<()>>,
    health: Option<HealthServer>,
    worker: DeliveryWorker,
    reporter: ProgressReporter,
    reminders: ReminderScheduler,
    handled: Arc<HandledUpdates>,
    checkpointer: JoinHandle<()>,
    cards_waiting: CardsWaiting,
    pub telemetry: Arc<Telemetry>,
}

/// What tests and benchmarks tune; [`Tuning::production`] is what the bot runs with.
#[derive(Clone)]
pub struct Tuning {
    pub limits: DeliveryLimits,
    /// The clock of events (tests move it).
    pub clock: Clock,
    pub probe: ProbeTiming,
}

impl Tuning {
    pub fn production(config: &Config) -> Self {
        Self {
            limits: DeliveryLimits::telegram(config.broadcast_rate),
            clock: Clock::system(),
            probe: ProbeTiming::default(),
        }
    }
}

impl RunningBot {
    /// Stops taking updates, lets the ones in hand finish, and returns when all is done.
    pub async fn stop(self) {
        let _ = self.stopping.send(true);
        // Not through teloxide's `ShutdownToken`: the dispatcher hears of it through
        // `Notify::notify_waiters`, which wakes only a waiter already listening, so a shutdown
        // asked while the dispatcher hands an update on is missed until the next update comes,
        // and the future `shutdown()` returns can miss the end of dispatching and wait forever.
        // Ending the listener's stream ends dispatching the ordinary way: the updates in hand
        // are handled, then the dispatcher returns and its task ends.
        self.listener_stop.stop();
        if let Err(error) = self.task.await {
            tracing::error!(%error, "the dispatcher task failed");
        }
        if let Some(server) = self.webhook_server {
            let _ = server.await;
        }
        // The last handled updates are recorded, so the next start does not hand them on again.
        self.handled.flush().await;
        self.checkpointer.abort();
        // Handlers may have queued messages until the dispatcher stopped; then the queue stops.
        self.reminders.stop().await;
        self.reporter.stop().await;
        self.worker.stop().await;
        if let Some(health) = self.health {
            health.stop().await;
        }
    }

    /// Card redraws asked for and not yet done with.
    pub fn cards_waiting(&self) -> usize {
        self.cards_waiting.count()
    }

    /// Passes of the reminder scheduler ended since this start.
    pub fn reminder_passes(&self) -> u64 {
        self.reminders.passes()
    }

    /// Where `/healthz` and `/metrics` are served, when `HEALTH_LISTEN` is set.
    pub fn health_addr(&self) -> Option<std::net::SocketAddr> {
        self.health.as_ref().map(|h| h.addr)
    }
}

/// Starts the dispatcher (long polling, or the webhook when configured), the delivery queue at
/// `BROADCAST_RATE` and, with `HEALTH_LISTEN`, the health endpoints; the database must be
/// migrated.
pub async fn start(
    bot: Bot,
    pool: SqlitePool,
    config: Arc<Config>,
    locales: Arc<Locales>,
) -> anyhow::Result<RunningBot> {
    let tuning = Tuning::production(&config);
    start_with(bot, pool, config, locales, tuning).await
}

/// As [`start`], tuned.
pub async fn start_with(
    bot: Bot,
    pool: SqlitePool,
    config: Arc<Config>,
    locales: Arc<Locales>,
    tuning: Tuning,
) -> anyhow::Result<RunningBot> {
    let Tuning { limits, clock, probe } = tuning;
    let db = Db::new(pool);
    monitoring::recorder();
    let health = match config.health_listen {
        Some(listen) => Some(HealthServer::spawn(listen, db.pool().clone(), bot.clone(), probe).await?),
        None => None,
    };
    if let Err(error) = commands::register_menus(&bot, &locales, config.default_locale).await {
        // Menus are a convenience: the bot works without them, so this does not stop it.
        tracing::warn!(%error, "cannot register the command menus");
    }
    roles::bootstrap_admins(&db, &config.admin_ids, clock.unix()).await?;
    for admin in &config.admin_ids {
        let id = admin.0 as i64;
        let lang = members::find_by_user(&db, id)
            .await?
            .map(|m| m.lang)
            .unwrap_or(config.default_locale);
        if let Err(error) = commands::register_chat_menu(&bot, &locales, id, Some(Role::Admin), lang).await {
            tracing::info!(%error, admin = id, "cannot set an admin's command menu (they may not have opened the bot yet)");
        }
    }
    if let Err(error) = updates::prune(&db, clock.unix()).await {
        tracing::warn!(%error, "cannot prune old update ids");
    }

    let telemetry = Arc::new(Telemetry::default());
    let storage: Arc<DialogueStorage<State>> = DialogueStorage::new(db.pool().clone(), clock.clone());
    let bell = QueueBell::default();
    let desk = SignupDesk::spawn(db.clone(), clock.clone());
    let checkpointer = db::checkpoint::spawn(db.pool().clone());
    let worker = DeliveryWorker::spawn(db.clone(), clock.clone(), bot.clone(), limits, bell.clone());
    let painter = CardPainter::spawn(bot.clone(), worker.pacer.clone());
    let cards_waiting = painter.waiting();
    let live_cards = LiveCards::spawn(
        db.clone(),
        locales.clone(),
        painter,
        bell.clone(),
        clock.clone(),
        config.default_locale,
    );
    // Handlers reply through the same budget as the queue.
    let replies = crate::telegram::Bot::new(bot.clone(), worker.pacer.clone());
    let reporter = ProgressReporter::spawn(
        db.clone(),
        clock.clone(),
        bot.clone(),
        locales.clone(),
        worker.pacer.clone(),
    );
    let reminders = ReminderScheduler::spawn(
        db.clone(),
        locales.clone(),
        clock.clone(),
        bell.clone(),
        config.pending_days,
    );
    let in_flight = InFlight::default();
    let handled = HandledUpdates::start(db.clone(), clock.clone()).await?;
    let app = App::new(Parts {
        db: db.clone(),
        clock: clock.clone(),
        locales: locales.clone(),
        config: config.clone(),
        bell,
        live_cards,
        desk,
        dialogues: storage.clone(),
        checkin_guard: CheckinGuard::default(),
    });
    // The handlers take `App`; the dialogue and the pipeline around them take the rest.
    let dispatcher = Dispatcher::builder(bot.clone(), schema())
        .dependencies(dptree::deps![
            app,
            db.pool().clone(),
            config.clone(),
            locales.clone(),
            storage,
            telemetry.clone(),
            replies.clone(),
            in_flight.clone(),
            handled.clone()
        ])
        .distribution_function(crate::updates::intake::sequence_of)
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text("an update handler failed"))
        .build();
    let (stopping, stopped) = watch::channel(false);
    let set_aside = crate::updates::pipeline::spawn_set_aside(
        db.pool().clone(),
        replies.clone(),
        locales.clone(),
        config.default_locale,
        in_flight.clone(),
    );
    // The updates taken before the last stop and never handled go first, however updates come.
    let left_over = inbox::left_over(&db, clock.unix()).await;
    let (task, listener_stop, webhook_server) = match &config.webhook {
        Some(webhook) => {
            let (listener, server) = webhook::listen(bot, db.clone(), clock, webhook).await?;
            let mut listener = Admitted::new(listener, in_flight, left_over, set_aside);
            let listener_stop = listener.stop_token();
            (
                spawn_dispatcher(dispatcher, listener, stopped),
                listener_stop,
                Some(server),
            )
        }
        None => {
            delete_webhook(&bot).await;
            // No more updates a request than the bot holds at once: the rest wait at Telegram.
            let polling = KeptPolling::new(bot, db.clone(), clock, POLL_TIMEOUT, MAX_UPDATES_IN_HAND as u8);
            let mut listener = Admitted::new(polling, in_flight, left_over, set_aside);
            let listener_stop = listener.stop_token();
            (
                spawn_dispatcher(dispatcher, listener, stopped),
                listener_stop,
                None,
            )
        }
    };
    Ok(RunningBot {
        listener_stop,
        stopping,
        task,
        webhook_server,
        health,
        worker,
        reporter,
        reminders,
        handled,
        checkpointer,
        cards_waiting,
        telemetry,
    })
}

/// Runs the dispatcher on `listener` until it is stopped.
///
/// teloxide asks Telegram who the bot is (getMe) before it takes the first update, and stops
/// taking updates for good if that fails; Telegram may well be down or slow just then, so it is
/// asked again, with growing pauses, until it answers or the bot is stopped. A stop before the
/// dispatcher listens ends it at once: nothing is in hand yet.
fn spawn_dispatcher<L>(
    mut dispatcher: Dispatcher<Bot, anyhow::Error, ChatId>,
    mut listener: L,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<()>
where
    L: UpdateListener + Send + 'static,
    L::Err: std::fmt::Debug + Send,
{
    tokio::spawn(async move {
        let mut pause = Duration::from_secs(1);
        let listening = AtomicBool::new(false);
        loop {
            let dispatching = dispatcher.try_dispatch_with_listener(
                Lent {
                    listener: &mut listener,
                    listening: &listening,
                },
                LoggingErrorHandler::with_custom_text("getting updates failed"),
            );
            let stopped_before_listening = async {
                let _ = stopped.wait_for(|stop| *stop).await;
                if listening.load(Ordering::Acquire) {
                    // Updates may be in hand: the stopped listener ends dispatching after them.
                    std::future::pending::<()>().await;
                }
            };
            let started = tokio::select! {
                started = dispatching => started,
                () = stopped_before_listening => return,
            };
            let Err(error) = started else {
                return;
            };
            tracing::warn!(%error, retry_in_s = pause.as_secs(), "cannot reach Telegram to start taking updates");
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = stopped.wait_for(|stop| *stop) => return,
            }
            pause = (pause * 2).min(Duration::from_secs(30));
        }
    })
}

/// A listener lent to the dispatcher, so that it can be lent again when dispatching could not
/// start; it says when the dispatcher begins to listen (teloxide hints the allowed updates just
/// before).
struct Lent<'l, L> {
    listener: &'l mut L,
    listening: &'l AtomicBool,
}

impl<L: UpdateListener> UpdateListener for Lent<'_, L> {
    type Err = L::Err;

    fn stop_token(&mut self) -> StopToken {
        self.listener.stop_token()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.listening.store(true, Ordering::Release);
        self.listener.hint_allowed_updates(hint);
    }
}

impl<'a, L: AsUpdateStream<'a>> AsUpdateStream<'a> for Lent<'_, L> {
    type StreamErr = L::StreamErr;
    type Stream = L::Stream;

    fn as_stream(&'a mut self) -> Self::Stream {
        self.listener.as_stream()
    }
}

/// Long polling and a webhook exclude each other: a webhook left from webhook mode goes.
async fn delete_webhook(bot: &Bot) {
    match bot.get_webhook_info().await {
        Ok(info) if info.url.is_some() => {
            if let Err(error) = bot.delete_webhook().await {
                tracing::error!(%error, "cannot delete the webhook; long polling will fail");
            }
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "cannot ask Telegram whether a webhook is set"),
    }
}

/// Runs the bot until SIGINT or SIGTERM, then stops cleanly; a signal during the start ends it
/// at once (nothing is in hand yet), and so does a second signal during the stop.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let mut signals = StopSignals::listen()?;
    let (running, pool) = tokio::select! {
        started = start_from_config(config) => started?,
        () = signals.next() => {
            tracing::info!("stopped during the start");
            return Ok(());
        }
    };
    signals.next().await;
    tracing::info!("stopping: finishing the updates in hand (a second signal stops at once)");
    tokio::select! {
        () = running.stop() => {}
        () = signals.next() => {
            // Everything committed is on disk; the kept updates are handled at the next start.
            tracing::warn!("stopped at once by a second signal");
            std::process::exit(1);
        }
    }
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Connects, migrates, and starts taking updates.
async fn start_from_config(config: Config) -> anyhow::Result<(RunningBot, SqlitePool)> {
    let bot = telegram_client(&config)?;
    let pool = db::connect(&config.database_url).await?;
    db::migrate(&pool).await?;
    let locales = Arc::new(Locales::load()?);
    let me = bot
        .get_me()
        .await
        .context("cannot reach the Telegram Bot API (is the token right?)")?;
    tracing::info!(
        bot = me.username(),
        "Birlik is running; stop it with Ctrl+C or SIGTERM"
    );
    let running = start(bot, pool.clone(), Arc::new(config), locales).await?;
    Ok((running, pool))
}

/// SIGINT and SIGTERM, listened to from the start, so that none is missed between two waits.
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn listen() -> anyhow::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?,
                terminate: signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// The next SIGINT or SIGTERM.
    async fn next(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}
