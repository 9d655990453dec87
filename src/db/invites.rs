//! Single-use invite codes that grant a staff role, valid for seven days.

use sqlx::SqlitePool;

use crate::db::audit::AuditAction;
use crate::domain::role::{Action, Role, StaffRole, allows};

use super::{audit, roles};

/// How long an invite link works.
pub const VALID_SECONDS: i64 = 7 * 24 * 3600;

/// Why an invite could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedeemError {
    Unknown,
    AlreadyUsed,
    Expired,
    /// Whoever made the invite may no longer give its role there (demoted, moved, erased).
    InviterMayNot,
    /// The person holds this role, which the invite's maker could not take away with
    /// `/revoke` (a coordinator's organiser invite tapped by a coordinator or an admin); the
    /// invite stays unused for the person it was meant for.
    WouldReplace(StaffRole),
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
    audit::Entry::new(AuditAction::InviteCreated, now)
        .by(Some(created_by))
        .region(Some(region_iso))
        .details(&details)
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(code)
}

/// Uses the invite for `telegram_user_id`: the role is granted in the same transaction that
/// marks the invite used, so two people racing for one link cannot both get it.
///
/// The maker's right is checked again now, against their role of today: an invite does only
/// what `/grant` would let its maker do, so it neither outlives their role nor replaces a role
/// they could not take away. A refusal is audit-logged and leaves the invite as it was.
pub async fn redeem(
    pool: &SqlitePool,
    code: &str,
    telegram_user_id: i64,
    now: i64,
) -> sqlx::Result<Result<StaffRole, RedeemError>> {
    let mut tx = pool.begin().await?;
    // The claim comes first, so the transaction writes before it reads and never has to wait
    // for the write lock halfway.
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
    let role_of = |id: i64| {
        sqlx::query_as::<_, StaffRole>("SELECT role, region_iso FROM roles WHERE telegram_user_id = ?")
            .bind(id)
    };
    let inviter = match created_by {
        Some(id) => role_of(id).fetch_optional(&mut *tx).await?,
        None => None,
    };
    let current = role_of(telegram_user_id).fetch_optional(&mut *tx).await?;
    let refusal = if !allows(
        inviter.as_ref(),
        Action::Grant {
            role,
            region: Some(&region_iso),
        },
    ) {
        Some(RedeemError::InviterMayNot)
    } else {
        current
            .filter(|current| {
                *current != staff
                    && (created_by == Some(telegram_user_id)
                        || !allows(
                            inviter.as_ref(),
                            Action::Revoke {
                                role: current.role,
                                region: current.region_iso.as_deref(),
                            },
                        ))
            })
            .map(RedeemError::WouldReplace)
    };
    if let Some(refusal) = refusal {
        // The claim is undone; the refusal is written on its own.
        tx.rollback().await?;
        let reason = match &refusal {
            RedeemError::InviterMayNot => "the inviter may no longer give this role",
            _ => "it would replace a role the inviter may not take away",
        };
        let details = serde_json::json!({ "role": role, "reason": reason });
        let mut conn = pool.acquire().await?;
        audit::Entry::new(AuditAction::InviteRefused, now)
            .by(Some(telegram_user_id))
            .about(created_by)
            .region(Some(&region_iso))
            .details(&details)
            .record(&mut conn)
            .await?;
        return Ok(Err(refusal));
    }
    roles::grant(&mut tx, telegram_user_id, &staff, created_by, "invite", now).await?;
    tx.commit().await?;
    Ok(Ok(staff))
}
