use std::fmt;

use sha2::{Digest, Sha256};

use super::ContextFile;

/// The image of a project's machine, named by the hash of everything its build reads: the same inputs give the
/// same tag, so an unchanged project is never built again, and a changed one never reuses a stale image.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImageTag {
    pub repository: String,
    pub tag: String,
}

impl ImageTag {
    pub fn of(project: &str, files: &[ContextFile]) -> ImageTag {
        let mut hasher = Sha256::new();
        for file in files {
            // Lengths first, so that no two different lists of files hash the same bytes.
            for part in [file.path.as_bytes(), file.contents.as_bytes()] {
                hasher.update((part.len() as u64).to_be_bytes());
                hasher.update(part);
            }
            hasher.update(file.mode.to_be_bytes());
        }
        ImageTag {
            repository: format!("vm-{}", repository_name(project)),
            tag: hex::encode(hasher.finalize())[..16].to_owned(),
        }
    }
}

impl fmt::Display for ImageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.repository, self.tag)
    }
}

/// Docker's repository names are lowercase letters and digits joined by single separators; a project name may
/// hold capitals, `_` runs or a trailing `-`.
fn repository_name(project: &str) -> String {
    let mut name = String::new();
    for c in project.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_become_valid_repository_names() {
        assert_eq!(repository_name("My_App--2-"), "my-app-2");
        assert_eq!(repository_name("web"), "web");
    }
}
