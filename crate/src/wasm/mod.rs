//! The JavaScript boundary, and the only place core errors become JS errors: one-line
//! conversions over `Session` and the evaluation functions, nothing decided here.
//!
//! The training worker owns one `Lab` (`lab`), the evaluator worker a `TestSet`
//! (`test_set`); results cross as the typed copies in `results`; the page calls the
//! free functions in `page`.

mod lab;
mod page;
mod predictor;
mod results;
mod test_set;
mod vote;

pub use lab::Lab;
pub use page::*;
pub use predictor::Predictor;
pub use results::{Early, Example, Iteration, Prediction};
pub use test_set::TestSet;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::config::Config;
use crate::settings::{config_from, Problem, SETTINGS};

pub(crate) fn js_error(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// A plain JS object from key-value pairs.
pub(crate) fn object(pairs: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &(*key).into(), value).expect("setting a key on a new object");
    }
    object
}

/// Reads a settings object ({hidden, alpha, ...}: the table's names); missing keys keep
/// the defaults. Every problem in one message, one per line.
pub(crate) fn config_of(settings: &JsValue, available: usize) -> Result<Config, JsError> {
    config_from(|s| number_at(settings, s.name), available)
        .map_err(|problems| JsError::new(&lines(&problems)))
}

pub(crate) fn number_at(object: &JsValue, key: &str) -> Option<f64> {
    let value = Reflect::get(object, &key.into()).ok()?;
    // A key that is there but not a number is refused (as NaN), not defaulted.
    (!value.is_undefined()).then(|| value.as_f64().unwrap_or(f64::NAN))
}

pub(crate) fn lines(problems: &[Problem]) -> String {
    let text: Vec<String> = problems.iter().map(Problem::to_string).collect();
    text.join("\n")
}

pub(crate) fn settings_object(config: &Config) -> Object {
    let pairs: Vec<(&str, JsValue)> = SETTINGS
        .iter()
        .map(|s| (s.name, (s.get)(config).into()))
        .collect();
    object(&pairs)
}
