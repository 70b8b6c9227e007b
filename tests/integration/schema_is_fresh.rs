//! `schema/vm.schema.json` is the committed output of `vm schema`; it must not go stale.

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string("schema/vm.schema.json").unwrap_or_default();
    let generated = vm::config::schema_text();
    assert!(
        committed == generated,
        "schema/vm.schema.json is stale: run `cargo run -- schema > schema/vm.schema.json`\n\n{}",
        similar::TextDiff::from_lines(&committed, &generated)
            .unified_diff()
            .header("schema/vm.schema.json", "vm schema")
    );
}
