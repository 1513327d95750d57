//! Line charts drawn with plotters on a page canvas (the page's own wasm instance draws
//! them: plotters measures text through `document`, which a worker does not have).

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// What to draw: curves (points (x, y)) with their names and colours ("#rrggbb"), and
/// labelled vertical markers (e.g. "best" and "stop" for early stopping).
pub struct Chart<'a> {
    /// Caption above the plot.
    pub title: &'a str,
    /// Y axis description.
    pub y_label: &'a str,
    /// One name per curve, for the legend.
    pub names: &'a [String],
    /// One colour per curve.
    pub colors: &'a [String],
    /// The curves' points.
    pub curves: &'a [Vec<(f64, f64)>],
    /// Marker positions on the x axis, with their labels.
    pub markers: &'a [(f64, String)],
    /// Right end of the x axis.
    pub x_max: f64,
    /// Top of the y axis.
    pub y_max: f64,
}

/// Draws `chart` on `canvas`.
pub fn draw(canvas: HtmlCanvasElement, chart_spec: &Chart<'_>) -> Result<(), String> {
    let Chart {
        title,
        y_label,
        names,
        colors,
        curves,
        markers,
        x_max,
        y_max,
    } = *chart_spec;
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("not a 2D canvas")?;
    let root = backend.into_drawing_area();
    let fail = |e: &dyn std::fmt::Display| e.to_string();
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 15))
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(0.0..x_max.max(1.0), 0.0..y_max)
        .map_err(|e| fail(&e))?;
    chart
        .configure_mesh()
        .x_desc("iteration")
        .y_desc(y_label)
        .light_line_style(RGBColor(235, 235, 235))
        .label_style(("sans-serif", 12))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| tick(*y))
        .draw()
        .map_err(|e| fail(&e))?;
    for ((name, color), points) in names.iter().zip(colors).zip(curves) {
        let color = parse_hex(color);
        let style = ShapeStyle {
            color: color.to_rgba(),
            filled: true,
            stroke_width: 2,
        };
        chart
            .draw_series(LineSeries::new(points.iter().copied(), style))
            .map_err(|e| fail(&e))?
            .label(name.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
    }
    let marker_style = ShapeStyle {
        color: RGBColor(90, 90, 90).to_rgba(),
        filled: false,
        stroke_width: 1,
    };
    for (x, label) in markers {
        chart
            .draw_series(DashedLineSeries::new(
                [(*x, 0.0), (*x, y_max)],
                4,
                3,
                marker_style,
            ))
            .map_err(|e| fail(&e))?;
        let text = Text::new(
            label.clone(),
            (*x, y_max * 0.97),
            ("sans-serif", 12).into_font().color(&RGBColor(60, 60, 60)),
        );
        chart.plotting_area().draw(&text).map_err(|e| fail(&e))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .label_font(("sans-serif", 12))
        .draw()
        .map_err(|e| fail(&e))?;
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
