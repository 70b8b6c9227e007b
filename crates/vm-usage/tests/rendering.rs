//! What people and programs read, checked as exact text.

mod common;

use common::*;
use vm_usage::TableStyle;

/// Two VMs over two days (in UTC) with three models; one line malformed. The Sonnet response has
/// 1,250,000 1-hour cache writes, the 1,050,000 past 200k at the long-context rate (as ccusage,
/// which gives $13.974427 for it): 12×3 + 1,834×15 + 24,512×3.75 (5m) + 200,000×6 +
/// 1,050,000×12 (1h) + 183,204×0.3 = $13.974 427 2;
/// Haiku: 4,210×1 + 312×5 = $0.005 77; Opus: 3×15 + 9,876×75 + 40,000×18.75 + 150,000×1.5 = $1.715 745.
fn fleet() -> Tree {
    let tree = Tree::new();
    tree.session(
        Some("api"),
        "-home-dev-api",
        "0b1c",
        &[
            user("2026-11-02T09:00:00.000Z", "add the endpoint"),
            assistant(
                "m1",
                "r1",
                "2026-11-02T09:00:05.000Z",
                SONNET,
                usage(12, 1_834, 24_512, 1_250_000, 183_204),
            ),
            assistant(
                "m1",
                "r1",
                "2026-11-02T09:00:06.000Z",
                SONNET,
                usage(12, 1_834, 24_512, 1_250_000, 183_204),
            ),
            assistant(
                "m2",
                "r2",
                "2026-11-03T22:10:00.000Z",
                HAIKU,
                usage(4_210, 312, 0, 0, 0),
            ),
            "{\"type\":\"assistant\",\"mess".to_owned(),
        ],
    );
    tree.session(
        Some("web"),
        "-workspace-web",
        "7f3a",
        &[assistant(
            "m3",
            "r3",
            "2026-11-03T23:59:59.999Z",
            OPUS,
            usage(3, 9_876, 40_000, 0, 150_000),
        )],
    );
    tree
}

#[test]
fn table_by_vm() {
    let (stdout, stderr) = fleet().run(&["--timezone", "UTC"]);
    assert_eq!(
        stdout,
        "\
Claude usage by VM, 2 VMs, time zone UTC

VM     Input  Output  Cache write  Cache read  Total tokens  Cost (USD)
api    4,222   2,146    1,274,512     183,204     1,464,084      $13.98
web        3   9,876       40,000     150,000       199,879       $1.72
-----------------------------------------------------------------------
Total  4,225  12,022    1,314,512     333,204     1,663,963      $15.70
"
    );
    assert_eq!(stderr, "skipped 1 malformed line in 1 file\n");
}

#[test]
fn table_by_day_with_breakdown() {
    let (stdout, _) = fleet().run(&[
        "--by",
        "day",
        "--breakdown",
        "--timezone",
        "Asia/Tokyo",
        "--since",
        "2026-11-01",
    ]);
    assert_eq!(
        stdout,
        "\
Claude usage by day, 2 VMs, time zone Asia/Tokyo, from 2026-11-01

Day                           Input  Output  Cache write  Cache read  Total tokens  Cost (USD)
2026-11-02                       12   1,834    1,274,512     183,204     1,459,562      $13.97
  claude-sonnet-4-5-20250929     12   1,834    1,274,512     183,204     1,459,562      $13.97
2026-11-04                    4,213  10,188       40,000     150,000       204,401       $1.72
  claude-haiku-4-5-20251001   4,210     312            0           0         4,522       $0.01
  claude-opus-4-1-20250805        3   9,876       40,000     150,000       199,879       $1.72
----------------------------------------------------------------------------------------------
Total                         4,225  12,022    1,314,512     333,204     1,663,963      $15.70
"
    );
}

#[test]
fn table_by_session() {
    let (stdout, _) = fleet().run(&["--by", "session", "--timezone", "Europe/Paris"]);
    assert_eq!(
        stdout,
        "\
Claude usage by session, 2 VMs, time zone Europe/Paris

VM     Project         Session  Input  Output  Cache write  Cache read  Total tokens  Cost (USD)
api    -home-dev-api   0b1c     4,222   2,146    1,274,512     183,204     1,464,084      $13.98
web    -workspace-web  7f3a         3   9,876       40,000     150,000       199,879       $1.72
------------------------------------------------------------------------------------------------
Total                           4,225  12,022    1,314,512     333,204     1,663,963      $15.70
"
    );
}

#[test]
fn json_by_vm() {
    let (stdout, _) = fleet().run(&["--json", "--vm", "web", "--timezone", "UTC"]);
    assert_eq!(
        stdout,
        r#"{
  "version": 1,
  "groupBy": "vm",
  "timeZone": "UTC",
  "since": null,
  "until": null,
  "machines": [
    "web"
  ],
  "rows": [
    {
      "key": {
        "vm": "web"
      },
      "inputTokens": 3,
      "outputTokens": 9876,
      "cacheCreationTokens": 40000,
      "cacheCreation1hTokens": 0,
      "cacheReadTokens": 150000,
      "totalTokens": 199879,
      "costUSD": 1.715745,
      "costComplete": true,
      "responses": 1,
      "models": [
        {
          "model": "claude-opus-4-1-20250805",
          "inputTokens": 3,
          "outputTokens": 9876,
          "cacheCreationTokens": 40000,
          "cacheCreation1hTokens": 0,
          "cacheReadTokens": 150000,
          "totalTokens": 199879,
          "costUSD": 1.715745,
          "costComplete": true,
          "responses": 1
        }
      ]
    }
  ],
  "totals": {
    "inputTokens": 3,
    "outputTokens": 9876,
    "cacheCreationTokens": 40000,
    "cacheCreation1hTokens": 0,
    "cacheReadTokens": 150000,
    "totalTokens": 199879,
    "costUSD": 1.715745,
    "costComplete": true,
    "responses": 1,
    "models": [
      {
        "model": "claude-opus-4-1-20250805",
        "inputTokens": 3,
        "outputTokens": 9876,
        "cacheCreationTokens": 40000,
        "cacheCreation1hTokens": 0,
        "cacheReadTokens": 150000,
        "totalTokens": 199879,
        "costUSD": 1.715745,
        "costComplete": true,
        "responses": 1
      }
    ]
  },
  "unpricedModels": [],
  "scanned": {
    "files": 1,
    "bytes": 647,
    "lines": 1,
    "usageLines": 1,
    "malformedLines": 0,
    "unreadable": [],
    "symlinks": []
  }
}
"#
    );
}

#[test]
fn every_caption_names_the_time_zone() {
    let tree = fleet();
    let captions: Vec<String> = ["vm", "day", "week", "month", "session", "project", "model"]
        .iter()
        .map(|by| {
            let (stdout, _) = tree.run(&["--by", by, "--timezone", "Asia/Tokyo"]);
            stdout.lines().next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        captions,
        [
            "Claude usage by VM, 2 VMs, time zone Asia/Tokyo",
            "Claude usage by day, 2 VMs, time zone Asia/Tokyo",
            "Claude usage by week, 2 VMs, time zone Asia/Tokyo",
            "Claude usage by month, 2 VMs, time zone Asia/Tokyo",
            "Claude usage by session, 2 VMs, time zone Asia/Tokyo",
            "Claude usage by project, 2 VMs, time zone Asia/Tokyo",
            "Claude usage by model, 2 VMs, time zone Asia/Tokyo",
        ]
    );
    let (stdout, _) = tree.run(&["--timezone", "UTC", "--until", "2026-11-02"]);
    assert_eq!(
        stdout.lines().next(),
        Some("Claude usage by VM, 2 VMs, time zone UTC, until 2026-11-02")
    );
}

#[test]
fn no_vm_directory_reads_as_no_vms() {
    // the caller's home has no .claude at all
    let home = Tree::home();
    let (stdout, stderr) = home.run(&["--timezone", "UTC"]);
    let empty = format!(
        "\
Claude usage by VM, no machines, time zone UTC

No Claude usage found.
Looked in {}/vms (VMs with \"claude_sync\": true).
",
        home.path().display()
    );
    assert_eq!(stdout, empty);
    assert_eq!(stderr, "");
    let report = home.json(&[]);
    assert_eq!(
        (&report["machines"], &report["rows"]),
        (&serde_json::json!([]), &serde_json::json!([]))
    );

    // the same as a `vms` directory without VMs
    std::fs::create_dir_all(home.path().join("vms")).unwrap();
    assert_eq!(home.run(&["--timezone", "UTC"]), (empty, String::new()));
}

#[test]
fn the_host_is_named_only_with_data() {
    let tree = fleet();
    let (stdout, stderr) = tree.run(&["--host", "--timezone", "UTC"]);
    assert_eq!(
        stdout.lines().next(),
        Some("Claude usage by VM, 2 VMs, time zone UTC")
    );
    assert_eq!(
        stderr,
        format!(
            "--host: no Claude transcripts in {}/projects\nskipped 1 malformed line in 1 file\n",
            tree.path().display()
        )
    );
    assert_eq!(
        tree.json(&["--host"])["machines"],
        serde_json::json!(["api", "web"])
    );

    // a home's Claude directory without VMs and without host data (an empty directory is none)
    let nothing = Tree::new();
    std::fs::create_dir(nothing.path().join("vms")).unwrap();
    let (stdout, stderr) = nothing.run(&["--host", "--timezone", "UTC"]);
    let dir = nothing.path().display();
    assert_eq!(
        stdout,
        format!(
            "\
Claude usage by VM, no machines, time zone UTC

No Claude usage found.
Looked in {dir}/vms (VMs with \"claude_sync\": true) and {dir}/projects (the host).
"
        )
    );
    assert_eq!(
        stderr,
        format!("--host: no Claude transcripts in {dir}/projects\n")
    );

    tree.session(
        None,
        "-Users-me-notes",
        "s4",
        &[assistant(
            "h1",
            "r",
            "2026-11-02T09:00:00.000Z",
            HAIKU,
            usage(8, 0, 0, 0, 0),
        )],
    );
    let (stdout, _) = tree.run(&["--host", "--timezone", "UTC"]);
    assert_eq!(
        stdout.lines().next(),
        Some("Claude usage by VM, 2 VMs and the host, time zone UTC")
    );
    let (stdout, stderr) = tree.run(&["--host", "--vm", "web", "--timezone", "UTC"]);
    assert_eq!(
        stdout.lines().next(),
        Some("Claude usage by VM, VM web and the host, time zone UTC")
    );
    assert_eq!(stderr, "");
}

/// `api` with a priced response, `lab` with one of a model without a price.
fn priced_and_unpriced() -> Tree {
    let tree = Tree::new();
    tree.session(
        Some("api"),
        "-p",
        "s1",
        &[assistant(
            "m1",
            "r1",
            "2026-11-02T09:00:00.000Z",
            SONNET,
            usage(100_000, 0, 0, 0, 0),
        )],
    );
    tree.session(
        Some("lab"),
        "-p",
        "s2",
        &[assistant(
            "m2",
            "r2",
            "2026-11-02T09:00:00.000Z",
            "claude-next-5",
            usage(500, 0, 0, 0, 0),
        )],
    );
    tree
}

#[test]
fn terminal_table_in_bold_and_yellow() {
    // the header and the totals bold, unknown costs yellow (and bold in the totals); spaces
    // outside a line's styles
    let styled = priced_and_unpriced().stdout_in(&TableStyle::TERMINAL, &["--timezone", "UTC"]);
    assert_eq!(
        styled,
        "\
Claude usage by VM, 2 VMs, time zone UTC

\x1b[1mVM       Input  Output  Cache write  Cache read  Total tokens       Cost (USD)\x1b[0m
api    100,000       0            0           0       100,000            $0.30
lab        500       0            0           0           500     \x1b[33mcost unknown\x1b[0m
------------------------------------------------------------------------------
\x1b[1mTotal  100,500       0            0           0       100,500  $0.30 + \x1b[0m\x1b[1m\x1b[33munknown\x1b[0m

\x1b[33mCost unknown:\x1b[0m no price for claude-next-5. Give prices with --prices FILE.
"
    );
}

#[test]
fn terminal_tables_are_the_plain_ones_with_escape_codes() {
    let cases: [(Tree, &[&str]); 5] = [
        (priced_and_unpriced(), &[]),
        (priced_and_unpriced(), &["--by", "day", "--breakdown"]),
        (fleet(), &[]),
        (fleet(), &["--by", "session", "--breakdown"]),
        (fleet(), &["--by", "model"]),
    ];
    for (tree, args) in cases {
        let args: Vec<&str> = ["--timezone", "UTC"].iter().chain(args).copied().collect();
        let plain = tree.stdout_in(&TableStyle::PLAIN, &args);
        let styled = tree.stdout_in(&TableStyle::TERMINAL, &args);
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(
            styled.contains("\x1b[1m") && styled.contains("\x1b[0m"),
            "{styled}"
        );
        assert_eq!(anstream::adapter::strip_str(&styled).to_string(), plain);
        assert_eq!(tree.run(&args).0, plain);
    }
    // an empty report and JSON have nothing to style
    let home = Tree::home();
    assert_eq!(
        home.stdout_in(&TableStyle::TERMINAL, &["--timezone", "UTC"]),
        home.stdout_in(&TableStyle::PLAIN, &["--timezone", "UTC"])
    );
    let tree = priced_and_unpriced();
    assert_eq!(
        tree.stdout_in(&TableStyle::TERMINAL, &["--json"]),
        tree.stdout_in(&TableStyle::PLAIN, &["--json"])
    );
}
