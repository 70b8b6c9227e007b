use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The project the machine belongs to.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The project's name: letters, digits, `-` and `_`, starting with a letter or digit, at most 63 characters. It names the container (`<name>-dev`) and the host data directories.
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"), length(max = 63))]
    pub name: String,
    /// The machine's hostname, at most 64 characters: labels of 1 to 63 letters, digits and `-`, separated by `.`, none starting or ending with `-`. When absent, `dev.<name>.local` with `_` as `-`, or the name alone if that is too long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        regex(
            pattern = r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
        ),
        length(max = 64)
    )]
    pub hostname: Option<String>,
    /// Where the project directory is mounted in the machine: an absolute path.
    #[serde(default = "default_workspace_path")]
    #[schemars(regex(pattern = r"^/"))]
    pub workspace_path: String,
    /// A `.env` template, relative to the project directory, copied to `.env` on provisioning.
    #[serde(default)]
    pub env_template_path: Option<String>,
    /// A glob of database backups (`.sql` or `.sql.gz`), e.g. `*backup*.sql.gz`: the newest match is restored once into each enabled PostgreSQL and MySQL database while it is empty, never over data. Without a `/` it is looked for in `backups/` and the project directory; with one, relative to the project directory.
    #[serde(default)]
    pub backup_pattern: Option<String>,
}

fn default_workspace_path() -> String {
    "/workspace".to_owned()
}

/// Linux's `HOST_NAME_MAX`: `sethostname` refuses anything longer.
const HOSTNAME_MAX: usize = 64;
/// The longest label of a hostname (RFC 1123).
const LABEL_MAX: usize = 63;

impl Project {
    /// The machine's hostname: `project.hostname`, else `dev.<name>.local`, else the name alone
    /// when that is too long; the defaults are valid hostnames for any valid `project.name`.
    pub fn hostname(&self) -> String {
        if let Some(hostname) = &self.hostname {
            return hostname.clone();
        }
        let label = hostname_label(&self.name);
        let hostname = format!("dev.{label}.local");
        if hostname.len() <= HOSTNAME_MAX {
            hostname
        } else {
            label
        }
    }
}

/// `name` as one hostname label: `_` becomes `-`, and the label neither starts nor ends with `-`
/// and has at most 63 characters.
fn hostname_label(name: &str) -> String {
    let label = name.replace('_', "-");
    let label: String = label.trim_matches('-').chars().take(LABEL_MAX).collect();
    label.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(name: &str, hostname: Option<&str>) -> Project {
        Project {
            name: name.to_owned(),
            hostname: hostname.map(str::to_owned),
            workspace_path: default_workspace_path(),
            env_template_path: None,
            backup_pattern: None,
        }
    }

    fn is_valid_hostname(hostname: &str) -> bool {
        hostname.len() <= HOSTNAME_MAX
            && hostname.split('.').all(|label| {
                (1..=LABEL_MAX).contains(&label.len())
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            })
    }

    #[test]
    fn a_written_hostname_is_used_as_it_is() {
        assert_eq!(
            project("myapp", Some("box.example")).hostname(),
            "box.example"
        );
    }

    #[test]
    fn the_default_hostname_is_dev_name_local_with_underscores_as_dashes() {
        assert_eq!(project("myapp", None).hostname(), "dev.myapp.local");
        assert_eq!(project("my_app", None).hostname(), "dev.my-app.local");
        assert_eq!(project("app_", None).hostname(), "dev.app.local");
    }

    #[test]
    fn the_default_hostname_is_the_name_alone_when_dev_name_local_is_too_long() {
        let fits = "a".repeat(54);
        assert_eq!(project(&fits, None).hostname(), format!("dev.{fits}.local"));
        let long = "a".repeat(55);
        assert_eq!(project(&long, None).hostname(), long);
        let longest = format!("x{}_", "_a".repeat(30) + "_");
        assert_eq!(longest.len(), 63);
        let hostname = project(&longest, None).hostname();
        assert_eq!(hostname, format!("x{}", "-a".repeat(30)));
    }

    #[test]
    fn the_default_hostname_is_valid_for_every_shape_of_valid_name() {
        for name in [
            "a".to_owned(),
            "a".repeat(63),
            format!("a{}", "_".repeat(62)),
            format!("a{}", "-".repeat(62)),
            format!("{}_", "a".repeat(53)),
            format!("{}-", "a".repeat(54)),
            format!("0{}", "_-".repeat(31)),
            "My_App-2".to_owned(),
        ] {
            let hostname = project(&name, None).hostname();
            assert!(is_valid_hostname(&hostname), "{name} gives {hostname}");
        }
    }

    #[test]
    fn the_schema_carries_the_hostname_rule() {
        let schema = serde_json::to_value(schemars::schema_for!(Project)).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let long_labels = ["a".repeat(40), "b".repeat(24)].join("."); // 65 characters
        for (hostname, valid) in [
            ("dev.myapp.local", true),
            ("a", true),
            ("a-b.c-d", true),
            ("0.1.2", true),
            (&*"a".repeat(63), true),
            (&*["a".repeat(40), "b".repeat(23)].join("."), true),
            (&*long_labels, false),
            (&*"a".repeat(64), false),
            ("-a", false),
            ("a-", false),
            ("a.-b", false),
            ("a..b", false),
            (".a", false),
            ("a.", false),
            ("a_b", false),
            ("", false),
        ] {
            let document = serde_json::json!({ "name": "myapp", "hostname": hostname });
            assert_eq!(validator.is_valid(&document), valid, "{hostname:?}");
        }
    }
}
