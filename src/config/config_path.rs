use std::fmt;

/// Where a value sits in `vm.json`: the keys (and array indexes) from the top level down to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct ConfigPath(Vec<String>);

impl ConfigPath {
    /// The path of a JSON pointer such as `/vm/memory` (RFC 6901, with `~0` and `~1` escapes).
    pub(crate) fn from_pointer(pointer: &str) -> Self {
        ConfigPath(
            pointer
                .split('/')
                .skip(1)
                .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
                .collect(),
        )
    }

    pub(crate) fn join(&self, segment: impl Into<String>) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment.into());
        ConfigPath(segments)
    }

    pub(crate) fn segments(&self) -> &[String] {
        &self.0
    }

    pub(crate) fn last(&self) -> Option<&str> {
        self.0.last().map(String::as_str)
    }

    pub(crate) fn parent(&self) -> ConfigPath {
        ConfigPath(self.0[..self.0.len().saturating_sub(1)].to_vec())
    }

    /// "`vm.memory`", or "the top level" for the whole file.
    pub(crate) fn describe(&self) -> String {
        if self.0.is_empty() {
            "the top level".to_owned()
        } else {
            format!("`{self}`")
        }
    }
}

/// Dotted, as a user would name it: `services.postgresql.port`, `npm_packages[2]`.
impl fmt::Display for ConfigPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                write!(f, "[{segment}]")?;
            } else if i == 0 {
                f.write_str(segment)?;
            } else {
                write!(f, ".{segment}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::ConfigPath;

    #[test]
    fn reads_json_pointers_and_shows_dotted_paths() {
        assert_eq!(ConfigPath::from_pointer("").to_string(), "");
        assert_eq!(
            ConfigPath::from_pointer("/vm/memory").to_string(),
            "vm.memory"
        );
        assert_eq!(
            ConfigPath::from_pointer("/npm_packages/2").to_string(),
            "npm_packages[2]"
        );
        assert_eq!(
            ConfigPath::from_pointer("/aliases/a~1b~0c").last(),
            Some("a/b~c")
        );
        assert_eq!(ConfigPath::default().describe(), "the top level");
        assert_eq!(ConfigPath::from_pointer("/vm").describe(), "`vm`");
    }
}
