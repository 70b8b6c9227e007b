use std::collections::BTreeMap;
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::Manifest;
use super::relative_path::ancestors;

/// vm's own directory at the project's root: its state, never transferred.
pub const VM_DIR: &str = ".vm";
/// The repository at the project's root: always transferred whole (the machine works in it), whatever the rules say.
pub const GIT_DIR: &str = ".git";
/// Rules for vm alone, written as in `.gitignore`, taking precedence over it (so `!keep.log` brings a file back).
pub const VMIGNORE: &str = ".vmignore";

/// What the project's ignore files leave out of a transfer: `.vmignore` and `.gitignore` in every directory (nested
/// ones included, with or without a repository), and `.git/info/exclude`; never the user's global gitignore, so the
/// result does not depend on who runs vm. Built by [`super::scan_local`] from the directories its walk entered, it
/// answers as that walk did, so the machine's listing can be filtered by the same rules.
#[derive(Debug, Clone)]
pub struct IgnoreRules {
    root: PathBuf,
    /// The rules read in each directory that has some, by its workspace path (`""` for the root).
    by_dir: BTreeMap<String, DirectoryRules>,
}

#[derive(Debug, Clone)]
struct DirectoryRules {
    vmignore: Gitignore,
    gitignore: Gitignore,
    git_exclude: Gitignore,
}

impl IgnoreRules {
    /// No rules yet, for the tree at `root` (as the walk names it).
    pub(super) fn new(root: &Path) -> IgnoreRules {
        IgnoreRules {
            root: root.to_path_buf(),
            by_dir: BTreeMap::new(),
        }
    }

    /// Reads the ignore files of `dir` (a workspace path, `""` for the root), as the walk does on entering it.
    /// Returns what was wrong in them: a bad line is skipped, the rest of its file still applies.
    pub(super) fn read_directory(&mut self, dir: &str) -> Vec<String> {
        let absolute = self.root.join(dir);
        let mut problems = Vec::new();
        let mut matcher = |files: &[PathBuf]| {
            let mut builder = GitignoreBuilder::new(&absolute);
            for file in files.iter().filter(|file| file.exists()) {
                if let Some(error) = builder.add(file) {
                    problems.push(error.to_string());
                }
            }
            builder.build().unwrap_or_else(|error| {
                problems.push(error.to_string());
                Gitignore::empty()
            })
        };
        let rules = DirectoryRules {
            vmignore: matcher(&[absolute.join(VMIGNORE)]),
            gitignore: matcher(&[absolute.join(".gitignore")]),
            git_exclude: matcher(&git_exclude_file(&absolute).into_iter().collect::<Vec<_>>()),
        };
        if !(rules.vmignore.is_empty()
            && rules.gitignore.is_empty()
            && rules.git_exclude.is_empty())
        {
            self.by_dir.insert(dir.to_owned(), rules);
        }
        problems
    }

    /// Whether the local walk leaves `path` out: it or a directory it is in is ignored. `.vm/` always is; nothing
    /// in `.git/` ever is.
    pub fn is_ignored(&self, path: &str, is_dir: bool) -> bool {
        match path.split('/').next() {
            Some(VM_DIR) => return true,
            Some(GIT_DIR) => return false,
            _ => {}
        }
        ancestors(path).any(|dir| self.matches(dir, true)) || self.matches(path, is_dir)
    }

    /// The manifest without what these rules leave out (a manifest lists no directories, so each entry is a file).
    pub fn retain_synced(&self, mut manifest: Manifest) -> Manifest {
        manifest
            .files
            .retain(|path, _| !self.is_ignored(path, false));
        manifest
    }

    /// Whether the rules of the directories above `path` ignore it, as `ignore`'s walk decides: in each kind of
    /// file the nearest directory's match wins, and `.vmignore` outranks `.gitignore`, which outranks
    /// `.git/info/exclude`.
    fn matches(&self, path: &str, is_dir: bool) -> bool {
        let absolute = self.root.join(path);
        let mut dirs = vec![""];
        dirs.extend(ancestors(path));
        let (mut vmignore, mut gitignore, mut git_exclude) =
            (Match::None, Match::None, Match::None);
        for rules in dirs.iter().rev().filter_map(|dir| self.by_dir.get(*dir)) {
            if vmignore.is_none() {
                vmignore = rules.vmignore.matched(&absolute, is_dir);
            }
            if gitignore.is_none() {
                gitignore = rules.gitignore.matched(&absolute, is_dir);
            }
            if git_exclude.is_none() {
                git_exclude = rules.git_exclude.matched(&absolute, is_dir);
            }
        }
        vmignore.or(gitignore).or(git_exclude).is_ignore()
    }
}

/// `dir`'s `.git/info/exclude`, found as `ignore` finds it: in `.git` itself, or for a worktree (a `.git` file
/// naming its git directory), in the repository's common directory.
fn git_exclude_file(dir: &Path) -> Option<PathBuf> {
    let dot_git = dir.join(GIT_DIR);
    let metadata = fs::metadata(&dot_git).ok()?;
    if !metadata.is_file() {
        return Some(dot_git.join("info/exclude"));
    }
    let first_line = |path: &Path| {
        let file = fs::File::open(path).ok()?;
        std::io::BufReader::new(file).lines().next()?.ok()
    };
    let git_dir = dir.join(first_line(&dot_git)?.strip_prefix("gitdir: ")?);
    let common_dir = first_line(&git_dir.join("commondir"))?;
    Some(git_dir.join(common_dir).join("info/exclude"))
}
