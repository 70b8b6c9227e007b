use std::fmt;
use std::str::FromStr;

/// One `vm test` process, named so that nothing else can be taken for it: the user it acts for, its pid, and when
/// the process started (a pid alone is reused). Its machines carry it in their `dev.vm.test` label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunId {
    pub uid: u32,
    pub pid: u32,
    /// The process's start, in clock ticks since boot (`/proc/<pid>/stat`, field 22).
    pub started: u64,
}

impl RunId {
    /// This process, acting for `uid`.
    pub fn current(uid: u32) -> RunId {
        let pid = std::process::id();
        RunId {
            uid,
            pid,
            started: process_start(pid).unwrap_or(0),
        }
    }

    /// Whether the run is still going: its process exists and is the same process.
    pub fn is_alive(&self) -> bool {
        process_start(self.pid) == Some(self.started)
    }

    /// A few characters that tell this run from an earlier one that had the same pid.
    pub fn nonce(&self) -> String {
        format!("{:04x}", self.started % 0x10000)
    }
}

impl fmt::Display for RunId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.uid, self.pid, self.started)
    }
}

impl FromStr for RunId {
    type Err = String;

    fn from_str(text: &str) -> Result<RunId, String> {
        let parts: Vec<&str> = text.split('.').collect();
        let malformed = || format!("`{text}` is not a test run: expected <uid>.<pid>.<start>");
        let [uid, pid, started] = parts.as_slice() else {
            return Err(malformed());
        };
        Ok(RunId {
            uid: uid.parse().map_err(|_| malformed())?,
            pid: pid.parse().map_err(|_| malformed())?,
            started: started.parse().map_err(|_| malformed())?,
        })
    }
}

/// When process `pid` started, or `None` where there is no such process.
fn process_start(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name, field 2, is in parentheses and may hold spaces: count fields after its last `)`.
    let (_, after_name) = stat.rsplit_once(')')?;
    after_name.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::RunId;

    #[test]
    fn this_process_is_alive_and_reads_back_from_its_label() {
        let run = RunId::current(1000);
        assert!(run.is_alive());
        assert_eq!(run.to_string().parse::<RunId>(), Ok(run));
    }

    #[test]
    fn the_same_pid_started_at_another_time_is_another_run() {
        let run = RunId::current(1000);
        let earlier = RunId {
            started: run.started - 1,
            ..run
        };
        assert!(!earlier.is_alive());
    }

    #[test]
    fn a_label_that_is_not_a_run_is_refused() {
        assert_eq!(
            "12.x".parse::<RunId>(),
            Err("`12.x` is not a test run: expected <uid>.<pid>.<start>".to_owned())
        );
    }
}
