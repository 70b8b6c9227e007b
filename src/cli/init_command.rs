use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config;
use crate::engine::ProjectError as Error;

/// Writes a starter configuration, `./vm.json` or `-c FILE`, named after the directory it is in, and beside it
/// the schema it points editors at. Never overwrites either file.
pub fn init(config_path: Option<&Path>) -> Result<ExitCode, Error> {
    let current = std::env::current_dir().map_err(|source| Error::Io {
        action: "read the current directory",
        path: ".".into(),
        source,
    })?;
    let path = match config_path {
        Some(given) => current.join(given),
        None => current.join(config::FILE_NAME),
    };
    let dir = path.parent().unwrap_or(&current).to_path_buf();
    let text = config::starter(&config::project_name_from_dir(&dir));
    if !write_new(&path, &text)? {
        return Err(Error::ConfigExists { path });
    }
    println!("Wrote {}.", path.display());
    let file_name = path
        .file_name()
        .map_or_else(|| config::FILE_NAME.into(), |name| name.to_string_lossy());
    let schema = dir.join(config::SCHEMA_FILE_NAME);
    if write_new(&schema, &config::schema_text())? {
        println!(
            "Wrote {} for editors to validate and complete {file_name}.",
            schema.display()
        );
    } else {
        println!(
            "Kept {}, which already exists: `vm schema > {}` replaces it with this vm's schema.",
            schema.display(),
            shell_word(&schema)
        );
    }
    match config_path {
        Some(given) => println!(
            "Next: `vm -c {} plan` shows the machine it describes.",
            shell_word(given)
        ),
        None => println!("Next: `vm plan` shows the machine it describes."),
    }
    Ok(ExitCode::SUCCESS)
}

/// Creates `path` with `text`; `false` when it already exists, which is left as it is.
fn write_new(path: &Path, text: &str) -> Result<bool, Error> {
    let io_error = |action| {
        let path: PathBuf = path.to_path_buf();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    };
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(source) => return Err(io_error("create")(source)),
    };
    file.write_all(text.as_bytes()).map_err(io_error("write"))?;
    Ok(true)
}

/// `path` as one shell word, to paste (display only).
fn shell_word(path: &Path) -> String {
    crate::shell_word::for_display(&path.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_only_when_a_shell_would_split_or_expand_them() {
        assert_eq!(shell_word(Path::new("dev/vm.json")), "dev/vm.json");
        assert_eq!(shell_word(Path::new("my app/vm.json")), "'my app/vm.json'");
        assert_eq!(shell_word(Path::new("it's/$x")), r#""it's/"'$x'"#);
    }
}
