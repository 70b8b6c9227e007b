use super::{CATALOG, EntryKind};

/// The README's tables of services and languages, generated from the catalog so the two never disagree.
pub fn reference_markdown() -> String {
    let mut text = String::from(
        "| service | what | health check | default port | URL variable | database, user, password by default | data |\n\
         | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for row in CATALOG.iter().filter(|row| row.kind == EntryKind::Service) {
        let credentials = match (row.create_database.is_empty(), row.default_db_user) {
            (false, Some(user)) => format!(
                "`<project.name>_dev`, `{user}`, `{}`",
                row.default_password.unwrap_or("")
            ),
            _ => "—".to_owned(),
        };
        text.push_str(&format!(
            "| `services.{}` | {} | {} | {} | {} | {} | {} |\n",
            row.name,
            row.description,
            code_or_dash(row.health),
            row.default_port
                .map_or("—".to_owned(), |port| port.to_string()),
            row.url
                .map_or("—".to_owned(), |url| format!("`{}`", url.name)),
            credentials,
            row.data_dir
                .map_or("—".to_owned(), |dir| format!("`{dir}`")),
        ));
    }
    text.push_str(
        "\n| language | what | version when `versions` names none | check |\n| --- | --- | --- | --- |\n",
    );
    for row in CATALOG.iter().filter(|row| row.kind == EntryKind::Language) {
        let default = match (row.debian_version, row.default_version) {
            (Some(debian), _) => format!("Debian's, {debian}"),
            (None, Some(version)) => version.to_owned(),
            (None, None) => "—".to_owned(),
        };
        text.push_str(&format!(
            "| `versions.{}` | {} | {} | {} |\n",
            row.name,
            row.description,
            default,
            code_or_dash(row.installed),
        ));
    }
    text
}

fn code_or_dash(snippet: &str) -> String {
    if snippet.is_empty() {
        "—".to_owned()
    } else {
        format!("`{}`", snippet.replace('|', "\\|"))
    }
}
