//! How rows are grouped.

/// The grouping of a report's rows (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum GroupBy {
    /// One row per VM (the host's own data is `(host)`).
    #[default]
    Vm,
    /// One row per calendar day in the report's time zone.
    Day,
    /// One row per week, Monday to Sunday, named by its Monday.
    Week,
    /// One row per calendar month.
    Month,
    /// One row per Claude Code session.
    Session,
    /// One row per project directory inside each VM.
    Project,
    /// One row per model.
    Model,
}

impl GroupBy {
    /// The name used by `--by` and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Vm => "vm",
            GroupBy::Day => "day",
            GroupBy::Week => "week",
            GroupBy::Month => "month",
            GroupBy::Session => "session",
            GroupBy::Project => "project",
            GroupBy::Model => "model",
        }
    }

    /// Headers of the label columns of a table.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            GroupBy::Vm => &["VM"],
            GroupBy::Day => &["Day"],
            GroupBy::Week => &["Week of"],
            GroupBy::Month => &["Month"],
            GroupBy::Session => &["VM", "Project", "Session"],
            GroupBy::Project => &["VM", "Project"],
            GroupBy::Model => &["Model"],
        }
    }

    /// Whether rows are periods of time, cut in the report's time zone.
    pub fn is_time_based(self) -> bool {
        matches!(self, GroupBy::Day | GroupBy::Week | GroupBy::Month)
    }

    /// Words for a caption: "by VM", "by day" ...
    pub fn caption(self) -> &'static str {
        match self {
            GroupBy::Vm => "by VM",
            GroupBy::Day => "by day",
            GroupBy::Week => "by week",
            GroupBy::Month => "by month",
            GroupBy::Session => "by session",
            GroupBy::Project => "by project",
            GroupBy::Model => "by model",
        }
    }
}
