//! What is inside a Vagrant machine (services, languages, packages, the shell): observed from vm's record of what it
//! applied, with every service's health in one call, and each service waited for after the machine comes up.

use super::VagrantProvider;
use super::applied_machine::AppliedMachine;
use crate::config::VagrantBackend;
use crate::graph::ProvisionedSpec;
use crate::plan::{Action, Change};
use crate::provider::{ProviderError as Error, StepProgress, inside_machine, service_wait};
use crate::provision::{HEALTH_CHECK, HealthReport};
use crate::state::{MachineState, Observed, ProvisionedState, VagrantMachineState};

impl VagrantProvider {
    /// The recorded services, languages, packages and shell, each service with its health: one `docker exec` on
    /// the docker backend's container (`asked_ahead`, where it was asked already), one `vagrant ssh` on a VM.
    pub(super) fn observe_inside(
        &self,
        record: &AppliedMachine,
        machine: &VagrantMachineState,
        asked_ahead: Option<Result<String, Error>>,
        observed: &mut Observed,
    ) -> Result<(), Error> {
        let report = if has_services(record) && machine.state == MachineState::Running {
            let output = match asked_ahead {
                Some(output) => output?,
                None => self.run_as_root(&record.name, machine.backend, &[HEALTH_CHECK])?,
            };
            Some(HealthReport::parse(&output))
        } else {
            None
        };
        inside_machine::observe_inside(
            inside_machine::recorded_states(&record.provisioned),
            report.as_ref(),
            observed,
        );
        Ok(())
    }

    /// Where the health of the recorded services can be asked before Vagrant says whether the machine runs (the
    /// docker backend's container, reached without Vagrant), the asking; its answer counts only if it runs.
    pub(super) fn health_ahead<'a>(
        &'a self,
        record: Option<&'a AppliedMachine>,
    ) -> Option<impl FnOnce() -> Result<String, Error> + Send + 'a> {
        let record = record?;
        (has_services(record) && record.state.backend == VagrantBackend::Docker).then_some(
            move || self.run_as_root(&record.name, VagrantBackend::Docker, &[HEALTH_CHECK]),
        )
    }

    /// Starts the machine's services where one was found stopped and waits for a service to answer; then records
    /// what is installed.
    pub(super) fn converge_inside(
        &self,
        change: &Change,
        spec: &ProvisionedSpec,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        if !matches!(
            change.action,
            Action::Create | Action::Update | Action::Replace
        ) {
            return self.forget_inside(change);
        }
        let mut record =
            AppliedMachine::read(&self.state_dir).ok_or_else(|| Error::MachineNotRunning {
                name: change.resource.name.clone(),
            })?;
        if let Some(wait) = &spec.wait {
            service_wait::converge_service(change, wait, progress, &|command| {
                self.run_as_root(&record.name, record.state.backend, command)
            })?;
        }
        record
            .provisioned
            .insert(change.resource.to_string(), spec.state.clone());
        self.write_record(&record)
    }

    /// Drops what is no longer installed from the record, where there still is one (the machine goes first when it
    /// goes too).
    pub(super) fn forget_inside(&self, change: &Change) -> Result<(), Error> {
        if change.action != Action::Delete {
            return Ok(());
        }
        let Some(mut record) = AppliedMachine::read(&self.state_dir) else {
            return Ok(());
        };
        if record
            .provisioned
            .remove(&change.resource.to_string())
            .is_none()
        {
            return Ok(());
        }
        self.write_record(&record)
    }

    pub(super) fn write_record(&self, record: &AppliedMachine) -> Result<(), Error> {
        record.write(&self.state_dir).map_err(|source| Error::Io {
            action: "record the applied machine in",
            path: self.state_dir.clone(),
            source,
        })
    }

    /// Runs `command` in the machine `name` as root; its output. The docker backend's container is reached directly
    /// (`vagrant docker-exec` crashes in Debian's Vagrant 2.3.4); a VM through `vagrant ssh` and `sudo`.
    fn run_as_root(
        &self,
        name: &str,
        backend: VagrantBackend,
        command: &[&str],
    ) -> Result<String, Error> {
        if backend == VagrantBackend::Docker {
            let docker_id = self
                .docker_id(name)
                .ok_or_else(|| Error::MachineNotRunning {
                    name: name.to_owned(),
                })?;
            return self
                .docker
                .clone()
                .args(["exec", "--user", "0", &docker_id])
                .args(command)
                .output();
        }
        self.vagrant(&[
            "ssh",
            "--no-tty",
            "-c",
            &format!("sudo {}", crate::shell_word::join(command)?),
        ])
        .output()
    }
}

/// Whether the machine has services, whose health is then asked.
fn has_services(record: &AppliedMachine) -> bool {
    record
        .provisioned
        .values()
        .any(|state| matches!(state, ProvisionedState::Service(_)))
}
