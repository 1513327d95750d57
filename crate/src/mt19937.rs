//! numpy's legacy random stream (`np.random.seed(n)` then `random`, `randint(2)`).
//!
//! The book's tables depend on every draw, so this reproduces numpy's `RandomState`
//! bit for bit: MT19937 seeded by `init_genrand`, doubles built from two 32-bit
//! outputs, and `randint(2)` keeping the low bit of one 32-bit output.

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// A Mersenne Twister in the state numpy's `RandomState(seed)` starts in.
#[derive(Clone)]
pub struct Mt19937 {
    state: [u32; N],
    /// `state` tempered, all 624 words at once after each twist (a loop the compiler
    /// vectorizes), so an output is one load: dropout draws one per hidden unit.
    tempered: [u32; N],
    index: usize,
}

impl Mt19937 {
    /// Seeds like `np.random.seed(seed)` for an integer seed (`init_genrand`).
    pub fn new(seed: u32) -> Self {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        Mt19937 {
            state,
            tempered: [0; N],
            index: N,
        }
    }

    #[cold]
    fn twist(&mut self) {
        // Branch-free: the odd/even test of a random word mispredicts half the time.
        let mix = |upper: u32, lower: u32, far: u32| {
            let y = (upper & UPPER_MASK) | (lower & LOWER_MASK);
            far ^ (y >> 1) ^ ((y & 1).wrapping_neg() & MATRIX_A)
        };
        let s = &mut self.state;
        for i in 0..N - M {
            s[i] = mix(s[i], s[i + 1], s[i + M]);
        }
        for i in N - M..N - 1 {
            s[i] = mix(s[i], s[i + 1], s[i + M - N]);
        }
        s[N - 1] = mix(s[N - 1], s[0], s[M - 1]);
        for (t, &word) in self.tempered.iter_mut().zip(s.iter()) {
            let mut y = word;
            y ^= y >> 11;
            y ^= (y << 7) & 0x9d2c_5680;
            y ^= (y << 15) & 0xefc6_0000;
            *t = y ^ (y >> 18);
        }
        self.index = 0;
    }

    /// The next tempered 32-bit output.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let y = self.tempered[self.index];
        self.index += 1;
        y
    }

    /// A double in [0, 1) with 53 random bits, as numpy's `random_sample`.
    pub fn next_f64(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (a as f64 * 67_108_864.0 + b as f64) / 9_007_199_254_740_992.0
    }

    /// 0 or 1, as numpy's `randint(2)`: one output, low bit.
    #[inline]
    pub fn next_bit(&mut self) -> bool {
        self.next_u32() & 1 == 1
    }

    /// A whole number in 0..=max, as numpy's `random_interval`: the smallest all-ones
    /// mask covering `max`, redrawn until the masked output is at most `max`.
    pub fn interval(&mut self, max: u32) -> u32 {
        if max == 0 {
            return 0;
        }
        let mut mask = max;
        for shift in [1, 2, 4, 8, 16] {
            mask |= mask >> shift;
        }
        loop {
            let value = self.next_u32() & mask;
            if value <= max {
                return value;
            }
        }
    }

    /// `np.random.permutation(n)` of the legacy generator, into `order`: 0..n, then
    /// Fisher-Yates from the end, swapping `i` with `interval(i)`.
    pub fn permutation(&mut self, order: &mut Vec<u32>, n: usize) {
        order.clear();
        order.extend(0..n as u32);
        for i in (1..n).rev() {
            let j = self.interval(i as u32) as usize;
            order.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values printed by numpy 1.x/2.x: `np.random.seed(1); np.random.random(3)`.
    #[test]
    fn doubles_match_numpy_seed_1() {
        let mut rng = Mt19937::new(1);
        let expected = [
            4.17022004702574e-01,
            7.203244934421581e-01,
            1.1437481734488664e-04,
        ];
        for want in expected {
            assert_eq!(rng.next_f64(), want);
        }
    }

    /// `np.random.seed(1); np.random.randint(2, size=12)`.
    #[test]
    fn bits_match_numpy_seed_1() {
        let mut rng = Mt19937::new(1);
        let bits: Vec<u8> = (0..12).map(|_| rng.next_bit() as u8).collect();
        assert_eq!(bits, RANDINT2_SEED1);
    }

    /// `np.random.seed(0); np.random.random(2)`: a second seed guards the seeding formula.
    #[test]
    fn doubles_match_numpy_seed_0() {
        let mut rng = Mt19937::new(0);
        assert_eq!(rng.next_f64(), 0.5488135039273248);
        assert_eq!(rng.next_f64(), 0.7151893663724195);
    }

    /// After a full twist (624 outputs) the stream still matches numpy:
    /// `np.random.seed(1); np.random.random(1000)[999]`.
    #[test]
    fn stream_survives_the_twist() {
        let mut rng = Mt19937::new(1);
        let last = (0..1000).map(|_| rng.next_f64()).last().unwrap();
        assert_eq!(last, RANDOM_SEED1_999);
    }

    const RANDINT2_SEED1: [u8; 12] = [1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1];
    const RANDOM_SEED1_999: f64 = 0.7744772660150796;

    #[test]
    fn permutations_are_numpys() {
        // np.random.seed(5); np.random.permutation(10); np.random.permutation(37)[:8]
        let mut rng = Mt19937::new(5);
        let mut order = Vec::new();
        rng.permutation(&mut order, 10);
        assert_eq!(order, [9, 5, 2, 4, 7, 1, 0, 8, 6, 3]);
        rng.permutation(&mut order, 37);
        assert_eq!(order[..8], [36, 8, 25, 3, 22, 26, 6, 4]);
    }
}
