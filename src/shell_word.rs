//! The one way vm writes shell text. Every value becomes one POSIX shell word (shlex's quoting), so quotes, `$()`,
//! backquotes and newlines are inert; a NUL, which no shell word can hold (the shell would cut the value there), is
//! refused. [`for_display`] renders a command for people to read and paste, never for a shell to run.

use std::borrow::Cow;

/// A value holding a NUL, which no shell word can carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{shown} contains a NUL byte, which no shell word can hold")]
pub struct NulInShellWord {
    /// The value, its NULs shown as `\0`, in backquotes.
    pub shown: String,
}

/// `value` as one POSIX shell word: plain where that is safe, else quoted; an error for a NUL.
pub fn quote(value: &str) -> Result<String, NulInShellWord> {
    shlex::try_quote(value)
        .map(Cow::into_owned)
        .map_err(|_| NulInShellWord {
            shown: format!("`{}`", value.replace('\0', "\\0")),
        })
}

/// `words` as one shell command line, each its own word.
pub fn join<S: AsRef<str>>(words: &[S]) -> Result<String, NulInShellWord> {
    let quoted = words
        .iter()
        .map(|word| quote(word.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(quoted.join(" "))
}

/// Display only: `value` quoted as [`quote`] does, a NUL shown as `\0`. Never hand this to a shell.
pub fn for_display(value: &str) -> String {
    quote(&value.replace('\0', "\\0")).expect("no NUL is left to refuse")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile values, each read back by `sh` as exactly itself, and nothing in them runs.
    #[test]
    fn sh_reads_every_quoted_value_back_as_itself() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("ran");
        let marker = marker.display();
        let values = [
            String::new(),
            "plain".to_owned(),
            "a b".to_owned(),
            r#"it's "x" \ \\"#.to_owned(),
            format!("$(touch {marker})"),
            format!("`touch {marker}`"),
            format!("x; touch {marker}"),
            "one\ntwo\n\nthree'\n".to_owned(),
            "{a,b} * ? ~ # ! %".to_owned(),
            "é🚀\u{a0}\t".to_owned(),
            "-n".to_owned(),
        ];
        let script = format!("printf '%s\\0' {}", join(&values).unwrap());
        let output = std::process::Command::new("sh")
            .args(["-c", &script])
            .output()
            .unwrap();
        assert!(output.status.success());
        let expected: String = values.iter().map(|value| format!("{value}\0")).collect();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
        assert!(!dir.path().join("ran").exists(), "a value ran as a command");
    }

    #[test]
    fn a_nul_is_refused_and_only_shown() {
        assert_eq!(
            quote("a\0b"),
            Err(NulInShellWord {
                shown: "`a\\0b`".to_owned()
            })
        );
        assert!(join(&["ok", "a\0b"]).is_err());
        assert_eq!(for_display("a\0b"), r#""a\\0b""#);
        assert_eq!(for_display("dev/vm.json"), "dev/vm.json");
    }
}
