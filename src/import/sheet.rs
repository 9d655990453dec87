//! The printable sheet of one wing's personal links: A4 pages of cards to cut apart, each with
//! the person's name, their wing, the QR code of their link and the link written under it, so
//! a coordinator can hand them out at a meeting.
//!
//! The words come in already in their language ([`Sheet`]); this module only lays them out, in
//! the certificate's font. Thousands of QR codes take a second or more of CPU: callers run it
//! in `spawn_blocking`.

use anyhow::{Context, anyhow};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::Font;

use crate::certificate::{FONT, Widths, qr_squares};

/// A4 in points.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const SIDE: f32 = 24.0;
/// Room at the top of each page for its title.
const TOP: f32 = 40.0;
const COLUMNS: usize = 2;
const ROWS: usize = 4;
const CARD_WIDTH: f32 = (WIDTH - 2.0 * SIDE) / COLUMNS as f32;
const CARD_HEIGHT: f32 = (HEIGHT - TOP - SIDE) / ROWS as f32;
/// Inside a card, from its edges.
const PADDING: f32 = 12.0;
const QR_SIZE: f32 = 112.0;
const LINK_SIZE: f32 = 7.0;

/// Everything one wing's sheet says.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// The document's language code ("kk"): the coordinator's.
    pub lang: String,
    /// At the top of every page: the wing and the region.
    pub title: String,
    pub cards: Vec<Card>,
}

/// One person's card.
#[derive(Clone, Debug)]
pub struct Card {
    pub name: String,
    /// The wing and the birth year, to tell namesakes apart.
    pub details: String,
    /// What to do with the code, in the person's language when the list gave it.
    pub hint: String,
    /// The personal link the QR code opens.
    pub link: String,
}

/// The cards per page.
pub const CARDS_PER_PAGE: usize = COLUMNS * ROWS;

/// The sheet as PDF bytes: eight cards a page, with thin lines to cut along.
pub fn pdf(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    let font = Font::new(FONT.into(), 0).context("loading DejaVu Sans")?;
    let widths = Widths::new()?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(sheet.title.clone())
            .language(sheet.lang.clone())
            .creator("Birlik".to_owned()),
    );
    for page_cards in sheet.cards.chunks(CARDS_PER_PAGE) {
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).context("an A4 page")?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        surface.set_fill(Some(black()));
        text(&mut surface, &font, &widths, SIDE, TOP - 16.0, 10.0, &sheet.title);
        for (i, card) in page_cards.iter().enumerate() {
            let x = SIDE + (i % COLUMNS) as f32 * CARD_WIDTH;
            let y = TOP + (i / COLUMNS) as f32 * CARD_HEIGHT;
            draw_card(&mut surface, &font, &widths, x, y, card)?;
        }
        cut_lines(&mut surface, page_cards.len());
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|error| anyhow!("writing the links sheet's PDF: {error:?}"))
}

fn draw_card(
    surface: &mut Surface<'_>,
    font: &Font,
    widths: &Widths,
    x: f32,
    y: f32,
    card: &Card,
) -> anyhow::Result<()> {
    let qr = qrcode::QrCode::new(card.link.as_bytes()).context("encoding a personal link")?;
    let (qr_x, qr_y) = (x + PADDING, y + PADDING);
    fill_rects(surface, qr_squares(&qr, qr_x, qr_y, QR_SIZE));

    // Beside the code: the name, the details, the hint.
    let left = qr_x + QR_SIZE + 10.0;
    let width = x + CARD_WIDTH - PADDING - left;
    let mut baseline = qr_y + 6.0;
    for (size, words) in [(11.0, &card.name), (8.5, &card.details), (7.5, &card.hint)] {
        for line in widths.wrap(words, size, width) {
            baseline += size * 1.35;
            text(surface, font, widths, left, baseline, size, &line);
        }
        baseline += 4.0;
    }

    // Under the code, across the card: the link as text, for those who type it.
    let mut baseline = qr_y + QR_SIZE + 4.0;
    for line in widths.wrap(&card.link, LINK_SIZE, CARD_WIDTH - 2.0 * PADDING) {
        baseline += LINK_SIZE * 1.4;
        text(surface, font, widths, x + PADDING, baseline, LINK_SIZE, &line);
    }
    Ok(())
}

/// Thin grey lines between the cards of a page with `cards` cards.
fn cut_lines(surface: &mut Surface<'_>, cards: usize) {
    let rows = cards.div_ceil(COLUMNS);
    let bottom = TOP + rows as f32 * CARD_HEIGHT;
    let mut lines = Vec::new();
    for row in 0..=rows {
        let y = TOP + row as f32 * CARD_HEIGHT;
        lines.extend(Rect::from_xywh(SIDE, y, WIDTH - 2.0 * SIDE, 0.4));
    }
    for column in 0..=COLUMNS {
        let x = SIDE + column as f32 * CARD_WIDTH;
        lines.extend(Rect::from_xywh(x, TOP, 0.4, bottom - TOP));
    }
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(170, 170, 170).into(),
        ..Fill::default()
    }));
    fill_rects(surface, lines);
    surface.set_fill(Some(black()));
}

fn black() -> Fill {
    Fill {
        paint: rgb::Color::new(0, 0, 0).into(),
        ..Fill::default()
    }
}

fn text(surface: &mut Surface<'_>, font: &Font, widths: &Widths, x: f32, y: f32, size: f32, text: &str) {
    let glyphs = widths.glyphs(text);
    surface.draw_glyphs(Point::from_xy(x, y), &glyphs, font.clone(), text, size, false);
}

fn fill_rects(surface: &mut Surface<'_>, rects: Vec<Rect>) {
    let mut path = PathBuilder::new();
    for rect in rects {
        path.push_rect(rect);
    }
    if let Some(path) = path.finish() {
        surface.draw_path(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(people: usize) -> Sheet {
        Sheet {
            lang: "kk".into(),
            title: "Корей жастары — Алматы".into(),
            cards: (0..people)
                .map(|i| Card {
                    name: format!("Әлия Ғалымқызы {i}"),
                    details: "Корей жастары, 2005".into(),
                    hint: "Birlik-ке қосылу үшін кодты сканерлеңіз немесе сілтемені ашыңыз".into(),
                    link: format!("https://t.me/birlik_bot?start=m_{i:020x}"),
                })
                .collect(),
        }
    }

    #[test]
    fn eight_cards_a_page() {
        let pages = |people| {
            let bytes = pdf(&sheet(people)).unwrap();
            assert!(bytes.starts_with(b"%PDF-"));
            hayro::hayro_syntax::Pdf::new(bytes).unwrap().pages().len()
        };
        assert_eq!(pages(1), 1);
        assert_eq!(pages(8), 1);
        assert_eq!(pages(9), 2);
        assert_eq!(pages(20), 3);
    }
}
