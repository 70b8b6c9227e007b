//! Figures of a JSON report, compared with the generator's ground truth.

use serde_json::Value;

use super::usage_tree_generator::Figures;

/// One group's figures as `vm usage --json` reports them: tokens and responses exactly, and the
/// cost in picodollars (the report's `costUSD` is the exact sum, printed as a float).
pub fn report_figures(totals: &Value) -> Figures {
    let int = |field: &str| {
        totals[field]
            .as_u64()
            .unwrap_or_else(|| panic!("{field} in {totals}"))
    };
    let cost = totals["costUSD"].as_f64().unwrap();
    Figures {
        input: int("inputTokens"),
        output: int("outputTokens"),
        cache_creation: int("cacheCreationTokens"),
        cache_read: int("cacheReadTokens"),
        responses: int("responses"),
        cost_picodollars: (cost * 1e12).round() as u128,
    }
}

/// The truth's cost as the report prints it: the exact sum, through the same float.
pub fn as_reported(mut figures: Figures) -> Figures {
    figures.cost_picodollars = (figures.cost_usd() * 1e12).round() as u128;
    figures
}

pub fn report_groups(report: &Value, key_field: &str) -> Vec<(String, Figures)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["key"][key_field].as_str().unwrap().to_owned(),
                report_figures(row),
            )
        })
        .collect()
}

pub fn truth_groups(
    groups: &std::collections::BTreeMap<String, Figures>,
) -> Vec<(String, Figures)> {
    groups
        .iter()
        .map(|(key, figures)| (key.clone(), as_reported(*figures)))
        .collect()
}
