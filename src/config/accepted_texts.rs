//! vm.json texts that this build's schema accepted, remembered by hash (with the schema, the version and the
//! commit). Checking a document against the schema
//! means compiling the schema first (about 1.5 ms, most of `vm validate`'s own time), and every command checks the
//! same unchanged vm.json again: a text remembered here skips the schema check. Every other check still runs, a
//! changed byte or another build of vm checks again, and a lost or unreadable file only costs the check.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// How many texts are remembered: the newest, across all of the user's projects.
const REMEMBERED: usize = 64;

/// The schema this build checks with, as generated from its types (a build from an uncommitted tree included).
fn schema_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| super::generated_schema().to_string())
}

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
        let key = key(schema_text(), text);
        std::fs::read_to_string(&self.file).is_ok_and(|known| known.lines().any(|line| line == key))
    }

    /// Remembers `text` as accepted; best effort.
    pub(crate) fn remember(&self, text: &str) {
        let key = key(schema_text(), text);
        let known = std::fs::read_to_string(&self.file).unwrap_or_default();
        let mut lines: Vec<&str> = known.lines().filter(|line| *line != key).collect();
        lines.push(&key);
        let kept = &lines[lines.len().saturating_sub(REMEMBERED)..];
        let _ = crate::atomic_file::replace_file(&self.file, (kept.join("\n") + "\n").as_bytes());
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
        assert_ne!(key(schema_text(), "{}"), key("{}", "{}"));
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
