//! Callback data of every inline button: one enum, short prefixes, at most 64 bytes.
//!
//! Callback data comes from the client and can be forged: handlers check what it names against
//! the database and the dialogue state before anything changes.

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
            ("bds", "") => Callback::BcDiscard,
            ("bxc", id) => Callback::BroadcastCancel(parse_id(id)?),
            ("bun", id) => Callback::BroadcastUnreached(parse_id(id)?),
            ("brp", id) => Callback::BroadcastReport(parse_id(id)?),
            ("ack", id) => Callback::Ack(parse_id(id)?),
            _ => return None,
        };
        Some(callback)
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
            Callback::BcDiscard,
            Callback::BroadcastCancel(i64::MAX),
            Callback::BroadcastUnreached(5),
            Callback::BroadcastReport(6),
            Callback::Ack(i64::MAX),
        ];
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
        ] {
            assert_eq!(Callback::decode(data), None, "{data:?}");
        }
        assert_eq!(Callback::decode(&format!("w:{}", "1".repeat(70))), None);
    }
}
