//! A fuzzer of the load path (`vm::config::load`: read, JSONC, schema, types, semantic checks): arbitrary bytes,
//! token soup, mutated real files and arbitrary JSON trees over every key of the schema, at volume. Whatever the
//! file holds, loading never panics: it gives a configuration, or diagnostics whose labels lie inside the file and
//! render.
//!
//! `VM_FUZZ_CASES` sets the cases of each property (256 by default, so CI stays quick);
//! `VM_FUZZ_CASES=100000 cargo test --release --test integration config_fuzz` runs it for longer.

use std::path::{Path, PathBuf};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value};
use vm::config::{ConfigError, load};

fn cases() -> u32 {
    std::env::var("VM_FUZZ_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(256)
}

/// Every property name of the schema, with a few near misses and oddities.
fn schema_keys() -> Vec<String> {
    fn walk(value: &Value, keys: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                if let Some(Value::Object(properties)) = object.get("properties") {
                    keys.extend(properties.keys().cloned());
                }
                object.values().for_each(|value| walk(value, keys));
            }
            Value::Array(items) => items.iter().for_each(|value| walk(value, keys)),
            _ => {}
        }
    }
    let mut keys = vec![
        "memroy".to_owned(),
        String::new(),
        "é🚀".to_owned(),
        "a\u{0}b".to_owned(),
        "NODE_ENV".to_owned(),
        "web".to_owned(),
    ];
    walk(&vm::config::schema(), &mut keys);
    keys.sort();
    keys.dedup();
    keys
}

/// Scalars that reach the schema's rules: its enum values, paths, hostile and arbitrary strings, any number.
pub(crate) fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (0u64..70_000).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![
            Just("docker".to_owned()),
            Just("vagrant".to_owned()),
            Just("myapp".to_owned()),
            Just("/workspace".to_owned()),
            Just("../../etc".to_owned()),
            Just("$(reboot)".to_owned()),
            Just("@anthropic-ai/claude-code".to_owned()),
            Just("a\u{0}b".to_owned()),
            any::<String>(),
        ]
        .prop_map(Value::String),
    ]
}

/// Arbitrary JSON trees over the schema's keys: deep, and wide enough to make large documents.
fn tree(keys: Vec<String>) -> impl Strategy<Value = Value> {
    scalar().prop_recursive(8, 512, 32, move |inner| {
        let keys = keys.clone();
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..32).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(keys), inner), 0..12).prop_map(|entries| {
                Value::Object(entries.into_iter().collect::<Map<String, Value>>())
            }),
        ]
    })
}

/// Pieces of JSONC and of what breaks it, to be strung together.
fn token() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "\"",
            "\"project\"",
            "\"name\"",
            "\"vm\"",
            "\"ports\"",
            "\"services\"",
            "\"memory\"",
            "\"enabled\"",
            "\"app\"",
            "true",
            "false",
            "null",
            "0",
            "-1",
            "1e999",
            "0x10",
            "NaN",
            "'x'",
            "//",
            "/*",
            "*/",
            "\n",
            " ",
            "\t",
            "\\",
            "\\u",
            "\\ud800",
            "\u{feff}",
            "é",
        ])
        .prop_map(|token| token.as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 1..4),
    ]
}

/// A real file with bytes replaced, inserted or cut.
fn mutated(examples: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(examples),
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..8),
    )
        .prop_map(|(mut bytes, edits)| {
            for (at, kind, byte) in edits {
                if bytes.is_empty() {
                    bytes.push(byte);
                    continue;
                }
                let at = at.index(bytes.len());
                match kind {
                    0 => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            bytes
        })
}

fn examples() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read(path).unwrap())
        .collect()
}

/// Loads `bytes` as `path`: never a panic; a configuration (which, saved again, loads the same), or diagnostics
/// inside the file that render.
pub(crate) fn check(path: &Path, bytes: &[u8]) -> Result<(), TestCaseError> {
    std::fs::write(path, bytes).unwrap();
    match load(path) {
        Ok(loaded) => {
            std::fs::write(path, serde_json::to_string_pretty(&loaded.config).unwrap()).unwrap();
            prop_assert_eq!(load(path).unwrap().config, loaded.config);
        }
        Err(error @ ConfigError::Invalid { .. }) => {
            prop_assert!(!error.diagnostics().is_empty());
            for diagnostic in error.diagnostics() {
                for label in diagnostic.labels().into_iter().flatten() {
                    prop_assert!(
                        label.offset() + label.len() <= String::from_utf8_lossy(bytes).len(),
                        "{label:?} outside the file"
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

/// Runs `strategy` for `cases()` cases against `check`.
fn fuzz<S: Strategy>(strategy: S, bytes: impl Fn(S::Value) -> Vec<u8>)
where
    S::Value: std::fmt::Debug,
{
    let dir = tempfile::Builder::new()
        .prefix("vm-fuzz-")
        .tempdir()
        .unwrap();
    let path = dir.path().join("vm.json");
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(failure) = runner.run(&strategy, |value| check(&path, &bytes(value))) {
        panic!("{failure}");
    }
}

#[test]
fn config_fuzz_arbitrary_bytes() {
    fuzz(prop::collection::vec(any::<u8>(), 0..4096), |bytes| bytes);
}

#[test]
fn config_fuzz_token_soup() {
    fuzz(prop::collection::vec(token(), 0..256), |tokens| {
        tokens.concat()
    });
}

#[test]
fn config_fuzz_mutated_examples() {
    fuzz(mutated(examples()), |bytes| bytes);
}

#[test]
fn config_fuzz_json_trees_over_the_schema() {
    fuzz(tree(schema_keys()), |tree| {
        serde_json::to_vec_pretty(&tree).unwrap()
    });
}

#[test]
fn config_fuzz_json_trees_under_a_valid_project() {
    let with_project = tree(schema_keys()).prop_map(|tree| {
        let mut document = match tree {
            Value::Object(object) => object,
            other => Map::from_iter([("environment".to_owned(), other)]),
        };
        document.insert("project".to_owned(), serde_json::json!({ "name": "app" }));
        Value::Object(document)
    });
    fuzz(with_project, |tree| serde_json::to_vec(&tree).unwrap());
}
