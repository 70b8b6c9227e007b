//! The git commit a checkout is at, for `vm --version`; shared by `build.rs` and a test.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The abbreviated commit of the checkout at `dir`; `None` where `dir` is not the top of a git checkout (a source
/// tarball, or a tarball unpacked inside another repository, whose commit would be the wrong one) or git is missing.
pub fn git_commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if std::fs::canonicalize(top).ok()? != std::fs::canonicalize(dir).ok()? {
        return None;
    }
    git(dir, &["rev-parse", "--short=12", "HEAD"])
}

/// The files whose change means another commit: HEAD, the branch it names, and the packed refs.
pub fn watched_files(dir: &Path) -> Vec<PathBuf> {
    let mut names = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    names.extend(git(dir, &["symbolic-ref", "HEAD"]));
    names
        .iter()
        .filter_map(|name| {
            git(
                dir,
                &["rev-parse", "--path-format=absolute", "--git-path", name],
            )
        })
        .map(PathBuf::from)
        .collect()
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}
