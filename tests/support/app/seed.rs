//! Data put straight into the database, for tests about something else.

use birlik::i18n::Lang;

use super::super::fake_api::TgUser;
use super::TestApp;

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
        let new = birlik::db::events::EventPlan {
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

    /// Gives a role straight in the database, as `birlik grant` does.
    pub async fn seed_role(&self, user: &TgUser, staff: birlik::domain::role::StaffRole) {
        self.fake.add_private_chat(user);
        let mut tx = self.pool.begin().await.unwrap();
        birlik::db::roles::grant(&mut tx, user.id, &staff, None, "test", 1)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }

    /// Moves the test clock to `at` (UTC, on the hour), so that the times the bot shows of the
    /// events seeded within the next minute can be written out in the test.
    pub fn set_clock(&self, at: &str) {
        let at: chrono::DateTime<chrono::Utc> = at.parse().expect("an RFC 3339 time");
        // The clock moves by whole seconds: one more puts it within the second after `at`.
        self.clock
            .advance(at - self.clock.now() + chrono::Duration::seconds(1));
    }
}
