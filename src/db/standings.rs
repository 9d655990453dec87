//! Standings: each member's attended events and hours, by scope (the country, or the region of
//! the events) and period, so that "most active volunteers" is read from an index instead of
//! grouping every attended sign-up of the period.
//!
//! Triggers (migration 0005) keep the standings exact as attendance, sign-ups and events
//! change, for the periods as they start on one Almaty day (`standings_state.day`). At
//! midnight [`refresh`] moves the periods on: what fell out of a period is taken away (a day of
//! events for 30 and 90 days, the whole year on 1 January). Until the standings follow the
//! asked day, [`super::stats::most_active`] computes from the sign-ups directly.

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Almaty;
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::domain::period::Period;

/// A member among the most active: events attended and hours, in the scope and period.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Volunteer {
    /// `None` for a member who erased their data.
    pub full_name: Option<String>,
    pub events: i64,
    pub seconds: i64,
}

/// The Almaty date (`2026-11-28`) whose periods the standings follow at `now`.
pub fn day_of(now: DateTime<Utc>) -> String {
    now.with_timezone(&Almaty).date_naive().to_string()
}

fn since(period: Period, now: DateTime<Utc>) -> i64 {
    period.start(now).unwrap_or(i64::MIN)
}

/// What [`refresh`] had to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refresh {
    /// Already following the day.
    Current,
    /// Periods moved on; `rebuilt` of them were computed afresh from the sign-ups.
    MovedOn { rebuilt: usize },
}

/// Whether the standings follow the periods of `now`'s day.
pub async fn is_current(pool: &SqlitePool, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let day: Option<String> = sqlx::query_scalar("SELECT day FROM standings_state")
        .fetch_one(pool)
        .await?;
    Ok(day.as_deref() == Some(day_of(now).as_str()))
}

/// Makes the standings follow `now`'s day: built from the sign-ups the first time (or when
/// the clock went back), then moved on by what left each period.
///
/// Each period moves in its own write transaction, so that writers wait for one period's
/// work at most; the triggers keep every moved period exact meanwhile, and readers use the
/// sign-ups until the day is set at the end.
pub async fn refresh(pool: &SqlitePool, now: DateTime<Utc>) -> sqlx::Result<Refresh> {
    let day = day_of(now);
    if is_current(pool, now).await? {
        return Ok(Refresh::Current);
    }
    let mut rebuilt = 0;
    for period in Period::ALL {
        let new_since = since(period, now);
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let old_since: Option<i64> =
            sqlx::query_scalar("SELECT since FROM standings_periods WHERE period = ?")
                .bind(period.code())
                .fetch_optional(&mut *tx)
                .await?;
        match old_since {
            Some(old_since) if old_since == new_since => {}
            Some(old_since) if old_since < new_since => {
                take_away(&mut tx, period, old_since, new_since).await?;
            }
            _ => {
                rebuild(&mut tx, period, new_since).await?;
                rebuilt += 1;
            }
        }
        tx.commit().await?;
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("DELETE FROM standings WHERE events = 0")
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE standings_state SET day = ?")
        .bind(&day)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Refresh::MovedOn { rebuilt })
}

/// The attendances of events (counted ones) starting in `[?2, ?3)`, per member, for the
/// country and for each event's region; `{sign}` is `` or `-`.
fn attendances(sign: &str) -> [String; 2] {
    let scopes = [
        ("''", "", "s.member_id"),
        (
            "e.region_iso",
            " AND e.region_iso IS NOT NULL",
            "e.region_iso, s.member_id",
        ),
    ];
    scopes.map(|(scope, only_regional, group)| {
        format!(
            "INSERT INTO standings (scope, period, member_id, events, seconds)
             SELECT {scope}, ?1, s.member_id, {sign}COUNT(*), {sign}SUM(e.ends_at - e.starts_at)
             FROM events e CROSS JOIN signups s ON s.event_id = e.id
             WHERE e.status IN ('published', 'finished') AND e.starts_at >= ?2 AND e.starts_at < ?3{only_regional}
               AND s.attended = 1 AND s.status != 'cancelled'
             GROUP BY {group}
             ON CONFLICT (scope, period, member_id) DO UPDATE
                 SET events = events + excluded.events, seconds = seconds + excluded.seconds"
        )
    })
}

async fn rebuild(tx: &mut Transaction<'_, Sqlite>, period: Period, since: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM standings WHERE period = ?")
        .bind(period.code())
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT OR REPLACE INTO standings_periods (period, since) VALUES (?, ?)")
        .bind(period.code())
        .bind(since)
        .execute(&mut **tx)
        .await?;
    for statement in attendances("") {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(period.code())
            .bind(since)
            .bind(i64::MAX)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn take_away(
    tx: &mut Transaction<'_, Sqlite>,
    period: Period,
    old_since: i64,
    new_since: i64,
) -> sqlx::Result<()> {
    for statement in attendances("-") {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(period.code())
            .bind(old_since)
            .bind(new_since)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("UPDATE standings_periods SET since = ? WHERE period = ?")
        .bind(new_since)
        .bind(period.code())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The `limit` most active members of the scope and period, from the standings (which must
/// follow the period's day: see [`is_current`]).
pub async fn top(
    pool: &SqlitePool,
    region: Option<&str>,
    period: Period,
    limit: i64,
) -> sqlx::Result<Vec<Volunteer>> {
    sqlx::query_as(
        "SELECT m.full_name, st.events, st.seconds
         FROM standings st JOIN members m ON m.id = st.member_id
         WHERE st.scope = ?1 AND st.period = ?2 AND st.events > 0
         ORDER BY st.events DESC, st.seconds DESC, st.member_id LIMIT ?3",
    )
    .bind(region.unwrap_or(""))
    .bind(period.code())
    .bind(limit)
    .fetch_all(pool)
    .await
}
