//! The event cards in members' private chats, and what each shows now, so a change of a
//! sign-up redraws exactly the cards whose text or buttons would change.

use sqlx::{SqliteConnection, SqlitePool};

use super::Db;
use super::payload::Button;
use crate::domain::status::SignupStatus;
use crate::i18n::Lang;

/// A card as it was drawn in a member's chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub chat_id: i64,
    pub message_id: i32,
    pub event_id: i64,
    pub member_id: i64,
    /// An `/events` card's (page, pages); `None` for an announcement.
    pub page: Option<(i64, i64)>,
    pub fingerprint: i64,
}

/// A stable fingerprint (FNV-1a, 64 bits) of a card's text and buttons: the same on every
/// build, so it survives restarts and upgrades.
pub fn fingerprint(text: &str, rows: &[Vec<Button>]) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(text.as_bytes());
    for row in rows {
        eat(&[0x1d]);
        for button in row {
            eat(&[0x1e]);
            eat(button.label.as_bytes());
            eat(&[0x1f]);
            eat(button.callback_data.as_bytes());
        }
    }
    hash as i64
}

/// Records what cards show now (a card that shows another event now, after a page turn, is
/// moved to it), in one transaction.
pub async fn record(db: &Db, cards: &[Shown]) -> sqlx::Result<()> {
    if cards.is_empty() {
        return Ok(());
    }
    let _turn = db.write_turn().await;
    let pool: &SqlitePool = db;
    let mut tx = pool.begin().await?;
    for card in cards {
        upsert(&mut tx, card).await?;
    }
    tx.commit().await
}

/// Only a card in the chat of an active member is kept: a note that arrives after the member
/// erased their data (or blocked the bot) keeps nothing of them.
pub(super) async fn upsert(conn: &mut SqliteConnection, card: &Shown) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO member_cards (chat_id, message_id, event_id, member_id, page, pages, shown)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
         WHERE EXISTS (SELECT 1 FROM members WHERE id = ?4 AND chat_id = ?1 AND status = 'active')
         ON CONFLICT (chat_id, message_id) DO UPDATE SET event_id = excluded.event_id,
             member_id = excluded.member_id, page = excluded.page, pages = excluded.pages,
             shown = excluded.shown",
    )
    .bind(card.chat_id)
    .bind(card.message_id)
    .bind(card.event_id)
    .bind(card.member_id)
    .bind(card.page.map(|(page, _)| page))
    .bind(card.page.map(|(_, pages)| pages))
    .bind(card.fingerprint)
    .execute(conn)
    .await?;
    Ok(())
}

/// A card of an event, with its reader's language and own sign-up.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Card {
    pub chat_id: i64,
    pub message_id: i32,
    pub member_id: i64,
    pub page: Option<i64>,
    pub pages: Option<i64>,
    pub shown: i64,
    pub lang: Lang,
    /// Confirmed or waiting; `None` when not signed up.
    pub status: Option<SignupStatus>,
    /// Place in the waiting list, for those waiting.
    pub position: i64,
}

/// The cards of an event in the chats of active members.
pub async fn of_event(pool: &SqlitePool, event_id: i64) -> sqlx::Result<Vec<Card>> {
    sqlx::query_as(
        "SELECT c.chat_id, c.message_id, c.member_id, c.page, c.pages, c.shown, m.lang, s.status,
             CASE s.status WHEN 'waiting' THEN
                 (SELECT COUNT(*) FROM signups w WHERE w.event_id = s.event_id AND w.status = 'waiting' AND w.seq <= s.seq)
             ELSE 0 END AS position
         FROM member_cards c
         JOIN members m ON m.id = c.member_id AND m.status = 'active' AND m.chat_id = c.chat_id
         LEFT JOIN signups s ON s.event_id = c.event_id AND s.member_id = c.member_id AND s.status != 'cancelled'
         WHERE c.event_id = ?
         ORDER BY c.chat_id, c.message_id",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn button(label: &str, data: &str) -> Button {
        Button {
            label: label.to_owned(),
            callback_data: data.to_owned(),
        }
    }

    #[test]
    fn a_fingerprint_changes_with_the_text_or_any_button() {
        let rows = vec![vec![button("🙋 Volunteer", "v:1")], vec![button("📅", "c:1")]];
        let base = fingerprint("Places taken: 1 / 5", &rows);
        assert_eq!(base, fingerprint("Places taken: 1 / 5", &rows));
        assert_ne!(base, fingerprint("Places taken: 2 / 5", &rows));
        let other = vec![
            vec![button("Cancel my sign-up", "u:1")],
            vec![button("📅", "c:1")],
        ];
        assert_ne!(base, fingerprint("Places taken: 1 / 5", &other));
        let merged = vec![vec![button("🙋 Volunteer", "v:1"), button("📅", "c:1")]];
        assert_ne!(base, fingerprint("Places taken: 1 / 5", &merged));
    }
}
