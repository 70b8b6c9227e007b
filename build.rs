//! Records the git commit vm is built from, for `vm --version`: `unknown` where there is none, e.g. in a source
//! tarball without `.git`.

#[path = "build/git_commit.rs"]
mod git_commit;

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let commit = git_commit::git_commit(&dir);
    println!(
        "cargo:rustc-env=VM_GIT_COMMIT={}",
        commit.as_deref().unwrap_or("unknown")
    );
    // Run again when the commit changes, and not on every change of a source file.
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/git_commit.rs");
    if commit.is_some() {
        for file in git_commit::watched_files(&dir) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
    }
}
