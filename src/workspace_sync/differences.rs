use std::collections::BTreeSet;

use serde::Serialize;

use super::{Conflict, Manifest, SideChange};

/// One side's change to one file since the base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathChange {
    pub path: String,
    pub change: SideChange,
}

/// Where the project directory and the machine's workspace differ, and which side changed (`vm status`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Differences {
    /// Changed locally only since the base: `vm push` carries them.
    pub local: Vec<PathChange>,
    /// Changed on the machine only since the base: `vm pull` brings them.
    pub remote: Vec<PathChange>,
    /// Changed on both sides, differently: neither command overwrites them.
    pub conflicts: Vec<Conflict>,
    /// Files the same on both sides.
    pub in_sync: usize,
}

impl Differences {
    pub fn is_empty(&self) -> bool {
        self.local.is_empty() && self.remote.is_empty() && self.conflicts.is_empty()
    }
}

/// Compares both sides with the base, file by file: a file the same on both sides is in sync (even if both changed
/// it alike); one that only one side changed is that side's change; one both changed is a conflict. An empty base
/// (nothing transferred yet) makes every file new on the side that has it, so files that differ are conflicts.
pub fn differences(base: &Manifest, local: &Manifest, remote: &Manifest) -> Differences {
    let paths: BTreeSet<&String> = base
        .files
        .keys()
        .chain(local.files.keys())
        .chain(remote.files.keys())
        .collect();
    let mut found = Differences::default();
    for path in paths {
        let (was, here, there) = (base.get(path), local.get(path), remote.get(path));
        if here == there {
            found.in_sync += usize::from(here.is_some());
            continue;
        }
        let path = path.clone();
        match (
            SideChange::between(was, here),
            SideChange::between(was, there),
        ) {
            (Some(change), None) => found.local.push(PathChange { path, change }),
            (None, Some(change)) => found.remote.push(PathChange { path, change }),
            (Some(local_change), Some(remote_change)) => found.conflicts.push(Conflict {
                path,
                local_change,
                remote_change,
                local: here.cloned(),
                remote: there.cloned(),
            }),
            (None, None) => unreachable!("both sides equal the base, so each other"),
        }
    }
    found
}
