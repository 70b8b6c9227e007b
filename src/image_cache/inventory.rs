use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use serde::Deserialize;

use super::{ContainerRecord, ImageRecord};

/// Every image on an engine, its intermediate ones included, and every container, running or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    pub images: Vec<ImageRecord>,
    pub containers: Vec<ContainerRecord>,
}

impl Inventory {
    /// From the JSON arrays `docker image inspect` and `docker container inspect` print.
    pub fn from_inspect(images: &str, containers: &str) -> Result<Inventory, serde_json::Error> {
        let images: Vec<InspectedImage> = serde_json::from_str(images)?;
        let containers: Vec<InspectedContainer> = serde_json::from_str(containers)?;
        let mut seen = BTreeSet::new();
        Ok(Inventory {
            images: images
                .into_iter()
                .filter(|image| seen.insert(image.id.clone()))
                .map(InspectedImage::into_record)
                .collect(),
            containers: containers
                .into_iter()
                .map(|container| ContainerRecord {
                    name: container.name.trim_start_matches('/').to_owned(),
                    id: container.id,
                    image: container.image,
                })
                .collect(),
        })
    }

    /// The names of the containers made from the image `id`.
    pub fn users_of(&self, id: &str) -> Vec<&str> {
        self.containers
            .iter()
            .filter(|container| container.image == id)
            .map(|container| container.name.as_str())
            .collect()
    }

    /// The ids of the images built on each image, by the legacy builder's record.
    pub fn children(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for image in &self.images {
            if let Some(parent) = &image.parent {
                children.entry(parent).or_default().push(&image.id);
            }
        }
        children
    }

    pub fn image(&self, id: &str) -> Option<&ImageRecord> {
        self.images.iter().find(|image| image.id == id)
    }

    /// The images a name stands for: the image with that name, or with that id.
    pub fn find(&self, reference: &str) -> Option<&ImageRecord> {
        self.images
            .iter()
            .find(|image| image.id == reference || image.tags.iter().any(|tag| tag == reference))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InspectedImage {
    id: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    created: String,
    #[serde(default)]
    size: u64,
    #[serde(default, rename = "RootFS")]
    root_fs: Option<RootFs>,
    #[serde(default)]
    config: Option<ImageConfig>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RootFs {
    #[serde(default)]
    layers: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ImageConfig {
    #[serde(default)]
    labels: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InspectedContainer {
    id: String,
    #[serde(default)]
    name: String,
    image: String,
}

impl InspectedImage {
    fn into_record(self) -> ImageRecord {
        ImageRecord {
            tags: self
                .repo_tags
                .unwrap_or_default()
                .into_iter()
                .filter(|tag| tag != "<none>:<none>")
                .collect(),
            parent: self.parent.filter(|parent| !parent.is_empty()),
            // A time Docker cannot give (a year before 1970) counts as long ago.
            created: humantime::parse_rfc3339_weak(&self.created).unwrap_or(SystemTime::UNIX_EPOCH),
            size: self.size,
            layers: self
                .root_fs
                .and_then(|root| root.layers)
                .unwrap_or_default(),
            labels: self
                .config
                .and_then(|config| config.labels)
                .unwrap_or_default(),
            id: self.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_inspect_output_becomes_records() {
        let images = r#"[
          {"Id": "sha256:aaa", "RepoTags": ["vm-shop:0123456789abcdef"], "Parent": "sha256:bbb",
           "Created": "2026-12-03T09:42:48.291443607Z", "Size": 304000000,
           "RootFS": {"Type": "layers", "Layers": ["sha256:l1", "sha256:l2"]},
           "Config": {"Labels": {"dev.vm.built-for": "shop"}}},
          {"Id": "sha256:bbb", "RepoTags": [], "Parent": "", "Created": "0001-01-01T00:00:00Z", "Size": 5,
           "RootFS": {"Type": "layers"}, "Config": {"Labels": null}},
          {"Id": "sha256:bbb", "RepoTags": null, "Parent": "", "Created": "", "Size": 5}
        ]"#;
        let containers = r#"[{"Id": "c1", "Name": "/shop-dev", "Image": "sha256:aaa"}]"#;
        let inventory = Inventory::from_inspect(images, containers).unwrap();
        assert_eq!(
            inventory.images.len(),
            2,
            "an image listed twice is one image"
        );
        let shop = &inventory.images[0];
        assert_eq!(shop.tags, ["vm-shop:0123456789abcdef"]);
        assert_eq!(shop.parent.as_deref(), Some("sha256:bbb"));
        assert_eq!(
            shop.created,
            humantime::parse_rfc3339("2026-12-03T09:42:48.291443607Z").unwrap()
        );
        assert_eq!(shop.layers, ["sha256:l1", "sha256:l2"]);
        assert_eq!(shop.labels["dev.vm.built-for"], "shop");
        let base = &inventory.images[1];
        assert_eq!(
            (base.parent.as_ref(), base.created),
            (None, SystemTime::UNIX_EPOCH)
        );
        assert!(base.labels.is_empty() && base.layers.is_empty());
        assert_eq!(inventory.users_of("sha256:aaa"), ["shop-dev"]);
        assert_eq!(inventory.children()["sha256:bbb"], ["sha256:aaa"]);
        assert_eq!(inventory.find("vm-shop:0123456789abcdef"), Some(shop));
    }
}
