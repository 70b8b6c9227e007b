use std::fmt;

use crate::config::Config;
use crate::plan::PlanKind;
use crate::state::Observed;

/// Something a command reports on standard error beside its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Settings vm.json accepts that vm does not carry out yet, by key.
    NotAppliedYet(Vec<String>),
    /// Something the providers found and left alone.
    Observation(String),
}

impl Warning {
    /// The warnings of a configuration: named by validate, and by every plan that would apply it.
    pub fn of_config(config: &Config) -> Vec<Warning> {
        let keys = crate::graph::unapplied_settings(config);
        if keys.is_empty() {
            Vec::new()
        } else {
            vec![Warning::NotAppliedYet(keys)]
        }
    }

    /// The warnings of a plan: the configuration's where it is applied, then what observing found.
    pub fn of_plan(config: &Config, kind: PlanKind, observed: &Observed) -> Vec<Warning> {
        let mut warnings = match kind {
            PlanKind::Apply => Warning::of_config(config),
            PlanKind::Destroy => Vec::new(),
        };
        warnings.extend(
            observed
                .notes()
                .iter()
                .map(|note| Warning::Observation(note.clone())),
        );
        warnings
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NotAppliedYet(keys) => {
                write!(
                    f,
                    "vm does not apply these settings yet: {}",
                    keys.join(", ")
                )
            }
            Warning::Observation(note) => f.write_str(note),
        }
    }
}
