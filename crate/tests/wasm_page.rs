//! The bindings in a browser page (run by wasm-bindgen-test-runner in headless Chromium).
#![cfg(target_arch = "wasm32")]

mod wasm_shared;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Charts are drawn on the page: the canvas gets pixels other than white.
#[wasm_bindgen_test]
fn draws_a_chart_on_a_canvas() {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(300);
    canvas.set_height(200);
    document.body().unwrap().append_child(&canvas).unwrap();
    let curve = js_sys::Float64Array::from(&[0.0, 0.1, 5.0, 0.8, 10.0, 0.9][..]);
    reglab::wasm::draw_chart(
        canvas.clone(),
        "accuracy",
        vec!["#0072B2".into()],
        vec![curve],
        vec![5.0],
        vec!["best".into()],
        10.0,
        0.0,
        1.0,
        1.0,
    )
    .unwrap();
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let pixels = context
        .get_image_data(0.0, 0.0, 300.0, 200.0)
        .unwrap()
        .data();
    let blue = pixels.chunks(4).filter(|p| p[2] > 150 && p[0] < 60).count();
    assert!(blue > 20, "the blue curve was drawn ({blue} pixels)");
}

/// Drawing a chart puts nothing in the page. Plotters measures some labels (a caption, a
/// right-hand axis) by putting a `<span>` into the body and reading its size, which lays
/// out the whole page: on every redraw, twenty a second while training. The charts have
/// neither, so the page's main thread only draws (see scripts/bench).
#[wasm_bindgen_test]
fn drawing_a_chart_puts_nothing_in_the_page() {
    let document = web_sys::window().unwrap().document().unwrap();
    let body = document.body().unwrap();
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(300);
    canvas.set_height(200);
    body.append_child(&canvas).unwrap();
    let observer = web_sys::MutationObserver::new(&js_sys::Function::new_no_args("")).unwrap();
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    observer.observe_with_options(&body, &options).unwrap();
    let curve = js_sys::Float64Array::from(&[0.0, 0.2, 3000.0, 0.7, 7000.0, 0.8][..]);
    reglab::wasm::draw_chart(
        canvas,
        "error (mean squared)",
        vec!["#E69F00".into()],
        vec![curve],
        vec![3000.0, 5000.0],
        vec!["best".into(), "iteration 5000".into()],
        7000.0,
        0.0,
        0.9,
        2.0,
    )
    .unwrap();
    assert_eq!(observer.take_records().length(), 0);
    observer.disconnect();
}
