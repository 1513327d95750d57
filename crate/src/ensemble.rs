//! A committee of networks that vote: the chapter's reason dropout works. Networks
//! trained alike from different random starts pick up much the same signal but each
//! its own noise, so where one errs the others often do not, and their vote beats most
//! of them. Dropout trains such a committee inside one network, sharing its weights.
//!
//! The core keeps each member's ten outputs for every test image and counts the votes
//! here, so the page, the command line and the tests all get the same figures.

use crate::basics::{argmax, OUTPUTS};
use crate::dataset::SparseImages;
use crate::error::Error;
use crate::network::Network;

/// The ten outputs of one network for every image of a set, in the set's order.
pub fn outputs_all(net: &Network, data: &SparseImages) -> Vec<[f64; OUTPUTS]> {
    let mut hidden = vec![0.0; net.padded_hidden()];
    (0..data.len())
        .map(|i| {
            let mut output = [0.0; OUTPUTS];
            net.hidden_forward(data.get(i).0, &mut hidden);
            net.output_forward(&hidden, &mut output);
            output
        })
        .collect()
}

/// The most networks a committee takes: each keeps 80 bytes per image (800 KB on the
/// test set), so a vote's memory stays bounded whatever asks for it.
pub const MAX_MEMBERS: usize = 100;

/// One member: the seed it was trained from and its outputs on the test images.
struct Member {
    seed: u32,
    outputs: Vec<[f64; OUTPUTS]>,
}

/// Networks' outputs on one labelled set, gathered one network at a time.
pub struct Committee {
    labels: Vec<u8>,
    members: Vec<Member>,
}

/// What the committee's vote comes to on its set.
#[derive(Clone, Debug, PartialEq)]
pub struct Vote {
    /// Each member's seed, in the order they joined.
    pub seeds: Vec<u32>,
    /// Each member's accuracy alone.
    pub member_accuracy: Vec<f64>,
    /// Each member's digit for every image: member-major, `members x images`.
    pub member_digits: Vec<u8>,
    /// The majority's digit for every image (a tie goes to the tied digit with the
    /// largest summed outputs).
    pub majority_digits: Vec<u8>,
    /// The largest averaged output's digit for every image.
    pub averaged_digits: Vec<u8>,
    /// Accuracy of the majority vote.
    pub majority_accuracy: f64,
    /// Accuracy of the averaged outputs.
    pub averaged_accuracy: f64,
    /// Share of images some members get right and others wrong.
    pub split_share: f64,
    /// Share of images every member gets wrong.
    pub all_wrong_share: f64,
}

impl Vote {
    /// The best member's accuracy.
    pub fn best(&self) -> f64 {
        self.member_accuracy.iter().copied().fold(0.0, f64::max)
    }

    /// The members' mean accuracy.
    pub fn mean(&self) -> f64 {
        self.member_accuracy.iter().sum::<f64>() / self.member_accuracy.len() as f64
    }
}

impl Committee {
    /// An empty committee for images with these labels.
    pub fn new(labels: Vec<u8>) -> Self {
        Committee {
            labels,
            members: Vec::new(),
        }
    }

    /// Members so far.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True before the first member joins.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Adds a member from its outputs (one row per image, in the labels' order);
    /// returns its accuracy.
    pub fn add(&mut self, seed: u32, outputs: Vec<[f64; OUTPUTS]>) -> Result<f64, Error> {
        if self.members.len() >= MAX_MEMBERS {
            return Err(Error::Config(format!(
                "a vote takes at most {MAX_MEMBERS} networks"
            )));
        }
        if outputs.len() != self.labels.len() {
            return Err(Error::Config(format!(
                "a member needs outputs for {} images, got {}",
                self.labels.len(),
                outputs.len()
            )));
        }
        let right = outputs
            .iter()
            .zip(&self.labels)
            .filter(|(o, &label)| argmax(&o[..]) == label as usize)
            .count();
        self.members.push(Member { seed, outputs });
        Ok(right as f64 / self.labels.len() as f64)
    }

    /// Counts the votes; an empty committee is an error.
    pub fn vote(&self) -> Result<Vote, Error> {
        if self.members.is_empty() || self.labels.is_empty() {
            return Err(Error::Config("no networks have joined the vote yet".into()));
        }
        let images = self.labels.len();
        let member_digits: Vec<u8> = self
            .members
            .iter()
            .flat_map(|m| m.outputs.iter().map(|o| argmax(&o[..]) as u8))
            .collect();
        let n = images as f64;
        let accuracy = |digits: &[u8]| {
            let right = digits.iter().zip(&self.labels).filter(|(d, l)| d == l);
            right.count() as f64 / n
        };
        let member_accuracy = member_digits.chunks(images).map(accuracy).collect();
        let (mut majority_digits, mut averaged_digits) = (Vec::new(), Vec::new());
        let (mut split, mut all_wrong) = (0usize, 0usize);
        for (i, &label) in self.labels.iter().enumerate() {
            let mut votes = [0usize; OUTPUTS];
            let mut sums = [0.0; OUTPUTS];
            for (k, member) in self.members.iter().enumerate() {
                votes[member_digits[k * images + i] as usize] += 1;
                for (sum, x) in sums.iter_mut().zip(&member.outputs[i]) {
                    *sum += x;
                }
            }
            let most = *votes.iter().max().expect("ten digits");
            let tied = |d: usize| votes[d] == most;
            let majority = (0..OUTPUTS)
                .filter(|&d| tied(d))
                .fold(None, |best: Option<usize>, d| match best {
                    Some(b) if sums[b] >= sums[d] => Some(b),
                    _ => Some(d),
                })
                .expect("some digit has the most votes");
            majority_digits.push(majority as u8);
            averaged_digits.push(argmax(&sums[..]) as u8);
            match votes[label as usize] {
                0 => all_wrong += 1,
                r if r < self.members.len() => split += 1,
                _ => {}
            }
        }
        Ok(Vote {
            seeds: self.members.iter().map(|m| m.seed).collect(),
            member_accuracy,
            majority_accuracy: accuracy(&majority_digits),
            averaged_accuracy: accuracy(&averaged_digits),
            member_digits,
            majority_digits,
            averaged_digits,
            split_share: split as f64 / n,
            all_wrong_share: all_wrong as f64 / n,
        })
    }
}

/// `count` fresh seeds from the system's random source (the browser's crypto in wasm),
/// each in 1..=2^31-1 so every one can be typed back into the seed setting.
pub fn fresh_seeds(count: usize) -> Result<Vec<u32>, Error> {
    let mut bytes = vec![0u8; 4 * count];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Config(format!("no random source for fresh seeds: {e}")))?;
    Ok(bytes
        .chunks(4)
        .map(|b| (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) % 0x7fff_fffe) + 1)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outputs that put `digit` first (by 1.0) for every image.
    fn saying(digits: &[u8]) -> Vec<[f64; OUTPUTS]> {
        digits
            .iter()
            .map(|&d| {
                let mut o = [0.0; OUTPUTS];
                o[d as usize] = 1.0;
                o
            })
            .collect()
    }

    #[test]
    fn the_majority_corrects_a_member_that_errs_alone() {
        let mut c = Committee::new(vec![1, 2, 3, 4]);
        assert_eq!(c.add(10, saying(&[1, 2, 3, 0])).unwrap(), 0.75);
        assert_eq!(c.add(11, saying(&[1, 2, 0, 4])).unwrap(), 0.75);
        assert_eq!(c.add(12, saying(&[1, 0, 3, 4])).unwrap(), 0.75);
        let vote = c.vote().unwrap();
        assert_eq!(vote.seeds, [10, 11, 12]);
        assert_eq!(vote.majority_digits, [1, 2, 3, 4]);
        assert_eq!(vote.majority_accuracy, 1.0);
        assert_eq!(vote.averaged_accuracy, 1.0);
        assert_eq!((vote.best(), vote.mean()), (0.75, 0.75));
        assert_eq!((vote.split_share, vote.all_wrong_share), (0.75, 0.0));
        assert_eq!(&vote.member_digits[4..8], [1, 2, 0, 4]);
    }

    #[test]
    fn a_tie_goes_to_the_larger_summed_outputs_and_averaging_can_differ() {
        let mut c = Committee::new(vec![7]);
        let mut sure = [0.0; OUTPUTS];
        sure[7] = 0.9;
        let mut unsure = [0.0; OUTPUTS];
        unsure[2] = 0.3;
        let mut wavering = [0.0; OUTPUTS];
        wavering[2] = 0.35;
        wavering[7] = 0.34;
        c.add(1, vec![sure]).unwrap();
        c.add(2, vec![unsure]).unwrap();
        let vote = c.vote().unwrap();
        assert_eq!(
            vote.majority_digits,
            [7],
            "1 vote each: 7's outputs sum higher"
        );
        c.add(3, vec![wavering]).unwrap();
        let vote = c.vote().unwrap();
        assert_eq!(vote.majority_digits, [2], "two votes for 2");
        assert_eq!(
            vote.averaged_digits,
            [7],
            "7's outputs sum to 1.24, 2's to 0.65"
        );
        assert_eq!(vote.split_share, 1.0);
    }

    #[test]
    fn bad_members_and_an_empty_vote_are_errors() {
        let mut c = Committee::new(vec![0, 1]);
        assert!(c.vote().is_err());
        assert!(c.add(1, saying(&[0])).is_err(), "one image short");
        assert!(c.is_empty());
        c.add(1, saying(&[5, 5])).unwrap();
        assert_eq!(c.vote().unwrap().all_wrong_share, 1.0);
        for seed in 2..=MAX_MEMBERS as u32 {
            c.add(seed, saying(&[0, 1])).unwrap();
        }
        assert!(c.add(0, saying(&[0, 1])).is_err(), "one past the limit");
    }

    #[test]
    fn fresh_seeds_differ_and_fit_the_seed_setting() {
        let seeds = fresh_seeds(64).unwrap();
        assert!(seeds.iter().all(|&s| (1..=0x7fff_fffe).contains(&s)));
        let mut distinct = seeds.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() > 60, "{seeds:?}");
    }
}
