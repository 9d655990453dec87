//! The authorization matrix: every command and every button × every role × in and out of the
//! region where things happen. Each cell says who may and what the action visibly does: an
//! allowed cell shows its effect (the answer a person expects, the row written, the file sent)
//! and never the apology for an internal error; a refused cell gets a polite refusal and changes
//! nothing in the database.
//!
//! The world lives in Almaty (KZ-75): an event with a volunteer signed up, a youth wing with two
//! people imported into it who have not joined yet, a finished broadcast. The actor of a column
//! is registered in Almaty ("in") or in Akmola (KZ-11, "out"); admins act everywhere whatever
//! their own region. Each column runs on its own bot and database, its actions in the order of
//! the table: the few that destroy something (remove a pending person, archive the wing, cancel
//! the event, erase oneself) come last.

use std::fmt::Write as _;
use std::time::Duration;

use crate::support::{TestApp, TgUser};
use birlik::db::broadcasts::{self, NewBroadcast};
use birlik::db::{certificates, signups, wings};
use birlik::domain::audience::Audience;
use birlik::domain::role::{Role, StaffRole};
use birlik::i18n::{Lang, PerLang};
use serde_json::json;

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

/// What an allowed action visibly does; every part must be seen.
#[derive(Clone, Debug)]
enum Effect {
    /// Nobody may: there is no effect to look for.
    None,
    /// An answer (a message, a pop-up, a file's caption) is exactly this.
    Says(String),
    /// An answer begins with this.
    Begins(String),
    /// One answer holds each of these.
    Holds(Vec<String>),
    /// The card pressed is redrawn, its text beginning with this.
    Redraws(String),
    /// A file whose name ends with this is sent to the chat.
    Sends(&'static str),
    /// This query (the actor's Telegram id is `?1`) gives 1 afterwards.
    Row(String),
    All(Vec<Effect>),
}

/// What the actor was shown in answer to one action.
struct Shown {
    answers: Vec<String>,
    redraws: Vec<String>,
    files: Vec<String>,
}

impl Effect {
    /// What of the effect is missing, if anything.
    async fn missing(&self, app: &TestApp, actor: i64, shown: &Shown) -> Vec<String> {
        let seen = match self {
            Effect::None => true,
            Effect::Says(text) => shown.answers.contains(text),
            Effect::Begins(text) => shown.answers.iter().any(|a| a.starts_with(text.as_str())),
            Effect::Holds(parts) => shown
                .answers
                .iter()
                .any(|a| parts.iter().all(|part| a.contains(part.as_str()))),
            Effect::Redraws(text) => shown.redraws.iter().any(|r| r.starts_with(text.as_str())),
            Effect::Sends(ending) => shown.files.iter().any(|name| name.ends_with(ending)),
            Effect::Row(sql) => {
                let query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.clone()));
                let query = if sql.contains("?1") {
                    query.bind(actor)
                } else {
                    query
                };
                query.fetch_one(&app.pool).await.unwrap() == 1
            }
            Effect::All(effects) => {
                let mut missing = Vec::new();
                for effect in effects {
                    missing.extend(Box::pin(effect.missing(app, actor, shown)).await);
                }
                return missing;
            }
        };
        if seen {
            Vec::new()
        } else {
            vec![format!("{self:?}")]
        }
    }
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
    /// An event that ended an hour ago, rated by the volunteer marked present at it.
    finished_event: i64,
    /// The code of a certificate of hours issued to the volunteer.
    certificate: String,
    /// Aruzhan, imported into the wing and not joined yet (Bolat is the other one).
    pending: i64,
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
    signups::volunteer(&app.db(), &[press], now).await.unwrap();
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
            ack_labels: PerLang::from_fn(|lang| app.text(lang, "broadcast-seen-it")),
        },
        app.clock.ms(),
    )
    .await
    .unwrap();
    let finished = app
        .seed_event(&organiser, Some(HOME), None, chrono::Duration::hours(-4))
        .await;
    for statement in [
        "UPDATE events SET status = 'finished' WHERE id = ?1",
        "INSERT INTO signups (event_id, member_id, status, seq, attended, thanked_at, created_at, updated_at)
         VALUES (?1, ?2, 'confirmed', 1, 1, 1, 1, 1)",
        "INSERT INTO event_ratings (event_id, member_id, stars, comment, answered_at) VALUES (?1, ?2, 5, 'Great', 1)",
    ] {
        sqlx::query(statement)
            .bind(finished.id)
            .bind(volunteer_row.id)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    // The volunteer's certificate of hours at an event of last month, which anybody may check.
    let last_month = certificates::Attended {
        title: "Clean-up day".into(),
        starts_at: now - 30 * 86_400,
        ends_at: now - 30 * 86_400 + 3 * 3600,
    };
    let certificate = certificates::issue(&app.pool, volunteer_row.id, "Madina Testov", &[last_month], now)
        .await
        .unwrap()
        .code;
    let pending = app
        .seed_pending(HOME, wing.id, &["Aruzhan Pending", "Bolat Pending"])
        .await[0]
        .id;
    app.wait_broadcasts_finished(Duration::from_secs(20)).await;
    app.queue_idle().await;
    World {
        pending,
        event: event.id,
        certificate,
        checkin_code: event.checkin_code,
        cancelled_event: cancelled.id,
        signup,
        wing: wing.id,
        broadcast,
        target,
        finished_event: finished.id,
    }
}

/// The table: every command and every button, who may, and what it does for `actor` (living
/// in the world's region or not) when they may. Texts are the English locale texts, with the
/// world's literal values where they have variables.
fn actions(app: &TestApp, w: &World, actor: Actor, home: bool) -> Vec<(Act, May, Effect)> {
    use Act::{Press, Say, SayInGroup};
    use Effect::{All, Begins, Holds, Redraws, Row, Says, Sends};
    use May::*;
    let en = |key: &str| app.text(Lang::En, key);
    let event = w.event;
    let target = w.target.id;
    let admin = actor == Actor::Admin;
    let region = if home { "Almaty" } else { "Akmola Region" };
    let title = "Event at +72h";
    let checkin_unknown = Says(en("checkin-unknown-code"));
    let volunteers = Begins(format!("👥 №{event} {title}\n"));
    let attendance = Begins(format!("Attendance: {title}\n"));
    let edit_which = Says(
        app.locales
            .text_with(Lang::En, "event-edit-which-of", &[("title", title.into())]),
    );
    let cancel_question = Begins(format!("Cancel \"{title}\" ("));
    let message_whom = Says(format!("Who should get your message about \"{title}\"?"));
    let scope = if admin { "Kazakhstan" } else { region };
    let stats_title = Begins(format!("📊 {scope}"));
    let signup_is = |status: &str| {
        Row(format!(
            "SELECT COUNT(*) FROM signups s JOIN members m ON m.id = s.member_id
             WHERE m.telegram_user_id = ?1 AND s.event_id = {event} AND s.status = '{status}'"
        ))
    };
    let start = if actor == Actor::Stranger {
        Holds(vec![en("reg-choose-language")])
    } else {
        Says(
            app.locales
                .text_with(Lang::En, "welcome-back", &[("name", "Actor Testov".into())]),
        )
    };
    let help = match actor.role() {
        _ if actor == Actor::Stranger => Says(en("help-guest")),
        role => Holds(
            [
                (None, "help-member"),
                (Some(Role::Organiser), "help-organiser"),
                (Some(Role::Coordinator), "help-coordinator"),
                (Some(Role::Admin), "help-admin"),
            ]
            .into_iter()
            .filter(|(needs, _)| role >= *needs)
            .map(|(_, key)| en(key))
            .collect(),
        ),
    };
    // `invites`: how many of the region's the actor has made, this one included.
    let invite_link = |region: &str, iso: &str, invites: i64| {
        All(vec![
            Begins(format!(
                "Invite link for the role organiser, {region}:\nhttps://t.me/"
            )),
            Row(format!(
                "SELECT COUNT(*) = {invites} FROM invites WHERE created_by = ?1
                 AND role = 'organiser' AND region_iso = '{iso}' AND used_by IS NULL"
            )),
        ])
    };
    let linked = |region: &str, iso: &str| {
        All(vec![
            Says(
                app.locales
                    .text_with(Lang::En, "linkgroup-done", &[("region", region.into())]),
            ),
            Row(format!(
                "SELECT COUNT(*) FROM linked_groups WHERE chat_id = {GROUP} AND region_iso = '{iso}'
                 AND linked_by = ?1"
            )),
        ])
    };
    let own_iso = if home { HOME } else { ELSEWHERE };
    let mut table = vec![
        // Commands anybody may send.
        (Say("/start".into()), Anyone, start.clone()),
        (Say("/register".into()), Anyone, start),
        (Say("/help".into()), Anyone, help),
        (Say("/cancel".into()), Anyone, Says(en("nothing-to-cancel"))),
        // A member's own things.
        (
            Say("/profile".into()),
            Members,
            Holds(vec!["Actor Testov".into(), format!("Region: {region}\n")]),
        ),
        (
            Say("/language".into()),
            Anyone,
            Holds(vec![en("reg-choose-language")]),
        ),
        (
            Say("/mydata".into()),
            Anyone,
            if actor == Actor::Stranger {
                Says(en("mydata-nothing"))
            } else {
                All(vec![Says(en("mydata-caption")), Sends(".json")])
            },
        ),
        (Say("/forget".into()), Members, Says(en("forget-question"))),
        (
            Say("/events".into()),
            Members,
            if home {
                Begins(format!("📅 {title} (№{event})\n"))
            } else {
                Says(en("events-none"))
            },
        ),
        (Say("/my".into()), Members, Begins(en("my-upcoming-title"))),
        // Nobody acting has attended an event: there is nothing to certify yet.
        (
            Say("/certificate".into()),
            Members,
            Says(en("certificate-nothing-yet")),
        ),
        (
            Say(format!("/verify {}", w.certificate)),
            Anyone,
            Holds(vec![
                "✅ This certificate is genuine.".into(),
                "Holder: Madina Testov\n".into(),
                "Volunteer hours: 3\n".into(),
            ]),
        ),
        (
            Say(format!("/start crt_{}", w.certificate)),
            Anyone,
            Holds(vec!["Holder: Madina Testov\n".into()]),
        ),
        (
            Say("/verify 0123456789ABCDEF".into()),
            Anyone,
            Says(en("verify-not-genuine")),
        ),
        // The code is shown at the venue: a member not signed up for its event hears what an
        // unknown code gets; only a confirmed volunteer is marked present.
        (
            Say(format!("/checkin {}", w.checkin_code)),
            Members,
            checkin_unknown.clone(),
        ),
        (
            Say(format!("/start chk_{}", w.checkin_code)),
            Members,
            checkin_unknown,
        ),
        // Staff commands.
        (
            Say("/newevent".into()),
            Staff(Role::Organiser),
            Says(en(if admin {
                "event-new-where"
            } else {
                "event-ask-title"
            })),
        ),
        (
            Say(format!("/editevent {event}")),
            StaffThere(Role::Organiser),
            edit_which.clone(),
        ),
        (
            Say(format!("/cancelevent {event}")),
            StaffThere(Role::Organiser),
            cancel_question.clone(),
        ),
        (
            Say(format!("/volunteers {event}")),
            StaffThere(Role::Organiser),
            All(vec![
                volunteers.clone(),
                Holds(vec!["1. Madina Testov — confirmed".into()]),
            ]),
        ),
        (
            Say(format!("/attendance {event}")),
            StaffThere(Role::Organiser),
            attendance.clone(),
        ),
        (
            Say(format!("/message {event}")),
            StaffThere(Role::Organiser),
            message_whom.clone(),
        ),
        (
            Press(format!("ea:{event}:confirmed")),
            StaffThere(Role::Organiser),
            Says(en("broadcast-send-message")),
        ),
        (Say("/stats".into()), Staff(Role::Organiser), stats_title.clone()),
        (
            Say(format!("/stats event {event}")),
            StaffThere(Role::Organiser),
            Begins(format!("📊 №{event} {title}\n")),
        ),
        (
            Say("/stats wing".into()),
            Staff(Role::Organiser),
            if admin {
                Says(en("stats-wing-regional"))
            } else {
                Begins(en("stats-by-wing"))
            },
        ),
        (
            Say("/export".into()),
            Staff(Role::Coordinator),
            All(vec![Says(en("export-sending")), Sends(".csv")]),
        ),
        (
            Say("/digest".into()),
            Staff(Role::Coordinator),
            Says(en("digest-turned-on")),
        ),
        (
            Say("/broadcast".into()),
            Staff(Role::Coordinator),
            Says(en("broadcast-who")),
        ),
        (
            Say("/broadcasts".into()),
            Staff(Role::Coordinator),
            // Admins see every broadcast, coordinators their own.
            if admin {
                Begins(format!("{}\n#{} · ", en("broadcasts-title"), w.broadcast))
            } else {
                Says(en("broadcasts-none"))
            },
        ),
        (
            Say("/invite organiser".into()),
            Staff(Role::Coordinator),
            if admin {
                Says(en("invite-need-region"))
            } else {
                invite_link(region, own_iso, 1)
            },
        ),
        (
            Say(format!("/invite organiser {HOME}")),
            StaffThere(Role::Coordinator),
            // A coordinator of the region made one there already, just before.
            invite_link("Almaty", HOME, if !admin && home { 2 } else { 1 }),
        ),
        (
            Say(format!("/grant organiser {target}")),
            StaffThere(Role::Coordinator),
            All(vec![
                Says("Done: Arman Testov is now organiser, Almaty.".into()),
                Row(format!(
                    "SELECT COUNT(*) FROM roles WHERE telegram_user_id = {target}
                     AND role = 'organiser' AND region_iso = '{HOME}' AND granted_by = ?1"
                )),
            ]),
        ),
        (
            Say(format!("/revoke {target}")),
            StaffThere(Role::Coordinator),
            All(vec![
                Says("Done: Arman Testov is no longer organiser, Almaty.".into()),
                Row(format!(
                    "SELECT COUNT(*) = 0 FROM roles WHERE telegram_user_id = {target}"
                )),
            ]),
        ),
        (
            Say("/wings".into()),
            Staff(Role::Coordinator),
            if admin {
                Says(en("wings-pick-region"))
            } else {
                Begins(format!("Youth wings: {region}\n"))
            },
        ),
        (
            Say(format!("/wings {HOME}")),
            StaffThere(Role::Coordinator),
            Begins("Youth wings: Almaty\n• Uyghur youth — 0 members".into()),
        ),
        (
            Say("/import".into()),
            Staff(Role::Coordinator),
            if admin {
                Says(en("import-name-region"))
            } else {
                Begins(format!("Send the file of people for {region} as a document"))
            },
        ),
        (
            Say(format!("/import {HOME}")),
            StaffThere(Role::Coordinator),
            Begins("Send the file of people for Almaty as a document".into()),
        ),
        (
            Say("/pending".into()),
            Staff(Role::Coordinator),
            if admin {
                Says(en("pending-name-region"))
            } else {
                Begins(format!("⏳ Imported people: {region}\n"))
            },
        ),
        (
            Say(format!("/pending {HOME}")),
            StaffThere(Role::Coordinator),
            Begins(
                "⏳ Imported people: Almaty\n⏳ Imported: not joined yet 2 · joined through their link 0"
                    .into(),
            ),
        ),
        (
            Say("/audit".into()),
            Staff(Role::Admin),
            Begins(en("audit-title")),
        ),
        (
            SayInGroup(format!("/linkgroup {HOME}")),
            StaffThere(Role::Coordinator),
            linked("Almaty", HOME),
        ),
        (
            SayInGroup("/linkgroup".into()),
            Staff(Role::Coordinator),
            if admin {
                Says(en("linkgroup-which-region"))
            } else {
                linked(region, own_iso)
            },
        ),
        // A member's buttons on the world's event.
        (
            Press(format!("v:{event}")),
            MembersThere,
            All(vec![Says(en("event-signed-up")), signup_is("confirmed")]),
        ),
        (
            Press(format!("uv:{event}")),
            MembersThere,
            All(vec![Says(en("event-signup-cancelled")), signup_is("cancelled")]),
        ),
        (Press(format!("ics:{event}")), MembersThere, Sends(".ics")),
        (
            Press("ep:1".into()),
            Members,
            if home {
                Redraws(format!("📅 {title} (№{event})\n"))
            } else {
                Redraws(en("events-none"))
            },
        ),
        // The broadcast went out before the actor registered: not theirs to acknowledge.
        (Press(format!("ack:{}", w.broadcast)), Nobody, Effect::None),
        (Press("pe:n".into()), Members, Says(en("profile-ask-name"))),
        (
            Press("l:en".into()),
            Members,
            All(vec![
                Says(en("language-changed")),
                Row("SELECT COUNT(*) FROM members WHERE telegram_user_id = ?1 AND lang = 'en'".into()),
            ]),
        ),
        (
            Press("f:n".into()),
            Members,
            All(vec![
                Says(en("forget-kept")),
                Row("SELECT COUNT(*) FROM members WHERE telegram_user_id = ?1".into()),
            ]),
        ),
        // Staff buttons on the world's event, wing and broadcast.
        (
            Press(format!("ef:{event}:p")),
            StaffThere(Role::Organiser),
            Says(en("event-ask-place")),
        ),
        (
            Press(format!("vp:{event}:1")),
            StaffThere(Role::Organiser),
            Redraws(format!("👥 №{event} {title}\n")),
        ),
        (
            Press(format!("vc:{event}")),
            StaffThere(Role::Organiser),
            Sends(".csv"),
        ),
        (
            Press(format!("ap:{event}:1")),
            StaffThere(Role::Organiser),
            Redraws(format!("Attendance: {title}\n")),
        ),
        (
            Press(format!("ax:{}:1", w.signup)),
            StaffThere(Role::Organiser),
            All(vec![
                Says(en("attendance-marked")),
                Row(format!("SELECT attended FROM signups WHERE id = {}", w.signup)),
            ]),
        ),
        (
            Press(format!("qr:{event}")),
            StaffThere(Role::Organiser),
            All(vec![
                Begins(format!(
                    "Check-in for \"{title}\": show this QR code at the venue. Volunteers scan it, \
                     or send /checkin {}.",
                    w.checkin_code
                )),
                Sends(".png"),
            ]),
        ),
        (
            Press("st:30d".into()),
            Staff(Role::Organiser),
            Redraws(format!("📊 {}", if admin { "Kazakhstan" } else { region })),
        ),
        (
            Press("stc:30d".into()),
            Staff(Role::Organiser),
            All(vec![
                Says(format!(
                    "Attended, by {} — {scope}, last 30 days",
                    if admin { "region" } else { "month" }
                )),
                Sends(".png"),
            ]),
        ),
        (
            Press("stk:30d".into()),
            Staff(Role::Organiser),
            All(vec![
                Says(format!(
                    "New members and attendances, week by week — {scope}, last 30 days"
                )),
                Sends(".png"),
            ]),
        ),
        (
            Press("stg:30d".into()),
            Staff(Role::Organiser),
            All(vec![
                Says(format!("Attended, by youth wing — {scope}, last 30 days")),
                Sends(".png"),
            ]),
        ),
        (
            Press("dgo".into()),
            Staff(Role::Coordinator),
            All(vec![
                Says(en("digest-turned-off")),
                Row("SELECT COUNT(*) = 1 FROM digest_opt_outs WHERE telegram_user_id = ?1".into()),
            ]),
        ),
        (
            Press(format!("wl:{HOME}")),
            StaffThere(Role::Coordinator),
            Begins("Youth wings: Almaty\n".into()),
        ),
        (
            Press(format!("wa:{HOME}")),
            StaffThere(Role::Coordinator),
            Says(en("wings-ask-name")),
        ),
        (
            Press(format!("wr:{}", w.wing)),
            StaffThere(Role::Coordinator),
            Says("Write the new name for “Uyghur youth”.".into()),
        ),
        (
            Press(format!("wx:{}", w.wing)),
            StaffThere(Role::Coordinator),
            Begins("Archive “Uyghur youth”? ".into()),
        ),
        (
            Press(format!("pd:{}", w.wing)),
            StaffThere(Role::Coordinator),
            Begins("⏳ Uyghur youth, Almaty — not joined yet: 2\n1. Aruzhan Pending (2004)".into()),
        ),
        (
            Press(format!("pdp:{}:1", w.wing)),
            StaffThere(Role::Coordinator),
            Redraws("⏳ Uyghur youth, Almaty — not joined yet: 2\n".into()),
        ),
        (
            Press(format!("pdr:{}:1", w.pending)),
            StaffThere(Role::Coordinator),
            Redraws("Delete the details of Aruzhan Pending (2004, Uyghur youth)? ".into()),
        ),
        (
            Press(format!("bar:{HOME}")),
            StaffThere(Role::Coordinator),
            Says(en("broadcast-send-message")),
        ),
        (
            Press(format!("baw:{}", w.wing)),
            StaffThere(Role::Coordinator),
            Says(en("broadcast-send-message")),
        ),
        // Coordinators pick their wing straight from the audience buttons.
        (
            Press("bcw".into()),
            Staff(Role::Admin),
            Says(en("wings-pick-region")),
        ),
        (
            Press("baa".into()),
            Staff(Role::Admin),
            Says(en("broadcast-send-message")),
        ),
        (
            Press("bcr".into()),
            Staff(Role::Admin),
            Says(en("broadcast-pick-regions")),
        ),
        // A broadcast's report belongs to its sender (not the actor) and to admins; a
        // finished broadcast cannot be cancelled.
        (
            Press(format!("brp:{}", w.broadcast)),
            Staff(Role::Admin),
            Begins(format!("Broadcast #{} is finished: 4 recipients.\n", w.broadcast)),
        ),
        (
            Press(format!("bun:{}", w.broadcast)),
            Staff(Role::Admin),
            Sends(".csv"),
        ),
        (Press(format!("bxc:{}", w.broadcast)), Nobody, Effect::None),
    ];
    for (tool, effect) in [
        ("e", edit_which),
        ("c", cancel_question),
        ("v", volunteers),
        ("a", attendance),
        ("m", message_whom),
    ] {
        table.push((
            Press(format!("pk:{tool}:{event}")),
            StaffThere(Role::Organiser),
            effect,
        ));
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
        table.push((Press(data.into()), Nobody, Effect::None));
    }
    // Forged data: someone else's sign-up, events that are gone or never were, nonsense.
    // Rating is for the volunteers marked present at a finished event: the actor was at none.
    for data in [
        format!("rt:{}:1", w.finished_event),
        format!("rtn:{}", w.finished_event),
        format!("rt:{event}:3"),
        "rt:999999:5".into(),
        "rt:1:9".into(),
        format!("sc:{event}:n"),
        format!("v:{}", w.cancelled_event),
        "v:999999".into(),
        "ecx:999999".into(),
        "ax:999999:1".into(),
        "wy:999999".into(),
        "pd:999999".into(),
        "pdp:999999:1".into(),
        "pdr:999999:1".into(),
        "pdy:999999:1".into(),
        "v:abc".into(),
        "v:-1".into(),
        format!("v:{event}{}", "0".repeat(70)),
        "x".repeat(65),
        String::new(),
    ] {
        table.push((Press(data), Nobody, Effect::None));
    }
    // Last, what destroys something the later cells would need.
    table.extend([
        (
            Press(format!("pdy:{}:1", w.pending)),
            StaffThere(Role::Coordinator),
            All(vec![
                Says("Deleted: Aruzhan Pending.".into()),
                Redraws("⏳ Uyghur youth, Almaty — not joined yet: 1\n1. Bolat Pending (2004)".into()),
                Row(format!(
                    "SELECT COUNT(*) = 0 FROM pending_people WHERE id = {}",
                    w.pending
                )),
                Row(format!(
                    "SELECT COUNT(*) FROM audit_log WHERE action = 'pending_removed'
                     AND actor_user_id = ?1 AND json_extract(details, '$.pending') = {}",
                    w.pending
                )),
            ]),
        ),
        (
            Press(format!("wy:{}", w.wing)),
            StaffThere(Role::Coordinator),
            All(vec![
                Begins("Youth wings: Almaty\n".into()),
                Row(format!(
                    "SELECT archived_at IS NOT NULL FROM wings WHERE id = {}",
                    w.wing
                )),
            ]),
        ),
        (
            Press(format!("ecx:{event}")),
            StaffThere(Role::Organiser),
            All(vec![
                Says(app.locales.text_with(
                    Lang::En,
                    "event-cancelled-done",
                    &[("title", title.into()), ("count", 1.into())],
                )),
                Row(format!(
                    "SELECT COUNT(*) FROM events WHERE id = {event} AND status = 'cancelled'"
                )),
            ]),
        ),
        (
            Press("f:y".into()),
            Members,
            All(vec![
                Says(en("forget-done")),
                Row("SELECT COUNT(*) = 0 FROM members WHERE telegram_user_id = ?1".into()),
            ]),
        ),
    ]);
    table
}

/// Answers that refuse: the actor learns they may not, and nothing happens.
const REFUSALS: [&str; 12] = [
    "not-allowed",
    // `/grant` answers alike for nobody and for a member of another region.
    "person-unknown",
    "button-stale",
    "not-registered",
    "event-register-first",
    "stats-not-allowed",
    "export-not-allowed",
    "digest-not-staff",
    "event-not-found",
    "event-closed-cancelled",
    "rating-not-yours",
    // A pending person removed already: nothing to remove, for whoever asks.
    "pending-gone",
];

/// Every row of every table, except the record of handled updates (every update adds to it),
/// the answers queued for the actor themselves (a stale card redrawn, say) and what the cards
/// in the actor's own chat show.
async fn state(app: &TestApp, actor: i64) -> Vec<String> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT IN ('processed_updates', '_sqlx_migrations', 'deliveries', 'member_cards')
         ORDER BY name",
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
    let cards: Vec<(i64, i32, i64, i64)> = sqlx::query_as(
        "SELECT chat_id, message_id, event_id, shown FROM member_cards WHERE chat_id != ? ORDER BY 1, 2",
    )
    .bind(actor)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    rows.extend(cards.iter().map(|c| format!("member_cards: {c:?}")));
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
    let refusals: Vec<String> = REFUSALS.iter().map(|key| app.text(Lang::En, key)).collect();

    let apologies: Vec<String> = Lang::ALL
        .iter()
        .map(|lang| app.text(*lang, "error-internal"))
        .collect();

    let mut wrong = String::new();
    for (act, may, effect) in actions(&app, &world, actor, home) {
        // Each cell starts outside any dialogue.
        sqlx::query("DELETE FROM dialogues WHERE chat_id = ?")
            .bind(user.id)
            .execute(&app.pool)
            .await
            .unwrap();
        app.queue_idle().await;
        // A fresh card for each press: what an earlier cell drew on it cannot make this
        // cell's redraw a no-op.
        let card = app.fake.bot_message(&user, "A card", json!(null));
        let before = state(&app, user.id).await;
        let since = app.fake.call_count();
        let errors_before = app.telemetry().handler_errors();
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
        let (redraws, sent): (Vec<_>, Vec<_>) = app
            .fake
            .sent_since(chat, since)
            .into_iter()
            .partition(|sent| sent.method == "editMessageText" && sent.message_id == Some(card));
        let mut answers: Vec<String> = sent.into_iter().map(|sent| sent.text).collect();
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
        } else if answers.iter().any(|a| apologies.contains(a))
            || app.telemetry().handler_errors() > errors_before
        {
            writeln!(wrong, "{act:?}: failed inside: {answers:?}").unwrap();
        } else if allowed && refused {
            writeln!(wrong, "{act:?}: refused, but {may:?} allows it: {answers:?}").unwrap();
        } else if !allowed && !refused {
            writeln!(wrong, "{act:?}: allowed, but {may:?} does not: {answers:?}").unwrap();
        } else if allowed {
            let shown = Shown {
                files: app.fake.calls()[since..]
                    .iter()
                    .filter(|call| call.error.is_none() && call.params["chat_id"].as_i64() == Some(chat))
                    .flat_map(|call| call.params.as_object().cloned().unwrap_or_default())
                    .filter(|(name, _)| name.starts_with("__") && name.ends_with("_file_name"))
                    .filter_map(|(_, file)| file.as_str().map(str::to_owned))
                    .collect(),
                redraws: redraws.into_iter().map(|sent| sent.text).collect(),
                answers: answers.clone(),
            };
            let missing = effect.missing(&app, user.id, &shown).await;
            if !missing.is_empty() {
                writeln!(
                    wrong,
                    "{act:?}: allowed, but missing {missing:?}; shown {answers:?}, redrawn {:?}, files {:?}",
                    shown.redraws, shown.files
                )
                .unwrap();
            }
        } else {
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
