//! The people a test acts as, seeded straight into the database: members and organisers.

use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;
use chrono::{Datelike, Utc};

use super::{TestApp, TgUser};

impl TestApp {
    /// A member of `region` named `Member<id>`, who writes in `lang`.
    pub async fn member(&self, id: i64, region: &str, lang: Lang) -> TgUser {
        let user = TgUser::new(id, &format!("Member{id}"), Some(lang.code()));
        self.seed_member(&user, region, lang).await;
        user
    }

    /// An organiser of `region`, a member there too, who writes in `lang`.
    pub async fn organiser(&self, id: i64, region: &str, lang: Lang) -> TgUser {
        let user = TgUser::new(id, "Organiser", Some(lang.code()));
        self.seed_member(&user, region, lang).await;
        self.seed_role(&user, StaffRole::regional(Role::Organiser, region))
            .await;
        user
    }
}

/// The year in Almaty now, for birth years of a given age.
pub fn this_year() -> i32 {
    Utc::now().with_timezone(&chrono_tz::Asia::Almaty).year()
}
