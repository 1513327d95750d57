//! Line charts drawn with plotters on a page canvas (the page's own wasm instance draws
//! them: plotters measures text through `document`, which a worker does not have).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// What to draw: curves (points (x, y)) with their colours ("#rrggbb"), and labelled
/// vertical markers (e.g. "best" and "stop" for early stopping). The legend is the page's
/// (HTML beside the canvas), so no label is ever drawn over a curve: marker labels sit in
/// a band above the plotting area. Sizes are CSS pixels times `scale` (the canvas's
/// backing pixels per CSS pixel), so text stays 12 CSS px and sharp at any pixel ratio.
pub struct Chart<'a> {
    /// Y axis description.
    pub y_label: &'a str,
    /// One colour per curve.
    pub colors: &'a [String],
    /// The curves' points.
    pub curves: &'a [Vec<(f64, f64)>],
    /// Marker positions on the x axis, with their labels.
    pub markers: &'a [(f64, String)],
    /// Right end of the x axis.
    pub x_max: f64,
    /// Bottom of the y axis.
    pub y_min: f64,
    /// Top of the y axis.
    pub y_max: f64,
    /// Backing-store pixels per CSS pixel (the device pixel ratio, or more).
    pub scale: f64,
}

/// Draws `chart` on `canvas`.
pub fn draw(canvas: HtmlCanvasElement, chart_spec: &Chart<'_>) -> Result<(), String> {
    let Chart {
        y_label,
        colors,
        curves,
        markers,
        x_max,
        y_min,
        y_max,
        scale,
    } = *chart_spec;
    let px = |css: f64| (css * scale.max(0.5)).round() as u32;
    let font = |css: f64| ("sans-serif", css * scale.max(0.5));
    let y_max = if y_max > y_min { y_max } else { y_min + 1.0 };
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("not a 2D canvas")?;
    let root = backend.into_drawing_area();
    let fail = |e: &dyn std::fmt::Display| e.to_string();
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .margin(px(8.0))
        .margin_top(px(match markers.len() {
            0 => 10.0,
            1 => 20.0,
            _ => 34.0, // room for a second row of marker labels
        }))
        .x_label_area_size(px(38.0))
        .y_label_area_size(px(56.0))
        .build_cartesian_2d(0.0..x_max.max(1.0), y_min..y_max)
        .map_err(|e| fail(&e))?;
    chart
        .configure_mesh()
        .x_desc("iteration")
        .y_desc(y_label)
        .light_line_style(RGBColor(235, 235, 235))
        .label_style(font(12.0))
        .axis_desc_style(font(12.0))
        // Whole iterations only: a short axis (before a run is set up, 0..1) gets fewer labels
        // rather than repeated, rounded ones.
        .x_labels((x_max.max(1.0) as usize + 1).min(10))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| tick(*y))
        .draw()
        .map_err(|e| fail(&e))?;
    for (color, points) in colors.iter().zip(curves) {
        let style = ShapeStyle {
            color: parse_hex(color).to_rgba(),
            filled: true,
            stroke_width: px(2.0),
        };
        chart
            .draw_series(LineSeries::new(points.iter().copied(), style))
            .map_err(|e| fail(&e))?;
    }
    let marker_style = ShapeStyle {
        color: RGBColor(90, 90, 90).to_rgba(),
        filled: false,
        stroke_width: px(1.0),
    };
    // Marker labels in rows above the plot: a label that would touch the one before it
    // in its row goes up a row, so labels never print over each other.
    let mut row_ends: Vec<i32> = Vec::new();
    let mut order: Vec<&(f64, String)> = markers.iter().collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (x, label) in order {
        chart
            .draw_series(DashedLineSeries::new(
                [(*x, y_min), (*x, y_max)],
                px(4.0),
                px(3.0),
                marker_style,
            ))
            .map_err(|e| fail(&e))?;
        // Above the plotting area, centred on the line: never over a curve.
        let (left, top) = chart.backend_coord(&(*x, y_max));
        // An estimate of the label's width (about 0.6 em a character) with a gap.
        let half = (label.chars().count() as f64 * 3.6 * scale.max(0.5)) as i32 + px(4.0) as i32;
        let row = row_ends
            .iter()
            .position(|&end| end < left - half)
            .unwrap_or(row_ends.len())
            .min(1);
        if row == row_ends.len() {
            row_ends.push(left + half);
        } else {
            row_ends[row] = left + half;
        }
        let style = font(12.0)
            .into_font()
            .color(&RGBColor(60, 60, 60))
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        let lift = px(3.0) as i32 + row as i32 * px(14.0) as i32;
        root.draw(&Text::new(label.clone(), (left, top - lift), style))
            .map_err(|e| fail(&e))?;
    }
    root.present().map_err(|e| fail(&e))
}

/// A tick label with no needless digits: 0.45, 0.5, 1.
fn tick(y: f64) -> String {
    let text = format!("{y:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// "#rrggbb" to a colour; anything else is grey.
fn parse_hex(color: &str) -> RGBColor {
    let hex = color.trim_start_matches('#');
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|c| u8::from_str_radix(c, 16).ok())
    };
    match (channel(0), channel(2), channel(4)) {
        (Some(r), Some(g), Some(b)) if hex.len() == 6 => RGBColor(r, g, b),
        _ => RGBColor(128, 128, 128),
    }
}
