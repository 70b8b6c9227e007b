use std::collections::BTreeMap;
use std::time::SystemTime;

/// One image on the engine, as `docker image inspect` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRecord {
    /// `sha256:<hex>`.
    pub id: String,
    /// Its names, `repository:tag`; none for an untagged image.
    pub tags: Vec<String>,
    /// The image it was built on, as the legacy builder records it (`sha256:<hex>`); none for a base, a pulled image
    /// or BuildKit's.
    pub parent: Option<String>,
    pub created: SystemTime,
    /// Every layer's bytes, the base's included, as `docker image ls` shows it.
    pub size: u64,
    /// Its layers' diff ids, bottom first: two images hold the same layer where their lists agree up to it.
    pub layers: Vec<String>,
    pub labels: BTreeMap<String, String>,
}

impl ImageRecord {
    /// The short id, as `docker image ls` shows it.
    pub fn short_id(&self) -> &str {
        let hex = self.id.strip_prefix("sha256:").unwrap_or(&self.id);
        &hex[..hex.len().min(12)]
    }

    /// How people name it: its first name, or `<untagged> <short id>`.
    pub fn display_name(&self) -> String {
        match self.tags.first() {
            Some(tag) => tag.clone(),
            None => format!("<untagged> {}", self.short_id()),
        }
    }
}

/// One container, running or not, and the image it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRecord {
    pub id: String,
    pub name: String,
    /// The id of its image (`sha256:<hex>`): it holds that image whatever names the image has now.
    pub image: String,
}
