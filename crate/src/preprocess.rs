//! A drawing turned into an MNIST-style input, the way the MNIST images were made:
//! the ink's bounding box is scaled (keeping its aspect ratio, anti-aliased) to fit a
//! 20x20 box, which is placed in the 28x28 field so that the ink's intensity-weighted
//! centre of mass sits at the centre.

use crate::idx::{PIXELS, SIDE};

/// The side of the box the digit is scaled into.
pub const DIGIT_BOX: usize = 20;

/// Converts ink intensities (`width * height`, row-major, 0 = paper, 255 = full ink)
/// into 28x28 bytes like an MNIST image. `None` when there is no ink at all.
///
/// Panics if `ink.len() != width * height`.
pub fn mnist_from_ink(ink: &[u8], width: usize, height: usize) -> Option<[u8; PIXELS]> {
    assert_eq!(
        ink.len(),
        width * height,
        "ink must be width * height bytes"
    );
    let (x0, y0, x1, y1) = bounding_box(ink, width, height)?;
    let (box_w, box_h) = (x1 - x0, y1 - y0);
    let scale = DIGIT_BOX as f64 / box_w.max(box_h) as f64;
    let out_w = ((box_w as f64 * scale).round() as usize).clamp(1, DIGIT_BOX);
    let out_h = ((box_h as f64 * scale).round() as usize).clamp(1, DIGIT_BOX);

    // Area-average resampling, separable: columns first, then rows.
    let columns = area_weights(box_w, out_w);
    let rows = area_weights(box_h, out_h);
    let mut narrow = vec![0.0; box_h * out_w];
    for y in 0..box_h {
        let line = &ink[(y0 + y) * width + x0..(y0 + y) * width + x1];
        for (ox, taps) in columns.iter().enumerate() {
            narrow[y * out_w + ox] = taps.iter().map(|&(x, w)| line[x] as f64 * w).sum();
        }
    }
    let mut digit = vec![0.0; out_h * out_w];
    for (oy, taps) in rows.iter().enumerate() {
        for ox in 0..out_w {
            digit[oy * out_w + ox] = taps.iter().map(|&(y, w)| narrow[y * out_w + ox] * w).sum();
        }
    }

    // Centre the box, then shift it so the centre of mass is as near the middle as
    // whole pixels allow (MNIST shifted by whole pixels too).
    let (cx, cy) = centre_of_mass(&digit, out_w);
    let left = (SIDE as f64 / 2.0 - cx).round() as isize;
    let top = (SIDE as f64 / 2.0 - cy).round() as isize;
    let mut field = [0u8; PIXELS];
    for oy in 0..out_h {
        for ox in 0..out_w {
            let (x, y) = (ox as isize + left, oy as isize + top);
            if (0..SIDE as isize).contains(&x) && (0..SIDE as isize).contains(&y) {
                let level = digit[oy * out_w + ox].round().clamp(0.0, 255.0) as u8;
                field[y as usize * SIDE + x as usize] = level;
            }
        }
    }
    Some(field)
}

/// Smallest box (x0, y0, x1, y1), end-exclusive, holding every non-zero pixel.
fn bounding_box(ink: &[u8], width: usize, height: usize) -> Option<(usize, usize, usize, usize)> {
    let (mut x0, mut y0, mut x1, mut y1) = (width, height, 0, 0);
    for y in 0..height {
        for x in 0..width {
            if ink[y * width + x] > 0 {
                (x0, y0) = (x0.min(x), y0.min(y));
                (x1, y1) = (x1.max(x + 1), y1.max(y + 1));
            }
        }
    }
    (x1 > x0).then_some((x0, y0, x1, y1))
}

/// For each of `to` output cells, the input cells it covers and their share of it:
/// output cell `o` spans input `[o * from / to, (o + 1) * from / to)`.
fn area_weights(from: usize, to: usize) -> Vec<Vec<(usize, f64)>> {
    let ratio = from as f64 / to as f64;
    (0..to)
        .map(|o| {
            let (start, end) = (o as f64 * ratio, (o + 1) as f64 * ratio);
            let first = start.floor() as usize;
            let last = (end.ceil() as usize).min(from);
            (first..last)
                .map(|i| {
                    let overlap = end.min(i as f64 + 1.0) - start.max(i as f64);
                    (i, overlap / ratio)
                })
                .filter(|&(_, w)| w > 0.0)
                .collect()
        })
        .collect()
}

/// Intensity-weighted centre (x, y), pixel centres at i + 0.5.
fn centre_of_mass(image: &[f64], width: usize) -> (f64, f64) {
    let (mut total, mut sx, mut sy) = (0.0, 0.0, 0.0);
    for (i, &v) in image.iter().enumerate() {
        total += v;
        sx += v * ((i % width) as f64 + 0.5);
        sy += v * ((i / width) as f64 + 0.5);
    }
    (sx / total, sy / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 280x280 pad with ink where `paint(x, y)` is true.
    fn pad(paint: impl Fn(usize, usize) -> bool) -> Vec<u8> {
        (0..280 * 280)
            .map(|i| if paint(i % 280, i / 280) { 255 } else { 0 })
            .collect()
    }

    fn ink_box(image: &[u8; PIXELS]) -> (usize, usize, usize, usize) {
        let ink: Vec<u8> = image.to_vec();
        bounding_box(&ink, SIDE, SIDE).unwrap()
    }

    fn com(image: &[u8; PIXELS]) -> (f64, f64) {
        let values: Vec<f64> = image.iter().map(|&b| b as f64).collect();
        centre_of_mass(&values, SIDE)
    }

    #[test]
    fn an_empty_pad_is_no_digit() {
        assert_eq!(mnist_from_ink(&pad(|_, _| false), 280, 280), None);
    }

    #[test]
    fn a_small_off_centre_one_comes_out_like_mnist() {
        // A thin stroke 40 px tall near the top-left corner.
        let ink = pad(|x, y| (20..26).contains(&x) && (10..50).contains(&y));
        let image = mnist_from_ink(&ink, 280, 280).unwrap();
        let (x0, y0, x1, y1) = ink_box(&image);
        assert_eq!(y1 - y0, DIGIT_BOX, "the taller side is scaled to 20");
        assert_eq!(
            x1 - x0,
            3,
            "6 px wide at scale 1/2 is 3 px: aspect ratio kept"
        );
        let (cx, cy) = com(&image);
        assert!(
            (cx - 14.0).abs() <= 0.5 && (cy - 14.0).abs() <= 0.5,
            "centre of mass ({cx}, {cy})"
        );
    }

    #[test]
    fn a_wide_zero_keeps_its_aspect_ratio_and_has_grey_edges() {
        // A ring 200 wide and 100 tall, off to the bottom right.
        let ink = pad(|x, y| {
            let (dx, dy) = ((x as f64 - 170.0) / 100.0, (y as f64 - 200.0) / 50.0);
            let r = (dx * dx + dy * dy).sqrt();
            (0.75..1.0).contains(&r)
        });
        let image = mnist_from_ink(&ink, 280, 280).unwrap();
        let (x0, y0, x1, y1) = ink_box(&image);
        assert_eq!((x1 - x0, y1 - y0), (20, 10));
        let greys = image.iter().filter(|&&b| b > 0 && b < 255).count();
        assert!(
            greys > 10,
            "anti-aliasing leaves grey levels, found {greys}"
        );
        let (cx, cy) = com(&image);
        assert!(
            (cx - 14.0).abs() <= 0.5 && (cy - 14.0).abs() <= 0.5,
            "centre of mass ({cx}, {cy})"
        );
    }

    #[test]
    fn area_weights_cover_each_output_cell_once() {
        for (from, to) in [(40, 20), (7, 20), (280, 20), (3, 3)] {
            for taps in area_weights(from, to) {
                let total: f64 = taps.iter().map(|&(_, w)| w).sum();
                assert!((total - 1.0).abs() < 1e-12, "{from}->{to}: {total}");
            }
        }
    }
}
