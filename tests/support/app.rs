//! The bot under test: a temporary SQLite file, the real dispatcher, the fake Bot API.
//! Starting and stopping it is here; what a test does with it is in the modules below.

mod actions;
mod inspect;
mod seed;
mod wait;

pub use actions::{Registration, texts};

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use birlik::app::{self, RunningBot};
use birlik::clock::Clock;
use birlik::config::Config;
use birlik::db;
use birlik::delivery::DeliveryLimits;
use birlik::i18n::{Lang, Locales};
use birlik::monitoring::server::ProbeTiming;
use sqlx::SqlitePool;
use tempfile::TempDir;

use super::fake_api::{FakeBotApi, TOKEN, TelegramLimits};

pub struct TestApp {
    pub fake: FakeBotApi,
    pub pool: SqlitePool,
    pub locales: Arc<Locales>,
    pub db_path: PathBuf,
    config: Arc<Config>,
    /// The clock of events: tests move it instead of sleeping.
    pub clock: Clock,
    /// How often the health probe asks Telegram (with `HEALTH_LISTEN`).
    pub probe: ProbeTiming,
    /// The pace the bot keeps; see [`TestApp::spawn_strict`].
    limits: DeliveryLimits,
    /// Held by a test under Telegram's limits: see [`TestApp::spawn_strict`].
    _strict: Option<tokio::sync::MutexGuard<'static, ()>>,
    bot: Option<RunningBot>,
    _dir: TempDir,
}

impl TestApp {
    /// A fresh database and fake API, and the bot running against them.
    pub async fn spawn() -> Self {
        Self::spawn_with(&[]).await
    }

    /// As [`TestApp::spawn`], with extra environment variables (`ADMIN_IDS`, ...).
    ///
    /// The bot keeps Telegram's overall pace, but a chat earns its next answer in 50 ms
    /// instead of a second and a group gets twenty times as many a minute: most tests hold a
    /// long conversation in one chat, and at Telegram's pace every answer after the second
    /// would wait a second. The fake does not enforce limits here; tests of the limits use
    /// [`TestApp::spawn_strict`].
    pub async fn spawn_with(extra_env: &[(&str, &str)]) -> Self {
        let mut test_app = Self::prepare(extra_env).await;
        test_app.start_bot().await;
        test_app
    }

    /// As [`TestApp::spawn_with`], with Telegram's own limits on both sides: the fake answers
    /// 429 past them, and the bot paces itself exactly as in production.
    ///
    /// These tests time messages to the second, so they run one at a time: two of them at
    /// once on a two-core machine starve each other's bot and fake of the CPU, and the fake
    /// then sees a second's messages arrive in a bunch.
    pub async fn spawn_strict(extra_env: &[(&str, &str)]) -> Self {
        static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
        let turn = ONE_AT_A_TIME.lock().await;
        let mut test_app = Self::prepare(extra_env).await;
        test_app._strict = Some(turn);
        test_app.fake.enforce_limits(TelegramLimits::telegram());
        test_app.limits = DeliveryLimits::telegram(test_app.config.broadcast_rate);
        test_app.start_bot().await;
        test_app
    }

    /// The fake API and a migrated database, for a bot the test runs itself (the binary).
    pub async fn without_bot() -> Self {
        Self::prepare(&[]).await
    }

    /// The environment the bot of this test runs with.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("TELOXIDE_TOKEN", TOKEN.to_owned()),
            ("TELOXIDE_API_URL", self.fake.url()),
            ("DATABASE_URL", self.config.database_url.clone()),
        ]
    }

    async fn prepare(extra_env: &[(&str, &str)]) -> Self {
        let fake = FakeBotApi::start().await;
        let dir = tempfile::tempdir().expect("temporary directory");
        let db_path = dir.path().join("birlik-test.db");
        let mut env: HashMap<String, String> = HashMap::from([
            ("TELOXIDE_TOKEN".into(), TOKEN.into()),
            ("TELOXIDE_API_URL".into(), fake.url()),
            ("DATABASE_URL".into(), db_path.display().to_string()),
        ]);
        env.extend(extra_env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let config =
            Arc::new(Config::from_lookup(|name| env.get(name).cloned()).expect("test configuration"));
        let pool = db::connect(&config.database_url)
            .await
            .expect("open the test database");
        db::migrate(&pool).await.expect("migrate the test database");
        let locales = Arc::new(Locales::load().expect("locales"));
        let limits = DeliveryLimits {
            chat_interval: Duration::from_millis(50),
            group_per_minute: 400,
            ..DeliveryLimits::telegram(config.broadcast_rate)
        };
        Self {
            fake,
            pool,
            locales,
            db_path,
            config,
            limits,
            _strict: None,
            clock: Clock::adjustable(),
            probe: ProbeTiming {
                every: Duration::from_millis(100),
                stale_after: Duration::from_secs(1),
            },
            bot: None,
            _dir: dir,
        }
    }

    async fn start_bot(&mut self) {
        self.start_bot_with_limits(self.limits).await;
    }

    /// Starts the bot with delivery limits of the caller's choosing (benchmarks scale them).
    pub async fn start_bot_with_limits(&mut self, limits: DeliveryLimits) {
        let bot = app::telegram_client(&self.config).expect("bot client");
        let tuning = app::Tuning {
            limits,
            clock: self.clock.clone(),
            probe: self.probe,
        };
        let running = app::start_with(
            bot,
            self.pool.clone(),
            self.config.clone(),
            self.locales.clone(),
            tuning,
        )
        .await
        .expect("start the bot");
        self.bot = Some(running);
    }

    /// Stops the bot as a SIGTERM would, reopens the database, and starts a new bot on it.
    pub async fn restart(&mut self) {
        if let Some(bot) = self.bot.take() {
            bot.stop().await;
        }
        self.pool.close().await;
        self.pool = db::connect(&self.config.database_url)
            .await
            .expect("reopen the test database");
        db::migrate(&self.pool).await.expect("migrate again");
        self.start_bot().await;
    }

    /// As [`TestApp::restart`], started with another environment (an operator who edited
    /// `ADMIN_IDS` between two starts); variables the test gave at spawn are not kept.
    pub async fn restart_with(&mut self, extra_env: &[(&str, &str)]) {
        let mut env: HashMap<String, String> = self
            .env()
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        env.extend(extra_env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self.config =
            Arc::new(Config::from_lookup(|name| env.get(name).cloned()).expect("test configuration"));
        self.restart().await;
    }

    pub async fn stop(&mut self) {
        if let Some(bot) = self.bot.take() {
            bot.stop().await;
        }
    }

    /// The test database as the bot's functions take it (with a write turn and regions of its
    /// own, apart from the running bot's).
    pub fn db(&self) -> birlik::db::Db {
        birlik::db::Db::new(self.pool.clone())
    }

    /// `http://addr` of `/healthz` and `/metrics`, when the test set `HEALTH_LISTEN`.
    pub fn health_url(&self) -> String {
        let addr = self
            .bot
            .as_ref()
            .and_then(|bot| bot.health_addr())
            .expect("HEALTH_LISTEN is set");
        format!("http://{addr}")
    }

    pub fn telemetry(&self) -> &birlik::updates::pipeline::Telemetry {
        &self.bot.as_ref().expect("the bot is running").telemetry
    }

    /// Text of `key` in `lang`, as the bot would say it.
    pub fn text(&self, lang: Lang, key: &str) -> String {
        self.locales.text(lang, key)
    }
}
