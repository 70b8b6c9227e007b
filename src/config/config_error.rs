use std::path::PathBuf;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource};
use thiserror::Error;

use super::ConfigDiagnostic;

/// Why `vm.json` could not be loaded.
#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {}", path.display())]
    #[diagnostic(help("`vm init` writes a starter vm.json in the current directory"))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The path is not a regular file: a directory, a FIFO, a device. Never read, so never waited on.
    #[error("cannot read {}: it is {what}, not a file", path.display())]
    #[diagnostic(help("pass the path of a vm.json file with `-c FILE`"))]
    NotAFile { path: PathBuf, what: &'static str },
    /// The file was read, and has problems: every one of them, in file order.
    #[error("{} is not a valid vm.json: {}", path.display(), count(diagnostics.len()))]
    Invalid {
        path: PathBuf,
        #[source_code]
        source_code: NamedSource<Arc<str>>,
        #[related]
        diagnostics: Vec<ConfigDiagnostic>,
    },
}

impl ConfigError {
    /// What kind of problem it is, e.g. `read`: for a file with problems, the code of its first.
    pub fn code(&self) -> &'static str {
        match self {
            ConfigError::Read { .. } => "read",
            ConfigError::NotAFile { .. } => "not_a_file",
            ConfigError::Invalid { diagnostics, .. } => diagnostics
                .first()
                .map_or("invalid", ConfigDiagnostic::code),
        }
    }

    /// The problems found in the file; empty when it could not be read.
    pub fn diagnostics(&self) -> &[ConfigDiagnostic] {
        match self {
            ConfigError::Read { .. } | ConfigError::NotAFile { .. } => &[],
            ConfigError::Invalid { diagnostics, .. } => diagnostics,
        }
    }
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 error".to_owned()
    } else {
        format!("{n} errors")
    }
}
