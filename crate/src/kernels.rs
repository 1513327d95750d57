//! The inner loops. Plain element-wise loops that the compiler vectorizes; each keeps
//! numpy's order of rounding (product first, then scale, then add), never a fused
//! multiply-add, so results stay identical to the book's float64 arithmetic.
//!
//! `simd_dispatch!` compiles a hot function for the widest vector unit the CPU has;
//! the kernels are `inline(always)` so they are vectorized for it there. The two
//! first-layer kernels, most of the time, are spelled out for AVX-512 (`avx512`) on
//! x86-64 CPUs that have it, and fall back to these loops elsewhere (wasm included).

use crate::dataset::SparseImage;

#[cfg(target_arch = "x86_64")]
mod avx512;

/// `simd_dispatch!(fn name = body, (args) -> Ret)` defines `name`, which calls the
/// `inline(always)` function `body` compiled for AVX-512 or AVX2 when the x86-64 CPU
/// has it, else as built. Only instruction selection changes: results are identical.
#[macro_export]
#[doc(hidden)]
macro_rules! simd_dispatch {
    ($vis:vis fn $name:ident = $body:path, ($($arg:ident : $ty:ty),*) -> $ret:ty) => {
        $vis fn $name($($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f")]
                unsafe fn avx512($($arg: $ty),*) -> $ret {
                    $body($($arg),*)
                }
                #[target_feature(enable = "avx2")]
                unsafe fn avx2($($arg: $ty),*) -> $ret {
                    $body($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU has AVX-512F, checked just above.
                    return unsafe { avx512($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2, checked just above.
                    return unsafe { avx2($($arg),*) };
                }
            }
            $body($($arg),*)
        }
    };
}

/// `out = x . w` for a sparse row vector `x` and `w` of shape (784, out.len()), row-major,
/// where `out.len()` is a multiple of 8.
///
/// Works on tiles of columns whose running sums stay in registers across all pixels, so
/// each weight is loaded once; each sum still adds pixels in ascending order.
#[inline(always)]
pub fn sparse_dot(x: SparseImage<'_>, w: &[f64], out: &mut [f64]) {
    assert_eq!(out.len() % 8, 0, "sparse_dot needs a width padded to 8");
    #[cfg(target_arch = "x86_64")]
    if avx512::available() {
        // SAFETY: the CPU has AVX-512F, checked just above.
        return unsafe { avx512::sparse_dot(x, w, out) };
    }
    portable_sparse_dot(x, w, out);
}

/// Columns per tile in the portable loops: 24 two-lane sums in wasm, 12 four-lane ones
/// with AVX2. Tiles of 64 left too many sums for the sixteen vector registers of
/// either; in Chromium the book's dropout run (104 columns: 64 + 40, now 48 + 48 + 8)
/// trained in 3.50 s, now 3.13 s, and the plain run (one tile of 40) is unchanged.
const PORTABLE_TILE: usize = 48;

/// Calls `tile::<W>(args.., col)` over `width` columns (a multiple of 8) in tiles of
/// `W` columns, at most `PORTABLE_TILE`: a fixed width, so each tile is unrolled whole.
macro_rules! portable_tiles {
    ($width:expr, $tile:ident($($arg:expr),*)) => {{
        let (width, mut col) = ($width, 0);
        while col < width {
            match width - col {
                8 => $tile::<8>($($arg,)* col),
                16 => $tile::<16>($($arg,)* col),
                24 => $tile::<24>($($arg,)* col),
                32 => $tile::<32>($($arg,)* col),
                40 => $tile::<40>($($arg,)* col),
                _ => $tile::<PORTABLE_TILE>($($arg,)* col),
            }
            col += (width - col).min(PORTABLE_TILE);
        }
    }};
}

#[inline(always)]
fn portable_sparse_dot(x: SparseImage<'_>, w: &[f64], out: &mut [f64]) {
    portable_tiles!(out.len(), sparse_dot_tile(x, w, out));
}

#[inline(always)]
fn sparse_dot_tile<const W: usize>(x: SparseImage<'_>, w: &[f64], out: &mut [f64], col: usize) {
    let width = out.len();
    let mut acc = [0.0; W];
    for (&p, &v) in x.index.iter().zip(x.value) {
        let row: &[f64; W] = w[p as usize * width + col..][..W].try_into().expect("tile");
        for (a, &wt) in acc.iter_mut().zip(row) {
            *a += v * wt;
        }
    }
    out[col..col + W].copy_from_slice(&acc);
}

/// Held `w01` updates as the kernels read and write them (see `held`): pixel `p`'s row
/// waits for `w += alpha * (value[p] * deltas row slot[p])` unless `slot[p]` is
/// `held::NONE`. The pixels of the example being read are marked for slot `next`.
pub(crate) struct HeldRows<'a> {
    pub alpha: f64,
    pub slot: &'a mut [u32],
    pub value: &'a mut [f64],
    /// Rows as wide as `w`'s.
    pub deltas: &'a [f64],
    pub next: u32,
}

/// `sparse_dot`, applying each read row's held update first (and storing it); then
/// each row of `x` holds `x`'s own update, whose deltas go into slot `held.next`.
#[inline(always)]
pub(crate) fn sparse_dot_settling(
    x: SparseImage<'_>,
    held: &mut HeldRows<'_>,
    w: &mut [f64],
    out: &mut [f64],
) {
    assert_eq!(
        out.len() % 8,
        0,
        "sparse_dot_settling needs a width padded to 8"
    );
    assert_eq!(
        held.deltas.len() % out.len(),
        0,
        "delta rows as wide as w's"
    );
    #[cfg(target_arch = "x86_64")]
    if avx512::available() {
        // SAFETY: the CPU has AVX-512F, checked just above.
        return unsafe { avx512::sparse_dot_settling(x, held, w, out) };
    }
    portable_sparse_dot_settling(x, held, w, out);
}

#[inline(always)]
fn portable_sparse_dot_settling(
    x: SparseImage<'_>,
    held: &mut HeldRows<'_>,
    w: &mut [f64],
    out: &mut [f64],
) {
    portable_tiles!(out.len(), settling_dot_tile(x, held, w, out));
}

/// One tile of columns; the last tile also marks the rows (earlier tiles still need
/// the marks they find).
#[inline(always)]
fn settling_dot_tile<const W: usize>(
    x: SparseImage<'_>,
    held: &mut HeldRows<'_>,
    w: &mut [f64],
    out: &mut [f64],
    col: usize,
) {
    let width = out.len();
    let last = col + W == width;
    let mut acc = [0.0; W];
    for (&p, &v) in x.index.iter().zip(x.value) {
        let p = p as usize;
        let row: &mut [f64; W] = (&mut w[p * width + col..][..W]).try_into().expect("tile");
        let slot = held.slot[p];
        if slot != crate::held::NONE {
            let d: &[f64; W] = held.deltas[slot as usize * width + col..][..W]
                .try_into()
                .expect("tile");
            let held_value = held.value[p];
            for (wt, &d) in row.iter_mut().zip(d) {
                *wt += held.alpha * (held_value * d);
            }
        }
        for (a, &wt) in acc.iter_mut().zip(row.iter()) {
            *a += v * wt;
        }
        if last {
            held.slot[p] = held.next;
            held.value[p] = v;
        }
    }
    out[col..col + W].copy_from_slice(&acc);
}

/// `w += alpha * outer(x, d)` for a sparse `x` and `w` of shape (784, d.len()): only the
/// rows of non-zero pixels change (a zero pixel's row would get `+= alpha * 0`).
///
/// Column tiles of a fixed width, so each row's update is unrolled whole: in wasm, where
/// this runs (see `trainer::HOLD_W01_UPDATES`), a loop over a run-time width spent a
/// third more. In Chromium the book's plain run trained in 1.46 s that way, 1.26 s now.
#[inline(always)]
pub fn sparse_outer_update(alpha: f64, x: SparseImage<'_>, d: &[f64], w: &mut [f64]) {
    assert_eq!(
        d.len() % 8,
        0,
        "sparse_outer_update needs a width padded to 8"
    );
    portable_tiles!(d.len(), update_tile(alpha, x, d, w));
}

#[inline(always)]
fn update_tile<const W: usize>(
    alpha: f64,
    x: SparseImage<'_>,
    d: &[f64],
    w: &mut [f64],
    col: usize,
) {
    let width = d.len();
    let d: &[f64; W] = d[col..col + W].try_into().expect("tile");
    for (&p, &v) in x.index.iter().zip(x.value) {
        let row: &mut [f64; W] = (&mut w[p as usize * width + col..][..W])
            .try_into()
            .expect("tile");
        for (wt, &d) in row.iter_mut().zip(d) {
            *wt += alpha * (v * d);
        }
    }
}

/// `y += a * x` (one sparse pixel's contribution to a layer's pre-activation).
#[inline(always)]
pub fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += a * x;
    }
}

/// `y += alpha * (a * x)`: a row of `weights += alpha * outer(input, delta)`.
#[inline(always)]
pub fn scaled_outer_row(alpha: f64, a: f64, x: &[f64], y: &mut [f64]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += alpha * (a * x);
    }
}

/// `y += alpha * x` (a row of `weights += alpha * gradient`).
#[inline(always)]
pub fn add_scaled(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += alpha * x;
    }
}

/// `sum(x * y)` in index order.
#[inline(always)]
pub fn dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).fold(0.0, |acc, (&a, &b)| acc + a * b)
}

/// numpy's `np.sum` of a contiguous float64 array: pairwise summation with eight
/// accumulators per block of at most 128, as numpy's add-reduce loop does.
#[inline]
pub fn numpy_sum(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 8 {
        return x.iter().fold(-0.0, |acc, &v| acc + v);
    }
    if n <= 128 {
        let mut r = [0.0; 8];
        r.copy_from_slice(&x[..8]);
        let blocks = n - n % 8;
        for chunk in x[8..blocks].chunks_exact(8) {
            for (acc, &v) in r.iter_mut().zip(chunk) {
                *acc += v;
            }
        }
        let mut sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &x[blocks..] {
            sum += v;
        }
        return sum;
    }
    let mut half = n / 2;
    half -= half % 8;
    numpy_sum(&x[..half]) + numpy_sum(&x[half..])
}

/// numpy's `argmax`: the first index of the largest value (a NaN counts as largest).
#[inline]
pub fn argmax(x: &[f64]) -> usize {
    // The best value stays in a register: re-reading `x[best]` made each comparison
    // wait for a load whose address the previous one decided.
    let (mut best, mut top) = (0, x.first().copied().unwrap_or(f64::NAN));
    for (i, &v) in x.iter().enumerate() {
        if v.is_nan() {
            return i;
        }
        if v > top {
            best = i;
            top = v;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_sum_orders_like_numpy() {
        // Values whose sum depends on order: numpy 2.4 prints 6.0 for
        // `np.sum(np.array([1e16, 1, -1e16, 1, 1, 1, 1, 1, 1, 1.0]))`, a left fold 7.0.
        let x = [1e16, 1.0, -1e16, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        assert_eq!(numpy_sum(&x), 6.0);
        let left: f64 = x.iter().sum();
        assert_ne!(numpy_sum(&x), left);
    }

    #[test]
    fn argmax_takes_first_maximum() {
        assert_eq!(argmax(&[0.1, 0.9, 0.9, 0.2]), 1);
        assert_eq!(argmax(&[0.1, f64::NAN, 0.9]), 1);
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod avx512_agrees {
    use super::*;
    use crate::mt19937::Mt19937;

    /// The AVX-512 kernels and the portable loops give the same bits for every tile
    /// shape (one to eight vectors, and several tiles), so machines without AVX-512 train
    /// exactly as this one does: sums, settled rows and the marks left for the next slot.
    #[test]
    fn kernels_match_the_portable_loops_bit_for_bit() {
        if !avx512::available() {
            return; // nothing to compare on this CPU
        }
        let mut rng = Mt19937::new(11);
        let index: Vec<u16> = (0..784).filter(|_| rng.next_f64() < 0.2).collect();
        let value: Vec<f64> = index.iter().map(|_| rng.next_f64()).collect();
        let x = SparseImage {
            index: &index,
            value: &value,
        };
        for width in (8..=136).step_by(8) {
            let w: Vec<f64> = (0..784 * width).map(|_| rng.next_f64() - 0.5).collect();
            let (mut fast, mut plain) = (vec![0.0; width], vec![0.0; width]);
            // SAFETY: AVX-512F is available, checked above.
            unsafe { avx512::sparse_dot(x, &w, &mut fast) };
            portable_sparse_dot(x, &w, &mut plain);
            assert_eq!(bits(&fast), bits(&plain), "forward, width {width}");

            // Every other pixel holds an update from one of three slots.
            let deltas: Vec<f64> = (0..3 * width).map(|_| rng.next_f64() - 0.5).collect();
            let slot: Vec<u32> = (0..784u32)
                .map(|p| if p % 2 == 0 { p % 3 } else { crate::held::NONE })
                .collect();
            let held_value: Vec<f64> = (0..784).map(|_| rng.next_f64()).collect();
            let run = |settle: &Settle<'_>| {
                let (mut w, mut out) = (w.clone(), vec![0.0; width]);
                let (mut slot, mut value) = (slot.clone(), held_value.clone());
                let mut held = HeldRows {
                    alpha: 0.005,
                    slot: &mut slot,
                    value: &mut value,
                    deltas: &deltas,
                    next: 2,
                };
                settle(&mut held, &mut w, &mut out);
                (bits(&w), bits(&out), slot, bits(&value))
            };
            // SAFETY: as above.
            let fast = run(&|h, w, out| unsafe { avx512::sparse_dot_settling(x, h, w, out) });
            let plain = run(&|h, w, out| portable_sparse_dot_settling(x, h, w, out));
            assert!(fast == plain, "settling forward, width {width}");
            assert_ne!(fast.0, bits(&w), "held updates applied, width {width}");
            assert!(
                index.iter().all(|&p| fast.2[p as usize] == 2),
                "rows marked"
            );
        }
    }

    /// A settling forward pass: (held rows, w, out).
    type Settle<'a> = dyn Fn(&mut HeldRows<'_>, &mut [f64], &mut [f64]) + 'a;

    fn bits(x: &[f64]) -> Vec<u64> {
        x.iter().map(|v| v.to_bits()).collect()
    }
}

#[cfg(test)]
mod numpy_sum_long {
    use super::numpy_sum;
    use crate::mt19937::Mt19937;

    /// `rng = np.random.RandomState(5); a = rng.random(1000) * 1e3; a[::7] *= -1e13;
    /// np.sum(a)` prints -7.110875599722929e+17 (split into blocks above 128).
    #[test]
    fn long_sums_split_like_numpy() {
        let mut rng = Mt19937::new(5);
        let mut a: Vec<f64> = (0..1000).map(|_| rng.next_f64() * 1e3).collect();
        for v in a.iter_mut().step_by(7) {
            *v *= -1e13;
        }
        assert_eq!(numpy_sum(&a), -7.110875599722929e17);
    }
}
