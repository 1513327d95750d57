//! A drawing turned into an MNIST-style input, the way the MNIST images were made:
//! the ink's bounding box is scaled (keeping its aspect ratio, anti-aliased) to fit a
//! 20x20 box, which is placed in the 28x28 field so that the ink's intensity-weighted
//! centre of mass sits at the centre.
//!
//! Strokes (`mnist_from_strokes`) go the same way without pixels in between: the pen's
//! points are scaled into the 20x20 box and drawn there with MNIST's own stroke width
//! (`PEN_WIDTH`), so the size of the drawing, where it is and how fast the pen moved change
//! nothing the network sees.

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

/// MNIST's typical stroke width, in pixels of the 28x28 field: the mean of `stroke_width`
/// over the 60,000 training images (measured by `crate/tests/stroke_width.rs`, which
/// checks this figure).
pub const PEN_WIDTH: f64 = 2.55;

/// How soft the pen's edge is, in field pixels: ink falls from full to none over this
/// distance, as MNIST's anti-aliased edges do. It does not change the ink per unit of
/// stroke length, so `stroke_width` still measures `PEN_WIDTH`.
const EDGE: f64 = 1.2;

/// Renders pen strokes as 28x28 bytes like an MNIST image. `points` is flat
/// `[x0, y0, x1, y1, ...]` in any units (pad pixels, say), y downwards; a point with a
/// non-finite coordinate (NaN) ends a stroke, and a trailing odd value is ignored. The
/// points' bounding box is scaled, keeping its aspect ratio, so the ink (a pen `pen`
/// field pixels wide, round ends) fits the 20x20 box; the drawing is then moved so its
/// intensity-weighted centre of mass is at the centre of the field. `None` without a
/// finite point.
pub fn mnist_from_strokes(points: &[f64], pen: f64) -> Option<[u8; PIXELS]> {
    let strokes = strokes_of(points);
    let all = strokes.iter().flatten();
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in all {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    if strokes.is_empty() {
        return None;
    }
    let pen = if pen.is_finite() {
        pen.clamp(0.5, 10.0)
    } else {
        PEN_WIDTH
    };
    let size = (x1 - x0).max(y1 - y0);
    let scale = if size > 0.0 {
        (DIGIT_BOX as f64 - pen) / size
    } else {
        0.0
    };
    // Segments in field pixels, the bounding box centred on the origin; points closer
    // than a tenth of a pixel to the last kept one add nothing but time.
    let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let mut segments = Vec::new();
    for stroke in &strokes {
        let mut last = ((stroke[0].0 - mx) * scale, (stroke[0].1 - my) * scale);
        segments.push((last, last));
        for &(x, y) in &stroke[1..] {
            let next = ((x - mx) * scale, (y - my) * scale);
            if (next.0 - last.0).hypot(next.1 - last.1) >= 0.1 {
                segments.push((last, next));
                last = next;
            }
        }
    }
    let centre = SIDE as f64 / 2.0;
    let first = render(&segments, (centre, centre), pen);
    let (cx, cy) = centre_of_mass(&first, SIDE);
    let field = render(&segments, (2.0 * centre - cx, 2.0 * centre - cy), pen);
    let mut out = [0u8; PIXELS];
    for (o, v) in out.iter_mut().zip(field) {
        *o = (v * 255.0).round().clamp(0.0, 255.0) as u8;
    }
    Some(out)
}

/// A point (x, y) in field pixels, and a segment between two.
type Point = (f64, f64);
type Segment = (Point, Point);

/// The strokes of a flat point list (see `mnist_from_strokes`), each with at least one point.
fn strokes_of(points: &[f64]) -> Vec<Vec<Point>> {
    let mut strokes = vec![Vec::new()];
    for p in points.chunks_exact(2) {
        if p[0].is_finite() && p[1].is_finite() {
            strokes.last_mut().expect("one stroke").push((p[0], p[1]));
        } else if !strokes.last().expect("one stroke").is_empty() {
            strokes.push(Vec::new());
        }
    }
    strokes.retain(|s| !s.is_empty());
    strokes
}

/// Ink (0 to 1) of each field pixel for `segments` moved by `offset`: full within
/// `pen / 2` of a segment less half the edge, none beyond it plus half the edge.
fn render(segments: &[Segment], offset: Point, pen: f64) -> Vec<f64> {
    let reach = pen / 2.0 + EDGE / 2.0;
    let moved: Vec<_> = segments
        .iter()
        .map(|&((ax, ay), (bx, by))| {
            let (a, b) = (
                (ax + offset.0, ay + offset.1),
                (bx + offset.0, by + offset.1),
            );
            let bounds = (
                a.0.min(b.0) - reach,
                a.1.min(b.1) - reach,
                a.0.max(b.0) + reach,
                a.1.max(b.1) + reach,
            );
            (a, b, bounds)
        })
        .collect();
    let mut field = vec![0.0; PIXELS];
    for (i, v) in field.iter_mut().enumerate() {
        let (px, py) = ((i % SIDE) as f64 + 0.5, (i / SIDE) as f64 + 0.5);
        let mut nearest = f64::MAX;
        for &(a, b, (bx0, by0, bx1, by1)) in &moved {
            if px < bx0 || px > bx1 || py < by0 || py > by1 {
                continue;
            }
            nearest = nearest.min(distance_to_segment((px, py), a, b));
        }
        *v = ((pen / 2.0 - nearest) / EDGE + 0.5).clamp(0.0, 1.0);
    }
    field
}

fn distance_to_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

/// A digit's stroke width in pixels: its ink (intensity / 255, summed) per unit of
/// stroke length, the length estimated from how often rows and columns cross the ink
/// (runs of pixels >= 128): a stroke of length L at a random angle crosses rows and
/// columns 4L/pi times on average. `None` for an image without such runs.
pub fn stroke_width(image: &[u8]) -> Option<f64> {
    assert_eq!(image.len(), PIXELS, "an image is {PIXELS} bytes");
    let ink: f64 = image.iter().map(|&b| b as f64 / 255.0).sum();
    let on = |x: usize, y: usize| image[y * SIDE + x] >= 128;
    let mut crossings = 0usize;
    for a in 0..SIDE {
        for b in 0..SIDE {
            let before = b > 0;
            crossings += usize::from(on(b, a) && !(before && on(b - 1, a)));
            crossings += usize::from(on(a, b) && !(before && on(a, b - 1)));
        }
    }
    (crossings > 0).then(|| 4.0 * ink / (std::f64::consts::PI * crossings as f64))
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

    /// A flat point list: strokes of (x, y) points, NaN between strokes.
    fn flat(strokes: &[&[(f64, f64)]]) -> Vec<f64> {
        let mut out = Vec::new();
        for stroke in strokes {
            out.extend(stroke.iter().flat_map(|&(x, y)| [x, y]));
            out.extend([f64::NAN, f64::NAN]);
        }
        out
    }

    /// A 7 of two strokes, at `scale` times the size and moved by `shift`, with `steps`
    /// points per stroke (pen speed).
    fn seven(scale: f64, shift: f64, steps: usize) -> Vec<f64> {
        let line = |a: (f64, f64), b: (f64, f64)| -> Vec<(f64, f64)> {
            (0..=steps)
                .map(|i| {
                    let t = i as f64 / steps as f64;
                    let (x, y) = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
                    (x * scale + shift, y * scale + shift)
                })
                .collect()
        };
        let top = line((10.0, 10.0), (40.0, 10.0));
        let down = line((40.0, 10.0), (22.0, 60.0));
        flat(&[&top, &down])
    }

    #[test]
    fn strokes_without_a_finite_point_are_no_digit() {
        assert_eq!(mnist_from_strokes(&[], PEN_WIDTH), None);
        assert_eq!(mnist_from_strokes(&[f64::NAN, 1.0, 3.0], PEN_WIDTH), None);
        assert_eq!(
            mnist_from_strokes(&[f64::INFINITY, 0.0, f64::NAN, f64::NAN], PEN_WIDTH),
            None
        );
    }

    #[test]
    fn a_dot_and_bad_values_never_panic() {
        let dot = mnist_from_strokes(&[5.0, 5.0], PEN_WIDTH).unwrap();
        assert!(dot.iter().any(|&b| b > 0), "a dot leaves ink");
        let huge = mnist_from_strokes(&[0.0, 0.0, 1e300, -1e300, f64::NAN, 3.0], f64::NAN);
        assert!(huge.is_some());
    }

    #[test]
    fn size_place_and_pen_speed_change_nothing_the_network_sees() {
        let reference = mnist_from_strokes(&seven(1.0, 0.0, 4), PEN_WIDTH).unwrap();
        for (scale, shift, steps) in [
            (3.0, 100.0, 4),
            (0.4, 7.0, 4),
            (1.0, 0.0, 40),
            (2.5, -30.0, 11),
        ] {
            let image = mnist_from_strokes(&seven(scale, shift, steps), PEN_WIDTH).unwrap();
            let most = image
                .iter()
                .zip(&reference)
                .map(|(&a, &b)| (a as i32 - b as i32).abs())
                .max()
                .unwrap();
            assert!(
                most <= 2,
                "scale {scale}, shift {shift}, {steps} steps: a pixel differs by {most}"
            );
        }
    }

    #[test]
    fn strokes_fill_the_box_and_are_centred_by_mass() {
        let image = mnist_from_strokes(&seven(1.0, 0.0, 4), PEN_WIDTH).unwrap();
        let (x0, y0, x1, y1) = ink_box(&image);
        assert!(
            (19..=21).contains(&(y1 - y0)),
            "the taller side fills the box: {}",
            y1 - y0
        );
        assert!(x1 - x0 < y1 - y0, "aspect ratio kept");
        let (cx, cy) = com(&image);
        assert!(
            (cx - 14.0).abs() < 0.1 && (cy - 14.0).abs() < 0.1,
            "centre of mass ({cx}, {cy})"
        );
    }

    #[test]
    fn the_rendered_stroke_is_as_wide_as_the_pen() {
        for pen in [1.5, PEN_WIDTH, 3.5] {
            let image = mnist_from_strokes(&seven(1.0, 0.0, 4), pen).unwrap();
            let width = stroke_width(&image).unwrap();
            assert!(
                (width - pen).abs() < 0.25 * pen,
                "pen {pen}: measured {width}"
            );
        }
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
