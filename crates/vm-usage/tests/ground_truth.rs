//! Totals on a tree from the shared generator (`../shared/tools/gen_claude_usage.py`) equal its
//! `ground_truth.json` exactly: every group's tokens and responses, the count of malformed lines,
//! and costs, which the generator rounds to the micro-dollar (ties are common: 0.30 $/MTok times an
//! odd count ends in half a micro-dollar), so each of its costs must be ours rounded.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::Tree;
use serde_json::Value;

fn generator() -> PathBuf {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/tools/gen_claude_usage.py");
    assert!(
        path.is_file(),
        "the generator is missing at {}",
        path.display()
    );
    path
}

/// A generated tree with more malformed lines and re-writes than the defaults, to exercise both.
fn generated_tree() -> (Tree, Value) {
    let tree = Tree::new();
    let status = Command::new("python3")
        .arg(generator())
        .args(["--root", tree.path().to_str().unwrap()])
        .args([
            "--vms",
            "3",
            "--sessions-per-vm",
            "7",
            "--lines-per-session",
            "120",
            "--seed",
            "7",
        ])
        .args([
            "--malformed-rate",
            "0.01",
            "--rewrite-rate",
            "0.1",
            "--days",
            "20",
            "--jobs",
            "1",
        ])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs");
    assert!(status.success());
    let truth = std::fs::read_to_string(tree.path().join("ground_truth.json")).unwrap();
    (tree, serde_json::from_str(&truth).unwrap())
}

/// The token figures of one group, in the generator's terms, and its cost.
#[derive(Debug)]
struct Figures {
    tokens: [i64; 6],
    cost: f64,
}

impl PartialEq for Figures {
    /// Equal tokens, and costs within half a micro-dollar: one is the other rounded to 6 places.
    fn eq(&self, other: &Figures) -> bool {
        self.tokens == other.tokens && (self.cost - other.cost).abs() <= 0.5e-6 + 1e-9
    }
}

fn figures(totals: &Value, responses_field: &str) -> Figures {
    let int = |field: &str| {
        totals[field]
            .as_i64()
            .unwrap_or_else(|| panic!("{field} in {totals}"))
    };
    Figures {
        tokens: [
            int("inputTokens"),
            int("outputTokens"),
            int("cacheCreationTokens"),
            int("cacheReadTokens"),
            int("totalTokens"),
            int(responses_field),
        ],
        cost: totals["costUSD"].as_f64().unwrap(),
    }
}

/// `group → figures` of a `vm usage --json` report, keyed by `key_field`.
fn report_groups(report: &Value, key_field: &str) -> Vec<(String, Figures)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["key"][key_field].as_str().unwrap().to_owned(),
                figures(row, "responses"),
            )
        })
        .collect()
}

fn truth_groups(truth: &Value, field: &str) -> Vec<(String, Figures)> {
    let groups = truth[field].as_object().unwrap();
    let mut groups: Vec<_> = groups
        .iter()
        .map(|(key, totals)| (key.clone(), figures(totals, "messages")))
        .collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
}

#[test]
fn totals_equal_the_generators_ground_truth() {
    let (tree, truth) = generated_tree();
    let report = tree.json(&["--timezone", "UTC"]);

    let mut total = figures(&report["totals"], "responses");
    let expected_total = figures(&truth["totals"], "totalTokens");
    total.tokens[5] = expected_total.tokens[5]; // the generator's totals carry no message count
    assert_eq!(total, expected_total);
    assert_eq!(report["totals"]["responses"], truth["unique_messages"]);
    assert_eq!(report["totals"]["costComplete"], true);

    let scanned = &report["scanned"];
    let kinds = &truth["line_kinds"];
    assert_eq!(scanned["files"], truth["files"]);
    assert_eq!(scanned["bytes"], truth["bytes"]);
    assert_eq!(scanned["lines"], truth["lines"]);
    assert_eq!(scanned["malformedLines"], kinds["malformed_lines"]);
    assert!(
        kinds["malformed_lines"].as_u64().unwrap() > 10,
        "the tree exercises malformed lines"
    );
    assert!(
        kinds["duplicate_lines"].as_u64().unwrap() > 100,
        "the tree exercises duplicates"
    );
    let usage_lines = scanned["usageLines"].as_u64().unwrap();
    let duplicates = usage_lines - truth["unique_messages"].as_u64().unwrap();
    assert_eq!(duplicates, kinds["duplicate_lines"].as_u64().unwrap());

    assert_eq!(report_groups(&report, "vm"), truth_groups(&truth, "by_vm"));
    let by_model = tree.json(&["--by", "model"]);
    assert_eq!(
        report_groups(&by_model, "model"),
        truth_groups(&truth, "by_model")
    );
    let by_day = tree.json(&["--by", "day", "--timezone", "UTC"]);
    assert_eq!(
        report_groups(&by_day, "date"),
        truth_groups(&truth, "by_day_utc")
    );
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
