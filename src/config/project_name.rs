use std::path::Path;

/// A valid `project.name` for the project in `dir`: its directory name, each run of characters a
/// name cannot have replaced by `-`, leading characters other than letters and digits dropped;
/// `project` when nothing is left.
pub fn project_name_from_dir(dir: &Path) -> String {
    let name = match dir.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => dir
            .canonicalize()
            .ok()
            .and_then(|dir| {
                dir.file_name()
                    .map(|name| name.to_string_lossy().into_owned())
            })
            .unwrap_or_default(),
    };
    let name = sanitize_project_name(&name);
    if name.is_empty() {
        "project".to_owned()
    } else {
        name
    }
}

/// `name` made valid as a `project.name` (`^[A-Za-z0-9][A-Za-z0-9_-]*$`, at most 63 characters);
/// empty when nothing of it can be kept.
pub(crate) fn sanitize_project_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let mut out: String = out.chars().take(63).collect();
    while out.ends_with('-') {
        out.pop();
    }
    out
}
