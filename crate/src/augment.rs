//! Data augmentation as a regulariser: each training example is replaced by a random
//! copy of itself, shifted, rotated, scaled, sheared and thickened a little, so the
//! network never sees the same image twice and learns what a digit is rather than
//! where its pixels fall.
//!
//! One copy takes 6 draws from its own stream (numpy's `RandomState(seed ^ AUGMENT_SEED)`,
//! so dropout's and the shuffle's draws are the same with or without it) and one
//! bilinear resampling of the 28x28 image: about 20 floating-point operations a pixel,
//! ~16,000 an image, a few microseconds. `tools/numpy_oracle.py` does the same
//! arithmetic in the same order, so the copies are the same bits.
//!
//! For strength `a` in [0, 1] (`Config::augment`), with `u` uniform in [0, 1):
//!
//! ```text
//! dx, dy = (2u - 1) * 2a                 shift, pixels
//! theta  = (2u - 1) * 0.26a              rotation, radians (15 degrees)
//! k      = 1 / (1 + (2u - 1) * 0.15a)    inverse scale
//! shear  = (2u - 1) * 0.15a
//! thick  = u * 0.5a                      stroke thickening
//! ```
//!
//! Output pixel (y, x) reads the input at (sy, sx), bilinearly, zero outside:
//!
//! ```text
//! u, v = x - 13.5 - dx, y - 13.5 - dy
//! sx = m00 * u + m01 * v + 13.5,  m00 = k * cos, m01 = k * (sin - shear * cos)
//! sy = m10 * u + m11 * v + 13.5,  m10 = -(k * sin), m11 = k * (cos + shear * sin)
//! ```
//!
//! then, when `thick > 0`, every pixel becomes `max(p, thick * (largest of its 4
//! neighbours))`. `cos` and `sin` are short Taylor polynomials (exact enough for 15
//! degrees), so native, wasm and numpy agree without depending on a maths library.

use crate::idx::{PIXELS, SIDE};
use crate::mt19937::Mt19937;

/// Mixed into the run's seed for the augmentation stream.
pub const AUGMENT_SEED: u32 = 0x05EE_DA06;

/// The augmentation stream of a run seeded with `seed`.
pub fn stream(seed: u32) -> Mt19937 {
    Mt19937::new(seed ^ AUGMENT_SEED)
}

/// `sin(x)` to degree 9, for |x| <= 0.3 (error below 1e-12).
fn sin(x: f64) -> f64 {
    let x2 = x * x;
    x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0 * (1.0 - x2 / 72.0))))
}

/// `cos(x)` to degree 10, for |x| <= 0.3.
fn cos(x: f64) -> f64 {
    let x2 = x * x;
    1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0 * (1.0 - x2 / 90.0))))
}

/// Writes into `out` (784) a random copy of `image` (784 inputs in [0, 1]) at strength
/// `strength`, drawing its 6 parameters from `rng`.
pub fn augment(image: &[f64], strength: f64, rng: &mut Mt19937, out: &mut [f64]) {
    assert_eq!(
        (image.len(), out.len()),
        (PIXELS, PIXELS),
        "augment: 784 pixels"
    );
    let mut centred = || 2.0 * rng.next_f64() - 1.0;
    let dx = centred() * 2.0 * strength;
    let dy = centred() * 2.0 * strength;
    let theta = centred() * 0.26 * strength;
    let k = 1.0 / (1.0 + centred() * 0.15 * strength);
    let shear = centred() * 0.15 * strength;
    let thick = rng.next_f64() * 0.5 * strength;
    let (c, s) = (cos(theta), sin(theta));
    let (m00, m01) = (k * c, k * (s - shear * c));
    let (m10, m11) = (-(k * s), k * (c + shear * s));
    let side = SIDE as i64;
    let at = |y: i64, x: i64| {
        if (0..side).contains(&y) && (0..side).contains(&x) {
            image[(y * side + x) as usize]
        } else {
            0.0
        }
    };
    for y in 0..SIDE {
        for x in 0..SIDE {
            let u = x as f64 - 13.5 - dx;
            let v = y as f64 - 13.5 - dy;
            let sx = m00 * u + m01 * v + 13.5;
            let sy = m10 * u + m11 * v + 13.5;
            let (xi, yi) = (floor(sx), floor(sy));
            let (fx, fy) = (sx - xi as f64, sy - yi as f64);
            let top = (1.0 - fx) * at(yi, xi) + fx * at(yi, xi + 1);
            let bottom = (1.0 - fx) * at(yi + 1, xi) + fx * at(yi + 1, xi + 1);
            out[y * SIDE + x] = (1.0 - fy) * top + fy * bottom;
        }
    }
    if thick > 0.0 {
        thicken(out, thick);
    }
}

/// `x.floor()` as a whole number, for |x| < 2^53: a truncation and a compare, where
/// `f64::floor` is a library call on x86-64 without SSE4.1.
#[inline(always)]
fn floor(x: f64) -> i64 {
    let t = x as i64;
    t - ((t as f64) > x) as i64
}

/// `p = max(p, thick * max(4 neighbours))` for every pixel, reading the unthickened image.
fn thicken(image: &mut [f64], thick: f64) {
    let mut before = [0.0; PIXELS];
    before.copy_from_slice(image);
    let at = |y: usize, x: usize| before[y * SIDE + x];
    for y in 0..SIDE {
        for x in 0..SIDE {
            let mut n: f64 = 0.0;
            if y > 0 {
                n = n.max(at(y - 1, x));
            }
            if y + 1 < SIDE {
                n = n.max(at(y + 1, x));
            }
            if x > 0 {
                n = n.max(at(y, x - 1));
            }
            if x + 1 < SIDE {
                n = n.max(at(y, x + 1));
            }
            let p = &mut image[y * SIDE + x];
            *p = p.max(thick * n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_is_floor() {
        for x in [-3.5, -3.0, -0.25, -0.0, 0.0, 0.75, 2.0, 27.999, -1e-300] {
            assert_eq!(floor(x) as f64, x.floor(), "{x}");
        }
    }

    #[test]
    fn the_polynomials_are_sin_and_cos() {
        for i in -30..=30 {
            let x = i as f64 / 100.0;
            assert!((sin(x) - x.sin()).abs() < 1e-12, "sin {x}");
            assert!((cos(x) - x.cos()).abs() < 1e-12, "cos {x}");
        }
    }

    #[test]
    fn strength_zero_is_the_image_and_copies_keep_their_ink() {
        let mut rng = Mt19937::new(3);
        let mut image = vec![0.0; PIXELS];
        for y in 8..20 {
            image[y * SIDE + 14] = 1.0;
        }
        let mut out = vec![0.0; PIXELS];
        augment(&image, 0.0, &mut rng, &mut out);
        assert_eq!(out, image);
        let ink: f64 = image.iter().sum();
        for _ in 0..20 {
            augment(&image, 1.0, &mut rng, &mut out);
            let copy: f64 = out.iter().sum();
            assert!(out.iter().all(|&p| (0.0..=1.0).contains(&p)));
            assert!(copy > 0.6 * ink && copy < 2.5 * ink, "{copy} vs {ink}");
            assert_ne!(out, image);
        }
    }
}
