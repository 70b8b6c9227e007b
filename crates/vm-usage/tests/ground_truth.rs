//! Totals on a generated tree equal what the generator counted while writing it
//! (`tests/common/usage_tree_generator.rs`): every group's tokens, responses and exact cost by VM,
//! model and UTC day, the malformed lines, and the duplicates (split content blocks, re-written
//! lines, and responses copied into another file by a resumed session).

mod common;

use common::Tree;
use common::figures::{as_reported, report_figures, report_groups, truth_groups};
use common::usage_tree_generator::{GeneratorOptions, GroundTruth, generate};

/// A tree with more malformed lines and re-writes than real data has, to exercise both.
fn generated_tree() -> (Tree, GroundTruth) {
    let tree = Tree::new();
    let truth = generate(tree.path(), &GeneratorOptions::default()).expect("the tree is written");
    (tree, truth)
}

#[test]
fn the_generated_tree_exercises_what_it_is_for() {
    let (_tree, truth) = generated_tree();
    assert!(truth.malformed_lines > 10, "{truth:?}");
    assert!(truth.duplicate_lines > 100, "{truth:?}");
    assert!(truth.duplicates_across_files > 10, "{truth:?}");
    assert_eq!(truth.by_vm.len(), 3, "{:?}", truth.by_vm.keys());
    assert_eq!(truth.by_model.len(), 3, "{:?}", truth.by_model.keys());
    assert!(truth.by_day.len() > 5, "{truth:?}");
}

#[test]
fn the_same_options_give_the_same_tree() {
    let (one, first) = generated_tree();
    let (other, second) = generated_tree();
    assert_eq!(first.totals, second.totals);
    assert_eq!(
        one.run(&["--json", "--by", "session"]).0,
        other.run(&["--json", "--by", "session"]).0
    );
}

#[test]
fn totals_equal_the_generators_ground_truth() {
    let (tree, truth) = generated_tree();
    let report = tree.json(&["--timezone", "UTC"]);

    assert_eq!(report_figures(&report["totals"]), as_reported(truth.totals));
    assert_eq!(report["totals"]["costComplete"], true);

    let scanned = &report["scanned"];
    assert_eq!(scanned["files"], truth.files);
    assert_eq!(scanned["bytes"], truth.bytes);
    assert_eq!(scanned["lines"], truth.lines);
    assert_eq!(scanned["malformedLines"], truth.malformed_lines);
    let usage_lines = scanned["usageLines"].as_u64().unwrap();
    assert_eq!(usage_lines - truth.totals.responses, truth.duplicate_lines);

    assert_eq!(report_groups(&report, "vm"), truth_groups(&truth.by_vm));
    let by_model = tree.json(&["--by", "model"]);
    assert_eq!(
        report_groups(&by_model, "model"),
        truth_groups(&truth.by_model)
    );
    let by_day = tree.json(&["--by", "day", "--timezone", "UTC"]);
    assert_eq!(report_groups(&by_day, "date"), truth_groups(&truth.by_day));
}

#[test]
fn every_thread_count_gives_the_same_report() {
    let (tree, _) = generated_tree();
    let one = tree.run(&["--json", "--by", "session", "--jobs", "1"]);
    for jobs in ["2", "3", "8"] {
        assert_eq!(
            tree.run(&["--json", "--by", "session", "--jobs", jobs]),
            one,
            "--jobs {jobs}"
        );
    }
}
