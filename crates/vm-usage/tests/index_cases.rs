//! The usage index (`vms/.vm-usage-index`) never changes an answer, whatever happens to the
//! transcripts between two queries: every case ends with the generator's ground truth, and every
//! query is compared with one made without the index.

mod common;

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::figures::{as_reported, report_figures, report_groups, truth_groups};
use common::usage_tree_generator::{Figures, GeneratorOptions, GroundTruth, generate};
use common::{SONNET, Tree, assistant, usage};
use vm_usage::usage_index::UsageIndex;

fn generated_tree() -> (Tree, GroundTruth) {
    let tree = Tree::new();
    let truth = generate(tree.path(), &GeneratorOptions::default()).expect("the tree is written");
    (tree, truth)
}

fn index_path(tree: &Tree) -> PathBuf {
    tree.path().join("vms").join(UsageIndex::FILE_NAME)
}

/// The reports that exercise every part of the index: by session (files, the summary), by day
/// in UTC (hours) and in India (+05:30, which cuts hours), a filter of days, the first VM (named
/// `FIRST_VM` here), other prices (`/dev/null` here).
const QUERIES: [&[&str]; 5] = [
    &["--json", "--by", "session", "--timezone", "UTC"],
    &["--json", "--by", "day", "--timezone", "Asia/Kolkata"],
    &[
        "--json",
        "--by",
        "model",
        "--since",
        "2026-11-10",
        "--timezone",
        "UTC",
    ],
    &[
        "--json",
        "--vm",
        "FIRST_VM",
        "--by",
        "day",
        "--timezone",
        "UTC",
    ],
    &[
        "--json",
        "--prices",
        "/dev/null",
        "--by",
        "day",
        "--timezone",
        "UTC",
    ],
];

/// Every query gives, with the index as it is, what it gives without (the index deleted before
/// each), and the index is then as complete as before.
fn assert_index_changes_nothing(tree: &Tree) {
    let price_file = tree.path().join("prices.json");
    fs::write(&price_file, r#"{"models": {"claude-haiku-4-5-20251001": {"input": 2, "output": 10, "cache_write_5m": 2.5, "cache_write_1h": 4, "cache_read": 0.2}}}"#).unwrap();
    let mut vms: Vec<String> = fs::read_dir(tree.path().join("vms"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    vms.sort();
    for query in QUERIES {
        let query: Vec<&str> = query
            .iter()
            .map(|arg| match *arg {
                "/dev/null" => price_file.to_str().unwrap(),
                "FIRST_VM" => &vms[0],
                _ => arg,
            })
            .collect();
        let indexed = tree.run(&query);
        fs::remove_file(index_path(tree)).unwrap();
        let fresh = tree.run(&query);
        assert_eq!(indexed, fresh, "{query:?}");
        // from the index just written, every record and the summary
        assert_eq!(tree.run(&query), fresh, "{query:?}");
    }
    fs::remove_file(price_file).unwrap();
    tree.run(&["--json"]);
}

/// Every total of the tree is the truth's: by VM, by UTC day, by model; lines and malformed
/// lines.
fn assert_truth(tree: &Tree, truth: &GroundTruth) {
    let report = tree.json(&["--timezone", "UTC"]);
    assert_eq!(report_figures(&report["totals"]), as_reported(truth.totals));
    assert_eq!(report_groups(&report, "vm"), truth_groups(&truth.by_vm));
    assert_eq!(report["scanned"]["lines"], truth.lines);
    assert_eq!(report["scanned"]["malformedLines"], truth.malformed_lines);
    let by_day = tree.json(&["--by", "day", "--timezone", "UTC"]);
    assert_eq!(report_groups(&by_day, "date"), truth_groups(&truth.by_day));
    let by_model = tree.json(&["--by", "model"]);
    assert_eq!(
        report_groups(&by_model, "model"),
        truth_groups(&truth.by_model)
    );
}

/// What the next query reads from the transcripts.
fn bytes_read(tree: &Tree) -> u64 {
    tree.report(&["--timezone", "UTC"]).stats.bytes_read
}

/// The bytes after the last newline of every transcript (the generator cuts some last lines):
/// read again by any query that reads something.
fn unterminated_bytes(tree: &Tree) -> u64 {
    transcripts(tree)
        .iter()
        .map(|path| {
            let text = fs::read(path).unwrap();
            let end = text
                .iter()
                .rposition(|&byte| byte == b'\n')
                .map_or(0, |at| at + 1);
            (text.len() - end) as u64
        })
        .sum()
}

/// The transcripts of the tree that end with a newline, largest first.
fn complete_transcripts(tree: &Tree) -> Vec<PathBuf> {
    transcripts(tree)
        .into_iter()
        .filter(|path| fs::read(path).unwrap().ends_with(b"\n"))
        .collect()
}

/// The transcripts of the tree, largest first.
fn transcripts(tree: &Tree) -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|ext| ext == "jsonl") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&tree.path().join("vms"), &mut found);
    found.sort_by_key(|path| {
        (
            std::cmp::Reverse(fs::metadata(path).unwrap().len()),
            path.clone(),
        )
    });
    found
}

/// The lines of a file, each with its newline.
fn lines_of(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap()
        .split_inclusive('\n')
        .map(str::to_owned)
        .collect()
}

fn append(path: &Path, text: &str) {
    OpenOptions::new()
        .append(true)
        .open(path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
}

fn request_id(line: &str) -> Option<&str> {
    let start = line.find("\"requestId\":\"")? + 13;
    Some(&line[start..start + line[start..].find('"')?])
}

/// The position of a line whose response continues on the next line (one content block each).
fn split_response(lines: &[String]) -> usize {
    (0..lines.len() - 1)
        .find(|&at| {
            request_id(&lines[at]).is_some() && request_id(&lines[at]) == request_id(&lines[at + 1])
        })
        .expect("a response written on two lines")
}

#[test]
fn an_unchanged_tree_is_answered_from_the_index_alone() {
    let (tree, truth) = generated_tree();
    assert_truth(&tree, &truth);
    let index = index_path(&tree);
    let mode = fs::metadata(&index).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(bytes_read(&tree), 0);
    // the index is no VM
    let report = tree.json(&[]);
    let machines: Vec<&str> = report["machines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(
        machines,
        truth.by_vm.keys().map(String::as_str).collect::<Vec<_>>()
    );
    // no temporary file left beside it
    let names: Vec<String> = fs::read_dir(tree.path().join("vms"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert_eq!(names, [UsageIndex::FILE_NAME]);
    assert_index_changes_nothing(&tree);
}

#[test]
fn a_grown_file_is_read_from_where_it_was_left() {
    let (tree, truth) = generated_tree();
    let file = &transcripts(&tree)[0];
    let lines = lines_of(file);
    // the file stops between two lines of one response
    let at = split_response(&lines) + 1;
    let (head, rest) = (lines[..at].concat(), lines[at..].concat());
    fs::write(file, &head).unwrap();
    assert_index_changes_nothing(&tree);
    let others = unterminated_bytes(&tree);
    append(file, &rest);
    assert_eq!(bytes_read(&tree), rest.len() as u64 + others);
    assert_truth(&tree, &truth);
    assert_eq!(bytes_read(&tree), 0);
    assert_index_changes_nothing(&tree);
}

#[test]
fn a_last_line_cut_short_counts_once_it_is_complete() {
    let (tree, truth) = generated_tree();
    let file = &transcripts(&tree)[1];
    let lines = lines_of(file);
    let at = split_response(&lines);
    let cut = lines[at].len() / 2;
    let head = lines[..at].concat();
    fs::write(file, format!("{head}{}", &lines[at][..cut])).unwrap();
    let report = tree.json(&["--timezone", "UTC"]);
    assert_index_changes_nothing(&tree);
    // the same cut line, queried again, is counted the same (from the index)
    assert_eq!(bytes_read(&tree), 0);
    assert_eq!(tree.json(&["--timezone", "UTC"]), report);

    append(
        file,
        &format!("{}{}", &lines[at][cut..], lines[at + 1..].concat()),
    );
    let len = fs::metadata(file).unwrap().len();
    assert_eq!(
        bytes_read(&tree),
        len - head.len() as u64 + unterminated_bytes(&tree)
    );
    assert_truth(&tree, &truth);
    assert_index_changes_nothing(&tree);
}

#[test]
fn a_file_rewritten_in_place_is_read_again() {
    let (tree, truth) = generated_tree();
    let file = &transcripts(&tree)[2];
    let original = fs::read_to_string(file).unwrap();
    // one digit of one response's output tokens changed: same length, same inode
    let digit = original.find("\"output_tokens\":").unwrap() + 16;
    let mut altered = original.clone().into_bytes();
    altered[digit] = if altered[digit] == b'9' {
        b'8'
    } else {
        altered[digit] + 1
    };
    fs::write(file, &altered).unwrap();
    let report = tree.json(&[]);
    assert_ne!(report_figures(&report["totals"]), as_reported(truth.totals));

    let mut same_inode = OpenOptions::new().write(true).open(file).unwrap();
    same_inode.write_all(original.as_bytes()).unwrap();
    // a modification time unlike the last one, whatever the file system's resolution
    same_inode
        .set_modified(SystemTime::now() + Duration::from_secs(10))
        .unwrap();
    drop(same_inode);
    assert_truth(&tree, &truth);
    assert_index_changes_nothing(&tree);

    // replaced by another file (another inode) that is longer than the old offset
    let replacement = file.with_extension("new");
    fs::write(&replacement, format!("{original}{original}")).unwrap();
    fs::rename(&replacement, file).unwrap();
    assert_index_changes_nothing(&tree);
    let replacement = file.with_extension("new");
    fs::write(&replacement, &original).unwrap();
    fs::rename(&replacement, file).unwrap();
    assert_truth(&tree, &truth);
}

#[test]
fn a_deleted_file_no_longer_counts() {
    let (tree, truth) = generated_tree();
    // another machine's file with a more complete copy of a response (kept over the others)
    // and a response of its own
    let line = lines_of(&transcripts(&tree)[0])
        .into_iter()
        .find(|line| request_id(line).is_some() && line.contains("\"output_tokens\":"))
        .unwrap();
    let more = line.replacen("\"output_tokens\":", "\"output_tokens\":1000", 1);
    let extra = tree.session(
        Some("zz-extra"),
        "-p",
        "s",
        &[
            more.trim_end().to_owned(),
            assistant(
                "m-new",
                "r-new",
                "2026-11-05T10:00:00.000Z",
                SONNET,
                usage(1, 2, 0, 0, 0),
            ),
        ],
    );
    let report = tree.json(&[]);
    assert_eq!(report["totals"]["responses"], truth.totals.responses + 1);
    assert_index_changes_nothing(&tree);

    fs::remove_file(&extra).unwrap();
    assert_truth(&tree, &truth);
    assert_index_changes_nothing(&tree);
}

#[test]
fn the_same_response_in_two_files_counts_once() {
    let (tree, truth) = generated_tree();
    assert_truth(&tree, &truth);
    let files = complete_transcripts(&tree);
    // an exact copy of a response of the first VM, in a file of a VM listed after it and at the
    // end of another file: the first copy (by file) is the one kept
    let mut files_of_first_vm: Vec<&PathBuf> = files.iter().collect();
    files_of_first_vm.sort();
    let source = files_of_first_vm[0];
    let line = lines_of(source)
        .into_iter()
        .find(|line| request_id(line).is_some() && line.contains("\"output_tokens\":"))
        .unwrap();
    let later = files_of_first_vm.last().unwrap();
    let before = fs::metadata(later).unwrap().len();
    append(later, &line);
    let copy = tree.session(Some("zz-copy"), "-p", "s", &[line.trim_end().to_owned()]);
    assert_eq!(
        bytes_read(&tree),
        line.len() as u64 + fs::metadata(&copy).unwrap().len() + unterminated_bytes(&tree)
    );
    assert!(fs::metadata(later).unwrap().len() > before);
    let report = tree.json(&["--timezone", "UTC"]);
    assert_eq!(report_figures(&report["totals"]), as_reported(truth.totals));
    assert_eq!(report_groups(&report, "vm"), truth_groups(&truth.by_vm));
    assert_index_changes_nothing(&tree);
}

fn plus(mut a: Figures, b: Figures) -> Figures {
    a.absorb(&b);
    a
}

fn minus(mut a: Figures, b: Figures) -> Figures {
    a.input -= b.input;
    a.output -= b.output;
    a.cache_creation -= b.cache_creation;
    a.cache_read -= b.cache_read;
    a.responses -= b.responses;
    a.cost_picodollars -= b.cost_picodollars;
    a
}

/// The figures of one response line, as a tree holding only it reports them.
fn figures_of(line: &str) -> Figures {
    let tree = Tree::new();
    tree.session(Some("one"), "-p", "s", &[line.trim_end().to_owned()]);
    report_figures(&tree.json(&[])["totals"])
}

fn date_of(line: &str) -> String {
    let start = line.find("\"timestamp\":\"").unwrap() + 13;
    line[start..start + 10].to_owned()
}

#[test]
fn timestamps_out_of_order_date_each_response_by_its_earliest_line() {
    let (tree, truth) = generated_tree();
    assert_truth(&tree, &truth);
    let file = &complete_transcripts(&tree)[0];
    let line = lines_of(file)
        .into_iter()
        .find(|line| request_id(line).is_some() && line.contains("\"output_tokens\":"))
        .unwrap();
    let day = date_of(&line);
    let response = figures_of(&line);
    // the clock went back: a copy of an earlier response, dated weeks before, and a new
    // response dated before everything else
    let start = line.find("\"timestamp\":\"").unwrap() + 13;
    let back = format!(
        "{}2026-09-02T08:00:00.000Z{}",
        &line[..start],
        &line[start + 24..]
    );
    let new = assistant(
        "m-back",
        "r-back",
        "2026-09-01T23:59:59.999Z",
        SONNET,
        usage(1000, 2000, 0, 0, 0),
    );
    append(file, &format!("{back}{new}\n"));

    let mut expected = truth.by_day.clone();
    let moved = expected.get_mut(&day).unwrap();
    *moved = minus(*moved, response);
    if moved.responses == 0 {
        expected.remove(&day);
    }
    expected.insert("2026-09-02".to_owned(), response);
    let fresh = Figures {
        input: 1000,
        output: 2000,
        responses: 1,
        cost_picodollars: 1000 * 3_000_000 + 2000 * 15_000_000,
        ..Figures::default()
    };
    expected.insert("2026-09-01".to_owned(), fresh);
    let by_day = tree.json(&["--by", "day", "--timezone", "UTC"]);
    let expected: BTreeMap<String, Figures> = expected;
    assert_eq!(report_groups(&by_day, "date"), truth_groups(&expected));
    assert_eq!(
        report_figures(&by_day["totals"]),
        as_reported(plus(truth.totals, fresh))
    );
    assert_index_changes_nothing(&tree);
}

#[test]
fn a_corrupt_or_unreadable_index_is_ignored_and_rebuilt() {
    let (tree, truth) = generated_tree();
    assert_truth(&tree, &truth);
    let index = index_path(&tree);
    let whole = fs::read(&index).unwrap();
    let damaged = [
        b"garbage".to_vec(),
        whole[..whole.len() / 2].to_vec(),
        // one byte of the records section flipped: the metadata is intact, a record is not
        {
            let mut flipped = whole.clone();
            let last = flipped.len() - 100;
            flipped[last] ^= 0xff;
            flipped
        },
        Vec::new(),
    ];
    for bytes in damaged {
        fs::write(&index, &bytes).unwrap();
        // a file changed, so that records are needed
        let file = &transcripts(&tree)[0];
        let text = fs::read_to_string(file).unwrap();
        fs::write(file, &text).unwrap();
        assert_truth(&tree, &truth);
        assert_eq!(bytes_read(&tree), 0, "the index is whole again");
    }
    // a directory where the index should be: read every time, never fatal
    fs::remove_file(&index).unwrap();
    fs::create_dir(&index).unwrap();
    assert_truth(&tree, &truth);
}
