//! The 20 regions of Kazakhstan, seeded by the first migration.
//!
//! They are reference data that nothing writes after that migration, so each [`Db`] reads them
//! once and then serves them from memory: an event card, drawn for every press of its Volunteer
//! button, then costs no query for its region's name.

use super::Db;
use crate::i18n::Lang;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Region {
    pub iso_code: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

impl Region {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.name_kk,
            Lang::Ru => &self.name_ru,
            Lang::En => &self.name_en,
        }
    }
}

/// The regions as the first read of `db` found them.
async fn all(db: &Db) -> sqlx::Result<&[Region]> {
    let regions = db
        .regions()
        .get_or_try_init(|| async {
            sqlx::query_as("SELECT iso_code, name_kk, name_ru, name_en FROM regions ORDER BY sort_order")
                .fetch_all(db.pool())
                .await
        })
        .await?;
    Ok(regions)
}

/// All regions: the three cities of republican significance first, then the regions.
pub async fn list(db: &Db) -> sqlx::Result<Vec<Region>> {
    Ok(all(db).await?.to_vec())
}

pub async fn find(db: &Db, iso_code: &str) -> sqlx::Result<Option<Region>> {
    Ok(all(db)
        .await?
        .iter()
        .find(|region| region.iso_code == iso_code)
        .cloned())
}

/// An event's region, `None` for a republic-wide one.
pub async fn of(db: &Db, iso_code: Option<&str>) -> sqlx::Result<Option<Region>> {
    match iso_code {
        Some(iso) => find(db, iso).await,
        None => Ok(None),
    }
}

/// The region a staff command names in its arguments, or else the caller's own (`own`).
pub async fn named_or_own(db: &Db, args: &str, own: Option<&str>) -> sqlx::Result<Option<Region>> {
    match args.trim() {
        "" => of(db, own).await,
        query => find_by_query(db, query).await,
    }
}

/// The region a person typed: its ISO code or its name in any of the three languages.
pub async fn find_by_query(db: &Db, query: &str) -> sqlx::Result<Option<Region>> {
    let wanted = query.trim().to_lowercase();
    Ok(list(db).await?.into_iter().find(|region| {
        [
            &region.iso_code,
            &region.name_kk,
            &region.name_ru,
            &region.name_en,
        ]
        .iter()
        .any(|name| name.to_lowercase() == wanted)
    }))
}
