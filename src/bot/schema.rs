//! The handler tree: a table of contents of the bot.

use teloxide::dispatching::{DpHandlerDescription, UpdateHandler, dialogue};
use teloxide::dptree::{self, case};
use teloxide::prelude::*;
use teloxide::types::Me;
use teloxide::utils::command::BotCommands;

use std::sync::Arc;

use crate::charts::ChartKind;
use crate::db::dialogues::DialogueStorage;
use crate::i18n::Locales;

use super::callback::{Callback, ProfileField};
use super::caller::{self, Caller, Lookup};
use super::commands::Command;
use super::handlers::{
    activation, attended, audit, broadcast, certificate, digest, event_staff, events, general, group, import,
    new_event, pending, privacy, profile, ratings, registration, roles, stale_button, stats, wings,
};
use super::main_menu::MenuButton;
use super::scope::{RoleKeeper, StatsScope};
use super::state::State;
use crate::updates::pipeline::pipeline;

/// The whole bot. Tests build it the same way the binary does.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    pipeline(
        dptree::entry()
            // Thousands press Volunteer on one announcement at once: the sign-up desk reads who
            // pressed, for all of them together, so these skip the reads every other update
            // starts with.
            .branch(
                Update::filter_callback_query()
                    .filter_map(|query: CallbackQuery| {
                        match query.data.as_deref().and_then(Callback::decode) {
                            Some(Callback::Volunteer(event_id)) => Some(event_id),
                            _ => None,
                        }
                    })
                    .endpoint(events::volunteer),
            )
            .branch(
                dialogue::enter::<Update, DialogueStorage<State>, State, _>()
                    .filter_map_async(caller::resolve)
                    .branch(dptree::filter_map(|found: Lookup| found.err()).endpoint(caller::lookup_failed))
                    .branch(
                        dptree::filter_map(|found: Lookup| found.ok())
                            .branch(
                                Update::filter_message()
                                    .filter(|msg: Message| msg.chat.is_private())
                                    .chain(private_messages()),
                            )
                            .branch(Update::filter_message().chain(group_messages()))
                            .branch(Update::filter_callback_query().chain(buttons())),
                    ),
            ),
    )
}

type Branch = Handler<'static, anyhow::Result<()>, DpHandlerDescription>;

/// A staff command or button: `scope` hands `handler` what the caller's stored role lets them
/// reach, as members are handed their row; anybody else gets `refused`.
fn staff_only<S: Send + Sync + 'static>(
    scope: fn(&Caller) -> Option<S>,
    handler: Branch,
    refused: Branch,
) -> Branch {
    dptree::entry()
        .branch(dptree::filter_map(move |caller: Caller| scope(&caller)).chain(handler))
        .branch(refused)
}

/// `/grant`, `/revoke`, `/invite`: for coordinators and admins.
fn role_keepers(handler: Branch) -> Branch {
    staff_only(RoleKeeper::of, handler, dptree::endpoint(general::not_allowed))
}

fn private_messages() -> Branch {
    // A command typed, or a main-menu button, which comes back as its label: the command it
    // stands for.
    let commands = dptree::filter_map(|msg: Message, me: Me, locales: Arc<Locales>| {
        let text = msg.text().or(msg.caption())?;
        Command::parse(text, me.username())
            .ok()
            .or_else(|| MenuButton::parse(&locales, msg.text()?).map(MenuButton::command))
    })
    .chain(commands());

    let member_edits = dptree::filter_map(|caller: Caller| caller.member)
        .branch(case![State::EditName].endpoint(profile::name_typed))
        .branch(case![State::EditBirthYear].endpoint(profile::birth_year_typed))
        .branch(case![State::EditPhone].endpoint(profile::phone_sent));

    dptree::entry()
        .branch(commands)
        .branch(
            dptree::filter(|msg: Message| msg.text().is_some_and(|t| t.starts_with('/')))
                .endpoint(general::unknown_command),
        )
        .branch(case![State::RegName { draft }].endpoint(registration::name_typed))
        .branch(case![State::RegBirthYear { draft }].endpoint(registration::birth_year_typed))
        .branch(case![State::RegPhone { draft }].endpoint(registration::phone_sent))
        .branch(member_edits)
        .branch(case![State::WingAddName { region_iso }].endpoint(wings::name_typed))
        .branch(case![State::WingNewName { wing_id }].endpoint(wings::new_name_typed))
        .branch(case![State::ImportFile { region_iso }].endpoint(import::file_sent))
        .branch(case![State::BroadcastCompose { draft }].endpoint(broadcast::compose::message_received))
        .branch(case![State::NewEvent { draft }].endpoint(new_event::field_typed))
        .branch(case![State::EditEvent { event_id, field }].endpoint(event_staff::edit::edit_value_typed))
        .branch(case![State::RateComment { event_id }].endpoint(ratings::comment_typed))
        .branch(
            dptree::filter(|state: State| state.is_registration()).endpoint(registration::expected_button),
        )
        .branch(dptree::endpoint(general::idle_message))
}

/// What each command of a private chat does, typed or pressed in the main menu.
fn commands() -> Branch {
    dptree::entry()
        .branch(case![Command::Start(payload)].endpoint(registration::start_with_payload))
        .branch(case![Command::Register].endpoint(registration::start))
        .branch(case![Command::Profile].endpoint(profile::show))
        .branch(case![Command::Language].endpoint(profile::language_command))
        .branch(case![Command::Help].endpoint(general::help))
        .branch(case![Command::Cancel].endpoint(general::cancel))
        .branch(case![Command::MyData].endpoint(privacy::my_data))
        .branch(case![Command::Forget].endpoint(privacy::forget))
        .branch(case![Command::Grant(args)].chain(role_keepers(dptree::endpoint(roles::grant))))
        .branch(case![Command::Revoke(args)].chain(role_keepers(dptree::endpoint(roles::revoke))))
        .branch(case![Command::Invite(args)].chain(role_keepers(dptree::endpoint(roles::invite))))
        .branch(case![Command::Wings(args)].chain(staff_only(
            |caller| caller.staff.clone(),
            dptree::endpoint(wings::command),
            dptree::endpoint(general::not_allowed),
        )))
        .branch(case![Command::Audit].endpoint(audit::command))
        .branch(case![Command::Broadcast].endpoint(broadcast::audience::start))
        .branch(case![Command::Broadcasts].endpoint(broadcast::sent::list))
        .branch(case![Command::LinkGroup(args)].endpoint(group::link_group))
        .branch(case![Command::Events].endpoint(events::list))
        .branch(case![Command::My].endpoint(attended::my))
        .branch(case![Command::Checkin(code)].endpoint(attended::checkin))
        .branch(case![Command::Certificate].endpoint(certificate::send))
        .branch(case![Command::Verify(code)].endpoint(certificate::verify))
        .branch(case![Command::NewEvent].endpoint(new_event::start))
        .branch(case![Command::EditEvent(args)].endpoint(event_staff::picker::edit_command))
        .branch(case![Command::CancelEvent(args)].endpoint(event_staff::picker::cancel_command))
        .branch(case![Command::Volunteers(args)].endpoint(event_staff::picker::volunteers_command))
        .branch(case![Command::Attendance(args)].endpoint(event_staff::picker::attendance_command))
        .branch(case![Command::Message(args)].endpoint(event_staff::picker::message_command))
        .branch(case![Command::Stats(args)].chain(staff_only(
            StatsScope::of,
            dptree::endpoint(stats::command),
            dptree::endpoint(stats::not_allowed),
        )))
        .branch(case![Command::Export].chain(staff_only(
            StatsScope::to_export,
            dptree::endpoint(stats::export),
            dptree::endpoint(stats::export_not_allowed),
        )))
        .branch(case![Command::Digest].endpoint(digest::command))
        .branch(case![Command::Import(args)].chain(staff_only(
            |caller| caller.staff.clone(),
            dptree::endpoint(import::command),
            dptree::endpoint(general::not_allowed),
        )))
        .branch(case![Command::Pending(args)].chain(staff_only(
            |caller| caller.staff.clone(),
            dptree::endpoint(pending::command),
            dptree::endpoint(general::not_allowed),
        )))
}

fn group_messages() -> Branch {
    // Only commands addressed to the bot get an answer; the rest of the group's talk is not ours.
    // Staff may name a person by replying to their message in a group.
    teloxide::filter_command::<Command, _>()
        .branch(case![Command::Grant(args)].chain(role_keepers(dptree::endpoint(roles::grant))))
        .branch(case![Command::Revoke(args)].chain(role_keepers(dptree::endpoint(roles::revoke))))
        .branch(case![Command::LinkGroup(args)].endpoint(group::link_group))
        .branch(dptree::endpoint(group::private_only))
}

fn buttons() -> Branch {
    let registration = dptree::entry()
        .branch(
            case![State::RegLanguage]
                .branch(case![Callback::Language(lang)].endpoint(registration::language_chosen)),
        )
        .branch(
            case![State::RegActivationLanguage { draft }]
                .branch(case![Callback::Language(lang)].endpoint(activation::language_chosen)),
        )
        .branch(
            case![State::RegConsent { draft }]
                .branch(case![Callback::Consent(agreed)].endpoint(registration::consent_answered)),
        )
        // Through a personal link: keep the list's value of the step on screen, and only that.
        .branch(
            case![State::RegName { draft }].branch(
                dptree::filter(|c: Callback| c == Callback::KeepAnswer(ProfileField::Name))
                    .endpoint(activation::name_kept),
            ),
        )
        .branch(
            case![State::RegBirthYear { draft }].branch(
                dptree::filter(|c: Callback| c == Callback::KeepAnswer(ProfileField::BirthYear))
                    .endpoint(activation::birth_year_kept),
            ),
        )
        .branch(
            case![State::RegGuardian { draft }]
                .branch(case![Callback::Guardian(agreed)].endpoint(registration::guardian_answered)),
        )
        .branch(
            case![State::RegRegion { draft }]
                .branch(case![Callback::Region(iso)].endpoint(registration::region_chosen)),
        )
        .branch(
            case![State::RegWing { draft }]
                .branch(case![Callback::Wing(wing)].endpoint(registration::wing_chosen))
                .branch(case![Callback::WingPickPage(page)].endpoint(registration::wing_page)),
        )
        .branch(
            case![State::RegConfirm { draft }]
                .branch(case![Callback::ConfirmRegistration].endpoint(registration::confirmed))
                .branch(case![Callback::RestartRegistration].endpoint(registration::restarted)),
        );

    let profile = dptree::filter_map(|caller: Caller| caller.member)
        .branch(case![Callback::EditProfile(field)].endpoint(profile::edit_chosen))
        .branch(case![State::Idle].branch(case![Callback::Language(lang)].endpoint(profile::language_chosen)))
        .branch(
            case![State::EditGuardian { birth_year }]
                .branch(case![Callback::Guardian(agreed)].endpoint(profile::guardian_answered)),
        )
        .branch(
            case![State::EditRegion].branch(case![Callback::Region(iso)].endpoint(profile::region_chosen)),
        )
        .branch(
            case![State::EditWing { region_iso }]
                .branch(case![Callback::Wing(wing)].endpoint(profile::wing_chosen))
                .branch(case![Callback::WingPickPage(page)].endpoint(profile::wing_page)),
        );

    // Staff buttons: each handler checks the stored role against what the button names.
    let staff = dptree::entry()
        .branch(case![Callback::WingsOf(iso)].endpoint(wings::region_picked))
        .branch(case![Callback::WingsPage(iso, page)].endpoint(wings::page_turned))
        .branch(case![Callback::WingAdd(iso)].endpoint(wings::add_pressed))
        .branch(case![Callback::WingRename(wing)].endpoint(wings::rename_pressed))
        .branch(case![Callback::WingArchive(wing)].endpoint(wings::archive_pressed))
        .branch(case![Callback::WingArchiveConfirmed(wing)].endpoint(wings::archive_confirmed))
        .branch(case![Callback::PendingWing(wing)].endpoint(pending::wing_chosen))
        .branch(case![Callback::PendingPage(wing, page)].endpoint(pending::page_turned))
        .branch(case![Callback::PendingRemove(person, page)].endpoint(pending::remove_asked))
        .branch(case![Callback::PendingRemoveConfirmed(person, page)].endpoint(pending::remove_confirmed))
        .branch(case![Callback::ImportStore(id)].endpoint(import::store_pressed))
        .branch(case![Callback::ImportCancel(id)].endpoint(import::cancel_pressed))
        .branch(
            dptree::filter(|c: Callback| {
                matches!(
                    c,
                    Callback::BcAudienceAll | Callback::BcAudienceRegion(_) | Callback::BcAudienceWing(_)
                )
            })
            .endpoint(broadcast::audience::audience_chosen),
        )
        .branch(case![Callback::BcChooseRegions].endpoint(broadcast::audience::choose_regions))
        .branch(
            case![State::BroadcastRegions { selected }]
                .branch(case![Callback::BcToggleRegion(iso)].endpoint(broadcast::audience::toggle_region))
                .branch(case![Callback::BcRegionsDone].endpoint(broadcast::audience::regions_done)),
        )
        .branch(case![Callback::BcChooseWing].endpoint(broadcast::audience::choose_wing))
        .branch(
            case![State::BroadcastWingRegion]
                .branch(case![Callback::BcWingRegion(iso)].endpoint(broadcast::audience::wing_region_chosen)),
        )
        .branch(case![Callback::BcWingsPage(iso, page)].endpoint(broadcast::audience::wings_page_turned))
        .branch(case![Callback::EventAudience(id, people)].endpoint(broadcast::audience::event_people_chosen))
        .branch(
            case![State::BroadcastCompose { draft }]
                .branch(case![Callback::BcVersionLang(lang)].endpoint(broadcast::compose::version_language))
                .branch(case![Callback::BcPreview].endpoint(broadcast::compose::preview))
                .branch(case![Callback::BcToggleAck].endpoint(broadcast::compose::toggle_ack))
                .branch(case![Callback::BcSend].endpoint(broadcast::compose::send))
                .branch(case![Callback::BcDiscard].endpoint(broadcast::compose::discard)),
        )
        .branch(case![Callback::BroadcastCancel(id)].endpoint(broadcast::sent::cancel))
        .branch(case![Callback::BroadcastUnreached(id)].endpoint(broadcast::sent::unreached_csv))
        .branch(case![Callback::BroadcastReport(id)].endpoint(broadcast::sent::report))
        .branch(case![Callback::Ack(id)].endpoint(broadcast::sent::seen_it));

    let new_event = dptree::entry()
        .branch(
            case![State::NewEventRegion]
                .branch(case![Callback::NeRegion(iso)].endpoint(new_event::region_chosen)),
        )
        .branch(
            case![State::NewEvent { draft }]
                .branch(
                    dptree::filter(|c: Callback| {
                        matches!(c, Callback::NeUnlimited | Callback::NeDeadlineAtStart)
                    })
                    .endpoint(new_event::shortcut),
                )
                .branch(case![Callback::NePublish].endpoint(new_event::publish))
                .branch(case![Callback::NeEdit].endpoint(new_event::edit))
                .branch(case![Callback::NeField(field)].endpoint(new_event::field_chosen))
                .branch(case![Callback::NeDiscard].endpoint(new_event::discard)),
        )
        .branch(
            case![State::EditEvent { event_id, field }].branch(
                dptree::filter(|c: Callback| {
                    matches!(c, Callback::NeUnlimited | Callback::NeDeadlineAtStart)
                })
                .endpoint(event_staff::edit::edit_shortcut),
            ),
        );

    // Event buttons: members act on events of their region; staff on events they manage.
    let events = dptree::entry()
        .branch(case![Callback::Unvolunteer(id)].endpoint(events::unvolunteer))
        .branch(case![Callback::Calendar(id)].endpoint(events::calendar))
        .branch(case![Callback::EventsPage(page)].endpoint(events::page))
        .branch(case![Callback::StillComing(id, coming)].endpoint(events::still_coming))
        .branch(case![Callback::Pick(tool, id)].endpoint(event_staff::picker::picked))
        .branch(case![Callback::EditField(id, field)].endpoint(event_staff::edit::edit_field_chosen))
        .branch(case![Callback::CancelEventConfirmed(id)].endpoint(event_staff::edit::cancel_confirmed))
        .branch(case![Callback::VolunteersPage(id, page)].endpoint(event_staff::roster::volunteers_turn))
        .branch(case![Callback::VolunteersCsv(id)].endpoint(event_staff::roster::volunteers_csv))
        .branch(case![Callback::AttendancePage(id, page)].endpoint(event_staff::attendance::attendance_turn))
        .branch(
            case![Callback::AttendanceToggle(signup, page)]
                .endpoint(event_staff::attendance::attendance_toggle),
        )
        .branch(case![Callback::CheckinQr(id)].endpoint(event_staff::attendance::qr))
        .branch(
            dptree::filter(|c: Callback| {
                matches!(
                    c,
                    Callback::Stats(_)
                        | Callback::StatsChart(_)
                        | Callback::StatsWeekly(_)
                        | Callback::StatsWings(_)
                )
            })
            .chain(staff_only(
                StatsScope::of,
                dptree::entry()
                    .branch(case![Callback::Stats(period)].endpoint(stats::period_chosen))
                    // Each chart button names its chart; one handler draws them all.
                    .branch(
                        case![Callback::StatsChart(period)]
                            .map(|| ChartKind::Attended)
                            .endpoint(stats::chart),
                    )
                    .branch(
                        case![Callback::StatsWeekly(period)]
                            .map(|| ChartKind::Weekly)
                            .endpoint(stats::chart),
                    )
                    .branch(
                        case![Callback::StatsWings(period)]
                            .map(|| ChartKind::Wings)
                            .endpoint(stats::chart),
                    ),
                dptree::endpoint(stale_button),
            )),
        )
        .branch(case![Callback::DigestOff].endpoint(digest::off))
        // After an event: its volunteers marked present rate it.
        .branch(case![Callback::Rate(id, stars)].endpoint(ratings::star_pressed))
        .branch(case![Callback::RateNoComment(id)].endpoint(ratings::skip_pressed));

    // No two groups take the same button, so the order is only for speed: the event buttons,
    // which members press most, first.
    let known = dptree::filter_map(|query: CallbackQuery| query.data.as_deref().and_then(Callback::decode))
        .branch(events)
        .branch(registration)
        .branch(profile)
        .branch(case![Callback::Forget(erase)].endpoint(privacy::forget_answered))
        .branch(case![Callback::KeepMyDetails(code)].endpoint(activation::keep_my_details))
        .branch(staff)
        .branch(new_event);

    // A button for another step, an old message, or data this bot never made: nothing changes.
    dptree::entry()
        .branch(known)
        .branch(dptree::endpoint(stale_button))
}
