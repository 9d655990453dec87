//! The event cards in linked group chats, and what each shows now: one card for the whole
//! group (everybody's figures, nobody's own sign-up), in the language the event was published
//! in, redrawn whenever the event's figures or details change.

use sqlx::{SqliteConnection, SqlitePool};

use super::Db;
use crate::i18n::Lang;

/// A group card as it was drawn (or first seen, `shown` 0 when what it shows is not known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupCard {
    pub chat_id: i64,
    pub message_id: i32,
    pub event_id: i64,
    pub shown: i64,
}

/// A group card of an event, with the language it is drawn in.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Card {
    pub chat_id: i64,
    pub message_id: i32,
    pub shown: i64,
    /// `None` for an event whose publisher is not known: drawn in the default language.
    pub lang: Option<Lang>,
}

/// Notes cards somebody pressed, in one transaction: a card the bot does not know yet (sent
/// by an older version) becomes one of its event's cards; a known one keeps what it shows.
pub async fn seen(db: &Db, cards: &[GroupCard]) -> sqlx::Result<()> {
    in_one_transaction(db, cards, KEEP_SHOWN).await
}

/// Records what cards show now (redrawn), in one transaction.
pub async fn record(db: &Db, cards: &[GroupCard]) -> sqlx::Result<()> {
    in_one_transaction(db, cards, UPDATE_SHOWN).await
}

/// A card pressed: a known one keeps what it shows.
const KEEP_SHOWN: &str = "INSERT INTO group_cards (chat_id, message_id, event_id, shown) VALUES (?, ?, ?, ?)
     ON CONFLICT (chat_id, message_id) DO NOTHING";

/// A card drawn: what it shows now.
const UPDATE_SHOWN: &str =
    "INSERT INTO group_cards (chat_id, message_id, event_id, shown) VALUES (?, ?, ?, ?)
     ON CONFLICT (chat_id, message_id) DO UPDATE SET event_id = excluded.event_id, shown = excluded.shown";

async fn in_one_transaction(db: &Db, cards: &[GroupCard], statement: &'static str) -> sqlx::Result<()> {
    if cards.is_empty() {
        return Ok(());
    }
    let _turn = db.write_turn().await;
    let pool: &SqlitePool = db;
    let mut tx = pool.begin().await?;
    for card in cards {
        upsert(&mut tx, card, statement).await?;
    }
    tx.commit().await
}

/// Records what a card shows now, as it is sent.
pub(super) async fn sent(conn: &mut SqliteConnection, card: &GroupCard) -> sqlx::Result<()> {
    upsert(conn, card, UPDATE_SHOWN).await
}

async fn upsert(conn: &mut SqliteConnection, card: &GroupCard, statement: &'static str) -> sqlx::Result<()> {
    sqlx::query(statement)
        .bind(card.chat_id)
        .bind(card.message_id)
        .bind(card.event_id)
        .bind(card.shown)
        .execute(conn)
        .await?;
    Ok(())
}

/// The cards of an event in groups.
pub async fn of_event(pool: &SqlitePool, event_id: i64) -> sqlx::Result<Vec<Card>> {
    sqlx::query_as(
        "SELECT c.chat_id, c.message_id, c.shown, e.group_lang AS lang
         FROM group_cards c
         JOIN events e ON e.id = c.event_id
         WHERE c.event_id = ?
         ORDER BY c.chat_id, c.message_id",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await
}
