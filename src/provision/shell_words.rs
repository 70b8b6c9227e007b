use super::ProvisionError;
pub use crate::shell_word::quote;

impl From<crate::shell_word::NulInShellWord> for ProvisionError {
    fn from(error: crate::shell_word::NulInShellWord) -> Self {
        ProvisionError::Nul { what: error.shown }
    }
}

/// Fills a catalog template: each `{key}` becomes its value as one quoted shell word.
pub fn fill(template: &str, values: &[(&str, &str)]) -> Result<String, ProvisionError> {
    let mut filled = template.to_owned();
    for (key, value) in values {
        let placeholder = format!("{{{key}}}");
        if filled.contains(&placeholder) {
            filled = filled.replace(&placeholder, &quote(value)?);
        }
    }
    Ok(filled)
}

/// Package names as quoted words after an installer; a name that would read as an option is refused.
pub fn package_words(what: &str, packages: &[String]) -> Result<String, ProvisionError> {
    let words = packages
        .iter()
        .map(|package| {
            if package.starts_with('-') {
                return Err(ProvisionError::OptionLike {
                    what: what.to_owned(),
                    value: package.clone(),
                });
            }
            Ok(quote(package)?)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_becomes_one_quoted_word_and_unknown_braces_stay() {
        let filled = fill(
            "pg_isready -p {port} {ping: 1} {user}",
            &[("port", "5432"), ("user", "a b")],
        )
        .unwrap();
        assert_eq!(filled, "pg_isready -p 5432 {ping: 1} 'a b'");
    }

    #[test]
    fn option_like_packages_and_nul_bytes_are_refused() {
        assert!(matches!(
            package_words("npm package", &["--prefix=/".into()]),
            Err(ProvisionError::OptionLike { .. })
        ));
        assert!(matches!(
            package_words("npm package", &["a\0b".into()]),
            Err(ProvisionError::Nul { .. })
        ));
    }
}
