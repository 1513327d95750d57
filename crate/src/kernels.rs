//! The inner loops, at the bottom of the core: they take slices and numbers, nothing
//! of the network or the data. Each keeps numpy's order of rounding (product first,
//! then scale, then add), never a fused multiply-add, so results stay identical to the
//! book's float64 arithmetic; `crate::reference` spells out what they compute.
//!
//! A sparse input is two slices, `index` (pixel positions, ascending) and `value`
//! (their inputs); zero pixels are left out, since their terms are `+= 0`.
//!
//! `simd_dispatch!` compiles a hot function for the widest vector unit the CPU has;
//! the kernels are `inline(always)` so they are vectorized for it there. The two
//! first-layer forward kernels, most of the time, are spelled out for AVX-512
//! (`avx512`) on x86-64 CPUs that have it, and fall back to these loops elsewhere
//! (wasm included).

#[cfg(target_arch = "x86_64")]
mod avx512;

/// `simd_dispatch!(fn name = body, (args) -> Ret)` defines `name`, which calls the
/// `inline(always)` function `body` compiled for AVX-512 or AVX2 when the x86-64 CPU
/// has it, else as built. Only instruction selection changes: results are identical.
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
pub(crate) use simd_dispatch;

/// Whether the AVX-512 kernels run: on x86-64 CPUs with AVX-512F, unless a test on
/// this thread asked for the portable loops (`portable_only`).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn use_avx512() -> bool {
    #[cfg(test)]
    if PORTABLE_ONLY.with(std::cell::Cell::get) {
        return false;
    }
    avx512::available()
}

/// Whether this CPU has the AVX-512 kernels at all (false off x86-64).
#[cfg(test)]
pub(crate) fn avx512_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    return avx512::available();
    #[cfg(not(target_arch = "x86_64"))]
    return false;
}

#[cfg(test)]
thread_local! {
    static PORTABLE_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with this thread's kernels restricted to the portable loops (tests only:
/// the release build has no such switch).
#[cfg(test)]
pub(crate) fn portable_only<T>(f: impl FnOnce() -> T) -> T {
    let before = PORTABLE_ONLY.with(|p| p.replace(true));
    let out = f();
    PORTABLE_ONLY.with(|p| p.set(before));
    out
}

/// `out = x . w` for a sparse row vector `x` (`index`, `value`) and `w` of shape
/// (784, out.len()), row-major, where `out.len()` is a multiple of 8.
///
/// Works on tiles of columns whose running sums stay in registers across all pixels, so
/// each weight is loaded once; each sum still adds pixels in ascending order.
///
/// Panics if `out.len()` is not a multiple of 8.
#[inline(always)]
pub(crate) fn sparse_dot(index: &[u16], value: &[f64], w: &[f64], out: &mut [f64]) {
    assert_eq!(out.len() % 8, 0, "sparse_dot needs a width padded to 8");
    #[cfg(target_arch = "x86_64")]
    if use_avx512() {
        // SAFETY: the CPU has AVX-512F, checked just above.
        return unsafe { avx512::sparse_dot(index, value, w, out) };
    }
    portable_sparse_dot(index, value, w, out);
}

/// Columns per tile in the portable loops: 24 two-lane sums in wasm, 12 four-lane ones
/// with AVX2, so a tile's sums fit the sixteen vector registers of either (tiles of 64
/// spilled).
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

/// `sums += v * row`: one pixel's term in a tile of running sums.
#[inline(always)]
fn add_term<const W: usize>(sums: &mut [f64; W], v: f64, row: &[f64; W]) {
    for (s, &wt) in sums.iter_mut().zip(row) {
        *s += v * wt;
    }
}

/// `row += alpha * (v * d)`: one pixel's row of `w01 += alpha * outer(x, d)`, the book's
/// `weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)`. Every portable path that
/// updates `w01` per example (at once, held, settled) goes through here.
#[inline(always)]
pub(crate) fn scaled_outer_row(alpha: f64, v: f64, d: &[f64], row: &mut [f64]) {
    for (wt, &d) in row.iter_mut().zip(d) {
        *wt += alpha * (v * d);
    }
}

/// A tile of `W` columns of row `p` of a matrix `width` wide.
#[inline(always)]
fn tile<const W: usize>(m: &[f64], p: usize, width: usize, col: usize) -> &[f64; W] {
    m[p * width + col..][..W].try_into().expect("tile")
}

/// `tile`, writable.
#[inline(always)]
fn tile_mut<const W: usize>(m: &mut [f64], p: usize, width: usize, col: usize) -> &mut [f64; W] {
    (&mut m[p * width + col..][..W]).try_into().expect("tile")
}

#[inline(always)]
fn portable_sparse_dot(index: &[u16], value: &[f64], w: &[f64], out: &mut [f64]) {
    portable_tiles!(out.len(), sparse_dot_tile(index, value, w, out));
}

#[inline(always)]
fn sparse_dot_tile<const W: usize>(
    index: &[u16],
    value: &[f64],
    w: &[f64],
    out: &mut [f64],
    col: usize,
) {
    let width = out.len();
    let mut sums = [0.0; W];
    for (&p, &v) in index.iter().zip(value) {
        add_term(&mut sums, v, tile(w, p as usize, width, col));
    }
    out[col..col + W].copy_from_slice(&sums);
}

/// Held `w01` updates as the kernels read and write them (`crate::held` keeps them):
/// pixel `p`'s row waits for `w += alpha * (value[p] * deltas row slot[p])` unless
/// `slot[p]` is `NONE`. The pixels of the example being read are marked for slot `next`.
pub(crate) struct HeldRows<'a> {
    pub alpha: f64,
    /// (784): ring slot of each pixel's held update, or `NONE`.
    pub slot: &'a mut [u32],
    /// (784): the input value each held update multiplies its deltas by.
    pub value: &'a mut [f64],
    /// (slots, width): hidden deltas, rows as wide as `w`'s.
    pub deltas: &'a [f64],
    pub next: u32,
}

impl HeldRows<'_> {
    /// Marks a row with nothing held.
    pub const NONE: u32 = u32::MAX;
}

/// `sparse_dot`, applying each read row's held update first (and storing it); then
/// each row of `x` holds `x`'s own update, whose deltas go into slot `held.next`.
///
/// Panics if `out.len()` is not a multiple of 8 or the delta rows are not as wide.
#[inline(always)]
pub(crate) fn sparse_dot_settling(
    index: &[u16],
    value: &[f64],
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
    if use_avx512() {
        // SAFETY: the CPU has AVX-512F, checked just above.
        return unsafe { avx512::sparse_dot_settling(index, value, held, w, out) };
    }
    portable_sparse_dot_settling(index, value, held, w, out);
}

#[inline(always)]
fn portable_sparse_dot_settling(
    index: &[u16],
    value: &[f64],
    held: &mut HeldRows<'_>,
    w: &mut [f64],
    out: &mut [f64],
) {
    portable_tiles!(out.len(), settling_dot_tile(index, value, held, w, out));
}

/// One tile of columns; the last tile also marks the rows (earlier tiles still need
/// the marks they find).
#[inline(always)]
fn settling_dot_tile<const W: usize>(
    index: &[u16],
    value: &[f64],
    held: &mut HeldRows<'_>,
    w: &mut [f64],
    out: &mut [f64],
    col: usize,
) {
    let width = out.len();
    let last = col + W == width;
    let mut sums = [0.0; W];
    for (&p, &v) in index.iter().zip(value) {
        let p = p as usize;
        let row = tile_mut::<W>(w, p, width, col);
        let slot = held.slot[p];
        if slot != HeldRows::NONE {
            let d = tile::<W>(held.deltas, slot as usize, width, col);
            scaled_outer_row(held.alpha, held.value[p], d, row);
        }
        add_term(&mut sums, v, row);
        if last {
            held.slot[p] = held.next;
            held.value[p] = v;
        }
    }
    out[col..col + W].copy_from_slice(&sums);
}

/// Applies every update `held` holds to `w` (rows `width` wide), in pixel order.
pub(crate) fn settle_rows(held: &HeldRows<'_>, w: &mut [f64], width: usize) {
    for (p, &slot) in held.slot.iter().enumerate() {
        if slot != HeldRows::NONE {
            let d = &held.deltas[slot as usize * width..][..width];
            scaled_outer_row(held.alpha, held.value[p], d, &mut w[p * width..][..width]);
        }
    }
}

/// `w += alpha * outer(x, d)` for a sparse `x` (`index`, `value`) and `w` of shape
/// (784, d.len()): only the rows of non-zero pixels change (a zero pixel's row would
/// get `+= alpha * 0`).
///
/// Column tiles of a fixed width, so each row's update is unrolled whole: in wasm,
/// where this runs (see `trainer::HOLD_W01_UPDATES`), a loop over a run-time width was
/// markedly slower.
///
/// Panics if `d.len()` is not a multiple of 8.
#[inline(always)]
pub(crate) fn sparse_outer_update(
    alpha: f64,
    index: &[u16],
    value: &[f64],
    d: &[f64],
    w: &mut [f64],
) {
    assert_eq!(
        d.len() % 8,
        0,
        "sparse_outer_update needs a width padded to 8"
    );
    portable_tiles!(d.len(), update_tile(alpha, index, value, d, w));
}

#[inline(always)]
fn update_tile<const W: usize>(
    alpha: f64,
    index: &[u16],
    value: &[f64],
    d: &[f64],
    w: &mut [f64],
    col: usize,
) {
    let width = d.len();
    let d = tile::<W>(d, 0, width, col);
    for (&p, &v) in index.iter().zip(value) {
        scaled_outer_row(alpha, v, d, tile_mut::<W>(w, p as usize, width, col));
    }
}

/// `y += a * x` (one sparse pixel's contribution to a layer's pre-activation).
#[inline(always)]
pub(crate) fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += a * x;
    }
}

/// `y += alpha * x` (a row of `weights += alpha * gradient`).
#[inline(always)]
pub(crate) fn add_scaled(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += alpha * x;
    }
}

/// `sum(x * y)` in index order.
#[inline(always)]
pub(crate) fn dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).fold(0.0, |acc, (&a, &b)| acc + a * b)
}
