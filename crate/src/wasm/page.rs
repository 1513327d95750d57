//! What the page itself calls: the settings table and presets, sizes, drawing
//! preprocessing and the charts (drawn by the page's own instance: plotters needs its
//! `document`).

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{config_of, number_at, object, settings_object};
use crate::basics::{MAX_IMAGES, OUTPUTS};
use crate::config::Config;
use crate::evaluate::Evaluation;
use crate::idx::{PIXELS, SIDE};
use crate::settings::{config_from, describe, mode_name, Kind, SETTINGS};

/// A drawing's ink (`width * height` bytes, 0 = paper) as the 28x28 bytes the
/// network sees, or `undefined` when the pad is empty.
#[wasm_bindgen]
pub fn preprocess_drawing(
    ink: &[u8],
    width: usize,
    height: usize,
) -> Result<Option<Vec<u8>>, JsError> {
    if ink.len() != width * height {
        return Err(JsError::new("ink must hold width * height bytes"));
    }
    Ok(crate::preprocess::mnist_from_ink(ink, width, height).map(|image| image.to_vec()))
}

/// Pen strokes as the 28x28 bytes the network sees (`preprocess::mnist_from_strokes`
/// with MNIST's stroke width): `points` is flat [x0, y0, x1, y1, ...] with NaN between
/// strokes. `undefined` without a finite point.
#[wasm_bindgen]
pub fn preprocess_strokes(points: &[f64]) -> Option<Vec<u8>> {
    crate::preprocess::mnist_from_strokes(points, crate::preprocess::PEN_WIDTH)
        .map(|image| image.to_vec())
}

/// Image and output sizes, so they are not retyped in JavaScript.
#[wasm_bindgen]
pub fn sizes() -> js_sys::Object {
    object(&[
        ("side", SIDE.into()),
        ("pixels", PIXELS.into()),
        ("outputs", OUTPUTS.into()),
        ("penWidth", crate::preprocess::PEN_WIDTH.into()),
    ])
}

/// The settings table (`settings::SETTINGS`): one object per row, {name, label, help,
/// kind: 'int' | 'float' | 'switch', default, min, minExclusive, max, range,
/// beyondBook}.
#[wasm_bindgen]
pub fn settings_table() -> Array {
    SETTINGS
        .iter()
        .map(|s| {
            let kind = match s.kind {
                Kind::Int => "int",
                Kind::Float => "float",
                Kind::Switch => "switch",
            };
            object(&[
                ("name", s.name.into()),
                ("label", s.label.into()),
                ("help", s.help.into()),
                ("kind", kind.into()),
                ("default", s.default_value().into()),
                ("min", s.min.into()),
                ("minExclusive", s.min_exclusive.into()),
                ("max", s.max.into()),
                ("range", s.range().into()),
                ("beyondBook", s.beyond_book.into()),
            ])
        })
        .collect()
}

/// The book's three runs and the drawing model (`Config::drawing`, the settings of
/// `data/models/drawing.rglb`) as settings objects: {plain, dropout, batch, drawing}.
#[wasm_bindgen]
pub fn book_presets() -> js_sys::Object {
    object(&[
        ("plain", settings_object(&Config::default()).into()),
        ("dropout", settings_object(&Config::book_dropout()).into()),
        ("batch", settings_object(&Config::book_batch()).into()),
        ("drawing", settings_object(&Config::drawing()).into()),
    ])
}

/// Every problem with a settings object for `available` training images, in table
/// order: [{name, mustBe, value}], empty when it can run.
#[wasm_bindgen]
pub fn check_settings(settings: JsValue, available: usize) -> Array {
    let problems = config_from(|s| number_at(&settings, s.name), available).err();
    problems
        .unwrap_or_default()
        .iter()
        .map(|p| {
            object(&[
                ("name", p.setting.name.into()),
                ("mustBe", p.must_be.clone().into()),
                ("value", p.value.into()),
            ])
        })
        .collect()
}

/// One line for a settings object (what `check_settings` takes; missing keys are their
/// defaults), from the settings table: "784-100-10, α 0.005, 300 iterations, dropout
/// keep 0.5, seed 1, 1,000 training images, with true ReLU derivative, biases". A bad
/// object is an error listing its problems, as `Lab.configure`'s.
#[wasm_bindgen]
pub fn describe_settings(settings: JsValue) -> Result<String, JsError> {
    Ok(describe(&config_of(&settings, MAX_IMAGES)?))
}

/// A run's short name for a settings object: "plain", "dropout" or "batch", then
/// " + " and each option that is on ("plain + early stopping + true derivative").
/// A bad object is an error, as `describe_settings`'s.
#[wasm_bindgen]
pub fn settings_mode(settings: JsValue) -> Result<String, JsError> {
    Ok(mode_name(&config_of(&settings, MAX_IMAGES)?))
}

/// Draws one chart of curves on `canvas` (see `chart::Chart`), its y axis described by
/// `y_label` (the chart's only title): `series` holds one
/// [x0, y0, x1, y1, ...] array per curve, coloured by `colors` (the page draws the legend);
/// `markers` are x positions of dashed lines labelled by `marker_names`; the y axis runs
/// from `y_min` to `y_max`; `scale` is backing pixels per CSS pixel (sizes are in CSS px).
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // flat arguments keep the JS call plain
pub fn draw_chart(
    canvas: HtmlCanvasElement,
    y_label: &str,
    colors: Vec<String>,
    series: Vec<js_sys::Float64Array>,
    markers: Vec<f64>,
    marker_names: Vec<String>,
    x_max: f64,
    y_min: f64,
    y_max: f64,
    scale: f64,
) -> Result<(), JsError> {
    let curves: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|s| s.to_vec().chunks_exact(2).map(|p| (p[0], p[1])).collect())
        .collect();
    let markers: Vec<(f64, String)> = markers.into_iter().zip(marker_names).collect();
    let chart = crate::chart::Chart {
        y_label,
        colors: &colors,
        curves: &curves,
        markers: &markers,
        x_max,
        y_min,
        y_max,
        scale,
    };
    crate::chart::draw(canvas, &chart).map_err(|e| JsError::new(&e))
}

/// The book's plain-run line for an iteration, with Python's float printing.
#[wasm_bindgen]
pub fn book_line(
    iteration: usize,
    train_error: f64,
    train_accuracy: f64,
    test_error: f64,
    test_accuracy: f64,
) -> String {
    let pair = |error, accuracy| Evaluation { error, accuracy };
    let (train, test) = (
        pair(train_error, train_accuracy),
        pair(test_error, test_accuracy),
    );
    crate::BookRun::Plain.line(iteration, &train, &test)
}

/// `count` fresh random seeds (the browser's crypto), each one a valid seed setting: the
/// ensemble lesson's networks.
#[wasm_bindgen]
pub fn fresh_seeds(count: usize) -> Result<Vec<u32>, JsError> {
    crate::ensemble::fresh_seeds(count.min(1000)).map_err(super::js_error)
}
