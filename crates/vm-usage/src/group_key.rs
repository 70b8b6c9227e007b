//! The key of one row of a report.

use jiff::civil::Date;

/// What a row stands for; rows sort by it (names alphabetically, periods chronologically).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKey {
    Vm(String),
    Day(Date),
    /// A week, by its Monday.
    Week(Date),
    /// A month, by its first day.
    Month(Date),
    Session {
        vm: String,
        project: String,
        session: String,
    },
    Project {
        vm: String,
        project: String,
    },
    Model(String),
}

impl GroupKey {
    /// The texts of the row's label columns, matching [`crate::group_by::GroupBy::headers`].
    pub fn labels(&self) -> Vec<String> {
        match self {
            GroupKey::Vm(name) | GroupKey::Model(name) => vec![name.clone()],
            GroupKey::Day(date) | GroupKey::Week(date) => vec![date.to_string()],
            GroupKey::Month(date) => vec![format!("{:04}-{:02}", date.year(), date.month())],
            GroupKey::Session {
                vm,
                project,
                session,
            } => vec![vm.clone(), project.clone(), session.clone()],
            GroupKey::Project { vm, project } => vec![vm.clone(), project.clone()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(
            GroupKey::Month(jiff::civil::date(2026, 3, 1)).labels(),
            vec!["2026-03"]
        );
        assert_eq!(
            GroupKey::Day(jiff::civil::date(2026, 3, 9)).labels(),
            vec!["2026-03-09"]
        );
    }
}
