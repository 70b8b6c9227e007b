//! Who runs `vm`, seen through `sudo`: whose home holds the data and who owns it.

use std::path::PathBuf;

use nix::unistd::{Gid, Uid, User};

use crate::graph::{CONVENTIONAL_MACHINE_OWNER, HostContext, Owner};

/// The user `vm` acts for: `SUDO_UID`/`SUDO_GID` under sudo, else the real user.
pub fn invoking_user() -> Owner {
    let from_env = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.parse::<u32>().ok())
    };
    if Uid::effective().is_root()
        && let (Some(uid), Some(gid)) = (from_env("SUDO_UID"), from_env("SUDO_GID"))
    {
        return Owner { uid, gid };
    }
    Owner {
        uid: Uid::current().as_raw(),
        gid: Gid::current().as_raw(),
    }
}

/// The owner of synced data, and so the uid of the machine's user. Root keeps the machine's user at the
/// conventional 1000: mapping it to uid 0 would make the machine's user root, and root on the host can
/// read and write a directory owned by 1000 anyway.
pub fn data_owner(invoking: Owner) -> Owner {
    if invoking.uid == 0 {
        CONVENTIONAL_MACHINE_OWNER
    } else {
        invoking
    }
}

/// The invoking user's home: under sudo the real user's, from the passwd database; otherwise (or where the
/// real user has no passwd entry) `$HOME`.
pub fn home_of(invoking: Owner) -> PathBuf {
    let under_sudo = Uid::effective().is_root() && invoking.uid != 0;
    let from_passwd = || {
        User::from_uid(Uid::from_raw(invoking.uid))
            .ok()
            .flatten()
            .map(|user| user.dir)
    };
    let from_env = || {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            // A relative HOME would put the data wherever vm happens to run.
            .filter(|home| home.is_absolute())
    };
    let home = if under_sudo {
        from_passwd().or_else(from_env)
    } else {
        from_env().or_else(from_passwd)
    };
    home.unwrap_or_else(|| PathBuf::from("/"))
}

/// This host as the invoking user sees it, with the engine that runs its machines and its network settings (read by
/// the caller while it does other work).
pub fn host_context(
    project_dir: PathBuf,
    engine: EngineSite,
    network: crate::network::HostNetwork,
) -> HostContext {
    let invoking = invoking_user();
    HostContext {
        home: home_of(invoking),
        data_owner: data_owner(invoking),
        project_dir,
        devices: crate::graph::present_devices(),
        network,
        capacity: engine
            .capacity
            .map(|capacity| crate::graph::MachineCapacity {
                cpus: capacity.cpus,
                memory_mib: capacity.memory_mib,
            })
            .or_else(crate::graph::MachineCapacity::of_this_host),
        engine: engine.engine,
        engine_sees_host_files: engine.sees_host_files,
    }
}

/// The engine that runs a project's Docker machine, and whether it sees this host's files.
#[derive(Debug, Clone, Default)]
pub struct EngineSite {
    pub engine: crate::docker_engine::DockerEngine,
    pub sees_host_files: bool,
    /// What the engine has, where it told: on another host, that host's size, not this one's.
    pub capacity: Option<crate::docker_engine::EngineCapacity>,
}

impl EngineSite {
    /// The engine `docker` would use. Whether it sees `project_dir` is remembered per engine; where it is not yet,
    /// it is asked of the engine when `may_ask` (once per engine, a few docker calls), and otherwise, or where it
    /// cannot be asked, taken to see them, as a local engine does.
    pub fn find(
        project_dir: &std::path::Path,
        home: &std::path::Path,
        may_ask: bool,
    ) -> Result<EngineSite, crate::docker_engine::EngineError> {
        use crate::docker_engine::{DockerEngine, answers_file, engine_facts};
        let engine = DockerEngine::of_this_process()?;
        let docker = may_ask.then(crate::provider::DockerProvider::docker_command);
        let facts = engine_facts(docker.as_ref(), &engine, project_dir, &answers_file(home));
        Ok(EngineSite {
            engine,
            sees_host_files: facts.is_none_or(|facts| facts.sees_host_files),
            capacity: facts.and_then(|facts| facts.capacity),
        })
    }
}
