//! Callback data of every inline button: one enum, short prefixes, at most 64 bytes.
//!
//! The enum comes from one table (below): each line is a kind of button, the values it carries
//! and its prefix. Its data is the prefix, then `:` and each value in turn (`pk:e:12`), or the
//! prefix alone for a button that carries nothing (`rc`). Buttons already sent keep their data,
//! so a prefix and the order of values never change once a button has shipped.
//!
//! Callback data comes from the client and can be forged: handlers check what it names against
//! the database and the dialogue state before anything changes.

use std::fmt::Write;

use crate::domain::audience::EventPeople;
use crate::domain::link_code::LinkCode;
use crate::domain::period::Period;
use crate::domain::rating::Stars;
use crate::i18n::Lang;

/// Telegram's limit on `callback_data`.
pub const MAX_CALLBACK_BYTES: usize = 64;

/// Writes the enum, `encode` and `decode` from the table of buttons, and for tests the list of
/// prefixes, a sample of each kind of button and a proptest strategy over all of them.
macro_rules! buttons {
    ($(
        $(#[$doc:meta])*
        $variant:ident $(($($field:ident: $ty:ty),+))? = $prefix:literal,
    )+) => {
        /// What an inline button does when pressed.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Callback {
            $($(#[$doc])* $variant $(($($ty),+))?,)+
        }

        impl Callback {
            pub fn encode(&self) -> String {
                let mut data = String::new();
                match self {
                    $(Callback::$variant $(($($field),+))? => {
                        data.push_str($prefix);
                        $($(
                            data.push(':');
                            $field.write(&mut data);
                        )+)?
                    })+
                }
                debug_assert!(data.len() <= MAX_CALLBACK_BYTES, "callback data too long: {data}");
                data
            }

            /// `None` for anything this version of the bot never produced.
            pub fn decode(data: &str) -> Option<Self> {
                if data.len() > MAX_CALLBACK_BYTES {
                    return None;
                }
                let mut segments = data.split(':');
                let callback = match segments.next()? {
                    $($prefix => Callback::$variant $(($(<$ty as Segment>::read(segments.next()?)?),+))?,)+
                    _ => return None,
                };
                if segments.next().is_some() {
                    return None;
                }
                // Only what `encode` writes: `w:+5` or `ep:01` are not buttons this bot made.
                Some(callback).filter(|callback| callback.encode() == data)
            }
        }

        #[cfg(test)]
        impl Callback {
            /// The prefix of each kind of button, in the table's order.
            const PREFIXES: &'static [&'static str] = &[$($prefix),+];

            /// Buttons of every kind, between them carrying every sample value of each field.
            fn samples() -> Vec<Callback> {
                let mut samples = Vec::new();
                $(samples.extend(buttons!(@samples $variant $(($($field: $ty),+))?));)+
                samples
            }

            /// Any button this bot makes, with any values in it.
            fn strategy() -> proptest::strategy::BoxedStrategy<Callback> {
                use proptest::strategy::Strategy;
                proptest::strategy::Union::new([$(buttons!(@strategy $variant $(($($field: $ty),+))?)),+]).boxed()
            }
        }
    };
    (@samples $variant:ident) => {
        vec![Callback::$variant]
    };
    (@samples $variant:ident ($($field:ident: $ty:ty),+)) => {{
        $(let $field = <$ty as tests::Sample>::samples();)+
        let rows = [$($field.len()),+].into_iter().max().unwrap_or(0);
        (0..rows)
            .map(|row| Callback::$variant($($field[row % $field.len()].clone()),+))
            .collect::<Vec<_>>()
    }};
    (@strategy $variant:ident) => {
        proptest::strategy::Just(Callback::$variant).boxed()
    };
    (@strategy $variant:ident ($($field:ident: $ty:ty),+)) => {
        ($(<$ty as tests::Sample>::any(),)+)
            .prop_map(|($($field,)+)| Callback::$variant($($field),+))
            .boxed()
    };
}

// The table of buttons: one line each. The values' names say what they are; a text value is
// always a region's ISO code, a `LinkCode` the code of a personal link.
buttons! {
    Language(lang: Lang) = "l",
    Consent(agreed: bool) = "c",
    Guardian(agreed: bool) = "g",
    Region(iso: String) = "r",
    /// A youth wing, or `None` for "Not in a wing".
    Wing(wing: Option<i64>) = "w",
    ConfirmRegistration = "rc",
    RestartRegistration = "rr",
    /// Registering through a personal link: keep the value the headquarters' list has for
    /// this step (the name or the birth year).
    KeepAnswer(field: ProfileField) = "rk",
    /// A member who opened a personal link: keep their own details, which closes the link.
    KeepMyDetails(code: LinkCode) = "ak",
    EditProfile(field: ProfileField) = "pe",
    /// `/forget`: erase my data (true) or keep it.
    Forget(erase: bool) = "f",
    /// `/wings`: the wings of a region.
    WingsOf(iso: String) = "wl",
    /// `/wings`: page N (from 1) of a region's wings.
    WingsPage(iso: String, page: i64) = "wlp",
    /// Page N (from 1) of the wings offered to a member choosing theirs.
    WingPickPage(page: i64) = "wp",
    WingAdd(iso: String) = "wa",
    WingRename(wing: i64) = "wr",
    WingArchive(wing: i64) = "wx",
    WingArchiveConfirmed(wing: i64) = "wy",
    // `/broadcast`, step by step.
    BcAudienceAll = "baa",
    BcAudienceRegion(iso: String) = "bar",
    BcAudienceWing(wing: i64) = "baw",
    BcChooseRegions = "bcr",
    BcToggleRegion(iso: String) = "btr",
    BcRegionsDone = "brd",
    BcChooseWing = "bcw",
    BcWingRegion(iso: String) = "bwr",
    /// Page N (from 1) of a region's wings as a broadcast's audience.
    BcWingsPage(iso: String, page: i64) = "bwp",
    BcVersionLang(lang: Lang) = "bvl",
    BcPreview = "bpv",
    BcToggleAck = "bta",
    BcSend = "bsd",
    BcDiscard = "bds",
    /// Cancel a running broadcast.
    BroadcastCancel(broadcast: i64) = "bxc",
    /// The CSV of who a broadcast did not reach.
    BroadcastUnreached(broadcast: i64) = "bun",
    /// A broadcast's report as it stands now.
    BroadcastReport(broadcast: i64) = "brp",
    /// "Seen it" under a broadcast.
    Ack(id: i64) = "ack",
    // Events, for members.
    /// Sign up for an event (from its card).
    Volunteer(event: i64) = "v",
    /// Cancel my sign-up.
    Unvolunteer(event: i64) = "uv",
    /// The event as an .ics file.
    Calendar(event: i64) = "ics",
    /// `/events`, page N (from 1).
    EventsPage(page: i64) = "ep",
    /// The answer to "Still coming?" a day before.
    StillComing(event: i64, coming: bool) = "sc",
    // `/newevent`, step by step.
    /// The event's region, or `None` for republic-wide (admins).
    NeRegion(iso: Option<String>) = "ner",
    NeUnlimited = "neu",
    NeDeadlineAtStart = "ned",
    NePublish = "nep",
    NeEdit = "nee",
    NeDiscard = "nex",
    NeField(field: EventField) = "nef",
    // Managing a published event.
    /// Which event a command without an argument is about.
    Pick(tool: EventTool, event: i64) = "pk",
    EditField(event: i64, field: EventField) = "ef",
    CancelEventConfirmed(event: i64) = "ecx",
    /// `/volunteers`, page N (from 1).
    VolunteersPage(event: i64, page: i64) = "vp",
    VolunteersCsv(event: i64) = "vc",
    /// `/attendance`, page N (from 1).
    AttendancePage(event: i64, page: i64) = "ap",
    /// Present / not present, for a sign-up; the page it was on.
    AttendanceToggle(signup: i64, page: i64) = "ax",
    CheckinQr(event: i64) = "qr",
    /// `/message`: whom of the event's people to write to.
    EventAudience(event: i64, people: EventPeople) = "ea",
    /// `/stats` for another period.
    Stats(period: Period) = "st",
    /// The chart of `/stats` for a period.
    StatsChart(period: Period) = "stc",
    /// The week-by-week chart of `/stats` for a period.
    StatsWeekly(period: Period) = "stk",
    /// The youth wings chart of `/stats` for a period.
    StatsWings(period: Period) = "stg",
    // `/import`, under the dry run of a file.
    /// Store the good rows of the checked file as pending people.
    ImportStore(import: i64) = "imp",
    /// Store nothing.
    ImportCancel(import: i64) = "imx",
    /// Under the weekly digest: stop sending it (`/digest` turns it on again).
    DigestOff = "dgo",
    // After an event, for the volunteers marked present.
    /// Under the thank-you: rate the event (a second press changes the rating).
    Rate(event: i64, stars: Stars) = "rt",
    /// No comment on the rating just given.
    RateNoComment(event: i64) = "rtn",
    // `/pending`: the people a headquarters imported who have not joined yet.
    /// The pending people of a youth wing, first page.
    PendingWing(wing: i64) = "pd",
    /// Page N (from 1) of a wing's pending people.
    PendingPage(wing: i64, page: i64) = "pdp",
    /// Remove a pending person: asks first. The page of the list they were on.
    PendingRemove(pending: i64, page: i64) = "pdr",
    PendingRemoveConfirmed(pending: i64, page: i64) = "pdy",
}

/// A value a button carries, written between colons in its data.
trait Segment: Sized {
    fn write(&self, data: &mut String);
    /// `None` unless `segment` is what `write` makes of some value.
    fn read(segment: &str) -> Option<Self>;
}

/// A database id or a page number: positive, canonical digits only.
impl Segment for i64 {
    fn write(&self, data: &mut String) {
        let _ = write!(data, "{self}");
    }

    fn read(segment: &str) -> Option<Self> {
        parse_id(segment)
    }
}

/// A region's ISO code: the only text a button carries.
impl Segment for String {
    fn write(&self, data: &mut String) {
        data.push_str(self);
    }

    fn read(segment: &str) -> Option<Self> {
        is_region_code(segment).then(|| segment.to_owned())
    }
}

impl Segment for bool {
    fn write(&self, data: &mut String) {
        data.push_str(if *self { "y" } else { "n" });
    }

    fn read(segment: &str) -> Option<Self> {
        match segment {
            "y" => Some(true),
            "n" => Some(false),
            _ => None,
        }
    }
}

/// Lowercase hex digits.
impl Segment for LinkCode {
    fn write(&self, data: &mut String) {
        data.push_str(self.as_str());
    }

    fn read(segment: &str) -> Option<Self> {
        LinkCode::parse(segment)
    }
}

/// One digit, 1 to 5.
impl Segment for Stars {
    fn write(&self, data: &mut String) {
        let _ = write!(data, "{}", self.get());
    }

    fn read(segment: &str) -> Option<Self> {
        Stars::new(parse_id(segment)?)
    }
}

/// `-` for none.
impl<T: Segment> Segment for Option<T> {
    fn write(&self, data: &mut String) {
        match self {
            Some(value) => value.write(data),
            None => data.push('-'),
        }
    }

    fn read(segment: &str) -> Option<Self> {
        match segment {
            "-" => Some(None),
            value => T::read(value).map(Some),
        }
    }
}

/// Enums written as their short code, read by looking the code up among all their values.
macro_rules! coded_segments {
    ($($ty:ty),+) => {$(
        impl Segment for $ty {
            fn write(&self, data: &mut String) {
                data.push_str(self.code());
            }

            fn read(segment: &str) -> Option<Self> {
                <$ty>::ALL.into_iter().find(|value| value.code() == segment)
            }
        }
    )+};
}

coded_segments!(Lang, Period, EventField, EventTool, ProfileField, EventPeople);

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
}

/// The staff commands that act on one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventTool {
    Edit,
    Cancel,
    Volunteers,
    Attendance,
    /// `/message`: write to the event's volunteers.
    Message,
}

impl EventTool {
    pub const ALL: [EventTool; 5] = [
        EventTool::Edit,
        EventTool::Cancel,
        EventTool::Volunteers,
        EventTool::Attendance,
        EventTool::Message,
    ];

    fn code(self) -> &'static str {
        match self {
            EventTool::Edit => "e",
            EventTool::Cancel => "c",
            EventTool::Volunteers => "v",
            EventTool::Attendance => "a",
            EventTool::Message => "m",
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

    #[test]
    fn every_callback_round_trips_within_64_bytes() {
        for callback in Callback::samples() {
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
            (C::KeepAnswer(ProfileField::Name), "rk:n"),
            (C::KeepAnswer(ProfileField::BirthYear), "rk:y"),
            (
                C::KeepMyDetails(LinkCode::parse("0a1b2c3d4e5f60718293").unwrap()),
                "ak:0a1b2c3d4e5f60718293",
            ),
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
            (C::Pick(EventTool::Message, 18), "pk:m:18"),
            (C::EventAudience(26, EventPeople::Confirmed), "ea:26:confirmed"),
            (C::EventAudience(26, EventPeople::Waiting), "ea:26:waiting"),
            (C::EventAudience(26, EventPeople::Present), "ea:26:present"),
            (C::Stats(Period::Days30), "st:30d"),
            (C::Stats(Period::Days90), "st:90d"),
            (C::Stats(Period::ThisYear), "st:year"),
            (C::Stats(Period::AllTime), "st:all"),
            (C::StatsChart(Period::Days30), "stc:30d"),
            (C::StatsWeekly(Period::Days90), "stk:90d"),
            (C::StatsWings(Period::AllTime), "stg:all"),
            (C::ImportStore(29), "imp:29"),
            (C::ImportCancel(29), "imx:29"),
            (C::DigestOff, "dgo"),
            (C::Rate(27, Stars::new(1).unwrap()), "rt:27:1"),
            (C::Rate(27, Stars::new(5).unwrap()), "rt:27:5"),
            (C::RateNoComment(28), "rtn:28"),
            (C::PendingWing(29), "pd:29"),
            (C::PendingPage(29, 2), "pdp:29:2"),
            (C::PendingRemove(30, 2), "pdr:30:2"),
            (C::PendingRemoveConfirmed(30, 2), "pdy:30:2"),
        ];
        for (callback, data) in &pinned {
            assert_eq!(callback.encode(), *data, "{callback:?}");
            assert_eq!(Callback::decode(data).as_ref(), Some(callback), "{data}");
        }
        let kinds: std::collections::HashSet<_> =
            pinned.iter().map(|(c, _)| std::mem::discriminant(c)).collect();
        for sample in Callback::samples() {
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
            "rt:5",
            "rt:5:0",
            "rt:5:6",
            "rt:5:05",
            "rtn:",
            "rk:",
            "rk:q",
            "ak:",
            "ak:0A1B",
            "ak:0a1b:2",
            "pd:",
            "pdp:3",
            "pdr:3:0",
            "pdy:x:1",
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

    use std::sync::LazyLock;

    use crate::domain::hostile;
    use proptest::prelude::*;
    use proptest::sample::select;

    /// Values of a button's field for the tests the table writes: a few samples, and a strategy
    /// for any value a button of this bot can carry.
    pub(super) trait Sample: Clone + std::fmt::Debug + Sized + 'static {
        fn samples() -> Vec<Self>;
        fn any() -> BoxedStrategy<Self>;
    }

    impl Sample for i64 {
        fn samples() -> Vec<Self> {
            vec![1, 12, i64::MAX]
        }

        fn any() -> BoxedStrategy<Self> {
            prop_oneof![1..=1000i64, 1..=i64::MAX, Just(i64::MAX)].boxed()
        }
    }

    impl Sample for String {
        fn samples() -> Vec<Self> {
            vec!["KZ-71".into(), "KZ-75".into(), "KZ-10".into()]
        }

        fn any() -> BoxedStrategy<Self> {
            (0..100u32).prop_map(|n| format!("KZ-{n:02}")).boxed()
        }
    }

    impl Sample for bool {
        fn samples() -> Vec<Self> {
            vec![true, false]
        }

        fn any() -> BoxedStrategy<Self> {
            any::<bool>().boxed()
        }
    }

    impl<T: Sample> Sample for Option<T> {
        fn samples() -> Vec<Self> {
            std::iter::once(None)
                .chain(T::samples().into_iter().map(Some))
                .collect()
        }

        fn any() -> BoxedStrategy<Self> {
            prop_oneof![Just(None), T::any().prop_map(Some)].boxed()
        }
    }

    macro_rules! every_value_is_a_sample {
        ($($ty:ty),+) => {$(
            impl Sample for $ty {
                fn samples() -> Vec<Self> {
                    <$ty>::ALL.to_vec()
                }

                fn any() -> BoxedStrategy<Self> {
                    select(<$ty>::ALL.to_vec()).boxed()
                }
            }
        )+};
    }

    every_value_is_a_sample!(Lang, Period, EventField, EventTool, ProfileField, EventPeople);

    impl Sample for LinkCode {
        fn samples() -> Vec<Self> {
            ["0a1b2c3d4e5f60718293", "ffffffffffffffffffffffffffffffffffffffff"]
                .map(|code| LinkCode::parse(code).unwrap())
                .to_vec()
        }

        fn any() -> BoxedStrategy<Self> {
            "[0-9a-f]{1,40}"
                .prop_map(|code| LinkCode::parse(&code).unwrap())
                .boxed()
        }
    }

    impl Sample for Stars {
        fn samples() -> Vec<Self> {
            Stars::ALL.to_vec()
        }

        fn any() -> BoxedStrategy<Self> {
            select(Stars::ALL.to_vec()).boxed()
        }
    }

    /// Every start `encode` writes, for forgeries that begin like a real button: each prefix,
    /// and each sample's data cut after a `:` or a `-` (`sc:1:`, `r:KZ-`).
    static FORGERY_STARTS: LazyLock<&'static [&'static str]> = LazyLock::new(|| {
        let mut starts: std::collections::BTreeSet<String> = Callback::PREFIXES
            .iter()
            .map(|prefix| prefix.to_string())
            .collect();
        for data in Callback::samples().iter().map(Callback::encode) {
            for (at, _) in data.match_indices([':', '-']) {
                starts.insert(data[..=at].to_owned());
            }
        }
        let starts: Vec<&'static str> = starts.into_iter().map(|start| &*start.leak()).collect();
        &*starts.leak()
    });

    proptest! {
        #[test]
        fn every_button_round_trips_within_64_bytes(callback in Callback::strategy()) {
            let data = callback.encode();
            prop_assert!(!data.is_empty() && data.len() <= MAX_CALLBACK_BYTES, "{}", data);
            prop_assert_eq!(Callback::decode(&data), Some(callback));
        }

        #[test]
        fn forged_data_never_panics_and_only_canonical_data_is_read(
            data in prop_oneof![hostile::text(), hostile::after(*FORGERY_STARTS)],
        ) {
            if let Some(callback) = Callback::decode(&data) {
                prop_assert!(data.len() <= MAX_CALLBACK_BYTES);
                prop_assert_eq!(callback.encode(), data);
            }
        }
    }
}
