//! The README's table of `vm.json` keys is generated from the schema: the text between the markers
//! below must be `vm::config::reference_markdown()`, set off by a blank line on each side so that
//! Markdown renders the markers and the table as separate blocks. `UPDATE_README=1 cargo test --test
//! integration readme_reference` rewrites it; review the diff like code.

use std::path::PathBuf;

const START: &str = "<!-- vm.json reference: generated from the schema by tests/integration/readme_reference.rs; \
                     UPDATE_README=1 cargo test --test integration readme_reference rewrites it -->\n";
const END: &str = "<!-- end of vm.json reference -->";

fn readme() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

/// Where the generated text sits in the README: from the line after the start marker to the end marker.
fn section(readme: &str, start_marker: &str, end_marker: &str) -> std::ops::Range<usize> {
    let start = readme
        .find(start_marker)
        .unwrap_or_else(|| panic!("README.md has no line {:?}", start_marker.trim_end()))
        + start_marker.len();
    let end = start
        + readme[start..]
            .find(end_marker)
            .unwrap_or_else(|| panic!("README.md has no {end_marker:?} after the start marker"));
    start..end
}

#[test]
fn the_readme_reference_of_vm_json_is_the_generated_one() {
    check_generated_section(START, END, &vm::config::reference_markdown());
}

const CATALOG_START: &str = "<!-- services and languages: generated from the catalog by tests/integration/readme_reference.rs; \
                             UPDATE_README=1 cargo test --test integration readme_reference rewrites it -->\n";
const CATALOG_END: &str = "<!-- end of services and languages -->";

#[test]
fn the_readme_tables_of_services_and_languages_are_the_catalogs() {
    check_generated_section(
        CATALOG_START,
        CATALOG_END,
        &vm::catalog::reference_markdown(),
    );
}

/// The README's text between `start` and `end` is `generated`, with a blank line on each side.
fn check_generated_section(start: &str, end: &str, generated: &str) {
    let path = readme();
    let text = std::fs::read_to_string(&path).unwrap();
    let range = section(&text, start, end);
    let committed = &text[range.clone()];
    let generated = format!("\n{generated}\n");
    if committed == generated {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        assert!(
            std::env::var_os("CI").is_none(),
            "UPDATE_README rewrites what CI must check"
        );
        let mut updated = text.clone();
        updated.replace_range(range, &generated);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!(
        "README.md's generated section is stale: run `UPDATE_README=1 cargo test --test integration readme_reference` \
         and review the diff\n\n{}",
        similar::TextDiff::from_lines(committed, &generated)
            .unified_diff()
            .header("README.md", "generated")
    );
}
