use std::collections::btree_map::Entry;

use super::remote_listing::{LISTING_END, LISTING_HEADER};
use super::{FileEntry, Manifest, SyncError, checked_relative_path};

/// The manifest of the machine's workspace from the output of [`super::remote_listing_command`]. Anything short of a
/// whole, well-formed listing is an error, never a partial manifest: a file missing from it would look deleted.
/// Filter the result with [`super::IgnoreRules::retain_synced`].
pub fn parse_remote_listing(listing: &[u8]) -> Result<Manifest, SyncError> {
    let mut fields = Fields(listing);
    if fields.next()? != LISTING_HEADER {
        return Err(SyncError::listing("it does not start with `vm-listing 1`"));
    }
    let mut manifest = Manifest::default();
    let mut add = |name: &[u8], entry: FileEntry| -> Result<(), SyncError> {
        match manifest.files.entry(checked_relative_path(name)?) {
            Entry::Vacant(vacant) => {
                vacant.insert(entry);
                Ok(())
            }
            Entry::Occupied(occupied) => Err(SyncError::listing(format!(
                "it lists {:?} twice",
                occupied.key()
            ))),
        }
    };
    loop {
        match fields.next()? {
            b"F" => {
                for (name, entry) in files_batch(&mut fields)? {
                    add(name, entry)?;
                }
            }
            b"L" => {
                let name = fields.next()?;
                add(name, FileEntry::symlink(fields.next()?))?;
            }
            end if end == LISTING_END => break,
            other => {
                return Err(SyncError::listing(format!(
                    "it has an unknown record {:?}",
                    String::from_utf8_lossy(other)
                )));
            }
        }
    }
    if !fields.0.is_empty() {
        return Err(SyncError::listing("it goes on after its end"));
    }
    Ok(manifest)
}

/// NUL-terminated fields.
struct Fields<'a>(&'a [u8]);

impl<'a> Fields<'a> {
    fn next(&mut self) -> Result<&'a [u8], SyncError> {
        let Some(end) = self.0.iter().position(|&byte| byte == 0) else {
            return Err(SyncError::listing(
                "it was cut short (it has no end marker)",
            ));
        };
        let field = &self.0[..end];
        self.0 = &self.0[end + 1..];
        Ok(field)
    }
}

/// One `F` batch: its names, each with the size and mode from stat's line and the hash from sha256sum's record at
/// the same position.
fn files_batch<'a>(fields: &mut Fields<'a>) -> Result<Vec<(&'a [u8], FileEntry)>, SyncError> {
    let count: usize = std::str::from_utf8(fields.next()?)
        .ok()
        .and_then(|count| count.parse().ok())
        .ok_or_else(|| SyncError::listing("a batch of files has no count"))?;
    let names = (0..count)
        .map(|_| fields.next())
        .collect::<Result<Vec<_>, _>>()?;
    let stats = fields.next()?;
    let stats: Vec<&[u8]> = if count == 0 {
        Vec::new()
    } else {
        stats.split(|&byte| byte == b'\n').collect()
    };
    if stats.len() != count {
        return Err(SyncError::listing(format!(
            "a batch of {count} files has {} sizes",
            stats.len()
        )));
    }
    let hashes = hashes_in_order(fields.next()?, &names)?;
    names
        .into_iter()
        .zip(stats)
        .zip(hashes)
        .map(|((name, stat), hash)| {
            let (size, mode) = size_and_mode(stat).ok_or_else(|| {
                SyncError::listing(format!(
                    "the size and mode of {:?} read {:?}",
                    String::from_utf8_lossy(name),
                    String::from_utf8_lossy(stat)
                ))
            })?;
            let entry = FileEntry {
                hash,
                size,
                executable: FileEntry::mode_is_executable(mode),
                symlink: false,
            };
            Ok((name, entry))
        })
        .collect()
}

/// `stat -c '%s %a'`: the size in bytes, the permissions in octal.
fn size_and_mode(line: &[u8]) -> Option<(u64, u32)> {
    let line = std::str::from_utf8(line).ok()?;
    let (size, mode) = line.split_once(' ')?;
    Some((size.parse().ok()?, u32::from_str_radix(mode, 8).ok()?))
}

/// The hashes of sha256sum's output for `names`, in their order, each record's name checked against its own.
fn hashes_in_order(mut sums: &[u8], names: &[&[u8]]) -> Result<Vec<String>, SyncError> {
    let mut hashes = Vec::with_capacity(names.len());
    for name in names {
        let malformed = || {
            SyncError::listing(format!(
                "the sha256sum line for {:?} does not match it",
                String::from_utf8_lossy(name)
            ))
        };
        let escaped = sums.first() == Some(&b'\\');
        if escaped {
            sums = &sums[1..];
        }
        let hash = sums.get(..64).filter(|hash| {
            hash.iter()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
        });
        let hash = hash.ok_or_else(malformed)?;
        let separator = sums.get(64..66).ok_or_else(malformed)?;
        if separator != b"  " && separator != b" *" {
            return Err(malformed());
        }
        sums = &sums[66..];
        let line_end = if escaped {
            let end = sums
                .iter()
                .position(|&byte| byte == b'\n')
                .ok_or_else(malformed)?;
            if unescape(&sums[..end]).as_deref() != Some(*name) {
                return Err(malformed());
            }
            end
        } else {
            if !sums.starts_with(name) || sums.get(name.len()) != Some(&b'\n') {
                return Err(malformed());
            }
            name.len()
        };
        sums = &sums[line_end + 1..];
        hashes.push(String::from_utf8(hash.to_vec()).expect("hex digits are ASCII"));
    }
    if !sums.is_empty() {
        return Err(SyncError::listing(
            "sha256sum printed more lines than there are files",
        ));
    }
    Ok(hashes)
}

/// A name as GNU sha256sum escapes it: `\\`, `\n` and `\r` stand for themselves' characters.
fn unescape(escaped: &[u8]) -> Option<Vec<u8>> {
    let mut name = Vec::with_capacity(escaped.len());
    let mut bytes = escaped.iter();
    while let Some(&byte) = bytes.next() {
        if byte != b'\\' {
            name.push(byte);
            continue;
        }
        name.push(match bytes.next()? {
            b'\\' => b'\\',
            b'n' => b'\n',
            b'r' => b'\r',
            _ => return None,
        });
    }
    Some(name)
}

#[cfg(test)]
#[path = "parse_remote_listing_tests.rs"]
mod tests;
