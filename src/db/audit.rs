//! The audit log: who did what, when.

use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub action: AuditAction,
    pub target_user_id: Option<i64>,
    pub region_iso: Option<String>,
    pub details: String,
}

/// What an audit entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum AuditAction {
    RoleGranted,
    RoleRevoked,
    InviteCreated,
    InviteRefused,
    InvitesVoided,
    WingAdded,
    WingRenamed,
    WingArchived,
    DataExported,
    MemberErased,
    GroupLinked,
    EventPublished,
    EventCancelled,
    /// The event's staff wrote to its volunteers (`/message`).
    EventMessageSent,
    /// A headquarters' file of people stored as pending people.
    PeopleImported,
    /// A pending person's details deleted by staff or at their own request.
    PendingRemoved,
    /// Pending people not activated in time, deleted.
    PendingExpired,
}

/// An entry to write, named by what it records:
/// `Entry::new(AuditAction::RoleGranted, now).by(granter).about(member).region(iso)`, then
/// `.record(conn)`, inside the transaction of the change it records when there is one.
#[derive(Clone, Debug)]
pub struct Entry<'a> {
    action: AuditAction,
    at: i64,
    actor: Option<i64>,
    target: Option<i64>,
    region: Option<&'a str>,
    details: String,
}

impl<'a> Entry<'a> {
    pub fn new(action: AuditAction, at: i64) -> Self {
        Self {
            action,
            at,
            actor: None,
            target: None,
            region: None,
            details: "{}".to_owned(),
        }
    }

    /// Who did it (the Telegram user id; `None` for the command line or the bot itself).
    pub fn by(self, actor: Option<i64>) -> Self {
        Self { actor, ..self }
    }

    /// Whom it was done to (a Telegram user id).
    pub fn about(self, target: Option<i64>) -> Self {
        Self { target, ..self }
    }

    pub fn region(self, region: Option<&'a str>) -> Self {
        Self { region, ..self }
    }

    pub fn details(self, details: &serde_json::Value) -> Self {
        Self {
            details: details.to_string(),
            ..self
        }
    }

    pub async fn record(self, conn: &mut SqliteConnection) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_user_id, action, target_user_id, region_iso, details)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(self.at)
        .bind(self.actor)
        .bind(self.action)
        .bind(self.target)
        .bind(self.region)
        .bind(self.details)
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// The newest entries first.
pub async fn latest(pool: &SqlitePool, limit: i64) -> sqlx::Result<Vec<AuditEntry>> {
    sqlx::query_as(
        "SELECT id, at, actor_user_id, action, target_user_id, region_iso, details
         FROM audit_log ORDER BY id DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Entries where the person acted or was acted upon, for their own data export: the other
/// party of an entry (who granted them a role, whom they granted one) is shown as
/// `someone_else` ("another staff member" in their language), never by Telegram id.
pub async fn about(
    pool: &SqlitePool,
    telegram_user_id: i64,
    someone_else: &str,
) -> sqlx::Result<Vec<serde_json::Value>> {
    let party = |id: Option<i64>| match id {
        Some(id) if id == telegram_user_id => serde_json::Value::from(id),
        Some(_) => serde_json::Value::from(someone_else),
        None => serde_json::Value::Null,
    };
    let entries: Vec<AuditEntry> = sqlx::query_as(
        "SELECT id, at, actor_user_id, action, target_user_id, region_iso, details
         FROM audit_log WHERE actor_user_id = ? OR target_user_id = ? ORDER BY id",
    )
    .bind(telegram_user_id)
    .bind(telegram_user_id)
    .fetch_all(pool)
    .await?;
    Ok(entries
        .into_iter()
        .map(|entry| {
            serde_json::json!({
                "id": entry.id,
                "at": entry.at,
                "actor_user_id": party(entry.actor_user_id),
                "action": entry.action,
                "target_user_id": party(entry.target_user_id),
                "region_iso": entry.region_iso,
                "details": entry.details,
            })
        })
        .collect())
}
