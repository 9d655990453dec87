//! The certificate of volunteer hours as a PDF: an A4 page (more when the list of events is
//! long) in DejaVu Sans, embedded so Kazakh letters print and copy out as written, with the
//! verification code's QR code.
//!
//! The words come in already in the member's language ([`Sheet`]); this module only lays them
//! out. Rendering takes a few milliseconds of CPU: callers run it in `spawn_blocking`.

use anyhow::{Context, anyhow};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

/// DejaVu Sans: every Kazakh letter, embedded and subset by krilla. The links sheet uses it too.
pub(crate) static FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// A4 in points.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// Where the hours column ends and the date column begins.
const HOURS_RIGHT: f32 = WIDTH - MARGIN;
const DATE_LEFT: f32 = 340.0;
const QR_SIZE: f32 = 110.0;

/// Everything the certificate says, in the holder's language.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// The document's language code ("kk"), for readers that speak it aloud.
    pub lang: String,
    pub movement: String,
    pub heading: String,
    pub name: String,
    pub intro: String,
    /// Event, date, hours.
    pub columns: [String; 3],
    /// One line per attended event: title, date, hours.
    pub rows: Vec<[String; 3]>,
    pub total: String,
    pub period: String,
    pub issued: String,
    pub code: String,
    pub verify_hint: String,
    /// What the QR code opens: the bot's link that verifies this certificate.
    pub link: String,
}

/// The certificate as PDF bytes.
pub fn pdf(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    let font = Font::new(FONT.into(), 0).context("loading DejaVu Sans")?;
    let widths = Widths::new()?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} — {}", sheet.heading, sheet.name))
            .language(sheet.lang.clone())
            .creator("Birlik".to_owned()),
    );
    let qr = qrcode::QrCode::new(sheet.link.as_bytes()).context("encoding the verification link")?;

    let mut pages = Pages::new(&mut document, font, widths);
    pages.centred(&sheet.movement, 12.0, 18.0);
    pages.gap(18.0);
    pages.centred(&sheet.heading, 22.0, 30.0);
    pages.gap(14.0);
    pages.centred(&sheet.name, 18.0, 26.0);
    pages.gap(8.0);
    pages.paragraph(&sheet.intro, 11.0);
    pages.gap(10.0);
    pages.row(&sheet.columns, 10.0, true);
    for row in &sheet.rows {
        pages.row(row, 10.5, false);
    }
    pages.gap(10.0);
    pages.paragraph(&sheet.total, 12.0);
    pages.paragraph(&sheet.period, 11.0);
    pages.paragraph(&sheet.issued, 11.0);
    pages.gap(16.0);
    pages.qr_with(&qr, &[&sheet.code, &sheet.verify_hint]);
    pages.finish();

    document
        .finish()
        .map_err(|error| anyhow!("writing the certificate's PDF: {error:?}"))
}

/// How wide text is set in DejaVu Sans, to centre and wrap it.
pub(crate) struct Widths {
    face: ttf_parser::Face<'static>,
}

impl Widths {
    pub(crate) fn new() -> anyhow::Result<Self> {
        let face = ttf_parser::Face::parse(FONT, 0).context("reading DejaVu Sans's metrics")?;
        Ok(Self { face })
    }

    pub(crate) fn of(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|glyph| self.face.glyph_hor_advance(glyph))
                    .unwrap_or(0) as f32
            })
            .sum();
        units * size / self.face.units_per_em() as f32
    }

    /// `text` as DejaVu Sans's glyphs, one per character, unkerned: what krilla's `draw_text`
    /// would shape, without building a shaper for every line, which for thousands of lines
    /// (a sheet of links) takes most of the time. Enough for Cyrillic and Latin text.
    pub(crate) fn glyphs(&self, text: &str) -> Vec<krilla::text::KrillaGlyph> {
        let units = self.face.units_per_em() as f32;
        text.char_indices()
            .map(|(at, c)| {
                let glyph = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                let advance = self.face.glyph_hor_advance(glyph).unwrap_or(0) as f32;
                krilla::text::KrillaGlyph::new(
                    krilla::text::GlyphId::new(u32::from(glyph.0)),
                    advance / units,
                    0.0,
                    0.0,
                    0.0,
                    at..at + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    /// `text` in lines no wider than `width`; a word wider than a line is cut.
    pub(crate) fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.of(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word.to_owned();
            while self.of(&rest, size) > width {
                let mut cut: String = String::new();
                for c in rest.chars() {
                    if self.of(&format!("{cut}{c}"), size) > width && !cut.is_empty() {
                        break;
                    }
                    cut.push(c);
                }
                rest = rest[cut.len()..].to_owned();
                lines.push(cut);
            }
            line = rest;
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Lays text down the page from the top, starting a new page when one is full.
struct Pages<'a> {
    document: &'a mut Document,
    font: Font,
    widths: Widths,
    /// The page being written: its drawing commands, flushed when it is full.
    lines: Vec<Drawn>,
    /// The baseline of the next line.
    y: f32,
}

enum Drawn {
    Text { x: f32, y: f32, size: f32, text: String },
    Squares(Vec<Rect>),
    Rule { y: f32 },
}

impl<'a> Pages<'a> {
    fn new(document: &'a mut Document, font: Font, widths: Widths) -> Self {
        Self {
            document,
            font,
            widths,
            lines: Vec::new(),
            y: MARGIN,
        }
    }

    fn gap(&mut self, height: f32) {
        self.y += height;
    }

    /// Makes room for `height` more, on a new page if this one has no room left.
    fn room(&mut self, height: f32) {
        if self.y + height > HEIGHT - MARGIN && !self.lines.is_empty() {
            self.flush();
            self.y = MARGIN;
        }
    }

    fn text(&mut self, x: f32, size: f32, text: &str) {
        self.lines.push(Drawn::Text {
            x,
            y: self.y,
            size,
            text: text.to_owned(),
        });
    }

    fn centred(&mut self, text: &str, size: f32, leading: f32) {
        for line in self.widths.wrap(text, size, WIDTH - 2.0 * MARGIN) {
            self.room(leading);
            self.y += leading;
            let x = (WIDTH - self.widths.of(&line, size)) / 2.0;
            self.text(x, size, &line);
        }
    }

    fn paragraph(&mut self, text: &str, size: f32) {
        for line in self.widths.wrap(text, size, WIDTH - 2.0 * MARGIN) {
            self.room(size * 1.5);
            self.y += size * 1.5;
            self.text(MARGIN, size, &line);
        }
    }

    /// A line of the table of events: the title wrapped in its column, the date beside it, the
    /// hours flush right. The header row is underlined.
    fn row(&mut self, [title, date, hours]: &[String; 3], size: f32, header: bool) {
        let leading = size * 1.45;
        let title_lines = self.widths.wrap(title, size, DATE_LEFT - MARGIN - 10.0);
        let date_lines = self.widths.wrap(date, size, HOURS_RIGHT - DATE_LEFT - 50.0);
        let height = leading * title_lines.len().max(date_lines.len()) as f32;
        self.room(height + 4.0);
        let top = self.y;
        for (i, line) in title_lines.iter().enumerate() {
            self.y = top + leading * (i + 1) as f32;
            self.text(MARGIN, size, line);
        }
        for (i, line) in date_lines.iter().enumerate() {
            self.y = top + leading * (i + 1) as f32;
            self.text(DATE_LEFT, size, line);
        }
        self.y = top + leading;
        let x = HOURS_RIGHT - self.widths.of(hours, size);
        self.text(x, size, hours);
        self.y = top + height + 4.0;
        if header {
            self.lines.push(Drawn::Rule { y: self.y - 2.0 });
            self.y += 2.0;
        }
    }

    /// The QR code at the left, these lines beside it.
    fn qr_with(&mut self, qr: &qrcode::QrCode, lines: &[&str]) {
        self.room(QR_SIZE);
        let top = self.y;
        self.lines
            .push(Drawn::Squares(qr_squares(qr, MARGIN, top, QR_SIZE)));
        let x = MARGIN + QR_SIZE + 16.0;
        let width = WIDTH - MARGIN - x;
        self.y = top + 10.0;
        for (i, text) in lines.iter().enumerate() {
            let size = if i == 0 { 12.0 } else { 10.0 };
            for line in self.widths.wrap(text, size, width) {
                self.y += size * 1.5;
                self.text(x, size, &line);
            }
        }
        self.y = self.y.max(top + QR_SIZE);
    }

    /// Writes the page filled so far.
    fn flush(&mut self) {
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).expect("A4 is a valid page size");
        let mut page = self.document.start_page_with(settings);
        let mut surface = page.surface();
        surface.set_fill(Some(Fill {
            paint: rgb::Color::new(0, 0, 0).into(),
            ..Fill::default()
        }));
        for drawn in self.lines.drain(..) {
            draw(&mut surface, &self.font, drawn);
        }
        surface.finish();
        page.finish();
    }

    fn finish(mut self) {
        self.flush();
    }
}

/// The dark modules of a QR code `size` points wide with its top left at (`x`, `y`), as
/// rectangles: each run of dark modules in a row is one, which keeps a page of many codes small.
pub(crate) fn qr_squares(qr: &qrcode::QrCode, x: f32, y: f32, size: f32) -> Vec<Rect> {
    let modules = qr.width();
    let module = size / modules as f32;
    let colors = qr.to_colors();
    let mut squares = Vec::new();
    for (row, line) in colors.chunks(modules).enumerate() {
        let mut column = 0;
        while column < modules {
            if line[column] != qrcode::Color::Dark {
                column += 1;
                continue;
            }
            let start = column;
            while column < modules && line[column] == qrcode::Color::Dark {
                column += 1;
            }
            squares.extend(Rect::from_xywh(
                x + start as f32 * module,
                y + row as f32 * module,
                (column - start) as f32 * module,
                module,
            ));
        }
    }
    squares
}

fn draw(surface: &mut Surface<'_>, font: &Font, drawn: Drawn) {
    match drawn {
        Drawn::Text { x, y, size, text } => surface.draw_text(
            Point::from_xy(x, y),
            font.clone(),
            size,
            &text,
            false,
            TextDirection::Auto,
        ),
        Drawn::Squares(squares) => {
            let mut path = PathBuilder::new();
            for square in squares {
                path.push_rect(square);
            }
            if let Some(path) = path.finish() {
                surface.draw_path(&path);
            }
        }
        Drawn::Rule { y } => {
            let mut path = PathBuilder::new();
            if let Some(line) = Rect::from_xywh(MARGIN, y, WIDTH - 2.0 * MARGIN, 0.6) {
                path.push_rect(line);
            }
            if let Some(path) = path.finish() {
                surface.draw_path(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_within_their_width_and_words_too_long_are_cut() {
        let widths = Widths::new().unwrap();
        let lines = widths.wrap(
            "Қазақстан халқы Ассамблеясының жастар қозғалысы өткізетін үлкен сенбілік",
            10.0,
            120.0,
        );
        assert!(lines.len() > 2, "{lines:?}");
        assert!(
            lines.iter().all(|line| widths.of(line, 10.0) <= 120.0),
            "{lines:?}"
        );
        let long = "ә".repeat(200);
        let cut = widths.wrap(&long, 10.0, 100.0);
        assert_eq!(cut.concat(), long);
        assert!(cut.iter().all(|line| widths.of(line, 10.0) <= 100.0));
    }

    #[test]
    fn a_sheet_becomes_a_pdf_and_many_events_more_pages() {
        let sheet = |events: usize| Sheet {
            lang: "kk".into(),
            movement: "Қазақстан халқы Ассамблеясының жастар қозғалысы".into(),
            heading: "Еріктілік сағаттары туралы сертификат".into(),
            name: "Әлия Ғалымқызы".into(),
            intro: "Келесі іс-шараларға ерікті ретінде қатысты:".into(),
            columns: ["Іс-шара".into(), "Күні".into(), "Сағат".into()],
            rows: (0..events)
                .map(|i| [format!("Сенбілік {i}"), "2026 ж. 6 желтоқсан".into(), "3".into()])
                .collect(),
            total: "Барлығы: 3 сағ.".into(),
            period: "Кезең: 2026".into(),
            issued: "Берілді: 2026".into(),
            code: "ABCDEF0123456789".into(),
            verify_hint: "/verify ABCDEF0123456789".into(),
            link: "https://t.me/birlik_bot?start=crt_ABCDEF0123456789".into(),
        };
        let one = pdf(&sheet(1)).unwrap();
        assert!(one.starts_with(b"%PDF-"));
        let many = pdf(&sheet(120)).unwrap();
        let pages = |bytes: Vec<u8>| hayro::hayro_syntax::Pdf::new(bytes).unwrap().pages().len();
        assert_eq!(pages(one), 1);
        assert!(pages(many) > 1);
    }
}
