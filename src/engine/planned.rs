use super::Warning;
use crate::plan::{Plan, PlanKind};
use crate::state::Observed;

/// A plan and what it was made from.
#[derive(Debug, Clone)]
pub struct Planned {
    pub kind: PlanKind,
    pub plan: Plan,
    pub observed: Observed,
    /// What the user should know beside the plan: settings not applied, machines left alone.
    pub warnings: Vec<Warning>,
}
