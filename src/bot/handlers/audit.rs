//! `/audit`: the latest entries of the audit log, for admins; and the entry staff handlers
//! write for what they did to an event.

use anyhow::Context;
use teloxide::prelude::*;

use crate::bot::{App, Caller, HandlerResult};
use crate::db::audit::AuditAction;
use crate::db::audit::{self, AuditEntry};
use crate::db::events::Event;
use crate::domain::role::{Action, allows};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

/// How many entries `/audit` shows: enough for a glance, well within one message.
const SHOWN: i64 = 20;

/// Writes what was done to an event, and by whom, to the audit log.
pub async fn audit_event(
    app: &App,
    caller: &Caller,
    action: AuditAction,
    event: &Event,
    details: serde_json::Value,
) -> anyhow::Result<()> {
    let mut conn = app.db.acquire().await?;
    let region = event.plan.region_iso.as_deref();
    audit::Entry::new(action, app.clock.unix())
        .by(Some(caller.user_id()))
        .region(region)
        .details(&details)
        .record(&mut conn)
        .await?;
    Ok(())
}

pub async fn command(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    if !allows(caller.staff.as_ref(), Action::ViewAudit) {
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    }
    let entries = audit::latest(&app.db, SHOWN)
        .await
        .context("reading the audit log")?;
    let mut text = app.locales.text(lang, "audit-title");
    if entries.is_empty() {
        text.push_str("\n\n");
        text.push_str(&app.locales.text(lang, "audit-empty"));
    }
    for entry in &entries {
        text.push('\n');
        text.push_str(&line(&app.locales, lang, app.clock.unix(), entry));
    }
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

/// One entry; its time in words as seen at `now` ("вчера, 17:00"), in Kazakhstan time.
fn line(locales: &Locales, lang: Lang, now: i64, entry: &AuditEntry) -> String {
    let when = locales.moment(lang, now, entry.at);
    let nobody = locales.text(lang, "audit-system");
    let who = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_else(|| nobody.clone());
    let mut details = entry.details.clone();
    details.truncate(details.char_indices().nth(80).map_or(details.len(), |(i, _)| i));
    locales.text_with(
        lang,
        "audit-line",
        &[
            ("when", when.into()),
            ("action", locales.text(lang, action_key(&entry.action)).into()),
            ("actor", who(entry.actor_user_id).into()),
            (
                "target",
                entry
                    .target_user_id
                    .map(|id| id.to_string())
                    .unwrap_or_else(|| "—".into())
                    .into(),
            ),
            (
                "region",
                entry.region_iso.clone().unwrap_or_else(|| "—".into()).into(),
            ),
            ("details", details.into()),
        ],
    )
}

fn action_key(action: &AuditAction) -> &'static str {
    match action {
        AuditAction::RoleGranted => "audit-action-role-granted",
        AuditAction::RoleRevoked => "audit-action-role-revoked",
        AuditAction::InviteCreated => "audit-action-invite-created",
        AuditAction::InviteRefused => "audit-action-invite-refused",
        AuditAction::InvitesVoided => "audit-action-invites-voided",
        AuditAction::WingAdded => "audit-action-wing-added",
        AuditAction::WingRenamed => "audit-action-wing-renamed",
        AuditAction::WingArchived => "audit-action-wing-archived",
        AuditAction::DataExported => "audit-action-data-exported",
        AuditAction::MemberErased => "audit-action-member-erased",
        AuditAction::GroupLinked => "audit-action-group-linked",
        AuditAction::EventPublished => "audit-action-event-published",
        AuditAction::EventCancelled => "audit-action-event-cancelled",
        AuditAction::EventMessageSent => "audit-action-event-message-sent",
        AuditAction::PeopleImported => "audit-action-people-imported",
        AuditAction::PendingRemoved => "audit-action-pending-removed",
        AuditAction::PendingExpired => "audit-action-pending-expired",
    }
}
