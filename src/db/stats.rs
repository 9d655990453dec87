//! Participation figures: one definition of each, computed by SQL in the database.
//!
//! A scope is one region (its members, and the events of that region) or the whole country
//! (every member, every event, republic-wide ones included). A period keeps the members who
//! registered in it and the events that start in it. Erased members still count, anonymously.

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use super::standings::{self, Volunteer};
use crate::domain::period::Period;

/// Participation in a scope and period: members, events held, sign-ups and attendance.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Participation {
    /// Member rows of the scope, whatever their status (erased and blocked included).
    pub members_total: i64,
    /// Members who registered in the period.
    pub members_new: i64,
    /// Events (not cancelled) that started in the period and have ended.
    pub events_held: i64,
    /// Sign-ups, by their status now, for events (not cancelled) starting in the period.
    pub confirmed: i64,
    pub waiting: i64,
    pub cancelled: i64,
    /// Sign-ups marked present (by check-in or by the organiser).
    pub attended: i64,
    /// Confirmed sign-ups not marked present for events that have ended.
    pub no_shows: i64,
    /// The event's length for each sign-up marked present, in seconds.
    pub volunteer_seconds: i64,
}

impl Participation {
    /// Attended out of attended and no-shows; `None` when nobody was expected yet.
    pub fn attendance_rate(&self) -> Option<f64> {
        let expected = self.attended + self.no_shows;
        (expected > 0).then(|| self.attended as f64 / expected as f64)
    }
}

/// `since`: the period's start, `None` for all time; `now` decides what has ended.
pub async fn figures(
    pool: &SqlitePool,
    region: Option<&str>,
    since: Option<i64>,
    now: i64,
) -> sqlx::Result<Participation> {
    // Two spellings of the same filter, so that a region's figures use the indexes:
    // `?1 IS NULL OR region_iso = ?1` would make SQLite read every row. Sign-ups are read
    // through the counts each event keeps (see migration 0004), never one by one.
    // Member totals come from the per-region counts kept by triggers (migration 0005).
    let (events_filter, members_filter) = if region.is_some() {
        ("e.region_iso = ?1", "m.region_iso = ?1")
    } else {
        ("?1 IS NULL", "?1 IS NULL")
    };
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT
             (SELECT COALESCE(SUM(c.members), 0) FROM region_member_counts c WHERE ?1 IS NULL OR c.region_iso = ?1)
                 AS members_total,
             (SELECT COUNT(*) FROM members m WHERE {members_filter} AND m.registered_at >= ?2) AS members_new,
             COALESCE(SUM(e.ends_at <= ?3), 0) AS events_held,
             COALESCE(SUM(e.taken), 0) AS confirmed,
             COALESCE(SUM(e.waiting), 0) AS waiting,
             COALESCE(SUM(e.cancelled), 0) AS cancelled,
             COALESCE(SUM(e.present), 0) AS attended,
             COALESCE(SUM(CASE WHEN e.ends_at <= ?3 THEN e.taken - e.present_confirmed END), 0) AS no_shows,
             COALESCE(SUM(e.present * (e.ends_at - e.starts_at)), 0) AS volunteer_seconds
         FROM events e
         WHERE {events_filter} AND e.status IN ('published', 'finished') AND e.starts_at >= ?2"
    )))
    .bind(region)
    .bind(since.unwrap_or(i64::MIN))
    .bind(now)
    .fetch_one(pool)
    .await
}

/// The figures of one event (members and events counts are left at zero).
pub async fn event_figures(pool: &SqlitePool, event_id: i64, now: i64) -> sqlx::Result<Participation> {
    sqlx::query_as(
        "SELECT 0 AS members_total, 0 AS members_new,
             COALESCE(MAX(e.ends_at <= ?2 AND e.status != 'cancelled'), 0) AS events_held,
             COALESCE(SUM(s.status = 'confirmed'), 0) AS confirmed,
             COALESCE(SUM(s.status = 'waiting'), 0) AS waiting,
             COALESCE(SUM(s.status = 'cancelled'), 0) AS cancelled,
             COALESCE(SUM(s.attended = 1 AND s.status != 'cancelled'), 0) AS attended,
             COALESCE(SUM(s.status = 'confirmed' AND s.attended = 0 AND e.ends_at <= ?2), 0) AS no_shows,
             COALESCE(SUM(CASE WHEN s.attended = 1 AND s.status != 'cancelled' THEN e.ends_at - e.starts_at END), 0)
                 AS volunteer_seconds
         FROM events e LEFT JOIN signups s ON s.event_id = e.id
         WHERE e.id = ?1",
    )
    .bind(event_id)
    .bind(now)
    .fetch_one(pool)
    .await
}

/// The `limit` members who attended most events (then most hours) of the scope's events that
/// started in the period: from the standings when they follow `now`'s day, else from the
/// sign-ups.
pub async fn most_active(
    pool: &SqlitePool,
    region: Option<&str>,
    period: Period,
    now: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<Volunteer>> {
    if standings::is_current(pool, now).await? {
        standings::top(pool, region, period, limit).await
    } else {
        most_active_from_signups(pool, region, period.start(now), limit).await
    }
}

/// [`most_active`] computed from the sign-ups: the definition the standings keep.
pub async fn most_active_from_signups(
    pool: &SqlitePool,
    region: Option<&str>,
    since: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<Volunteer>> {
    // As in `figures`: the region filter spelled so the events index serves it, and the scan
    // driven from the period's events to their attended sign-ups (an index of its own, see
    // migration 0005); names are read for the winners only.
    let events_filter = if region.is_some() {
        "e.region_iso = ?1"
    } else {
        "?1 IS NULL"
    };
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT m.full_name, top.events, top.seconds
         FROM (SELECT s.member_id, COUNT(*) AS events, SUM(e.ends_at - e.starts_at) AS seconds
               FROM events e CROSS JOIN signups s ON s.event_id = e.id
               WHERE {events_filter} AND e.status IN ('published', 'finished') AND e.starts_at >= ?2
                 AND s.attended = 1 AND s.status != 'cancelled'
               GROUP BY s.member_id ORDER BY events DESC, seconds DESC, s.member_id LIMIT ?3) top
         JOIN members m ON m.id = top.member_id
         ORDER BY top.events DESC, top.seconds DESC, top.member_id"
    )))
    .bind(region)
    .bind(since.unwrap_or(i64::MIN))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Members of a region by youth wing (archived wings included while they have members), then
/// those in no wing (`None`).
pub async fn members_by_wing(pool: &SqlitePool, region: &str) -> sqlx::Result<Vec<(Option<String>, i64)>> {
    sqlx::query_as(
        "SELECT w.name, COUNT(*) FROM members m LEFT JOIN wings w ON w.id = m.wing_id
         WHERE m.region_iso = ? GROUP BY m.wing_id ORDER BY m.wing_id IS NULL, COUNT(*) DESC, w.name",
    )
    .bind(region)
    .fetch_all(pool)
    .await
}

/// Attendances by month (`2026-11`, in Almaty time: UTC+5 all year since 2024) of the events
/// of a region, or of the country, starting in the period.
pub async fn attended_by_month(
    pool: &SqlitePool,
    region: Option<&str>,
    since: Option<i64>,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT strftime('%Y-%m', e.starts_at + 5 * 3600, 'unixepoch') AS month, COUNT(*)
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE (?1 IS NULL OR e.region_iso = ?1) AND e.status IN ('published', 'finished') AND e.starts_at >= ?2
           AND s.attended = 1 AND s.status != 'cancelled'
         GROUP BY month ORDER BY month",
    )
    .bind(region)
    .bind(since.unwrap_or(i64::MIN))
    .fetch_all(pool)
    .await
}

/// One line of the national breakdown.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RegionLine {
    pub region_iso: String,
    pub members: i64,
    pub attended: i64,
    pub volunteer_seconds: i64,
}

/// Every region's members and participation in the period, in one query.
pub async fn by_region(pool: &SqlitePool, since: Option<i64>) -> sqlx::Result<Vec<RegionLine>> {
    sqlx::query_as(
        "SELECT r.iso_code AS region_iso,
             COALESCE((SELECT c.members FROM region_member_counts c WHERE c.region_iso = r.iso_code), 0) AS members,
             COALESCE(p.attended, 0) AS attended, COALESCE(p.seconds, 0) AS volunteer_seconds
         FROM regions r LEFT JOIN (
             SELECT e.region_iso, SUM(e.present) AS attended, SUM(e.present * (e.ends_at - e.starts_at)) AS seconds
             FROM events e
             WHERE e.status IN ('published', 'finished') AND e.starts_at >= ?1
             GROUP BY e.region_iso
         ) p ON p.region_iso = r.iso_code
         ORDER BY r.iso_code",
    )
    .bind(since.unwrap_or(i64::MIN))
    .fetch_all(pool)
    .await
}

/// Monday 00:00 Almaty time of the week of 5 January 1970: weeks are counted from it.
const WEEK_ORIGIN: i64 = 4 * 86_400 - 5 * 3_600;
const WEEK: i64 = 7 * 86_400;

/// The week (counted from [`WEEK_ORIGIN`]) a time falls in, and the Monday a week starts on.
pub fn week_of(at: i64) -> i64 {
    (at - WEEK_ORIGIN).div_euclid(WEEK)
}

pub fn week_start(week: i64) -> i64 {
    WEEK_ORIGIN + week * WEEK
}

/// New members and attendances of the scope week by week, from the week of `since` (of the
/// first member without it) to the week of `now`, weeks without either included as zeros.
pub async fn weekly(
    pool: &SqlitePool,
    region: Option<&str>,
    since: Option<i64>,
    now: i64,
) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    let since = match since {
        Some(since) => since,
        None => sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MIN(registered_at) FROM members WHERE ?1 IS NULL OR region_iso = ?1",
        )
        .bind(region)
        .fetch_one(pool)
        .await?
        .unwrap_or(now),
    };
    let joined: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT (registered_at - ?4) / ?5 AS week, COUNT(*) FROM members
         WHERE (?1 IS NULL OR region_iso = ?1) AND registered_at >= ?2 AND registered_at <= ?3
         GROUP BY week",
    )
    .bind(region)
    .bind(since)
    .bind(now)
    .bind(WEEK_ORIGIN)
    .bind(WEEK)
    .fetch_all(pool)
    .await?;
    let attended: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT (e.starts_at - ?4) / ?5 AS week, SUM(e.present) FROM events e
         WHERE (?1 IS NULL OR e.region_iso = ?1) AND e.status IN ('published', 'finished')
           AND e.starts_at >= ?2 AND e.starts_at <= ?3
         GROUP BY week",
    )
    .bind(region)
    .bind(since)
    .bind(now)
    .bind(WEEK_ORIGIN)
    .bind(WEEK)
    .fetch_all(pool)
    .await?;
    let count_in =
        |rows: &[(i64, i64)], week: i64| rows.iter().find(|(w, _)| *w == week).map_or(0, |(_, n)| *n);
    Ok((week_of(since)..=week_of(now))
        .map(|week| (week, count_in(&joined, week), count_in(&attended, week)))
        .collect())
}

/// Attendances of events starting in the period by members of each wing: a region's wings,
/// or for the country the wings of each association added up across regions (by name).
pub async fn attended_by_wing(
    pool: &SqlitePool,
    region: Option<&str>,
    since: Option<i64>,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT w.name, SUM((SELECT COUNT(*) FROM members m JOIN signups s ON s.member_id = m.id
                             JOIN events e ON e.id = s.event_id
                             WHERE m.wing_id = w.id AND s.attended = 1 AND s.status != 'cancelled'
                               AND e.status IN ('published', 'finished') AND e.starts_at >= ?2))
         FROM wings w WHERE (?1 IS NULL OR w.region_iso = ?1) AND w.archived_at IS NULL
         GROUP BY w.name",
    )
    .bind(region)
    .bind(since.unwrap_or(i64::MIN))
    .fetch_all(pool)
    .await
}

/// People imported by headquarters: still pending, and joined through their link (members with
/// an import, not erased). Pending people are never members and are counted only here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Activation {
    pub pending: i64,
    pub activated: i64,
}

impl Activation {
    /// Activated out of everyone imported still on record; `None` when nobody was imported.
    pub fn rate(&self) -> Option<f64> {
        let imported = self.pending + self.activated;
        (imported > 0).then(|| self.activated as f64 / imported as f64)
    }

    pub fn is_empty(&self) -> bool {
        self.pending + self.activated == 0
    }
}

/// Activation in a region, or in the country (`None`).
pub async fn activation(pool: &SqlitePool, region: Option<&str>) -> sqlx::Result<Activation> {
    sqlx::query_as(
        "SELECT
             (SELECT COUNT(*) FROM pending_people p WHERE ?1 IS NULL OR p.region_iso = ?1) AS pending,
             (SELECT COUNT(*) FROM members m
              WHERE m.import_id IS NOT NULL AND m.status IN ('active', 'blocked')
                AND (?1 IS NULL OR m.region_iso = ?1)) AS activated",
    )
    .bind(region)
    .fetch_one(pool)
    .await
}

/// Activation of each region that imported anybody, by ISO code.
pub async fn activation_by_region(pool: &SqlitePool) -> sqlx::Result<Vec<(String, Activation)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT r.iso_code,
             (SELECT COUNT(*) FROM pending_people p WHERE p.region_iso = r.iso_code) AS pending,
             (SELECT COUNT(*) FROM members m
              WHERE m.region_iso = r.iso_code AND m.import_id IS NOT NULL
                AND m.status IN ('active', 'blocked')) AS activated
         FROM regions r
         WHERE pending + activated > 0
         ORDER BY r.iso_code",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(region, pending, activated)| (region, Activation { pending, activated }))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::Activation;

    #[test]
    fn the_activation_rate_is_joined_out_of_everyone_imported_still_on_record() {
        let rate = |pending, activated| Activation { pending, activated }.rate();
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(25, 1), Some(1.0 / 26.0));
        assert_eq!(rate(0, 4), Some(1.0));
        assert_eq!(rate(3, 0), Some(0.0));
        assert!(Activation::default().is_empty());
        assert!(
            !Activation {
                pending: 0,
                activated: 1
            }
            .is_empty()
        );
    }
}
