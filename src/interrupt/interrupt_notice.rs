/// What vm tells the user when a signal arrives; the command line says it in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterruptNotice {
    /// The first signal during a change: `step` (a resource id) is the last one started.
    Stopping { step: Option<String> },
    /// The second signal during a change: `step` is stopped now.
    StoppingNow { step: Option<String> },
    /// vm exits now, with 130.
    Exiting,
}
