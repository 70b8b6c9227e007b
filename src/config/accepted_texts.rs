//! vm.json texts that this build's schema accepted, remembered by hash. Checking a document against the schema
//! means compiling the schema first (about 1.5 ms, most of `vm validate`'s own time), and every command checks the
//! same unchanged vm.json again: a text remembered here skips the schema check. Every other check still runs, a
//! changed byte or another build of vm checks again, and a lost or unreadable file only costs the check.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// How many texts are remembered: the newest, across all of the user's projects.
const REMEMBERED: usize = 64;

/// The schema this build checks with, as committed (`tests/integration/schema_is_fresh.rs` keeps it the generated one).
const SCHEMA: &str = include_str!("../../schema/vm.schema.json");

/// A file of hashes, one a line, newest last.
#[derive(Debug, Clone)]
pub struct AcceptedTexts {
    file: PathBuf,
}

impl AcceptedTexts {
    /// The invoking user's, in vm's cache directory.
    pub fn of_invoking_user() -> AcceptedTexts {
        let home = crate::host_user::home_of(crate::host_user::invoking_user());
        AcceptedTexts::in_dir(&crate::docker_engine::vm_cache_dir(&home))
    }

    pub fn in_dir(dir: &Path) -> AcceptedTexts {
        AcceptedTexts {
            file: dir.join("accepted-vm-json"),
        }
    }

    pub(crate) fn contains(&self, text: &str) -> bool {
        let key = key(SCHEMA, text);
        std::fs::read_to_string(&self.file).is_ok_and(|known| known.lines().any(|line| line == key))
    }

    /// Remembers `text` as accepted; best effort.
    pub(crate) fn remember(&self, text: &str) {
        let key = key(SCHEMA, text);
        let known = std::fs::read_to_string(&self.file).unwrap_or_default();
        let mut lines: Vec<&str> = known.lines().filter(|line| *line != key).collect();
        lines.push(&key);
        let kept = &lines[lines.len().saturating_sub(REMEMBERED)..];
        let write = || -> std::io::Result<()> {
            let dir = self.file.parent().unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)?;
            let mut file = tempfile::NamedTempFile::new_in(dir)?;
            std::io::Write::write_all(&mut file, (kept.join("\n") + "\n").as_bytes())?;
            file.persist(&self.file).map_err(|error| error.error)?;
            Ok(())
        };
        let _ = write();
    }
}

/// The text's hash under this build and `schema`.
fn key(schema: &str, text: &str) -> String {
    let mut hash = Sha256::new();
    for part in [
        env!("CARGO_PKG_VERSION"),
        env!("VM_GIT_COMMIT"),
        schema,
        text,
    ] {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    hex::encode(hash.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_known_once_remembered_and_only_that_text_under_that_schema() {
        let dir = tempfile::tempdir().unwrap();
        let accepted = AcceptedTexts::in_dir(&dir.path().join("cache"));
        assert!(!accepted.contains("{}"));
        accepted.remember("{}");
        assert!(accepted.contains("{}"));
        assert!(!accepted.contains("{} "));
        assert_ne!(key(SCHEMA, "{}"), key("{}", "{}"));
    }

    #[test]
    fn only_the_newest_texts_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let accepted = AcceptedTexts::in_dir(dir.path());
        let texts: Vec<String> = (0..=REMEMBERED)
            .map(|n| format!("{{\"n\": {n}}}"))
            .collect();
        for text in &texts {
            accepted.remember(text);
        }
        // Remembering a known text again moves it to the end, not in twice.
        accepted.remember(&texts[1]);
        assert!(!accepted.contains(&texts[0]));
        assert!(texts[1..].iter().all(|text| accepted.contains(text)));
        let lines = std::fs::read_to_string(dir.path().join("accepted-vm-json")).unwrap();
        assert_eq!(lines.lines().count(), REMEMBERED);
    }

    #[test]
    fn an_unwritable_cache_only_costs_the_check() {
        let accepted = AcceptedTexts::in_dir(Path::new("/proc/vm-no-such-dir"));
        accepted.remember("{}");
        assert!(!accepted.contains("{}"));
    }
}
