//! What a coordinator gets back after an import: each pending person's personal link, as one
//! CSV of everyone and a printable sheet of cards per wing.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use sqlx::SqlitePool;

use crate::db::pending::Pending;
use crate::db::wings;
use crate::exports::{Cell, ExportFile, csv_bytes};
use crate::i18n::{Lang, Locales};

use super::sheet::{self, Card, Sheet};

/// The personal link of the pending person with `code`, for the bot `bot` (its username).
/// Its payload is what `/start` reads as an activation (`m_<code>`).
pub fn link(bot: &str, code: &str) -> String {
    format!("https://t.me/{bot}?start=m_{code}")
}

/// The files of an import's links.
pub struct Links {
    /// Everyone: wing, full name, birth year, link.
    pub csv: ExportFile,
    /// One PDF per wing, with the wing's name.
    pub sheets: Vec<(String, ExportFile)>,
}

/// The columns of the links CSV.
const CSV_COLUMNS: [&str; 4] = [
    "import-csv-wing",
    "import-csv-full-name",
    "import-csv-birth-year",
    "import-csv-link",
];

/// The links of `people` (pending people of one import in `region_iso`, whose name in `lang`
/// is `region_name`): the CSV of everyone, and one PDF sheet per wing, by wing name, people by
/// name within each. Headers and titles are in `lang`; a card's hint is in its
/// person's language when the list gave one.
pub async fn files(
    pool: &SqlitePool,
    locales: &Locales,
    lang: Lang,
    bot: &str,
    import_id: i64,
    (region_iso, region_name): (&str, &str),
    people: Vec<Pending>,
) -> anyhow::Result<Links> {
    let mut wing_names = HashMap::new();
    for person in &people {
        if let std::collections::hash_map::Entry::Vacant(entry) = wing_names.entry(person.wing_id) {
            let wing = wings::find(pool, person.wing_id)
                .await
                .context("reading the wing of a pending person")?;
            entry.insert(wing.map_or_else(String::new, |w| w.name));
        }
    }
    let words = Words {
        header: CSV_COLUMNS.iter().map(|key| locales.text(lang, key)).collect(),
        hints: Lang::ALL
            .into_iter()
            .map(|l| (l, locales.text(l, "import-sheet-hint")))
            .collect(),
        lang,
        bot: bot.to_owned(),
        prefix: format!("links-{region_iso}-{import_id}"),
    };
    let titles: HashMap<i64, String> = wing_names
        .iter()
        .map(|(id, wing)| {
            let title = locales.text_with(
                lang,
                "import-sheet-title",
                &[("wing", wing.as_str().into()), ("region", region_name.into())],
            );
            (*id, title)
        })
        .collect();
    // Thousands of QR codes and a big CSV: off the threads that answer people.
    tokio::task::spawn_blocking(move || words.files(people, &wing_names, &titles))
        .await
        .context("writing the links of an import")?
}

/// What the files say, gathered before the work goes to a blocking thread.
struct Words {
    header: Vec<String>,
    hints: HashMap<Lang, String>,
    lang: Lang,
    bot: String,
    /// The start of every file's name.
    prefix: String,
}

impl Words {
    fn files(
        &self,
        mut people: Vec<Pending>,
        wing_names: &HashMap<i64, String>,
        titles: &HashMap<i64, String>,
    ) -> anyhow::Result<Links> {
        let wing_of = |p: &Pending| wing_names.get(&p.wing_id).cloned().unwrap_or_default();
        people.sort_by_cached_key(|p| (wing_of(p), p.full_name.to_lowercase(), p.id));

        let rows = people.iter().map(|p| {
            vec![
                Cell::Text(wing_of(p)),
                Cell::Text(p.full_name.clone()),
                Cell::Figure(p.birth_year.into()),
                Cell::Text(link(&self.bot, &p.code)),
            ]
        });
        let (bytes, rows) = csv_bytes(&self.header, rows).context("writing the links CSV")?;
        let csv = ExportFile {
            name: format!("{}.csv", self.prefix),
            bytes,
            rows,
        };
        let mut sheets = Vec::new();

        let mut by_wing: BTreeMap<(String, i64), Vec<&Pending>> = BTreeMap::new();
        for person in &people {
            by_wing
                .entry((wing_of(person), person.wing_id))
                .or_default()
                .push(person);
        }
        for ((wing, wing_id), members) in by_wing {
            let sheet = Sheet {
                lang: self.lang.code().to_owned(),
                title: titles.get(&wing_id).cloned().unwrap_or_default(),
                cards: members
                    .iter()
                    .map(|p| Card {
                        name: p.full_name.clone(),
                        details: format!("{wing}, {}", p.birth_year),
                        hint: self.hints[&p.lang.unwrap_or(self.lang)].clone(),
                        link: link(&self.bot, &p.code),
                    })
                    .collect(),
            };
            let file = ExportFile {
                name: format!("{}-{}.pdf", self.prefix, file_safe(&wing)),
                bytes: sheet::pdf(&sheet)?,
                rows: members.len(),
            };
            sheets.push((wing, file));
        }
        Ok(Links { csv, sheets })
    }
}

/// A wing's name as part of a file name: letters and digits of any script kept, the rest
/// (slashes, quotes, spaces) become single hyphens.
fn file_safe(name: &str) -> String {
    let mut safe = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            safe.push(c);
        } else if !safe.is_empty() && !safe.ends_with('-') {
            safe.push('-');
        }
    }
    let safe = safe.trim_end_matches('-');
    if safe.is_empty() {
        "wing".into()
    } else {
        safe.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::commands::StartPayload;

    #[test]
    fn a_link_opens_the_activation_of_its_code() {
        let link = link("birlik_bot", "0a1b2c");
        assert_eq!(link, "https://t.me/birlik_bot?start=m_0a1b2c");
        let payload = link.split_once("?start=").unwrap().1;
        assert_eq!(
            StartPayload::parse(payload),
            StartPayload::Activation("0a1b2c".into())
        );
    }

    #[test]
    fn wing_names_become_safe_file_names() {
        assert_eq!(file_safe("Корей жастары"), "Корей-жастары");
        assert_eq!(file_safe("«Ұйғыр» / жастар "), "Ұйғыр-жастар");
        assert_eq!(file_safe("../.."), "wing");
    }
}
