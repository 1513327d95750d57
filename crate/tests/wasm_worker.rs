//! The bindings in a dedicated Web Worker, where the lab's training runs.
#![cfg(target_arch = "wasm32")]

mod wasm_shared;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);
