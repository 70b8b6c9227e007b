//! The listing command run for real, in a Debian container and a busybox one, over the same directory the local
//! scan reads: parsed and filtered by the local rules, it must give the local scan's manifest exactly.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::Command;

use super::*;
use crate::workspace_sync::test_tree::{write, write_with_mode};
use crate::workspace_sync::{parse_remote_listing, scan_local};

/// Whether the local engine answers and has `image`. Under CI=true their absence fails the test.
fn engine_with(image: &str) -> bool {
    let answers = Command::new("docker")
        .args(["image", "inspect", "--format", "{{.Id}}", image])
        .output()
        .is_ok_and(|output| output.status.success());
    if !answers {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the Docker tests, but no docker engine with {image} answers: run scripts/setup-engine"
        );
        println!("skipped: no docker (or no {image})");
    }
    answers
}

fn hostile_project(root: &Path) {
    write(root, ".gitignore", "*.log\nnode_modules/\na\\[b\\]/\n");
    write(root, ".vmignore", "!keep.log\n");
    for path in [
        "src/main.rs",
        "a b/sp ace",
        "ta\tb",
        "new\nline",
        "ends with newline\n",
        "carriage\rreturn",
        "back\\slash",
        "\\leading backslash",
        "-dash",
        "--",
        "ünï/🚀 rocket",
        "x.log",
        "keep.log",
        "node_modules/pkg/index.js",
        "a[b]/pruned",
        "ab/kept",
        ".vm/lock.json",
        ".git/HEAD",
        ".git/objects/ab/cdef",
        "deep/er/still/.hidden",
    ] {
        write(root, path, format!("content of {path:?}\n"));
    }
    write(root, "empty", "");
    fs::write(root.join("big"), vec![7u8; 300_000]).unwrap();
    write_with_mode(root, "bin/run", "#!/bin/sh\n", 0o755);
    fs::set_permissions(root.join("src/main.rs"), fs::Permissions::from_mode(0o600)).unwrap();
    symlink("src/main.rs", root.join("link")).unwrap();
    symlink("/etc/passwd", root.join("absolute link")).unwrap();
    symlink("odd\ntarget\n", root.join("odd link")).unwrap();
    symlink("ünï", root.join("dir link")).unwrap();
}

fn list_in(image: &str, root: &Path, prune_dirs: &[String]) -> Vec<u8> {
    let output = Command::new("docker")
        .args(["run", "--rm", "--network", "none", "-v"])
        .arg(format!("{}:/w:ro", root.display()))
        .arg(image)
        .args(remote_listing_command("/w", prune_dirs))
        .output()
        .expect("docker runs");
    assert!(
        output.status.success(),
        "{image}: the listing failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn the_machine_lists_what_the_local_scan_finds_in_debian_and_busybox() {
    for image in ["vm-base:latest", "vm-busybox:latest"] {
        if !engine_with(image) {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        hostile_project(dir.path());
        let scan = scan_local(dir.path()).unwrap();
        assert_eq!(scan.ignored_dirs, ["a[b]", "node_modules"]);

        let listed = parse_remote_listing(&list_in(image, dir.path(), &scan.ignored_dirs)).unwrap();
        let pruned = |path: &str| path.starts_with("node_modules/") || path.starts_with("a[b]/");
        assert!(
            !listed
                .files
                .keys()
                .any(|path| pruned(path) || path.starts_with(".vm/")),
            "{image}"
        );
        assert!(
            listed.files.contains_key("x.log"),
            "{image}: only pruned directories are skipped there"
        );
        assert!(
            listed.files.contains_key("ab/kept"),
            "{image}: the pattern matched `ab` too"
        );

        let remote = scan.ignore_rules.retain_synced(listed);
        assert_eq!(remote, scan.manifest, "{image}");
        assert_eq!(remote.len(), 25, "{image}");
    }
}
