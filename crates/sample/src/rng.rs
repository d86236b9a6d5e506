//! A small, hand-written, keyed pseudo-random generator (SplitMix64).
//!
//! Every generated entity draws from its own stream, derived from the seed and the
//! entity's coordinates (`Rng::at(seed, &[STREAM, a, b, ...])`). The data is thus
//! independent of generation order and needs no state carried between tables: a
//! record can be generated again, identically, when its observations are written.

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Stream keys, one per kind of generated thing.
pub mod stream {
    pub const RESOURCE: u64 = 1;
    pub const COVERAGE: u64 = 2;
    pub const RECORD: u64 = 4;
    pub const RECORD_SET: u64 = 5;
    pub const OBSERVATION: u64 = 6;
    pub const PROFILE: u64 = 7;
    pub const ADDRESS: u64 = 8;
    pub const FIELD_SAMPLE: u64 = 9;
    pub const PREPARED_SAMPLE: u64 = 10;
    pub const AVAILABILITY: u64 = 11;
    pub const LOGISTICS: u64 = 12;
    pub const END_USE: u64 = 13;
    pub const BILLION_TON: u64 = 14;
    pub const CENSUS: u64 = 15;
    pub const MARKET: u64 = 16;
    pub const MORPHOLOGY: u64 = 17;
    pub const PROVIDER: u64 = 18;
}

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// The stream of one entity: `keys` are its coordinates.
    pub fn at(seed: u64, keys: &[u64]) -> Self {
        let mut state = mix(seed ^ GOLDEN);
        for &k in keys {
            state = mix(state ^ mix(k.wrapping_add(GOLDEN)));
        }
        Rng(state)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n); 0 when n is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform integer in [lo, hi] (inclusive).
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Roughly standard-normal (Irwin–Hall with four terms), bounded to ±3.5.
    pub fn normal(&mut self) -> f64 {
        let s: f64 = (0..4).map(|_| self.unit()).sum();
        (s - 2.0) * 3f64.sqrt()
    }

    /// An index into a non-empty slice of length `len`.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.index(items.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::at(7, &[1, 2]).next_u64()).collect();
        assert!(a.iter().all(|&x| x == a[0]));
        assert_ne!(
            Rng::at(7, &[1, 2]).next_u64(),
            Rng::at(7, &[2, 1]).next_u64()
        );
        assert_ne!(
            Rng::at(7, &[1, 2]).next_u64(),
            Rng::at(8, &[1, 2]).next_u64()
        );
    }

    #[test]
    fn ranges_hold() {
        let mut r = Rng::at(1, &[]);
        for _ in 0..10_000 {
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
            let i = r.int(3, 5);
            assert!((3..=5).contains(&i));
            assert!(r.below(10) < 10);
            assert!(r.normal().abs() <= 3.5);
        }
    }
}
