//! A fast hasher for the small integer keys of in-memory maps (ids, dates).
//! The standard SipHash defends against hostile keys, which ids are not,
//! and costs more than the work done per key in bulk paths.

use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hasher for small integer keys (the standard SipHash
/// is built against hostile keys, which ids are not, and costs more than
/// the aggregation itself).
#[derive(Default)]
pub(crate) struct FastHash(u64);

impl Hasher for FastHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_i64(&mut self, v: i64) {
        self.write_u64(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Builds [`FastHash`] hashers.
pub(crate) type FastBuild = BuildHasherDefault<FastHash>;

/// A `HashMap` with [`FastHash`].
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, FastBuild>;
