//! Whatever text vm.json holds, loading it never panics: it gives a Config, or diagnostics whose labels
//! all point inside the file and render.

use std::path::Path;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use proptest::prelude::*;
use serde_json::{Map, Value};
use vm::config::{ConfigError, load};

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

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0u64..70_000).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![
            Just("docker".to_owned()),
            Just("vagrant".to_owned()),
            Just("myapp".to_owned()),
            Just("127.0.0.1".to_owned()),
            Just("/workspace".to_owned()),
            ".{0,12}",
        ]
        .prop_map(Value::String),
    ]
}

fn document() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
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
    let path = dir.path().join("vm.json");
    std::fs::write(&path, text).unwrap();
    match load(&path) {
        Ok(loaded) => {
            // What loads, saved again, loads to the same configuration.
            std::fs::write(&path, serde_json::to_string_pretty(&loaded.config).unwrap()).unwrap();
            prop_assert_eq!(load(&path).unwrap().config, loaded.config);
        }
        Err(error @ ConfigError::Invalid { .. }) => {
            prop_assert!(!error.diagnostics().is_empty());
            for diagnostic in error.diagnostics() {
                for label in diagnostic.labels().into_iter().flatten() {
                    prop_assert!(
                        label.offset() + label.len() <= text.len(),
                        "{label:?} outside {} bytes",
                        text.len()
                    );
                }
            }
            let mut rendered = String::new();
            GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
                .render_report(&mut rendered, &error)
                .unwrap();
            prop_assert!(rendered.contains("vm.json"));
        }
        Err(other) => prop_assert!(false, "unexpected {other:?}"),
    }
    Ok(())
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
