//! People imported from a headquarters' lists, waiting to join: each has a personal link and
//! becomes a member only by registering through it. Seen only by staff of their region, never
//! written to by the bot; deleted on activation, removal, `/forget` or expiry.

use sqlx::{SqliteConnection, SqlitePool};

use super::audit::{AuditAction, Entry};
use super::members::{self, Identity, Member, NewMember};
use super::stats::Activation;
use crate::i18n::Lang;

/// One file of people, from its dry run to its import.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Import {
    pub id: i64,
    pub region_iso: String,
    pub imported_by: Option<i64>,
    pub file_id: Option<String>,
    pub file_name: String,
    pub checked_at: i64,
    pub imported_at: Option<i64>,
    pub people: Option<i64>,
}

/// A person as the import stores them (already checked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPending {
    pub wing_id: i64,
    pub full_name: String,
    pub birth_year: i32,
    pub phone: Option<String>,
    pub lang: Option<Lang>,
}

/// A pending person as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Pending {
    pub id: i64,
    pub import_id: i64,
    /// The payload of their link is `m_<code>`.
    pub code: String,
    pub region_iso: String,
    pub wing_id: i64,
    pub full_name: String,
    pub birth_year: i32,
    pub phone: Option<String>,
    pub lang: Option<Lang>,
    pub imported_at: i64,
}

/// Pending and activated people of one wing, for `/stats`.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct WingActivation {
    pub wing_id: i64,
    pub wing_name: String,
    pub pending: i64,
    pub activated: i64,
}

impl WingActivation {
    pub fn activation(&self) -> Activation {
        Activation {
            pending: self.pending,
            activated: self.activated,
        }
    }
}

macro_rules! pending_columns {
    () => {
        "id, import_id, code, region_iso, wing_id, full_name, birth_year, phone, lang, imported_at"
    };
}

/// Records a checked file, so that pressing Import can find it again.
pub async fn begin_import(
    pool: &SqlitePool,
    region_iso: &str,
    imported_by: Option<i64>,
    file_id: Option<&str>,
    file_name: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO imports (region_iso, imported_by, file_id, file_name, checked_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(region_iso)
    .bind(imported_by)
    .bind(file_id)
    .bind(file_name)
    .bind(now)
    .fetch_one(pool)
    .await
}

pub async fn find_import(pool: &SqlitePool, id: i64) -> sqlx::Result<Option<Import>> {
    sqlx::query_as(
        "SELECT id, region_iso, imported_by, file_id, file_name, checked_at, imported_at, people
         FROM imports WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Forgets a checked file not imported (Cancel): its Import button then finds nothing.
/// `false` when it was imported or cancelled already.
pub async fn cancel_import(pool: &SqlitePool, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM imports WHERE id = ? AND imported_at IS NULL")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Stores the people of an import, each with a new code, in one transaction with its audit
/// entry. `None` when this import was stored already (Import pressed twice): nothing is stored
/// again.
pub async fn store(
    pool: &SqlitePool,
    import_id: i64,
    people: &[NewPending],
    now: i64,
) -> sqlx::Result<Option<Vec<Pending>>> {
    let mut tx = pool.begin().await?;
    let claimed: Option<(String, Option<i64>)> = sqlx::query_as(
        "UPDATE imports SET imported_at = ?, people = ? WHERE id = ? AND imported_at IS NULL
         RETURNING region_iso, imported_by",
    )
    .bind(now)
    .bind(people.len() as i64)
    .bind(import_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((region_iso, imported_by)) = claimed else {
        return Ok(None);
    };
    let mut stored = Vec::with_capacity(people.len());
    for person in people {
        let row: Pending = sqlx::query_as(concat!(
            "INSERT INTO pending_people
                 (import_id, code, region_iso, wing_id, full_name, birth_year, phone, lang, imported_at)
             VALUES (?, lower(hex(randomblob(10))), ?, ?, ?, ?, ?, ?, ?)
             RETURNING ",
            pending_columns!(),
            ""
        ))
        .bind(import_id)
        .bind(&region_iso)
        .bind(person.wing_id)
        .bind(&person.full_name)
        .bind(person.birth_year)
        .bind(&person.phone)
        .bind(person.lang)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        stored.push(row);
    }
    Entry::new(AuditAction::PeopleImported, now)
        .by(imported_by)
        .region(Some(&region_iso))
        .details(&serde_json::json!({ "import": import_id, "people": people.len() }))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(Some(stored))
}

/// The people of an import still pending, by wing and name: for its links again.
pub async fn of_import(pool: &SqlitePool, import_id: i64) -> sqlx::Result<Vec<Pending>> {
    sqlx::query_as(concat!(
        "SELECT ",
        pending_columns!(),
        " FROM pending_people WHERE import_id = ? ORDER BY wing_id, full_name, id"
    ))
    .bind(import_id)
    .fetch_all(pool)
    .await
}

/// The people of a region already imported and still pending, for the next import to find
/// them among its rows.
pub async fn identities_in_region(pool: &SqlitePool, region_iso: &str) -> sqlx::Result<Vec<Identity>> {
    sqlx::query_as("SELECT full_name, birth_year, phone FROM pending_people WHERE region_iso = ?")
        .bind(region_iso)
        .fetch_all(pool)
        .await
}

/// The pending person of a link, unless it is used, removed or imported before
/// `imported_after` (expired).
pub async fn find_by_code(
    pool: &SqlitePool,
    code: &str,
    imported_after: i64,
) -> sqlx::Result<Option<Pending>> {
    sqlx::query_as(concat!(
        "SELECT ",
        pending_columns!(),
        " FROM pending_people WHERE code = ? AND imported_at > ?"
    ))
    .bind(code)
    .bind(imported_after)
    .fetch_optional(pool)
    .await
}

pub async fn find(pool: &SqlitePool, id: i64) -> sqlx::Result<Option<Pending>> {
    sqlx::query_as(concat!(
        "SELECT ",
        pending_columns!(),
        " FROM pending_people WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// The pending people of a region (of one wing, when given), by wing and name.
pub async fn in_region(
    pool: &SqlitePool,
    region_iso: &str,
    wing_id: Option<i64>,
) -> sqlx::Result<Vec<Pending>> {
    sqlx::query_as(concat!(
        "SELECT ",
        pending_columns!(),
        " FROM pending_people
         WHERE region_iso = ? AND (?2 IS NULL OR wing_id = ?2)
         ORDER BY wing_id, full_name, id"
    ))
    .bind(region_iso)
    .bind(wing_id)
    .fetch_all(pool)
    .await
}

/// How many people of a wing (of the region `region_iso`, so the index serves) are pending.
pub async fn count_in_wing(pool: &SqlitePool, region_iso: &str, wing_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM pending_people WHERE region_iso = ? AND wing_id = ?")
        .bind(region_iso)
        .bind(wing_id)
        .fetch_one(pool)
        .await
}

/// `limit` pending people of a wing (of `region_iso`) from the `offset`-th, by name: a page of
/// `/pending`.
pub async fn page_of_wing(
    pool: &SqlitePool,
    region_iso: &str,
    wing_id: i64,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<Pending>> {
    sqlx::query_as(concat!(
        "SELECT ",
        pending_columns!(),
        " FROM pending_people WHERE region_iso = ? AND wing_id = ?
         ORDER BY full_name, id LIMIT ? OFFSET ?"
    ))
    .bind(region_iso)
    .bind(wing_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
}

/// Deletes a pending person's details at once: removed by staff (`actor` their Telegram id)
/// or forgotten at their own request. `false` when they were gone already.
pub async fn remove(pool: &SqlitePool, id: i64, actor: Option<i64>, now: i64) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let region: Option<String> =
        sqlx::query_scalar("DELETE FROM pending_people WHERE id = ? RETURNING region_iso")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(region) = region else {
        return Ok(false);
    };
    Entry::new(AuditAction::PendingRemoved, now)
        .by(actor)
        .region(Some(&region))
        .details(&serde_json::json!({ "pending": id }))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The import time at or before which a pending person has expired `now`, when details are
/// kept `pending_days`: [`expire`] deletes them and [`find_by_code`] no longer finds them.
pub fn expiry_cutoff(now: i64, pending_days: u32) -> i64 {
    now - i64::from(pending_days) * 86_400
}

/// Deletes the details of everyone imported at or before `imported_before` and still pending,
/// with one audit entry per region. Returns how many were deleted.
pub async fn expire(pool: &SqlitePool, imported_before: i64, now: i64) -> sqlx::Result<u64> {
    // Called on every pass of the scheduler: a read first, so that a pass with nobody to
    // delete takes no write lock.
    let any: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pending_people WHERE imported_at <= ?)")
        .bind(imported_before)
        .fetch_one(pool)
        .await?;
    if !any {
        return Ok(0);
    }
    let mut tx = pool.begin().await?;
    let regions: Vec<String> =
        sqlx::query_scalar("DELETE FROM pending_people WHERE imported_at <= ? RETURNING region_iso")
            .bind(imported_before)
            .fetch_all(&mut *tx)
            .await?;
    let mut per_region = std::collections::BTreeMap::<&str, u64>::new();
    for region in &regions {
        *per_region.entry(region).or_default() += 1;
    }
    for (region, count) in per_region {
        Entry::new(AuditAction::PendingExpired, now)
            .region(Some(region))
            .details(&serde_json::json!({ "people": count }))
            .record(&mut tx)
            .await?;
    }
    tx.commit().await?;
    Ok(regions.len() as u64)
}

/// The pending person becomes `member_id`: their pending details are deleted (the member's
/// own now stand) and the member counts as activated from their import. `false` when the link
/// was used meanwhile. Meant for the transaction that stores the member.
pub async fn activate(conn: &mut SqliteConnection, id: i64, member_id: i64) -> sqlx::Result<bool> {
    let import_id: Option<i64> =
        sqlx::query_scalar("DELETE FROM pending_people WHERE id = ? RETURNING import_id")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(import_id) = import_id else {
        return Ok(false);
    };
    sqlx::query("UPDATE members SET import_id = ? WHERE id = ? AND import_id IS NULL")
        .bind(import_id)
        .bind(member_id)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// Stores the member who registered through the link of pending person `id` and activates
/// it, in one transaction: a crash leaves both or neither. `None` when this Telegram user is a
/// member already (Confirm pressed twice): nothing changes. When the pending person is gone
/// meanwhile (removed, expired, or their link used from another account) the member is stored
/// all the same, with their own consent and details, but does not count as activated.
pub async fn join(pool: &SqlitePool, id: i64, new: &NewMember, now: i64) -> sqlx::Result<Option<Member>> {
    let mut tx = pool.begin().await?;
    let Some(member) = members::insert_on(&mut tx, new, now).await? else {
        return Ok(None);
    };
    activate(&mut tx, id, member.id).await?;
    tx.commit().await?;
    Ok(Some(member))
}

/// A member who opened the link of pending person `id` keeps their own details: the pending
/// details are deleted and the member counts as activated, their row otherwise unchanged.
/// `false` when the link was used meanwhile.
pub async fn keep_member(pool: &SqlitePool, id: i64, member_id: i64) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let activated = activate(&mut tx, id, member_id).await?;
    tx.commit().await?;
    Ok(activated)
}

/// Pending and activated people per wing of a region, wings with neither left out.
pub async fn activation_by_wing(pool: &SqlitePool, region_iso: &str) -> sqlx::Result<Vec<WingActivation>> {
    sqlx::query_as(
        "SELECT w.id AS wing_id, w.name AS wing_name,
                (SELECT COUNT(*) FROM pending_people p WHERE p.region_iso = w.region_iso AND p.wing_id = w.id)
                    AS pending,
                (SELECT COUNT(*) FROM members m
                 WHERE m.wing_id = w.id AND m.import_id IS NOT NULL AND m.status IN ('active', 'blocked'))
                    AS activated
         FROM wings w
         WHERE w.region_iso = ?
         GROUP BY w.id
         HAVING pending + activated > 0
         ORDER BY w.name",
    )
    .bind(region_iso)
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::expiry_cutoff;

    #[test]
    fn details_expire_whole_days_after_their_import() {
        let imported = 1_765_000_000;
        let kept = 90;
        let cutoff_then = |now| expiry_cutoff(now, kept);
        // `expire` deletes what was imported at or before the cutoff.
        assert!(imported > cutoff_then(imported + 90 * 86_400 - 1));
        assert!(imported <= cutoff_then(imported + 90 * 86_400));
        assert_eq!(expiry_cutoff(imported, 0), imported);
    }
}
