//! Binding tests shared by the page and the worker test binaries.

use std::io::Write;

use reglab::wasm::{constants, preprocess_drawing, Lab};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// `count` images where image i has a bar of ink in column 2 * (label), labelled i % 10.
fn idx_pair(count: u32) -> (Vec<u8>, Vec<u8>) {
    let mut images: Vec<u8> = [0x0803, count, 28, 28]
        .iter()
        .flat_map(|w: &u32| w.to_be_bytes())
        .collect();
    let mut labels: Vec<u8> = [0x0801, count]
        .iter()
        .flat_map(|w: &u32| w.to_be_bytes())
        .collect();
    for i in 0..count {
        let label = (i % 10) as usize;
        let mut image = [0u8; 784];
        for row in 4..24 {
            image[row * 28 + 4 + 2 * label] = 255;
        }
        images.extend(image);
        labels.push(label as u8);
    }
    (gzip(&images), gzip(&labels))
}

fn lab() -> Lab {
    let (train_images, train_labels) = idx_pair(200);
    let (test_images, test_labels) = idx_pair(50);
    Lab::new(&train_images, &train_labels, &test_images, &test_labels).unwrap()
}

#[wasm_bindgen_test]
fn bad_data_is_an_error_not_a_panic() {
    let (images, labels) = idx_pair(10);
    assert!(
        Lab::new(&labels, &images, &images, &labels).is_err(),
        "swapped files"
    );
    assert!(
        Lab::new(&images[..40], &labels, &images, &labels).is_err(),
        "truncated gzip"
    );
    assert!(
        Lab::new(&[], &labels, &images, &labels).is_err(),
        "empty file"
    );
}

#[wasm_bindgen_test]
fn a_bad_setting_is_refused_and_the_run_kept() {
    let mut lab = lab();
    lab.configure(16, 0.01, 3, 1, 1.0, 1, 100, 1, 0, 10)
        .unwrap();
    assert_eq!(lab.steps_per_iteration(), 100);
    assert!(
        lab.configure(0, 0.01, 3, 1, 1.0, 1, 100, 1, 0, 10).is_err(),
        "hidden 0"
    );
    assert!(
        lab.configure(16, 0.01, 3, 1, 1.5, 1, 100, 1, 0, 10)
            .is_err(),
        "keep 1.5"
    );
    assert!(
        lab.configure(16, 0.01, 3, 1, 1.0, 1, 201, 1, 0, 10)
            .is_err(),
        "more images than loaded"
    );
    assert_eq!(
        lab.steps_per_iteration(),
        100,
        "the earlier run is untouched"
    );
}

#[wasm_bindgen_test]
fn training_runs_in_chunks_and_learns() {
    let mut lab = lab();
    lab.configure(16, 0.01, 5, 1, 0.5, 1, 200, 1, 0, 10)
        .unwrap();
    let before = lab.evaluate();
    assert_eq!(lab.run(7), 7);
    assert!(!lab.iteration_done());
    let mask = lab.last_mask();
    assert_eq!(mask.len(), 16);
    assert!(mask.contains(&0.0) && mask.contains(&1.0), "{mask:?}");
    while !lab.finished() {
        lab.run(1000);
    }
    let stats = lab.iteration_stats();
    assert_eq!(stats[0], 4.0, "the last run() ended iteration 4");
    let after = lab.evaluate();
    assert!(
        after[1] > before[1] && after[1] > 0.9,
        "accuracy {} -> {}",
        before[1],
        after[1]
    );
}

#[wasm_bindgen_test]
fn predict_returns_outputs_then_hidden() {
    let mut lab = lab();
    let answer = lab.predict(&[128; 784]).unwrap();
    assert_eq!(answer.len(), 10 + 40);
    assert!(lab.predict(&[0; 10]).is_err());
}

#[wasm_bindgen_test]
fn drawings_are_preprocessed_in_the_core() {
    assert_eq!(preprocess_drawing(&[0; 100 * 100], 100, 100).unwrap(), None);
    let mut ink = vec![0u8; 100 * 100];
    for y in 10..60 {
        ink[y * 100 + 20] = 255;
    }
    let image = preprocess_drawing(&ink, 100, 100).unwrap().unwrap();
    assert_eq!(image.len(), 784);
    assert!(preprocess_drawing(&ink, 10, 10).is_err(), "size mismatch");
}

#[wasm_bindgen_test]
fn constants_come_from_rust() {
    let object = constants().unwrap();
    let side = js_sys::Reflect::get(&object, &JsValue::from_str("side")).unwrap();
    assert_eq!(side.as_f64(), Some(28.0));
    let hidden = js_sys::Reflect::get(&object, &JsValue::from_str("hidden")).unwrap();
    assert_eq!(hidden.as_f64(), Some(40.0));
}

#[wasm_bindgen_test]
fn early_stopping_tracks_the_best_iteration_and_restores_it() {
    let mut lab = lab();
    lab.configure(16, 0.01, 12, 1, 1.0, 1, 100, 1, 100, 3)
        .unwrap();
    assert!(
        lab.configure(16, 0.01, 12, 1, 1.0, 1, 150, 1, 100, 3)
            .is_err(),
        "only 50 images left"
    );
    while !lab.finished() {
        lab.run(1000);
        if lab.iteration_done() {
            assert_eq!(lab.validation_stats().len(), 2);
        }
    }
    let best = lab.best_validation();
    assert_eq!(best.len(), 2);
    assert!(best[1] > 0.5, "validation accuracy {}", best[1]);
    let before = lab.weights();
    assert!(lab.restore_best());
    assert_eq!(lab.weights().len(), before.len());
}
