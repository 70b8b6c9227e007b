//! `vm usage blocks` and `vm usage statusline`: ccusage's 5-hour blocks, exactly.

mod common;

use common::figures::{as_reported, report_figures};
use common::usage_tree_generator::{GeneratorOptions, generate};
use common::{SONNET, Tree, assistant, usage};
use serde_json::{Value, json};

/// Responses of 150,000 tokens and $1.05 each (Sonnet, 100k input, 50k output): a block from
/// 10:00 (10:15, 12:15, and 15:00:00.000, still its own), one from 15:00 (15:00:00.001), a gap
/// of more than 5 hours, and a block from 02:00 (02:00, 03:30) active at 04:00.
fn timed_tree() -> Tree {
    let tree = Tree::new();
    let response =
        |id: &str, at: &str| assistant(id, id, at, SONNET, usage(100_000, 50_000, 0, 0, 0));
    tree.session(
        Some("alpha"),
        "-p",
        "s1",
        &[
            response("m1", "2026-11-20T10:15:00.000Z"),
            response("m2", "2026-11-20T12:15:00.000Z"),
            response("m3", "2026-11-20T15:00:00.000Z"),
        ],
    );
    tree.session(
        Some("beta"),
        "-p",
        "s2",
        &[
            // written out of order: blocks follow the times, not the lines
            response("m6", "2026-11-21T03:30:00.000Z"),
            response("m4", "2026-11-20T15:00:00.001Z"),
            response("m5", "2026-11-21T02:00:00.000Z"),
        ],
    );
    tree
}

const NOW: &str = "2026-11-21T04:00:00Z";

#[test]
fn blocks_as_ccusage_cuts_them() {
    let tree = timed_tree();
    let (table, stderr) = tree.run_at(
        NOW,
        "",
        &["--timezone", "UTC", "blocks", "--token-limit", "1000000"],
    );
    assert_eq!(
        table,
        "\
Claude usage by 5-hour block, 2 VMs, time zone UTC

Block start       Duration  Models                      Responses  Total tokens  Cost (USD)
2026-11-20 10:00  5h 00m    claude-sonnet-4-5-20250929          3       450,000       $3.15
2026-11-20 15:00  0h 00m    claude-sonnet-4-5-20250929          1       150,000       $1.05
(gap)             5h 59m
2026-11-21 02:00  ACTIVE    claude-sonnet-4-5-20250929          2       300,000       $2.10

Active block: 2026-11-21 02:00 to 07:00, 3h 00m left
Burn rate: 3,333 tokens/min, $1.40/hour
Projected by 07:00: 900,000 tokens, $6.30
Token limit 1,000,000: 90.0% projected (warning)
"
    );
    assert_eq!(stderr, "");
}

/// `--since` and `--until` keep the blocks that start on their days, as ccusage's do, without a
/// gap at either end.
#[test]
fn blocks_since_and_until_keep_the_blocks_of_their_days() {
    let tree = timed_tree();
    let ids = |range: &[&str]| -> Vec<String> {
        let mut args = vec!["--timezone", "UTC"];
        args.extend_from_slice(range);
        args.extend(["blocks", "--json"]);
        let (out, _) = tree.run_at(NOW, "", &args);
        let report: Value = serde_json::from_str(&out).unwrap();
        report["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|block| block["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids(&["--since", "2026-11-21"]),
        ["2026-11-21T02:00:00.000Z"]
    );
    assert_eq!(
        ids(&["--until", "20261120"]),
        ["2026-11-20T10:00:00.000Z", "2026-11-20T15:00:00.000Z"]
    );
    assert_eq!(ids(&["--since", "2026-11-22"]), Vec::<String>::new());
    assert_eq!(ids(&[]).len(), 4, "a gap between blocks shown stays");
}

#[test]
fn blocks_json_has_ccusages_fields() {
    let tree = timed_tree();
    let (out, _) = tree.run_at(NOW, "", &["blocks", "--json", "--token-limit", "max"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let blocks = report["blocks"].as_array().unwrap();
    let ids: Vec<&str> = blocks.iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "2026-11-20T10:00:00.000Z",
            "2026-11-20T15:00:00.000Z",
            "gap-2026-11-20T20:00:00.001Z",
            "2026-11-21T02:00:00.000Z"
        ]
    );
    // rates are floats: compared apart, to the last bits that arithmetic order may change
    let rate = &blocks[3]["burnRate"];
    let close = |field: &str, value: f64| {
        let found = rate[field].as_f64().unwrap();
        assert!((found - value).abs() < 1e-9, "{field}: {found} vs {value}");
    };
    close("tokensPerMinute", 300_000.0 / 90.0);
    close("tokensPerMinuteForIndicator", 300_000.0 / 90.0);
    close("costPerHour", 1.4);
    let mut active = blocks[3].clone();
    active["burnRate"] = Value::Null;
    assert_eq!(
        active,
        json!({
            "id": "2026-11-21T02:00:00.000Z",
            "startTime": "2026-11-21T02:00:00.000Z",
            "endTime": "2026-11-21T07:00:00.000Z",
            "actualEndTime": "2026-11-21T03:30:00.000Z",
            "isActive": true,
            "isGap": false,
            "entries": 2,
            "tokenCounts": {"inputTokens": 200000, "outputTokens": 100000,
                            "cacheCreationInputTokens": 0, "cacheReadInputTokens": 0},
            "totalTokens": 300000,
            "costUSD": 2.1,
            "models": [SONNET],
            "burnRate": null,
            "projection": {"totalTokens": 900000, "totalCost": 6.3, "remainingMinutes": 180},
            // max: the most tokens of a finished block, the first one's
            "tokenLimitStatus": {"limit": 450000, "projectedUsage": 900000, "percentUsed": 200.0,
                                 "status": "exceeds"}
        })
    );
    assert_eq!(
        blocks[2],
        json!({
            "id": "gap-2026-11-20T20:00:00.001Z",
            "startTime": "2026-11-20T20:00:00.001Z",
            "endTime": "2026-11-21T02:00:00.000Z",
            "actualEndTime": null, "isActive": false, "isGap": true, "entries": 0,
            "tokenCounts": {"inputTokens": 0, "outputTokens": 0,
                            "cacheCreationInputTokens": 0, "cacheReadInputTokens": 0},
            "totalTokens": 0, "costUSD": 0.0, "models": [], "burnRate": null, "projection": null
        })
    );
    assert_eq!(blocks[0]["actualEndTime"], "2026-11-20T15:00:00.000Z");
    assert_eq!(blocks[0]["burnRate"], Value::Null);

    let (active, _) = tree.run_at(NOW, "", &["blocks", "--json", "--active"]);
    let active: Value = serde_json::from_str(&active).unwrap();
    assert_eq!(active["blocks"].as_array().unwrap().len(), 1);
    assert_eq!(active["blocks"][0]["id"], "2026-11-21T02:00:00.000Z");
    // five hours after the last response, nothing is active
    let (later, _) = tree.run_at(
        "2026-11-21T08:30:00.001Z",
        "",
        &["--timezone", "UTC", "blocks", "--active"],
    );
    assert_eq!(
        later,
        "Claude usage by 5-hour block, 2 VMs, time zone UTC\n\nNo 5-hour block found.\n"
    );
}

#[test]
fn block_totals_equal_the_generators_ground_truth() {
    let tree = Tree::new();
    let truth = generate(tree.path(), &GeneratorOptions::default()).unwrap();
    for _ in 0..2 {
        // the second time from the index
        let (out, _) = tree.run_at(NOW, "", &["blocks", "--json"]);
        let report: Value = serde_json::from_str(&out).unwrap();
        let blocks: Vec<(String, _)> = report["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|block| block["isGap"] == false)
            .map(|block| {
                let counts = &block["tokenCounts"];
                let figures = report_figures(&json!({
                    "inputTokens": counts["inputTokens"], "outputTokens": counts["outputTokens"],
                    "cacheCreationTokens": counts["cacheCreationInputTokens"],
                    "cacheReadTokens": counts["cacheReadInputTokens"],
                    "responses": block["entries"], "costUSD": block["costUSD"],
                }));
                (block["id"].as_str().unwrap().to_owned(), figures)
            })
            .collect();
        let expected: Vec<(String, _)> = truth
            .by_block
            .iter()
            .map(|(start, figures)| (start.clone(), as_reported(*figures)))
            .collect();
        assert!(expected.len() > 10, "{}", expected.len());
        assert_eq!(blocks, expected);
    }
}

#[test]
fn statusline_shows_model_session_today_and_block() {
    let tree = timed_tree();
    let claude =
        r#"{"session_id": "s2", "model": {"id": "claude-opus-4-1", "display_name": "Opus"}}"#;
    let (line, stderr) = tree.run_at(NOW, claude, &["--timezone", "UTC", "statusline"]);
    assert_eq!(
        line,
        "🤖 Opus | 💰 $3.15 session / $2.10 today / $2.10 block (3h 00m left) | 🔥 $1.40/hr\n"
    );
    assert_eq!(stderr, "");
    // without Claude Code's JSON: the model of the block's last response, no session
    let (line, _) = tree.run_at(NOW, "", &["--timezone", "UTC", "statusline"]);
    assert_eq!(
        line,
        format!("🤖 {SONNET} | 💰 $2.10 today / $2.10 block (3h 00m left) | 🔥 $1.40/hr\n")
    );
    // an unknown session, and no active block 10 hours later; today in Tokyo (2026-11-21)
    // starts at 15:00:00.000 UTC, with the third response
    let (line, _) = tree.run_at(
        "2026-11-21T14:00:00Z",
        r#"{"session_id": "nope"}"#,
        &["--timezone", "Asia/Tokyo", "statusline"],
    );
    assert_eq!(
        line,
        "🤖 no model | 💰 N/A session / $4.20 today / No active block\n"
    );
    let (json_line, _) = tree.run_at(NOW, claude, &["--timezone", "UTC", "statusline", "--json"]);
    let json_line: Value = serde_json::from_str(&json_line).unwrap();
    assert_eq!(json_line["sessionCostUSD"], 3.15);
    assert_eq!(json_line["todayCostUSD"], 2.1);
    assert_eq!(json_line["activeBlock"]["remainingMinutes"], 180);
}

#[test]
fn the_report_of_totals_is_unchanged_by_the_subcommands() {
    let tree = timed_tree();
    let report = tree.json(&["--timezone", "UTC"]);
    assert_eq!(report_figures(&report["totals"]).responses, 6);
    assert_eq!(report["groupBy"], "vm");
}
