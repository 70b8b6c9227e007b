/// A machine's state as `vagrant status --machine-readable` reports it (its `state` line),
/// with the backends' words for the same state made one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MachineState {
    /// `not_created`: never made, destroyed, or (docker) its container removed behind Vagrant's back.
    NotCreated,
    /// `preparing` (docker): created in Vagrant's records, no container yet; left so by a failed `up`.
    Preparing,
    /// `running`. The docker backend also says so of a paused container.
    Running,
    /// Made and not running: `stopped` (docker, parallels), `poweroff` (virtualbox),
    /// `shutoff` (libvirt), `not_running` (vmware_desktop).
    Stopped,
    /// `saved` (virtualbox) or `suspended` (parallels, vmware_desktop).
    Saved,
    /// `paused` (virtualbox, libvirt, parallels).
    Paused,
    /// `aborted` (virtualbox): the VM stopped unexpectedly.
    Aborted,
    /// Any other word, as Vagrant wrote it.
    Unknown(String),
}

impl MachineState {
    pub fn from_vagrant(word: &str) -> MachineState {
        match word {
            "not_created" => MachineState::NotCreated,
            "preparing" => MachineState::Preparing,
            "running" => MachineState::Running,
            "stopped" | "poweroff" | "shutoff" | "not_running" => MachineState::Stopped,
            "saved" | "suspended" => MachineState::Saved,
            "paused" => MachineState::Paused,
            "aborted" => MachineState::Aborted,
            other => MachineState::Unknown(other.to_owned()),
        }
    }

    /// Whether a machine exists, so `vagrant up` starts rather than creates it.
    pub fn exists(&self) -> bool {
        !matches!(self, MachineState::NotCreated)
    }
}

impl std::fmt::Display for MachineState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MachineState::NotCreated => "not created",
            MachineState::Preparing => "preparing",
            MachineState::Running => "running",
            MachineState::Stopped => "stopped",
            MachineState::Saved => "saved",
            MachineState::Paused => "paused",
            MachineState::Aborted => "aborted",
            MachineState::Unknown(word) => word,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_case::test_case;

    #[test_case("not_created", MachineState::NotCreated)]
    #[test_case("preparing", MachineState::Preparing)]
    #[test_case("running", MachineState::Running)]
    #[test_case("stopped", MachineState::Stopped)]
    #[test_case("poweroff", MachineState::Stopped)]
    #[test_case("shutoff", MachineState::Stopped)]
    #[test_case("not_running", MachineState::Stopped)]
    #[test_case("saved", MachineState::Saved)]
    #[test_case("suspended", MachineState::Saved)]
    #[test_case("paused", MachineState::Paused)]
    #[test_case("aborted", MachineState::Aborted)]
    #[test_case("gurumeditation", MachineState::Unknown("gurumeditation".to_owned()))]
    fn from_vagrant(word: &str, state: MachineState) {
        assert_eq!(MachineState::from_vagrant(word), state);
    }
}
