//! Member cards that never contradict a newer message: when an event's sign-ups change
//! (a cancel and the promotion it brings, "No" to "Still coming?", more places, an edit, a
//! cancelled event), every card of the event in a member's chat whose text or buttons would
//! change is redrawn with the newest state, through the card painter (newest only, paced with
//! the queue).
//!
//! Requests wait here in memory and are taken together: a burst of cancels on one event costs
//! one pass over its cards, and each pass reads the state as it is when the pass runs. A stop
//! loses the passes not yet made, never a sign-up: the next change of the event redraws its
//! cards, and the member's next press or `/events` draws theirs afresh.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedMutexGuard, mpsc};

use crate::bot::event_card::{self, Counts, Mine};
use crate::clock::Clock;
use crate::db::member_cards::{self, Shown};
use crate::db::{Db, events, regions, signups};
use crate::delivery::cards::{Pending, Redraw};
use crate::delivery::{CardPainter, QueueBell};
use crate::i18n::Locales;

#[derive(Debug)]
enum Note {
    /// A card drawn in a member's chat by a handler.
    Shown(Shown, Pending),
    /// The event's sign-ups or details changed.
    Changed(i64, Pending),
}

/// A turn for each group card in use, by chat and message: see [`LiveCards::group_card_turn`].
type GroupCardTurns = Mutex<HashMap<(i64, i32), Arc<tokio::sync::Mutex<()>>>>;

/// The handlers' way to keep member cards true.
#[derive(Clone, Debug)]
pub struct LiveCards {
    notes: mpsc::UnboundedSender<Note>,
    painter: CardPainter,
    bell: QueueBell,
    group_card_turns: Arc<GroupCardTurns>,
}

impl LiveCards {
    /// Starts the task; it stops when the last `LiveCards` is dropped.
    pub fn spawn(db: Db, locales: Arc<Locales>, painter: CardPainter, bell: QueueBell, clock: Clock) -> Self {
        let (notes, received) = mpsc::unbounded_channel();
        tokio::spawn(run(db, locales, painter.clone(), clock, received));
        Self {
            notes,
            painter,
            bell,
            group_card_turns: Arc::default(),
        }
    }

    /// The turn to read a group card's figures and queue its edit. Many people press one
    /// group card at once: one press at a time per card, so the edit queued last is drawn from
    /// the newest figures; other cards do not wait.
    pub async fn group_card_turn(&self, chat_id: i64, message_id: i32) -> OwnedMutexGuard<()> {
        let turn = {
            let mut turns = self
                .group_card_turns
                .lock()
                .expect("no panic while holding the turns");
            // A card nobody holds or waits for is forgotten: the map holds the cards in use.
            turns.retain(|_, turn| Arc::strong_count(turn) > 1);
            turns.entry((chat_id, message_id)).or_default().clone()
        };
        turn.lock_owned().await
    }

    /// Redraws a group's card (one for the whole group, in nobody's own view).
    pub fn paint(&self, redraw: Redraw) {
        self.painter.redraw(redraw);
    }

    /// Redraws one card now (the one a member pressed), and notes what it shows.
    pub fn redraw(&self, redraw: Redraw, event_id: i64, member_id: i64, page: Option<(i64, i64)>) {
        self.shown(Shown {
            chat_id: redraw.chat_id,
            message_id: redraw.message_id,
            event_id,
            member_id,
            page,
            fingerprint: event_card::fingerprint(&redraw.text, &redraw.markup),
        });
        self.painter.redraw(redraw);
    }

    /// Notes what a card in a member's chat shows now (sent, redrawn, or turned to another
    /// event's page), so later passes know it.
    pub fn shown(&self, card: Shown) {
        // Stopped: the bot is stopping.
        let _ = self.notes.send(Note::Shown(card, self.painter.pending()));
    }

    /// The event changed: the messages the change queued (notices, promotions) go out, and
    /// every member card of the event that no longer shows the truth is redrawn soon.
    pub fn changed(&self, event_id: i64) {
        self.bell.ring();
        let _ = self.notes.send(Note::Changed(event_id, self.painter.pending()));
    }
}

async fn run(
    db: Db,
    locales: Arc<Locales>,
    painter: CardPainter,
    clock: Clock,
    mut notes: mpsc::UnboundedReceiver<Note>,
) {
    while let Some(first) = notes.recv().await {
        let mut shown = Vec::new();
        let mut changed = BTreeSet::new();
        // Held until the pass is done: the painter counts the pass as redraws to come.
        let mut passes = Vec::new();
        let mut take = |note| match note {
            Note::Shown(card, pending) => {
                shown.push(card);
                passes.push(pending);
            }
            Note::Changed(event_id, pending) => {
                changed.insert(event_id);
                passes.push(pending);
            }
        };
        take(first);
        while let Ok(note) = notes.try_recv() {
            take(note);
        }
        // What handlers drew goes first: a pass then skips the cards already true.
        if let Err(error) = member_cards::record(&db, &shown).await {
            tracing::warn!(%error, "cannot record the cards drawn");
        }
        for event_id in changed {
            if let Err(error) = redraw_event(&db, &locales, &painter, event_id, clock.unix()).await {
                tracing::warn!(%error, event_id, "cannot redraw an event's cards");
            }
        }
        drop(passes);
    }
}

/// Redraws the member cards of `event_id` whose text or buttons would change.
async fn redraw_event(
    db: &Db,
    locales: &Locales,
    painter: &CardPainter,
    event_id: i64,
    now: i64,
) -> anyhow::Result<()> {
    use anyhow::Context;
    let Some(event) = events::find(db, event_id).await.context("reading the event")? else {
        return Ok(());
    };
    let region = regions::of(db, event.plan.region_iso.as_deref())
        .await
        .context("reading the event's region")?;
    let (taken, waiting) = signups::counts(db, event_id)
        .await
        .context("reading the event's places")?;
    let counts = Counts { taken, waiting };
    let cards = member_cards::of_event(db, event_id)
        .await
        .context("reading the event's cards")?;
    let mut redrawn = Vec::new();
    for card in cards {
        let page = card.page.zip(card.pages);
        let mine = Mine::of(card.status, card.position);
        let (text, markup) = event_card::draw(
            locales,
            card.lang,
            &event,
            region.as_ref(),
            counts,
            mine,
            now,
            page,
        );
        let fingerprint = event_card::fingerprint(&text, &markup);
        if fingerprint == card.shown {
            continue;
        }
        painter.redraw(Redraw {
            chat_id: card.chat_id,
            is_group: false,
            message_id: card.message_id,
            text,
            markup,
        });
        redrawn.push(Shown {
            chat_id: card.chat_id,
            message_id: card.message_id,
            event_id,
            member_id: card.member_id,
            page,
            fingerprint,
        });
    }
    member_cards::record(db, &redrawn)
        .await
        .context("recording the cards redrawn")
}
