//! How an event looks in a chat: its card, its buttons, the messages about it, its files.

use std::io::Cursor;

use icalendar::{Component, EventLike};
use teloxide::types::{InlineKeyboardButtonKind, InlineKeyboardMarkup};

use crate::db::deliveries::{Button, Payload};
use crate::db::events::{Announcement, Closed, Event};
use crate::db::regions::Region;
use crate::domain::status::SignupStatus;
use crate::i18n::{Args, Lang, Locales, PerLang};

use super::callback::Callback;
use super::keyboards::{button, page_row};

/// The member's own sign-up, as the card shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mine {
    Confirmed,
    Waiting { position: i64 },
}

impl Mine {
    /// The reader's sign-up from its status and place in the waiting list.
    pub fn of(status: Option<SignupStatus>, position: i64) -> Option<Self> {
        match status {
            Some(SignupStatus::Confirmed) => Some(Mine::Confirmed),
            Some(SignupStatus::Waiting) => Some(Mine::Waiting { position }),
            Some(SignupStatus::Cancelled) | None => None,
        }
    }
}

/// Places taken and the waiting list's length.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub taken: i64,
    pub waiting: i64,
}

/// The card: title, description, when in words as seen at `now` (Almaty time, seconds since
/// the epoch), place, region, places, deadline, why sign-ups are closed if they are, and the
/// reader's own sign-up. A draft (id 0, the `/newevent` preview) has no number yet.
pub fn card_text(
    locales: &Locales,
    lang: Lang,
    now: i64,
    event: &Event,
    region: Option<&Region>,
    counts: Counts,
    mine: Option<Mine>,
    closed: Option<Closed>,
) -> String {
    let plan = &event.plan;
    let region_name = match region {
        Some(region) => region.name(lang).to_owned(),
        None => locales.text(lang, "event-republic-wide"),
    };
    let places = match plan.capacity {
        Some(capacity) => locales.text_with(
            lang,
            "event-places-limited",
            &[("taken", counts.taken.into()), ("capacity", capacity.into())],
        ),
        None => locales.text_with(lang, "event-places-unlimited", &[("taken", counts.taken.into())]),
    };
    let heading = if event.id == 0 {
        locales.text_with(
            lang,
            "event-card-heading-draft",
            &[("title", plan.title.as_str().into())],
        )
    } else {
        locales.text_with(
            lang,
            "event-card-heading",
            &[("title", plan.title.as_str().into()), ("id", event.id.into())],
        )
    };
    let mut text = locales.text_with(
        lang,
        "event-card",
        &[
            ("heading", heading.into()),
            ("description", plan.description.as_str().into()),
            (
                "when",
                locales.when(lang, now, plan.starts_at, plan.ends_at).into(),
            ),
            ("place", plan.place.as_str().into()),
            ("region", region_name.into()),
            ("places", places.into()),
            ("deadline", locales.moment(lang, now, plan.deadline_at).into()),
        ],
    );
    if counts.waiting > 0 {
        text.push('\n');
        text.push_str(&locales.text_with(lang, "event-waiting-count", &[("waiting", counts.waiting.into())]));
    }
    if let Some(closed) = closed {
        text.push_str("\n\n");
        text.push_str(&locales.text(
            lang,
            match closed {
                Closed::Cancelled => "event-is-cancelled",
                Closed::Started => "event-card-started",
                Closed::DeadlinePassed => "event-card-deadline-passed",
            },
        ));
    }
    match mine {
        Some(Mine::Confirmed) => {
            text.push_str("\n\n");
            text.push_str(&locales.text(lang, "event-mine-confirmed"));
        }
        Some(Mine::Waiting { position }) => {
            text.push_str("\n\n");
            text.push_str(&locales.text_with(lang, "event-mine-waiting", &[("position", position.into())]));
        }
        None => {}
    }
    text
}

/// The button that signs up: Volunteer while places remain, else Join the waiting list (with
/// how many wait), so the button says what pressing it will do.
fn signup_button(locales: &Locales, lang: Lang, event: &Event, counts: Counts) -> (String, Callback) {
    let full = event
        .plan
        .capacity
        .is_some_and(|capacity| counts.taken >= capacity);
    let label = if full && counts.waiting > 0 {
        locales.text_with(
            lang,
            "event-join-waiting-count",
            &[("waiting", counts.waiting.into())],
        )
    } else if full {
        locales.text(lang, "event-join-waiting")
    } else {
        locales.text(lang, "event-volunteer")
    };
    (label, Callback::Volunteer(event.id))
}

/// Volunteer, Join the waiting list or Cancel my sign-up, Add to calendar, and the page arrows
/// of `/events`. A closed event has no button that could only be refused: a member still may
/// cancel until the start, nobody may sign up.
pub fn card_keyboard(
    locales: &Locales,
    lang: Lang,
    event: &Event,
    counts: Counts,
    mine: Option<Mine>,
    closed: Option<Closed>,
    page: Option<(i64, i64)>,
) -> InlineKeyboardMarkup {
    let mut rows = Vec::new();
    match (mine, closed) {
        (Some(_), None | Some(Closed::DeadlinePassed)) => rows.push(vec![button(
            locales.text(lang, "event-unvolunteer"),
            Callback::Unvolunteer(event.id),
        )]),
        (None, None) => {
            let (label, callback) = signup_button(locales, lang, event, counts);
            rows.push(vec![button(label, callback)]);
        }
        _ => {}
    }
    if closed != Some(Closed::Cancelled) {
        rows.push(vec![button(
            locales.text(lang, "event-calendar"),
            Callback::Calendar(event.id),
        )]);
    }
    if let Some((page, pages)) = page.filter(|(_, pages)| *pages > 1) {
        rows.push(page_row(page, pages, Callback::EventsPage));
    }
    InlineKeyboardMarkup::new(rows)
}

/// The card with its buttons in `lang`, as seen at `now` by a member whose own sign-up is
/// `mine` (`None` without one, and on a group's card); `page` for `/events`.
pub fn draw(
    locales: &Locales,
    lang: Lang,
    event: &Event,
    region: Option<&Region>,
    counts: Counts,
    mine: Option<Mine>,
    now: i64,
    page: Option<(i64, i64)>,
) -> (String, InlineKeyboardMarkup) {
    let closed = event.closed_at(now);
    (
        card_text(locales, lang, now, event, region, counts, mine, closed),
        card_keyboard(locales, lang, event, counts, mine, closed, page),
    )
}

/// A drawn card's fingerprint, to tell whether a redraw would change it.
pub fn fingerprint(text: &str, markup: &InlineKeyboardMarkup) -> i64 {
    let rows: Vec<Vec<Button>> = markup
        .inline_keyboard
        .iter()
        .map(|row| {
            row.iter()
                .map(|button| Button {
                    label: button.text.clone(),
                    callback_data: match &button.kind {
                        InlineKeyboardButtonKind::CallbackData(data) => data.clone(),
                        _ => String::new(),
                    },
                })
                .collect()
        })
        .collect();
    crate::db::member_cards::fingerprint(text, &rows)
}

/// The card as a queued message with its buttons, for the announcement.
fn card_payload(locales: &Locales, lang: Lang, now: i64, event: &Event, region: Option<&Region>) -> Payload {
    Payload::Text {
        text: card_text(locales, lang, now, event, region, Counts::default(), None, None),
        buttons: vec![
            Button {
                label: signup_button(locales, lang, event, Counts::default()).0,
                callback_data: Callback::Volunteer(event.id).encode(),
            },
            Button {
                label: locales.text(lang, "event-calendar"),
                callback_data: Callback::Calendar(event.id).encode(),
            },
        ],
    }
}

/// The announcement of a new event: the card in each member's language, and in `group_lang`
/// (the publisher's) for linked groups.
pub fn announcement(
    locales: &Locales,
    now: i64,
    event: &Event,
    region: Option<&Region>,
    group_lang: Lang,
) -> Announcement {
    Announcement {
        for_members: PerLang::from_fn(|lang| card_payload(locales, lang, now, event, region)),
        for_groups: card_payload(locales, group_lang, now, event, region),
        group_lang,
    }
}

/// A message about an event, in each language: `key` with the event's title and when it runs
/// (in words, as seen at `now`), and `extra` arguments.
pub fn notice(locales: &Locales, now: i64, key: &str, event: &Event, extra: &Args<'_>) -> PerLang<Payload> {
    notice_with_buttons(locales, now, key, event, extra, |_| Vec::new())
}

pub fn notice_with_buttons(
    locales: &Locales,
    now: i64,
    key: &str,
    event: &Event,
    extra: &Args<'_>,
    buttons: impl Fn(Lang) -> Vec<Button>,
) -> PerLang<Payload> {
    let plan = &event.plan;
    PerLang::from_fn(|lang| {
        let mut args: Vec<(&str, fluent_bundle::FluentValue)> = vec![
            ("title", plan.title.as_str().into()),
            (
                "when",
                locales.when(lang, now, plan.starts_at, plan.ends_at).into(),
            ),
            ("place", plan.place.as_str().into()),
        ];
        args.extend(extra.iter().cloned());
        Payload::Text {
            text: locales.text_with(lang, key, &args),
            buttons: buttons(lang),
        }
    })
}

/// The event as an iCalendar file. Times are written in UTC, which every calendar converts to
/// its owner's zone, so 15:00 in Almaty is 15:00 in Almaty.
pub fn ics(event: &Event, region_name: &str) -> Vec<u8> {
    let plan = &event.plan;
    let (Some(start), Some(end)) = (
        chrono::DateTime::from_timestamp(plan.starts_at, 0),
        chrono::DateTime::from_timestamp(plan.ends_at, 0),
    ) else {
        return Vec::new();
    };
    let location = if region_name.is_empty() {
        plan.place.clone()
    } else {
        format!("{}, {region_name}", plan.place)
    };
    let entry = icalendar::Event::new()
        .uid(&format!("birlik-event-{}@birlik", event.id))
        .summary(&plan.title)
        .description(&plan.description)
        .location(&location)
        .starts(start)
        .ends(end)
        .done();
    let calendar = icalendar::Calendar::new().name("Birlik").push(entry).done();
    calendar.to_string().into_bytes()
}

/// The check-in QR code as a PNG: the deep link a volunteer's camera opens.
pub fn qr_png(link: &str) -> anyhow::Result<Vec<u8>> {
    let code = qrcode::QrCode::new(link.as_bytes())?;
    let image = code.render::<image::Luma<u8>>().min_dimensions(400, 400).build();
    let mut png = Vec::new();
    image.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::events::EventPlan;
    use crate::domain::status::EventStatus;

    fn event() -> Event {
        Event {
            id: 7,
            plan: EventPlan {
                title: "Тазалық күні".into(),
                description: "Саябақты тазалаймыз".into(),
                region_iso: Some("KZ-75".into()),
                place: "Орталық саябақ".into(),
                // 05.12.2026 15:00–18:00 in Almaty.
                starts_at: 1_796_464_800,
                ends_at: 1_796_475_600,
                capacity: Some(10),
                deadline_at: 1_796_400_000,
                organiser_id: 1,
                organiser_chat_id: 1,
            },
            status: EventStatus::Published,
            checkin_code: "ABCD1234".into(),
            published_at: Some(1),
        }
    }

    #[test]
    fn the_calendar_file_has_the_event_in_utc() {
        let ics = String::from_utf8(ics(&event(), "Алматы")).unwrap();
        assert!(ics.contains("BEGIN:VEVENT"), "{ics}");
        assert!(ics.contains("DTSTART:20261205T100000Z"), "{ics}");
        assert!(ics.contains("DTEND:20261205T130000Z"), "{ics}");
        assert!(ics.contains("SUMMARY:Тазалық күні"), "{ics}");
    }

    #[test]
    fn the_qr_code_is_a_png() {
        let png = qr_png("https://t.me/birlik_bot?start=chk_ABCD1234").unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn page_arrows_wrap_around() {
        let row = page_row(1, 3, Callback::EventsPage);
        let data: Vec<_> = row
            .iter()
            .map(|b| match &b.kind {
                teloxide::types::InlineKeyboardButtonKind::CallbackData(d) => d.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(data, ["ep:3", "ep:1", "ep:2"]);
    }
}
