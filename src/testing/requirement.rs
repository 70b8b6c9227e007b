use std::fmt;
use std::process::{Command, Stdio};

/// What a test needs from the machine it runs on, beyond `vm` itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    Nothing,
    DockerEngine,
    /// Vagrant, on its docker backend: so a Docker engine too.
    Vagrant,
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Requirement::Nothing => "nothing",
            Requirement::DockerEngine => "a Docker engine",
            Requirement::Vagrant => "vagrant",
        })
    }
}

/// What this machine has, found once per run: each requirement is met, or the reason it is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Availability {
    pub docker: Result<(), String>,
    pub vagrant: Result<(), String>,
}

impl Availability {
    /// Asks the real programs: `docker info` for an engine that answers, `vagrant --version` for Vagrant.
    pub fn detect() -> Availability {
        let docker =
            answers(Command::new("docker").args(["info", "--format", "{{.ServerVersion}}"]))
                .map_err(|detail| format!("no Docker engine answers ({detail})"));
        let vagrant = answers(
            Command::new("vagrant")
                .arg("--version")
                .env("VAGRANT_CHECKPOINT_DISABLE", "1"),
        )
        .map_err(|detail| format!("vagrant is not installed ({detail})"));
        Availability { docker, vagrant }
    }

    /// Everything present: for runs that only need nothing, and for the harness's own tests.
    pub fn everything() -> Availability {
        Availability {
            docker: Ok(()),
            vagrant: Ok(()),
        }
    }

    /// Whether `requirement` is met here; the reason for a skip where it is not.
    pub fn check(&self, requirement: Requirement) -> Result<(), String> {
        match requirement {
            Requirement::Nothing => Ok(()),
            Requirement::DockerEngine => self.docker.clone(),
            Requirement::Vagrant => self.docker.clone().and(self.vagrant.clone()),
        }
    }
}

/// Runs a probe quietly; the first line of what it said where it failed.
fn answers(command: &mut Command) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|error| error.to_string())?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    Err(stderr
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("it failed without a word")
        .trim()
        .to_owned())
}
