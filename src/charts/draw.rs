//! Charts of figures as PNG images, drawn with plotters in a font carried in the binary
//! (DejaVu Sans, which has the Kazakh letters), so they look the same on any machine.
//!
//! Sized for a phone: 900 pixels wide, each bar's name above it so long region names keep the
//! full width; whole numbers on count axes, a light major grid only, each bar's value at its end.

use std::sync::Once;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The font's family name for plotters.
const FAMILY: &str = "DejaVu Sans";
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static REGISTER: Once = Once::new();

const WIDTH: u32 = 900;
/// A bar with its name above it.
const ROW_HEIGHT: u32 = 58;
/// Title and axis around the rows.
const FRAME_HEIGHT: u32 = 120;
const LINE_HEIGHT: u32 = 560;

const BAR: RGBColor = RGBColor(31, 119, 180);
const SECOND: RGBColor = RGBColor(255, 127, 14);
const GRID: RGBColor = RGBColor(228, 228, 228);
const INK: RGBColor = RGBColor(40, 40, 40);

fn register_font() {
    REGISTER.call_once(|| {
        if plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_err() {
            tracing::error!("the embedded chart font cannot be read");
        }
    });
}

/// Rows of a bar chart, biggest first (ties by name), so the eye reads a ranking.
pub fn ranked(mut rows: Vec<(String, i64)>) -> Vec<(String, i64)> {
    rows.sort_by(|(a_name, a), (b_name, b)| b.cmp(a).then_with(|| a_name.cmp(b_name)));
    rows
}

/// The end of a count axis: a little room past the biggest value for its label, at least 1.
pub fn axis_end(max: i64) -> i64 {
    (max + (max / 6).max(1)).max(1)
}

/// A horizontal bar chart, rows in the order given (top first): each row's name above its bar,
/// its value at the bar's end.
pub fn bars_png(
    title: &str,
    rows: &[(String, i64)],
    number: &dyn Fn(i64) -> String,
) -> anyhow::Result<Vec<u8>> {
    register_font();
    let height = FRAME_HEIGHT + ROW_HEIGHT * rows.len().max(1) as u32;
    let count = rows.len().max(1) as f64;
    let end = axis_end(rows.iter().map(|(_, v)| *v).max().unwrap_or(0));
    render(WIDTH, height, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FAMILY, 24).into_font().color(&INK))
            .margin(18)
            .x_label_area_size(34)
            .y_label_area_size(0)
            .build_cartesian_2d(0i64..end, 0f64..count)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(6)
            .x_label_formatter(&|v| number(*v))
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(GRID)
            .label_style((FAMILY, 16).into_font().color(&INK))
            .draw()?;
        // Row 0 at the top: its band is [count - 1, count].
        let top = |i: usize| count - i as f64;
        chart.draw_series(rows.iter().enumerate().map(|(i, (_, value))| {
            Rectangle::new([(0, top(i) - 0.48), (*value, top(i) - 0.92)], BAR.filled())
        }))?;
        let name = (FAMILY, 18).into_font().color(&INK);
        let value_style = (FAMILY, 18)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        chart.draw_series(rows.iter().enumerate().map(|(i, (label, _))| {
            EmptyElement::at((0, top(i) - 0.06)) + Text::new(label.clone(), (2, 0), name.clone())
        }))?;
        chart.draw_series(rows.iter().enumerate().map(|(i, (_, value))| {
            EmptyElement::at((*value, top(i) - 0.70)) + Text::new(number(*value), (8, 0), value_style.clone())
        }))?;
        Ok(())
    })
}

/// Two counts week by week (new members and attendances), as lines with a legend; `weeks`
/// holds each week's label (its Monday) and the two counts.
pub fn weekly_png(
    title: &str,
    legend: [&str; 2],
    weeks: &[(String, i64, i64)],
    number: &dyn Fn(i64) -> String,
) -> anyhow::Result<Vec<u8>> {
    register_font();
    let end = axis_end(weeks.iter().map(|(_, a, b)| *a.max(b)).max().unwrap_or(0));
    let last = weeks.len().saturating_sub(1).max(1) as i64;
    render(WIDTH, LINE_HEIGHT, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FAMILY, 24).into_font().color(&INK))
            .margin(18)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(0i64..last, 0i64..end)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|i| weeks.get(*i as usize).map(|w| w.0.clone()).unwrap_or_default())
            .y_label_formatter(&|v| number(*v))
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(GRID)
            .label_style((FAMILY, 16).into_font().color(&INK))
            .draw()?;
        for (series, color, label) in [(0, BAR, legend[0]), (1, SECOND, legend[1])] {
            let points = weeks
                .iter()
                .enumerate()
                .map(move |(i, (_, a, b))| (i as i64, if series == 0 { *a } else { *b }));
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(3)))?
                .label(label)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 24, y)], color.stroke_width(3)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(GRID)
            .label_font((FAMILY, 17).into_font().color(&INK))
            .draw()?;
        Ok(())
    })
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// Draws on a white canvas and encodes it as PNG.
fn render(
    width: u32,
    height: u32,
    draw: impl FnOnce(&Area<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<u8>> {
    let mut pixels = vec![0u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    let image = image::RgbImage::from_raw(width, height, pixels)
        .ok_or_else(|| anyhow::anyhow!("the chart buffer has the wrong size"))?;
    let mut png = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dark(image: &image::RgbImage, xs: std::ops::Range<u32>, ys: std::ops::Range<u32>) -> usize {
        xs.flat_map(|x| ys.clone().map(move |y| (x, y)))
            .filter(|(x, y)| image.get_pixel(*x, *y).0.iter().all(|c| *c < 100))
            .count()
    }

    #[test]
    fn bars_are_ranked_biggest_first_and_the_axis_has_room_for_the_value() {
        let rows = ranked(vec![
            ("Астана".to_owned(), 3),
            ("Алматы".to_owned(), 12),
            ("Абай облысы".to_owned(), 3),
        ]);
        let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Алматы", "Абай облысы", "Астана"]);
        assert_eq!(axis_end(12), 14);
        assert_eq!(axis_end(0), 1, "an empty chart still has an axis");
    }

    #[test]
    fn a_chart_is_a_phone_sized_png_with_its_kazakh_text_and_no_empty_row() {
        let rows = vec![("Алматы".to_owned(), 12), ("Ұлытау облысы".to_owned(), 3)];
        let png = bars_png("Қатысу: өңірлер бойынша", &rows, &|n| {
            n.to_string()
        })
        .unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let image = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(image.width(), WIDTH);
        assert_eq!(image.height(), FRAME_HEIGHT + 2 * ROW_HEIGHT);
        assert!(dark(&image, 0..WIDTH, 0..45) > 100, "the title is drawn");
        // The first row's bar starts right under the title: blue in the top row's band.
        let blue = (0..WIDTH)
            .flat_map(|x| (60..60 + ROW_HEIGHT).map(move |y| (x, y)))
            .filter(|(x, y)| image.get_pixel(*x, *y).0 == [BAR.0, BAR.1, BAR.2])
            .count();
        assert!(blue > 1000, "the top row holds a bar: {blue} blue pixels");
    }

    #[test]
    fn a_weekly_chart_draws_both_lines() {
        let weeks: Vec<(String, i64, i64)> = (0..8).map(|i| (format!("0{i}.01"), i, 8 - i)).collect();
        let png = weekly_png(
            "Апта сайын",
            ["Жаңа мүшелер", "Келгендер"],
            &weeks,
            &|n| n.to_string(),
        )
        .unwrap();
        let image = image::load_from_memory(&png).unwrap().to_rgb8();
        let orange = image
            .pixels()
            .filter(|p| p.0 == [SECOND.0, SECOND.1, SECOND.2])
            .count();
        assert!(orange > 200, "{orange}");
    }
}
