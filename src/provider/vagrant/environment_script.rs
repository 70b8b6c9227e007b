use std::collections::BTreeMap;

use crate::shell_word::{NulInShellWord, quote};

/// Where the VM backends keep the machine's environment: every login shell reads it.
pub const ENVIRONMENT_FILE: &str = "/etc/profile.d/vm-environment.sh";

/// A POSIX shell script that writes `environment` to `path` as `export` lines, for the VM
/// backends, which have no environment setting of their own. Each `NAME=value` is one shell word
/// ([`quote`]), and so is the whole profile, so no name or value is ever run as a command; the script does not use
/// the shell provisioner's `env:`, which puts values in double quotes (`$(..)` would run).
pub fn environment_script(
    environment: &BTreeMap<String, String>,
    path: &str,
) -> Result<String, NulInShellWord> {
    let profile = environment
        .iter()
        .map(|(name, value)| Ok(format!("export {}\n", quote(&format!("{name}={value}"))?)))
        .collect::<Result<String, NulInShellWord>>()?;
    Ok(format!(
        "printf '%s' {} > {}\nchmod 0644 {}\n",
        quote(&profile)?,
        quote(path)?,
        quote(path)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_is_one_printf_of_quoted_exports() {
        let environment = BTreeMap::from([
            ("A".to_owned(), "it's".to_owned()),
            ("B".to_owned(), "$(id)".to_owned()),
        ]);
        let script = environment_script(&environment, ENVIRONMENT_FILE).unwrap();
        // What the words hold is checked by `sh` below; here, the shape: one printf into the file, one chmod.
        assert!(script.starts_with("printf '%s' "), "{script}");
        assert!(
            script.ends_with(
                " > /etc/profile.d/vm-environment.sh\nchmod 0644 /etc/profile.d/vm-environment.sh\n"
            ),
            "{script}"
        );
        assert_eq!(script.lines().count(), 4, "{script}");
    }

    /// The script, run by `sh`, writes a file that `sh` reads back as exactly the environment,
    /// and nothing in a name or a value runs.
    #[test]
    fn sh_reads_back_exactly_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("vm-environment.sh");
        let marker = dir.path().join("ran");
        let marker = marker.display();
        let environment = BTreeMap::from([
            ("PLAIN".to_owned(), "value".to_owned()),
            ("QUOTES".to_owned(), r#"it's "x" \ \\"#.to_owned()),
            (
                "SUBST".to_owned(),
                format!("$(touch {marker}) `touch {marker}`"),
            ),
            ("LINES".to_owned(), "one\ntwo\n\nthree'\n".to_owned()),
            ("EMPTY".to_owned(), String::new()),
            ("COMMA".to_owned(), "a, b; c && d | e".to_owned()),
        ]);
        let script = environment_script(&environment, &file.display().to_string()).unwrap();
        let status = std::process::Command::new("sh")
            .args(["-c", &script])
            .status()
            .unwrap();
        assert!(status.success());
        // Print each variable as name, NUL, value, NUL.
        let names: Vec<&str> = environment.keys().map(String::as_str).collect();
        let output = std::process::Command::new("sh")
            .args([
                "-c",
                r#". "$0"; shift 0; for n in "$@"; do eval "v=\${$n}"; printf '%s\0%s\0' "$n" "$v"; done"#,
            ])
            .arg(&file)
            .args(&names)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let expected: String = environment
            .iter()
            .map(|(name, value)| format!("{name}\0{value}\0"))
            .collect();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
        assert!(!dir.path().join("ran").exists(), "a value ran as a command");
    }

    #[test]
    fn a_name_that_is_not_a_shell_name_fails_to_export_and_runs_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("vm-environment.sh");
        let marker = dir.path().join("ran");
        let environment =
            BTreeMap::from([(format!("A;touch {}", marker.display()), "v".to_owned())]);
        let script = environment_script(&environment, &file.display().to_string()).unwrap();
        assert!(
            std::process::Command::new("sh")
                .args(["-c", &script])
                .status()
                .unwrap()
                .success()
        );
        let _ = std::process::Command::new("sh")
            .arg(&file)
            .status()
            .unwrap();
        assert!(!marker.exists(), "a name ran as a command");
    }
}
