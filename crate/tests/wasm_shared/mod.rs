//! Binding tests shared by the page and the worker test binaries.

use std::io::{Read, Write};

use reglab::wasm::{
    book_presets, check_settings, describe_settings, preprocess_drawing, settings_mode,
    settings_table, sizes, Lab, TestSet,
};
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
    // Each error says which of the four files it is about.
    let file = |result: Result<Lab, JsValue>| get(&result.err().unwrap(), "file").as_f64();
    assert_eq!(
        file(Lab::new(&images, &labels[..20], &images, &labels)),
        Some(1.0)
    );
    assert_eq!(
        file(Lab::new(&images, &labels, &images, &labels[..20])),
        Some(3.0)
    );
    assert_eq!(
        file(Lab::new(&images, &labels, &images[..30], &labels)),
        Some(2.0)
    );
}

#[wasm_bindgen_test]
fn a_streaming_lab_sets_up_runs_as_their_images_arrive() {
    let (train_images, train_labels) = idx_pair(600);
    let (test_images, test_labels) = idx_pair(50);
    // Raw (not gzip) bytes, so a prefix holds a known number of whole images.
    let raw = {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&train_images[..])
            .read_to_end(&mut out)
            .unwrap();
        out
    };
    let start = 16 + 100 * 784;
    let mut lab = Lab::streaming(&raw[..start], &train_labels, &test_images, &test_labels).unwrap();
    assert_eq!((lab.train_count(), lab.train_total()), (100, 600));
    let wants_300 = settings(&[("trainSize", 250.0), ("validation", 50.0)]);
    assert_eq!(lab.images_needed(wants_300.clone()).unwrap(), 300);
    assert!(
        lab.configure(wants_300.clone()).is_err(),
        "300 images are not there yet"
    );
    assert!(
        lab.images_needed(settings(&[("trainSize", 601.0)]))
            .is_err(),
        "more than the file will have"
    );
    let mut there = 0;
    for chunk in raw[start..].chunks(5000) {
        there = lab.push_train_images(chunk).unwrap();
    }
    assert_eq!(there, 600);
    lab.configure(wants_300).unwrap();
    lab.finish_train_images().unwrap();
    assert_eq!(lab.train_total(), 600);
}

#[wasm_bindgen_test]
fn a_stream_that_stops_short_is_an_error_about_the_training_images() {
    let (train_images, train_labels) = idx_pair(300);
    let (test_images, test_labels) = idx_pair(50);
    let cut = train_images.len() - 30;
    let mut lab = Lab::streaming(
        &train_images[..cut],
        &train_labels,
        &test_images,
        &test_labels,
    )
    .unwrap();
    let error = lab.finish_train_images().unwrap_err();
    assert_eq!(get(&error, "file").as_f64(), Some(0.0));
}

/// A settings object: the book's defaults for what `pairs` leaves out.
fn settings(pairs: &[(&str, f64)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        js_sys::Reflect::set(&object, &(*key).into(), &(*value).into()).unwrap();
    }
    object.into()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &key.into()).unwrap()
}

const SMALL: [(&str, f64); 4] = [
    ("hidden", 16.0),
    ("alpha", 0.01),
    ("iterations", 3.0),
    ("trainSize", 100.0),
];

#[wasm_bindgen_test]
fn a_bad_setting_is_refused_and_the_run_kept() {
    let mut lab = lab();
    lab.configure(settings(&SMALL)).unwrap();
    assert_eq!(lab.steps_per_iteration(), 100);
    let with = |key, value| {
        let object = settings(&SMALL);
        js_sys::Reflect::set(&object, &JsValue::from_str(key), &value).unwrap();
        object
    };
    let error = |result: Result<(), wasm_bindgen::JsError>| {
        let value: JsValue = result.unwrap_err().into();
        get(&value, "message").as_string().unwrap()
    };
    assert!(error(lab.configure(with("hidden", 0.into()))).contains("hidden"));
    assert!(error(lab.configure(with("keep", 1.5.into()))).contains("keep"));
    assert!(error(lab.configure(with("hidden", "many".into()))).contains("hidden"));
    let message = error(lab.configure(with("trainSize", 201.into())));
    assert!(
        message.contains("train-size"),
        "more images than loaded: {message}"
    );
    assert_eq!(
        lab.steps_per_iteration(),
        100,
        "the earlier run is untouched"
    );
    assert_eq!(get(&lab.settings().into(), "hidden").as_f64(), Some(16.0));
}

#[wasm_bindgen_test]
fn every_problem_is_listed_by_name() {
    let bad = settings(&[
        ("hidden", 0.0),
        ("keep", 0.0),
        ("batch", 500.0),
        ("trainSize", 100.0),
    ]);
    let problems = check_settings(bad, 200);
    let names: Vec<String> = problems
        .iter()
        .map(|p| get(&p, "name").as_string().unwrap())
        .collect();
    assert_eq!(names, ["hidden", "keep", "batch"]);
    assert_eq!(check_settings(settings(&SMALL), 200).length(), 0);
}

#[wasm_bindgen_test]
fn settings_are_described_and_named_from_the_table() {
    let run = settings(&[("hidden", 100.0), ("keep", 0.5), ("trueDerivative", 1.0)]);
    assert_eq!(
        describe_settings(run.clone()).unwrap(),
        "784-100-10, α 0.005, 350 iterations, dropout keep 0.5, seed 1, \
         1,000 training images, with true ReLU derivative"
    );
    assert_eq!(settings_mode(run).unwrap(), "dropout + true derivative");
    assert_eq!(settings_mode(settings(&[])).unwrap(), "plain");
    assert!(describe_settings(settings(&[("hidden", 0.0)])).is_err());
}

#[wasm_bindgen_test]
fn training_runs_in_chunks_and_learns() {
    let mut lab = lab();
    let mut run = SMALL.to_vec();
    run.extend([("iterations", 5.0), ("keep", 0.5), ("trainSize", 200.0)]);
    lab.configure(settings(&run)).unwrap();
    let before = lab.evaluate();
    assert_eq!(lab.run(7), 7);
    assert!(lab.ended().is_none());
    let mask = lab.example().mask;
    assert_eq!(mask.len(), 16);
    assert!(mask.contains(&0.0) && mask.contains(&1.0), "{mask:?}");
    while !lab.finished() {
        lab.run(1000);
    }
    let ended = lab.ended().expect("the last run() ended an iteration");
    assert_eq!(ended.iteration, 4);
    assert!(ended.validation_accuracy.is_none());
    let after = lab.evaluate();
    assert!(
        after[1] > before[1] && after[1] > 0.9,
        "accuracy {} -> {}",
        before[1],
        after[1]
    );
}

#[wasm_bindgen_test]
fn predict_returns_outputs_and_hidden() {
    let mut lab = lab();
    let answer = lab.predict(&[128; 784]).unwrap();
    assert_eq!((answer.output.len(), answer.hidden.len()), (10, 40));
    assert!(lab.predict(&[0; 10]).is_err());
}

#[wasm_bindgen_test]
fn your_digits_are_scored_like_the_test_set() {
    let mut lab = lab();
    lab.configure(settings(&[("trainSize", 200.0), ("iterations", 3.0)]))
        .unwrap();
    while !lab.finished() {
        lab.run(1000);
    }
    let weights = lab.weights();
    // The 50 test images, handed over as raw pixels, score as the lab's own test set.
    let (pixels, labels): (Vec<u8>, Vec<u8>) = (0..50)
        .map(|i| (lab.test_image(i), lab.test_label(i)))
        .fold((vec![], vec![]), |(mut p, mut l), (image, label)| {
            p.extend(image);
            l.push(label);
            (p, l)
        });
    let mut yours = TestSet::from_images(&pixels, &labels).unwrap();
    let scored = yours.evaluate(40, &weights).unwrap();
    assert_eq!(lab.evaluate(), scored);
    let indices: Vec<u32> = (0..50).collect();
    let right = yours
        .predictions(&indices)
        .iter()
        .zip(&labels)
        .filter(|(p, l)| p == l)
        .count();
    assert_eq!(scored[1], right as f64 / 50.0);
    assert!(TestSet::from_images(&[], &[]).is_err(), "no digits");
    assert!(
        TestSet::from_images(&pixels[..784], &labels).is_err(),
        "counts differ"
    );
    assert!(
        TestSet::from_images(&[0; 784], &[10]).is_err(),
        "not a digit"
    );
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
fn sizes_and_settings_come_from_rust() {
    assert_eq!(get(&sizes().into(), "side").as_f64(), Some(28.0));
    let table = settings_table();
    let hidden = table
        .iter()
        .find(|row| get(row, "name").as_string().as_deref() == Some("hidden"))
        .unwrap();
    assert_eq!(get(&hidden, "default").as_f64(), Some(40.0));
    assert_eq!(get(&hidden, "max").as_f64(), Some(1024.0));
    let dropout = get(&book_presets().into(), "dropout");
    assert_eq!(get(&dropout, "keep").as_f64(), Some(0.5));
}

#[wasm_bindgen_test]
fn early_stopping_tracks_the_best_iteration_and_restores_it() {
    let mut lab = lab();
    let mut run = SMALL.to_vec();
    run.extend([
        ("iterations", 12.0),
        ("validation", 100.0),
        ("patience", 3.0),
    ]);
    lab.configure(settings(&run)).unwrap();
    run.push(("trainSize", 150.0));
    assert!(
        lab.configure(settings(&run)).is_err(),
        "only 50 images left"
    );
    while !lab.finished() {
        lab.run(1000);
        if let Some(ended) = lab.ended() {
            assert!(ended.validation_accuracy.is_some());
        }
    }
    let best = lab.early().unwrap();
    assert!(
        best.best_accuracy > 0.5,
        "validation accuracy {}",
        best.best_accuracy
    );
    let before = lab.weights();
    assert_eq!(
        lab.restore_best().unwrap().best_iteration,
        best.best_iteration
    );
    assert_eq!(lab.weights().len(), before.len());
}

#[wasm_bindgen_test]
fn the_drawing_preset_and_a_model_with_every_option_come_back_whole() {
    let drawing = get(&book_presets().into(), "drawing");
    assert_eq!(get(&drawing, "hidden").as_f64(), Some(128.0));
    assert_eq!(get(&drawing, "softmax").as_f64(), Some(1.0));
    assert_eq!(get(&drawing, "trueDerivative").as_f64(), Some(1.0));
    let mut trained = lab();
    let mut run = SMALL.to_vec();
    run.extend([
        ("trueDerivative", 1.0),
        ("biases", 1.0),
        ("softmax", 1.0),
        ("shuffle", 1.0),
        ("augment", 0.5),
        ("decay", 0.1),
    ]);
    trained.configure(settings(&run)).unwrap();
    while !trained.finished() {
        trained.run(1000);
    }
    let before = trained.predict(&[128; 784]).unwrap();
    assert!(
        (before.output.iter().sum::<f64>() - 1.0).abs() < 1e-12,
        "softmax"
    );
    let bytes = trained.save_model(0);
    assert_eq!(&bytes[..8], b"RGLBMDL3");
    let mut other = lab();
    other.load_model(&bytes).unwrap();
    let after = other.predict(&[128; 784]).unwrap();
    assert_eq!((after.digit, &after.output), (before.digit, &before.output));
    assert_eq!(other.evaluate(), trained.evaluate());
}

#[path = "../vote_data/mod.rs"]
mod vote_data;

/// The page's core counts the vote of networks trained in wasm exactly as the native
/// core does (`crate/tests/ensemble.rs` made the fixture).
#[wasm_bindgen_test]
fn the_vote_in_wasm_is_the_native_vote() {
    use vote_data::{fixture, noisy_idx, ALPHA, HIDDEN, ITERATIONS, SEEDS, TRAIN_SIZE};
    let expected = include_str!("../fixtures/vote-synthetic.txt");
    let (train_images, train_labels) = noisy_idx(400, 1);
    let (test_images, test_labels) = noisy_idx(200, 2);
    let mut lab = Lab::new(&train_images, &train_labels, &test_images, &test_labels).unwrap();
    assert!(lab.ensemble_vote(8).is_err(), "no networks yet");
    for (k, seed) in SEEDS.into_iter().enumerate() {
        lab.configure(settings(&[
            ("hidden", HIDDEN as f64),
            ("alpha", ALPHA),
            ("iterations", ITERATIONS as f64),
            ("trainSize", TRAIN_SIZE as f64),
            ("seed", f64::from(seed)),
        ]))
        .unwrap();
        while !lab.finished() {
            lab.run(1000);
        }
        let accuracy = lab.ensemble_join(k == 0).unwrap();
        assert_eq!(
            accuracy,
            lab.evaluate()[1],
            "a member scores as the test pass does"
        );
    }
    assert_eq!(lab.ensemble_size(), SEEDS.len());
    let vote: JsValue = lab.ensemble_vote(8).unwrap().into();
    let numbers = |key: &str| -> Vec<f64> { js_sys::Float64Array::new(&get(&vote, key)).to_vec() };
    let seeds = js_sys::Uint32Array::new(&get(&vote, "seeds")).to_vec();
    assert_eq!(seeds, SEEDS);
    assert_eq!(numbers("memberAccuracy"), fixture(expected, "members"));
    for (key, name) in [
        ("majorityAccuracy", "majority"),
        ("averagedAccuracy", "averaged"),
        ("splitShare", "split"),
    ] {
        assert_eq!(
            vec![get(&vote, key).as_f64().unwrap()],
            fixture(expected, name),
            "{key}"
        );
    }
    let grid = get(&vote, "grid");
    let shown = js_sys::Uint8Array::new(&get(&grid, "labels")).length() as usize;
    assert_eq!(shown, 8);
    let digits = js_sys::Uint8Array::new(&get(&grid, "digits")).to_vec();
    assert_eq!(
        digits.len(),
        SEEDS.len() * shown,
        "a digit per network per shown image"
    );
    // A restart is a new vote of one.
    lab.ensemble_join(true).unwrap();
    assert_eq!(lab.ensemble_size(), 1);
}
