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

/// Where editors find the schema: `vm.schema.json` beside `vm.json`, the original tool's convention;
/// `vm init` writes it there (`vm schema > vm.schema.json` refreshes it).
pub fn schema_url() -> String {
    format!("./{SCHEMA_FILE_NAME}")
}

/// The file `vm init` writes the schema to, beside `vm.json`.
pub const SCHEMA_FILE_NAME: &str = "vm.schema.json";
