//! Hostile values reach no shell: a real apply of a minimal machine whose workspace path, environment value and
//! alias hold quotes, `$()`, backquotes, `;`, `|` and a newline. Each arrives exactly as written, and none runs.

use crate::common::{Project, assert_success, docker_engine, stderr, stdout};

/// A file each command substitution would make, were it run: in the machine or on the host.
const MARKER: &str = "/tmp/vm-hostile-value-ran";

fn config() -> String {
    serde_json::json!({
        "project": {
            "name": "NAME",
            "workspace_path": format!("/work space/it's \"q\" $(touch {MARKER}) `touch {MARKER}`"),
        },
        "environment": {
            "HOSTILE": format!("a'b\"c $(touch {MARKER}) `touch {MARKER}`; echo x | cat && true \\ \\\\"),
        },
        "aliases": {
            "hi": format!("echo \"it's\" '$(touch {MARKER})'\necho second; echo `echo third`"),
        },
    })
    .to_string()
}

#[test]
fn hostile_values_arrive_as_written_and_nothing_in_them_runs() {
    if !docker_engine() {
        return;
    }
    let config = config();
    let expected: serde_json::Value = serde_json::from_str(&config).unwrap();
    let project = Project::new("e2e-hostile", &config);
    let _ = std::fs::remove_file(MARKER);
    assert_success(&project.run(&["apply", "--yes"]));

    let exec = |args: &[&str]| {
        let mut all = vec!["exec", "--"];
        all.extend_from_slice(args);
        let output = project.run(&all);
        assert_success(&output);
        stdout(&output)
    };
    assert_eq!(
        exec(&["pwd"]).trim_end_matches('\n'),
        expected["project"]["workspace_path"].as_str().unwrap()
    );
    let hostile = expected["environment"]["HOSTILE"].as_str().unwrap();
    assert_eq!(exec(&["printenv", "HOSTILE"]), format!("{hostile}\n"));
    // Through the login shell's profile too, where the value is a shell word.
    assert_eq!(exec(&["bash", "-lc", "printf %s \"$HOSTILE\""]), hostile);
    assert_eq!(
        exec(&["bash", "-lic", "printf %s \"${BASH_ALIASES[hi]}\""]),
        expected["aliases"]["hi"].as_str().unwrap()
    );
    let ran_inside = project.run(&["exec", "--", "test", "-e", MARKER]);
    assert_eq!(
        ran_inside.status.code(),
        Some(1),
        "a value ran in the machine: {}",
        stderr(&ran_inside)
    );
    assert!(
        !std::path::Path::new(MARKER).exists(),
        "a value ran on the host"
    );
    let plan = project.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}
