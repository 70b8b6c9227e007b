use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use ignore::{DirEntry, WalkBuilder};

use super::ignore_rules::{GIT_DIR, VM_DIR, VMIGNORE};
use super::{FileEntry, IgnoreRules, Manifest, SyncError, TransferSize};

/// What [`scan_local`] found in the project directory.
#[derive(Debug, Clone)]
pub struct LocalScan {
    /// Every file and symlink the ignore rules keep, hashed.
    pub manifest: Manifest,
    /// How many files and bytes that is: what a first upload moves.
    pub size: TransferSize,
    /// The rules the walk followed, to filter the machine's listing with.
    pub ignore_rules: IgnoreRules,
    /// The directories the walk left out as ignored (`node_modules`, `target`), outermost only, sorted: the
    /// machine's listing prunes them rather than hash what would be filtered out anyway.
    pub ignored_dirs: Vec<String>,
    /// What was wrong in the ignore files: each bad line is skipped, the rest of its file applies.
    pub warnings: Vec<String>,
}

/// Hashes the files of the project directory at `root` that a transfer carries. It follows `.gitignore` files (the
/// root's and nested ones, with or without a repository), `.git/info/exclude`, and `.vmignore` (same syntax, higher
/// precedence), but not the user's global gitignore nor the ignore files above `root`. Hidden files are included,
/// `.git/` is included whole, `.vm/` never is. Symlinks are recorded as symlinks, never followed; sockets and other
/// special files are skipped. A file that cannot be read fails the scan: left out, it would look deleted.
pub fn scan_local(root: &Path) -> Result<LocalScan, SyncError> {
    let root = fs::canonicalize(root).map_err(SyncError::io("open the project directory", root))?;
    if !root.is_dir() {
        let not_a_directory =
            std::io::Error::new(std::io::ErrorKind::NotADirectory, "it is not a directory");
        return Err(SyncError::io("open the project directory", &root)(
            not_a_directory,
        ));
    }
    let walked = walk_with_rules(&root)?;
    let mut files = walked.files;
    files.extend(walk_repository(&root)?);

    let mut ignore_rules = IgnoreRules::new(&root);
    let mut warnings = Vec::new();
    for dir in &walked.dirs {
        warnings.extend(ignore_rules.read_directory(dir));
    }
    let ignored_dirs = dirs_left_out(&root, &walked.dirs)?;

    let manifest: Manifest = hash_in_parallel(&root, files)?.into_iter().collect();
    Ok(LocalScan {
        size: manifest.size(),
        manifest,
        ignore_rules,
        ignored_dirs,
        warnings,
    })
}

/// The directories and the files (regular or symlink) of one walk, as workspace paths.
struct Walked {
    dirs: BTreeSet<String>,
    files: Vec<String>,
}

/// The walk under the ignore rules, leaving the root's `.git` and `.vm` to their own rules.
fn walk_with_rules(root: &Path) -> Result<Walked, SyncError> {
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(false)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .add_custom_ignore_filename(VMIGNORE)
        .follow_links(false)
        .filter_entry(|entry| {
            !(entry.depth() == 1 && (entry.file_name() == GIT_DIR || entry.file_name() == VM_DIR))
        });
    collect(root, builder)
}

/// The root's `.git`, whole: no ignore rule applies inside the repository.
fn walk_repository(root: &Path) -> Result<Vec<String>, SyncError> {
    let repository = root.join(GIT_DIR);
    match fs::symlink_metadata(&repository) {
        Ok(metadata) if metadata.is_dir() => {
            let mut builder = WalkBuilder::new(&repository);
            builder.standard_filters(false).follow_links(false);
            Ok(collect(root, builder)?.files)
        }
        Ok(_) => Ok(vec![GIT_DIR.to_owned()]),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(error) => Err(SyncError::io("read", repository)(error)),
    }
}

fn collect(root: &Path, builder: WalkBuilder) -> Result<Walked, SyncError> {
    let mut walked = Walked {
        dirs: BTreeSet::new(),
        files: Vec::new(),
    };
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            // A bad line in an ignore file: the rules report it once, as a warning.
            Err(error) if !error.is_io() => continue,
            Err(error) => {
                return Err(SyncError::Scan {
                    detail: error.to_string(),
                });
            }
        };
        let Some(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walked.dirs.insert(workspace_path(root, &entry)?);
        } else if kind.is_file() || kind.is_symlink() {
            walked.files.push(workspace_path(root, &entry)?);
        }
    }
    Ok(walked)
}

fn workspace_path(root: &Path, entry: &DirEntry) -> Result<String, SyncError> {
    relative_name(root, entry.path())
}

fn relative_name(root: &Path, path: &Path) -> Result<String, SyncError> {
    let relative = path
        .strip_prefix(root)
        .expect("the walk stays under its root");
    relative
        .to_str()
        .map(str::to_owned)
        .ok_or_else(|| SyncError::NameNotUtf8 {
            shown: format!("{:?}", relative.to_string_lossy()),
        })
}

/// The subdirectories of walked directories that the walk did not enter: those its rules ignore.
fn dirs_left_out(root: &Path, walked: &BTreeSet<String>) -> Result<Vec<String>, SyncError> {
    let mut left_out = Vec::new();
    for dir in walked {
        let absolute = root.join(dir);
        let children = fs::read_dir(&absolute).map_err(SyncError::io("read", &absolute))?;
        for child in children {
            let child = child.map_err(SyncError::io("read", &absolute))?;
            let is_dir = child.file_type().is_ok_and(|kind| kind.is_dir());
            let top_level_own =
                dir.is_empty() && (child.file_name() == GIT_DIR || child.file_name() == VM_DIR);
            if !is_dir || top_level_own {
                continue;
            }
            // A directory whose name is not UTF-8 cannot be named to the machine; its files fail the listing there.
            let Ok(path) = relative_name(root, &child.path()) else {
                continue;
            };
            if !walked.contains(&path) {
                left_out.push(path);
            }
        }
    }
    left_out.sort();
    Ok(left_out)
}

/// Each file's entry, hashed on every core (a big file does not hold up the small ones). A file gone since the walk
/// is left out, as it would have been had the walk come later.
fn hash_in_parallel(
    root: &Path,
    files: Vec<String>,
) -> Result<Vec<(String, FileEntry)>, SyncError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let next = AtomicUsize::new(0);
    let hash_some = || {
        let mut hashed = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(index) else {
                return Ok(hashed);
            };
            let absolute: PathBuf = root.join(path);
            match FileEntry::of_local(&absolute) {
                Ok(Some(entry)) => hashed.push((index, entry)),
                Ok(None) => {}
                Err(error) => return Err(SyncError::io("read", absolute)(error)),
            }
        }
    };
    let mut hashed: Vec<(usize, FileEntry)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(hash_some)).collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("hashing does not panic"))
            .collect::<Result<Vec<_>, _>>()
    })?
    .into_iter()
    .flatten()
    .collect();
    hashed.sort_by_key(|(index, _)| *index);
    Ok(hashed
        .into_iter()
        .map(|(index, entry)| (files[index].clone(), entry))
        .collect())
}

#[cfg(test)]
#[path = "scan_local_tests.rs"]
mod tests;
