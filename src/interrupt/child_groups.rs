use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::Pid;

/// The children vm is running now. Each runs in a process group of its own (its pid is the group's id), so that
/// stopping it stops what it started too: a `docker build`, `vagrant`'s ssh and ruby, a pipe's both ends.
/// An interactive child stays in vm's group instead, where the terminal can reach it.
pub struct ChildGroups;

/// One registered child; it is forgotten when this is dropped, after it was waited for.
#[must_use]
#[derive(Debug)]
pub struct RunningChild {
    token: u64,
}

#[derive(Debug)]
struct Entry {
    token: u64,
    pids: Vec<i32>,
    own_group: bool,
    /// Stopped by the first signal (a `docker build`), where others are left to finish.
    stoppable: bool,
}

static RUNNING: Mutex<Vec<Entry>> = Mutex::new(Vec::new());
static NEXT_TOKEN: AtomicU64 = AtomicU64::new(0);

impl ChildGroups {
    /// Runs `spawn` and registers the processes `pids` finds in what it returns, in one critical section: a
    /// signal arriving meanwhile waits until they are registered, so none of them escapes it. `refuse` is asked
    /// inside it too, and spawns nothing when it says no.
    pub fn spawn<T, E>(
        own_group: bool,
        stoppable: bool,
        refuse: impl FnOnce() -> Option<E>,
        spawn: impl FnOnce() -> Result<T, E>,
        pids: impl FnOnce(&T) -> Vec<u32>,
    ) -> Result<(T, RunningChild), E> {
        let mut running = lock();
        if let Some(refused) = refuse() {
            return Err(refused);
        }
        let child = spawn()?;
        let token = NEXT_TOKEN.fetch_add(1, Ordering::SeqCst);
        running.push(Entry {
            token,
            pids: pids(&child)
                .into_iter()
                .filter_map(|pid| i32::try_from(pid).ok())
                .collect(),
            own_group,
            stoppable,
        });
        Ok((child, RunningChild { token }))
    }

    /// Asks the stoppable children to stop: `docker build` then cancels its build. SIGTERM rather than SIGINT, which a
    /// child may have been started ignoring (vm run as a background job of a script).
    pub fn stop_stoppable() {
        for entry in lock().iter().filter(|entry| entry.stoppable) {
            signal(entry, Signal::SIGTERM);
        }
    }

    /// Sends `signal` to every child and its group.
    pub fn signal_all(signal_sent: Signal) {
        for entry in lock().iter() {
            signal(entry, signal_sent);
        }
    }

    /// Kills every child and everything in its group: on the second signal, at exit, on a panic.
    pub fn kill_all() {
        Self::signal_all(Signal::SIGKILL);
    }

    /// As [`ChildGroups::kill_all`], from a panic: the panicking thread may be the one registering a child, and
    /// must not wait for itself, so the registry is tried for a moment only.
    pub fn kill_all_on_panic() {
        use std::sync::TryLockError;
        use std::time::{Duration, Instant};
        let deadline = Instant::now() + Duration::from_millis(200);
        let running = loop {
            match RUNNING.try_lock() {
                Ok(running) => break running,
                Err(TryLockError::Poisoned(poisoned)) => break poisoned.into_inner(),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(TryLockError::WouldBlock) => return,
            }
        };
        for entry in running.iter() {
            signal(entry, Signal::SIGKILL);
        }
    }

    /// Kills one child and its group (its time is up).
    pub fn kill(child: &RunningChild) {
        for entry in lock().iter().filter(|entry| entry.token == child.token) {
            signal(entry, Signal::SIGKILL);
        }
    }

    /// Kills the groups of these processes, which were registered as running in groups of their own.
    pub fn kill_groups(pids: &[u32]) {
        for &pid in pids {
            if let Ok(pid) = i32::try_from(pid) {
                let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
            }
        }
    }
}

impl Drop for RunningChild {
    fn drop(&mut self) {
        lock().retain(|entry| entry.token != self.token);
    }
}

fn signal(entry: &Entry, signal: Signal) {
    for &pid in &entry.pids {
        let pid = Pid::from_raw(pid);
        let _ = if entry.own_group {
            killpg(pid, signal)
        } else {
            kill(pid, signal)
        };
    }
}

/// The registry stays usable after a panic elsewhere: killing children is what a panic needs most.
fn lock() -> std::sync::MutexGuard<'static, Vec<Entry>> {
    RUNNING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use std::io::BufRead;
    use std::os::unix::process::CommandExt;
    use std::time::{Duration, Instant};

    use super::*;

    /// Whether `pid` is a process that has not ended (a zombie has).
    fn running(pid: i32) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            let state = stat[stat.rfind(')').unwrap() + 2..].chars().next();
            !matches!(state, Some('Z' | 'X'))
        })
    }

    #[test]
    fn killing_a_child_kills_what_it_started_and_it_is_forgotten_once_dropped() {
        let (mut child, registered) = ChildGroups::spawn(
            true,
            false,
            || None::<std::io::Error>,
            || {
                std::process::Command::new("sh")
                    .args(["-c", "sleep 600 & echo $!; wait"])
                    .stdout(std::process::Stdio::piped())
                    .process_group(0)
                    .spawn()
            },
            |child| vec![child.id()],
        )
        .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let grandchild: i32 = line.trim().parse().unwrap();
        assert!(running(grandchild));
        ChildGroups::kill(&registered);
        child.wait().unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while running(grandchild) {
            assert!(
                Instant::now() < deadline,
                "the grandchild outlived its group"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let token = registered.token;
        drop(registered);
        assert!(lock().iter().all(|entry| entry.token != token));
    }

    #[test]
    fn a_refused_command_is_not_spawned() {
        let refused = ChildGroups::spawn(
            true,
            false,
            || Some("interrupted"),
            || -> Result<(), &str> { panic!("spawned") },
            |_| Vec::new(),
        );
        assert_eq!(refused.err(), Some("interrupted"));
    }
}
