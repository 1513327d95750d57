//! Noisy synthetic digits for the vote tests, the same natively and in wasm: image i is
//! labelled i % 10 and has a bar of ink in a column of its label, often shifted into a
//! neighbour's column, over scattered noise, so small networks err and err differently.
#![allow(dead_code)]

/// The networks' settings (as the settings table names them) and seeds.
pub const HIDDEN: usize = 8;
pub const ALPHA: f64 = 0.01;
pub const ITERATIONS: usize = 3;
pub const TRAIN_SIZE: usize = 300;
pub const SEEDS: [u32; 4] = [3, 1_000_003, 77, 2_147_483_646];

/// Raw (not gzipped) IDX image and label files of `count` noisy digits.
pub fn noisy_idx(count: u32, salt: u64) -> (Vec<u8>, Vec<u8>) {
    let mut state = salt.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move |below: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % below
    };
    let header =
        |words: &[u32]| -> Vec<u8> { words.iter().flat_map(|w| w.to_be_bytes()).collect() };
    let mut images = header(&[0x0803, count, 28, 28]);
    let mut labels = header(&[0x0801, count]);
    for i in 0..count {
        let label = (i % 10) as usize;
        let mut image = [0u8; 784];
        let shift = [0, 0, 0, 2, 4][next(5) as usize];
        let column = 3 + 2 * label + shift;
        for row in 4..24 {
            image[row * 28 + column] = 255;
        }
        for _ in 0..60 {
            image[next(784) as usize] = next(256) as u8;
        }
        images.extend(image);
        labels.push(label as u8);
    }
    (images, labels)
}

/// The fixture's figures: `members` (each network's test accuracy), `majority`,
/// `averaged` and `split`, from `fixtures/vote-synthetic.txt` (`key: value[,value]`).
pub fn fixture(text: &str, key: &str) -> Vec<f64> {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key} in the fixture"));
    let values = line.split_once(':').unwrap().1;
    values
        .split(',')
        .map(|v| v.trim().parse().unwrap())
        .collect()
}
