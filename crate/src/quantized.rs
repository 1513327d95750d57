//! Version 4 of the model file: the compact, prediction-first encoding of the weights.
//!
//! Each weight is one signed byte times a scale (f32) kept per column: per hidden unit
//! for `w01` (its 784 incoming weights) and per output for `w12` (its `hidden` incoming
//! weights). The scale is the column's largest magnitude / 127, so a weight is off by at
//! most half a step (`scale / 2`). Biases are f32. The header and settings are version
//! 3's (`crate/src/model.rs`) under the magic `RGLBMDL4`; after them:
//!
//! | size | field |
//! |---|---|
//! | 4 * hidden | `w01`'s scales, one per hidden unit, f32 |
//! | 784 * hidden | `w01`, row-major (784, hidden), i8 |
//! | 4 * 10 | `w12`'s scales, one per output, f32 |
//! | hidden * 10 | `w12`, row-major (hidden, 10), i8 |
//! | 4 * (hidden + 10) | with `biases` 1 only: `b1`, then `b2`, f32 |
//!
//! A 784-128-10 model with biases is 20 + 187 + 4 * 138 + 794 * 128 + 4 * 138 =
//! 102,943 bytes (version 3: 814,367). Reading one gives the dequantized weights as
//! f64: it predicts as the compact file does, and a lab that loads it trains on from
//! those weights (no longer the exact run; the lab's own Save model stays version 3).

use ndarray::ArrayView2;

/// The largest quantized magnitude.
const LEVELS: f64 = 127.0;

/// Per-column scales of a (rows, cols) matrix: each column's largest |w| / 127, as f32.
fn scales(w: ArrayView2<'_, f64>) -> Vec<f32> {
    w.columns()
        .into_iter()
        .map(|col| (col.iter().fold(0.0f64, |m, x| m.max(x.abs())) / LEVELS) as f32)
        .collect()
}

/// Appends `w`'s column scales, then its quantized values row-major.
pub(crate) fn extend_with_matrix(out: &mut Vec<u8>, w: ArrayView2<'_, f64>) {
    let scales = scales(w);
    for s in &scales {
        out.extend(s.to_le_bytes());
    }
    for row in w.rows() {
        for (x, &s) in row.iter().zip(&scales) {
            let q = if s == 0.0 {
                0.0
            } else {
                (x / s as f64).round()
            };
            out.push(q.clamp(-LEVELS, LEVELS) as i8 as u8);
        }
    }
}

/// Bytes of a (rows, cols) matrix's encoding.
pub(crate) fn matrix_len(rows: usize, cols: usize) -> usize {
    4 * cols + rows * cols
}

/// Decodes a (rows, cols) matrix written by `extend_with_matrix` into `flat`, row-major;
/// `bytes` is exactly `matrix_len(rows, cols)` long. `Err` names a bad scale.
pub(crate) fn read_matrix(
    bytes: &[u8],
    rows: usize,
    cols: usize,
    flat: &mut Vec<f64>,
) -> Result<(), String> {
    let (head, values) = bytes.split_at(4 * cols);
    let scales: Vec<f64> = head
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().expect("4")) as f64)
        .collect();
    if let Some(s) = scales.iter().find(|s| !s.is_finite() || **s < 0.0) {
        return Err(format!("a weight scale is {s}, not a finite number ≥ 0"));
    }
    debug_assert_eq!(values.len(), rows * cols);
    for row in values.chunks_exact(cols) {
        flat.extend(row.iter().zip(&scales).map(|(&q, s)| q as i8 as f64 * s));
    }
    Ok(())
}
