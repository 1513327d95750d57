//! The two first-layer forward kernels written with AVX-512 instructions, one 8-lane
//! vector per cache line of a `w01` row, on slices as the portable ones. The compiler's
//! vectorizer produced the same code for some hidden widths and left others scalar
//! depending on the caller; spelled out, every width gets whole-vector code.
//!
//! Each lane does exactly what the portable code does (a separate multiply and add,
//! never fused), so results are identical.

use std::arch::x86_64::{
    __m512d, _mm512_add_pd, _mm512_loadu_pd, _mm512_mul_pd, _mm512_set1_pd, _mm512_setzero_pd,
    _mm512_storeu_pd,
};

use super::HeldRows;

/// Lanes per vector.
const LANES: usize = 8;

/// Calls `tile::<V>(args.., col)` over `width` columns in tiles of `V` vectors, at most
/// eight (whose sums or deltas then fill 8 of the 32 vector registers).
macro_rules! by_tiles {
    ($width:expr, $tile:ident($($arg:expr),*)) => {{
        let (width, mut col) = ($width, 0);
        while col < width {
            let vectors = ((width - col) / LANES).min(8);
            match vectors {
                1 => $tile::<1>($($arg,)* col),
                2 => $tile::<2>($($arg,)* col),
                3 => $tile::<3>($($arg,)* col),
                4 => $tile::<4>($($arg,)* col),
                5 => $tile::<5>($($arg,)* col),
                6 => $tile::<6>($($arg,)* col),
                7 => $tile::<7>($($arg,)* col),
                _ => $tile::<8>($($arg,)* col),
            }
            col += vectors * LANES;
        }
    }};
}

/// Whether this CPU runs these kernels (checked once, then a cached flag).
#[inline(always)]
pub fn available() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
}

/// `out = x . w` as `super::sparse_dot`.
///
/// # Safety
/// The CPU must have AVX-512F (`available()`).
#[target_feature(enable = "avx512f")]
pub unsafe fn sparse_dot(index: &[u16], value: &[f64], w: &[f64], out: &mut [f64]) {
    let width = out.len();
    by_tiles!(width, dot_tile(index, value, w, width, out));
}

/// `V` vectors of running sums, held in registers across all pixels.
#[target_feature(enable = "avx512f")]
fn dot_tile<const V: usize>(
    index: &[u16],
    value: &[f64],
    w: &[f64],
    width: usize,
    out: &mut [f64],
    col: usize,
) {
    let mut acc: [__m512d; V] = [_mm512_setzero_pd(); V];
    for (&p, &v) in index.iter().zip(value) {
        let row = &w[p as usize * width + col..][..V * LANES];
        let v = _mm512_set1_pd(v);
        for (k, a) in acc.iter_mut().enumerate() {
            // SAFETY: `row` holds V * LANES numbers, so lanes k*8..k*8+8 are in it.
            let weights = unsafe { _mm512_loadu_pd(row.as_ptr().add(k * LANES)) };
            *a = _mm512_add_pd(*a, _mm512_mul_pd(v, weights));
        }
    }
    let out = &mut out[col..col + V * LANES];
    for (k, a) in acc.iter().enumerate() {
        // SAFETY: `out` holds V * LANES numbers.
        unsafe { _mm512_storeu_pd(out.as_mut_ptr().add(k * LANES), *a) };
    }
}

/// `out = x . w` as `super::sparse_dot_settling`, applying held updates on the way.
///
/// # Safety
/// The CPU must have AVX-512F (`available()`).
#[target_feature(enable = "avx512f")]
pub unsafe fn sparse_dot_settling(
    index: &[u16],
    value: &[f64],
    held: &mut HeldRows<'_>,
    w: &mut [f64],
    out: &mut [f64],
) {
    let width = out.len();
    by_tiles!(width, settling_dot_tile(index, value, held, w, width, out));
}

/// `V` vectors of running sums in registers; a row with a held update gets it (in
/// memory, and in the registers that go on into the sums) just before it is read. The
/// last tile marks the rows for the example's own update.
#[target_feature(enable = "avx512f")]
fn settling_dot_tile<const V: usize>(
    index: &[u16],
    value: &[f64],
    held: &mut HeldRows<'_>,
    w: &mut [f64],
    width: usize,
    out: &mut [f64],
    col: usize,
) {
    let last = col + V * LANES == width;
    let mut acc: [__m512d; V] = [_mm512_setzero_pd(); V];
    let alpha = _mm512_set1_pd(held.alpha);
    for (&p, &v) in index.iter().zip(value) {
        let p = p as usize;
        let row = &mut w[p * width + col..][..V * LANES];
        let slot = held.slot[p];
        let input = _mm512_set1_pd(v);
        if slot != HeldRows::NONE {
            let d = &held.deltas[slot as usize * width + col..][..V * LANES];
            let held_value = _mm512_set1_pd(held.value[p]);
            for (k, a) in acc.iter_mut().enumerate() {
                // SAFETY: `row` and `d` hold V * LANES numbers, so lanes k*8..k*8+8 are in them.
                unsafe {
                    let at = row.as_mut_ptr().add(k * LANES);
                    let delta = _mm512_loadu_pd(d.as_ptr().add(k * LANES));
                    let step = _mm512_mul_pd(alpha, _mm512_mul_pd(held_value, delta));
                    let weights = _mm512_add_pd(_mm512_loadu_pd(at), step);
                    _mm512_storeu_pd(at, weights);
                    *a = _mm512_add_pd(*a, _mm512_mul_pd(input, weights));
                }
            }
        } else {
            for (k, a) in acc.iter_mut().enumerate() {
                // SAFETY: as above.
                let weights = unsafe { _mm512_loadu_pd(row.as_ptr().add(k * LANES)) };
                *a = _mm512_add_pd(*a, _mm512_mul_pd(input, weights));
            }
        }
        if last {
            held.slot[p] = held.next;
            held.value[p] = v;
        }
    }
    let out = &mut out[col..col + V * LANES];
    for (k, a) in acc.iter().enumerate() {
        // SAFETY: `out` holds V * LANES numbers.
        unsafe { _mm512_storeu_pd(out.as_mut_ptr().add(k * LANES), *a) };
    }
}
