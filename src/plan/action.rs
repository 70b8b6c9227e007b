use serde::{Deserialize, Serialize};

/// What apply does to one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    NoOp,
    Create,
    Update,
    Replace,
    Delete,
    /// Left in place by destroy: host data outlives its machine.
    Keep,
}

impl Action {
    /// The mark in front of a resource in a plan, Terraform's.
    pub fn symbol(self) -> &'static str {
        match self {
            Action::NoOp | Action::Keep => " ",
            Action::Create => "+",
            Action::Update => "~",
            Action::Replace => "-/+",
            Action::Delete => "-",
        }
    }

    /// How a plan announces it: "# host_dir.claude_data will be created".
    pub fn future_tense(self) -> &'static str {
        match self {
            Action::NoOp => "is up to date",
            Action::Create => "will be created",
            Action::Update => "will be updated in place",
            Action::Replace => "must be replaced",
            Action::Delete => "will be destroyed",
            Action::Keep => "will be kept",
        }
    }

    /// How apply announces it while it runs: "Creating host_dir.claude_data...".
    pub fn progressive(self) -> &'static str {
        match self {
            Action::NoOp | Action::Keep => "Keeping",
            Action::Create => "Creating",
            Action::Update => "Updating",
            Action::Replace => "Replacing",
            Action::Delete => "Destroying",
        }
    }

    /// How apply reports it done: "Created host_dir.claude_data".
    pub fn past_tense(self) -> &'static str {
        match self {
            Action::NoOp | Action::Keep => "Kept",
            Action::Create => "Created",
            Action::Update => "Updated",
            Action::Replace => "Replaced",
            Action::Delete => "Destroyed",
        }
    }

    pub fn changes_anything(self) -> bool {
        !matches!(self, Action::NoOp | Action::Keep)
    }
}
