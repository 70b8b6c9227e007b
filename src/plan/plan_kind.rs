use serde::{Deserialize, Serialize};

/// Which command the plan was made for: `vm plan` (apply) or `vm plan --destroy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    Apply,
    Destroy,
}

impl PlanKind {
    /// The command that carries such a plan out.
    pub fn command(self) -> &'static str {
        match self {
            PlanKind::Apply => "apply",
            PlanKind::Destroy => "destroy",
        }
    }

    /// The command that makes a plan of this kind again.
    pub fn plan_command(self) -> &'static str {
        match self {
            PlanKind::Apply => "vm plan",
            PlanKind::Destroy => "vm plan --destroy",
        }
    }
}
