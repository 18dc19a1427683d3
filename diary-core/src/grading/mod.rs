//! Grading: scales, exact averages, rules for period and year marks,
//! progress series and planning. Pure functions over plain data, tested
//! without a database; storage calls them.

pub mod average;
pub mod chart;
mod drop;
pub mod progress;
pub mod pure;
pub mod ratio;
pub mod rule;
pub mod scale;
pub mod stats;

pub use average::{average, Average, Counted, Excluded, MarkInput};
pub use chart::progress_svg;
pub use progress::{plan, progress, PlanOption, ProgressPoint};
pub use ratio::Ratio;
pub use rule::{
    Aggregation, Category, CategoryWeight, CompareStage, DropBy, GradingRule, LateInterval,
    LatePolicy, MarkRange, MissingPolicy, OtherScales, RetakePolicy, RoundingMode, Threshold,
    WeightRescaling,
};
pub use stats::{ClassStatistics, Rank};
#[cfg(test)]
mod peer_tests;
#[cfg(test)]
mod tests;

pub use scale::{builtin_scales, NewScale, Scale, ScaleEntry, ScaleKind, ScaledValue};
