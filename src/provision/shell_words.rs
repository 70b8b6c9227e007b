use super::ProvisionError;

/// `value` as one POSIX shell word, whatever it holds (quotes, `$`, backquotes, newlines are all inert).
pub fn quote(value: &str) -> Result<String, ProvisionError> {
    shlex::try_quote(value)
        .map(|word| word.into_owned())
        .map_err(|_| ProvisionError::Nul {
            what: format!("`{}`", value.replace('\0', "\\0")),
        })
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
            quote(package)
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
        assert!(matches!(quote("a\0b"), Err(ProvisionError::Nul { .. })));
    }
}
