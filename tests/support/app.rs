//! The bot under test: a temporary SQLite file, the real dispatcher, the fake Bot API.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use birlik::app::{self, RunningBot};
use birlik::clock::Clock;
use birlik::config::Config;
use birlik::db;
use birlik::delivery::DeliveryLimits;
use birlik::i18n::{Lang, Locales};
use birlik::monitoring::server::ProbeTiming;
use sqlx::SqlitePool;
use tempfile::TempDir;

use super::fake_api::{FakeBotApi, Sent, TOKEN, TelegramLimits, TgUser};

/// How long a test waits for the bot before it gives up and shows what happened.
const PATIENCE: Duration = Duration::from_secs(15);

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

    /// `http://addr` of `/healthz` and `/metrics`, when the test set `HEALTH_LISTEN`.
    /// The test database as the bot's functions take it (with a write turn and regions of its
    /// own, apart from the running bot's).
    pub fn db(&self) -> birlik::db::Db {
        birlik::db::Db::new(self.pool.clone())
    }

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

    // ---- user actions: each returns what the bot showed the user in answer --------------

    pub async fn send(&self, user: &TgUser, text: &str) -> Vec<Sent> {
        let since = self.fake.call_count();
        let update_id = self.fake.user_message(user, text);
        self.wait_handled(update_id).await;
        self.fake.sent_since(user.id, since)
    }

    pub async fn share_contact(&self, user: &TgUser, phone: &str, contact_user_id: Option<i64>) -> Vec<Sent> {
        let since = self.fake.call_count();
        let update_id = self.fake.user_contact(user, phone, contact_user_id);
        self.wait_handled(update_id).await;
        self.fake.sent_since(user.id, since)
    }

    pub async fn send_sticker(&self, user: &TgUser) -> Vec<Sent> {
        let since = self.fake.call_count();
        let update_id = self.fake.user_sticker(user);
        self.wait_handled(update_id).await;
        self.fake.sent_since(user.id, since)
    }

    /// Presses the inline button labelled `label` on the newest bot message that has it.
    pub async fn press(&self, user: &TgUser, label: &str) -> Vec<Sent> {
        let (message_id, data) = self.fake.find_button(user.id, label).unwrap_or_else(|| {
            panic!(
                "no button {label:?} in the chat; visible: {:?}",
                self.fake.visible_buttons(user.id)
            )
        });
        self.press_data(user, message_id, &data).await
    }

    /// Presses the button labelled `label` in the row that also has the button `row_label`.
    pub async fn press_in_row(&self, user: &TgUser, row_label: &str, label: &str) -> Vec<Sent> {
        let (message_id, data) = self
            .fake
            .find_button_in_row(user.id, row_label, label)
            .unwrap_or_else(|| panic!("no {label:?} next to {row_label:?}"));
        self.press_data(user, message_id, &data).await
    }

    /// Presses a button with arbitrary callback data on the bot message `message_id`.
    pub async fn press_data(&self, user: &TgUser, message_id: i64, data: &str) -> Vec<Sent> {
        let since = self.fake.call_count();
        let update_id = self.fake.user_presses(user, message_id, data);
        self.wait_handled(update_id).await;
        self.fake.sent_since(user.id, since)
    }

    /// Answers the bot gave to callback queries since call `since`: the little pop-ups.
    pub fn callback_answers_since(&self, since: usize) -> Vec<String> {
        self.fake.calls()[since..]
            .iter()
            .filter(|call| call.method == "answerCallbackQuery")
            .map(|call| call.params["text"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Waits until the bot has finished with `update_id`, which it records in the database.
    pub async fn wait_handled(&self, update_id: i64) {
        let started = Instant::now();
        loop {
            let done: Option<i64> = sqlx::query_scalar("SELECT 1 FROM processed_updates WHERE update_id = ?")
                .bind(update_id)
                .fetch_optional(&self.pool)
                .await
                .expect("read processed updates");
            if done.is_some() {
                return;
            }
            if started.elapsed() > PATIENCE {
                let recent: Vec<_> = self
                    .fake
                    .calls()
                    .into_iter()
                    .rev()
                    .take(10)
                    .map(|c| (c.method, c.error))
                    .collect();
                panic!("update {update_id} was not handled in {PATIENCE:?}; latest calls: {recent:?}");
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits until `condition` holds, checking every few milliseconds.
    pub async fn wait_until(&self, what: &str, mut condition: impl FnMut() -> bool) {
        let started = Instant::now();
        while !condition() {
            assert!(started.elapsed() < PATIENCE, "timed out waiting until {what}");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits until the reminder scheduler has made a whole pass that began after this call
    /// (the one under way may have read the database before), then until the queue is idle:
    /// whatever was due is then sent.
    pub async fn wait_reminder_pass(&self) {
        let bot = self.bot.as_ref().expect("the bot is running");
        let target = bot.reminder_passes() + 2;
        let started = Instant::now();
        while bot.reminder_passes() < target {
            assert!(
                started.elapsed() < PATIENCE,
                "the reminder scheduler made no pass"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        self.queue_idle().await;
    }

    /// Waits until the delivery queue has nothing pending or being sent, and every card redraw
    /// asked for is done.
    pub async fn queue_idle(&self) {
        let started = Instant::now();
        loop {
            let busy: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')")
                    .fetch_one(&self.pool)
                    .await
                    .expect("read the delivery queue");
            let cards = self.bot.as_ref().map_or(0, |bot| bot.cards_waiting());
            if busy == 0 && cards == 0 {
                return;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "the delivery queue did not empty ({busy} messages, {cards} card redraws left)"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Fails the test if Telegram refused any call: a bug, unless the test injected a fault.
    pub fn assert_no_api_errors(&self) {
        let errors = self.fake.errors();
        assert!(
            errors.is_empty(),
            "the Bot API refused calls: {:#?}",
            errors.iter().map(|c| (&c.method, &c.error)).collect::<Vec<_>>()
        );
    }
}

impl TestApp {
    /// A registered member straight in the database, for tests about something else.
    pub async fn seed_member(
        &self,
        user: &TgUser,
        region_iso: &str,
        lang: Lang,
    ) -> birlik::db::members::Member {
        self.fake.add_private_chat(user);
        let new = birlik::db::members::NewMember {
            telegram_user_id: user.id,
            chat_id: user.id,
            full_name: format!("{} Testov", user.first_name),
            birth_year: 2000,
            region_iso: region_iso.to_owned(),
            wing_id: None,
            phone: Some(format!("+7701{:07}", user.id % 10_000_000)),
            lang,
            consent_at: 1,
            consent_version: "test".to_owned(),
            guardian_consent_at: None,
            username: user.username.clone(),
        };
        birlik::db::members::insert(&self.pool, &new, 1)
            .await
            .unwrap()
            .expect("a new member")
    }

    /// `count` members with Telegram ids `first_id..` and the @usernames that
    /// [`TgUser::new`](super::fake_api::TgUser::new) gives them, spread over `regions` and the
    /// three languages in turn, inserted in one statement. Their chats are open to the bot.
    pub async fn seed_bulk_members(&self, first_id: i64, count: i64, regions: &[&str]) -> Vec<i64> {
        self.fake.open_all_private_chats();
        let regions = serde_json::to_string(regions).unwrap();
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2)
             INSERT INTO members (telegram_user_id, chat_id, username, full_name, birth_year, region_iso, lang,
                 consent_at, consent_version, registered_at, updated_at)
             SELECT ?1 + i, ?1 + i, 'user' || (?1 + i), 'Member ' || i, 2000,
                 json_extract(?3, '$[' || (i % json_array_length(?3)) || ']'),
                 CASE i % 3 WHEN 0 THEN 'kk' WHEN 1 THEN 'ru' ELSE 'en' END, 1, 'test', 1, 1
             FROM n",
        )
        .bind(first_id)
        .bind(count)
        .bind(regions)
        .execute(&self.pool)
        .await
        .unwrap();
        (first_id..first_id + count).collect()
    }

    /// A published event of `region` (`None`: republic-wide) by `organiser`, starting
    /// `starts_in` from the test clock's now, three hours long, sign-ups closing an hour before
    /// the start. Its announcement is queued for the members registered at this moment.
    pub async fn seed_event(
        &self,
        organiser: &TgUser,
        region: Option<&str>,
        capacity: Option<i64>,
        starts_in: chrono::Duration,
    ) -> birlik::db::events::Event {
        let starts_at = (self.clock.now() + starts_in).timestamp();
        let new = birlik::db::events::NewEvent {
            title: format!("Event at +{}h", starts_in.num_hours()),
            description: "Planting trees in the park".to_owned(),
            region_iso: region.map(str::to_owned),
            place: "Central park".to_owned(),
            starts_at,
            ends_at: starts_at + 3 * 3600,
            capacity,
            deadline_at: starts_at - 3600,
            organiser_id: organiser.id,
            organiser_chat_id: organiser.id,
        };
        let region = match region {
            Some(iso) => birlik::db::regions::find(&self.db(), iso).await.unwrap(),
            None => None,
        };
        let (event, _) = birlik::db::events::publish(&self.pool, &new, self.clock.ms(), |event| {
            birlik::telegram::event_card::announcement(
                &self.locales,
                self.clock.unix(),
                event,
                region.as_ref(),
                Lang::En,
            )
        })
        .await
        .expect("publish the event");
        event
    }

    /// Waits until every broadcast has its final report, up to `patience`.
    pub async fn wait_broadcasts_finished(&self, patience: Duration) {
        let started = Instant::now();
        loop {
            let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM broadcasts WHERE finished_at IS NULL")
                .fetch_one(&self.pool)
                .await
                .unwrap();
            if open == 0 {
                return;
            }
            let counts: Vec<(String, i64)> =
                sqlx::query_as("SELECT status, COUNT(*) FROM deliveries GROUP BY status")
                    .fetch_all(&self.pool)
                    .await
                    .unwrap();
            assert!(
                started.elapsed() < patience,
                "broadcasts unfinished after {patience:?}: {counts:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Gives a role straight in the database, as `birlik grant` does.
    pub async fn seed_role(&self, user: &TgUser, staff: birlik::domain::role::StaffRole) {
        self.fake.add_private_chat(user);
        let mut tx = self.pool.begin().await.unwrap();
        birlik::db::roles::grant(&mut tx, user.id, &staff, None, "test", 1)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }

    /// The number `sql` counts (a `SELECT COUNT(*) …`).
    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// Moves the test clock to `at` (UTC, on the hour), so that the times the bot shows of the
    /// events seeded within the next minute can be written out in the test.
    pub fn set_clock(&self, at: &str) {
        let at: chrono::DateTime<chrono::Utc> = at.parse().expect("an RFC 3339 time");
        // The clock moves by whole seconds: one more puts it within the second after `at`.
        self.clock
            .advance(at - self.clock.now() + chrono::Duration::seconds(1));
    }

    /// Rows of every table, as text, to compare before and after something that must change nothing.
    pub async fn snapshot(&self, tables: &[&str]) -> Vec<String> {
        let mut rows = Vec::new();
        for table in tables {
            let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
                .bind(table)
                .fetch_all(&self.pool)
                .await
                .unwrap();
            assert!(!columns.is_empty(), "no table {table}");
            let dump: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT json_array({}) AS row FROM {table} ORDER BY row",
                columns.join(", ")
            )))
            .fetch_all(&self.pool)
            .await
            .unwrap();
            rows.extend(dump.into_iter().map(|row| format!("{table}: {row}")));
        }
        rows
    }
}

/// Texts of what the bot showed, for assertions and failure messages.
pub fn texts(sent: &[Sent]) -> Vec<&str> {
    sent.iter().map(|s| s.text.as_str()).collect()
}

/// What a member types and picks during registration.
pub struct Registration<'a> {
    pub lang: Lang,
    pub name: &'a str,
    pub birth_year: i32,
    /// The region's button label in `lang`.
    pub region: &'a str,
    /// The wing's button label, or `None` for "Not in a wing".
    pub wing: Option<&'a str>,
    /// A phone number shared through the contact button, or `None` to skip.
    pub phone: Option<&'a str>,
}

impl TestApp {
    /// Goes through the whole registration dialogue as `user`, checking each step's question.
    pub async fn register(&self, user: &TgUser, reg: &Registration<'_>) {
        let lang = reg.lang;
        let language_label = self.text(lang, "language-name");
        self.send(user, "/start").await;
        let ticked = format!("✓ {language_label}");
        let label = if self.fake.find_button(user.id, &ticked).is_some() {
            ticked
        } else {
            language_label
        };
        let consent = self.press(user, &label).await;
        assert_eq!(consent.last().unwrap().text, self.text(lang, "reg-consent-text"));
        let name_question = self.press(user, &self.text(lang, "reg-consent-agree")).await;
        assert_eq!(
            name_question.last().unwrap().text,
            self.text(lang, "reg-ask-name")
        );
        let year_question = self.send(user, reg.name).await;
        assert_eq!(
            year_question.last().unwrap().text,
            self.text(lang, "reg-ask-birth-year")
        );
        let next = self.send(user, &reg.birth_year.to_string()).await;
        if next.last().unwrap().text == self.text(lang, "reg-guardian-question") {
            self.press(user, &self.text(lang, "reg-guardian-yes")).await;
        }
        self.press(user, reg.region).await;
        let wing_label = reg
            .wing
            .map(str::to_owned)
            .unwrap_or_else(|| self.text(lang, "wing-pick-none"));
        let phone_question = self.press(user, &wing_label).await;
        assert_eq!(
            phone_question.last().unwrap().text,
            self.text(lang, "reg-ask-phone")
        );
        match reg.phone {
            Some(phone) => self.share_contact(user, phone, Some(user.id)).await,
            None => self.send(user, &self.text(lang, "phone-skip")).await,
        };
        let done = self.press(user, &self.text(lang, "reg-confirm")).await;
        let welcome = self
            .locales
            .text_with(lang, "reg-done", &[("name", reg.name.into())]);
        assert_eq!(done.last().unwrap().text, welcome);
    }
}
