//! Whatever text vm.json holds, loading it never panics: it gives a Config, or diagnostics whose labels
//! all point inside the file and render.

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Map, Value};

/// Keys of the real file, so generated documents reach deep into the schema, mixed with near misses.
const KEYS: &[&str] = &[
    "$schema",
    "provider",
    "project",
    "name",
    "hostname",
    "workspace_path",
    "vm",
    "memory",
    "cpus",
    "user",
    "port_binding",
    "image",
    "ports",
    "web",
    "services",
    "postgresql",
    "redis",
    "enabled",
    "port",
    "database",
    "environment",
    "NODE_ENV",
    "claude_sync",
    "gemini_sync",
    "terminal",
    "theme",
    "versions",
    "node",
    "apt_packages",
    "servics",
    "memroy",
    "",
    "é",
    "a b",
];

fn document() -> impl Strategy<Value = Value> {
    crate::config_fuzz::scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(key, value)| (key.to_owned(), value))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    crate::config_fuzz::check(&dir.path().join("vm.json"), text.as_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_json_document_loads_or_is_diagnosed(document in document()) {
        check(&serde_json::to_string_pretty(&document).unwrap())?;
    }

    #[test]
    fn any_cut_of_a_valid_file_loads_or_is_diagnosed(cut in 0usize..2000) {
        let text = std::fs::read_to_string(Path::new("examples/ports-and-env.json")).unwrap();
        let mut end = cut.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        check(&text[..end])?;
    }
}
