//! Members: registration, profile changes and look-ups by Telegram user.

use sqlx::{SqliteConnection, SqlitePool};

use crate::domain::status::MemberStatus;
use crate::i18n::Lang;

#[derive(Clone, Debug, serde::Serialize, sqlx::FromRow)]
pub struct Member {
    pub id: i64,
    pub telegram_user_id: Option<i64>,
    pub chat_id: Option<i64>,
    pub full_name: Option<String>,
    pub birth_year: i32,
    pub region_iso: String,
    pub wing_id: Option<i64>,
    pub phone: Option<String>,
    pub lang: Lang,
    pub consent_at: i64,
    pub consent_version: String,
    pub guardian_consent_at: Option<i64>,
    pub registered_at: i64,
    pub status: MemberStatus,
    pub username: Option<String>,
}

/// What a finished registration stores.
#[derive(Clone, Debug)]
pub struct NewMember {
    pub telegram_user_id: i64,
    pub chat_id: i64,
    pub full_name: String,
    pub birth_year: i32,
    pub region_iso: String,
    pub wing_id: Option<i64>,
    pub phone: Option<String>,
    pub lang: Lang,
    pub consent_at: i64,
    pub consent_version: String,
    pub guardian_consent_at: Option<i64>,
    pub username: Option<String>,
}

/// The columns of [`Member`], for `concat!` into literal SQL.
macro_rules! member_columns {
    () => {
        "id, telegram_user_id, chat_id, full_name, birth_year, region_iso, wing_id, phone, lang, \
         consent_at, consent_version, guardian_consent_at, registered_at, status, username"
    };
}

/// The member behind a Telegram user, unless they never registered or erased their data.
pub async fn find_by_user(pool: &SqlitePool, telegram_user_id: i64) -> sqlx::Result<Option<Member>> {
    sqlx::query_as(concat!(
        "SELECT ",
        member_columns!(),
        " FROM members WHERE telegram_user_id = ?"
    ))
    .bind(telegram_user_id)
    .fetch_optional(pool)
    .await
}

/// A member row with the person's staff role beside it.
#[derive(sqlx::FromRow)]
struct MemberWithRole {
    #[sqlx(flatten)]
    member: Member,
    staff_role: Option<crate::domain::role::Role>,
    staff_region: Option<String>,
}

/// The member and their staff role, in one query when they are a member (every update asks).
pub async fn find_with_role(
    pool: &SqlitePool,
    telegram_user_id: i64,
) -> sqlx::Result<(Option<Member>, Option<crate::domain::role::StaffRole>)> {
    let found: Option<MemberWithRole> = sqlx::query_as(concat!(
        "SELECT ",
        member_columns!(),
        ", (SELECT r.role FROM roles r WHERE r.telegram_user_id = members.telegram_user_id) AS staff_role,
            (SELECT r.region_iso FROM roles r WHERE r.telegram_user_id = members.telegram_user_id) AS staff_region
         FROM members WHERE telegram_user_id = ?"
    ))
    .bind(telegram_user_id)
    .fetch_optional(pool)
    .await?;
    match found {
        Some(row) => {
            let staff = row.staff_role.map(|role| crate::domain::role::StaffRole {
                role,
                region_iso: row.staff_region,
            });
            Ok((Some(row.member), staff))
        }
        // Staff who never registered (an admin from ADMIN_IDS, say).
        None => Ok((None, super::roles::find(pool, telegram_user_id).await?)),
    }
}

/// Stores a registration. `None` when this Telegram user is already a member (a second
/// confirmation of the same registration, say), so nothing is stored twice.
pub async fn insert(pool: &SqlitePool, new: &NewMember, now: i64) -> sqlx::Result<Option<Member>> {
    insert_on(&mut *pool.acquire().await?, new, now).await
}

/// [`insert`] on a connection, for a transaction that stores more with the member.
pub async fn insert_on(
    conn: &mut SqliteConnection,
    new: &NewMember,
    now: i64,
) -> sqlx::Result<Option<Member>> {
    sqlx::query_as(concat!(
        "INSERT INTO members (telegram_user_id, chat_id, full_name, birth_year, region_iso, wing_id,
             phone, lang, consent_at, consent_version, guardian_consent_at, registered_at, updated_at,
             username)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (telegram_user_id) DO NOTHING
         RETURNING ",
        member_columns!()
    ))
    .bind(new.telegram_user_id)
    .bind(new.chat_id)
    .bind(&new.full_name)
    .bind(new.birth_year)
    .bind(&new.region_iso)
    .bind(new.wing_id)
    .bind(&new.phone)
    .bind(new.lang)
    .bind(new.consent_at)
    .bind(&new.consent_version)
    .bind(new.guardian_consent_at)
    .bind(now)
    .bind(now)
    .bind(&new.username)
    .fetch_optional(conn)
    .await
}

pub async fn set_full_name(pool: &SqlitePool, id: i64, full_name: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE members SET full_name = ?, updated_at = ? WHERE id = ?")
        .bind(full_name)
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Changes the birth year; `guardian_consent_at` is kept when already given.
pub async fn set_birth_year(
    pool: &SqlitePool,
    id: i64,
    birth_year: i32,
    guardian_consent_at: Option<i64>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE members SET birth_year = ?,
             guardian_consent_at = COALESCE(guardian_consent_at, ?), updated_at = ?
         WHERE id = ?",
    )
    .bind(birth_year)
    .bind(guardian_consent_at)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Moves the member to a region and a wing of it (or no wing) together.
pub async fn set_region_and_wing(
    pool: &SqlitePool,
    id: i64,
    region_iso: &str,
    wing_id: Option<i64>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE members SET region_iso = ?, wing_id = ?, updated_at = ? WHERE id = ?")
        .bind(region_iso)
        .bind(wing_id)
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_phone(pool: &SqlitePool, id: i64, phone: Option<&str>, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE members SET phone = ?, updated_at = ? WHERE id = ?")
        .bind(phone)
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_lang(pool: &SqlitePool, id: i64, lang: Lang, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE members SET lang = ?, updated_at = ? WHERE id = ?")
        .bind(lang)
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn find_by_id(pool: &SqlitePool, id: i64) -> sqlx::Result<Option<Member>> {
    sqlx::query_as(concat!(
        "SELECT ",
        member_columns!(),
        " FROM members WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// The active member with this @username (without the @), case-insensitively.
pub async fn find_by_username(pool: &SqlitePool, username: &str) -> sqlx::Result<Option<Member>> {
    sqlx::query_as(concat!(
        "SELECT ",
        member_columns!(),
        " FROM members WHERE username = ? COLLATE NOCASE AND status != 'erased' ORDER BY id DESC LIMIT 1"
    ))
    .bind(username)
    .fetch_optional(pool)
    .await
}

/// Keeps the stored @username current, so `/grant @name` finds the member.
pub async fn set_username(
    db: impl sqlx::SqliteExecutor<'_>,
    id: i64,
    username: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE members SET username = ? WHERE id = ?")
        .bind(username)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// A member who blocked the bot (Telegram answered 403) and has written to it again.
pub async fn reactivate(db: impl sqlx::SqliteExecutor<'_>, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE members SET status = 'active' WHERE id = ? AND status = 'blocked'")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Who a member is, as an import compares people: name, birth year and phone.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Identity {
    pub full_name: String,
    pub birth_year: i32,
    pub phone: Option<String>,
}

/// The people registered in a region, for an import to find them among its rows. Members who
/// blocked the bot are still members; erased ones are nobody.
pub async fn identities_in_region(pool: &SqlitePool, region_iso: &str) -> sqlx::Result<Vec<Identity>> {
    sqlx::query_as(
        "SELECT full_name, birth_year, phone FROM members
         WHERE region_iso = ? AND status IN ('active', 'blocked') AND full_name IS NOT NULL",
    )
    .bind(region_iso)
    .fetch_all(pool)
    .await
}
