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
}

impl ImageState {
    pub fn fields(&self) -> Fields {
        let mut fields = Fields::from([
            (AttributeName::Tag, self.tag.clone()),
            (AttributeName::Base, self.base.clone()),
        ]);
        for (stage, hash) in &self.stages {
            fields.insert(AttributeName::Stage(stage.clone()), hash.clone());
        }
        fields
    }
}
