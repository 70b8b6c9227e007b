use std::fs::OpenOptions;
use std::io::Write;

use super::ProviderError as Error;
use crate::state::EnvFileState;

/// The first line of a `.env` vm wrote.
const WRITTEN_BY_VM: &str = "# Written by vm from";

/// A `.env` that exists is the project's now: it reads as it should be, and a note says when it is not vm's own.
pub fn observe_env_file(desired: &EnvFileState) -> Option<(EnvFileState, Option<String>)> {
    let text = std::fs::read_to_string(&desired.path).ok();
    if text.is_none() && std::fs::symlink_metadata(&desired.path).is_err() {
        return None;
    }
    let note = (!text.unwrap_or_default().starts_with(WRITTEN_BY_VM)).then(|| {
        format!(
            "{} exists, so vm leaves it as it is: it never overwrites a .env",
            desired.path.display()
        )
    });
    Some((desired.clone(), note))
}

/// Copies the template to `.env` with the service URLs after it; never over an existing file.
pub fn write_env_file(state: &EnvFileState) -> Result<(), Error> {
    let template = std::fs::read_to_string(&state.template).map_err(|source| Error::Io {
        action: "read the .env template",
        path: state.template.clone(),
        source,
    })?;
    let mut text = format!(
        "{WRITTEN_BY_VM} {}; vm never overwrites it.\n{template}",
        state
            .template
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
    );
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if !state.added.is_empty() {
        text.push_str("\n# The machine's services, added by vm\n");
        for (name, value) in &state.added {
            text.push_str(&format!("{name}={value}\n"));
        }
    }
    let io_error = |source| Error::Io {
        action: "write",
        path: state.path.clone(),
        source,
    };
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&state.path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(io_error)
}
