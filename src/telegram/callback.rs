//! Callback data of every inline button: one enum, short prefixes, at most 64 bytes.
//!
//! Callback data comes from the client and can be forged: handlers check what it names against
//! the database and the dialogue state before anything changes.

use crate::domain::period::Period;
use crate::i18n::Lang;

/// Telegram's limit on `callback_data`.
pub const MAX_CALLBACK_BYTES: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    Language(Lang),
    Consent(bool),
    Guardian(bool),
    Region(String),
    /// A youth wing, or `None` for "Not in a wing".
    Wing(Option<i64>),
    ConfirmRegistration,
    RestartRegistration,
    EditProfile(ProfileField),
    /// `/forget`: erase my data (true) or keep it.
    Forget(bool),
    /// `/wings`: the wings of a region.
    WingsOf(String),
    /// `/wings`: page N (from 1) of a region's wings.
    WingsPage(String, i64),
    /// Page N (from 1) of the wings offered to a member choosing theirs.
    WingPickPage(i64),
    WingAdd(String),
    WingRename(i64),
    WingArchive(i64),
    WingArchiveConfirmed(i64),
    // `/broadcast`, step by step.
    BcAudienceAll,
    BcAudienceRegion(String),
    BcAudienceWing(i64),
    BcChooseRegions,
    BcToggleRegion(String),
    BcRegionsDone,
    BcChooseWing,
    BcWingRegion(String),
    /// Page N (from 1) of a region's wings as a broadcast's audience.
    BcWingsPage(String, i64),
    BcVersionLang(Lang),
    BcPreview,
    BcToggleAck,
    BcSend,
    BcDiscard,
    /// Cancel a running broadcast.
    BroadcastCancel(i64),
    /// The CSV of who a broadcast did not reach.
    BroadcastUnreached(i64),
    /// A broadcast's report as it stands now.
    BroadcastReport(i64),
    /// "Seen it" under a broadcast.
    Ack(i64),
    // Events, for members.
    /// Sign up for an event (from its card).
    Volunteer(i64),
    /// Cancel my sign-up.
    Unvolunteer(i64),
    /// The event as an .ics file.
    Calendar(i64),
    /// `/events`, page N (from 1).
    EventsPage(i64),
    /// The answer to "Still coming?" a day before.
    StillComing(i64, bool),
    // `/newevent`, step by step.
    /// The event's region, or `None` for republic-wide (admins).
    NeRegion(Option<String>),
    NeUnlimited,
    NeDeadlineAtStart,
    NePublish,
    NeEdit,
    NeDiscard,
    NeField(EventField),
    // Managing a published event.
    /// Which event a command without an argument is about.
    Pick(EventTool, i64),
    EditField(i64, EventField),
    CancelEventConfirmed(i64),
    /// `/volunteers`, page N (from 1).
    VolunteersPage(i64, i64),
    VolunteersCsv(i64),
    /// `/attendance`, page N (from 1).
    AttendancePage(i64, i64),
    /// Present / not present, for a sign-up; the page it was on.
    AttendanceToggle(i64, i64),
    CheckinQr(i64),
    /// `/stats` for another period.
    Stats(Period),
    /// The chart of `/stats` for a period.
    StatsChart(Period),
    /// The week-by-week chart of `/stats` for a period.
    StatsWeekly(Period),
    /// The youth wings chart of `/stats` for a period.
    StatsWings(Period),
    /// Under the weekly digest: stop sending it (`/digest` turns it on again).
    DigestOff,
}

/// The fields of an event, in the order `/newevent` asks for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventField {
    Title,
    Description,
    Start,
    End,
    Place,
    Capacity,
    Deadline,
}

impl EventField {
    pub const ALL: [EventField; 7] = [
        EventField::Title,
        EventField::Description,
        EventField::Start,
        EventField::End,
        EventField::Place,
        EventField::Capacity,
        EventField::Deadline,
    ];

    fn code(self) -> &'static str {
        match self {
            EventField::Title => "t",
            EventField::Description => "d",
            EventField::Start => "s",
            EventField::End => "e",
            EventField::Place => "p",
            EventField::Capacity => "c",
            EventField::Deadline => "l",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// The staff commands that act on one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventTool {
    Edit,
    Cancel,
    Volunteers,
    Attendance,
}

impl EventTool {
    pub const ALL: [EventTool; 4] = [
        EventTool::Edit,
        EventTool::Cancel,
        EventTool::Volunteers,
        EventTool::Attendance,
    ];

    fn code(self) -> &'static str {
        match self {
            EventTool::Edit => "e",
            EventTool::Cancel => "c",
            EventTool::Volunteers => "v",
            EventTool::Attendance => "a",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileField {
    Name,
    BirthYear,
    Region,
    Wing,
    Phone,
    Language,
}

impl ProfileField {
    const ALL: [ProfileField; 6] = [
        ProfileField::Name,
        ProfileField::BirthYear,
        ProfileField::Region,
        ProfileField::Wing,
        ProfileField::Phone,
        ProfileField::Language,
    ];

    fn code(self) -> &'static str {
        match self {
            ProfileField::Name => "n",
            ProfileField::BirthYear => "y",
            ProfileField::Region => "r",
            ProfileField::Wing => "w",
            ProfileField::Phone => "p",
            ProfileField::Language => "l",
        }
    }
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "y" } else { "n" }
}

fn parse_yes_no(s: &str) -> Option<bool> {
    match s {
        "y" => Some(true),
        "n" => Some(false),
        _ => None,
    }
}

impl Callback {
    pub fn encode(&self) -> String {
        let data = match self {
            Callback::Language(lang) => format!("l:{}", lang.code()),
            Callback::Consent(agreed) => format!("c:{}", yes_no(*agreed)),
            Callback::Guardian(agreed) => format!("g:{}", yes_no(*agreed)),
            Callback::Region(iso) => format!("r:{iso}"),
            Callback::Wing(Some(id)) => format!("w:{id}"),
            Callback::Wing(None) => "w:-".to_owned(),
            Callback::ConfirmRegistration => "rc".to_owned(),
            Callback::RestartRegistration => "rr".to_owned(),
            Callback::EditProfile(field) => format!("pe:{}", field.code()),
            Callback::Forget(erase) => format!("f:{}", yes_no(*erase)),
            Callback::WingsOf(iso) => format!("wl:{iso}"),
            Callback::WingsPage(iso, page) => format!("wlp:{iso}:{page}"),
            Callback::WingPickPage(page) => format!("wp:{page}"),
            Callback::BcWingsPage(iso, page) => format!("bwp:{iso}:{page}"),
            Callback::WingAdd(iso) => format!("wa:{iso}"),
            Callback::WingRename(id) => format!("wr:{id}"),
            Callback::WingArchive(id) => format!("wx:{id}"),
            Callback::WingArchiveConfirmed(id) => format!("wy:{id}"),
            Callback::BcAudienceAll => "baa".to_owned(),
            Callback::BcAudienceRegion(iso) => format!("bar:{iso}"),
            Callback::BcAudienceWing(id) => format!("baw:{id}"),
            Callback::BcChooseRegions => "bcr".to_owned(),
            Callback::BcToggleRegion(iso) => format!("btr:{iso}"),
            Callback::BcRegionsDone => "brd".to_owned(),
            Callback::BcChooseWing => "bcw".to_owned(),
            Callback::BcWingRegion(iso) => format!("bwr:{iso}"),
            Callback::BcVersionLang(lang) => format!("bvl:{}", lang.code()),
            Callback::BcPreview => "bpv".to_owned(),
            Callback::BcToggleAck => "bta".to_owned(),
            Callback::BcSend => "bsd".to_owned(),
            Callback::BcDiscard => "bds".to_owned(),
            Callback::BroadcastCancel(id) => format!("bxc:{id}"),
            Callback::BroadcastUnreached(id) => format!("bun:{id}"),
            Callback::BroadcastReport(id) => format!("brp:{id}"),
            Callback::Ack(id) => format!("ack:{id}"),
            Callback::Volunteer(id) => format!("v:{id}"),
            Callback::Unvolunteer(id) => format!("uv:{id}"),
            Callback::Calendar(id) => format!("ics:{id}"),
            Callback::EventsPage(page) => format!("ep:{page}"),
            Callback::StillComing(id, yes) => format!("sc:{id}:{}", yes_no(*yes)),
            Callback::NeRegion(Some(iso)) => format!("ner:{iso}"),
            Callback::NeRegion(None) => "ner:-".to_owned(),
            Callback::NeUnlimited => "neu".to_owned(),
            Callback::NeDeadlineAtStart => "ned".to_owned(),
            Callback::NePublish => "nep".to_owned(),
            Callback::NeEdit => "nee".to_owned(),
            Callback::NeDiscard => "nex".to_owned(),
            Callback::NeField(field) => format!("nef:{}", field.code()),
            Callback::Pick(tool, id) => format!("pk:{}:{id}", tool.code()),
            Callback::EditField(id, field) => format!("ef:{id}:{}", field.code()),
            Callback::CancelEventConfirmed(id) => format!("ecx:{id}"),
            Callback::VolunteersPage(id, page) => format!("vp:{id}:{page}"),
            Callback::VolunteersCsv(id) => format!("vc:{id}"),
            Callback::AttendancePage(id, page) => format!("ap:{id}:{page}"),
            Callback::AttendanceToggle(signup, page) => format!("ax:{signup}:{page}"),
            Callback::CheckinQr(id) => format!("qr:{id}"),
            Callback::Stats(period) => format!("st:{}", period.code()),
            Callback::StatsChart(period) => format!("stc:{}", period.code()),
            Callback::StatsWeekly(period) => format!("stk:{}", period.code()),
            Callback::StatsWings(period) => format!("stg:{}", period.code()),
            Callback::DigestOff => "dgo".to_owned(),
        };
        debug_assert!(data.len() <= MAX_CALLBACK_BYTES, "callback data too long: {data}");
        data
    }

    /// `None` for anything this version of the bot never produced.
    pub fn decode(data: &str) -> Option<Self> {
        if data.len() > MAX_CALLBACK_BYTES {
            return None;
        }
        let (prefix, rest) = data.split_once(':').unwrap_or((data, ""));
        let callback = match (prefix, rest) {
            ("l", code) => Callback::Language(Lang::ALL.into_iter().find(|l| l.code() == code)?),
            ("c", flag) => Callback::Consent(parse_yes_no(flag)?),
            ("g", flag) => Callback::Guardian(parse_yes_no(flag)?),
            ("r", iso) if is_region_code(iso) => Callback::Region(iso.to_owned()),
            ("w", "-") => Callback::Wing(None),
            ("w", id) => Callback::Wing(Some(parse_id(id)?)),
            ("rc", "") => Callback::ConfirmRegistration,
            ("rr", "") => Callback::RestartRegistration,
            ("pe", code) => Callback::EditProfile(ProfileField::ALL.into_iter().find(|f| f.code() == code)?),
            ("f", flag) => Callback::Forget(parse_yes_no(flag)?),
            ("wl", iso) if is_region_code(iso) => Callback::WingsOf(iso.to_owned()),
            ("wlp", rest) => {
                let (iso, page) = parse_region_and_page(rest)?;
                Callback::WingsPage(iso, page)
            }
            ("wp", page) => Callback::WingPickPage(parse_id(page)?),
            ("bwp", rest) => {
                let (iso, page) = parse_region_and_page(rest)?;
                Callback::BcWingsPage(iso, page)
            }
            ("wa", iso) if is_region_code(iso) => Callback::WingAdd(iso.to_owned()),
            ("wr", id) => Callback::WingRename(parse_id(id)?),
            ("wx", id) => Callback::WingArchive(parse_id(id)?),
            ("wy", id) => Callback::WingArchiveConfirmed(parse_id(id)?),
            ("baa", "") => Callback::BcAudienceAll,
            ("bar", iso) if is_region_code(iso) => Callback::BcAudienceRegion(iso.to_owned()),
            ("baw", id) => Callback::BcAudienceWing(parse_id(id)?),
            ("bcr", "") => Callback::BcChooseRegions,
            ("btr", iso) if is_region_code(iso) => Callback::BcToggleRegion(iso.to_owned()),
            ("brd", "") => Callback::BcRegionsDone,
            ("bcw", "") => Callback::BcChooseWing,
            ("bwr", iso) if is_region_code(iso) => Callback::BcWingRegion(iso.to_owned()),
            ("bvl", code) => Callback::BcVersionLang(Lang::ALL.into_iter().find(|l| l.code() == code)?),
            ("bpv", "") => Callback::BcPreview,
            ("bta", "") => Callback::BcToggleAck,
            ("bsd", "") => Callback::BcSend,
            ("dgo", "") => Callback::DigestOff,
            ("bds", "") => Callback::BcDiscard,
            ("bxc", id) => Callback::BroadcastCancel(parse_id(id)?),
            ("bun", id) => Callback::BroadcastUnreached(parse_id(id)?),
            ("brp", id) => Callback::BroadcastReport(parse_id(id)?),
            ("ack", id) => Callback::Ack(parse_id(id)?),
            ("v", id) => Callback::Volunteer(parse_id(id)?),
            ("uv", id) => Callback::Unvolunteer(parse_id(id)?),
            ("ics", id) => Callback::Calendar(parse_id(id)?),
            ("ep", page) => Callback::EventsPage(parse_id(page)?),
            ("sc", rest) => {
                let (id, flag) = rest.split_once(':')?;
                Callback::StillComing(parse_id(id)?, parse_yes_no(flag)?)
            }
            ("ner", "-") => Callback::NeRegion(None),
            ("ner", iso) if is_region_code(iso) => Callback::NeRegion(Some(iso.to_owned())),
            ("neu", "") => Callback::NeUnlimited,
            ("ned", "") => Callback::NeDeadlineAtStart,
            ("nep", "") => Callback::NePublish,
            ("nee", "") => Callback::NeEdit,
            ("nex", "") => Callback::NeDiscard,
            ("nef", code) => Callback::NeField(EventField::from_code(code)?),
            ("pk", rest) => {
                let (code, id) = rest.split_once(':')?;
                let tool = EventTool::ALL.into_iter().find(|t| t.code() == code)?;
                Callback::Pick(tool, parse_id(id)?)
            }
            ("ef", rest) => {
                let (id, code) = rest.split_once(':')?;
                Callback::EditField(parse_id(id)?, EventField::from_code(code)?)
            }
            ("ecx", id) => Callback::CancelEventConfirmed(parse_id(id)?),
            ("vp", rest) => {
                let (id, page) = parse_pair(rest)?;
                Callback::VolunteersPage(id, page)
            }
            ("vc", id) => Callback::VolunteersCsv(parse_id(id)?),
            ("ap", rest) => {
                let (id, page) = parse_pair(rest)?;
                Callback::AttendancePage(id, page)
            }
            ("ax", rest) => {
                let (id, page) = parse_pair(rest)?;
                Callback::AttendanceToggle(id, page)
            }
            ("qr", id) => Callback::CheckinQr(parse_id(id)?),
            ("st", code) => Callback::Stats(Period::from_code(code)?),
            ("stc", code) => Callback::StatsChart(Period::from_code(code)?),
            ("stk", code) => Callback::StatsWeekly(Period::from_code(code)?),
            ("stg", code) => Callback::StatsWings(Period::from_code(code)?),
            _ => return None,
        };
        // Only what `encode` writes: `rc:` or `w:+5` are not buttons this bot made.
        Some(callback).filter(|callback| callback.encode() == data)
    }
}

/// Two ids: `12:3`.
fn parse_pair(s: &str) -> Option<(i64, i64)> {
    let (a, b) = s.split_once(':')?;
    Some((parse_id(a)?, parse_id(b)?))
}

/// A region and a page: `KZ-75:2`.
fn parse_region_and_page(s: &str) -> Option<(String, i64)> {
    let (iso, page) = s.split_once(':')?;
    is_region_code(iso).then(|| Some((iso.to_owned(), parse_id(page)?)))?
}

/// ISO 3166-2:KZ codes look like `KZ-71`.
fn is_region_code(s: &str) -> bool {
    s.len() == 5 && s.starts_with("KZ-") && s[3..].bytes().all(|b| b.is_ascii_digit())
}

/// A database id: positive, canonical digits only (no sign, no leading zeros).
fn parse_id(s: &str) -> Option<i64> {
    let id: i64 = s.parse().ok()?;
    (id > 0 && id.to_string() == s).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_samples() -> Vec<Callback> {
        let mut samples = vec![
            Callback::Consent(true),
            Callback::Consent(false),
            Callback::Guardian(true),
            Callback::Guardian(false),
            Callback::Region("KZ-71".into()),
            Callback::Wing(None),
            Callback::Wing(Some(i64::MAX)),
            Callback::ConfirmRegistration,
            Callback::RestartRegistration,
            Callback::Forget(true),
            Callback::Forget(false),
            Callback::WingsOf("KZ-63".into()),
            Callback::WingAdd("KZ-10".into()),
            Callback::WingRename(12),
            Callback::WingArchive(i64::MAX),
            Callback::WingArchiveConfirmed(1),
            Callback::BcAudienceAll,
            Callback::BcAudienceRegion("KZ-75".into()),
            Callback::BcAudienceWing(3),
            Callback::BcChooseRegions,
            Callback::BcToggleRegion("KZ-11".into()),
            Callback::BcRegionsDone,
            Callback::BcChooseWing,
            Callback::BcWingRegion("KZ-19".into()),
            Callback::BcPreview,
            Callback::BcToggleAck,
            Callback::BcSend,
            Callback::DigestOff,
            Callback::BcDiscard,
            Callback::BroadcastCancel(i64::MAX),
            Callback::BroadcastUnreached(5),
            Callback::BroadcastReport(6),
            Callback::Ack(i64::MAX),
            Callback::Volunteer(i64::MAX),
            Callback::Unvolunteer(1),
            Callback::Calendar(2),
            Callback::EventsPage(3),
            Callback::StillComing(i64::MAX, true),
            Callback::StillComing(4, false),
            Callback::NeRegion(Some("KZ-75".into())),
            Callback::NeRegion(None),
            Callback::NeUnlimited,
            Callback::NeDeadlineAtStart,
            Callback::NePublish,
            Callback::NeEdit,
            Callback::NeDiscard,
            Callback::EditField(i64::MAX, EventField::Deadline),
            Callback::CancelEventConfirmed(i64::MAX),
            Callback::VolunteersPage(i64::MAX, i64::MAX),
            Callback::VolunteersCsv(7),
            Callback::AttendancePage(8, 2),
            Callback::AttendanceToggle(i64::MAX, i64::MAX),
            Callback::CheckinQr(9),
        ];
        samples.extend(EventField::ALL.map(Callback::NeField));
        samples.extend(Period::ALL.map(Callback::Stats));
        samples.extend(Period::ALL.map(Callback::StatsChart));
        samples.extend(Period::ALL.map(Callback::StatsWeekly));
        samples.extend(Period::ALL.map(Callback::StatsWings));
        samples.extend(EventTool::ALL.map(|tool| Callback::Pick(tool, i64::MAX)));
        samples.extend(Lang::ALL.map(Callback::BcVersionLang));
        samples.extend(Lang::ALL.map(Callback::Language));
        samples.extend(ProfileField::ALL.map(Callback::EditProfile));
        samples
    }

    #[test]
    fn every_callback_round_trips_within_64_bytes() {
        for callback in all_samples() {
            let data = callback.encode();
            assert!(data.len() <= MAX_CALLBACK_BYTES, "{data}");
            assert_eq!(Callback::decode(&data), Some(callback), "{data}");
        }
    }

    /// Buttons already on people's phones keep working: each kind of button writes exactly the
    /// data it always has, and reads it back.
    #[test]
    fn every_kind_of_button_keeps_its_data() {
        use Callback as C;
        let pinned = [
            (C::Language(Lang::Kk), "l:kk"),
            (C::Language(Lang::Ru), "l:ru"),
            (C::Language(Lang::En), "l:en"),
            (C::Consent(true), "c:y"),
            (C::Consent(false), "c:n"),
            (C::Guardian(true), "g:y"),
            (C::Guardian(false), "g:n"),
            (C::Region("KZ-71".into()), "r:KZ-71"),
            (C::Wing(Some(12)), "w:12"),
            (C::Wing(None), "w:-"),
            (C::ConfirmRegistration, "rc"),
            (C::RestartRegistration, "rr"),
            (C::EditProfile(ProfileField::Name), "pe:n"),
            (C::EditProfile(ProfileField::BirthYear), "pe:y"),
            (C::EditProfile(ProfileField::Region), "pe:r"),
            (C::EditProfile(ProfileField::Wing), "pe:w"),
            (C::EditProfile(ProfileField::Phone), "pe:p"),
            (C::EditProfile(ProfileField::Language), "pe:l"),
            (C::Forget(true), "f:y"),
            (C::Forget(false), "f:n"),
            (C::WingsOf("KZ-63".into()), "wl:KZ-63"),
            (C::WingsPage("KZ-63".into(), 2), "wlp:KZ-63:2"),
            (C::WingPickPage(3), "wp:3"),
            (C::WingAdd("KZ-10".into()), "wa:KZ-10"),
            (C::WingRename(4), "wr:4"),
            (C::WingArchive(5), "wx:5"),
            (C::WingArchiveConfirmed(6), "wy:6"),
            (C::BcAudienceAll, "baa"),
            (C::BcAudienceRegion("KZ-75".into()), "bar:KZ-75"),
            (C::BcAudienceWing(7), "baw:7"),
            (C::BcChooseRegions, "bcr"),
            (C::BcToggleRegion("KZ-11".into()), "btr:KZ-11"),
            (C::BcRegionsDone, "brd"),
            (C::BcChooseWing, "bcw"),
            (C::BcWingRegion("KZ-19".into()), "bwr:KZ-19"),
            (C::BcWingsPage("KZ-19".into(), 8), "bwp:KZ-19:8"),
            (C::BcVersionLang(Lang::Kk), "bvl:kk"),
            (C::BcVersionLang(Lang::Ru), "bvl:ru"),
            (C::BcVersionLang(Lang::En), "bvl:en"),
            (C::BcPreview, "bpv"),
            (C::BcToggleAck, "bta"),
            (C::BcSend, "bsd"),
            (C::BcDiscard, "bds"),
            (C::BroadcastCancel(9), "bxc:9"),
            (C::BroadcastUnreached(10), "bun:10"),
            (C::BroadcastReport(11), "brp:11"),
            (C::Ack(i64::MAX), "ack:9223372036854775807"),
            (C::Volunteer(13), "v:13"),
            (C::Unvolunteer(14), "uv:14"),
            (C::Calendar(15), "ics:15"),
            (C::EventsPage(16), "ep:16"),
            (C::StillComing(17, true), "sc:17:y"),
            (C::StillComing(17, false), "sc:17:n"),
            (C::NeRegion(Some("KZ-75".into())), "ner:KZ-75"),
            (C::NeRegion(None), "ner:-"),
            (C::NeUnlimited, "neu"),
            (C::NeDeadlineAtStart, "ned"),
            (C::NePublish, "nep"),
            (C::NeEdit, "nee"),
            (C::NeDiscard, "nex"),
            (C::NeField(EventField::Title), "nef:t"),
            (C::NeField(EventField::Description), "nef:d"),
            (C::NeField(EventField::Start), "nef:s"),
            (C::NeField(EventField::End), "nef:e"),
            (C::NeField(EventField::Place), "nef:p"),
            (C::NeField(EventField::Capacity), "nef:c"),
            (C::NeField(EventField::Deadline), "nef:l"),
            (C::Pick(EventTool::Edit, 18), "pk:e:18"),
            (C::Pick(EventTool::Cancel, 18), "pk:c:18"),
            (C::Pick(EventTool::Volunteers, 18), "pk:v:18"),
            (C::Pick(EventTool::Attendance, 18), "pk:a:18"),
            (C::EditField(19, EventField::Capacity), "ef:19:c"),
            (C::CancelEventConfirmed(20), "ecx:20"),
            (C::VolunteersPage(21, 2), "vp:21:2"),
            (C::VolunteersCsv(22), "vc:22"),
            (C::AttendancePage(23, 3), "ap:23:3"),
            (C::AttendanceToggle(24, 4), "ax:24:4"),
            (C::CheckinQr(25), "qr:25"),
            (C::Stats(Period::Days30), "st:30d"),
            (C::Stats(Period::Days90), "st:90d"),
            (C::Stats(Period::ThisYear), "st:year"),
            (C::Stats(Period::AllTime), "st:all"),
            (C::StatsChart(Period::Days30), "stc:30d"),
            (C::StatsWeekly(Period::Days90), "stk:90d"),
            (C::StatsWings(Period::AllTime), "stg:all"),
            (C::DigestOff, "dgo"),
        ];
        for (callback, data) in &pinned {
            assert_eq!(callback.encode(), *data, "{callback:?}");
            assert_eq!(Callback::decode(data).as_ref(), Some(callback), "{data}");
        }
        let kinds: std::collections::HashSet<_> =
            pinned.iter().map(|(c, _)| std::mem::discriminant(c)).collect();
        for sample in all_samples() {
            assert!(
                kinds.contains(&std::mem::discriminant(&sample)),
                "{sample:?} is not pinned"
            );
        }
    }

    #[test]
    fn refuses_malformed_or_forged_data() {
        for data in [
            "",
            ":",
            "l:",
            "l:de",
            "c:maybe",
            "r:KZ-7",
            "r:KZ-711",
            "r:US-10",
            "r:KZ-7a",
            "w:",
            "w:0",
            "w:-5",
            "w:007",
            "w:1e3",
            "w:99999999999999999999",
            "rc:x",
            "pe:zz",
            "zz:1",
            "v:0",
            "v:-1",
            "sc:5",
            "sc:5:x",
            "vp:5",
            "vp:5:0",
            "ax::1",
            "pk:z:1",
            "ner:KZ-7",
            "nef:q",
        ] {
            assert_eq!(Callback::decode(data), None, "{data:?}");
        }
        assert_eq!(Callback::decode(&format!("w:{}", "1".repeat(70))), None);
    }

    #[test]
    fn refuses_what_encode_never_writes() {
        for data in ["rc:", "rr:", "baa:", "nep:", "w:+5", "v:+1", "ep:01"] {
            assert_eq!(Callback::decode(data), None, "{data:?}");
        }
    }

    use crate::domain::hostile;
    use proptest::prelude::*;
    use proptest::sample::select;

    fn id() -> impl Strategy<Value = i64> {
        prop_oneof![1..=1000i64, 1..=i64::MAX, Just(i64::MAX)]
    }

    fn region() -> impl Strategy<Value = String> {
        (0..100u32).prop_map(|n| format!("KZ-{n:02}"))
    }

    /// Every kind of button this bot makes, with any ids in it.
    fn callback() -> impl Strategy<Value = Callback> {
        use Callback as C;
        let units = select(vec![
            C::ConfirmRegistration,
            C::RestartRegistration,
            C::BcAudienceAll,
            C::BcChooseRegions,
            C::BcRegionsDone,
            C::BcChooseWing,
            C::BcPreview,
            C::BcToggleAck,
            C::BcSend,
            C::DigestOff,
            C::BcDiscard,
            C::NeUnlimited,
            C::NeDeadlineAtStart,
            C::NePublish,
            C::NeEdit,
            C::NeDiscard,
            C::Wing(None),
            C::NeRegion(None),
        ]);
        let with_id: Vec<fn(i64) -> Callback> = vec![
            |id| C::Wing(Some(id)),
            C::WingRename,
            C::WingArchive,
            C::WingArchiveConfirmed,
            C::BcAudienceWing,
            C::BroadcastCancel,
            C::BroadcastUnreached,
            C::BroadcastReport,
            C::Ack,
            C::Volunteer,
            C::Unvolunteer,
            C::Calendar,
            C::EventsPage,
            C::WingPickPage,
            C::CancelEventConfirmed,
            C::VolunteersCsv,
            C::CheckinQr,
        ];
        let with_region: Vec<fn(String) -> Callback> = vec![
            C::Region,
            C::WingsOf,
            C::WingAdd,
            C::BcAudienceRegion,
            C::BcToggleRegion,
            C::BcWingRegion,
            |iso| C::NeRegion(Some(iso)),
        ];
        let with_flag: Vec<fn(bool) -> Callback> = vec![C::Consent, C::Guardian, C::Forget];
        let with_two_ids: Vec<fn(i64, i64) -> Callback> =
            vec![C::VolunteersPage, C::AttendancePage, C::AttendanceToggle];
        prop_oneof![
            units,
            (select(with_id), id()).prop_map(|(make, id)| make(id)),
            (select(with_region), region()).prop_map(|(make, iso)| make(iso)),
            (select(with_flag), any::<bool>()).prop_map(|(make, flag)| make(flag)),
            (select(with_two_ids), id(), id()).prop_map(|(make, a, b)| make(a, b)),
            (region(), id()).prop_map(|(iso, page)| C::WingsPage(iso, page)),
            (region(), id()).prop_map(|(iso, page)| C::BcWingsPage(iso, page)),
            (id(), any::<bool>()).prop_map(|(id, yes)| C::StillComing(id, yes)),
            select(Lang::ALL.to_vec()).prop_map(C::Language),
            select(Lang::ALL.to_vec()).prop_map(C::BcVersionLang),
            select(ProfileField::ALL.to_vec()).prop_map(C::EditProfile),
            select(EventField::ALL.to_vec()).prop_map(C::NeField),
            (id(), select(EventField::ALL.to_vec())).prop_map(|(id, field)| C::EditField(id, field)),
            (select(EventTool::ALL.to_vec()), id()).prop_map(|(tool, id)| C::Pick(tool, id)),
            select(Period::ALL.to_vec()).prop_map(C::Stats),
            select(Period::ALL.to_vec()).prop_map(C::StatsChart),
            select(Period::ALL.to_vec()).prop_map(C::StatsWeekly),
            select(Period::ALL.to_vec()).prop_map(C::StatsWings),
        ]
    }

    /// Every prefix `encode` writes, for forgeries that start like a real button.
    const PREFIXES: &[&str] = &[
        "l:", "c:", "g:", "r:", "r:KZ-", "w:", "rc", "rr", "pe:", "f:", "wl:", "wa:", "wr:", "wx:", "wy:",
        "baa", "bar:", "baw:", "bcr", "btr:", "brd", "bcw", "bwr:", "bvl:", "bpv", "bta", "bsd", "bds",
        "bxc:", "bun:", "brp:", "ack:", "v:", "uv:", "ics:", "ep:", "sc:", "sc:1:", "ner:", "neu", "ned",
        "nep", "nee", "nex", "nef:", "pk:", "pk:e:", "ef:", "ef:1:", "ecx:", "vp:", "vp:1:", "vc:", "ap:",
        "ax:", "ax:1:", "qr:", "st:", "stc:", "wlp:", "wlp:KZ-", "wp:", "bwp:", "bwp:KZ-",
    ];

    proptest! {
        #[test]
        fn every_button_round_trips_within_64_bytes(callback in callback()) {
            let data = callback.encode();
            prop_assert!(!data.is_empty() && data.len() <= MAX_CALLBACK_BYTES, "{}", data);
            prop_assert_eq!(Callback::decode(&data), Some(callback));
        }

        #[test]
        fn forged_data_never_panics_and_only_canonical_data_is_read(
            data in prop_oneof![hostile::text(), hostile::after(PREFIXES)],
        ) {
            if let Some(callback) = Callback::decode(&data) {
                prop_assert!(data.len() <= MAX_CALLBACK_BYTES);
                prop_assert_eq!(callback.encode(), data);
            }
        }
    }
}
