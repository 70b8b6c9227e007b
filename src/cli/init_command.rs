use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config;
use crate::error::Error;

/// Writes a starter `vm.json` named after the current directory, and the schema it points editors at.
/// Never overwrites either file.
pub fn init() -> Result<ExitCode, Error> {
    let dir = std::env::current_dir().map_err(|source| Error::Io {
        action: "read the current directory",
        path: ".".into(),
        source,
    })?;
    let path = dir.join("vm.json");
    let text = config::starter(&config::project_name_from_dir(&dir));
    if !write_new(&path, &text)? {
        return Err(Error::ConfigExists { path });
    }
    println!("Wrote {}.", path.display());
    let schema = dir.join(config::SCHEMA_FILE_NAME);
    if write_new(&schema, &config::schema_text())? {
        println!(
            "Wrote {} for editors to validate and complete vm.json.",
            schema.display()
        );
    }
    println!("Next: `vm plan` shows the machine it describes.");
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
