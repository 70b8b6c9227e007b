use serde_json::json;

/// The `vm.json` that `vm init` writes: valid as it is, with the settings most projects change
/// written out at their defaults. `project_name` should be valid (see [`super::project_name_from_dir`]).
pub fn starter(project_name: &str) -> String {
    let config = json!({
        "$schema": schema_url(),
        "provider": "docker",
        "project": { "name": project_name },
        "vm": { "memory": 2048, "cpus": 2 },
        "ports": {},
        "services": {
            "postgresql": { "enabled": false },
            "redis": { "enabled": false }
        },
        "claude_sync": false
    });
    serde_json::to_string_pretty(&config).expect("a JSON value serializes") + "\n"
}

/// Where editors fetch the schema from, for a `vm.json` anywhere.
///
/// This release's `schema/vm.schema.json` in the repository named by Cargo.toml's `repository`
/// (a tag, so the editor checks against the schema of the `vm` that wrote the file). Without a
/// `repository`, `./vm.schema.json`: the original tool's convention, a file beside `vm.json` that
/// `vm schema > vm.schema.json` writes.
pub fn schema_url() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    if repository.is_empty() {
        "./vm.schema.json".to_owned()
    } else {
        format!(
            "{repository}/raw/v{}/schema/vm.schema.json",
            env!("CARGO_PKG_VERSION")
        )
    }
}
