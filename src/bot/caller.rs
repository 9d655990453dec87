//! Who sent an update, and in which language to answer them.

use std::sync::Arc;

use teloxide::types::{Update, User};

use crate::bot::App;
use crate::db::members::{self, Member};
use crate::domain::role::StaffRole;
use crate::domain::status::MemberStatus;
use crate::i18n::Lang;

use super::State;

/// The person behind an update, as the database knows them.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user: User,
    /// Their member row, if they registered (and did not erase their data).
    pub member: Option<Member>,
    /// Their staff role as stored in the database: the only source of permissions.
    pub staff: Option<StaffRole>,
    pub lang: Lang,
}

impl Caller {
    pub fn user_id(&self) -> i64 {
        self.user.id.0 as i64
    }

    /// Their staff role, if any.
    pub fn role(&self) -> Option<crate::domain::role::Role> {
        self.staff.as_ref().map(|staff| staff.role)
    }
}

/// The language to answer in: the member's choice, then the one picked in an unfinished
/// registration, then Telegram's language, then `DEFAULT_LOCALE`.
pub fn choose_lang(member: Option<&Member>, state: &State, telegram: Option<&str>, default: Lang) -> Lang {
    member
        .map(|m| m.lang)
        .or_else(|| state.draft_lang())
        .or_else(|| telegram.and_then(Lang::from_code))
        .unwrap_or(default)
}

/// The database failed while the sender was looked up: the update ends in the apology rather
/// than in silence.
#[derive(Clone, Debug)]
pub struct LookupFailed(Arc<sqlx::Error>);

/// The sender, or why they could not be looked up.
pub type Lookup = Result<Caller, LookupFailed>;

/// Looks the sender up. Updates without a sender (channel posts) are not for this bot.
pub async fn resolve(update: Update, state: State, app: App) -> Option<Lookup> {
    let user = update.from()?.clone();
    let user_id = user.id.0 as i64;
    let (mut member, staff) = match members::find_with_role(&app.db, user_id).await {
        Ok(found) => found,
        Err(error) => return Some(Err(LookupFailed(Arc::new(error)))),
    };
    // Keeping these up to date can wait for the next update: a write that fails (the database
    // locked for longer than the busy timeout) must not cost the person their answer.
    if let Some(member) = &mut member {
        if member.username != user.username
            && let Err(error) =
                members::set_username(app.db.pool(), member.id, user.username.as_deref()).await
        {
            tracing::warn!(%error, update_id = update.id.0, "cannot store the sender's new username");
        }
        // Someone writing to the bot has unblocked it: broadcasts reach them again.
        if member.status == MemberStatus::Blocked {
            match members::reactivate(app.db.pool(), member.id).await {
                Ok(_) => member.status = MemberStatus::Active,
                Err(error) => {
                    tracing::warn!(%error, update_id = update.id.0, "cannot mark the sender active again")
                }
            }
        }
    }
    let lang = choose_lang(
        member.as_ref(),
        &state,
        user.language_code.as_deref(),
        app.config.default_locale,
    );
    Some(Ok(Caller {
        user,
        member,
        staff,
        lang,
    }))
}

/// Ends an update whose sender could not be looked up with an error, which the pipeline turns
/// into the apology.
pub async fn lookup_failed(failed: LookupFailed) -> anyhow::Result<()> {
    Err(anyhow::Error::new(failed.0).context("cannot look up the sender"))
}
