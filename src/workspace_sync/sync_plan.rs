use serde::Serialize;

use super::{Conflict, Direction, Manifest, PathChange, SideChange, TransferSize, differences};

/// What `vm push` or `vm pull` would do, file by file, before it does anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncPlan {
    pub direction: Direction,
    /// New at the source since the base: copied to the destination, where there is no such file.
    pub add: Vec<String>,
    /// Changed at the source only: copied over the destination's file.
    pub change: Vec<String>,
    /// Deleted at the source only: deleted at the destination.
    pub delete: Vec<String>,
    /// Changed on both sides, differently: left as they are on both sides.
    pub conflicts: Vec<Conflict>,
    /// Changed at the destination only: left as they are; the other command carries them.
    pub changed_at_destination: Vec<PathChange>,
    /// Files the same on both sides.
    pub unchanged: usize,
    /// What the copies move, as the source's manifest sizes them.
    pub copy_size: TransferSize,
}

/// The counts of the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    pub add: usize,
    pub change: usize,
    pub delete: usize,
    pub conflicts: usize,
}

impl SyncPlan {
    /// Whether carrying it out changes anything.
    pub fn has_changes(&self) -> bool {
        !(self.add.is_empty() && self.change.is_empty() && self.delete.is_empty())
    }

    pub fn summary(&self) -> SyncSummary {
        SyncSummary {
            add: self.add.len(),
            change: self.change.len(),
            delete: self.delete.len(),
            conflicts: self.conflicts.len(),
        }
    }

    /// The files to copy from the source, added and changed, in path order.
    pub fn paths_to_copy(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.add.iter().chain(&self.change).cloned().collect();
        paths.sort();
        paths
    }

    /// The conflicting files of which the machine has a version: what a pull saves beside the local ones.
    pub fn conflicts_with_a_machine_version(&self) -> Vec<String> {
        self.conflicts
            .iter()
            .filter(|conflict| conflict.remote.is_some())
            .map(|conflict| conflict.path.clone())
            .collect()
    }

    /// Takes out the copies and deletions that were not carried out (a file changed since the plan, or gone from
    /// the source meanwhile), so that [`next_base`] keeps their old base entry and the next plan sees them again.
    pub fn leave_out(&mut self, paths: &[String]) {
        for list in [&mut self.add, &mut self.change, &mut self.delete] {
            list.retain(|path| !paths.contains(path));
        }
    }

    /// Settles the conflicts `chosen` picks in favour of the source side: each becomes a copy or a deletion at the
    /// destination, as the user asked, and the base then records it as agreed.
    pub fn resolve_conflicts_from_source(&mut self, chosen: impl Fn(&str) -> bool) {
        let direction = self.direction;
        let (resolved, kept) = std::mem::take(&mut self.conflicts)
            .into_iter()
            .partition(|conflict| chosen(&conflict.path));
        self.conflicts = kept;
        for conflict in resolved {
            let (source, destination) = match direction {
                Direction::Push => (&conflict.local, &conflict.remote),
                Direction::Pull => (&conflict.remote, &conflict.local),
            };
            match (source, destination) {
                (Some(_), Some(_)) => self.change.push(conflict.path),
                (Some(_), None) => self.add.push(conflict.path),
                (None, Some(_)) => self.delete.push(conflict.path),
                (None, None) => unreachable!("a conflict has a version on some side"),
            }
        }
        self.add.sort();
        self.change.sort();
        self.delete.sort();
    }
}

/// The plan for a transfer in `direction`: the source's changes since `base` are carried to the destination where
/// the destination did not change the file; a file changed on both sides, differently, is a conflict and neither
/// version is touched. `base` is what both sides agreed on after the last transfer, empty before the first one
/// (then every file that differs between the sides is a conflict, and identical files are unchanged).
pub fn plan_transfer(
    direction: Direction,
    base: &Manifest,
    local: &Manifest,
    remote: &Manifest,
) -> SyncPlan {
    let found = differences(base, local, remote);
    let (carried, changed_at_destination, source) = match direction {
        Direction::Push => (found.local, found.remote, local),
        Direction::Pull => (found.remote, found.local, remote),
    };
    let mut plan = SyncPlan {
        direction,
        add: Vec::new(),
        change: Vec::new(),
        delete: Vec::new(),
        conflicts: found.conflicts,
        changed_at_destination,
        unchanged: found.in_sync,
        copy_size: TransferSize::default(),
    };
    for PathChange { path, change } in carried {
        match change {
            SideChange::Added => plan.add.push(path),
            SideChange::Changed => plan.change.push(path),
            SideChange::Deleted => plan.delete.push(path),
        }
    }
    plan.copy_size = source.size_of(plan.add.iter().chain(&plan.change));
    plan
}

/// The base to remember once `plan` was carried out in full: for each file, the version both sides now hold; where
/// they still differ (a conflict, a change left at the destination), the old base's, so the next comparison sees
/// the same changes again. `local` and `remote` are the manifests the plan was made from.
pub fn next_base(
    plan: &SyncPlan,
    base: &Manifest,
    local: &Manifest,
    remote: &Manifest,
) -> Manifest {
    let (source, destination) = match plan.direction {
        Direction::Push => (local, remote),
        Direction::Pull => (remote, local),
    };
    let mut destination_after = destination.clone();
    for path in plan.add.iter().chain(&plan.change) {
        let entry = source
            .get(path)
            .expect("a copied file is at its source")
            .clone();
        destination_after.files.insert(path.clone(), entry);
    }
    for path in &plan.delete {
        destination_after.files.remove(path);
    }
    let mut paths: Vec<&String> = base
        .files
        .keys()
        .chain(source.files.keys())
        .chain(destination_after.files.keys())
        .collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|path| {
            let (here, there) = (source.get(path), destination_after.get(path));
            let agreed = if here == there { here } else { base.get(path) };
            agreed.map(|entry| (path.clone(), entry.clone()))
        })
        .collect()
}

#[cfg(test)]
#[path = "sync_plan_tests.rs"]
mod tests;
