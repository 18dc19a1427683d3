//! What the benchmarks share: a deterministic generator, percentiles and
//! the process's memory peaks. (Each benchmark uses part of it.)
#![allow(dead_code)]

pub mod school;

use std::time::{Duration, Instant};

/// The number after `name` on the command line, or `default`.
pub fn arg(name: &str, default: u32) -> u32 {
    std::env::args()
        .skip_while(|a| a != name)
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// SplitMix64: the generator of `../shared/baseline`, so that runs compare.
#[derive(Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The `p` quantile (0..=1) of `v`, which it sorts.
pub fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// Resident memory now and its peak since the last [`reset_peak`], in
/// bytes (`VmRSS`, `VmHWM` of /proc/self/status; 0 where missing).
pub fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the process's resident-memory peak to what is resident now
/// (Linux: writing 5 to /proc/self/clear_refs), so that [`memory`]'s peak
/// covers what follows only.
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Times `f` `reps` times (it is given the repetition's number): p50 and
/// p95 in milliseconds, and what its last call returned (rows, bytes).
pub fn time_it(
    reps: u32,
    mut f: impl FnMut(u32) -> diary_core::Result<usize>,
) -> diary_core::Result<(f64, f64, usize)> {
    let mut lat = Vec::new();
    let mut rows = 0;
    for i in 0..reps {
        let t = Instant::now();
        rows = std::hint::black_box(f(i)?);
        lat.push(t.elapsed());
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    Ok((ms(pct(&mut lat, 0.5)), ms(pct(&mut lat, 0.95)), rows))
}
