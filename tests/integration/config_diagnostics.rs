//! Loading `vm.json`: what valid files become, and how every kind of problem is reported.

use std::fs;
use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, GraphicalTheme};
use test_case::test_case;
use vm::config::{self, ConfigError, PortBinding, ProviderKind, Theme};
use vm::error_report_handler::ErrorReportHandler;

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/config").join(name)
}

/// As `vm` renders it on a terminal 100 columns wide, without colours.
fn render(error: &ConfigError) -> String {
    let graphical =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    ErrorReportHandler::new(Box::new(graphical)).render(error)
}

fn report_of(fixture_name: &str) -> String {
    let path = fixture(&format!("{fixture_name}.json"));
    match config::load(&path) {
        Ok(_) => panic!("{} should not load", path.display()),
        Err(error) => render(&error),
    }
}

#[test_case("not-jsonc" ; "every departure from JSON other than comments and trailing commas")]
#[test_case("unterminated" ; "an unclosed object is a syntax error")]
#[test_case("not-an-object" ; "a file that is not an object")]
#[test_case("wrong-type" ; "values of the wrong type")]
#[test_case("out-of-range" ; "numbers out of range")]
#[test_case("enum-value" ; "values not in the allowed list")]
#[test_case("unknown-key" ; "an unknown key with a near miss")]
#[test_case("unknown-key-nested" ; "unknown keys nested and misplaced")]
#[test_case("bad-project-name" ; "a project name with bad characters")]
#[test_case("missing-project" ; "a missing project")]
#[test_case("missing-project-name" ; "a project without a name")]
#[test_case("unreadable-value" ; "a value the schema allows and the types cannot hold")]
#[test_case("duplicate-key" ; "a key written twice")]
#[test_case("duplicate-port" ; "a port published twice")]
#[test_case("service-port-clash" ; "two enabled services on one port")]
#[test_case("several-errors" ; "every error of a file at once")]
#[test_case("hostile-values" ; "versions, package names and values that would only fail in the machine")]
fn reports(fixture_name: &str) {
    insta::assert_snapshot!(fixture_name, report_of(fixture_name));
}

#[test]
fn comments_and_trailing_commas_are_allowed() {
    let loaded = config::load(&fixture("jsonc.json")).unwrap();
    let config = &loaded.config;
    assert_eq!(config.project.name, "myapp");
    assert_eq!(config.vm.memory, 4096);
    assert_eq!(config.apt_packages, ["jq", "ripgrep"]);
    assert!(config.claude_sync);
}

#[test]
fn an_error_after_a_comment_points_at_its_own_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vm.json");
    let text = "{ /* ✓ a comment */ \"project\": { \"name\": \"a\" },\n  // more\n  \"vm\": { \"memroy\": 1 },\n}\n";
    fs::write(&path, text).unwrap();
    let error = config::load(&path).unwrap_err();
    let [unknown] = error.diagnostics() else {
        panic!("{error:?}")
    };
    assert_eq!(unknown.message(), "unknown key `memroy` in `vm`");
    assert_eq!(unknown.offset(), text.find("\"memroy\"").unwrap());
}

#[test]
fn every_departure_from_json_is_reported_each_time() {
    let error = config::load(&fixture("not-jsonc.json")).unwrap_err();
    let messages: Vec<&str> = error.diagnostics().iter().map(|d| d.message()).collect();
    assert_eq!(
        messages,
        [
            "invalid JSON: a string in single quotes",
            "invalid JSON: the key `hostname` is not in double quotes",
            "invalid JSON: a string in single quotes",
            "invalid JSON: `0x1000` is not a JSON number",
            "invalid JSON: `+2` is not a JSON number",
            "invalid JSON: expected a comma",
            "invalid JSON: invalid escape",
        ]
    );
}

#[test]
fn reports_every_error_of_a_file_in_file_order() {
    let error = config::load(&fixture("several-errors.json")).unwrap_err();
    let offsets: Vec<usize> = error.diagnostics().iter().map(|d| d.offset()).collect();
    assert!(offsets.len() >= 7, "{offsets:?}");
    assert!(offsets.is_sorted(), "{offsets:?}");
}

#[test]
fn an_unreadable_file_is_a_read_error() {
    let error = config::load(&fixture("no-such-file.json")).unwrap_err();
    assert!(matches!(error, ConfigError::Read { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "cannot read tests/fixtures/config/no-such-file.json"
    );
}

#[test]
fn an_empty_file_is_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vm.json");
    fs::write(&path, "").unwrap();
    let error = config::load(&path).unwrap_err();
    assert_eq!(
        error.diagnostics()[0].message(),
        "invalid JSON: the file is empty"
    );
}

#[test]
fn a_minimal_file_gets_the_defaults() {
    let loaded = config::load(&fixture("minimal.json")).unwrap();
    let config = &loaded.config;
    assert_eq!(config.project.name, "myapp");
    assert_eq!(config.provider, ProviderKind::Docker);
    assert_eq!(config.vm.memory, 2048);
    assert_eq!(config.vm.cpus, 2);
    assert_eq!(config.vm.user, "vagrant");
    assert_eq!(config.vm.port_binding, PortBinding::Loopback);
    assert_eq!(config.project.workspace_path, "/workspace");
    assert_eq!(config.project.hostname(), "dev.myapp.local");
    assert!(!config.claude_sync);
    assert!(!config.gemini_sync);
    assert!(config.ports.is_empty());
    assert_eq!(config.terminal.theme, Theme::Dracula);
}

#[test]
fn a_file_of_the_original_shell_tool_loads_as_it_is() {
    let loaded = config::load(&fixture("original-tool.json")).unwrap();
    let config = &loaded.config;
    assert_eq!(config.schema.as_deref(), Some("./vm.schema.json"));
    assert_eq!(config.project.name, "vm");
    assert_eq!(config.vm.memory, 6144);
    assert_eq!(config.vm.r#box.as_deref(), Some("bento/ubuntu-22.04"));
    assert_eq!(
        config.project.backup_pattern.as_deref(),
        Some("*backup*.sql.gz")
    );
    let postgresql = config.services.postgresql.as_ref().unwrap();
    assert!(!postgresql.enabled);
    assert_eq!(postgresql.port.map(|port| port.0), Some(3005));
    assert_eq!(config.npm_packages.len(), 4);
    assert_eq!(config.terminal.username, "vm-dev");
}

#[test]
fn the_version_and_buildx_keys_of_the_original_tools_last_schema_load() {
    let loaded = config::load(&fixture("original-tool-last-schema.json")).unwrap();
    let config = &loaded.config;
    assert_eq!(config.version.as_deref(), Some("1.0"));
    let docker = config.services.docker.as_ref().unwrap();
    assert!(docker.enabled);
    assert!(!docker.buildx);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vm.json");
    fs::write(
        &path,
        r#"{ "project": { "name": "a" }, "services": { "docker": { "enabled": true } } }"#,
    )
    .unwrap();
    let docker = config::load(&path).unwrap().config.services.docker.unwrap();
    assert!(
        docker.buildx,
        "buildx is on unless set, as in the original tool"
    );
}

/// The keys vm reads more strictly than the original tool did (README, "Coming from the original tool"): each
/// rejection says how to fix the value.
#[test_case(r#""project": { "name": "My App!" }"#, "`project.name`: The project's name: letters, digits, `-` and `_`, starting with a letter or digit, at most 63 characters. It names the container (`<name>-dev`) and the host data directories. Try `My-App`." ; "project name")]
#[test_case(r#""project": { "name": "a", "hostname": "my_box.local" }"#, "`project.hostname`: The machine's hostname, at most 64 characters: labels of 1 to 63 letters, digits and `-`, separated by `.`, none starting or ending with `-`. When absent, `dev.<name>.local` with `_` as `-`, or the name alone if that is too long. Try `my-box.local`." ; "hostname")]
#[test_case(r#""project": { "name": "a", "workspace_path": "workspace" }"#, "`project.workspace_path`: Where the project directory is mounted in the machine: an absolute path. Try `/workspace`." ; "workspace path")]
#[test_case(r#""project": { "name": "a" }, "vm": { "user": "Dev" }"#, "`vm.user`: The machine's user: lowercase letters, digits, `_` and `-`, starting with a letter or `_`, at most 32 characters. Its home is `/home/<user>`. Try `dev`." ; "machine user")]
#[test_case(r#""project": { "name": "a" }, "ports": { "web": "3000" }"#, "remove the quotes: 3000" ; "a port in quotes")]
#[test_case(r#""project": { "name": "a" }, "ports": { "web": 70000 }"#, "`ports.web`: A TCP port, 1 to 65535." ; "a port out of range")]
#[test_case(r#""project": { "name": "a" }, "ports": { "web": 3000, "api": 3000 }"#, "each entry of `ports` needs its own port number" ; "a port published twice")]
fn each_strict_rule_says_how_to_fix_the_value(members: &str, help: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vm.json");
    fs::write(&path, format!("{{ {members} }}")).unwrap();
    let error = config::load(&path).unwrap_err();
    let [diagnostic] = error.diagnostics() else {
        panic!("{error:?}")
    };
    assert_eq!(diagnostic.help(), Some(help));
}

#[test]
fn project_dir_is_the_canonical_directory_of_the_file() {
    let loaded = config::load(&fixture("minimal.json")).unwrap();
    let expected = fs::canonicalize("tests/fixtures/config").unwrap();
    assert_eq!(loaded.project_dir(), expected);
    assert_eq!(loaded.path, expected.join("minimal.json"));
}

#[test]
fn a_service_may_use_the_number_of_a_published_port() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vm.json");
    let text = r#"{
        "project": { "name": "myapp" },
        "ports": { "postgres": 5432 },
        "services": {
            "postgresql": { "enabled": true, "port": 5432 },
            "redis": { "enabled": false, "port": 5432 }
        }
    }"#;
    fs::write(&path, text).unwrap();
    let config = config::load(&path).unwrap().config;
    assert_eq!(config.ports["postgres"], config::Port(5432));
    assert_eq!(
        config.services.postgresql.unwrap().port,
        Some(config::Port(5432))
    );
}

#[test]
fn the_starter_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vm.json");
    fs::write(&path, config::starter("my-app")).unwrap();
    let loaded = config::load(&path).unwrap();
    assert_eq!(loaded.config.project.name, "my-app");
    assert_eq!(loaded.config.schema, Some(config::schema_url()));
    assert_eq!(loaded.project_dir(), fs::canonicalize(dir.path()).unwrap());
}

#[test]
fn the_starter_file_is_valid_for_any_name_from_a_directory() {
    let name = config::project_name_from_dir(Path::new("/home/me/My Project (2)"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vm.json");
    fs::write(&path, config::starter(&name)).unwrap();
    assert_eq!(config::load(&path).unwrap().config.project.name, name);
}

#[test]
fn find_takes_the_file_in_the_start_directory() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("vm.json"), "{}").unwrap();
    assert_eq!(config::find(dir.path()), Some(dir.path().join("vm.json")));
}

#[test]
fn find_walks_up_to_the_nearest_parent_with_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let outer = dir.path().join("outer");
    let inner = outer.join("project/src/deep");
    fs::create_dir_all(&inner).unwrap();
    fs::write(dir.path().join("vm.json"), "{}").unwrap();
    fs::write(outer.join("project/vm.json"), "{}").unwrap();
    assert_eq!(config::find(&inner), Some(outer.join("project/vm.json")));
}

#[test]
fn find_ignores_a_directory_named_vm_json() {
    let dir = tempfile::tempdir().unwrap();
    let start = dir.path().join("a");
    fs::create_dir_all(start.join("vm.json")).unwrap();
    fs::write(dir.path().join("vm.json"), "{}").unwrap();
    assert_eq!(config::find(&start), Some(dir.path().join("vm.json")));
}

#[test]
fn find_is_none_without_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let start = dir.path().join("a/b");
    fs::create_dir_all(&start).unwrap();
    // Only the temporary directory's own ancestors could hold one; none of its children does.
    let found = config::find(&start);
    assert!(
        found
            .as_deref()
            .is_none_or(|path| !path.starts_with(dir.path())),
        "{found:?}"
    );
}

#[test_case("/home/me/myapp", "myapp")]
#[test_case("/home/me/my-app_2", "my-app_2")]
#[test_case("/home/me/My App", "My-App")]
#[test_case("/home/me/my   app!", "my-app")]
#[test_case("/home/me/.dotfiles", "dotfiles")]
#[test_case("/home/me/__init__", "init__")]
#[test_case("/home/me/app.example.com", "app-example-com")]
#[test_case("/home/me/café", "caf")]
#[test_case("/home/me/---", "project")]
#[test_case("/home/me/日本", "project")]
#[test_case("/", "project")]
fn project_name_from_dir(dir: &str, expected: &str) {
    assert_eq!(config::project_name_from_dir(Path::new(dir)), expected);
}

#[test]
fn project_name_from_dir_keeps_at_most_63_characters() {
    let long = "a".repeat(100);
    let name = config::project_name_from_dir(&Path::new("/tmp").join(long));
    assert_eq!(name.len(), 63);
}
