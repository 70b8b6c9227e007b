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

pub fn host_context(project_dir: PathBuf) -> HostContext {
    let invoking = invoking_user();
    HostContext {
        home: home_of(invoking),
        data_owner: data_owner(invoking),
        project_dir,
        devices: crate::graph::present_devices(),
        network: crate::network::HostNetwork::of_this_host(),
        capacity: crate::graph::MachineCapacity::of_this_host(),
    }
}
