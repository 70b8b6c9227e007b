//! Restoring a project's backup into a database of the machine, and finding the restores its data records.

use super::DockerProvider;
use crate::graph::{DatabaseRestoreSpec, ResourceGraph, ResourceSpec};
use crate::provider::{ProviderError as Error, StepProgress, TimeLimit};
use crate::provision::HealthReport;
use crate::state::{Observed, ResourceState};

/// A large backup takes a while to load; a hung restore must still end.
const RESTORE_TIME_LIMIT: TimeLimit = TimeLimit {
    variable: "VM_RESTORE_TIMEOUT",
    default_seconds: 1800,
};

/// Each declared restore that the machine's data records for its database, from the report `vm-health` made
/// anyway: a plan asks the machine nothing more for it.
pub(super) fn observe_restores(
    graph: &ResourceGraph,
    health: Option<&HealthReport>,
    observed: &mut Observed,
) {
    let Some(health) = health else {
        return;
    };
    for resource in graph.in_apply_order() {
        let ResourceSpec::DatabaseRestore(spec) = &resource.spec else {
            continue;
        };
        let recorded = health
            .restores
            .get(&spec.service)
            .into_iter()
            .flatten()
            .find(|record| record.database == spec.state.database);
        if let Some(record) = recorded {
            observed.insert(
                resource.id.clone(),
                ResourceState::DatabaseRestore(record.clone()),
            );
        }
    }
}

impl DockerProvider {
    /// Streams the backup into the machine on the standard input of `docker exec` (never through a file another
    /// user could read), where the restore script loads it only into an empty database without a restore on
    /// record, and records what it did in the database's data.
    pub(super) fn restore_database(
        &self,
        restore: &DatabaseRestoreSpec,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        let container = self.machine()?.docker_id;
        progress(StepProgress::doing(format!(
            "restoring {} ({} bytes) into {}",
            restore.state.source, restore.state.size_bytes, restore.state.database
        )));
        let output = self
            .docker
            .clone()
            .time_limit(RESTORE_TIME_LIMIT)
            .args(["exec", "--interactive", "--user", "0", &container])
            .args(["bash", "-c", &restore.script])
            .output_with_input_file(&restore.backup)?;
        output
            .lines()
            .for_each(|line| progress(StepProgress::Output(line)));
        Ok(())
    }
}
