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

#[test]
fn prompts_over_200k_tokens_use_long_context_prices() {
    let tree = Tree::new();
    tree.session(
        Some("alpha"),
        "-p",
        "s",
        &[
            assistant("m1", "r1", T0, SONNET, usage(0, 1000, 0, 0, 300_000)),
            assistant("m2", "r2", T0, SONNET, usage(0, 1000, 0, 0, 200_000)),
        ],
    );
    // 300k×0.60 + 1000×22.50 = 0.2025; 200k×0.30 + 1000×15 = 0.075
    assert_eq!(totals(&tree.json(&[]))["costUSD"], 0.2775);
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
    let (table, _) = tree.run(&["--breakdown"]);
    assert_eq!(
        table,
        "\
Claude usage by VM, VM alpha

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
    let error = tree
        .run_in_project(None, &["--since", "March"])
        .unwrap_err();
    assert!(
        error.contains("`March` is not a date: expected YYYY-MM-DD"),
        "{error}"
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
        "--this needs a project: no vm.json in this directory or its parents"
    );

    let no_vms = Tree::new();
    no_vms.session(
        None,
        "-p",
        "s",
        &[assistant("h1", "r", T0, OPUS, usage(8, 0, 0, 0, 0))],
    );
    let error = no_vms.run_in_project(None, &[]).unwrap_err();
    assert_eq!(
        error,
        format!("no VM Claude data in {}", no_vms.path().display())
    );
    assert_eq!(
        input_by_row(&no_vms.json(&["--host"])),
        rows(&[("(host)", 8)])
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
    let tree = Tree::new();
    tree.session(
        Some("alpha"),
        "-p",
        "s1",
        &[assistant("m1", "r", T0, SONNET, usage(1, 0, 0, 0, 0))],
    );
    let broken = tree.path().join("vms/alpha/projects/-p/gone.jsonl");
    std::os::unix::fs::symlink(tree.path().join("nowhere"), &broken).unwrap();
    let (_, stderr) = tree.run(&[]);
    assert_eq!(
        stderr,
        format!(
            "could not read 1 path:\n  {}: No such file or directory (os error 2)\n",
            broken.display()
        )
    );
    let report = tree.json(&[]);
    assert_eq!(
        report["scanned"]["unreadable"][0]["path"],
        broken.to_str().unwrap()
    );
    assert_eq!(counts(totals(&report))[0], 1);
}

#[test]
fn no_usage_at_all() {
    let tree = Tree::new();
    tree.session(Some("alpha"), "-p", "s1", &[user(T0, "hello")]);
    let (table, stderr) = tree.run(&[]);
    assert_eq!(
        table,
        "Claude usage by VM, VM alpha\n\nNo Claude usage found.\n"
    );
    assert_eq!(stderr, "");
}
