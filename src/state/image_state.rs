use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AttributeName, Fields};

/// A machine's image, built from a base image one layer per stage, tagged by the hash of everything it installs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageState {
    pub tag: String,
    pub base: String,
    /// Each stage's script hash, by stage name: which layers a change rebuilds.
    pub stages: BTreeMap<String, String>,
    /// What a running machine cannot take in place (see `BuildContext::machine_layers`); empty where an older vm
    /// recorded the image.
    #[serde(default)]
    pub machine_layers: String,
    /// The host's extra certificate authorities the image trusts (`2 certificates: a.crt, b.crt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_authorities: Option<String>,
    /// The host's proxy its builds went through (`https via http://proxy:3128`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
}

impl ImageState {
    /// How a machine made from this image names it: by its machine layers, where they are recorded, so that a new
    /// image that differs only in what changes in place does not make the machine again.
    pub fn machine_image(&self) -> String {
        if self.machine_layers.is_empty() {
            return self.tag.clone();
        }
        let repository = self
            .tag
            .split_once(':')
            .map_or(self.tag.as_str(), |(name, _)| name);
        format!("{repository} (machine layers {})", self.machine_layers)
    }

    pub fn fields(&self) -> Fields {
        let mut fields = Fields::from([
            (AttributeName::Tag, self.tag.clone()),
            (AttributeName::Base, self.base.clone()),
        ]);
        for (name, value) in [
            (AttributeName::TrustHostAuthorities, &self.host_authorities),
            (AttributeName::Proxy, &self.proxy),
        ] {
            if let Some(value) = value {
                fields.insert(name, value.clone());
            }
        }
        for (stage, hash) in &self.stages {
            fields.insert(AttributeName::Stage(stage.clone()), hash.clone());
        }
        fields
    }
}
