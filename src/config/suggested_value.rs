use super::config_path::ConfigPath;
use super::project_name::sanitize_project_name;

/// A valid value close to `text` for a key that vm reads more strictly than the original tool did, so that the
/// diagnostic can say how to fix it (`Try \`my-app\`.`); `None` for other keys, or when nothing close is valid.
pub(crate) fn suggested_value(path: &ConfigPath, text: &str) -> Option<String> {
    let segments: Vec<&str> = path.segments().iter().map(String::as_str).collect();
    let suggestion = match segments.as_slice() {
        ["project", "name"] => sanitize_project_name(text),
        ["project", "hostname"] => hostname(text),
        ["project", "workspace_path"] => format!("/{}", text.trim_start_matches("./")),
        ["vm", "user"] => user_name(text),
        _ => return None,
    };
    (!suggestion.is_empty() && suggestion != text).then_some(suggestion)
}

/// Labels of letters, digits and `-` (other characters become `-`), none starting or ending with `-`, at most 63
/// characters each and 64 in all.
fn hostname(text: &str) -> String {
    let labels: Vec<String> = text
        .split('.')
        .map(|label| {
            let label: String = label
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let label: String = label.trim_matches('-').chars().take(63).collect();
            label.trim_end_matches('-').to_owned()
        })
        .filter(|label| !label.is_empty())
        .collect();
    let mut hostname = labels.join(".");
    hostname.truncate(64);
    hostname.trim_end_matches(['-', '.']).to_owned()
}

/// Lowercase letters, digits, `_` and `-` (other characters become `_`), starting with a letter or `_`, at most 32.
fn user_name(text: &str) -> String {
    let mut name: String = text
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
        name.insert(0, '_');
    }
    name.chars().take(32).collect()
}

#[cfg(test)]
mod tests {
    use test_case::test_case;

    use super::*;

    #[test_case("/project/name", "My App!", Some("My-App") ; "project name")]
    #[test_case("/project/hostname", "my_box.Local.", Some("my-box.Local") ; "hostname with an underscore")]
    #[test_case("/project/hostname", "-a-.b", Some("a.b") ; "hostname labels with dashes at their ends")]
    #[test_case("/project/workspace_path", "workspace", Some("/workspace") ; "relative workspace")]
    #[test_case("/project/workspace_path", "./src", Some("/src") ; "dot-relative workspace")]
    #[test_case("/vm/user", "Dev User", Some("dev_user") ; "user with capitals and a space")]
    #[test_case("/vm/user", "1dev", Some("_1dev") ; "user starting with a digit")]
    #[test_case("/vm/memory", "lots", None ; "another key")]
    #[test_case("/project/hostname", "---", None ; "nothing to keep")]
    fn suggests(pointer: &str, text: &str, expected: Option<&str>) {
        assert_eq!(
            suggested_value(&ConfigPath::from_pointer(pointer), text).as_deref(),
            expected
        );
    }

    #[test]
    fn a_long_hostname_is_cut_to_64_characters() {
        let long = format!("{}.{}", "a".repeat(40), "b".repeat(40));
        let suggested = hostname(&long);
        assert_eq!(suggested, format!("{}.{}", "a".repeat(40), "b".repeat(23)));
    }
}
