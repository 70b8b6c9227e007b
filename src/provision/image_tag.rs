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
            repository: repository_of(project),
            tag: hex::encode(hasher.finalize())[..16].to_owned(),
        }
    }

    /// Whether `reference` (`repository:tag`) is a name vm gives an image of `project`: its repository, and a tag
    /// of 16 hex digits. A name someone else gave the image (`docker tag`) is not.
    pub fn names_an_image_of(project: &str, reference: &str) -> bool {
        reference.rsplit_once(':').is_some_and(|(repository, tag)| {
            repository == repository_of(project)
                && tag.len() == 16
                && tag
                    .bytes()
                    .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
        })
    }
}

/// `vm-<project>`, as Docker takes it.
fn repository_of(project: &str) -> String {
    format!("vm-{}", repository_name(project))
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

    #[test]
    fn only_the_names_vm_gives_are_names_of_a_projects_image() {
        assert!(ImageTag::names_an_image_of(
            "My_App",
            "vm-my-app:0123456789abcdef"
        ));
        for foreign in [
            "vm-my-app:latest",
            "vm-my-app:0123456789ABCDEF",
            "vm-my-app:0123456789abcde",
            "vm-other:0123456789abcdef",
            "registry:5000/vm-my-app:0123456789abcdef",
            "vm-my-app",
        ] {
            assert!(!ImageTag::names_an_image_of("My_App", foreign), "{foreign}");
        }
    }
}
