use std::collections::BTreeMap;
use std::path::PathBuf;

/// The proxy the host's tools use, as the variables builds and machines get, both spellings of each
/// (`HTTPS_PROXY` and `https_proxy`: tools differ in which they read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxySettings {
    pub variables: BTreeMap<String, String>,
}

/// Each kind of proxy setting: its variable, and its key in the `proxies` of Docker's client configuration.
const KINDS: [(&str, &str); 4] = [
    ("HTTP_PROXY", "httpProxy"),
    ("HTTPS_PROXY", "httpsProxy"),
    ("NO_PROXY", "noProxy"),
    ("ALL_PROXY", "allProxy"),
];

/// The proxy of this host: the user's environment (either spelling), else the `proxies.default` of Docker's client
/// configuration (`$DOCKER_CONFIG/config.json`, or `~/.docker/config.json`), as `docker` itself would apply it.
pub fn host_proxy(variable: &dyn Fn(&str) -> Option<String>) -> ProxySettings {
    let docker_proxies = docker_config_path(variable)
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|text| serde_json::from_slice::<serde_json::Value>(&text).ok())
        .and_then(|config| config.get("proxies")?.get("default").cloned());
    proxy_from(variable, docker_proxies.as_ref())
}

pub(crate) fn proxy_from(
    variable: &dyn Fn(&str) -> Option<String>,
    docker_proxies: Option<&serde_json::Value>,
) -> ProxySettings {
    let mut variables = BTreeMap::new();
    for (name, docker_key) in KINDS {
        let from_environment = variable(name).or_else(|| variable(&name.to_ascii_lowercase()));
        let from_docker = || {
            docker_proxies
                .and_then(|proxies| proxies.get(docker_key)?.as_str())
                .map(str::to_owned)
        };
        if let Some(value) = from_environment
            .or_else(from_docker)
            .filter(|value| !value.is_empty())
        {
            variables.insert(name.to_ascii_lowercase(), value.clone());
            variables.insert(name.to_owned(), value);
        }
    }
    ProxySettings { variables }
}

fn docker_config_path(variable: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    match variable("DOCKER_CONFIG") {
        Some(dir) => Some(PathBuf::from(dir).join("config.json")),
        None => Some(PathBuf::from(variable("HOME")?).join(".docker/config.json")),
    }
}

impl ProxySettings {
    pub fn is_empty(&self) -> bool {
        self.variables.is_empty()
    }

    /// What the plan shows: each proxy by scheme, without any password, then what bypasses it.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = [
            ("http", "HTTP_PROXY"),
            ("https", "HTTPS_PROXY"),
            ("all", "ALL_PROXY"),
        ]
        .into_iter()
        .filter_map(|(scheme, name)| {
            Some(format!(
                "{scheme} via {}",
                without_password(self.variables.get(name)?)
            ))
        })
        .collect();
        if let Some(bypass) = self.variables.get("NO_PROXY") {
            parts.push(format!("not for {bypass}"));
        }
        parts.join(", ")
    }
}

/// `http://user:secret@proxy:3128` shows as `http://user:***@proxy:3128`: a plan is shown and saved.
fn without_password(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = credentials
        .split_once(':')
        .map_or(credentials, |(user, _)| user);
    let prefix = if scheme.is_empty() {
        String::new()
    } else {
        format!("{scheme}://")
    };
    format!("{prefix}{user}:***@{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_environment_wins_over_dockers_configuration_and_both_spellings_are_set() {
        let docker = serde_json::json!({"httpProxy": "http://docker:1", "noProxy": "localhost"});
        let settings = proxy_from(
            &lookup(&[("https_proxy", "http://bob:hunter2@corp:3128")]),
            Some(&docker),
        );
        assert_eq!(
            settings.variables["HTTPS_PROXY"],
            "http://bob:hunter2@corp:3128"
        );
        assert_eq!(
            settings.variables["https_proxy"],
            "http://bob:hunter2@corp:3128"
        );
        assert_eq!(settings.variables["http_proxy"], "http://docker:1");
        assert_eq!(
            settings.summary(),
            "http via http://docker:1, https via http://bob:***@corp:3128, not for localhost"
        );
    }

    #[test]
    fn no_proxy_anywhere_is_no_setting() {
        assert!(proxy_from(&lookup(&[("HTTP_PROXY", "")]), None).is_empty());
    }
}
