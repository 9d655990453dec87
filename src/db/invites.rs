//! Single-use invite codes that grant a staff role, valid for seven days.

use sqlx::SqlitePool;

use crate::domain::role::{Role, StaffRole};

use super::{audit, roles};

/// How long an invite link works.
pub const VALID_SECONDS: i64 = 7 * 24 * 3600;

/// Why an invite could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedeemError {
    Unknown,
    AlreadyUsed,
    Expired,
}

/// Creates an invite and returns its code (16 random hex digits from SQLite's generator).
pub async fn create(
    pool: &SqlitePool,
    role: Role,
    region_iso: &str,
    created_by: i64,
    now: i64,
) -> sqlx::Result<String> {
    let mut tx = pool.begin().await?;
    let code: String = sqlx::query_scalar(
        "INSERT INTO invites (code, role, region_iso, created_by, created_at, expires_at)
         VALUES (lower(hex(randomblob(8))), ?, ?, ?, ?, ?) RETURNING code",
    )
    .bind(role)
    .bind(region_iso)
    .bind(created_by)
    .bind(now)
    .bind(now + VALID_SECONDS)
    .fetch_one(&mut *tx)
    .await?;
    let details = serde_json::json!({ "role": role });
    audit::record(
        &mut tx,
        Some(created_by),
        "invite_created",
        None,
        Some(region_iso),
        &details,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(code)
}

/// Uses the invite for `telegram_user_id`: the role is granted in the same transaction that
/// marks the invite used, so two people racing for one link cannot both get it.
pub async fn redeem(
    pool: &SqlitePool,
    code: &str,
    telegram_user_id: i64,
    now: i64,
) -> sqlx::Result<Result<StaffRole, RedeemError>> {
    let mut tx = pool.begin().await?;
    let claimed: Option<(Role, String, Option<i64>)> = sqlx::query_as(
        "UPDATE invites SET used_by = ?, used_at = ?
         WHERE code = ? AND used_at IS NULL AND expires_at > ?
         RETURNING role, region_iso, created_by",
    )
    .bind(telegram_user_id)
    .bind(now)
    .bind(code)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((role, region_iso, created_by)) = claimed else {
        let state: Option<(Option<i64>, i64)> =
            sqlx::query_as("SELECT used_at, expires_at FROM invites WHERE code = ?")
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?;
        return Ok(Err(match state {
            None => RedeemError::Unknown,
            Some((Some(_), _)) => RedeemError::AlreadyUsed,
            Some((None, _)) => RedeemError::Expired,
        }));
    };
    let staff = StaffRole::regional(role, &region_iso);
    roles::grant(&mut tx, telegram_user_id, &staff, created_by, "invite", now).await?;
    tx.commit().await?;
    Ok(Ok(staff))
}
