//! `vm.json`: its types (the one definition of the file, from which the schema is generated), loading and validation.

mod accepted_texts;
#[allow(clippy::module_inception)] // `config.rs` holds `Config`: one file per type, named after it.
mod config;
mod config_diagnostic;
mod config_error;
mod config_path;
mod config_schema;
mod did_you_mean;
mod find;
mod json_document;
mod jsonc_text;
mod load;
mod loaded_config;
mod machine;
mod port;
mod project;
mod project_name;
mod provider_kind;
mod reference;
mod schema_check;
mod schema_validator;
mod semantic_check;
mod services;
mod source_map;
mod starter;
mod suggested_value;
mod terminal;
mod vagrant_settings;
mod value_rules;
mod versions;
mod wording;

pub use accepted_texts::AcceptedTexts;
pub use config::Config;
pub use config_diagnostic::ConfigDiagnostic;
pub use config_error::ConfigError;
pub use find::{CEILING_VARIABLE, FILE_NAME, find};
pub use load::{absolute, load, load_remembering};
pub use loaded_config::LoadedConfig;
pub use machine::{DEFAULT_IMAGE, Machine, PortBinding};
pub use port::Port;
pub use project::Project;
pub use project_name::project_name_from_dir;
pub use provider_kind::ProviderKind;
pub use reference::reference_markdown;
pub use services::{
    AudioService, DatabaseService, DockerService, GpuService, HeadlessBrowserService, PortService,
    Services,
};
pub use starter::{SCHEMA_FILE_NAME, schema_url, starter};
pub use terminal::{Terminal, Theme};
pub use vagrant_settings::{VagrantBackend, VagrantSettings};
pub use versions::Versions;

/// The JSON Schema of `vm.json`, generated from [`Config`].
pub fn schema() -> serde_json::Value {
    generated_schema().clone()
}

/// The schema, generated once per process: loading vm.json keys its remembered verdicts on it and compiles it.
fn generated_schema() -> &'static serde_json::Value {
    static SCHEMA: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::to_value(schemars::schema_for!(Config))
            .expect("a generated schema is valid JSON")
    })
}

/// The schema as `vm schema` prints it and `schema/vm.schema.json` holds it: pretty, with a final newline.
pub fn schema_text() -> String {
    serde_json::to_string_pretty(&schema()).expect("a generated schema is valid JSON") + "\n"
}
