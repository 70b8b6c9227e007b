use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::provision::{BuildContext, Provisioning};
use crate::state::ImageState;

/// The image a Docker machine runs: its build context, tagged by the hash of every file in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSpec {
    pub project: String,
    pub tag: String,
    pub base: String,
    pub context: BuildContext,
    /// Passed to every build step (`--build-arg`): the host's proxy.
    pub build_arguments: BTreeMap<String, String>,
    pub host_authorities: Option<String>,
    pub proxy: Option<String>,
}

impl ImageSpec {
    pub fn new(project: &str, provisioning: &Provisioning) -> ImageSpec {
        let context = BuildContext::new(provisioning);
        let network = &provisioning.host_network;
        ImageSpec {
            project: project.to_owned(),
            tag: context.image_tag(project).to_string(),
            base: provisioning.base_image.clone(),
            context,
            build_arguments: provisioning.build_arguments().clone(),
            host_authorities: network.authorities_summary(),
            proxy: (!network.proxy.is_empty()).then(|| network.proxy.summary()),
        }
    }

    /// Each stage script's hash by stage name (`npm` for `provision/40-npm.sh`): which layers a change rebuilds.
    pub fn stages(&self) -> BTreeMap<String, String> {
        self.context
            .files
            .iter()
            .filter_map(|file| {
                let name = file.path.strip_prefix("provision/")?.strip_suffix(".sh")?;
                let stage = name.split_once('-').map_or(name, |(_, stage)| stage);
                let hash = hex::encode(&Sha256::digest(file.contents.as_bytes())[..6]);
                Some((stage.to_owned(), hash))
            })
            .collect()
    }

    pub fn desired_state(&self) -> ImageState {
        ImageState {
            tag: self.tag.clone(),
            base: self.base.clone(),
            stages: self.stages(),
            machine_layers: self.context.machine_layers.clone(),
            host_authorities: self.host_authorities.clone(),
            proxy: self.proxy.clone(),
        }
    }
}
