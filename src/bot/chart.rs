//! Charts of figures as PNG images, drawn with plotters in a font carried in the binary
//! (DejaVu Sans, which has the Kazakh letters), so they look the same on any machine.

use std::sync::Once;

use plotters::prelude::*;

/// The font's family name for plotters.
const FAMILY: &str = "DejaVu Sans";
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static REGISTER: Once = Once::new();

const WIDTH: u32 = 900;
const ROW_HEIGHT: u32 = 34;

fn register_font() {
    REGISTER.call_once(|| {
        if plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_err() {
            tracing::error!("the embedded chart font cannot be read");
        }
    });
}

/// A horizontal bar chart: one bar per row (label, value), with the title above.
pub fn bars_png(title: &str, rows: &[(String, f64)]) -> anyhow::Result<Vec<u8>> {
    register_font();
    let height = 120 + ROW_HEIGHT * rows.len().max(1) as u32;
    let mut pixels = vec![0u8; (WIDTH * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let max = rows.iter().map(|(_, v)| *v).fold(0.0, f64::max).max(1.0) * 1.1;
        let count = rows.len().max(1) as i32;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FAMILY, 26))
            .margin(16)
            .x_label_area_size(30)
            .y_label_area_size(300)
            .build_cartesian_2d(0f64..max, (0i32..count).into_segmented())?;
        let labels: Vec<String> = rows.iter().map(|(label, _)| label.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(rows.len().max(1))
            .y_label_formatter(&|segment| match segment {
                // Row 0 is drawn at the top.
                SegmentValue::CenterOf(i) => {
                    labels.get((count - 1 - *i) as usize).cloned().unwrap_or_default()
                }
                _ => String::new(),
            })
            .label_style((FAMILY, 15))
            .draw()?;
        chart.draw_series(rows.iter().enumerate().map(|(i, (_, value))| {
            let y = count - 1 - i as i32;
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(y)),
                    (*value, SegmentValue::Exact(y + 1)),
                ],
                RGBColor(31, 119, 180).filled(),
            );
            bar.set_margin(5, 5, 0, 0);
            bar
        }))?;
        root.present()?;
    }
    let image = image::RgbImage::from_raw(WIDTH, height, pixels)
        .ok_or_else(|| anyhow::anyhow!("the chart buffer has the wrong size"))?;
    let mut png = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_a_png_with_its_kazakh_text_drawn() {
        let rows = vec![("Алматы".to_owned(), 12.0), ("Ұлытау облысы".to_owned(), 3.0)];
        let png = bars_png("Қатысу: өңірлер бойынша", &rows).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let image = image::load_from_memory(&png).unwrap().to_rgb8();
        // The title band holds dark pixels (text), not only the white background.
        let dark_in_title = (0..image.width())
            .flat_map(|x| (0..40).map(move |y| (x, y)))
            .filter(|(x, y)| image.get_pixel(*x, *y).0.iter().all(|c| *c < 100))
            .count();
        assert!(
            dark_in_title > 100,
            "the title is drawn: {dark_in_title} dark pixels"
        );
        // And the labels column on the left, where the region names go.
        let dark_in_labels = (0..300)
            .flat_map(|x| (60..image.height() - 40).map(move |y| (x, y)))
            .filter(|(x, y)| image.get_pixel(*x, *y).0.iter().all(|c| *c < 100))
            .count();
        assert!(dark_in_labels > 100, "the labels are drawn: {dark_in_labels}");
    }
}
