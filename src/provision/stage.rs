/// A step of provisioning. The order of the variants is the order of the image's layers: what changes least
/// comes first, so that a change re-runs as little as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The host's certificate authorities, first: every later stage downloads through the host's network.
    Trust,
    Apt,
    Languages,
    Services,
    Npm,
    Pip,
    Cargo,
    Shell,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Trust,
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
            Stage::Trust => "trust",
            Stage::Apt => "apt",
            Stage::Languages => "languages",
            Stage::Services => "services",
            Stage::Npm => "npm",
            Stage::Pip => "pip",
            Stage::Cargo => "cargo",
            Stage::Shell => "shell",
        }
    }

    /// The shell that runs the stage's script. The trust stage runs on every image, even one without bash (a
    /// busybox), so it is POSIX `sh`; the others install with Debian's tools, which come with bash.
    pub fn shell(self) -> &'static str {
        match self {
            Stage::Trust => "/bin/sh",
            _ => "/bin/bash",
        }
    }

    /// Whether a running machine takes a change of this stage in place (packages installed or removed, the shell's
    /// files written) rather than being made again from the new image.
    pub fn changes_in_place(self) -> bool {
        !matches!(self, Stage::Trust | Stage::Languages | Stage::Services)
    }

    /// The script's name: numbered, so that a directory listing runs them in order too.
    /// The trust stage came later than the others: it takes `05`, so that their names, and the images of machines
    /// made before it, stay as they were.
    pub fn file_name(self) -> String {
        let number = match Stage::ALL[1..].iter().position(|stage| *stage == self) {
            Some(position) => (position + 1) * 10,
            None => 5,
        };
        format!("{number:02}-{}.sh", self.name())
    }
}

/// The script of one stage: a complete bash script, run as root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageScript {
    pub stage: Stage,
    pub script: String,
    /// What it does, in the user's words (`installing 3 apt packages: ...`), shown while it runs.
    pub description: String,
}
