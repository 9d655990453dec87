//! `/certificate` and `/verify`: a member gets a PDF of the hours they volunteered, in their
//! language; anybody holding the code (or scanning its QR code) hears whether it is genuine.

use chrono::Duration;

use crate::support::app::texts;
use crate::support::{TestApp, TgUser};
use birlik::db::events::Event;
use birlik::i18n::Lang;

const ALMATY: &str = "KZ-75";

/// A finished event of Almaty, `length_hours` long, `days_ago` days back, named `title`, at
/// which the member was marked present.
pub async fn attended(
    app: &TestApp,
    organiser: &TgUser,
    member_id: i64,
    title: &str,
    days_ago: i64,
    length_hours: i64,
) -> Event {
    let mut event = app
        .seed_event(organiser, Some(ALMATY), None, Duration::days(-days_ago))
        .await;
    event.plan.title = title.to_owned();
    event.plan.ends_at = event.plan.starts_at + length_hours * 3600;
    sqlx::query("UPDATE events SET title = ?, ends_at = ? WHERE id = ?")
        .bind(title)
        .bind(event.plan.ends_at)
        .bind(event.id)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO signups (event_id, member_id, status, seq, attended, checked_in_at, created_at, updated_at)
         VALUES (?1, ?2, 'confirmed', 1, 1, ?3, ?3, ?3)",
    )
    .bind(event.id)
    .bind(member_id)
    .bind(event.plan.starts_at)
    .execute(&app.pool)
    .await
    .unwrap();
    event
}

async fn rename(app: &TestApp, member_id: i64, name: &str) {
    sqlx::query("UPDATE members SET full_name = ? WHERE id = ?")
        .bind(name)
        .bind(member_id)
        .execute(&app.pool)
        .await
        .unwrap();
}

/// The certificate the user was sent last, and its code (from the caption).
pub async fn certificate_of(app: &TestApp, user: &TgUser, lang: Lang) -> (Vec<u8>, String) {
    let sent = app.send(user, "/certificate").await;
    // The thank-you of a recent event may arrive at the same moment: the answer is the file.
    let files = sent.iter().filter(|s| s.method == "sendDocument").count();
    assert_eq!(files, 1, "{:?}", texts(&sent));
    let (name, bytes) = app.fake.documents_to(user.id).pop().expect("the certificate");
    let code = name
        .strip_prefix("birlik-certificate-")
        .and_then(|rest| rest.strip_suffix(".pdf"))
        .expect("the file is named by its code")
        .to_owned();
    assert_eq!(
        sent[0].text,
        app.locales
            .text_with(lang, "certificate-caption", &[("code", code.as_str().into())])
    );
    assert_eq!(code.len(), 16, "64 random bits: {code}");
    (bytes, code)
}

/// The PDF's text as a reader copies it out, spaces made plain and single.
fn text_of(pdf: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text");
    plain(&text)
}

fn plain(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{202f}')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders the first page as an image, at 72 dpi on white, and checks it is an A4 page with
/// ink on it in the places where the certificate prints: heading, table, QR code.
fn render_first_page(pdf: &[u8]) -> image::RgbaImage {
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::hayro_syntax::Pdf;
    use hayro::vello_cpu::color::palette::css::WHITE;

    let document = Pdf::new(pdf.to_vec()).expect("hayro reads the PDF");
    let page = document.pages().first().expect("a first page");
    let pixmap = hayro::render(
        page,
        &hayro::RenderCache::new(),
        &InterpreterSettings::default(),
        &hayro::RenderSettings::default(),
        &hayro::PixmapSettings {
            bg_color: WHITE,
            ..Default::default()
        },
    );
    let (width, height) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    assert_eq!((width, height), (595, 842), "A4 at 72 dpi");
    image::RgbaImage::from_raw(width, height, pixmap.data_as_u8_slice().to_vec()).expect("an image")
}

/// Share of dark pixels in a band of rows.
fn ink(image: &image::RgbaImage, rows: std::ops::Range<u32>) -> f64 {
    let mut dark = 0u64;
    let mut all = 0u64;
    for y in rows {
        for x in 0..image.width() {
            all += 1;
            if image.get_pixel(x, y).0[0] < 128 {
                dark += 1;
            }
        }
    }
    dark as f64 / all as f64
}

#[tokio::test]
async fn a_member_in_kazakh_gets_their_certificate_with_every_event_and_kazakh_letters_intact() {
    let app = TestApp::spawn().await;
    let kk = |key: &str| app.text(Lang::Kk, key);
    let organiser = app.organiser(7_100, ALMATY, Lang::Kk).await;
    let aliya = TgUser::new(7_101, "Aliya", Some("kk"));
    let member = app.seed_member(&aliya, ALMATY, Lang::Kk).await;
    rename(&app, member.id, "Әлия Сәрсенқызы").await;
    let park = attended(&app, &organiser, member.id, "Саябақтағы сенбілік", 20, 3).await;
    let elders = attended(&app, &organiser, member.id, "Қарттар үйіне көмек", 6, 2).await;
    // Neither a cancelled event nor one signed up for but missed counts.
    let cancelled = attended(&app, &organiser, member.id, "Өткізілмеген жиын", 10, 4).await;
    sqlx::query("UPDATE events SET status = 'cancelled' WHERE id = ?")
        .bind(cancelled.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let missed = attended(&app, &organiser, member.id, "Ұмытылған акция", 3, 5).await;
    sqlx::query("UPDATE signups SET attended = 0 WHERE event_id = ?")
        .bind(missed.id)
        .execute(&app.pool)
        .await
        .unwrap();

    app.queue_idle().await;

    let (pdf, code) = certificate_of(&app, &aliya, Lang::Kk).await;
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    let must_hold = |part: String| assert!(text.contains(&plain(&part)), "no «{part}» in:\n{text}");
    must_hold("Әлия Сәрсенқызы".into());
    must_hold(kk("certificate-movement"));
    must_hold(kk("certificate-heading"));
    for event in [&park, &elders] {
        must_hold(event.plan.title.clone());
        must_hold(app.locales.date(Lang::Kk, event.plan.starts_at));
    }
    must_hold(
        app.locales
            .text_with(Lang::Kk, "certificate-row-hours", &[("hours", 3.into())]),
    );
    must_hold(
        app.locales
            .text_with(Lang::Kk, "certificate-row-hours", &[("hours", 2.into())]),
    );
    must_hold(app.locales.text_with(
        Lang::Kk,
        "certificate-total",
        &[("events", 2.into()), ("hours", 5.into())],
    ));
    must_hold(app.locales.text_with(
        Lang::Kk,
        "certificate-period",
        &[
            ("from", app.locales.date(Lang::Kk, park.plan.starts_at).into()),
            ("to", app.locales.date(Lang::Kk, elders.plan.ends_at).into()),
        ],
    ));
    must_hold(code.clone());
    for letter in ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'і'] {
        assert!(text.contains(letter), "{letter} lost in:\n{text}");
    }
    assert!(
        !text.contains("Өткізілмеген") && !text.contains("Ұмытылған"),
        "{text}"
    );

    let page = render_first_page(&pdf);
    // Heading and name at the top, the table below, the QR code and its lines near the end.
    assert!(ink(&page, 40..160) > 0.01, "the heading is drawn");
    assert!(ink(&page, 160..420) > 0.005, "the table is drawn");
    assert!(ink(&page, 0..842) < 0.2, "a page of text, not a black box");
    app.assert_no_api_errors();
}

#[tokio::test]
async fn a_member_in_russian_gets_theirs_and_a_stranger_checks_it_by_code_or_qr_link() {
    let app = TestApp::spawn().await;
    let organiser = app.organiser(7_200, ALMATY, Lang::Ru).await;
    let daniyar = TgUser::new(7_201, "Daniyar", Some("ru"));
    let member = app.seed_member(&daniyar, ALMATY, Lang::Ru).await;
    rename(&app, member.id, "Данияр Сәрсенбаев").await;
    let first = attended(&app, &organiser, member.id, "Уборка набережной", 30, 4).await;
    let second = attended(&app, &organiser, member.id, "Марафон «Бірлік»", 2, 2).await;
    // Half an hour more at the second: 4 + 2.5 = 6.5 hours.
    sqlx::query("UPDATE events SET ends_at = ends_at + 1800 WHERE id = ?")
        .bind(second.id)
        .execute(&app.pool)
        .await
        .unwrap();

    app.queue_idle().await;

    let (pdf, code) = certificate_of(&app, &daniyar, Lang::Ru).await;
    let text = text_of(&pdf);
    let must_hold = |part: String| assert!(text.contains(&plain(&part)), "no «{part}» in:\n{text}");
    must_hold("Данияр Сәрсенбаев".into());
    must_hold(app.text(Lang::Ru, "certificate-movement"));
    must_hold(first.plan.title.clone());
    must_hold(second.plan.title.clone());
    must_hold(app.locales.date(Lang::Ru, first.plan.starts_at));
    must_hold(app.locales.date(Lang::Ru, second.plan.starts_at));
    must_hold("2,5 ч".into());
    must_hold(app.locales.text_with(
        Lang::Ru,
        "certificate-total",
        &[("events", 2.into()), ("hours", 6.5.into())],
    ));
    assert!(text.contains("Итого: 2 мероприятия, 6,5 ч"), "{text}");
    must_hold(code.clone());
    render_first_page(&pdf);

    // Somebody who never registered, an employer say, checks it in English.
    let employer = TgUser::new(7_202, "Employer", Some("en"));
    let genuine = app.locales.text_with(
        Lang::En,
        "verify-genuine",
        &[
            ("name", "Данияр Сәрсенбаев".into()),
            ("events", 2.into()),
            ("hours", 6.5.into()),
            ("from", app.locales.date(Lang::En, first.plan.starts_at).into()),
            (
                "to",
                app.locales.date(Lang::En, second.plan.ends_at + 1800).into(),
            ),
            ("issued", app.locales.date(Lang::En, app.clock.unix()).into()),
            ("code", code.as_str().into()),
        ],
    );
    assert!(genuine.contains("Volunteer hours: 6.5"), "{genuine}");
    let checked = app.send(&employer, &format!("/verify {code}")).await;
    assert_eq!(texts(&checked), [genuine.as_str()]);
    // Typed in lower case, or opened from the QR code's link: the same answer.
    let checked = app
        .send(&employer, &format!("/verify {}", code.to_lowercase()))
        .await;
    assert_eq!(texts(&checked), [genuine.as_str()]);
    let scanned = app.send(&employer, &format!("/start crt_{code}")).await;
    assert_eq!(texts(&scanned), [genuine.as_str()]);

    // A code one letter off, or none at all.
    let wrong = format!("{}0", &code[..15]);
    let wrong = if wrong == code {
        format!("{}1", &code[..15])
    } else {
        wrong
    };
    let checked = app.send(&employer, &format!("/verify {wrong}")).await;
    assert_eq!(texts(&checked), [app.text(Lang::En, "verify-not-genuine")]);
    let checked = app.send(&employer, "/verify").await;
    assert_eq!(texts(&checked), [app.text(Lang::En, "verify-usage")]);
    // Nothing was written by checking.
    let issued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM certificates")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(issued, 1);
    app.assert_no_api_errors();
}

#[tokio::test]
async fn asking_again_gives_the_same_certificate_until_new_hours_count() {
    let app = TestApp::spawn().await;
    let organiser = app.organiser(7_300, ALMATY, Lang::En).await;
    let arman = TgUser::new(7_301, "Arman", Some("en"));
    let member = app.seed_member(&arman, ALMATY, Lang::En).await;
    attended(&app, &organiser, member.id, "Tree planting", 9, 3).await;

    app.queue_idle().await;

    let (_, code) = certificate_of(&app, &arman, Lang::En).await;
    let (_, again) = certificate_of(&app, &arman, Lang::En).await;
    assert_eq!(again, code, "nothing new: the same certificate");

    attended(&app, &organiser, member.id, "Food bank", 1, 2).await;
    app.queue_idle().await;
    let (pdf, newer) = certificate_of(&app, &arman, Lang::En).await;
    assert_ne!(newer, code);
    let text = text_of(&pdf);
    assert!(text.contains("Total: 2 events, 5 h of volunteering"), "{text}");
    // The first still says what was true when it was issued.
    let stranger = TgUser::new(7_302, "Stranger", Some("kk"));
    let checked = app.send(&stranger, &format!("/verify {code}")).await;
    let first = &checked[0].text;
    assert!(
        first.contains("Arman Testov") && first.contains("Еріктілік сағаттары: 3\n"),
        "{first}"
    );
    app.assert_no_api_errors();
}

#[tokio::test]
async fn without_attended_events_or_registration_there_is_no_certificate_but_a_clear_answer() {
    let app = TestApp::spawn().await;
    let organiser = app.organiser(7_400, ALMATY, Lang::Ru).await;
    let newcomer = TgUser::new(7_401, "Newcomer", Some("ru"));
    let member = app.seed_member(&newcomer, ALMATY, Lang::Ru).await;
    // Signed up for an event still to come: nothing attended yet.
    let coming = attended(&app, &organiser, member.id, "Субботник", -2, 3).await;
    sqlx::query("UPDATE signups SET attended = 0 WHERE event_id = ?")
        .bind(coming.id)
        .execute(&app.pool)
        .await
        .unwrap();
    app.queue_idle().await;

    let sent = app.send(&newcomer, "/certificate").await;
    assert_eq!(texts(&sent), [app.text(Lang::Ru, "certificate-nothing-yet")]);
    let stranger = TgUser::new(7_402, "Stranger", Some("kk"));
    let sent = app.send(&stranger, "/certificate").await;
    assert_eq!(texts(&sent), [app.text(Lang::Kk, "not-registered")]);
    assert!(app.fake.documents_to(newcomer.id).is_empty());
    assert!(app.fake.documents_to(stranger.id).is_empty());
    app.assert_no_api_errors();
}
