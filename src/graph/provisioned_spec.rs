use crate::state::ProvisionedState;

/// A service, language, package list or shell inside the machine: made by the machine's image, and, for a service,
/// waited for until it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionedSpec {
    pub state: ProvisionedState,
    /// Services only: how long to wait for it, and its log for when it does not come up.
    pub wait: Option<ServiceWait>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceWait {
    pub service: String,
    pub timeout_secs: u32,
    pub log: Option<String>,
}
