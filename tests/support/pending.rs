//! People a headquarters imported who have not joined yet, stored as the import stores them.

use birlik::db::pending::{self, NewPending, Pending};

use super::TestApp;

impl TestApp {
    /// Stores `names` as one import of `region` into the wing `wing_id`, born in 2004, at the
    /// test clock's now; returns them as stored (with their codes), by name.
    pub async fn seed_pending(&self, region: &str, wing_id: i64, names: &[&str]) -> Vec<Pending> {
        let now = self.clock.unix();
        let import = pending::begin_import(&self.pool, region, None, None, "people.xlsx", now)
            .await
            .unwrap();
        let people: Vec<NewPending> = names
            .iter()
            .map(|name| NewPending {
                wing_id,
                full_name: (*name).to_owned(),
                birth_year: 2004,
                phone: None,
                lang: None,
            })
            .collect();
        let mut stored = pending::store(&self.pool, import, &people, now)
            .await
            .unwrap()
            .expect("a new import");
        stored.sort_by(|a, b| a.full_name.cmp(&b.full_name));
        stored
    }

    /// A member of `region` who joined through the link of `person`, as activation leaves
    /// them: a member in the person's wing, the pending details gone.
    pub async fn seed_activated(&self, user: &super::TgUser, region: &str, person: &Pending) {
        let lang = birlik::i18n::Lang::En;
        let member = self.seed_member(user, region, lang).await;
        let mut tx = self.pool.begin().await.unwrap();
        sqlx::query("UPDATE members SET wing_id = ? WHERE id = ?")
            .bind(person.wing_id)
            .bind(member.id)
            .execute(&mut *tx)
            .await
            .unwrap();
        assert!(pending::activate(&mut tx, person.id, member.id).await.unwrap());
        tx.commit().await.unwrap();
    }
}
