use std::fmt;

use serde::Serialize;

use super::FileEntry;

/// How one side's file differs from the base (the version both sides last agreed on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SideChange {
    Added,
    Changed,
    Deleted,
}

impl SideChange {
    /// The change from `base` to `now`; None where they are the same.
    pub fn between(base: Option<&FileEntry>, now: Option<&FileEntry>) -> Option<SideChange> {
        match (base, now) {
            (None, None) => None,
            (None, Some(_)) => Some(SideChange::Added),
            (Some(_), None) => Some(SideChange::Deleted),
            (Some(base), Some(now)) => (base != now).then_some(SideChange::Changed),
        }
    }

    /// The plan's mark for carrying this change: `+`, `~`, `-`.
    pub fn symbol(self) -> &'static str {
        match self {
            SideChange::Added => "+",
            SideChange::Changed => "~",
            SideChange::Deleted => "-",
        }
    }
}

impl fmt::Display for SideChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SideChange::Added => "added",
            SideChange::Changed => "changed",
            SideChange::Deleted => "deleted",
        })
    }
}
