//! Event cards that never contradict a newer message: when an event's sign-ups change
//! (a cancel and the promotion it brings, "No" to "Still coming?", more places, an edit, a
//! cancelled event), every card of the event in a member's chat whose text or buttons would
//! change is redrawn with the newest state, through the card painter (newest only, paced with
//! the queue). The event's cards in groups show everybody's figures, so every sign-up redraws
//! them too, a moment later and gathered: a group's card may be edited only every few seconds.
//!
//! Requests wait here in memory and are taken together: a burst of cancels on one event costs
//! one pass over its cards, and each pass reads the state as it is when the pass runs. A stop
//! loses the passes not yet made, never a sign-up: the next change of the event redraws its
//! cards, and the member's next press or `/events` draws theirs afresh.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use teloxide::types::InlineKeyboardMarkup;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::bot::event_card::{self, Counts, Mine};
use crate::clock::Clock;
use crate::db::events::Event;
use crate::db::group_cards::{self, GroupCard};
use crate::db::member_cards::{self, Shown};
use crate::db::regions::Region;
use crate::db::{Db, events, regions, signups};
use crate::delivery::cards::{Pending, Redraw};
use crate::delivery::{CardPainter, QueueBell};
use crate::i18n::{Lang, Locales};

/// How long the sign-ups of a burst gather before the event's group cards are redrawn.
const FIGURES_GATHER: Duration = Duration::from_millis(500);

#[derive(Debug)]
enum Note {
    /// A card drawn in a member's chat by a handler.
    Shown(Shown, Pending),
    /// A card in a group that somebody pressed.
    GroupCardPressed(GroupCard, Pending),
    /// The places taken changed (a sign-up): the event's group cards show them.
    Figures(i64, Pending),
    /// The event's sign-ups or details changed.
    Changed(i64, Pending),
}

/// The handlers' way to keep event cards true.
#[derive(Clone, Debug)]
pub struct LiveCards {
    notes: mpsc::UnboundedSender<Note>,
    painter: CardPainter,
    bell: QueueBell,
}

impl LiveCards {
    /// Starts the task; it stops when the last `LiveCards` is dropped. A group card of an
    /// event whose publisher is not known is drawn in `default_lang`.
    pub fn spawn(
        db: Db,
        locales: Arc<Locales>,
        painter: CardPainter,
        bell: QueueBell,
        clock: Clock,
        default_lang: Lang,
    ) -> Self {
        let (notes, received) = mpsc::unbounded_channel();
        let passes = Passes {
            db,
            locales,
            painter: painter.clone(),
            clock,
            default_lang,
        };
        tokio::spawn(run(passes, received));
        Self { notes, painter, bell }
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

    /// Somebody pressed a card in a group: its figures are drawn afresh soon (in the language
    /// the event was published in), and the card is kept true from then on.
    pub fn group_card_pressed(&self, card: GroupCard) {
        let _ = self
            .notes
            .send(Note::GroupCardPressed(card, self.painter.pending()));
    }

    /// Somebody signed up: the event's group cards show the new figures soon.
    pub fn figures_changed(&self, event_id: i64) {
        let _ = self.notes.send(Note::Figures(event_id, self.painter.pending()));
    }

    /// The event changed: the messages the change queued (notices, promotions) go out, and
    /// every card of the event that no longer shows the truth is redrawn soon.
    pub fn changed(&self, event_id: i64) {
        self.bell.ring();
        let _ = self.notes.send(Note::Changed(event_id, self.painter.pending()));
    }
}

/// What the notes taken together ask for.
#[derive(Default)]
struct Batch {
    shown: Vec<Shown>,
    pressed: Vec<GroupCard>,
    figures: BTreeSet<i64>,
    changed: BTreeSet<i64>,
    /// Held until the passes asked for are done: the painter counts them as redraws to come.
    passes: Vec<Pending>,
}

impl Batch {
    fn take(&mut self, note: Note) {
        let pending = match note {
            Note::Shown(card, pending) => {
                self.shown.push(card);
                pending
            }
            Note::GroupCardPressed(card, pending) => {
                self.figures.insert(card.event_id);
                self.pressed.push(card);
                pending
            }
            Note::Figures(event_id, pending) => {
                self.figures.insert(event_id);
                pending
            }
            Note::Changed(event_id, pending) => {
                self.changed.insert(event_id);
                pending
            }
        };
        self.passes.push(pending);
    }
}

async fn run(passes: Passes, mut notes: mpsc::UnboundedReceiver<Note>) {
    // Events whose figures changed, redrawn in their groups once the burst has gathered, and
    // the notes that asked for it.
    let mut figures = BTreeSet::new();
    let mut figures_asked = Vec::new();
    let mut figures_due: Option<Instant> = None;
    loop {
        let mut batch = Batch::default();
        tokio::select! {
            note = notes.recv() => match note {
                Some(note) => batch.take(note),
                None => return,
            },
            () = sleep_until(figures_due), if figures_due.is_some() => {}
        }
        while let Ok(note) = notes.try_recv() {
            batch.take(note);
        }
        // What handlers drew goes first: a pass then skips the cards already true.
        if let Err(error) = member_cards::record(&passes.db, &batch.shown).await {
            tracing::warn!(%error, "cannot record the cards drawn");
        }
        if let Err(error) = group_cards::seen(&passes.db, &batch.pressed).await {
            tracing::warn!(%error, "cannot record the group cards pressed");
        }
        for event_id in &batch.changed {
            passes.redraw(*event_id, Reach::Everywhere).await;
        }
        if !batch.figures.is_empty() {
            figures.append(&mut batch.figures);
            figures_due.get_or_insert_with(|| Instant::now() + FIGURES_GATHER);
        }
        figures_asked.append(&mut batch.passes);
        // A full pass has redrawn its event's group cards already.
        figures.retain(|event_id| !batch.changed.contains(event_id));
        if figures.is_empty() || figures_due.is_some_and(|due| due <= Instant::now()) {
            for event_id in std::mem::take(&mut figures) {
                passes.redraw(event_id, Reach::Groups).await;
            }
            figures_due = None;
            figures_asked.clear();
        }
    }
}

async fn sleep_until(due: Option<Instant>) {
    if let Some(due) = due {
        tokio::time::sleep_until(due).await;
    }
}

/// Which cards of an event a pass redraws.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Only the groups' cards: the places taken changed.
    Groups,
    /// Every card: members' own sign-ups may have changed too.
    Everywhere,
}

/// What a pass over an event's cards needs.
struct Passes {
    db: Db,
    locales: Arc<Locales>,
    painter: CardPainter,
    clock: Clock,
    default_lang: Lang,
}

/// The event as every card of it shows it now.
struct Now {
    event: Event,
    region: Option<Region>,
    counts: Counts,
    at: i64,
}

impl Passes {
    async fn redraw(&self, event_id: i64, reach: Reach) {
        if let Err(error) = self.try_redraw(event_id, reach).await {
            tracing::warn!(%error, event_id, "cannot redraw an event's cards");
        }
    }

    async fn try_redraw(&self, event_id: i64, reach: Reach) -> anyhow::Result<()> {
        let db = &self.db;
        let Some(event) = events::find(db, event_id).await.context("reading the event")? else {
            return Ok(());
        };
        let region = regions::of(db, event.plan.region_iso.as_deref())
            .await
            .context("reading the event's region")?;
        let (taken, waiting) = signups::counts(db, event_id)
            .await
            .context("reading the event's places")?;
        let now = Now {
            event,
            region,
            counts: Counts { taken, waiting },
            at: self.clock.unix(),
        };
        if reach == Reach::Everywhere {
            self.redraw_members(&now).await?;
        }
        self.redraw_groups(&now).await
    }

    /// Redraws the member cards whose text or buttons would change.
    async fn redraw_members(&self, now: &Now) -> anyhow::Result<()> {
        let event_id = now.event.id;
        let cards = member_cards::of_event(&self.db, event_id)
            .await
            .context("reading the event's cards")?;
        let mut redrawn = Vec::new();
        for card in cards {
            let page = card.page.zip(card.pages);
            let mine = Mine::of(card.status, card.position);
            let (text, markup) = self.draw(now, card.lang, mine, page);
            let fingerprint = event_card::fingerprint(&text, &markup);
            if fingerprint == card.shown {
                continue;
            }
            self.painter.redraw(Redraw {
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
        member_cards::record(&self.db, &redrawn)
            .await
            .context("recording the cards redrawn")
    }

    /// Redraws the group cards that would change: everybody's figures, nobody's own sign-up,
    /// in the language the event was published in.
    async fn redraw_groups(&self, now: &Now) -> anyhow::Result<()> {
        let event_id = now.event.id;
        let cards = group_cards::of_event(&self.db, event_id)
            .await
            .context("reading the event's group cards")?;
        let mut redrawn = Vec::new();
        for card in cards {
            let lang = card.lang.unwrap_or(self.default_lang);
            let (text, markup) = self.draw(now, lang, None, None);
            let fingerprint = event_card::fingerprint(&text, &markup);
            if fingerprint == card.shown {
                continue;
            }
            self.painter.redraw(Redraw {
                chat_id: card.chat_id,
                is_group: true,
                message_id: card.message_id,
                text,
                markup,
            });
            redrawn.push(GroupCard {
                chat_id: card.chat_id,
                message_id: card.message_id,
                event_id,
                shown: fingerprint,
            });
        }
        group_cards::record(&self.db, &redrawn)
            .await
            .context("recording the group cards redrawn")
    }

    fn draw(
        &self,
        now: &Now,
        lang: Lang,
        mine: Option<Mine>,
        page: Option<(i64, i64)>,
    ) -> (String, InlineKeyboardMarkup) {
        event_card::draw(
            &self.locales,
            lang,
            &now.event,
            now.region.as_ref(),
            now.counts,
            mine,
            now.at,
            page,
        )
    }
}
