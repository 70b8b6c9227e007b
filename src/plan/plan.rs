use serde::{Deserialize, Serialize};

use super::{Action, Change};

/// Every resource's planned action, in the order apply carries them out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub changes: Vec<Change>,
}

/// How many resources a plan adds, changes and destroys; a replacement counts as one add and one destroy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub add: usize,
    pub change: usize,
    pub destroy: usize,
}

impl Plan {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for change in &self.changes {
            match change.action {
                Action::Create => summary.add += 1,
                Action::Update => summary.change += 1,
                Action::Replace => {
                    summary.add += 1;
                    summary.destroy += 1;
                }
                Action::Delete => summary.destroy += 1,
                Action::NoOp | Action::Keep => {}
            }
        }
        summary
    }

    pub fn has_changes(&self) -> bool {
        self.changes
            .iter()
            .any(|change| change.action.changes_anything())
    }
}
