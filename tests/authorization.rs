//! The authorization matrix: every command and every button × every role × in and out of the
//! region where things happen. Each cell says who may; a refused cell gets a polite refusal and
//! changes nothing in the database.
//!
//! The world lives in Almaty (KZ-75): an event with a volunteer signed up, a youth wing, a
//! finished broadcast. The actor of a column is registered in Almaty ("in") or in Akmola
//! (KZ-11, "out"); admins act everywhere whatever their own region. Each column runs on its own
//! bot and database, its actions in the order of the table: the few that destroy something
//! (archive the wing, cancel the event, erase oneself) come last.

mod support;

use std::fmt::Write as _;
use std::time::Duration;

use birlik::db::broadcasts::{self, NewBroadcast};
use birlik::db::{signups, wings};
use birlik::domain::audience::Audience;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::Lang;
use serde_json::json;
use support::{TestApp, TgUser};

const HOME: &str = "KZ-75";
const ELSEWHERE: &str = "KZ-11";
const GROUP: i64 = -100_555;

/// Who acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Actor {
    /// Somebody who never registered.
    Stranger,
    Member,
    Organiser,
    Coordinator,
    Admin,
}

impl Actor {
    fn role(self) -> Option<Role> {
        match self {
            Actor::Stranger | Actor::Member => None,
            Actor::Organiser => Some(Role::Organiser),
            Actor::Coordinator => Some(Role::Coordinator),
            Actor::Admin => Some(Role::Admin),
        }
    }
}

/// Who may do an action.
#[derive(Clone, Copy, Debug)]
enum May {
    /// Anybody, registered or not.
    Anyone,
    /// Any registered member, wherever they live.
    Members,
    /// Registered members of the world's region (what they act on belongs to it).
    MembersThere,
    /// Staff of this role or above, in their own scope.
    Staff(Role),
    /// Staff of this role or above of the world's region, and admins.
    StaffThere(Role),
    /// Nobody: a step of a dialogue the actor is not in, someone else's sign-up, an event
    /// that does not exist, data this bot never made.
    Nobody,
}

impl May {
    fn allows(self, actor: Actor, home: bool) -> bool {
        let registered = actor != Actor::Stranger;
        match self {
            May::Anyone => true,
            May::Members => registered,
            May::MembersThere => registered && home,
            May::Staff(role) => actor.role() >= Some(role),
            May::StaffThere(role) => actor == Actor::Admin || (actor.role() >= Some(role) && home),
            May::Nobody => false,
        }
    }
}

/// What the actor does.
#[derive(Clone, Debug)]
enum Act {
    /// Writes in their private chat with the bot.
    Say(String),
    /// Writes in a group chat the bot is in.
    SayInGroup(String),
    /// Presses a button carrying this callback data.
    Press(String),
}

/// What the world holds, by id.
struct World {
    event: i64,
    checkin_code: String,
    cancelled_event: i64,
    /// The sign-up of somebody else to `event`.
    signup: i64,
    wing: i64,
    broadcast: i64,
    /// A member of the world's region, for /grant and /revoke.
    target: TgUser,
}

/// Builds the world in Almaty and waits until its announcements are delivered.
async fn world(app: &TestApp) -> World {
    let organiser = TgUser::new(500, "Aigerim", Some("kk"));
    let coordinator = TgUser::new(501, "Daniyar", Some("ru"));
    let volunteer = TgUser::new(502, "Madina", Some("en"));
    let target = TgUser::new(503, "Arman", Some("en"));
    app.seed_member(&organiser, HOME, Lang::Kk).await;
    app.seed_member(&coordinator, HOME, Lang::Ru).await;
    let volunteer_row = app.seed_member(&volunteer, HOME, Lang::En).await;
    app.seed_member(&target, HOME, Lang::En).await;
    app.seed_role(&organiser, StaffRole::regional(Role::Organiser, HOME))
        .await;
    app.seed_role(&coordinator, StaffRole::regional(Role::Coordinator, HOME))
        .await;
    let wing = wings::insert(&app.pool, HOME, "Uyghur youth", 0).await.unwrap();
    let event = app
        .seed_event(&organiser, Some(HOME), Some(10), chrono::Duration::days(3))
        .await;
    let cancelled = app
        .seed_event(&organiser, Some(HOME), None, chrono::Duration::days(4))
        .await;
    sqlx::query("UPDATE events SET status = 'cancelled' WHERE id = ?")
        .bind(cancelled.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let now = app.clock.now().timestamp();
    let press = signups::Press {
        telegram_user_id: volunteer.id,
        username: None,
        event_id: event.id,
    };
    signups::volunteer(&app.pool, &[press], now).await.unwrap();
    let signup = signups::find(&app.pool, event.id, volunteer_row.id)
        .await
        .unwrap()
        .expect("the volunteer's sign-up")
        .id;
    let source = app
        .fake
        .bot_message(&coordinator, "Meeting on Friday", json!(null));
    let (broadcast, _) = broadcasts::create(
        &app.pool,
        &NewBroadcast {
            created_by: coordinator.id,
            sender_chat_id: coordinator.id,
            audience: &Audience::Regions {
                regions: vec![HOME.to_owned()],
            },
            with_ack: true,
            lang: Lang::Ru,
            versions: &[(Lang::Ru, source as i32)],
            ack_labels: Lang::ALL.map(|lang| app.text(lang, "broadcast-seen-it")),
        },
        birlik::delivery::now_ms(),
    )
    .await
    .unwrap();
    app.wait_broadcasts_finished(Duration::from_secs(20)).await;
    app.queue_idle().await;
    World {
        event: event.id,
        checkin_code: event.checkin_code,
        cancelled_event: cancelled.id,
        signup,
        wing: wing.id,
        broadcast,
        target,
    }
}

/// The table: every command and every button, and who may.
fn actions(w: &World) -> Vec<(Act, May)> {
    use Act::{Press, Say, SayInGroup};
    use May::*;
    let event = w.event;
    let target = w.target.id;
    let mut table = vec![
        // Commands anybody may send.
        (Say("/start".into()), Anyone),
        (Say("/register".into()), Anyone),
        (Say("/help".into()), Anyone),
        (Say("/cancel".into()), Anyone),
        // A member's own things.
        (Say("/profile".into()), Members),
        (Say("/language".into()), Anyone),
        (Say("/mydata".into()), Anyone),
        (Say("/forget".into()), Members),
        (Say("/events".into()), Members),
        (Say("/my".into()), Members),
        // The code is shown at the venue: a member not signed up for its event hears what an
        // unknown code gets; only a confirmed volunteer is marked present.
        (Say(format!("/checkin {}", w.checkin_code)), Members),
        (Say(format!("/start chk_{}", w.checkin_code)), Members),
        // Staff commands.
        (Say("/newevent".into()), Staff(Role::Organiser)),
        (Say(format!("/editevent {event}")), StaffThere(Role::Organiser)),
        (Say(format!("/cancelevent {event}")), StaffThere(Role::Organiser)),
        (Say(format!("/volunteers {event}")), StaffThere(Role::Organiser)),
        (Say(format!("/attendance {event}")), StaffThere(Role::Organiser)),
        (Say("/stats".into()), Staff(Role::Organiser)),
        (Say(format!("/stats event {event}")), StaffThere(Role::Organiser)),
        (Say("/stats wing".into()), Staff(Role::Organiser)),
        (Say("/export".into()), Staff(Role::Coordinator)),
        (Say("/broadcast".into()), Staff(Role::Coordinator)),
        (Say("/broadcasts".into()), Staff(Role::Coordinator)),
        (Say("/invite organiser".into()), Staff(Role::Coordinator)),
        (
            Say(format!("/invite organiser {HOME}")),
            StaffThere(Role::Coordinator),
        ),
        (
            Say(format!("/grant organiser {target}")),
            StaffThere(Role::Coordinator),
        ),
        (Say(format!("/revoke {target}")), StaffThere(Role::Coordinator)),
        (Say("/wings".into()), Staff(Role::Coordinator)),
        (Say(format!("/wings {HOME}")), StaffThere(Role::Coordinator)),
        (Say("/audit".into()), Staff(Role::Admin)),
        (
            SayInGroup(format!("/linkgroup {HOME}")),
            StaffThere(Role::Coordinator),
        ),
        (SayInGroup("/linkgroup".into()), Staff(Role::Coordinator)),
        // A member's buttons on the world's event.
        (Press(format!("v:{event}")), MembersThere),
        (Press(format!("uv:{event}")), MembersThere),
        (Press(format!("ics:{event}")), MembersThere),
        (Press("ep:1".into()), Members),
        // The broadcast went out before the actor registered: not theirs to acknowledge.
        (Press(format!("ack:{}", w.broadcast)), Nobody),
        (Press("pe:n".into()), Members),
        (Press("l:en".into()), Members),
        (Press("f:n".into()), Members),
        // Staff buttons on the world's event, wing and broadcast.
        (Press(format!("ef:{event}:p")), StaffThere(Role::Organiser)),
        (Press(format!("vp:{event}:1")), StaffThere(Role::Organiser)),
        (Press(format!("vc:{event}")), StaffThere(Role::Organiser)),
        (Press(format!("ap:{event}:1")), StaffThere(Role::Organiser)),
        (Press(format!("ax:{}:1", w.signup)), StaffThere(Role::Organiser)),
        (Press(format!("qr:{event}")), StaffThere(Role::Organiser)),
        (Press("st:30d".into()), Staff(Role::Organiser)),
        (Press("stc:30d".into()), Staff(Role::Organiser)),
        (Press(format!("wl:{HOME}")), StaffThere(Role::Coordinator)),
        (Press(format!("wa:{HOME}")), StaffThere(Role::Coordinator)),
        (Press(format!("wr:{}", w.wing)), StaffThere(Role::Coordinator)),
        (Press(format!("wx:{}", w.wing)), StaffThere(Role::Coordinator)),
        (Press(format!("bar:{HOME}")), StaffThere(Role::Coordinator)),
        (Press(format!("baw:{}", w.wing)), StaffThere(Role::Coordinator)),
        // Coordinators pick their wing straight from the audience buttons.
        (Press("bcw".into()), Staff(Role::Admin)),
        (Press("baa".into()), Staff(Role::Admin)),
        (Press("bcr".into()), Staff(Role::Admin)),
        // A broadcast's report belongs to its sender (not the actor) and to admins; a
        // finished broadcast cannot be cancelled.
        (Press(format!("brp:{}", w.broadcast)), Staff(Role::Admin)),
        (Press(format!("bun:{}", w.broadcast)), Staff(Role::Admin)),
        (Press(format!("bxc:{}", w.broadcast)), Nobody),
    ];
    for tool in ["e", "c", "v", "a"] {
        table.push((Press(format!("pk:{tool}:{event}")), StaffThere(Role::Organiser)));
    }
    // Steps of dialogues the actor is not in: stale for everybody.
    for data in [
        "c:y",
        "g:y",
        "r:KZ-75",
        "w:-",
        "rc",
        "rr",
        "btr:KZ-75",
        "brd",
        "bwr:KZ-75",
        "bvl:en",
        "bpv",
        "bta",
        "bsd",
        "bds",
        "ner:KZ-75",
        "ner:-",
        "neu",
        "ned",
        "nep",
        "nee",
        "nex",
        "nef:t",
    ] {
        table.push((Press(data.into()), Nobody));
    }
    // Forged data: someone else's sign-up, events that are gone or never were, nonsense.
    table.extend([
        (Press(format!("sc:{event}:n")), Nobody),
        (Press(format!("v:{}", w.cancelled_event)), Nobody),
        (Press("v:999999".into()), Nobody),
        (Press("ecx:999999".into()), Nobody),
        (Press("ax:999999:1".into()), Nobody),
        (Press("wy:999999".into()), Nobody),
        (Press("v:abc".into()), Nobody),
        (Press("v:-1".into()), Nobody),
        (Press(format!("v:{event}{}", "0".repeat(70))), Nobody),
        (Press("x".repeat(65)), Nobody),
        (Press(String::new()), Nobody),
    ]);
    // Last, what destroys something the later cells would need.
    table.extend([
        (Press(format!("wy:{}", w.wing)), StaffThere(Role::Coordinator)),
        (Press(format!("ecx:{event}")), StaffThere(Role::Organiser)),
        (Press("f:y".into()), Members),
    ]);
    table
}

/// Answers that refuse: the actor learns they may not, and nothing happens.
const REFUSALS: [&str; 9] = [
    "not-allowed",
    // `/grant` answers alike for nobody and for a member of another region.
    "person-unknown",
    "button-stale",
    "not-registered",
    "event-register-first",
    "stats-not-allowed",
    "export-not-allowed",
    "event-not-found",
    "event-closed-cancelled",
];

/// Every row of every table, except the record of handled updates (every update adds to it)
/// and the answers queued for the actor themselves (a stale card redrawn, say).
async fn state(app: &TestApp, actor: i64) -> Vec<String> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT IN ('processed_updates', '_sqlx_migrations', 'deliveries') ORDER BY name",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let tables: Vec<&str> = tables.iter().map(String::as_str).collect();
    let mut rows = app.snapshot(&tables).await;
    let deliveries: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, status FROM deliveries WHERE chat_id != ? ORDER BY id")
            .bind(actor)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    rows.extend(deliveries.iter().map(|d| format!("deliveries: {d:?}")));
    rows
}

/// Runs one column of the matrix and fails with the list of every cell that went wrong.
async fn column(actor: Actor, home: bool) {
    let app = TestApp::spawn().await;
    let world = world(&app).await;
    let user = TgUser::new(900, "Actor", Some("en"));
    let region = if home { HOME } else { ELSEWHERE };
    app.fake.add_private_chat(&user);
    if actor != Actor::Stranger {
        app.seed_member(&user, region, Lang::En).await;
    }
    match actor {
        Actor::Organiser | Actor::Coordinator => {
            let role = actor.role().unwrap();
            app.seed_role(&user, StaffRole::regional(role, region)).await;
        }
        Actor::Admin => app.seed_role(&user, StaffRole::admin()).await,
        Actor::Stranger | Actor::Member => {}
    }
    let card = app.fake.bot_message(&user, "A card", json!(null));
    let refusals: Vec<String> = REFUSALS.iter().map(|key| app.text(Lang::En, key)).collect();

    let mut wrong = String::new();
    for (act, may) in actions(&world) {
        // Each cell starts outside any dialogue.
        sqlx::query("DELETE FROM dialogues WHERE chat_id = ?")
            .bind(user.id)
            .execute(&app.pool)
            .await
            .unwrap();
        app.queue_idle().await;
        let before = state(&app, user.id).await;
        let since = app.fake.call_count();
        let update_id = match &act {
            Act::Say(text) => app.fake.user_message(&user, text),
            Act::SayInGroup(text) => app.fake.group_message(&user, GROUP, "Almaty HQ", text),
            Act::Press(data) => app.fake.user_presses(&user, card, data),
        };
        app.wait_handled(update_id).await;
        let chat = match act {
            Act::SayInGroup(_) => GROUP,
            _ => user.id,
        };
        // The card pressed may be redrawn as it now stands (a stale card shows the event
        // cancelled): what the actor is told is in the other answers.
        let mut answers: Vec<String> = app
            .fake
            .sent_since(chat, since)
            .into_iter()
            .filter(|sent| !(sent.method == "editMessageText" && sent.message_id == Some(card)))
            .map(|sent| sent.text)
            .collect();
        answers.extend(
            app.callback_answers_since(since)
                .into_iter()
                .filter(|text| !text.is_empty()),
        );
        let answered = !app.fake.calls()[since..].is_empty();
        let refused = !answers.is_empty() && answers.iter().all(|a| refusals.contains(a));
        let allowed = may.allows(actor, home);
        if !answered {
            writeln!(wrong, "{act:?}: no answer at all").unwrap();
        } else if allowed && refused {
            writeln!(wrong, "{act:?}: refused, but {may:?} allows it: {answers:?}").unwrap();
        } else if !allowed && !refused {
            writeln!(wrong, "{act:?}: allowed, but {may:?} does not: {answers:?}").unwrap();
        } else if !allowed {
            let after = state(&app, user.id).await;
            let changed: Vec<_> = after.iter().filter(|row| !before.contains(row)).collect();
            if !changed.is_empty() {
                writeln!(wrong, "{act:?}: refused, yet the database changed: {changed:?}").unwrap();
            }
        }
    }
    app.assert_no_api_errors();
    assert!(
        wrong.is_empty(),
        "{actor:?} {}: cells that went wrong:\n{wrong}",
        if home {
            "of the region"
        } else {
            "of another region"
        }
    );
}

#[tokio::test]
async fn a_stranger_may_only_register_and_ask_for_help() {
    column(Actor::Stranger, true).await;
}

#[tokio::test]
async fn a_member_acts_on_their_own_things_and_their_regions_events() {
    column(Actor::Member, true).await;
}

#[tokio::test]
async fn a_member_of_another_region_cannot_touch_this_regions_events() {
    column(Actor::Member, false).await;
}

#[tokio::test]
async fn an_organiser_manages_their_regions_events() {
    column(Actor::Organiser, true).await;
}

#[tokio::test]
async fn an_organiser_of_another_region_manages_nothing_here() {
    column(Actor::Organiser, false).await;
}

#[tokio::test]
async fn a_coordinator_runs_their_region() {
    column(Actor::Coordinator, true).await;
}

#[tokio::test]
async fn a_coordinator_of_another_region_runs_nothing_here() {
    column(Actor::Coordinator, false).await;
}

#[tokio::test]
async fn an_admin_living_here_may_do_everything() {
    column(Actor::Admin, true).await;
}

#[tokio::test]
async fn an_admin_living_elsewhere_may_do_everything_too() {
    column(Actor::Admin, false).await;
}
