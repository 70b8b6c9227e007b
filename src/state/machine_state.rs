use std::fmt;

/// Whether a machine runs, as its provider reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MachineState {
    Running,
    Paused,
    /// Made, or stopped: `docker start` or `vagrant up` brings it back.
    Stopped(String),
    /// Beyond starting: only a replacement brings it back (Docker's `dead` and `removing`).
    Broken(String),
    Unknown,
}

impl MachineState {
    /// Docker's `State.Status`.
    pub fn from_docker(status: &str) -> MachineState {
        match status {
            "running" => MachineState::Running,
            "paused" => MachineState::Paused,
            "dead" | "removing" => MachineState::Broken(status.to_owned()),
            "" => MachineState::Unknown,
            other => MachineState::Stopped(other.to_owned()),
        }
    }

    pub fn is_running(&self) -> bool {
        *self == MachineState::Running
    }
}

impl fmt::Display for MachineState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MachineState::Running => f.write_str("running"),
            MachineState::Paused => f.write_str("paused"),
            MachineState::Stopped(status) | MachineState::Broken(status) => f.write_str(status),
            MachineState::Unknown => f.write_str("unknown"),
        }
    }
}
