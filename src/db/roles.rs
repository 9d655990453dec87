//! Staff roles, by Telegram user id.

use crate::db::audit::AuditAction;
use sqlx::{SqliteConnection, SqlitePool};
use teloxide::types::UserId;

use crate::domain::role::StaffRole;

use super::audit;

pub async fn find(pool: &SqlitePool, telegram_user_id: i64) -> sqlx::Result<Option<StaffRole>> {
    sqlx::query_as("SELECT role, region_iso FROM roles WHERE telegram_user_id = ?")
        .bind(telegram_user_id)
        .fetch_optional(pool)
        .await
}

/// Gives `telegram_user_id` the role, replacing any other they had, and writes the audit entry.
/// The role no longer counts as made by `ADMIN_IDS` (see [`bootstrap_admins`]).
pub async fn grant(
    conn: &mut SqliteConnection,
    telegram_user_id: i64,
    staff: &StaffRole,
    granted_by: Option<i64>,
    via: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO roles (telegram_user_id, role, region_iso, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (telegram_user_id) DO UPDATE SET role = excluded.role, region_iso = excluded.region_iso,
             granted_by = excluded.granted_by, granted_at = excluded.granted_at, from_admin_ids = 0",
    )
    .bind(telegram_user_id)
    .bind(staff.role)
    .bind(&staff.region_iso)
    .bind(granted_by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let details = serde_json::json!({ "role": staff.role, "via": via });
    audit::Entry::new(AuditAction::RoleGranted, now)
        .by(granted_by)
        .about(Some(telegram_user_id))
        .region(staff.region_iso.as_deref())
        .details(&details)
        .record(conn)
        .await
}

/// Takes away the person's role; `None` when they had none. The invites they made and nobody
/// used are void with it: an invite never gives what its maker may no longer give.
pub async fn revoke(
    conn: &mut SqliteConnection,
    telegram_user_id: i64,
    revoked_by: Option<i64>,
    via: &str,
    now: i64,
) -> sqlx::Result<Option<StaffRole>> {
    let removed: Option<StaffRole> =
        sqlx::query_as("DELETE FROM roles WHERE telegram_user_id = ? RETURNING role, region_iso")
            .bind(telegram_user_id)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(staff) = &removed {
        let details = serde_json::json!({ "role": staff.role, "via": via });
        audit::Entry::new(AuditAction::RoleRevoked, now)
            .by(revoked_by)
            .about(Some(telegram_user_id))
            .region(staff.region_iso.as_deref())
            .details(&details)
            .record(conn)
            .await?;
    }
    let voided = sqlx::query("DELETE FROM invites WHERE created_by = ? AND used_at IS NULL")
        .bind(telegram_user_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if voided > 0 {
        let details = serde_json::json!({ "invites": voided, "via": via });
        audit::Entry::new(AuditAction::InvitesVoided, now)
            .by(revoked_by)
            .about(Some(telegram_user_id))
            .details(&details)
            .record(conn)
            .await?;
    }
    Ok(removed)
}

/// Applies `ADMIN_IDS`, at every start: the ids listed are admins (an existing admin is left as
/// is), and an admin that `ADMIN_IDS` made whose id is no longer listed is an admin no more.
/// Admins granted otherwise stay until revoked. Each change is audit-logged.
pub async fn bootstrap_admins(pool: &SqlitePool, admin_ids: &[UserId], now: i64) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    for id in admin_ids {
        let id = id.0 as i64;
        let current: Option<StaffRole> =
            sqlx::query_as("SELECT role, region_iso FROM roles WHERE telegram_user_id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        if current.is_some_and(|staff| staff == StaffRole::admin()) {
            continue;
        }
        grant(&mut tx, id, &StaffRole::admin(), None, "ADMIN_IDS", now).await?;
        sqlx::query("UPDATE roles SET from_admin_ids = 1 WHERE telegram_user_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let listed = serde_json::to_string(&admin_ids.iter().map(|id| id.0 as i64).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".to_owned());
    let delisted: Vec<i64> = sqlx::query_scalar(
        "SELECT telegram_user_id FROM roles
         WHERE role = 'admin' AND from_admin_ids = 1
           AND telegram_user_id NOT IN (SELECT value FROM json_each(?))",
    )
    .bind(listed)
    .fetch_all(&mut *tx)
    .await?;
    for id in delisted {
        revoke(&mut tx, id, None, "ADMIN_IDS", now).await?;
    }
    tx.commit().await
}
