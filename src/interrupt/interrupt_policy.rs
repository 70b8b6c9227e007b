/// What the signals do while vm is at some point of its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterruptPolicy {
    /// Nothing is half-made (observing, planning, asking): stop every child and exit with 130 at once.
    ExitNow,
    /// A change is being made: the first signal lets the running step finish or stops it cleanly and starts no
    /// new one; the second kills the running step's processes; a third exits at once.
    FinishStep,
    /// A command runs in the machine: each signal is passed on to it, as a terminal passes Ctrl-C to its
    /// foreground process; a third exits at once.
    ForwardToMachine,
}
