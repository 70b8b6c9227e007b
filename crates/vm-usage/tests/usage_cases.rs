//! Named cases of `vm usage` on small fixtures, each checked against hand-counted totals.

mod common;

use common::*;

const T0: &str = "2026-01-05T10:00:00.000Z";
const U1: Usage = usage(10, 200, 1000, 0, 5000);

#[test]
fn split_content_blocks_count_once() {
    let tree = Tree::new();
    let mut lines = vec![user(T0, "fix the loader")];
    for timestamp in [
        "2026-01-05T10:00:00.000Z",
        "2026-01-05T10:00:00.500Z",
        "2026-01-05T10:00:01.000Z",
    ] {
        lines.push(assistant("msg_1", "req_1", timestamp, SONNET, U1));
    }
    lines.extend(other_lines());
    tree.session(Some("alpha"), "-home-dev-app", "s1", &lines);

    let report = tree.json(&[]);
    assert_eq!(counts(totals(&report)), [10, 200, 1000, 5000, 6210, 1]);
    // 10×3 + 200×15 + 1000×3.75 + 5000×0.30 = 8280 µ$
    assert_eq!(totals(&report)["costUSD"], 0.00828);
    assert_eq!(report["scanned"]["lines"], 9);
    assert_eq!(report["scanned"]["usageLines"], 3);
    assert_eq!(report["scanned"]["malformedLines"], 0);
}

#[test]
fn duplicates_across_files_and_vms_count_once() {
    let tree = Tree::new();
    let haiku = usage(5, 50, 0, 0, 100);
    let opus = usage(1, 10, 0, 0, 0);
    tree.session(
        Some("alpha"),
        "-home-dev-app",
        "s1",
        &[
            assistant("msg_1", "req_1", T0, SONNET, U1),
            assistant("msg_2", "req_2", "2026-01-05T11:00:00Z", HAIKU, haiku),
        ],
    );
    tree.session(
        Some("alpha"),
        "-home-dev-app",
        "s2",
        &[assistant("msg_1", "req_1", T0, SONNET, U1)],
    );
    tree.session(
        Some("beta"),
        "-root-api",
        "s3",
        &[
            assistant("msg_1", "req_1", "2026-01-05T10:00:02Z", SONNET, U1),
            assistant("msg_3", "req_3", T0, OPUS, opus),
            // same message id, another request: another response
            assistant("msg_2", "req_9", T0, HAIKU, haiku),
        ],
    );

    let report = tree.json(&[]);
    assert_eq!(
        counts(totals(&report)),
        [
            10 + 5 + 1 + 5,
            200 + 50 + 10 + 50,
            1000,
            5000 + 100 + 100,
            6531,
            4
        ]
    );
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows[0]["key"]["vm"], "alpha");
    assert_eq!(counts(&rows[0]), [15, 250, 1000, 5100, 6365, 2]);
    assert_eq!(rows[1]["key"]["vm"], "beta");
    assert_eq!(counts(&rows[1]), [6, 60, 0, 100, 166, 2]);
    assert_eq!(report["scanned"]["usageLines"], 6);
}

#[test]
fn streaming_copies_keep_the_most_complete_usage_and_the_first_time() {
    let tree = Tree::new();
    tree.session(
        Some("alpha"),
        "-home-dev-app",
        "s1",
        &[
            assistant(
                "msg_1",
                "req_1",
                "2026-01-05T23:59:59.900Z",
                SONNET,
                usage(3, 2, 0, 0, 10),
            ),
            assistant(
                "msg_1",
                "req_1",
                "2026-01-06T00:00:00.100Z",
                SONNET,
                usage(3, 159, 0, 0, 10),
            ),
            assistant(
                "msg_1",
                "req_1",
                "2026-01-06T00:00:00.200Z",
                SONNET,
                usage(3, 9, 0, 0, 10),
            ),
        ],
    );
    let report = tree.json(&["--by", "day", "--timezone", "UTC"]);
    assert_eq!(counts(totals(&report)), [3, 159, 0, 10, 172, 1]);
    assert_eq!(report["rows"][0]["key"]["date"], "2026-01-05");
}

#[test]
fn malformed_and_truncated_lines_are_counted_and_skipped() {
    let tree = Tree::new();
    let good = assistant("msg_1", "req_1", T0, SONNET, U1);
    let path = tree.session(
        Some("alpha"),
        "-home-dev-app",
        "s1",
        &[
            good.clone(),
            good[..good.len() / 2].to_owned(),
            "\u{0}\u{0}{\"type\":\"assist\u{fffd}".to_owned(),
            good[..good.find("\"usage\":{").unwrap() + 9].to_owned(),
            assistant("msg_2", "req_2", T0, SONNET, U1),
            String::new(),
        ],
    );
    // a crashed writer: the last line cut short, without newline
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&good[..40]);
    std::fs::write(&path, text).unwrap();

    let (_, stderr) = tree.run(&[]);
    assert_eq!(stderr, "skipped 4 malformed lines in 1 file\n");
    let report = tree.json(&[]);
    assert_eq!(counts(totals(&report)), [20, 400, 2000, 10000, 12420, 2]);
    assert_eq!(report["scanned"]["malformedLines"], 4);
    assert_eq!(report["scanned"]["lines"], 6);
}

#[test]
fn five_minute_and_one_hour_cache_writes_are_priced_apart() {
    let tree = Tree::new();
    tree.session(
        Some("alpha"),
        "-home-dev-app",
        "s1",
        &[
            assistant("msg_1", "req_1", T0, SONNET, usage(0, 0, 100_000, 0, 0)),
            assistant("msg_2", "req_2", T0, SONNET, usage(0, 0, 0, 100_000, 0)),
            assistant(
                "msg_3",
                "req_3",
                T0,
                OPUS,
                usage(0, 0, 250_000, 1_000_000, 0),
            ),
        ],
    );
    let report = tree.json(&["--by", "model"]);
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows[0]["key"]["model"], OPUS);
    assert_eq!(rows[0]["costUSD"], 18.75 / 4.0 + 30.0);
    assert_eq!(rows[0]["cacheCreation1hTokens"], 1_000_000);
    assert_eq!(rows[1]["key"]["model"], SONNET);
    assert_eq!(rows[1]["costUSD"], 0.375 + 0.6);
    assert_eq!(totals(&report)["costUSD"], 35.6625);
    assert_eq!(totals(&report)["cacheCreationTokens"], 1_450_000);
}

#[test]
fn writes_without_the_split_are_priced_at_the_five_minute_rate() {
    let tree = Tree::new();
    let line = r#"{"type":"assistant","timestamp":"2026-01-05T10:00:00Z","requestId":"r","message":{"id":"m","model":"claude-sonnet-4-5-20250929","usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":100000}}}"#;
    tree.session(Some("alpha"), "-p", "s", &[line.to_owned()]);
    assert_eq!(totals(&tree.json(&[]))["costUSD"], 0.375);
}

/// One assistant line as Claude Code writes it (compact JSON), with `usage` as given and a
/// `requestId` only when `request_id` is some.
fn raw_line(message_id: &str, request_id: Option<&str>, model: &str, usage: &str) -> String {
    let request = request_id.map_or(String::new(), |id| format!(r#","requestId":"{id}""#));
    format!(
        r#"{{"type":"assistant","timestamp":"2026-01-02T03:04:05.000Z","sessionId":"s","message":{{"id":"{message_id}","model":"{model}","role":"assistant","content":[{{"type":"text","text":"x"}}],"usage":{usage}}}{request}}}"#
    )
}

fn cost_of(tree: &Tree) -> f64 {
    totals(&tree.json(&[]))["costUSD"].as_f64().unwrap()
}

#[test]
fn long_context_rates_apply_only_to_the_tokens_of_each_kind_above_200k() {
    // (usage, cost that ccusage 20.0.24 gives for one such Sonnet 4.5 line): each kind of token
    // (input, output, 5-minute write, 1-hour write, cache read) pays the long-context rate only
    // for its own tokens past 200k, whatever the size of the whole prompt.
    let cases = [
        // review fixture t11/long: a 251k prompt, no kind over 200k
        (
            r#"{"input_tokens":1000,"output_tokens":1000,"cache_creation_input_tokens":100000,"cache_read_input_tokens":150000}"#,
            0.438,
        ),
        (
            r#"{"input_tokens":250000,"output_tokens":1000,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}"#,
            0.915,
        ),
        (
            r#"{"input_tokens":0,"output_tokens":1000,"cache_creation_input_tokens":0,"cache_read_input_tokens":300000}"#,
            0.135,
        ),
        (
            r#"{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":250000,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":250000}}"#,
            1.8,
        ),
        // 5-minute and 1-hour writes are two kinds: 150k + 150k stays at the base rates
        (
            r#"{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":300000,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":150000,"ephemeral_1h_input_tokens":150000}}"#,
            1.4625,
        ),
        (
            r#"{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":250000,"cache_read_input_tokens":0}"#,
            1.125,
        ),
        (
            r#"{"input_tokens":0,"output_tokens":250000,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}"#,
            4.125,
        ),
        (
            r#"{"input_tokens":250000,"output_tokens":1000,"cache_creation_input_tokens":210000,"cache_read_input_tokens":220000,"cache_creation":{"ephemeral_5m_input_tokens":10000,"ephemeral_1h_input_tokens":200000}}"#,
            2.2245,
        ),
        (
            r#"{"input_tokens":3,"output_tokens":1000,"cache_creation_input_tokens":1000,"cache_read_input_tokens":250000,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":1000}}"#,
            0.111009,
        ),
    ];
    for (usage, expected) in cases {
        let tree = Tree::new();
        tree.session(
            Some("vm1"),
            "p1",
            "a",
            &[raw_line("m", Some("r"), SONNET, usage)],
        );
        let cost = cost_of(&tree);
        assert!(
            (cost - expected).abs() < 1e-9,
            "{usage}: {cost} != {expected}"
        );
    }
    // Sonnet 4 has the same tiers: 0.9 + 0.015 + 0.825 + 0.072
    let tree = Tree::new();
    let usage = r#"{"input_tokens":250000,"output_tokens":1000,"cache_creation_input_tokens":210000,"cache_read_input_tokens":220000}"#;
    tree.session(
        Some("vm1"),
        "p1",
        "a",
        &[raw_line("m", Some("r"), "claude-sonnet-4-20250514", usage)],
    );
    assert!((cost_of(&tree) - 1.812).abs() < 1e-9);
}

#[test]
fn lines_with_a_message_id_but_no_request_id_each_count() {
    // review fixture c2: ccusage keys responses by message.id + requestId, and counts each line
    // that lacks either
    let tree = Tree::new();
    let usage = r#"{"input_tokens":100,"output_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}"#;
    let line = raw_line("m1", None, SONNET, usage);
    tree.session(Some("vm1"), "p1", "a", &[line.clone(), line]);
    let report = tree.json(&[]);
    assert_eq!(counts(totals(&report)), [200, 20, 0, 0, 220, 2]);
    assert_eq!(totals(&report)["costUSD"], 0.0009);
}

#[test]
fn current_models_and_latest_aliases_have_prices() {
    // review fixtures t10/*: 1000 tokens of each kind; the cost is ccusage 20.0.24's
    let cases = [
        ("claude-opus-4-6", 0.03675),
        ("claude-opus-4-7", 0.03675),
        ("claude-opus-4-6-20260205", 0.03675),
        ("claude-sonnet-4-6", 0.02205),
        ("claude-3-7-sonnet-latest", 0.02205),
        ("claude-3-5-haiku-latest", 0.00588),
        ("claude-sonnet-4-5-20250929[1m]", 0.02205),
    ];
    let usage = r#"{"input_tokens":1000,"output_tokens":1000,"cache_creation_input_tokens":1000,"cache_read_input_tokens":1000}"#;
    for (model, expected) in cases {
        let tree = Tree::new();
        tree.session(
            Some("vm1"),
            "p1",
            "a",
            &[raw_line("m", Some("r"), model, usage)],
        );
        let report = tree.json(&[]);
        assert_eq!(
            totals(&report)["costComplete"],
            true,
            "{model} has no price"
        );
        let cost = totals(&report)["costUSD"].as_f64().unwrap();
        assert!(
            (cost - expected).abs() < 1e-12,
            "{model}: {cost} != {expected}"
        );
    }
}

#[test]
fn a_transcript_directly_under_projects_is_counted() {
    // review fixture t13: ccusage counts projects/top.jsonl too
    let tree = Tree::new();
    let usage = |input: u64| {
        format!(
            r#"{{"input_tokens":{input},"output_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}"#
        )
    };
    tree.session(
        Some("vm1"),
        "p1",
        "a",
        &[raw_line("m2", Some("r2"), SONNET, &usage(2))],
    );
    let top = tree.path().join("vms/vm1/projects/top.jsonl");
    std::fs::write(&top, raw_line("m1", Some("r1"), SONNET, &usage(1)) + "\n").unwrap();

    let report = tree.json(&[]);
    assert_eq!(counts(totals(&report)), [3, 20, 0, 0, 23, 2]);
    assert_eq!(totals(&report)["costUSD"], 0.000309);
    assert_eq!(
        input_by_row(&tree.json(&["--by", "project"])),
        rows(&[("vm1/(no project)", 1), ("vm1/p1", 2)])
    );
    assert_eq!(
        input_by_row(&tree.json(&["--by", "session"])),
        rows(&[("vm1/(no project)/top", 1), ("vm1/p1/a", 2)])
    );
}

#[test]
fn token_sums_saturate_instead_of_overflowing() {
    // review fixture t9: ccusage gives inputTokens 18446744073709551615 and cost 110680464442256.7
    let tree = Tree::new();
    let usage = |input: &str| {
        format!(
            r#"{{"input_tokens":{input},"output_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}"#
        )
    };
    tree.session(
        Some("vm1"),
        "p1",
        "a",
        &[
            raw_line("m1", Some("r1"), SONNET, &usage("18446744073709551615")),
            raw_line("m2", Some("r2"), SONNET, &usage("5")),
        ],
    );
    for by in ["vm", "day", "model"] {
        let report = tree.json(&["--by", by]);
        let max = u64::MAX;
        assert_eq!(
            counts(totals(&report)),
            [max, 20, 0, 0, max, 2],
            "--by {by}"
        );
        let cost = totals(&report)["costUSD"].as_f64().unwrap();
        assert!((cost / 110_680_464_442_256.7 - 1.0).abs() < 1e-12, "{cost}");
    }
    let (table, _) = tree.run(&["--breakdown"]);
    assert!(table.contains("18,446,744,073,709,551,615"), "{table}");
}

#[test]
fn a_byte_order_mark_before_the_first_line_is_ignored() {
    // review fixture c1/bom: a BOM before the first line is not part of its JSON
    let tree = Tree::new();
    let usage = r#"{"input_tokens":100,"output_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}"#;
    let path = tree.session(
        Some("vm1"),
        "p1",
        "bom",
        &[
            raw_line("m1", Some("r1"), SONNET, usage),
            raw_line("m2", Some("r2"), SONNET, usage),
        ],
    );
    let text = std::fs::read(&path).unwrap();
    std::fs::write(&path, [b"\xEF\xBB\xBF".as_slice(), &text].concat()).unwrap();

    let (_, stderr) = tree.run(&[]);
    assert_eq!(stderr, "");
    let report = tree.json(&[]);
    assert_eq!(counts(totals(&report)), [200, 20, 0, 0, 220, 2]);
    assert_eq!(report["scanned"]["malformedLines"], 0);
}

#[test]
fn symbolic_links_inside_projects_are_reported_not_followed() {
    // As ccusage, neither a linked file nor a linked directory is read; each is listed as skipped.
    let tree = Tree::new();
    tree.session(
        Some("alpha"),
        "-p",
        "s1",
        &[assistant("m1", "r", T0, SONNET, usage(1, 0, 0, 0, 0))],
    );
    let elsewhere = tree.session(
        Some("outside"),
        "-q",
        "s2",
        &[assistant("m2", "r", T0, SONNET, usage(2, 0, 0, 0, 0))],
    );
    let projects = tree.path().join("vms/alpha/projects");
    let linked_dir = projects.join("-linked");
    let linked_file = projects.join("-p/linked.jsonl");
    let broken = projects.join("-p/gone.jsonl");
    std::os::unix::fs::symlink(elsewhere.parent().unwrap(), &linked_dir).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &linked_file).unwrap();
    std::os::unix::fs::symlink(tree.path().join("nowhere"), &broken).unwrap();

    let (_, stderr) = tree.run(&["--vm", "alpha"]);
    assert_eq!(
        stderr,
        format!(
            "skipped 3 symbolic links (not followed):\n  {}\n  {}\n  {}\n",
            linked_dir.display(),
            broken.display(),
            linked_file.display()
        )
    );
    let report = tree.json(&["--vm", "alpha"]);
    assert_eq!(counts(totals(&report))[0], 1);
    assert_eq!(report["scanned"]["files"], 1);
    assert_eq!(
        report["scanned"]["symlinks"],
        serde_json::json!([
            linked_dir.to_str().unwrap(),
            broken.to_str().unwrap(),
            linked_file.to_str().unwrap()
        ])
    );
    assert_eq!(report["scanned"]["unreadable"], serde_json::json!([]));
}

#[test]
fn a_model_without_price_has_unknown_cost() {
    let tree = Tree::new();
    tree.session(
        Some("alpha"),
        "-home-dev-app",
        "s1",
        &[
            assistant("msg_1", "req_1", T0, SONNET, U1),
            assistant(
                "msg_2",
                "req_2",
                T0,
                "claude-future-9",
                usage(1000, 1000, 0, 0, 0),
            ),
        ],
    );
    let (table, _) = tree.run(&["--breakdown", "--timezone", "UTC"]);
    assert_eq!(
        table,
        "\
Claude usage by VM, VM alpha, time zone UTC

VM                            Input  Output  Cache write  Cache read  Total tokens       Cost (USD)
alpha                         1,010   1,200        1,000       5,000         8,210  $0.01 + unknown
  claude-future-9             1,000   1,000            0           0         2,000     cost unknown
  claude-sonnet-4-5-20250929     10     200        1,000       5,000         6,210            $0.01
---------------------------------------------------------------------------------------------------
Total                         1,010   1,200        1,000       5,000         8,210  $0.01 + unknown

Cost unknown: no price for claude-future-9. Give prices with --prices FILE.
"
    );
    let report = tree.json(&[]);
    assert_eq!(
        report["unpricedModels"],
        serde_json::json!(["claude-future-9"])
    );
    assert_eq!(totals(&report)["costComplete"], false);
    assert_eq!(totals(&report)["costUSD"], 0.00828);
    let future = &totals(&report)["models"][0];
    assert_eq!(
        (
            &future["model"],
            &future["costComplete"],
            &future["costUSD"]
        ),
        (&"claude-future-9".into(), &false.into(), &0.0.into())
    );
}

#[test]
fn a_price_file_overrides_the_built_in_prices() {
    let tree = Tree::new();
    tree.session(
        Some("alpha"),
        "-p",
        "s",
        &[
            assistant("msg_1", "req_1", T0, SONNET, U1),
            assistant(
                "msg_2",
                "req_2",
                T0,
                "claude-future-9",
                usage(1000, 0, 0, 0, 0),
            ),
        ],
    );
    let prices = tree.path().join("prices.json");
    std::fs::write(
        &prices,
        r#"{"models":{"claude-sonnet-4-5":{"input":1,"output":1,"cache_write_5m":1,"cache_write_1h":1,"cache_read":1},
                      "claude-future-9":{"input":2,"output":2,"cache_write_5m":2,"cache_write_1h":2,"cache_read":2}}}"#,
    )
    .unwrap();
    let report = tree.json(&["--prices", prices.to_str().unwrap()]);
    assert_eq!(totals(&report)["costUSD"], 0.00621 + 0.002);
    assert_eq!(totals(&report)["costComplete"], true);

    std::fs::write(&prices, r#"{"models":{"x":{"input":1}}}"#).unwrap();
    let error = tree
        .run_in_project(None, &["--prices", prices.to_str().unwrap()])
        .unwrap_err();
    assert_eq!(error, format!("invalid price file {}", prices.display()));
}

/// Three responses around midnight of 2026-03-01, told apart by their output tokens.
fn around_midnight() -> Tree {
    let tree = Tree::new();
    tree.session(
        Some("alpha"),
        "-p",
        "s",
        &[
            // New York: Feb 28 23:30; Tokyo: Mar 1 13:30
            assistant(
                "m1",
                "r1",
                "2026-03-01T04:30:00.000Z",
                SONNET,
                usage(0, 1, 0, 0, 0),
            ),
            // New York: Mar 1 11:00; Tokyo: Mar 2 01:00
            assistant(
                "m2",
                "r2",
                "2026-03-01T16:00:00.000Z",
                SONNET,
                usage(0, 10, 0, 0, 0),
            ),
            // New York: Feb 28 09:59; Tokyo: Feb 28 23:59:59.999
            assistant(
                "m3",
                "r3",
                "2026-02-28T14:59:59.999Z",
                SONNET,
                usage(0, 100, 0, 0, 0),
            ),
        ],
    );
    tree
}

fn output_by_day(tree: &Tree, args: &[&str]) -> Vec<(String, u64)> {
    let report = tree.json(args);
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let key = &row["key"];
            let label = [&key["date"], &key["weekStart"], &key["month"]]
                .into_iter()
                .find_map(|v| v.as_str())
                .unwrap();
            (label.to_owned(), row["outputTokens"].as_u64().unwrap())
        })
        .collect()
}

fn days(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs
        .iter()
        .map(|(day, output)| ((*day).to_owned(), *output))
        .collect()
}

#[test]
fn days_are_cut_in_the_time_zone() {
    let tree = around_midnight();
    let utc = output_by_day(&tree, &["--by", "day", "--timezone", "UTC"]);
    assert_eq!(utc, days(&[("2026-02-28", 100), ("2026-03-01", 11)]));
    let new_york = output_by_day(&tree, &["--by", "day", "--timezone", "America/New_York"]);
    assert_eq!(new_york, days(&[("2026-02-28", 101), ("2026-03-01", 10)]));
    let tokyo = output_by_day(&tree, &["--by", "day", "--timezone", "Asia/Tokyo"]);
    assert_eq!(
        tokyo,
        days(&[("2026-02-28", 100), ("2026-03-01", 1), ("2026-03-02", 10)])
    );
}

#[test]
fn weeks_and_months_in_the_time_zone() {
    let tree = around_midnight();
    let months = output_by_day(&tree, &["--by", "month", "--timezone", "America/New_York"]);
    assert_eq!(months, days(&[("2026-02", 101), ("2026-03", 10)]));
    // 2026-03-01 is a Sunday: in Tokyo, m2 falls on Monday 2026-03-02, a new week
    let weeks = output_by_day(&tree, &["--by", "week", "--timezone", "Asia/Tokyo"]);
    assert_eq!(weeks, days(&[("2026-02-23", 101), ("2026-03-02", 10)]));
}

#[test]
fn since_and_until_are_days_in_the_time_zone() {
    let tree = around_midnight();
    let tokyo = ["--by", "day", "--timezone", "Asia/Tokyo"];
    let only_march_first = [
        &tokyo[..],
        &["--since", "2026-03-01", "--until", "2026-03-01"],
    ]
    .concat();
    assert_eq!(
        output_by_day(&tree, &only_march_first),
        days(&[("2026-03-01", 1)])
    );
    let from_second = [&tokyo[..], &["--since", "20260302"]].concat();
    assert_eq!(
        output_by_day(&tree, &from_second),
        days(&[("2026-03-02", 10)])
    );
    let until_new_york = ["--timezone", "America/New_York", "--until", "2026-02-28"];
    assert_eq!(counts(totals(&tree.json(&until_new_york)))[1], 101);

    let error = tree
        .run_in_project(None, &["--since", "2026-03-02", "--until", "2026-03-01"])
        .unwrap_err();
    assert_eq!(error, "--since 2026-03-02 is after --until 2026-03-01");
}

#[test]
fn since_and_until_name_both_date_forms() {
    let tree = around_midnight();
    let error = tree
        .run_in_project(None, &["--since", "March"])
        .unwrap_err();
    assert_eq!(
        error,
        "error: invalid value 'March' for '--since <DATE>': `March` is not a date: expected YYYY-MM-DD or YYYYMMDD\n\nFor more information, try '--help'.\n"
    );
    let error = tree
        .run_in_project(None, &["--until", "2026-02-30"])
        .unwrap_err();
    assert_eq!(
        error,
        "error: invalid value '2026-02-30' for '--until <DATE>': `2026-02-30` is not a date: expected YYYY-MM-DD or YYYYMMDD\n\nFor more information, try '--help'.\n"
    );
    let help = |flag: &str| {
        use clap::CommandFactory;
        Cli::command()
            .get_arguments()
            .find(|arg| arg.get_long() == Some(flag))
            .and_then(|arg| arg.get_help())
            .map(ToString::to_string)
    };
    assert_eq!(
        help("since").as_deref(),
        Some("Only usage on or after this day (YYYY-MM-DD or YYYYMMDD, in --timezone)")
    );
    assert_eq!(
        help("until").as_deref(),
        Some("Only usage on or before this day (YYYY-MM-DD or YYYYMMDD, in --timezone)")
    );
}

#[test]
fn lines_without_message_id_each_count() {
    let tree = Tree::new();
    let line = r#"{"timestamp":"2026-01-05T10:00:00Z","message":{"model":"claude-haiku-4-5-20251001","usage":{"input_tokens":7,"output_tokens":1}}}"#;
    tree.session(
        Some("alpha"),
        "-p",
        "s",
        &[line.to_owned(), line.to_owned()],
    );
    assert_eq!(counts(totals(&tree.json(&[]))), [14, 2, 0, 0, 16, 2]);
}

fn two_vms_and_host() -> Tree {
    let tree = Tree::new();
    tree.session(
        Some("alpha"),
        "-home-dev-app",
        "s1",
        &[assistant("a1", "r", T0, SONNET, usage(1, 0, 0, 0, 0))],
    );
    tree.session(
        Some("alpha"),
        "-home-dev-lib",
        "s2",
        &[assistant("a2", "r", T0, SONNET, usage(2, 0, 0, 0, 0))],
    );
    tree.session(
        Some("beta"),
        "-root-api",
        "s3",
        &[assistant("b1", "r", T0, HAIKU, usage(4, 0, 0, 0, 0))],
    );
    tree.session(
        None,
        "-Users-me-notes",
        "s4",
        &[assistant("h1", "r", T0, OPUS, usage(8, 0, 0, 0, 0))],
    );
    std::fs::create_dir_all(tree.path().join("vms/empty")).unwrap();
    tree
}

fn input_by_row(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let key = &row["key"];
            let label: Vec<&str> = ["vm", "project", "session", "model"]
                .iter()
                .filter_map(|f| key[f].as_str())
                .collect();
            (label.join("/"), row["inputTokens"].as_u64().unwrap())
        })
        .collect()
}

fn rows(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    days(pairs)
}

#[test]
fn choosing_machines() {
    let tree = two_vms_and_host();
    assert_eq!(
        input_by_row(&tree.json(&[])),
        rows(&[("alpha", 3), ("beta", 4)])
    );
    assert_eq!(
        input_by_row(&tree.json(&["--host"])),
        rows(&[("(host)", 8), ("alpha", 3), ("beta", 4)])
    );
    assert_eq!(
        input_by_row(&tree.json(&["--vm", "beta"])),
        rows(&[("beta", 4)])
    );
    assert_eq!(
        input_by_row(&tree.json(&["--vm", "beta", "--vm", "alpha", "--vm", "beta"])),
        rows(&[("alpha", 3), ("beta", 4)])
    );
    let this = tree
        .run_in_project(Some("beta"), &["--this", "--json"])
        .unwrap()
        .0;
    assert_eq!(
        input_by_row(&serde_json::from_str(&this).unwrap()),
        rows(&[("beta", 4)])
    );
    assert_eq!(
        tree.json(&["--host"])["machines"],
        serde_json::json!(["alpha", "beta", "empty", "(host)"])
    );

    let unknown = tree.run_in_project(None, &["--vm", "gamma"]).unwrap_err();
    assert_eq!(
        unknown,
        format!(
            "no Claude data for VM `gamma` in {}",
            tree.path().join("vms").display()
        )
    );
    let not_in_project = tree.run_in_project(None, &["--this"]).unwrap_err();
    assert_eq!(
        not_in_project,
        "--this needs a vm.json: run vm usage inside a project, or pass -c FILE"
    );

    // a home's Claude directory (with `vms/`) whose only transcripts are the host's
    let no_vms = Tree::new();
    std::fs::create_dir(no_vms.path().join("vms")).unwrap();
    no_vms.session(
        None,
        "-p",
        "s",
        &[assistant("h1", "r", T0, OPUS, usage(8, 0, 0, 0, 0))],
    );
    assert_eq!(input_by_row(&no_vms.json(&[])), rows(&[]));
    assert_eq!(
        input_by_row(&no_vms.json(&["--host"])),
        rows(&[("(host)", 8)])
    );
    let unknown = no_vms
        .run_in_project(Some("alpha"), &["--this"])
        .unwrap_err();
    assert_eq!(
        unknown,
        format!(
            "no Claude data for VM `alpha` in {}",
            no_vms.path().join("vms").display()
        )
    );
}

/// A Claude directory synced from the VM `myapp` (`projects/` and no `vms/`), read on its own.
fn one_machine() -> Tree {
    let tree = Tree::named(".claude/vms/myapp");
    tree.session(
        None,
        "-home-dev-app",
        "s1",
        &[assistant("m1", "r", T0, SONNET, usage(1_000, 0, 0, 0, 0))],
    );
    tree.session(
        None,
        "-home-dev-lib",
        "s2",
        &[assistant("m2", "r", T0, HAIKU, usage(2_000, 0, 0, 0, 0))],
    );
    tree
}

#[test]
fn a_directory_with_projects_and_no_vms_is_one_machine_named_after_it() {
    let tree = one_machine();
    let (stdout, stderr) = tree.run(&["--timezone", "UTC", "--by", "project"]);
    assert_eq!(
        stdout,
        "\
Claude usage by project, VM myapp, time zone UTC

VM     Project        Input  Output  Cache write  Cache read  Total tokens  Cost (USD)
myapp  -home-dev-app  1,000       0            0           0         1,000       $0.00
myapp  -home-dev-lib  2,000       0            0           0         2,000       $0.00
--------------------------------------------------------------------------------------
Total                 3,000       0            0           0         3,000       $0.01
"
    );
    assert_eq!(stderr, "");
    assert_eq!(tree.json(&[])["machines"], serde_json::json!(["myapp"]));
    assert_eq!(
        input_by_row(&tree.json(&["--vm", "myapp"])),
        rows(&[("myapp", 3_000)])
    );
    let this = tree
        .run_in_project(Some("myapp"), &["--this", "--json"])
        .unwrap()
        .0;
    assert_eq!(
        input_by_row(&serde_json::from_str(&this).unwrap()),
        rows(&[("myapp", 3_000)])
    );

    // a trailing slash names the same machine
    let with_slash = format!("{}/", tree.path().display());
    let (stdout, _) = Tree::home()
        .run_in_project(None, &["--dir", &with_slash, "--json"])
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["machines"], serde_json::json!(["myapp"]));

    let dir = tree.path().display();
    assert_eq!(
        tree.run_in_project(Some("api"), &["--this"]).unwrap_err(),
        format!("no Claude data for VM `api` in {dir}")
    );
    let unknown = tree.error(&["--vm", "web"]);
    assert_eq!(
        unknown.to_string(),
        format!("no Claude data for VM `web` in {dir}")
    );
    assert_eq!(
        miette::Diagnostic::help(&unknown).unwrap().to_string(),
        "VMs with Claude data: myapp"
    );
    let host = tree.error(&["--host"]);
    assert_eq!(
        host.to_string(),
        format!(
            "--host needs a Claude directory holding vms/: {dir} is the data of one machine, `myapp`"
        )
    );
    assert_eq!(
        miette::Diagnostic::help(&host).unwrap().to_string(),
        "drop --host, or pass the home's .claude with --dir"
    );
}

#[test]
fn a_copy_of_a_home_claude_directory_is_one_machine() {
    // someone's ~/.claude, with the host's transcripts in projects/ and no vms/
    let tree = Tree::named("alice/.claude");
    tree.session(
        None,
        "-Users-alice-notes",
        "s",
        &[assistant("h1", "r", T0, OPUS, usage(8, 0, 0, 0, 0))],
    );
    let report = tree.json(&[]);
    assert_eq!(report["machines"], serde_json::json!([".claude"]));
    assert_eq!(input_by_row(&report), rows(&[(".claude", 8)]));
}

#[test]
fn a_machine_directory_without_transcripts_says_where_it_looked() {
    let tree = Tree::named("myapp");
    std::fs::create_dir_all(tree.path().join("projects/-p")).unwrap();
    let (stdout, stderr) = tree.run(&["--timezone", "UTC"]);
    assert_eq!(
        stdout,
        format!(
            "\
Claude usage by VM, VM myapp, time zone UTC

No Claude usage found.
Looked in {}/projects (VM myapp).
",
            tree.path().display()
        )
    );
    assert_eq!(stderr, "");
}

#[test]
fn a_directory_with_vms_and_projects_keeps_the_host_apart() {
    // the projects/ beside vms/ are the host's, read only with --host
    let tree = two_vms_and_host();
    assert_eq!(
        tree.json(&[])["machines"],
        serde_json::json!(["alpha", "beta", "empty"])
    );
    assert_eq!(
        tree.json(&["--host"])["machines"],
        serde_json::json!(["alpha", "beta", "empty", "(host)"])
    );
}

#[test]
fn a_directory_without_vms_or_projects_is_an_error() {
    let help = "--dir takes a Claude directory: a home's .claude (holding vms/<vm>/projects) \
                or one machine's (holding projects/, like ~/.claude/vms/<vm>)";
    let empty = Tree::named("empty");
    std::fs::create_dir_all(empty.path().join("todos")).unwrap();
    let error = empty.error(&[]);
    assert_eq!(
        error.to_string(),
        format!(
            "--dir {}: neither vms/ nor projects/ in it",
            empty.path().display()
        )
    );
    assert_eq!(miette::Diagnostic::help(&error).unwrap().to_string(), help);

    let missing = Tree::named("missing");
    let error = missing.error(&["--host"]);
    assert_eq!(
        error.to_string(),
        format!("--dir {}: no such directory", missing.path().display())
    );
    assert_eq!(miette::Diagnostic::help(&error).unwrap().to_string(), help);
}

#[test]
fn without_dir_the_home_of_the_caller_is_read() {
    // The home passed, not $HOME (which holds no such data), nor the home of --dir runs.
    let home = Tree::home();
    home.session(
        Some("alpha"),
        "-p",
        "s",
        &[assistant("a1", "r", T0, SONNET, usage(1, 0, 0, 0, 0))],
    );
    home.session(
        None,
        "-p",
        "s",
        &[assistant("h1", "r", T0, OPUS, usage(8, 0, 0, 0, 0))],
    );
    assert_eq!(
        input_by_row(&home.json(&["--host"])),
        rows(&[("(host)", 8), ("alpha", 1)])
    );
    let this = home
        .run_in_project(Some("alpha"), &["--this", "--json"])
        .unwrap()
        .0;
    assert_eq!(
        input_by_row(&serde_json::from_str(&this).unwrap()),
        rows(&[("alpha", 1)])
    );
}

#[test]
fn grouping_by_project_session_and_model() {
    let tree = two_vms_and_host();
    let by_project = input_by_row(&tree.json(&["--by", "project"]));
    assert_eq!(
        by_project,
        rows(&[
            ("alpha/-home-dev-app", 1),
            ("alpha/-home-dev-lib", 2),
            ("beta/-root-api", 4)
        ])
    );
    let by_session = input_by_row(&tree.json(&["--by", "session", "--host"]));
    assert_eq!(
        by_session,
        rows(&[
            ("(host)/-Users-me-notes/s4", 8),
            ("alpha/-home-dev-app/s1", 1),
            ("alpha/-home-dev-lib/s2", 2),
            ("beta/-root-api/s3", 4)
        ])
    );
    let by_model = input_by_row(&tree.json(&["--by", "model", "--host"]));
    assert_eq!(by_model, rows(&[(HAIKU, 4), (OPUS, 8), (SONNET, 3)]));
}

#[test]
fn sub_agent_transcripts_belong_to_their_session() {
    let tree = Tree::new();
    tree.session(
        Some("alpha"),
        "-p",
        "s1",
        &[assistant("m1", "r", T0, SONNET, usage(1, 0, 0, 0, 0))],
    );
    tree.session(
        Some("alpha"),
        "-p/s1/subagents",
        "agent-1",
        &[assistant("m2", "r", T0, HAIKU, usage(2, 0, 0, 0, 0))],
    );
    assert_eq!(
        input_by_row(&tree.json(&["--by", "session"])),
        rows(&[("alpha/-p/s1", 3)])
    );
}

#[test]
fn unreadable_files_are_reported_not_fatal() {
    // a transcript removed between listing and reading
    let tree = Tree::new();
    let kept = tree.session(
        Some("alpha"),
        "-p",
        "s1",
        &[assistant("m1", "r", T0, SONNET, usage(1, 0, 0, 0, 0))],
    );
    let gone = kept.with_file_name("gone.jsonl");
    let file = |path: &std::path::Path| vm_usage::session_file::SessionFile {
        source: 0,
        project: "-p".to_owned(),
        session: "s".to_owned(),
        path: path.to_owned(),
        // as listed: a file gone since has the stamp of no file
        stamp: std::fs::metadata(path)
            .map(|meta| vm_usage::file_stamp::FileStamp::of(&meta))
            .unwrap_or_default(),
    };
    let progress = vm_usage::progress::Progress::new(0, false);
    let state = vm_usage::scanner::scan(&[file(&kept), file(&gone)], 2, &progress);
    assert_eq!(state.stats.files, 1);
    assert_eq!(state.records().map(|r| r.tokens.input).sum::<u64>(), 1);
    assert_eq!(
        vm_usage::usage_command::skipped_note(&state.stats),
        format!(
            "could not read 1 path:\n  {}: No such file or directory (os error 2)\n",
            gone.display()
        )
    );
}

#[test]
fn no_usage_at_all() {
    let tree = Tree::new();
    tree.session(Some("alpha"), "-p", "s1", &[user(T0, "hello")]);
    let (table, stderr) = tree.run(&["--timezone", "UTC"]);
    assert_eq!(
        table,
        format!(
            "Claude usage by VM, VM alpha, time zone UTC\n\nNo Claude usage found.\nLooked in {}/vms (VMs with \"claude_sync\": true).\n",
            tree.path().display()
        )
    );
    assert_eq!(stderr, "");
}
