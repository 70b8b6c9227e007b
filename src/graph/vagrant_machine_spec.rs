use super::{Attributes, MountSpec, PublishedPort};

/// The machine as a Vagrant VM; its synced folders are its mounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VagrantMachineSpec {
    pub project: String,
    pub name: String,
    pub r#box: String,
    pub hostname: String,
    pub user: String,
    pub memory_mib: u32,
    pub cpus: u32,
    pub gui: bool,
    pub ports: Vec<PublishedPort>,
    pub synced_folders: Vec<MountSpec>,
}

/// The box a Vagrant machine boots when `vm.box` names none.
pub const DEFAULT_BOX: &str = "bento/debian-12";

impl VagrantMachineSpec {
    pub fn attributes(&self) -> Attributes {
        let mut attributes = Attributes::from([
            ("box".to_owned(), self.r#box.clone()),
            ("hostname".to_owned(), self.hostname.clone()),
            ("user".to_owned(), self.user.clone()),
            ("memory".to_owned(), format!("{} MiB", self.memory_mib)),
            ("cpus".to_owned(), self.cpus.to_string()),
            ("gui".to_owned(), self.gui.to_string()),
            ("state".to_owned(), super::RUNNING.to_owned()),
        ]);
        super::insert_machine_links(
            &mut attributes,
            &self.ports,
            "synced_folders",
            &self.synced_folders,
        );
        attributes
    }
}
