//! Which Docker engine `docker` would talk to, found as the docker CLI finds it, without running it: a no-op plan
//! must not pay a round trip to learn where it goes.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::EngineError;

/// The engine a machine runs on: a Docker context's name and the endpoint it points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DockerEngine {
    /// The context's name; `default` where `DOCKER_HOST` or nothing chooses the engine, as `docker context ls` says.
    pub context: String,
    /// Where the engine listens: `unix:///var/run/docker.sock`, `ssh://dev@buildbox`, `tcp://10.0.0.5:2376`.
    pub endpoint: String,
}

/// The engine of a `default` context without `DOCKER_HOST`.
pub const LOCAL_SOCKET: &str = "unix:///var/run/docker.sock";

/// An ssh endpoint's parts, for `ssh` itself (`vm forward`) and for connection reuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshTarget {
    pub user: Option<String>,
    pub host: String,
    pub port: Option<u16>,
}

impl SshTarget {
    /// ssh's last arguments: `-l user`, `-p port` where the endpoint names them (else the ssh config decides),
    /// then `-- host`.
    pub fn destination_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if let Some(user) = &self.user {
            args.extend(["-l".to_owned(), user.clone()]);
        }
        if let Some(port) = self.port {
            args.extend(["-p".to_owned(), port.to_string()]);
        }
        args.extend(["--".to_owned(), self.host.clone()]);
        args
    }
}

/// What chooses the engine, in the docker CLI's order: the `--context` flag, `DOCKER_HOST`, `DOCKER_CONTEXT`,
/// then the config's current context.
#[derive(Debug, Clone, Default)]
pub struct EngineSettings {
    pub context_flag: Option<String>,
    pub docker_host: Option<String>,
    pub docker_context: Option<String>,
    /// `$DOCKER_CONFIG`, else `~/.docker`.
    pub config_dir: PathBuf,
}

impl EngineSettings {
    /// This process's settings: its environment, and the docker client config of `home`.
    pub fn from_environment(context_flag: Option<String>) -> EngineSettings {
        let variable = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let config_dir = variable("DOCKER_CONFIG").map_or_else(
            || {
                // The docker CLI reads $HOME, as vm's children do.
                let home =
                    std::env::var_os("HOME").map_or_else(|| PathBuf::from("/"), PathBuf::from);
                home.join(".docker")
            },
            PathBuf::from,
        );
        EngineSettings {
            context_flag,
            docker_host: variable("DOCKER_HOST"),
            docker_context: variable("DOCKER_CONTEXT"),
            config_dir,
        }
    }
}

impl Default for DockerEngine {
    /// The local engine of a host without Docker settings.
    fn default() -> DockerEngine {
        DockerEngine {
            context: "default".to_owned(),
            endpoint: LOCAL_SOCKET.to_owned(),
        }
    }
}

impl DockerEngine {
    /// The engine `docker` would use in this process, resolved once per process: from its environment, where vm puts
    /// `--context` before anything asks.
    pub fn of_this_process() -> Result<DockerEngine, EngineError> {
        static RESOLVED: std::sync::OnceLock<DockerEngine> = std::sync::OnceLock::new();
        if let Some(engine) = RESOLVED.get() {
            return Ok(engine.clone());
        }
        let engine = DockerEngine::resolve(&EngineSettings::from_environment(None))?;
        Ok(RESOLVED.get_or_init(|| engine).clone())
    }

    /// The engine `docker` would use with these settings.
    pub fn resolve(settings: &EngineSettings) -> Result<DockerEngine, EngineError> {
        let context = match (&settings.context_flag, &settings.docker_host) {
            (Some(flag), _) => Some(flag.clone()),
            (None, Some(_)) => None,
            (None, None) => settings
                .docker_context
                .clone()
                .or_else(|| current_context(&settings.config_dir)),
        };
        match context.filter(|name| name != "default") {
            Some(name) => {
                let endpoint = context_endpoint(&settings.config_dir, &name)?;
                Ok(DockerEngine {
                    context: name,
                    endpoint,
                })
            }
            None => Ok(DockerEngine {
                context: "default".to_owned(),
                endpoint: settings
                    .docker_host
                    .clone()
                    .unwrap_or_else(|| LOCAL_SOCKET.to_owned()),
            }),
        }
    }

    /// What chooses this engine on a command line: `DOCKER_CONTEXT=buildbox`, or `DOCKER_HOST=...` for the
    /// default context's engine.
    pub fn how_to_choose(&self) -> String {
        if self.context == "default" {
            format!("DOCKER_CONTEXT= DOCKER_HOST={}", self.endpoint)
        } else {
            format!("DOCKER_HOST= DOCKER_CONTEXT={}", self.context)
        }
    }

    /// `vm-remote (ssh://dev@buildbox)`, as the plan names it.
    pub fn display(&self) -> String {
        format!("{} ({})", self.context, self.endpoint)
    }

    /// The user, host and port of an `ssh://` endpoint.
    pub fn ssh_target(&self) -> Option<SshTarget> {
        let rest = self.endpoint.strip_prefix("ssh://")?;
        let rest = rest.split('/').next().unwrap_or(rest);
        let (user, host_port) = match rest.rsplit_once('@') {
            Some((user, host_port)) => (Some(user.to_owned()), host_port),
            None => (None, rest),
        };
        let (host, port) = match host_port.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || host.starts_with('[') => {
                match port.parse() {
                    Ok(port) => (host, Some(port)),
                    Err(_) => (host_port, None),
                }
            }
            _ => (host_port, None),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        (!host.is_empty()).then(|| SshTarget {
            user,
            host: host.to_owned(),
            port,
        })
    }
}

/// The config's `currentContext`, where it names one.
fn current_context(config_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(config_dir.join("config.json")).ok()?;
    let config: serde_json::Value = serde_json::from_str(&text).ok()?;
    config["currentContext"]
        .as_str()
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
}

/// A context's docker endpoint, from its metadata (`contexts/meta/<sha256 of the name>/meta.json`).
fn context_endpoint(config_dir: &Path, name: &str) -> Result<String, EngineError> {
    let digest = hex::encode(Sha256::digest(name.as_bytes()));
    let path = config_dir
        .join("contexts")
        .join("meta")
        .join(digest)
        .join("meta.json");
    let not_found = || EngineError::ContextNotFound {
        name: name.to_owned(),
        config_dir: config_dir.to_path_buf(),
    };
    let text = std::fs::read_to_string(&path).map_err(|_| not_found())?;
    let meta: serde_json::Value = serde_json::from_str(&text).map_err(|_| not_found())?;
    meta["Endpoints"]["docker"]["Host"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_context(dir: &Path, name: &str, host: &str) {
        let digest = hex::encode(Sha256::digest(name.as_bytes()));
        let meta = dir.join("contexts/meta").join(digest);
        std::fs::create_dir_all(&meta).unwrap();
        std::fs::write(
            meta.join("meta.json"),
            format!(r#"{{"Name":"{name}","Endpoints":{{"docker":{{"Host":"{host}"}}}}}}"#),
        )
        .unwrap();
    }

    fn settings(dir: &Path) -> EngineSettings {
        EngineSettings {
            config_dir: dir.to_path_buf(),
            ..EngineSettings::default()
        }
    }

    #[test]
    fn without_settings_it_is_the_local_socket() {
        let dir = tempfile::tempdir().unwrap();
        let engine = DockerEngine::resolve(&settings(dir.path())).unwrap();
        assert_eq!(engine.display(), "default (unix:///var/run/docker.sock)");
        assert_eq!(engine.ssh_target(), None);
    }

    #[test]
    fn the_docker_cli_order_decides() {
        let dir = tempfile::tempdir().unwrap();
        with_context(dir.path(), "buildbox", "ssh://dev@buildbox:2222");
        with_context(dir.path(), "other", "tcp://10.1.2.3:2376");
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"currentContext":"other"}"#,
        )
        .unwrap();
        let current = DockerEngine::resolve(&settings(dir.path())).unwrap();
        assert_eq!(current.display(), "other (tcp://10.1.2.3:2376)");
        let variable = EngineSettings {
            docker_context: Some("buildbox".into()),
            ..settings(dir.path())
        };
        assert_eq!(
            DockerEngine::resolve(&variable).unwrap().context,
            "buildbox"
        );
        // DOCKER_HOST beats DOCKER_CONTEXT and the current context; the flag beats them all.
        let host = EngineSettings {
            docker_host: Some("unix:///run/other.sock".into()),
            ..variable.clone()
        };
        assert_eq!(
            DockerEngine::resolve(&host).unwrap().display(),
            "default (unix:///run/other.sock)"
        );
        let flag = EngineSettings {
            context_flag: Some("buildbox".into()),
            ..host.clone()
        };
        let engine = DockerEngine::resolve(&flag).unwrap();
        assert_eq!(engine.display(), "buildbox (ssh://dev@buildbox:2222)");
        assert_eq!(
            engine.ssh_target(),
            Some(SshTarget {
                user: Some("dev".into()),
                host: "buildbox".into(),
                port: Some(2222)
            })
        );
        // The default context is DOCKER_HOST's engine, as for docker.
        let default_flag = EngineSettings {
            context_flag: Some("default".into()),
            ..host
        };
        assert_eq!(
            DockerEngine::resolve(&default_flag).unwrap().endpoint,
            "unix:///run/other.sock"
        );
    }

    #[test]
    fn an_unknown_context_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let flag = EngineSettings {
            context_flag: Some("nowhere".into()),
            ..settings(dir.path())
        };
        let error = DockerEngine::resolve(&flag).unwrap_err();
        assert!(error.to_string().contains("`nowhere`"), "{error}");
    }

    #[test]
    fn ssh_targets_without_user_or_port() {
        let engine = |endpoint: &str| DockerEngine {
            context: "x".into(),
            endpoint: endpoint.into(),
        };
        assert_eq!(
            engine("ssh://buildbox").ssh_target(),
            Some(SshTarget {
                user: None,
                host: "buildbox".into(),
                port: None
            })
        );
        assert_eq!(
            engine("ssh://u@[fd00::5]:22").ssh_target().unwrap().host,
            "fd00::5"
        );
        assert_eq!(engine("tcp://x:1").ssh_target(), None);
    }
}
