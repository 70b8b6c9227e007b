//! vm.json's JSON Schema, compiled for checking documents. Compiling it (about 1.5 ms) costs more than every
//! other check of vm.json together, and needs no document: a command about to load vm.json starts it at once,
//! on its own thread, while it finds and reads the file.

use std::sync::Mutex;
use std::thread::JoinHandle;

use super::config_schema::ConfigSchema;

/// The schema, to explain errors with, and its compiled validator.
pub(crate) struct SchemaValidator {
    pub schema: ConfigSchema,
    pub validator: jsonschema::Validator,
}

/// The one started by [`prepare_schema_check`], until a load takes it.
static PREPARED: Mutex<Option<JoinHandle<SchemaValidator>>> = Mutex::new(None);

impl SchemaValidator {
    fn compile() -> SchemaValidator {
        let schema = ConfigSchema::new(super::schema());
        let validator = jsonschema::validator_for(schema.root())
            .expect("the generated schema is a valid JSON Schema");
        SchemaValidator { schema, validator }
    }

    /// The prepared validator where one was started, else one compiled now.
    pub(crate) fn take() -> SchemaValidator {
        let prepared = PREPARED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        prepared
            .and_then(|compiling| compiling.join().ok())
            .unwrap_or_else(SchemaValidator::compile)
    }
}

/// Starts compiling the schema for the next load of vm.json.
pub fn prepare_schema_check() {
    let compiling = std::thread::spawn(SchemaValidator::compile);
    *PREPARED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(compiling);
}
