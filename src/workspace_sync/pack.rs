use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use tar::{EntryType, Header};

use super::content_hash::HashingReader;
use super::workspace_dirs::parents_exist;
use super::{FileEntry, Manifest, SyncError, checked_relative_path};

/// Writes `paths` (workspace paths under `root`) to `out` as a tar stream, one file at a time: regular files with
/// their permission bits (the executable bit with them) and modification time, symlinks as symlinks (never
/// followed, nor is any directory on the way). Returns the writer and the manifest of what went in, hashed as it
/// was read: a file edited since the scan goes as it is now, and the caller records that, not the scan.
///
/// A file that is gone, or shrank while it was read, fails the whole pack: a half entry would break the archive.
pub fn pack<W: Write>(root: &Path, paths: &[String], out: W) -> Result<(W, Manifest), SyncError> {
    let mut builder = tar::Builder::new(out);
    builder.follow_symlinks(false);
    let mut packed = Manifest::default();
    for path in paths {
        checked_relative_path(path.as_bytes())?;
        let absolute = root.join(path);
        if !parents_exist(root, path)? {
            return Err(SyncError::io("read", &absolute)(
                io::ErrorKind::NotFound.into(),
            ));
        }
        let metadata = fs::symlink_metadata(&absolute).map_err(SyncError::io("read", &absolute))?;
        let mut header = Header::new_gnu();
        header.set_mtime(u64::try_from(metadata.mtime()).unwrap_or(0));
        header.set_uid(u64::from(metadata.uid()));
        header.set_gid(u64::from(metadata.gid()));
        let write_failed = |error| SyncError::io("write the archive entry for", &absolute)(error);
        let entry = if metadata.file_type().is_symlink() {
            let target = fs::read_link(&absolute).map_err(SyncError::io("read", &absolute))?;
            header.set_entry_type(EntryType::Symlink);
            header.set_mode(0o777);
            header.set_size(0);
            builder
                .append_link(&mut header, path, &target)
                .map_err(write_failed)?;
            FileEntry::symlink(target.as_os_str().as_bytes())
        } else if metadata.is_file() {
            let file = fs::File::open(&absolute).map_err(SyncError::io("read", &absolute))?;
            header.set_entry_type(EntryType::Regular);
            header.set_mode(metadata.mode() & 0o777);
            header.set_size(metadata.len());
            let mut reader = HashingReader::new(ExactLength {
                inner: file.take(metadata.len()),
                remaining: metadata.len(),
            });
            builder
                .append_data(&mut header, path, &mut reader)
                .map_err(write_failed)?;
            let (hash, size) = reader.finish();
            FileEntry {
                hash,
                size,
                executable: FileEntry::mode_is_executable(metadata.mode()),
                symlink: false,
            }
        } else {
            return Err(SyncError::RefusedWrite {
                path: super::render_text::shown_path(path).into_owned(),
                why: "it is neither a file nor a symlink".to_owned(),
            });
        };
        packed.files.insert(path.clone(), entry);
    }
    let out = builder
        .into_inner()
        .map_err(SyncError::io("finish the archive of", root))?;
    Ok((out, packed))
}

/// Reads exactly the length the header announced, or fails: a file that shrank would leave the archive short.
struct ExactLength<R> {
    inner: R,
    remaining: u64,
}

impl<R: Read> Read for ExactLength<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        if read == 0 && self.remaining > 0 && !buffer.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the file shrank while it was packed; run the transfer again",
            ));
        }
        self.remaining -= read as u64;
        Ok(read)
    }
}
