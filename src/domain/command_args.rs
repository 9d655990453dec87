//! Arguments of staff commands: `/grant organiser @aigerim Алматы`, `/revoke 12345`,
//! `/invite coordinator KZ-75`.

use super::role::Role;

/// Whom a command names; a reply to their message names them too (the handler sees that).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Id(i64),
    Username(String),
}

impl Target {
    /// `@name` (Telegram usernames: 5 to 32 letters, digits, underscores) or a numeric user id.
    pub fn parse(token: &str) -> Option<Self> {
        if let Some(name) = token.strip_prefix('@') {
            let valid = (5..=32).contains(&name.len())
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            return valid.then(|| Target::Username(name.to_owned()));
        }
        let id: i64 = token.parse().ok()?;
        (id > 0 && token.bytes().all(|b| b.is_ascii_digit())).then_some(Target::Id(id))
    }
}

/// `/grant ROLE [TARGET] [REGION...]` and `/invite ROLE [REGION...]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleArgs {
    pub role: Role,
    pub target: Option<Target>,
    /// The rest of the line: an ISO code or a region's name in any language.
    pub region: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgsError {
    /// Nothing, or not a role, where the role was expected.
    Role,
    /// A token that looks like a person but is not a valid `@username` or id.
    Target,
}

impl RoleArgs {
    pub fn parse(args: &str, with_target: bool) -> Result<Self, ArgsError> {
        let mut tokens = args.split_whitespace().peekable();
        let role = tokens
            .next()
            .ok_or(ArgsError::Role)?
            .parse::<Role>()
            .map_err(|_| ArgsError::Role)?;
        let target = match tokens.peek() {
            Some(token) if with_target && looks_like_target(token) => {
                let target = Target::parse(token).ok_or(ArgsError::Target)?;
                tokens.next();
                Some(target)
            }
            _ => None,
        };
        let region = tokens.collect::<Vec<_>>().join(" ");
        Ok(Self {
            role,
            target,
            region: (!region.is_empty()).then_some(region),
        })
    }
}

fn looks_like_target(token: &str) -> bool {
    token.starts_with('@') || token.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_role_target_and_region() {
        assert_eq!(
            RoleArgs::parse("organiser @aigerim_n Алматы облысы", true),
            Ok(RoleArgs {
                role: Role::Organiser,
                target: Some(Target::Username("aigerim_n".into())),
                region: Some("Алматы облысы".into()),
            })
        );
        assert_eq!(
            RoleArgs::parse("coordinator 123456 KZ-75", true),
            Ok(RoleArgs {
                role: Role::Coordinator,
                target: Some(Target::Id(123456)),
                region: Some("KZ-75".into())
            })
        );
        assert_eq!(
            RoleArgs::parse("  admin  ", true),
            Ok(RoleArgs {
                role: Role::Admin,
                target: None,
                region: None
            })
        );
        assert_eq!(
            RoleArgs::parse("organiser KZ-75", false),
            Ok(RoleArgs {
                role: Role::Organiser,
                target: None,
                region: Some("KZ-75".into())
            })
        );
    }

    #[test]
    fn refuses_what_is_not_a_role_or_a_person() {
        assert_eq!(RoleArgs::parse("", true), Err(ArgsError::Role));
        assert_eq!(RoleArgs::parse("king @someone", true), Err(ArgsError::Role));
        assert_eq!(RoleArgs::parse("organiser @ab", true), Err(ArgsError::Target));
        assert_eq!(
            RoleArgs::parse("organiser @bad-name!", true),
            Err(ArgsError::Target)
        );
        assert_eq!(Target::parse("0"), None);
        assert_eq!(Target::parse("99999999999999999999"), None);
        assert_eq!(
            Target::parse("@valid_name"),
            Some(Target::Username("valid_name".into()))
        );
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    fn role_name() -> impl Strategy<Value = (&'static str, Role)> {
        proptest::sample::select(vec![
            ("organiser", Role::Organiser),
            ("Organizer", Role::Organiser),
            ("ұйымдастырушы", Role::Organiser),
            ("КООРДИНАТОР", Role::Coordinator),
            ("үйлестіруші", Role::Coordinator),
            ("admin", Role::Admin),
            ("әкімші", Role::Admin),
        ])
    }

    fn target() -> impl Strategy<Value = Target> {
        prop_oneof![
            (1..=i64::MAX).prop_map(Target::Id),
            "[A-Za-z0-9_]{5,32}".prop_map(Target::Username),
        ]
    }

    fn target_text(target: &Target) -> String {
        match target {
            Target::Id(id) => id.to_string(),
            Target::Username(name) => format!("@{name}"),
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_what_it_accepts_is_clean(
            args in prop_oneof![
                hostile::text(),
                hostile::after(&["organiser ", "admin @", "coordinator 1", "организатор "]),
            ],
            with_target in any::<bool>(),
        ) {
            if let Ok(parsed) = RoleArgs::parse(&args, with_target) {
                if let Some(region) = &parsed.region {
                    prop_assert!(!region.is_empty());
                    prop_assert_eq!(region.split_whitespace().collect::<Vec<_>>().join(" "), region.as_str());
                }
                match &parsed.target {
                    Some(Target::Id(id)) => prop_assert!(*id > 0),
                    Some(Target::Username(name)) => {
                        prop_assert!((5..=32).contains(&name.len()));
                        prop_assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
                    }
                    None => {}
                }
                prop_assert!(with_target || parsed.target.is_none());
            }
            if let Some(Target::Id(id)) = Target::parse(&args) {
                prop_assert!(id > 0);
            }
        }

        #[test]
        fn role_person_and_region_come_back_as_typed(
            (name, role) in role_name(),
            target in proptest::option::of(target()),
            region in proptest::option::of(proptest::collection::vec("[A-Za-zА-Яа-яӘәҚқ-]{1,12}", 1..4)),
            gap in "[ \t]{1,3}",
        ) {
            let mut typed = name.to_owned();
            if let Some(target) = &target {
                typed.push_str(&gap);
                typed.push_str(&target_text(target));
            }
            if let Some(words) = &region {
                typed.push_str(&gap);
                typed.push_str(&words.join(&gap));
            }
            let expected = RoleArgs {
                role,
                target: target.clone(),
                region: region.map(|words| words.join(" ")),
            };
            prop_assert_eq!(RoleArgs::parse(&typed, true), Ok(expected));
            if let Some(target) = target {
                prop_assert_eq!(Target::parse(&target_text(&target)), Some(target));
            }
        }
    }
}
