//! Assembling and running the bot: the dispatcher with its dependencies, polling, shutdown.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::dispatching::{Dispatcher, ShutdownToken};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::update_listeners::Polling;
use tokio::task::JoinHandle;

use crate::bot::intake::{Admitted, InFlight, MAX_UPDATES_IN_HAND};
use crate::bot::pipeline::Telemetry;
use crate::bot::{State, commands, schema};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, dialogues::DialogueStorage, members, roles, updates};
use crate::delivery::progress::ProgressReporter;
use crate::delivery::reminders::ReminderScheduler;
use crate::delivery::{DeliveryLimits, DeliveryWorker, QueueBell};
use crate::domain::role::Role;
use crate::i18n::Locales;

/// How long one getUpdates waits for news before asking again.
const POLL_TIMEOUT: Duration = Duration::from_secs(25);

/// A Bot API client for the configured token and server.
pub fn telegram_client(config: &Config) -> anyhow::Result<Bot> {
    let bot = Bot::new(config.require_token()?);
    Ok(match &config.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    })
}

/// A bot that is receiving and handling updates.
pub struct RunningBot {
    shutdown: ShutdownToken,
    task: JoinHandle<()>,
    worker: DeliveryWorker,
    reporter: ProgressReporter,
    reminders: ReminderScheduler,
    pub telemetry: Arc<Telemetry>,
}

impl RunningBot {
    /// Stops taking updates, lets the ones in hand finish, and returns when all is done.
    pub async fn stop(self) {
        loop {
            match self.shutdown.shutdown() {
                Ok(done) => {
                    done.await;
                    break;
                }
                // The dispatcher has not started yet (or is already stopping): ask again.
                Err(_) if !self.task.is_finished() => tokio::time::sleep(Duration::from_millis(20)).await,
                Err(_) => break,
            }
        }
        if let Err(error) = self.task.await {
            tracing::error!(%error, "the dispatcher task failed");
        }
        // Handlers may have queued messages until the dispatcher stopped; then the queue stops.
        self.reminders.stop().await;
        self.reporter.stop().await;
        self.worker.stop().await;
    }
}

/// Starts the dispatcher on long polling and the delivery queue at `BROADCAST_RATE`; the
/// database must be migrated.
pub async fn start(
    bot: Bot,
    pool: SqlitePool,
    config: Arc<Config>,
    locales: Arc<Locales>,
) -> anyhow::Result<RunningBot> {
    let limits = DeliveryLimits::telegram(config.broadcast_rate);
    start_with(bot, pool, config, locales, limits, Clock::system()).await
}

/// As [`start`], with the delivery limits (benchmarks scale them) and the clock of events
/// (tests move it) given.
pub async fn start_with(
    bot: Bot,
    pool: SqlitePool,
    config: Arc<Config>,
    locales: Arc<Locales>,
    limits: DeliveryLimits,
    clock: Clock,
) -> anyhow::Result<RunningBot> {
    if let Err(error) = commands::register_menus(&bot, &locales, config.default_locale).await {
        // Menus are a convenience: the bot works without them, so this does not stop it.
        tracing::warn!(%error, "cannot register the command menus");
    }
    roles::bootstrap_admins(&pool, &config.admin_ids, db::unix_now()).await?;
    for admin in &config.admin_ids {
        let id = admin.0 as i64;
        let lang = members::find_by_user(&pool, id)
            .await?
            .map(|m| m.lang)
            .unwrap_or(config.default_locale);
        if let Err(error) = commands::register_chat_menu(&bot, &locales, id, Some(Role::Admin), lang).await {
            tracing::info!(%error, admin = id, "cannot set an admin's command menu (they may not have opened the bot yet)");
        }
    }
    if let Err(error) = updates::prune(&pool, db::unix_now()).await {
        tracing::warn!(%error, "cannot prune old update ids");
    }

    let telemetry = Arc::new(Telemetry::default());
    let storage: Arc<DialogueStorage<State>> = DialogueStorage::new(pool.clone());
    let bell = QueueBell::default();
    let worker = DeliveryWorker::spawn(pool.clone(), bot.clone(), limits, bell.clone());
    let reporter = ProgressReporter::spawn(pool.clone(), bot.clone(), locales.clone(), worker.pacer.clone());
    let reminders = ReminderScheduler::spawn(pool.clone(), locales.clone(), clock.clone(), bell.clone());
    let in_flight = InFlight::default();
    let mut dispatcher = Dispatcher::builder(bot.clone(), schema())
        .dependencies(dptree::deps![
            pool,
            config,
            locales,
            storage,
            telemetry.clone(),
            bell,
            clock,
            in_flight.clone()
        ])
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text("an update handler failed"))
        .build();
    let shutdown = dispatcher.shutdown_token();
    // No more updates a request than the bot holds at once: the rest wait at Telegram.
    let polling = Polling::builder(bot)
        .timeout(POLL_TIMEOUT)
        .limit(MAX_UPDATES_IN_HAND as u8)
        .delete_webhook()
        .await
        .build();
    let listener = Admitted::new(polling, in_flight);
    let task = tokio::spawn(async move {
        dispatcher
            .dispatch_with_listener(
                listener,
                LoggingErrorHandler::with_custom_text("getting updates failed"),
            )
            .await;
    });
    Ok(RunningBot {
        shutdown,
        task,
        worker,
        reporter,
        reminders,
        telemetry,
    })
}

/// Runs the bot until SIGINT or SIGTERM, then stops cleanly.
pub async fn run(config: Config) -> anyhow::Result<()> {
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
    wait_for_stop_signal().await;
    tracing::info!("stopping: finishing the updates in hand");
    running.stop().await;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn wait_for_stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
