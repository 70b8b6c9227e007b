//! The plan and the status as people and machines read them, word for word.

use crate::workspace_sync::*;

fn entry(content: &str) -> FileEntry {
    FileEntry::regular(content.as_bytes(), false)
}

fn manifest(files: &[(&str, &str)]) -> Manifest {
    files
        .iter()
        .map(|(path, content)| (path.to_string(), entry(content)))
        .collect()
}

/// A base and two sides with one of every kind of line.
fn sides() -> (Manifest, Manifest, Manifest) {
    let base = manifest(&[
        ("src/main.rs", "v1"),
        ("old.txt", "o"),
        ("notes.md", "n"),
        ("machine.log", "m"),
        ("same.txt", "s"),
    ]);
    let local = manifest(&[
        ("src/main.rs", "v2 local"),
        ("src/new.rs", "new file"),
        ("notes.md", "n local"),
        ("machine.log", "m"),
        ("same.txt", "s"),
        ("odd\nname", "x"),
    ]);
    let remote = manifest(&[
        ("src/main.rs", "v1"),
        ("old.txt", "o"),
        ("machine.log", "m2"),
        ("same.txt", "s"),
    ]);
    (base, local, remote)
}

#[test]
fn a_push_plan_reads_like_a_plan() {
    let (base, local, remote) = sides();
    let plan = plan_transfer(Direction::Push, &base, &local, &remote);
    assert_eq!(
        render_sync_plan(&plan),
        "\
! notes.md (changed on both sides: changed locally, deleted on the machine)
+ \"odd\\nname\"
- old.txt
~ src/main.rs
+ src/new.rs

Push: 2 to add, 1 to change, 1 to delete, 1 conflict.
Copies 3 files, 17 B.
Conflicting files are left as they are on both sides.
1 file changed on the machine since the last transfer is left as it is: `vm pull` carries it.
"
    );
}

#[test]
fn a_pull_plan_says_where_the_machines_version_of_a_conflict_goes() {
    let (base, local, remote) = sides();
    let mut remote = remote;
    remote
        .files
        .insert("notes.md".to_owned(), entry("n machine"));
    let plan = plan_transfer(Direction::Pull, &base, &local, &remote);
    assert_eq!(
        render_sync_plan(&plan),
        "\
~ machine.log
! notes.md (changed on both sides: changed locally, changed on the machine)

Pull: 0 to add, 1 to change, 0 to delete, 1 conflict.
Copies 1 file, 2 B.
Conflicting files are left as they are here; the machine's version of each is saved as .vm/conflicts/PATH.
4 files changed locally since the last transfer are left as they are: `vm push` carries them.
"
    );
}

#[test]
fn a_plan_with_nothing_to_do_says_so() {
    let files = manifest(&[("a", "1"), ("b", "2")]);
    let plan = plan_transfer(Direction::Push, &files, &files, &files);
    assert_eq!(
        render_sync_plan(&plan),
        "Push: no changes; 2 files are the same on both sides.\n"
    );
    let plan = plan_transfer(
        Direction::Pull,
        &Manifest::default(),
        &Manifest::default(),
        &Manifest::default(),
    );
    assert_eq!(
        render_sync_plan(&plan),
        "Pull: no changes; 0 files are the same on both sides.\n"
    );
}

#[test]
fn the_json_plan_carries_every_field_and_its_format_version() {
    let base = manifest(&[("gone", "g"), ("both", "b")]);
    let local = manifest(&[("new", "n"), ("both", "b local")]);
    let remote = manifest(&[("gone", "g"), ("both", "b remote")]);
    let plan = plan_transfer(Direction::Push, &base, &local, &remote);
    let json: serde_json::Value = serde_json::from_str(&render_sync_plan_json(&plan)).unwrap();
    let hash = |content: &str| entry(content).hash;
    assert_eq!(
        json,
        serde_json::json!({
            "format_version": 1,
            "has_changes": true,
            "direction": "push",
            "add": ["new"],
            "change": [],
            "delete": ["gone"],
            "conflicts": [{
                "path": "both",
                "local_change": "changed",
                "remote_change": "changed",
                "local": {"hash": hash("b local"), "size": 7, "executable": false, "symlink": false},
                "remote": {"hash": hash("b remote"), "size": 8, "executable": false, "symlink": false},
            }],
            "changed_at_destination": [],
            "unchanged": 0,
            "copy_size": {"files": 1, "bytes": 1},
            "summary": {"add": 1, "change": 0, "delete": 1, "conflicts": 1},
        })
    );
}

#[test]
fn the_status_lists_each_sides_changes_under_the_command_that_carries_them() {
    let (base, local, remote) = sides();
    let found = differences(&base, &local, &remote);
    assert_eq!(
        render_differences(&found),
        "\
Changed locally (`vm push` carries them):
  + \"odd\\nname\"
  - old.txt
  ~ src/main.rs
  + src/new.rs
Changed on the machine (`vm pull` brings them):
  ~ machine.log
Conflicts (neither command overwrites them):
  ! notes.md (changed on both sides: changed locally, deleted on the machine)

Status: 4 changed locally, 1 changed on the machine, 1 conflict; 1 file the same on both sides.
"
    );
    let json: serde_json::Value = serde_json::from_str(&render_differences_json(&found)).unwrap();
    assert_eq!(json["format_version"], 1);
    assert_eq!(
        json["remote"],
        serde_json::json!([{"path": "machine.log", "change": "changed"}])
    );
    assert_eq!(json["in_sync"], 1);

    let files = manifest(&[("a", "1")]);
    assert_eq!(
        render_differences(&differences(&files, &files, &files)),
        "In sync: 1 file is the same in the project directory and on the machine.\n"
    );
}
