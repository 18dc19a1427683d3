//! Class statistics over students' averages: mean, min, max, median, the
//! distribution of marks, and a student's rank without anyone's name.

use super::ratio::Ratio;
use serde::Serialize;
use std::collections::BTreeMap;

/// Statistics of a class in one subject and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassStatistics {
    /// Number of counted marks.
    pub marks: usize,
    /// Students with an average.
    pub students: usize,
    /// Mean of the students' averages.
    pub mean: Option<Ratio>,
    /// Lowest student average.
    pub min: Option<Ratio>,
    /// Highest student average.
    pub max: Option<Ratio>,
    /// Median of the student averages (mean of the two middle ones for an
    /// even count).
    pub median: Option<Ratio>,
    /// How often each mark label was given, e.g. `[("5", 40), ("4", 31)]`,
    /// best first as the scale lists them.
    pub distribution: Vec<(String, usize)>,
}

/// A student's place among the class (1 = best); equal averages share a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rank {
    /// Position, 1-based.
    pub position: usize,
    /// Number of students with an average.
    pub of: usize,
}

/// Mean, min, max and median of averages.
pub fn summarise(
    averages: &[Ratio],
) -> (Option<Ratio>, Option<Ratio>, Option<Ratio>, Option<Ratio>) {
    if averages.is_empty() {
        return (None, None, None, None);
    }
    let mut v = averages.to_vec();
    v.sort();
    let n = v.len();
    let sum = v.iter().fold(Ratio::ZERO, |a, x| a.add(*x));
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        v[n / 2 - 1].add(v[n / 2]).mul(Ratio::new(1, 2))
    };
    (
        sum.checked_div(Ratio::int(n as i64)),
        v.first().copied(),
        v.last().copied(),
        Some(median),
    )
}

/// Counts labels; `order` lists the labels in the scale's order.
pub fn distribution<'a>(
    labels: impl Iterator<Item = &'a str>,
    order: &[String],
) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for l in labels {
        *counts.entry(l).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = order
        .iter()
        .filter_map(|l| counts.remove(l.as_str()).map(|n| (l.clone(), n)))
        .collect();
    out.extend(counts.into_iter().map(|(l, n)| (l.to_owned(), n)));
    out
}

/// The rank of `mine` among `all` (higher is better): 1 + the number of
/// strictly better averages.
pub fn rank(mine: Ratio, all: &[Ratio], lower_is_better: bool) -> Rank {
    let better = all
        .iter()
        .filter(|a| {
            if lower_is_better {
                **a < mine
            } else {
                **a > mine
            }
        })
        .count();
    Rank {
        position: better + 1,
        of: all.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_and_rank() {
        let a = [
            Ratio::int(4),
            Ratio::int(5),
            Ratio::new(7, 2),
            Ratio::int(5),
        ];
        let (mean, min, max, median) = summarise(&a);
        assert_eq!(mean, Some(Ratio::new(35, 8)));
        assert_eq!(min, Some(Ratio::new(7, 2)));
        assert_eq!(max, Some(Ratio::int(5)));
        assert_eq!(median, Some(Ratio::new(9, 2)));
        assert_eq!(rank(Ratio::int(5), &a, false), Rank { position: 1, of: 4 });
        assert_eq!(rank(Ratio::int(4), &a, false), Rank { position: 3, of: 4 });
        let order: Vec<String> = ["5", "4", "3", "2"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            distribution(["4", "5", "4", "x"].into_iter(), &order),
            [("5".into(), 1), ("4".into(), 2), ("x".into(), 1)]
        );
    }
}
