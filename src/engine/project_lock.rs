use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};

use super::ProjectError;

/// Where the holder of a project's lock is recorded, relative to the project directory.
pub const LOCK_RECORD: &str = ".vm/lock.json";

/// What keeps `.vm/` out of the project's git: vm writes it with the record where there is none.
const GITIGNORE: &str = "*\n";

/// How often a command waiting for the lock (`--lock-timeout`) tries again.
const RETRY_EVERY: Duration = Duration::from_millis(200);

/// Who holds a project's lock, as recorded beside it (`.vm/lock.json`), like Terraform's lock info.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub pid: u32,
    /// The command line, e.g. `vm apply --yes`.
    pub command: String,
    pub user: String,
    pub host: String,
    /// When it took the lock, RFC 3339 in UTC.
    pub started: String,
}

impl LockHolder {
    /// This process, now.
    fn this_process() -> LockHolder {
        let mut args = std::env::args();
        let program = args
            .next()
            .map(|arg0| {
                Path::new(&arg0)
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or(arg0)
            })
            .unwrap_or_else(|| "vm".to_owned());
        let words: Vec<String> = std::iter::once(program).chain(args).collect();
        let command = words
            .iter()
            .map(|word| crate::shell_word::for_display(word))
            .collect::<Vec<_>>()
            .join(" ");
        let uid = nix::unistd::Uid::effective();
        let user = nix::unistd::User::from_uid(uid)
            .ok()
            .flatten()
            .map(|user| user.name)
            .unwrap_or_else(|| uid.to_string());
        let host = nix::unistd::gethostname()
            .map(|host| host.to_string_lossy().into_owned())
            .unwrap_or_else(|_| "unknown".to_owned());
        LockHolder {
            pid: std::process::id(),
            command,
            user,
            host,
            started: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        }
    }

    /// The holder recorded in `dir`, if its process still runs: a record left by a process that died is stale (its
    /// lock went with it) and is ignored.
    pub fn recorded(dir: &Path) -> Option<LockHolder> {
        let text = fs::read_to_string(dir.join(LOCK_RECORD)).ok()?;
        let holder: LockHolder = serde_json::from_str(&text).ok()?;
        let pid = i32::try_from(holder.pid).ok()?;
        let alive = match nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None) {
            Ok(()) => true,
            Err(errno) => errno == nix::errno::Errno::EPERM,
        };
        (alive && holder.pid != std::process::id()).then_some(holder)
    }

    /// `` `vm apply --yes` (pid 4242, alice@box, since 2026-12-03T09:40:01Z) ``
    pub fn describe(&self) -> String {
        format!(
            "`{}` (pid {}, {}@{}, since {})",
            self.command, self.pid, self.user, self.host, self.started
        )
    }
}

/// An exclusive lock on a project directory, held while the machine changes and released when dropped, with its
/// holder recorded in `.vm/lock.json` meanwhile.
#[derive(Debug)]
pub struct ProjectLock {
    dir: PathBuf,
    recorded: bool,
    _handle: File,
}

impl ProjectLock {
    /// Locks `dir`, so two `vm` commands never interleave: whichever vm.json of the directory they were given,
    /// however an editor replaced the file. While another command holds it, waits up to `timeout`, telling
    /// `on_wait` once who it waits for; then refuses, naming the holder.
    pub fn acquire(
        dir: &Path,
        timeout: Duration,
        on_wait: &mut dyn FnMut(&Path, Option<&LockHolder>),
    ) -> Result<ProjectLock, ProjectError> {
        let handle = File::open(dir).map_err(|source| ProjectError::Io {
            action: "open",
            path: dir.to_path_buf(),
            source,
        })?;
        let started = Instant::now();
        let mut told = false;
        loop {
            match handle.try_lock() {
                Ok(()) => return Ok(ProjectLock::record(dir, handle)),
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(ProjectError::Io {
                        action: "lock",
                        path: dir.to_path_buf(),
                        source,
                    });
                }
            }
            let waited = started.elapsed();
            if waited >= timeout {
                return Err(ProjectError::Locked {
                    path: dir.to_path_buf(),
                    holder: LockHolder::recorded(dir).map(Box::new),
                    waited: (!timeout.is_zero()).then_some(timeout),
                });
            }
            if !told {
                on_wait(dir, LockHolder::recorded(dir).as_ref());
                told = true;
            }
            std::thread::sleep(RETRY_EVERY.min(timeout - waited));
        }
    }

    /// Records this process as the holder. A record is a courtesy: where it cannot be written (a read-only
    /// project directory) the lock holds all the same.
    fn record(dir: &Path, handle: File) -> ProjectLock {
        let state_dir = dir.join(".vm");
        let _ = state_dir_of(dir);
        let record = dir.join(LOCK_RECORD);
        let partial = state_dir.join(format!("lock.json.{}.partial", std::process::id()));
        let text = serde_json::to_string_pretty(&LockHolder::this_process())
            .expect("a lock holder serializes");
        let recorded =
            fs::write(&partial, text + "\n").is_ok() && fs::rename(&partial, &record).is_ok();
        if !recorded {
            let _ = fs::remove_file(&partial);
        }
        ProjectLock {
            dir: dir.to_path_buf(),
            recorded,
            _handle: handle,
        }
    }
}

/// The project's `.vm/`, made where it is missing, with what keeps it out of git. The project directory itself is
/// never made.
pub fn state_dir_of(project_dir: &Path) -> std::io::Result<PathBuf> {
    let state_dir = project_dir.join(".vm");
    match fs::create_dir(&state_dir) {
        Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => return Err(error),
        _ => {}
    }
    let gitignore = state_dir.join(".gitignore");
    if !gitignore.exists() {
        fs::write(&gitignore, GITIGNORE)?;
    }
    Ok(state_dir)
}

impl Drop for ProjectLock {
    /// Removes the record before the lock goes (with the handle, after this), and `.vm/` when nothing else is left
    /// in it: `vm destroy` of a Vagrant machine empties it while the lock is held.
    fn drop(&mut self) {
        if self.recorded {
            let _ = fs::remove_file(self.dir.join(LOCK_RECORD));
        }
        remove_empty_state_dir(&self.dir);
    }
}

/// Removes the project's `.vm/` where nothing but what keeps it out of git is left in it.
pub fn remove_empty_state_dir(project_dir: &Path) {
    let state_dir = project_dir.join(".vm");
    let only_ours = fs::read_dir(&state_dir).is_ok_and(|entries| {
        entries.flatten().all(|entry| {
            entry.file_name() == ".gitignore"
                && fs::read_to_string(entry.path()).is_ok_and(|text| text == GITIGNORE)
        })
    });
    if only_ours {
        let _ = fs::remove_file(state_dir.join(".gitignore"));
        let _ = fs::remove_dir(&state_dir);
    }
}
