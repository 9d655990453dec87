//! Sign-up benchmark: members press "Volunteer" on a 100-place event at once, most on the card
//! in their private chat, one in four on the event's card in one of 10 groups, through the real
//! dispatcher and SQLite, against the fake Bot API with Telegram's limits (scaled, see below)
//! while an announcement to 20,000 other members goes out. The same harness then measures a bare
//! teloxide dispatcher whose only handler answers the callback, as the yardstick.
//!
//! Each side runs two bursts: the first after it started (cold) and a second one (warm), each
//! on an event of its own. For each burst it prints presses answered per second and p50 / p99
//! of the time from a press being queued at the fake to its answer arriving there (what the
//! member waits); for Birlik also the card redraws the burst caused, drained before the clock
//! stops, the time until every card shows the final figures, and the rate the announcement
//! achieved meanwhile.
//!
//! Run: `cargo bench --bench events` (2,000 presses, Telegram's limits ×10 so the redraws drain
//! within a minute); `-- 5000` for more presses; `BENCH_SCALE=1` for Telegram's real limits
//! (the redraws then take many minutes). `BENCH_LOG=1 RUST_LOG=sqlx::query=debug` logs every
//! statement, to count what a press costs.

mod common;
#[path = "../tests/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use birlik::bot::Callback;
use birlik::db::broadcasts::{self, NewBroadcast};
use birlik::db::events::Event;
use birlik::db::{regions, signups};
use birlik::delivery::DeliveryLimits;
use birlik::domain::audience::Audience;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::{Lang, PerLang};
use birlik::telegram::event_card::{self, Counts};
use chrono::Duration as Span;
use common::{percentile, verdict};
use serde_json::{Value, json};
use support::fake_api::{FakeBotApi, TOKEN, TelegramLimits};
use support::{TestApp, TgUser};
use teloxide::dispatching::Dispatcher;
use teloxide::prelude::*;
use teloxide::update_listeners::Polling;

/// The allocator the bot's binary uses (src/main.rs), so that the figures are the bot's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FIRST_MEMBER: i64 = 100_000;
const FIRST_READER: i64 = 1_000_000;
const READERS: i64 = 20_000;
const GROUPS: i64 = 10;
const FIRST_GROUP: i64 = -1_000_100;
/// `BROADCAST_RATE` as deployed.
const BROADCAST_RATE: u32 = 25;
const PLACEHOLDER: &str = "card";

/// A card the burst presses: chat, message, and the text it must end with (`None`: any redraw
/// of the placeholder, a member's own card showing their own sign-up).
struct Card {
    chat_id: i64,
    message_id: i64,
    last_text: Option<String>,
}

struct Burst {
    started: Instant,
    queued: HashMap<String, Instant>,
    cards: Vec<Card>,
}

#[derive(Default)]
struct Figures {
    per_second: f64,
    p50: Duration,
    p99: Duration,
    answered: usize,
    /// Redraws accepted, the time from the first press to the last of them, and the cards
    /// (of how many) that show their final text then.
    redraws: Option<(usize, Duration, usize, usize)>,
    /// Announcement messages a second while the burst lasted.
    announcement: Option<f64>,
    too_many_requests: usize,
}

/// Puts a card in each member's chat and one in each group, then queues one press per member
/// at once: every fourth on a group's card.
fn press_all(fake: &FakeBotApi, presses: i64, data: &str, group_card: &(String, Value)) -> Burst {
    let markup = json!({ "inline_keyboard": [[{ "text": "🙋 Volunteer", "callback_data": data }]] });
    let groups: Vec<i64> = (0..GROUPS)
        .map(|g| fake.bot_group_message(FIRST_GROUP - g, "Volunteers", &group_card.0, group_card.1.clone()))
        .collect();
    let mut cards: Vec<Card> = groups
        .iter()
        .enumerate()
        .map(|(g, message_id)| Card {
            chat_id: FIRST_GROUP - g as i64,
            message_id: *message_id,
            last_text: None,
        })
        .collect();
    let mut targets = Vec::new();
    for i in 0..presses {
        let user = TgUser::new(FIRST_MEMBER + i, "Member", Some("en"));
        if i % 4 == 0 {
            let g = (i / 4) % GROUPS;
            targets.push((user, FIRST_GROUP - g, groups[g as usize]));
        } else {
            let card = fake.bot_message(&user, PLACEHOLDER, markup.clone());
            cards.push(Card {
                chat_id: user.id,
                message_id: card,
                last_text: None,
            });
            let chat = user.id;
            targets.push((user, chat, card));
        }
    }
    let started = Instant::now();
    let mut queued = HashMap::new();
    for (user, chat, card) in &targets {
        let id = fake.presses_in(user, *chat, *card, data);
        queued.insert(format!("cq{id}"), Instant::now());
    }
    Burst {
        started,
        queued,
        cards,
    }
}

/// Waits until every press of `burst` has its answer (`answered_before`: answers the fake had
/// before the burst); reads the fake's record once at the end, so that the waiting costs the
/// machine little.
async fn wait_for_answers(
    fake: &FakeBotApi,
    burst: &Burst,
    answered_before: usize,
) -> Vec<(String, Instant)> {
    while fake.count_of("answerCallbackQuery") < answered_before + burst.queued.len() {
        assert!(
            burst.started.elapsed() < Duration::from_secs(300),
            "{} of {} presses answered",
            fake.count_of("answerCallbackQuery") - answered_before,
            burst.queued.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    fake.calls()
        .into_iter()
        .filter(|c| c.method == "answerCallbackQuery" && c.error.is_none())
        .filter_map(|c| {
            let id = c.params["callback_query_id"].as_str()?.to_owned();
            burst.queued.contains_key(&id).then_some((id, c.at))
        })
        .collect()
}

fn answer_figures(burst: &Burst, answers: &[(String, Instant)]) -> Figures {
    let mut first_answer: HashMap<&str, Instant> = HashMap::new();
    for (id, at) in answers {
        first_answer.entry(id.as_str()).or_insert(*at);
    }
    let mut waits: Vec<Duration> = first_answer
        .iter()
        .map(|(id, at)| at.saturating_duration_since(burst.queued[*id]))
        .collect();
    waits.sort();
    let last = first_answer.values().max().copied().unwrap_or(burst.started);
    Figures {
        per_second: first_answer.len() as f64 / last.duration_since(burst.started).as_secs_f64(),
        p50: percentile(&waits, 0.50),
        p99: percentile(&waits, 0.99),
        answered: first_answer.len(),
        ..Figures::default()
    }
}

/// The card a group shows: everybody's figures, nobody's own sign-up.
async fn group_card(app: &TestApp, event: &Event) -> (String, Value) {
    let region = regions::of(&app.db(), event.plan.region_iso.as_deref())
        .await
        .unwrap();
    let state = signups::card_state(&app.pool, event.id, 0).await.unwrap();
    let counts = Counts {
        taken: state.taken,
        waiting: state.waiting,
    };
    let (text, markup) = event_card::draw(
        &app.locales,
        Lang::En,
        event,
        region.as_ref(),
        counts,
        None,
        app.clock.unix(),
        None,
    );
    (text, serde_json::to_value(markup).unwrap())
}

/// Queues an announcement to the 20,000 readers and waits until its first message went.
async fn announce(app: &TestApp, sender: &TgUser) {
    let message_id = app
        .fake
        .earlier_user_message(sender, "Saturday: planting trees in every region.");
    let before = app.fake.count_of("copyMessage");
    broadcasts::create(
        &app.pool,
        &NewBroadcast {
            created_by: sender.id,
            sender_chat_id: sender.id,
            audience: &Audience::Regions {
                regions: vec!["KZ-71".into()],
            },
            with_ack: false,
            lang: Lang::En,
            versions: &[(Lang::En, message_id as i32)],
            ack_labels: PerLang::default(),
        },
        app.clock.ms(),
    )
    .await
    .unwrap();
    app.wait_until("the announcement starts", || {
        app.fake.count_of("copyMessage") > before
    })
    .await;
}

/// Waits until every member's card is redrawn and no redraw has come for 2 s (the painter is
/// empty); returns the redraws accepted since the burst began, when the last arrived, and how
/// many cards show their final text (a group's card: the event's final figures).
async fn wait_for_cards(app: &TestApp, burst: &Burst, scale: f64) -> (usize, Instant, usize) {
    // Redraws get at least the 3 a second Telegram's budget leaves beside the announcement.
    let patience = Duration::from_secs_f64(60.0 + burst.cards.len() as f64 / (3.0 * scale));
    let is_final = |card: &Card| {
        let shown = app.fake.message_text(card.chat_id, card.message_id);
        match &card.last_text {
            Some(last) => shown.as_ref() == Some(last),
            None => shown.is_some_and(|text| text != PLACEHOLDER),
        }
    };
    let redraws = || -> Vec<Instant> {
        app.fake
            .calls()
            .into_iter()
            .filter(|c| c.method == "editMessageText" && c.error.is_none() && c.at >= burst.started)
            .map(|c| c.at)
            .collect()
    };
    loop {
        let members_done = burst
            .cards
            .iter()
            .filter(|card| card.last_text.is_none())
            .all(is_final);
        if members_done && burst.cards.iter().all(is_final) {
            break;
        }
        if members_done
            && redraws()
                .iter()
                .max()
                .is_some_and(|last| last.elapsed() > Duration::from_secs(2))
        {
            break;
        }
        assert!(
            burst.started.elapsed() < patience,
            "{} cards not redrawn",
            burst.cards.iter().filter(|card| !is_final(card)).count()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let redraws = redraws();
    let last = redraws.iter().max().copied().unwrap_or(burst.started);
    let finals = burst.cards.iter().filter(|card| is_final(card)).count();
    (redraws.len(), last, finals)
}

/// Announcement messages a second from `from` to `to` (or to its last message, if it ended
/// before).
fn announcement_rate(fake: &FakeBotApi, from: Instant, to: Instant) -> f64 {
    let copies: Vec<Instant> = fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "copyMessage" && c.error.is_none() && c.at >= from && c.at <= to)
        .map(|c| c.at)
        .collect();
    let end = copies.iter().max().copied().unwrap_or(to);
    copies.len() as f64 / end.duration_since(from).as_secs_f64()
}

/// Birlik's cold and warm bursts, and the rate the announcement was configured with.
async fn birlik_bot(presses: i64, scale: f64) -> ([Figures; 2], f64) {
    let mut app = TestApp::without_bot().await;
    app.fake.enforce_limits(TelegramLimits::telegram().scaled(scale));
    let organiser = TgUser::new(1, "Organiser", Some("en"));
    app.seed_member(&organiser, "KZ-75", Lang::En).await;
    app.seed_role(&organiser, StaffRole::regional(Role::Organiser, "KZ-75"))
        .await;
    let coordinator = TgUser::new(2, "Coordinator", Some("en"));
    app.seed_member(&coordinator, "KZ-71", Lang::En).await;
    let events = [
        app.seed_event(&organiser, Some("KZ-75"), Some(100), Span::days(2))
            .await,
        app.seed_event(&organiser, Some("KZ-75"), Some(100), Span::days(3))
            .await,
    ];
    app.seed_bulk_members(FIRST_MEMBER, presses, &["KZ-75"]).await;
    app.seed_bulk_members(FIRST_READER, READERS, &["KZ-71"]).await;
    let limits = DeliveryLimits::telegram(BROADCAST_RATE).scaled(scale);
    app.start_bot_with_limits(limits).await;
    let mut bursts = Vec::new();
    for event in &events {
        // Each burst meets an announcement at its start.
        app.wait_broadcasts_finished(Duration::from_secs(900)).await;
        announce(&app, &coordinator).await;
        let violations = app.fake.limit_violations();
        let answered_before = app.fake.count_of("answerCallbackQuery");
        let burst = press_all(
            &app.fake,
            presses,
            &Callback::Volunteer(event.id).encode(),
            &group_card(&app, event).await,
        );
        let answers = wait_for_answers(&app.fake, &burst, answered_before).await;
        let mut figures = answer_figures(&burst, &answers);
        let (final_text, _) = group_card(&app, event).await;
        let mut burst = burst;
        for card in burst.cards.iter_mut().filter(|card| card.chat_id < 0) {
            card.last_text = Some(final_text.clone());
        }
        let (redraws, last, finals) = wait_for_cards(&app, &burst, scale).await;
        figures.redraws = Some((
            redraws,
            last.duration_since(burst.started),
            finals,
            burst.cards.len(),
        ));
        figures.announcement = Some(announcement_rate(&app.fake, burst.started, last));
        figures.too_many_requests = app.fake.limit_violations() - violations;
        bursts.push(figures);
    }
    app.stop().await;
    let [cold, warm]: [Figures; 2] = bursts.try_into().ok().unwrap();
    ([cold, warm], limits.per_second)
}

/// The yardstick: teloxide with one handler that only answers the callback.
async fn bare_teloxide(presses: i64) -> [Figures; 2] {
    let fake = FakeBotApi::start().await;
    let bot = Bot::new(TOKEN).set_api_url(fake.url().parse().unwrap());
    let handler = Update::filter_callback_query().endpoint(|bot: Bot, query: CallbackQuery| async move {
        bot.answer_callback_query(query.id).await?;
        Ok::<(), teloxide::RequestError>(())
    });
    let mut dispatcher = Dispatcher::builder(bot.clone(), handler).build();
    let shutdown = dispatcher.shutdown_token();
    let listener = Polling::builder(bot)
        .timeout(Duration::from_secs(25))
        .delete_webhook()
        .await
        .build();
    let task = tokio::spawn(async move {
        dispatcher
            .dispatch_with_listener(listener, teloxide::error_handlers::LoggingErrorHandler::new())
            .await;
    });
    let card = (PLACEHOLDER.to_owned(), json!({ "inline_keyboard": [] }));
    let mut bursts = Vec::new();
    for event in 1..=2 {
        let answered_before = fake.count_of("answerCallbackQuery");
        let burst = press_all(&fake, presses, &format!("v:{event}"), &card);
        let answers = wait_for_answers(&fake, &burst, answered_before).await;
        bursts.push(answer_figures(&burst, &answers));
    }
    if let Ok(done) = shutdown.shutdown() {
        done.await;
    }
    let _ = task.await;
    bursts.try_into().ok().unwrap()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    if std::env::var_os("BENCH_LOG").is_some() {
        birlik::logging::init().expect("LOG_FORMAT and RUST_LOG");
    }
    let presses: i64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2_000);
    let scale: f64 = std::env::var("BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10.0);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    common::print_origin("sign-up");
    let ([cold, warm], configured) = runtime.block_on(birlik_bot(presses, scale));
    let [bare_cold, bare_warm] = runtime.block_on(bare_teloxide(presses));
    println!(
        "{presses} Volunteer presses at once on a 100-place event ({} on 10 group cards), while \
         an announcement to {READERS} members goes out; Telegram's limits x{scale}, \
         BROADCAST_RATE {BROADCAST_RATE} x{scale} = {configured:.0} msg/s",
        (presses + 3) / 4
    );
    println!(
        "| burst | side | presses answered/s | p50 press → answer | p99 | card redraws | last redraw after | cards final | announcement msg/s | 429s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (burst, birlik, bare) in [("cold", &cold, &bare_cold), ("warm", &warm, &bare_warm)] {
        let (redraws, drained, finals, cards) = birlik.redraws.unwrap_or_default();
        println!(
            "| {burst} | Birlik | {:.0} | {:.1} ms | {:.1} ms | {redraws} | {:.1} s | {finals} of {cards} | {:.0} ({:.2} of configured) | {} |",
            birlik.per_second,
            ms(birlik.p50),
            ms(birlik.p99),
            drained.as_secs_f64(),
            birlik.announcement.unwrap_or_default(),
            birlik.announcement.unwrap_or_default() / configured,
            birlik.too_many_requests
        );
        println!(
            "| {burst} | bare teloxide | {:.0} | {:.1} ms | {:.1} ms | | | | | |",
            bare.per_second,
            ms(bare.p50),
            ms(bare.p99)
        );
        assert_eq!(birlik.answered, presses as usize);
        assert_eq!(bare.answered, presses as usize);
    }
    println!("goals:");
    for (burst, birlik, bare) in [("cold", &cold, &bare_cold), ("warm", &warm, &bare_warm)] {
        let ratio = birlik.per_second / bare.per_second;
        let p99 = birlik.p99.as_secs_f64() / bare.p99.as_secs_f64();
        let announced = birlik.announcement.unwrap_or_default() / configured;
        println!(
            "  {burst}: throughput {ratio:.2} of bare teloxide (goal ≥ 0.5: {}), p99 {p99:.2}× bare's \
             (goal ≤ 1.6: {}), announcement {announced:.2} of its rate (goal ≥ 0.9: {})",
            verdict(ratio >= 0.5),
            verdict(p99 <= 1.6),
            verdict(announced >= 0.9)
        );
    }
    let (_, _, finals, cards) = warm.redraws.unwrap_or_default();
    println!(
        "  every card shows the final figures once the redraws are drained: {} ({finals} of {cards})",
        verdict(finals == cards)
    );
}
