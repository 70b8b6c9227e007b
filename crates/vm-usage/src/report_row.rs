//! One row of a report, with its split by model.

use crate::group_key::GroupKey;
use crate::usage_totals::UsageTotals;

/// The totals of one group, and of each model within it (sorted by model name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub key: GroupKey,
    pub totals: UsageTotals,
    pub models: Vec<ModelTotals>,
}

/// The totals of one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelTotals {
    pub model: String,
    pub totals: UsageTotals,
}
