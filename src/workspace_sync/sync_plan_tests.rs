//! The three-way rules, one file at a time: each case names the base, local and remote versions of `f`.

use super::*;
use crate::workspace_sync::{FileEntry, Manifest, differences};

/// A version of `f`: its content, or `-` for no file; `x` after the content makes it executable, `@` before it a
/// symlink to that text.
fn version(notation: &str) -> Option<FileEntry> {
    match notation {
        "-" => None,
        link if link.starts_with('@') => Some(FileEntry::symlink(&link.as_bytes()[1..])),
        executable if executable.ends_with('x') => {
            Some(FileEntry::regular(&executable.as_bytes()[..1], true))
        }
        content => Some(FileEntry::regular(content.as_bytes(), false)),
    }
}

fn manifest(notation: &str) -> Manifest {
    version(notation)
        .map(|entry| ("f".to_owned(), entry))
        .into_iter()
        .collect()
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Add,
    Change,
    Delete,
    Conflict,
    Unchanged,
    /// Changed at the destination only: left for the other command.
    Left(SideChange),
    /// No file on either side.
    Nothing,
}

fn outcome(plan: &SyncPlan) -> Outcome {
    let f = &"f".to_owned();
    if plan.add.contains(f) {
        Outcome::Add
    } else if plan.change.contains(f) {
        Outcome::Change
    } else if plan.delete.contains(f) {
        Outcome::Delete
    } else if !plan.conflicts.is_empty() {
        Outcome::Conflict
    } else if let Some(left) = plan.changed_at_destination.first() {
        Outcome::Left(left.change)
    } else if plan.unchanged == 1 {
        Outcome::Unchanged
    } else {
        Outcome::Nothing
    }
}

use Outcome::*;
use SideChange::{Added, Changed, Deleted};

/// (case, base, local, remote, push, pull)
const CASES: &[(&str, &str, &str, &str, Outcome, Outcome)] = &[
    ("added locally", "-", "a", "-", Add, Left(Added)),
    ("added on the machine", "-", "-", "a", Left(Added), Add),
    ("changed locally", "a", "b", "a", Change, Left(Changed)),
    (
        "changed on the machine",
        "a",
        "a",
        "b",
        Left(Changed),
        Change,
    ),
    ("deleted locally", "a", "-", "a", Delete, Left(Deleted)),
    (
        "deleted on the machine",
        "a",
        "a",
        "-",
        Left(Deleted),
        Delete,
    ),
    (
        "made executable locally",
        "a",
        "ax",
        "a",
        Change,
        Left(Changed),
    ),
    (
        "turned into a symlink on the machine",
        "a",
        "a",
        "@a",
        Left(Changed),
        Change,
    ),
    ("unchanged", "a", "a", "a", Unchanged, Unchanged),
    (
        "changed alike on both sides",
        "a",
        "b",
        "b",
        Unchanged,
        Unchanged,
    ),
    ("deleted on both sides", "a", "-", "-", Nothing, Nothing),
    (
        "changed differently on both sides",
        "a",
        "b",
        "c",
        Conflict,
        Conflict,
    ),
    (
        "deleted locally, changed on the machine",
        "a",
        "-",
        "b",
        Conflict,
        Conflict,
    ),
    (
        "changed locally, deleted on the machine",
        "a",
        "b",
        "-",
        Conflict,
        Conflict,
    ),
    (
        "added alike on both sides",
        "-",
        "a",
        "a",
        Unchanged,
        Unchanged,
    ),
    (
        "added differently on both sides",
        "-",
        "a",
        "b",
        Conflict,
        Conflict,
    ),
];

#[test]
fn each_case_plans_as_the_three_way_rules_say() {
    for (case, base, local, remote, push, pull) in CASES {
        let (base, local, remote) = (manifest(base), manifest(local), manifest(remote));
        assert_eq!(
            &outcome(&plan_transfer(Direction::Push, &base, &local, &remote)),
            push,
            "push: {case}"
        );
        assert_eq!(
            &outcome(&plan_transfer(Direction::Pull, &base, &local, &remote)),
            pull,
            "pull: {case}"
        );
    }
}

#[test]
fn a_conflict_says_what_each_side_did() {
    let plan = plan_transfer(
        Direction::Pull,
        &manifest("a"),
        &manifest("-"),
        &manifest("b"),
    );
    assert_eq!(
        plan.conflicts,
        [crate::workspace_sync::Conflict {
            path: "f".to_owned(),
            local_change: Deleted,
            remote_change: Changed,
            local: None,
            remote: version("b"),
        }]
    );
    assert_eq!(
        plan.conflicts[0].to_string(),
        "changed on both sides: deleted locally, changed on the machine"
    );
    let both_new = plan_transfer(
        Direction::Push,
        &Manifest::default(),
        &manifest("a"),
        &manifest("b"),
    );
    assert_eq!(
        both_new.conflicts[0].to_string(),
        "added on both sides, with different content"
    );
}

/// Every combination of base, local and remote versions from a small alphabet, both directions: the rules that
/// must hold whatever the case.
#[test]
fn no_transfer_overwrites_a_change_at_its_destination_and_a_second_one_finds_nothing_to_copy() {
    let versions = ["-", "a", "b", "c"];
    for base in versions {
        for local in versions {
            for remote in versions {
                for direction in [Direction::Push, Direction::Pull] {
                    let (b, l, r) = (manifest(base), manifest(local), manifest(remote));
                    let (source, destination) = match direction {
                        Direction::Push => (local, remote),
                        Direction::Pull => (remote, local),
                    };
                    let case = format!("{direction}: base {base}, local {local}, remote {remote}");
                    let plan = plan_transfer(direction, &b, &l, &r);
                    let copies = plan.has_changes();
                    assert_eq!(
                        copies,
                        source != destination && destination == base,
                        "{case}: copies exactly where only the source changed"
                    );
                    assert_eq!(
                        !plan.conflicts.is_empty(),
                        source != destination && source != base && destination != base,
                        "{case}: a conflict exactly where both changed, differently"
                    );

                    // Carry it out, remember the base, and plan again both ways.
                    let carried = manifest(if copies { source } else { destination });
                    let (l2, r2) = match direction {
                        Direction::Push => (l.clone(), carried),
                        Direction::Pull => (carried, r.clone()),
                    };
                    let b2 = next_base(&plan, &b, &l, &r);
                    let again = plan_transfer(direction, &b2, &l2, &r2);
                    assert!(
                        !again.has_changes(),
                        "{case}: the second transfer copies nothing"
                    );
                    assert_eq!(
                        again.conflicts, plan.conflicts,
                        "{case}: conflicts stay until resolved"
                    );
                    let back = plan_transfer(
                        match direction {
                            Direction::Push => Direction::Pull,
                            Direction::Pull => Direction::Push,
                        },
                        &b2,
                        &l2,
                        &r2,
                    );
                    assert_eq!(
                        back.has_changes(),
                        !plan.changed_at_destination.is_empty(),
                        "{case}: what was left at the destination goes the other way"
                    );
                }
            }
        }
    }
}

#[test]
fn the_next_base_keeps_the_old_entry_where_the_sides_still_differ() {
    let base: Manifest = [
        ("conflict".to_owned(), FileEntry::regular(b"0", false)),
        ("left".to_owned(), FileEntry::regular(b"0", false)),
        ("deleted".to_owned(), FileEntry::regular(b"0", false)),
    ]
    .into_iter()
    .collect();
    let local: Manifest = [
        ("conflict".to_owned(), FileEntry::regular(b"local", false)),
        ("left".to_owned(), FileEntry::regular(b"0", false)),
        ("new".to_owned(), FileEntry::regular(b"new", true)),
    ]
    .into_iter()
    .collect();
    let remote: Manifest = [
        ("conflict".to_owned(), FileEntry::regular(b"remote", false)),
        ("left".to_owned(), FileEntry::regular(b"machine", false)),
        ("deleted".to_owned(), FileEntry::regular(b"0", false)),
    ]
    .into_iter()
    .collect();
    let plan = plan_transfer(Direction::Push, &base, &local, &remote);
    assert_eq!(
        (plan.add.as_slice(), plan.delete.as_slice()),
        (&["new".to_owned()][..], &["deleted".to_owned()][..])
    );
    let next = next_base(&plan, &base, &local, &remote);
    let expected: Manifest = [
        ("conflict".to_owned(), FileEntry::regular(b"0", false)),
        ("left".to_owned(), FileEntry::regular(b"0", false)),
        ("new".to_owned(), FileEntry::regular(b"new", true)),
    ]
    .into_iter()
    .collect();
    assert_eq!(next, expected);
}

#[test]
fn the_first_transfer_after_an_empty_base_copies_only_what_one_side_lacks() {
    let local: Manifest = [
        ("same".to_owned(), FileEntry::regular(b"s", false)),
        ("only-here".to_owned(), FileEntry::regular(b"h", false)),
        ("differs".to_owned(), FileEntry::regular(b"1", false)),
    ]
    .into_iter()
    .collect();
    let remote: Manifest = [
        ("same".to_owned(), FileEntry::regular(b"s", false)),
        ("only-there".to_owned(), FileEntry::regular(b"t", false)),
        ("differs".to_owned(), FileEntry::regular(b"2", false)),
    ]
    .into_iter()
    .collect();
    let plan = plan_transfer(Direction::Push, &Manifest::default(), &local, &remote);
    assert_eq!(plan.add, ["only-here"]);
    assert!(plan.change.is_empty() && plan.delete.is_empty());
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(plan.conflicts[0].path, "differs");
    assert_eq!(
        plan.changed_at_destination,
        [PathChange {
            path: "only-there".to_owned(),
            change: Added
        }]
    );
    assert_eq!(plan.unchanged, 1);
    assert_eq!(plan.copy_size, TransferSize { files: 1, bytes: 1 });
    let found = differences(&Manifest::default(), &local, &remote);
    assert_eq!(
        found.local,
        [PathChange {
            path: "only-here".to_owned(),
            change: Added
        }]
    );
    assert_eq!(
        found.remote,
        [PathChange {
            path: "only-there".to_owned(),
            change: Added
        }]
    );
    assert_eq!(found.in_sync, 1);
}

#[test]
fn a_conflict_resolved_from_the_source_is_copied_and_then_agreed() {
    let (base, local, remote) = (manifest("a"), manifest("b"), manifest("c"));
    let mut plan = plan_transfer(Direction::Push, &base, &local, &remote);
    plan.resolve_conflicts_from_source(|path| path == "f");
    assert!(plan.conflicts.is_empty());
    assert_eq!(plan.change, ["f"]);
    assert_eq!(next_base(&plan, &base, &local, &remote), local);

    let mut deleted_here = plan_transfer(Direction::Pull, &base, &manifest("b"), &manifest("-"));
    deleted_here.resolve_conflicts_from_source(|_| true);
    assert_eq!(deleted_here.delete, ["f"]);
    let mut unchosen = plan_transfer(Direction::Pull, &base, &local, &remote);
    unchosen.resolve_conflicts_from_source(|path| path == "other");
    assert_eq!(unchosen.conflicts.len(), 1);
    assert_eq!(unchosen.conflicts_with_a_machine_version(), ["f"]);
}

#[test]
fn what_was_left_out_of_a_transfer_keeps_its_old_base_entry() {
    let base: Manifest = [("f".to_owned(), FileEntry::regular(b"a", false))]
        .into_iter()
        .collect();
    let (local, remote) = (manifest("a"), manifest("b"));
    let mut plan = plan_transfer(Direction::Pull, &base, &local, &remote);
    assert_eq!(plan.change, ["f"]);
    plan.leave_out(&["f".to_owned()]);
    assert!(!plan.has_changes());
    assert_eq!(next_base(&plan, &base, &local, &remote), base);
}
