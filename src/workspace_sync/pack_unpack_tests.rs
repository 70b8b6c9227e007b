//! Packing and unpacking on real directories: what goes in comes out, and what must not be written is not.

use std::fs;
use std::os::unix::fs::{MetadataExt, symlink};
use std::path::Path;

use crate::workspace_sync::test_tree::{everything, write_with_mode as write};
use crate::workspace_sync::*;

fn long_name() -> String {
    format!("{}/{}.txt", "deep".repeat(30), "n".repeat(120))
}

fn source_tree(root: &Path) -> Vec<String> {
    write(root, "bin/run", b"#!/bin/sh\necho hi\n", 0o755);
    write(root, "README.md", b"# readme\n", 0o644);
    write(root, ".env", b"SECRET=1\n", 0o600);
    write(root, "new\nline \\ ünï", b"hostile", 0o644);
    write(root, &long_name(), vec![b'x'; 200_000], 0o644);
    fs::create_dir_all(root.join("links")).unwrap();
    symlink("../README.md", root.join("links/readme")).unwrap();
    symlink("/etc/passwd", root.join("links/absolute")).unwrap();
    symlink("nowhere", root.join("links/dangling")).unwrap();
    symlink("t".repeat(150), root.join("links/long-target")).unwrap();
    let mut paths: Vec<String> = scan_local(root)
        .unwrap()
        .manifest
        .files
        .into_keys()
        .collect();
    paths.sort();
    paths
}

/// Temporary files left behind by a write.
fn leftovers(root: &Path) -> Vec<String> {
    everything(root)
        .into_iter()
        .filter(|path| path.contains(".vm-sync-"))
        .collect()
}

fn all_new(paths: &[String]) -> UnpackTargets {
    UnpackTargets {
        write: paths.iter().map(|path| (path.clone(), None)).collect(),
        ..UnpackTargets::default()
    }
}

#[test]
fn a_packed_tree_unpacks_to_the_same_manifest_with_modes_symlinks_and_times() {
    let source = tempfile::tempdir().unwrap();
    let paths = source_tree(source.path());
    assert_eq!(paths.len(), 9);
    let (archive, packed) = pack(source.path(), &paths, Vec::new()).unwrap();
    let local = scan_local(source.path()).unwrap().manifest;
    assert_eq!(packed, local, "what went in is what the scan saw");

    let destination = tempfile::tempdir().unwrap();
    let unpacked = unpack_into(destination.path(), archive.as_slice(), &all_new(&paths)).unwrap();
    assert_eq!(unpacked.written, local);
    assert!(unpacked.missing.is_empty() && unpacked.changed_since_plan.is_empty());
    assert_eq!(scan_local(destination.path()).unwrap().manifest, local);

    let mode =
        |root: &Path, path: &str| fs::symlink_metadata(root.join(path)).unwrap().mode() & 0o777;
    assert_eq!(mode(destination.path(), "bin/run"), 0o755);
    assert_eq!(mode(destination.path(), ".env"), 0o600);
    assert_eq!(
        fs::read_link(destination.path().join("links/absolute")).unwrap(),
        Path::new("/etc/passwd")
    );
    let mtime = |root: &Path| fs::metadata(root.join("README.md")).unwrap().mtime();
    assert_eq!(mtime(destination.path()), mtime(source.path()));
    assert!(leftovers(destination.path()).is_empty());
}

#[test]
fn pack_never_reads_through_a_symlinked_directory() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret", b"s", 0o600);
    let root = tempfile::tempdir().unwrap();
    symlink(outside.path(), root.path().join("via")).unwrap();
    let refused = pack(root.path(), &["via/secret".to_owned()], Vec::new()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "refusing via/secret: `via` is a symlink, and vm never goes through one"
    );
    let gone = pack(root.path(), &["missing".to_owned()], Vec::new()).unwrap_err();
    assert!(gone.to_string().starts_with("could not read "), "{gone}");
}

/// An archive written header by header, so it can hold what the tar crate's builder refuses to write.
fn raw_archive(entries: &[(&[u8], tar::EntryType, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, kind, data) in entries {
        let mut header = tar::Header::new_old();
        header.as_old_mut().name[..name.len()].copy_from_slice(name);
        header.set_entry_type(*kind);
        header.set_mode(0o644);
        if *kind == tar::EntryType::Symlink || *kind == tar::EntryType::Link {
            header.set_link_name_literal(data).unwrap();
            header.set_size(0);
            header.set_cksum();
            builder.append(&header, &[][..]).unwrap();
        } else {
            header.set_size(data.len() as u64);
            header.set_cksum();
            builder.append(&header, *data).unwrap();
        }
    }
    builder.into_inner().unwrap()
}

fn targets(paths: &[&str]) -> UnpackTargets {
    all_new(
        &paths
            .iter()
            .map(|path| path.to_string())
            .collect::<Vec<_>>(),
    )
}

#[test]
fn unpack_refuses_paths_leading_out_and_paths_not_asked_for() {
    use tar::EntryType::{Fifo, Link, Regular};
    let root = tempfile::tempdir().unwrap();
    let allowed = targets(&["ok", "x", "also", "fifo", "hard", "twice"]);
    for (archive, refusal) in [
        (
            raw_archive(&[(b"../x", Regular, b"x")]),
            "refusing the path \"../x\": it leads out of the workspace with `..`",
        ),
        (
            raw_archive(&[(b"/etc/x", Regular, b"x")]),
            "refusing the path \"/etc/x\": it is absolute",
        ),
        (
            raw_archive(&[(b"a/../../x", Regular, b"x")]),
            "refusing the path \"a/../../x\": it leads out of the workspace with `..`",
        ),
        (
            raw_archive(&[(b"other", Regular, b"x")]),
            "refusing other: the transfer did not ask for it",
        ),
        (
            raw_archive(&[(b"fifo", Fifo, b"")]),
            "refusing fifo: it is neither a file nor a symlink",
        ),
        (
            raw_archive(&[(b"hard", Link, b"/etc/passwd")]),
            "refusing hard: it is neither a file nor a symlink",
        ),
        (
            raw_archive(&[(b"twice", Regular, b"1"), (b"twice", Regular, b"2")]),
            "refusing twice: the archive holds it twice",
        ),
    ] {
        let error = unpack_into(root.path(), archive.as_slice(), &allowed).unwrap_err();
        assert_eq!(error.to_string(), refusal);
    }
    let written: Vec<_> = fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        written,
        ["twice"],
        "only the first, asked-for file was written"
    );
    assert_eq!(fs::read(root.path().join("twice")).unwrap(), b"1");
}

#[test]
fn unpack_never_writes_through_a_symlink_it_was_sent_or_found() {
    let outside = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    // A symlink the archive itself makes, then a file "inside" it.
    let archive = raw_archive(&[
        (
            b"evil",
            tar::EntryType::Symlink,
            outside.path().to_str().unwrap().as_bytes(),
        ),
        (b"evil/x", tar::EntryType::Regular, b"pwned"),
    ]);
    let error = unpack_into(
        root.path(),
        archive.as_slice(),
        &targets(&["evil", "evil/x"]),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "refusing evil/x: `evil` is a symlink, and vm never goes through one"
    );
    // One already in the project, pointing inside it or out.
    fs::create_dir(root.path().join("real")).unwrap();
    symlink("real", root.path().join("inside")).unwrap();
    let archive = raw_archive(&[(b"inside/y", tar::EntryType::Regular, b"y")]);
    assert!(unpack_into(root.path(), archive.as_slice(), &targets(&["inside/y"])).is_err());
    assert_eq!(
        fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing was written outside"
    );
    assert_eq!(fs::read_dir(root.path().join("real")).unwrap().count(), 0);
}

#[test]
fn a_file_cut_short_in_the_archive_leaves_the_old_file_whole_and_no_temporary_file() {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "data", b"old", 0o644);
    let mut archive = raw_archive(&[(b"data", tar::EntryType::Regular, &vec![b'n'; 100_000])]);
    archive.truncate(50_000);
    let allowed = UnpackTargets {
        write: [("data".to_owned(), Some(FileEntry::regular(b"old", false)))].into(),
        ..UnpackTargets::default()
    };
    let error = unpack_into(root.path(), archive.as_slice(), &allowed).unwrap_err();
    assert!(error.to_string().starts_with("could not write "), "{error}");
    let content = fs::read(root.path().join("data")).unwrap();
    assert!(
        content == b"old",
        "the old file was replaced by {} bytes",
        content.len()
    );
    assert!(leftovers(root.path()).is_empty());
}

#[test]
fn a_pull_keeps_the_local_side_of_conflicts_and_of_files_changed_since_the_plan() {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "conflict.txt", b"local edit", 0o644);
    write(root.path(), "stale.txt", b"base", 0o644);
    write(root.path(), "gone.txt", b"base", 0o644);
    let local = scan_local(root.path()).unwrap().manifest;
    let base: Manifest = ["conflict.txt", "stale.txt", "gone.txt"]
        .into_iter()
        .map(|path| (path.to_owned(), FileEntry::regular(b"base", false)))
        .collect();
    let remote: Manifest = [
        (
            "conflict.txt".to_owned(),
            FileEntry::regular(b"machine edit", false),
        ),
        (
            "stale.txt".to_owned(),
            FileEntry::regular(b"machine", false),
        ),
        ("new.txt".to_owned(), FileEntry::regular(b"new", false)),
    ]
    .into_iter()
    .collect();
    let plan = plan_transfer(Direction::Pull, &base, &local, &remote);
    assert_eq!(
        (
            plan.add.len(),
            plan.change.len(),
            plan.delete.len(),
            plan.conflicts.len()
        ),
        (1, 1, 1, 1)
    );

    // The user edits stale.txt after seeing the plan.
    write(root.path(), "stale.txt", b"edited after the plan", 0o644);
    let archive = raw_archive(&[
        (b"conflict.txt", tar::EntryType::Regular, b"machine edit"),
        (b"stale.txt", tar::EntryType::Regular, b"machine"),
        (b"new.txt", tar::EntryType::Regular, b"new"),
    ]);
    let unpacked = unpack_into(
        root.path(),
        archive.as_slice(),
        &UnpackTargets::for_pull(&plan, &local),
    )
    .unwrap();
    assert_eq!(unpacked.changed_since_plan, ["stale.txt"]);
    assert_eq!(unpacked.saved_beside, ["conflict.txt"]);
    assert_eq!(
        unpacked.written.files.keys().collect::<Vec<_>>(),
        ["new.txt"]
    );
    let read = |path: &str| fs::read_to_string(root.path().join(path)).unwrap();
    assert_eq!(read("conflict.txt"), "local edit");
    assert_eq!(read(&conflict_copy_path("conflict.txt")), "machine edit");
    assert_eq!(read(".vm/conflicts/conflict.txt"), "machine edit");
    assert_eq!(read("stale.txt"), "edited after the plan");
    assert_eq!(read("new.txt"), "new");

    assert!(
        remove_local_paths(root.path(), &plan.delete, &local)
            .unwrap()
            .is_empty()
    );
    assert!(!root.path().join("gone.txt").exists());
}

#[test]
fn removing_leaves_files_changed_since_the_plan_and_never_goes_through_a_symlink() {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "keep", b"before", 0o644);
    let local = scan_local(root.path()).unwrap().manifest;
    write(root.path(), "keep", b"after", 0o644);
    assert_eq!(
        remove_local_paths(root.path(), &["keep".to_owned()], &local).unwrap(),
        ["keep"]
    );
    assert!(root.path().join("keep").exists());

    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "victim", b"v", 0o644);
    symlink(outside.path(), root.path().join("via")).unwrap();
    let local: Manifest = [("via/victim".to_owned(), FileEntry::regular(b"v", false))]
        .into_iter()
        .collect();
    assert!(remove_local_paths(root.path(), &["via/victim".to_owned()], &local).is_err());
    assert!(outside.path().join("victim").exists());
}
