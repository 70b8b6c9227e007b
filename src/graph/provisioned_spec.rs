use crate::state::ProvisionedState;

/// A service, language, package list or shell inside the machine: made by the machine's image, and, for a service,
/// waited for until it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionedSpec {
    pub state: ProvisionedState,
    /// Services only: how long to wait for it, and its log for when it does not come up.
    pub wait: Option<ServiceWait>,
    /// How a running machine takes a change of it without being made again, where it can.
    pub in_place: Option<InPlaceChange>,
}

/// A change a running machine takes as it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InPlaceChange {
    /// The package list of that name (`npm`): what is added is installed, what goes is removed.
    Packages { list: &'static str },
    /// A script, run as root, that writes the shell's files again: the image's shell stage.
    Script(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceWait {
    pub service: String,
    pub timeout_secs: u32,
    pub log: Option<String>,
}
