//! Real directories for the tests: files written where a test says, and everything found under a root.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Writes `content` at `path` under `root`, making the directories on the way.
pub fn write(root: &Path, path: &str, content: impl AsRef<[u8]>) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

/// [`write`], then sets the file's permission bits.
pub fn write_with_mode(root: &Path, path: &str, content: impl AsRef<[u8]>, mode: u32) {
    write(root, path, content);
    fs::set_permissions(root.join(path), fs::Permissions::from_mode(mode)).unwrap();
}

/// Every file, symlink and other non-directory under `root`, however ignored, as sorted workspace paths: what a
/// plain listing (the machine's) would find.
pub fn everything(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for child in fs::read_dir(dir).unwrap() {
            let child = child.unwrap();
            if child.file_type().unwrap().is_dir() {
                pending.push(child.path());
            } else {
                let relative = child
                    .path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_owned();
                found.push(relative);
            }
        }
    }
    found.sort();
    found
}
