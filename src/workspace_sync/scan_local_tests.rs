//! The local walk and the rules it follows, on real directories.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};

use super::*;
use crate::workspace_sync::test_tree::{everything, write};

fn paths(scan: &LocalScan) -> Vec<&str> {
    scan.manifest.files.keys().map(String::as_str).collect()
}

#[test]
fn nested_gitignores_apply_below_their_directory_outside_any_repository() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", "*.log\n/build/\n");
    write(root, "sub/.gitignore", "secret.txt\n!wanted.log\n");
    for path in [
        "a.log",
        "keep.txt",
        "build/out.o",
        "sub/secret.txt",
        "sub/x.log",
        "sub/wanted.log",
    ] {
        write(root, path, "x");
    }
    write(root, "other/secret.txt", "x");
    write(root, "other/build/kept", "x");
    let scan = scan_local(root).unwrap();
    assert_eq!(
        paths(&scan),
        [
            ".gitignore",
            "keep.txt",
            "other/build/kept",
            "other/secret.txt",
            "sub/.gitignore",
            "sub/wanted.log"
        ]
    );
    assert_eq!(scan.ignored_dirs, ["build"]);
    assert!(scan.warnings.is_empty(), "{:?}", scan.warnings);
}

#[test]
fn vmignore_outranks_gitignore_so_a_negation_brings_a_file_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", "*.log\n");
    write(root, ".vmignore", "!keep.log\nnode_modules/\nweb/dist\n");
    for path in [
        "a.log",
        "keep.log",
        "node_modules/x/index.js",
        "web/dist/app.js",
        "web/src/app.ts",
    ] {
        write(root, path, "x");
    }
    let scan = scan_local(root).unwrap();
    assert_eq!(
        paths(&scan),
        [".gitignore", ".vmignore", "keep.log", "web/src/app.ts"]
    );
    assert_eq!(scan.ignored_dirs, ["node_modules", "web/dist"]);
}

#[test]
fn the_repository_comes_whole_vm_state_never_and_hidden_files_do() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Rules that would cut pieces out of .git if they applied there.
    write(root, ".gitignore", "objects/\n*.pack\nlogs\n");
    write(root, ".git/HEAD", "ref: refs/heads/main\n");
    write(root, ".git/objects/pack/p.pack", "x");
    write(root, ".git/logs/HEAD", "x");
    write(root, ".git/info/exclude", "excluded.txt\n");
    write(root, ".vm/lock.json", "{}");
    write(root, ".vm/vagrant/Vagrantfile", "x");
    write(root, ".env", "SECRET=1\n");
    write(root, "excluded.txt", "x");
    write(root, "objects/x", "x");
    write(root, "tools/.vm/kept", "x");
    let scan = scan_local(root).unwrap();
    assert_eq!(
        paths(&scan),
        [
            ".env",
            ".git/HEAD",
            ".git/info/exclude",
            ".git/logs/HEAD",
            ".git/objects/pack/p.pack",
            ".gitignore",
            "tools/.vm/kept"
        ]
    );
    assert_eq!(scan.ignored_dirs, ["objects"]);
    assert!(scan.ignore_rules.is_ignored(".vm/lock.json", false));
    assert!(
        !scan
            .ignore_rules
            .is_ignored(".git/objects/pack/p.pack", false)
    );
    assert!(scan.ignore_rules.is_ignored("excluded.txt", false));
}

#[test]
fn symlinks_are_recorded_as_symlinks_and_never_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "private/key", "secret");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "real.txt", "content");
    symlink("real.txt", root.join("to-file")).unwrap();
    symlink(outside.path().join("private"), root.join("to-dir")).unwrap();
    symlink("nowhere", root.join("dangling")).unwrap();
    let scan = scan_local(root).unwrap();
    assert_eq!(paths(&scan), ["dangling", "real.txt", "to-dir", "to-file"]);
    assert_eq!(
        scan.manifest.get("to-file"),
        Some(&FileEntry::symlink(b"real.txt"))
    );
    assert_eq!(
        scan.manifest.get("dangling"),
        Some(&FileEntry::symlink(b"nowhere"))
    );
    let target = outside.path().join("private");
    assert_eq!(
        scan.manifest.get("to-dir"),
        Some(&FileEntry::symlink(target.to_str().unwrap().as_bytes()))
    );
}

#[test]
fn entries_carry_content_hash_size_and_the_executable_bit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "run", "#!/bin/sh\necho hi\n");
    fs::set_permissions(root.join("run"), fs::Permissions::from_mode(0o755)).unwrap();
    write(root, "data", "plain");
    fs::set_permissions(root.join("data"), fs::Permissions::from_mode(0o604)).unwrap();
    let scan = scan_local(root).unwrap();
    assert_eq!(
        scan.manifest.get("run"),
        Some(&FileEntry::regular(b"#!/bin/sh\necho hi\n", true))
    );
    assert_eq!(
        scan.manifest.get("data"),
        Some(&FileEntry::regular(b"plain", false))
    );
    assert_eq!(
        scan.size,
        TransferSize {
            files: 2,
            bytes: 18 + 5
        }
    );
}

#[test]
fn a_name_that_is_not_utf8_fails_the_scan_by_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9");
    fs::write(dir.path().join(name), "x").unwrap();
    let error = scan_local(dir.path()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the name \"caf\u{fffd}\" is not UTF-8, so it cannot be transferred"
    );
}

#[test]
fn a_bad_rule_is_reported_and_the_rest_of_its_file_still_applies() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", "[z-a]\n*.tmp\n");
    write(root, "x.tmp", "x");
    write(root, "kept", "x");
    let scan = scan_local(root).unwrap();
    assert_eq!(paths(&scan), [".gitignore", "kept"]);
    assert_eq!(scan.warnings.len(), 1, "{:?}", scan.warnings);
    assert!(scan.warnings[0].contains("[z-a]"), "{:?}", scan.warnings);
}

/// The rules answer as the walk did for every file of a tree that exercises them all, so the machine's listing,
/// filtered by them, matches the local scan.
#[test]
fn the_rules_agree_with_the_walk_on_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        ".gitignore",
        "*.log\n/build/\ncache/\n!important.log\ndocs/**/*.tmp\n",
    );
    write(root, ".vmignore", "!build/keep\nsecret*\n!secret-ok\n");
    write(root, "a/.gitignore", "!*.log\n/local-only\n");
    write(root, "a/b/.vmignore", "*\n!*.rs\n");
    write(root, ".git/info/exclude", "excluded/\n");
    write(root, ".git/config", "[core]\n");
    let files = [
        "x.log",
        "important.log",
        "build/out",
        "build/keep",
        "cache/a",
        "src/cache/b",
        "docs/a/b/c.tmp",
        "docs/c.tmp",
        "docs/readme.md",
        "secret.key",
        "secret-ok",
        "a/y.log",
        "a/local-only",
        "a/sub/local-only",
        "a/b/lib.rs",
        "a/b/notes.txt",
        "excluded/z",
        "src/excluded/z",
        ".vm/state",
        "tools/.vm/kept",
    ];
    for path in files {
        write(root, path, path);
    }
    symlink("build", root.join("link-to-build")).unwrap();
    let scan = scan_local(root).unwrap();
    let kept: BTreeSet<&str> = paths(&scan).into_iter().collect();
    for path in everything(root) {
        assert_eq!(
            scan.ignore_rules.is_ignored(&path, false),
            !kept.contains(path.as_str()),
            "{path}: the rules and the walk disagree"
        );
    }
    for ignored_dir in &scan.ignored_dirs {
        assert!(
            scan.ignore_rules.is_ignored(ignored_dir, true),
            "{ignored_dir}"
        );
    }
    assert!(kept.contains("important.log") && !kept.contains("x.log") && kept.contains("a/y.log"));
    assert!(kept.contains("a/b/lib.rs") && !kept.contains("a/b/notes.txt"));
    assert!(kept.contains("secret-ok") && !kept.contains("secret.key"));
    assert_eq!(
        scan.ignored_dirs,
        ["build", "cache", "excluded", "src/cache", "src/excluded"]
    );
}

#[test]
fn a_project_directory_that_is_missing_or_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "file", "x");
    for path in [dir.path().join("file"), dir.path().join("missing")] {
        let error = scan_local(&path).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("could not open the project directory "),
            "{error}"
        );
    }
}
