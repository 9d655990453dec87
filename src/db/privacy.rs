//! A member's own data: everything stored about them, and erasing it.

use crate::db::audit::AuditAction;
use serde_json::{Value, json};
use sqlx::SqlitePool;

use crate::domain::status::SignupStatus;

use super::{audit, certificates, members, roles};

/// Everything the database holds about the Telegram user, as one JSON document; other people
/// in it are `someone_else` (see [`audit::about`]).
pub async fn export(
    pool: &SqlitePool,
    telegram_user_id: i64,
    now: i64,
    someone_else: &str,
) -> sqlx::Result<Value> {
    let member = members::find_by_user(pool, telegram_user_id).await?;
    let role = roles::find(pool, telegram_user_id).await?;
    let dialogue: Option<String> = sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = ?")
        .bind(telegram_user_id)
        .fetch_optional(pool)
        .await?;
    let invites: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT role, region_iso, created_at, used_at FROM invites WHERE used_by = ? OR created_by = ?",
    )
    .bind(telegram_user_id)
    .bind(telegram_user_id)
    .fetch_all(pool)
    .await?;
    let audit_entries = audit::about(pool, telegram_user_id, someone_else).await?;
    let signups: Vec<(i64, String, i64, SignupStatus, bool, Option<i64>)> = match &member {
        Some(member) => {
            sqlx::query_as(
                "SELECT e.id, e.title, e.starts_at, s.status, s.attended, s.checked_in_at
                 FROM signups s JOIN events e ON e.id = s.event_id WHERE s.member_id = ? ORDER BY e.starts_at",
            )
            .bind(member.id)
            .fetch_all(pool)
            .await?
        }
        None => Vec::new(),
    };
    let ratings = match &member {
        Some(member) => super::ratings::of_member(pool, member.id).await?,
        None => Vec::new(),
    };
    let certificates = match &member {
        Some(member) => certificates::of_member(pool, member.id).await?,
        None => Vec::new(),
    };
    Ok(json!({
        "exported_at": now,
        "telegram_user_id": telegram_user_id,
        "member": member,
        "role": role,
        "dialogue_state": dialogue.and_then(|s| serde_json::from_str::<Value>(&s).ok()),
        "invites": invites
            .into_iter()
            .map(|(role, region, created_at, used_at)| json!({
                "role": role, "region": region, "created_at": created_at, "used_at": used_at
            }))
            .collect::<Vec<_>>(),
        "audit_log": audit_entries,
        "event_signups": signups
            .into_iter()
            .map(|(event_id, title, starts_at, status, attended, checked_in_at)| json!({
                "event_id": event_id, "title": title, "starts_at": starts_at, "status": status,
                "attended": attended, "checked_in_at": checked_in_at
            }))
            .collect::<Vec<_>>(),
        "event_ratings": ratings
            .into_iter()
            .map(|(event_id, title, stars, comment, answered_at)| json!({
                "event_id": event_id, "title": title, "stars": stars, "comment": comment,
                "answered_at": answered_at
            }))
            .collect::<Vec<_>>(),
        "certificates": certificates,
    }))
}

/// Whether the database holds anything about the Telegram user: a member row, a role, an
/// unfinished dialogue (a registration draft holds a name, a birth year, a phone), invites or
/// audit entries. Somebody who holds nothing has nothing to export or erase.
pub async fn holds_anything(pool: &SqlitePool, telegram_user_id: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM members WHERE telegram_user_id = ?1)
             OR EXISTS (SELECT 1 FROM roles WHERE telegram_user_id = ?1)
             OR EXISTS (SELECT 1 FROM dialogues WHERE chat_id = ?1)
             OR EXISTS (SELECT 1 FROM invites WHERE created_by = ?1 OR used_by = ?1)
             OR EXISTS (SELECT 1 FROM audit_log WHERE actor_user_id = ?1 OR target_user_id = ?1)",
    )
    .bind(telegram_user_id)
    .fetch_one(pool)
    .await
}

/// Erases what identifies the person: name, phone, @username, Telegram ids (wherever they are
/// kept, in JSON too), dialogue state and role. A member row stays, anonymised, with birth
/// year, region and wing, so counts stay right; certificates issued to them stop verifying.
/// `member_id` is `None` for somebody who never finished registering (a draft, or staff who
/// never registered).
///
/// Their ratings of events are deleted, comments and all.
///
/// What they made goes on without them: their events keep working for their volunteers (staff
/// functions rely on region roles, not on the organiser); audit entries keep what happened
/// but no longer say who. A broadcast they were still sending stops, as its copies come from
/// their chat; those already sent keep their outcome, not their chat.
pub async fn erase(
    pool: &SqlitePool,
    member_id: Option<i64>,
    telegram_user_id: i64,
    now: i64,
) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    if let Some(member_id) = member_id {
        sqlx::query(
            "UPDATE members SET telegram_user_id = NULL, chat_id = NULL, full_name = NULL, phone = NULL,
                 username = NULL, status = 'erased', erased_at = ?, updated_at = ?
             WHERE id = ?",
        )
        .bind(now)
        .bind(now)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
        // Messages still queued for them are dropped; sent ones keep their outcome, not their chat.
        sqlx::query("DELETE FROM deliveries WHERE member_id = ? AND status = 'pending'")
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        // Their ratings go with their comments: an event's figures then count those left.
        sqlx::query("DELETE FROM event_ratings WHERE member_id = ?")
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM member_cards WHERE member_id = ?")
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        // Their certificates stop verifying: a code checked later is one never issued.
        sqlx::query("DELETE FROM certificates WHERE member_id = ?")
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE deliveries SET chat_id = 0 WHERE member_id = ?")
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
    }
    // Their role ends as a revocation ends it: the invites they made and nobody used go too.
    roles::revoke(&mut tx, telegram_user_id, None, "erased", now).await?;
    // Their broadcasts still going stop, as their copies come from the chat forgotten below.
    for statement in [
        "UPDATE deliveries SET status = 'cancelled', updated_at = ?2
         WHERE status = 'pending'
           AND broadcast_id IN (SELECT id FROM broadcasts WHERE sender_chat_id = ?1 AND finished_at IS NULL)",
        "UPDATE broadcasts SET status = CASE status WHEN 'sending' THEN 'cancelled' ELSE status END, finished_at = ?2
         WHERE sender_chat_id = ?1 AND finished_at IS NULL",
    ] {
        sqlx::query(statement)
            .bind(telegram_user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    for statement in [
        "UPDATE deliveries SET payload = json_set(payload, '$.from_chat_id', 0)
         WHERE broadcast_id IN (SELECT id FROM broadcasts WHERE sender_chat_id = ?1)
           AND json_extract(payload, '$.from_chat_id') = ?1",
        "UPDATE broadcasts SET sender_chat_id = 0, status_message_id = NULL WHERE sender_chat_id = ?1",
        "UPDATE broadcasts SET created_by = NULL WHERE created_by = ?1",
        "UPDATE events SET organiser_id = 0 WHERE organiser_id = ?1",
        "UPDATE events SET organiser_chat_id = 0 WHERE organiser_chat_id = ?1",
        "DELETE FROM dialogues WHERE chat_id = ?1",
        "UPDATE roles SET granted_by = NULL WHERE granted_by = ?1",
        "UPDATE invites SET used_by = NULL WHERE used_by = ?1",
        "UPDATE invites SET created_by = NULL WHERE created_by = ?1",
        "UPDATE audit_log SET actor_user_id = NULL WHERE actor_user_id = ?1",
        "UPDATE audit_log SET target_user_id = NULL WHERE target_user_id = ?1",
        "UPDATE linked_groups SET linked_by = NULL WHERE linked_by = ?1",
    ] {
        sqlx::query(statement)
            .bind(telegram_user_id)
            .execute(&mut *tx)
            .await?;
    }
    audit::Entry::new(AuditAction::MemberErased, now)
        .details(&json!({ "member_id": member_id }))
        .record(&mut tx)
        .await?;
    tx.commit().await
}
