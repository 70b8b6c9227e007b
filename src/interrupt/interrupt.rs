use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use nix::sys::signal::Signal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use super::{ChildGroups, InterruptNotice, InterruptPolicy};

/// The exit code of a command stopped by a signal, as shells report 128 + SIGINT.
pub const EXIT_CODE: u8 = 130;

/// The signals vm has received, and what it does with the next one. Process-wide: a process gets its signals
/// once, whatever part of it is running.
pub struct Interrupt;

/// Passes a signal to the command running in the machine; see [`Interrupt::forward_to_machine`].
pub type Forwarder = Box<dyn Fn(Signal, usize) + Send>;

static RECEIVED: AtomicUsize = AtomicUsize::new(0);
static POLICY: AtomicU8 = AtomicU8::new(0);
/// Set where every signal ends vm at once, whatever it is doing (`vm test`).
static ALWAYS_EXIT: AtomicBool = AtomicBool::new(false);
static STEP: Mutex<Option<String>> = Mutex::new(None);
static NOTICE: OnceLock<fn(&InterruptNotice)> = OnceLock::new();
static FORWARDER: Mutex<Option<Forwarder>> = Mutex::new(None);
/// Set once a signal is ending vm, before its children are killed.
static EXITING: AtomicBool = AtomicBool::new(false);

/// Restores the policy that held before it was made, when dropped.
#[must_use]
pub struct PolicyGuard {
    previous: InterruptPolicy,
}

/// Forwards signals to the machine until dropped.
#[must_use]
pub struct Forwarding {
    _policy: PolicyGuard,
}

impl Interrupt {
    /// Takes over SIGINT, SIGTERM and SIGHUP for the rest of the process, telling `notice` what it does (the
    /// command line renders it), and kills the children on a panic. Until this is called (in `vm test`, in the
    /// tests) signals keep their default effect and nothing here is ever asked.
    pub fn install(notice: fn(&InterruptNotice)) -> std::io::Result<()> {
        let _ = NOTICE.set(notice);
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        std::thread::Builder::new()
            .name("vm-signals".to_owned())
            .spawn(move || {
                for signal in signals.forever() {
                    received(Signal::try_from(signal).unwrap_or(Signal::SIGTERM));
                }
            })?;
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            ChildGroups::kill_all_on_panic();
            previous(info);
        }));
        Ok(())
    }

    /// As [`Interrupt::install`], but every signal ends vm at once, killing its children: for `vm test`, whose
    /// tests apply machines side by side, and stop when it is told to.
    pub fn install_exiting_at_once(notice: fn(&InterruptNotice)) -> std::io::Result<()> {
        ALWAYS_EXIT.store(true, Ordering::SeqCst);
        Self::install(notice)
    }

    /// How many signals have arrived.
    pub fn received() -> usize {
        RECEIVED.load(Ordering::SeqCst)
    }

    /// Where a signal is ending vm, waits for that exit (the signal thread makes it, with [`EXIT_CODE`]): a
    /// failure that the killing of its children causes must not end vm first, with its own code and message.
    pub fn await_exit_if_ending() {
        if EXITING.load(Ordering::SeqCst) {
            loop {
                std::thread::park();
            }
        }
    }

    /// Whether vm was told to stop: no new step, no new command that is not cleaning up.
    pub fn requested() -> bool {
        Self::received() > 0
    }

    /// Whether vm was told twice: the running step is stopped at once, and nothing more is run.
    pub fn forced() -> bool {
        Self::received() > 1
    }

    pub fn policy() -> InterruptPolicy {
        if ALWAYS_EXIT.load(Ordering::SeqCst) {
            return InterruptPolicy::ExitNow;
        }
        match POLICY.load(Ordering::SeqCst) {
            1 => InterruptPolicy::FinishStep,
            2 => InterruptPolicy::ForwardToMachine,
            _ => InterruptPolicy::ExitNow,
        }
    }

    /// `policy` holds until the guard is dropped.
    pub fn policy_while(policy: InterruptPolicy) -> PolicyGuard {
        let previous = Self::policy();
        POLICY.store(policy_code(policy), Ordering::SeqCst);
        PolicyGuard { previous }
    }

    /// Names the step that runs now, for the notice of the first signal.
    pub fn step_started(step: &str) {
        *lock(&STEP) = Some(step.to_owned());
    }

    /// Until the guard is dropped, each signal goes to `forward` with the number received so far, instead of
    /// stopping vm: vm then ends when the command in the machine does.
    pub fn forward_to_machine(forward: Forwarder) -> Forwarding {
        *lock(&FORWARDER) = Some(forward);
        Forwarding {
            _policy: Self::policy_while(InterruptPolicy::ForwardToMachine),
        }
    }
}

impl Drop for PolicyGuard {
    fn drop(&mut self) {
        POLICY.store(policy_code(self.previous), Ordering::SeqCst);
    }
}

impl Drop for Forwarding {
    fn drop(&mut self) {
        *lock(&FORWARDER) = None;
    }
}

/// Acts on one signal, on the signal thread: it may lock, wait and run commands, as a signal handler may not.
fn received(signal: Signal) {
    let count = RECEIVED.fetch_add(1, Ordering::SeqCst) + 1;
    let step = || lock(&STEP).clone();
    match (Interrupt::policy(), count) {
        (InterruptPolicy::FinishStep, 1) => {
            notify(&InterruptNotice::Stopping { step: step() });
            ChildGroups::stop_stoppable();
        }
        (InterruptPolicy::FinishStep, 2) => {
            notify(&InterruptNotice::StoppingNow { step: step() });
            ChildGroups::kill_all();
        }
        (InterruptPolicy::ForwardToMachine, 1 | 2) => match &*lock(&FORWARDER) {
            Some(forward) => forward(signal, count),
            None => ChildGroups::signal_all(signal),
        },
        _ => exit_now(),
    }
}

/// Kills every child and exits with 130; the kernel releases the project lock with the process.
fn exit_now() -> ! {
    EXITING.store(true, Ordering::SeqCst);
    ChildGroups::kill_all();
    notify(&InterruptNotice::Exiting);
    std::process::exit(i32::from(EXIT_CODE))
}

fn notify(notice: &InterruptNotice) {
    if let Some(notice_fn) = NOTICE.get() {
        notice_fn(notice);
    }
}

fn policy_code(policy: InterruptPolicy) -> u8 {
    match policy {
        InterruptPolicy::ExitNow => 0,
        InterruptPolicy::FinishStep => 1,
        InterruptPolicy::ForwardToMachine => 2,
    }
}

fn lock<T>(mutex: &'static Mutex<T>) -> std::sync::MutexGuard<'static, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
