use std::fs::OpenOptions;
use std::io::Write;
use std::process::ExitCode;

use crate::config;
use crate::error::Error;

/// Writes a starter `vm.json` named after the current directory; never overwrites one.
pub fn init() -> Result<ExitCode, Error> {
    let dir = std::env::current_dir().map_err(|source| Error::Io {
        action: "read the current directory",
        path: ".".into(),
        source,
    })?;
    let path = dir.join("vm.json");
    let text = config::starter(&config::project_name_from_dir(&dir));
    let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::ConfigExists { path });
        }
        Err(source) => {
            return Err(Error::Io {
                action: "create",
                path,
                source,
            });
        }
    };
    file.write_all(text.as_bytes())
        .map_err(|source| Error::Io {
            action: "write",
            path: path.clone(),
            source,
        })?;
    println!(
        "Wrote {}. Next: `vm plan` to see the machine it describes.",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
