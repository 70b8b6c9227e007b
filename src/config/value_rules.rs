//! What would only fail later, in the machine, refused at load time: versions, package names, the names and values
//! of environment variables and aliases. Each refusal points at the value and says what would be valid.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::config_path::ConfigPath;
use super::source_map::SourceMap;
use super::{Config, ConfigDiagnostic};

/// The longest version vm passes on; no real one comes close.
const VERSION_MAX: usize = 64;

/// A package manager's naming rule.
struct PackageRule {
    key: &'static str,
    what: &'static str,
    pattern: &'static LazyLock<Regex>,
    max: usize,
    help: &'static str,
}

static APT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[a-z0-9][a-z0-9+.-]+(:[a-z0-9][a-z0-9-]*)?(=[A-Za-z0-9.+~:_-]+|/[A-Za-z0-9.-]+)?$",
    )
    .expect("a valid pattern")
});
static NPM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~][a-z0-9._~-]*(@[A-Za-z0-9._^~<>=*|+-]+)?$")
        .expect("a valid pattern")
});
static PIP: LazyLock<Regex> = LazyLock::new(|| {
    let specifier = r"(===|==|!=|<=|>=|~=|<|>)[A-Za-z0-9.*+!_-]+";
    Regex::new(&format!(
        r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(\[[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*\])?({specifier}(,{specifier})*)?$"
    ))
    .expect("a valid pattern")
});
static CARGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z][A-Za-z0-9_-]*(@[A-Za-z0-9.^~<>=*+-]+)?$").expect("a valid pattern")
});
static ENV_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_]*$").expect("a valid pattern"));
static ALIAS_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_.:@%+,-]+$").expect("a valid pattern"));

const PACKAGE_RULES: [PackageRule; 4] = [
    PackageRule {
        key: "apt_packages",
        what: "a Debian package name",
        pattern: &APT,
        max: 128,
        help: "a Debian package name is lowercase letters, digits, `+`, `-` and `.`, at least two characters, optionally with `:ARCH`, `=VERSION` or `/RELEASE`, e.g. `build-essential` or `curl=7.88.1-10`",
    },
    PackageRule {
        key: "npm_packages",
        what: "an npm package name",
        pattern: &NPM,
        max: 214,
        help: "an npm package name is lowercase letters, digits, `-`, `.`, `_` and `~`, not starting with `-`, `.` or `_`, optionally scoped (`@scope/name`) and with `@VERSION` or `@TAG`, e.g. `prettier`, `@anthropic-ai/claude-code` or `eslint@9`",
    },
    PackageRule {
        key: "pip_packages",
        what: "a pip requirement",
        pattern: &PIP,
        max: 256,
        help: "a pip requirement (PEP 508) is a name of letters, digits, `.`, `_` and `-`, optionally with `[extras]` and version specifiers, without spaces, e.g. `black`, `requests[security]>=2` or `pytest==8.*`",
    },
    PackageRule {
        key: "cargo_packages",
        what: "a crate name",
        pattern: &CARGO,
        max: 64 + 1 + 64,
        help: "a crate name is letters, digits, `_` and `-`, starting with a letter, optionally with `@VERSION`, e.g. `ripgrep` or `tokei@12`",
    },
];

pub(crate) fn value_rules(config: &Config, source_map: &SourceMap) -> Vec<ConfigDiagnostic> {
    let mut diagnostics = Vec::new();
    let root = ConfigPath::default();

    let versions = &config.versions;
    let named = [
        ("node", &versions.node),
        ("nvm", &versions.nvm),
        ("npm", &versions.npm),
        ("yarn", &versions.yarn),
        ("pnpm", &versions.pnpm),
        ("python", &versions.python),
        ("rust", &versions.rust),
        ("go", &versions.go),
        ("ruby", &versions.ruby),
    ];
    for (name, version) in named {
        if let Some(version) = version
            && let Err(problem) = check_version(version)
        {
            let path = root.join("versions").join(name);
            diagnostics.push(ConfigDiagnostic::new(
                "bad_version",
                format!("{} is not a version for {}", shown(version), path.describe()),
                source_map.value(&path),
                problem,
                with_suggestion(
                    "a version is letters, digits, `.`, `-`, `_` and `+`, optionally after a channel and `/`, e.g. `22`, `20.11.0`, `lts/iron`, `latest` or `v0.39.7`",
                    suggest_version(version),
                ),
            ));
        }
    }

    let lists = [
        &config.apt_packages,
        &config.npm_packages,
        &config.pip_packages,
        &config.cargo_packages,
    ];
    for (rule, packages) in PACKAGE_RULES.iter().zip(lists) {
        for (index, package) in packages.iter().enumerate() {
            if package.len() <= rule.max && rule.pattern.is_match(package) {
                continue;
            }
            let path = root.join(rule.key).join(index.to_string());
            let trimmed = package.trim();
            let suggestion = [trimmed.to_owned(), trimmed.to_lowercase()]
                .into_iter()
                .find(|candidate| {
                    candidate != package
                        && !candidate.is_empty()
                        && rule.pattern.is_match(candidate)
                });
            diagnostics.push(ConfigDiagnostic::new(
                "bad_package",
                format!("{} is not {} (`{}`)", shown(package), rule.what, rule.key),
                source_map.value(&path),
                problem_of(package).unwrap_or_else(|| format!("not {}", rule.what)),
                with_suggestion(rule.help, suggestion),
            ));
        }
    }

    for (name, value) in &config.environment {
        let path = root.join("environment").join(name.as_str());
        if let Some(c) = value.chars().find(|c| c.is_control() && *c != '\0') {
            diagnostics.push(ConfigDiagnostic::new(
                "control_character",
                format!("{} holds a control character", path.describe()),
                source_map.value(&path),
                c.escape_debug().to_string(),
                "the machine's image carries its environment in a Dockerfile `ENV`, which cannot hold one: write the value on one line, without tabs or other control characters"
                    .to_owned(),
            ));
        }
        if !ENV_NAME.is_match(name) {
            diagnostics.push(ConfigDiagnostic::new(
                "bad_name",
                format!("{} is not an environment variable name", shown(name)),
                source_map.key(&path),
                problem_of(name).unwrap_or_else(|| "not a variable name".to_owned()),
                "an environment variable name is letters, digits and `_`, not starting with a digit, e.g. `NODE_ENV`"
                    .to_owned(),
            ));
        }
    }
    for name in config.aliases.keys() {
        let path = root.join("aliases").join(name.as_str());
        if !ALIAS_NAME.is_match(name) {
            diagnostics.push(ConfigDiagnostic::new(
                "bad_name",
                format!("{} is not an alias name", shown(name)),
                source_map.key(&path),
                problem_of(name).unwrap_or_else(|| "not an alias name".to_owned()),
                "an alias name is letters, digits and `_ . : @ % + , -`, e.g. `ll` or `gs`"
                    .to_owned(),
            ));
        }
    }
    let document = serde_json::to_value(config).expect("a configuration serializes");
    refuse_nul(&document, &root, source_map, &mut diagnostics);
    diagnostics
}

/// A NUL ends a string in every program a value is given to (and no shell word can hold one): the machine would
/// get less than vm.json says. Any key or string value holding one is refused, but for those whose own rules
/// above refuse it already.
fn refuse_nul(
    value: &serde_json::Value,
    path: &ConfigPath,
    source_map: &SourceMap,
    diagnostics: &mut Vec<ConfigDiagnostic>,
) {
    let ruled = |path: &ConfigPath| {
        path.segments().first().is_some_and(|first| {
            [
                "versions",
                "apt_packages",
                "npm_packages",
                "pip_packages",
                "cargo_packages",
            ]
            .contains(&first.as_str())
        })
    };
    let nul = |what: String, span| {
        ConfigDiagnostic::new(
            "nul_character",
            what,
            span,
            "\\u0000",
            "a NUL ends the value in every program it is given to, so the machine would get less than written: remove it"
                .to_owned(),
        )
    };
    match value {
        serde_json::Value::String(text) if text.contains('\0') && !ruled(path) => {
            diagnostics.push(nul(
                format!("{} holds a NUL character", path.describe()),
                source_map.value(path),
            ))
        }
        serde_json::Value::Object(members) => {
            let named =
                matches!(path.segments(), [only] if only == "environment" || only == "aliases");
            for (key, member) in members {
                let member_path = path.join(key.as_str());
                if key.contains('\0') && !named {
                    diagnostics.push(nul(
                        format!("the key {} holds a NUL character", shown(key)),
                        source_map.key(&member_path),
                    ));
                }
                refuse_nul(member, &member_path, source_map, diagnostics);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                refuse_nul(item, &path.join(index.to_string()), source_map, diagnostics);
            }
        }
        _ => {}
    }
}

/// Segments of letters, digits, `.`, `-`, `_` and `+` (none starting with `.`, so no `..`), or `*`, joined by `/`.
fn check_version(version: &str) -> Result<(), String> {
    if let Some(problem) = problem_of(version) {
        return Err(problem);
    }
    if version.chars().count() > VERSION_MAX {
        return Err(format!("longer than {VERSION_MAX} characters"));
    }
    for segment in version.split('/') {
        if segment.is_empty() {
            return Err("an empty segment between `/`".to_owned());
        }
        if segment == "*" {
            continue;
        }
        if segment.starts_with('.') {
            return Err(format!("`{segment}` as a path segment"));
        }
        if let Some(c) = segment
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+')))
        {
            return Err(format!("`{c}` is not allowed"));
        }
        if segment.starts_with(['-', '+']) {
            return Err(format!("`{segment}` starts with `{}`", &segment[..1]));
        }
    }
    Ok(())
}

/// The version without the whitespace around it, when that is all that is wrong: `" 22 "` → `22`. A path or a
/// command gets no suggestion: nothing close to it is what was meant.
fn suggest_version(version: &str) -> Option<String> {
    let trimmed = version.trim();
    (trimmed != version && !trimmed.is_empty() && check_version(trimmed).is_ok())
        .then(|| trimmed.to_owned())
}

/// What is wrong with any text at all: emptiness, a NUL, whitespace, a character a shell would act on.
fn problem_of(text: &str) -> Option<String> {
    if text.is_empty() {
        return Some("empty".to_owned());
    }
    if text.contains('\0') {
        return Some("a NUL character".to_owned());
    }
    if text.chars().any(char::is_whitespace) {
        return Some("whitespace".to_owned());
    }
    text.chars()
        .find(|c| "$`;&|(){}'\"\\!#?".contains(*c) || !c.is_ascii())
        .map(|c| format!("`{c}` is not allowed"))
}

/// The text as a message shows it, in backquotes with control characters escaped; an empty one said so.
fn shown(text: &str) -> String {
    if text.is_empty() {
        return "an empty string".to_owned();
    }
    format!(
        "`{}`",
        text.chars()
            .flat_map(char::escape_debug)
            .collect::<String>()
    )
}

fn with_suggestion(help: &str, suggestion: Option<String>) -> String {
    match suggestion {
        Some(suggestion) => format!("{help}. Try `{suggestion}`."),
        None => format!("{help}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_people_write_are_valid() {
        for version in [
            "22",
            "20.11.0",
            "lts/iron",
            "lts/*",
            "latest",
            "stable",
            "3.12",
            "4.9.2",
            "v0.39.7",
            "1.x",
            "nightly-2024-01-01",
            "1.75.0",
            "3.3.0-preview1",
            "node",
            "beta",
        ] {
            assert_eq!(check_version(version), Ok(()), "{version}");
        }
    }

    #[test]
    fn versions_that_reach_paths_or_shells_are_refused() {
        for (version, problem) in [
            ("../../etc", "`..` as a path segment"),
            ("/etc", "an empty segment between `/`"),
            ("22 ", "whitespace"),
            ("22\n", "whitespace"),
            ("$(reboot)", "`$` is not allowed"),
            ("22;rm", "`;` is not allowed"),
            ("a\0b", "a NUL character"),
            ("", "empty"),
            ("lts//iron", "an empty segment between `/`"),
            ("-rf", "`-rf` starts with `-`"),
            ("2é", "`é` is not allowed"),
        ] {
            assert_eq!(check_version(version), Err(problem.to_owned()), "{version}");
        }
        assert_eq!(suggest_version(" 22 "), Some("22".to_owned()));
        assert_eq!(suggest_version("../../etc"), None);
    }

    fn valid(rule: usize, name: &str) -> bool {
        let rule = &PACKAGE_RULES[rule];
        name.len() <= rule.max && rule.pattern.is_match(name)
    }

    #[test]
    fn package_names_people_use_are_valid() {
        for name in [
            "build-essential",
            "curl",
            "g++",
            "libssl-dev:amd64",
            "curl=7.88.1-10",
            "jq/bookworm",
            "ripgrep",
            "python3.11",
        ] {
            assert!(valid(0, name), "apt {name}");
        }
        for name in [
            "@anthropic-ai/claude-code",
            "@google/gemini-cli",
            "npm-check-updates",
            "prettier",
            "eslint",
            "eslint@9",
            "typescript@^5.4.0",
            "@scope/pkg@latest",
            "lodash.merge",
        ] {
            assert!(valid(1, name), "npm {name}");
        }
        for name in [
            "black",
            "pytest",
            "requests[security]>=2",
            "pytest==8.*",
            "Django>=4.2,<5",
            "ruamel.yaml",
            "pip===24.0",
            "torch~=2.1",
        ] {
            assert!(valid(2, name), "pip {name}");
        }
        for name in [
            "ripgrep",
            "tokei",
            "cargo-watch",
            "serde_json",
            "tokei@12",
            "ripgrep@=14.1.0",
        ] {
            assert!(valid(3, name), "cargo {name}");
        }
    }

    #[test]
    fn hostile_and_malformed_package_names_are_refused() {
        for rule in 0..4 {
            for name in [
                "",
                "$(reboot)",
                "é🚀",
                "a b",
                "a\0b",
                "`id`",
                "a;b",
                "--force",
                "x|y",
            ] {
                assert!(!valid(rule, name), "rule {rule} {name:?}");
            }
        }
        for name in ["Curl", "a", "pkg=", "-pkg"] {
            assert!(!valid(0, name), "apt {name}");
        }
        for name in ["Prettier", "@scope", "@/x", ".hidden", "a/b"] {
            assert!(!valid(1, name), "npm {name}");
        }
        for name in ["requests[", "black=>2", "-e", "pkg ; python_version<'3.8'"] {
            assert!(!valid(2, name), "pip {name}");
        }
        for name in ["1password", "crate.name", "a/b"] {
            assert!(!valid(3, name), "cargo {name}");
        }
    }
}
