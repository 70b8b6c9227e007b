//! vm.json's JSON Schema, compiled for checking documents.

use super::config_schema::ConfigSchema;

/// The schema, to explain errors with, and its compiled validator.
pub(crate) struct SchemaValidator {
    pub schema: ConfigSchema,
    pub validator: jsonschema::Validator,
}

impl SchemaValidator {
    pub(crate) fn compile() -> SchemaValidator {
        let schema = ConfigSchema::new(super::schema());
        let validator = jsonschema::validator_for(schema.root())
            .expect("the generated schema is a valid JSON Schema");
        SchemaValidator { schema, validator }
    }
}
