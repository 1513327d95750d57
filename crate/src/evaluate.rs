//! Running a network without training it: test-set figures and single predictions.

use crate::basics::{argmax, numpy_sum, OUTPUTS};
use crate::dataset::{SparseImage, SparseImages};
use crate::network::{output_backward, Network};

/// Test-set figures, as the book's `test()` computes them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    /// Sum of squared errors divided by the number of images.
    pub error: f64,
    /// Fraction of images whose largest output is the label.
    pub accuracy: f64,
}

/// What the network makes of one image.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// Hidden activations after ReLU (no dropout at prediction time).
    pub hidden: Vec<f64>,
    /// The ten outputs.
    pub output: [f64; OUTPUTS],
    /// The digit with the largest output.
    pub digit: u8,
}

/// One image's result within an evaluation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    /// Predicted digit.
    pub digit: u8,
    /// Squared error against the label.
    pub error: f64,
    /// Largest output minus the label's output: 0 when right, large for a confident mistake.
    pub margin: f64,
}

/// Predicts one image.
pub fn predict(net: &Network, x: SparseImage<'_>) -> Prediction {
    let mut hidden = vec![0.0; net.padded_hidden()];
    let mut output = [0.0; OUTPUTS];
    net.hidden_forward(x, &mut hidden);
    net.output_forward(&hidden, &mut output);
    hidden.truncate(net.hidden());
    let digit = argmax(&output) as u8;
    Prediction {
        hidden,
        output,
        digit,
    }
}

/// Predicts an image given as 784 pixel bytes (0 = paper), such as a drawing; an image of
/// another size is an error.
pub fn predict_pixels(net: &Network, pixels: &[u8]) -> Result<Prediction, crate::Error> {
    if pixels.len() != crate::idx::PIXELS {
        return Err(crate::Error::Config(format!(
            "a prediction needs {} pixels, got {}",
            crate::idx::PIXELS,
            pixels.len()
        )));
    }
    let input: Vec<f64> = pixels
        .iter()
        .map(|&b| crate::dataset::intensity(b))
        .collect();
    let (mut index, mut value) = (Vec::new(), Vec::new());
    Ok(predict(
        net,
        SparseImage::from_dense(&input, &mut index, &mut value),
    ))
}

/// Scores every image of `data` on up to `threads` threads (always one in wasm).
pub fn score_all(net: &Network, data: &SparseImages, threads: usize) -> Vec<Scored> {
    let blank = Scored {
        digit: 0,
        error: 0.0,
        margin: 0.0,
    };
    let mut scored = vec![blank; data.len()];
    let threads = threads.min(available_threads()).min(data.len()).max(1);
    if threads == 1 {
        score_range(net, data, 0, &mut scored);
        return scored;
    }
    let chunk = data.len().div_ceil(threads);
    std::thread::scope(|scope| {
        for (c, out) in scored.chunks_mut(chunk).enumerate() {
            scope.spawn(move || score_range(net, data, c * chunk, out));
        }
    });
    scored
}

/// Error and accuracy over `data`, on all cores.
pub fn evaluate(net: &Network, data: &SparseImages) -> Evaluation {
    evaluate_with(net, data, usize::MAX)
}

/// Error and accuracy over `data` on up to `threads` threads. The error sum runs in
/// image order whatever the threads, as the book's loop adds it.
pub fn evaluate_with(net: &Network, data: &SparseImages, threads: usize) -> Evaluation {
    summarize(&score_all(net, data, threads), data)
}

/// Error and accuracy from per-image scores (`score_all` of the same `data`).
pub fn summarize(scored: &[Scored], data: &SparseImages) -> Evaluation {
    let error = scored.iter().fold(0.0, |sum, s| sum + s.error);
    let correct = scored
        .iter()
        .enumerate()
        .filter(|(i, s)| s.digit == data.get(*i).1)
        .count();
    let n = data.len() as f64;
    Evaluation {
        error: error / n,
        accuracy: correct as f64 / n,
    }
}

/// The `count` images the network gets most confidently wrong (largest margin first),
/// from per-image scores and the images' labels.
pub fn confident_mistakes(scored: &[Scored], labels: &[u8], count: usize) -> Vec<u32> {
    let mut wrong: Vec<(u32, f64)> = scored
        .iter()
        .zip(labels)
        .enumerate()
        .filter(|(_, (s, &label))| s.digit != label)
        .map(|(i, (s, _))| (i as u32, s.margin))
        .collect();
    wrong.sort_by(|a, b| b.1.total_cmp(&a.1));
    wrong.into_iter().take(count).map(|(i, _)| i).collect()
}

/// Threads this machine can run at once (1 in wasm, which has no threads here).
pub fn available_threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    return std::thread::available_parallelism().map_or(1, |n| n.get());
    #[cfg(target_arch = "wasm32")]
    return 1;
}

crate::kernels::simd_dispatch!(
    fn score_range = score_range_body,
    (net: &Network, data: &SparseImages, first: usize, out: &mut [Scored]) -> ()
);

#[inline(always)]
fn score_range_body(net: &Network, data: &SparseImages, first: usize, out: &mut [Scored]) {
    let mut hidden = vec![0.0; net.padded_hidden()];
    let mut output = [0.0; OUTPUTS];
    let mut squared = [0.0; OUTPUTS];
    for (offset, slot) in out.iter_mut().enumerate() {
        let (x, label) = data.get(first + offset);
        net.hidden_forward(x, &mut hidden);
        net.output_forward(&hidden, &mut output);
        output_backward(&mut squared, &output, label);
        for sq in &mut squared {
            *sq *= *sq;
        }
        let digit = argmax(&output);
        *slot = Scored {
            digit: digit as u8,
            error: numpy_sum(&squared),
            margin: output[digit] - output[label as usize],
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confident_mistakes_are_wrong_answers_by_margin() {
        let scored = |digit, margin| Scored {
            digit,
            error: 0.0,
            margin,
        };
        let scores = [
            scored(1, 0.0),
            scored(3, 0.2),
            scored(5, 0.9),
            scored(7, 0.5),
        ];
        let labels = [1, 2, 4, 6];
        assert_eq!(confident_mistakes(&scores, &labels, 2), [2, 3]);
        assert_eq!(confident_mistakes(&scores, &labels, 10), [2, 3, 1]);
    }
}
