/// A step of provisioning. The order of the variants is the order of the image's layers: what changes least
/// comes first, so that a change re-runs as little as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Apt,
    Languages,
    Services,
    Npm,
    Pip,
    Cargo,
    Shell,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Apt,
        Stage::Languages,
        Stage::Services,
        Stage::Npm,
        Stage::Pip,
        Stage::Cargo,
        Stage::Shell,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Apt => "apt",
            Stage::Languages => "languages",
            Stage::Services => "services",
            Stage::Npm => "npm",
            Stage::Pip => "pip",
            Stage::Cargo => "cargo",
            Stage::Shell => "shell",
        }
    }

    /// Whether a running machine takes a change of this stage in place (packages installed or removed, the shell's
    /// files written) rather than being made again from the new image.
    pub fn changes_in_place(self) -> bool {
        !matches!(self, Stage::Languages | Stage::Services)
    }

    /// The script's name: numbered, so that a directory listing runs them in order too.
    pub fn file_name(self) -> String {
        let position = Stage::ALL
            .iter()
            .position(|stage| *stage == self)
            .unwrap_or(0);
        format!("{}-{}.sh", (position + 1) * 10, self.name())
    }
}

/// The script of one stage: a complete bash script, run as root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageScript {
    pub stage: Stage,
    pub script: String,
}
