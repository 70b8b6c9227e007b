//! The bad-input corpus, `tests/bad-input/`: each `<case>.json` beside its `<case>.expect`, one line per diagnostic
//! the file gets, in file order: its code, where it is (`line:column`, or `-` for a file that cannot be read), and a
//! word its message or help must hold, e.g. `wrong_type 3:15 string`.
//!
//! Every case is refused by `vm validate` and by `vm apply --yes` alike: exit 1, its diagnostics printed, nothing
//! written anywhere, and no docker or vagrant call (stand-ins that only record their calls come first on PATH). A
//! few cases cannot live in git and are made here: a FIFO, a path through a file, a file without read permission,
//! a huge document and a very deeply nested one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::stderr;

/// One expected diagnostic: `code line:column word...`.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    code: String,
    at: Option<String>,
    word: String,
}

fn parse_expect(text: &str) -> Vec<Expected> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut words = line.splitn(3, ' ');
            let code = words.next().unwrap().to_owned();
            let at = words.next().expect("code, place, word").to_owned();
            let word = words.next().expect("code, place, word").to_owned();
            Expected {
                code,
                at: (at != "-").then_some(at),
                word,
            }
        })
        .collect()
}

/// A scratch place to run in: its own working directory, HOME, and a PATH whose docker and vagrant only record.
struct Sandbox {
    root: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let root = tempfile::Builder::new()
            .prefix("vm-bad-input-")
            .tempdir()
            .unwrap();
        for dir in ["bin", "home", "work"] {
            std::fs::create_dir(root.path().join(dir)).unwrap();
        }
        let stand_in = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fault-injection/docker-that-only-records-its-calls");
        for program in ["docker", "vagrant"] {
            std::os::unix::fs::symlink(&stand_in, root.path().join("bin").join(program)).unwrap();
        }
        Sandbox { root }
    }

    fn calls(&self) -> PathBuf {
        self.root.path().join("calls")
    }

    /// `vm -c config ARGS` in the sandbox.
    fn vm(&self, config: &Path, args: &[&str]) -> Output {
        let path = format!(
            "{}:{}",
            self.root.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Command::new(assert_cmd::cargo::cargo_bin("vm"))
            .arg("-c")
            .arg(config)
            .args(args)
            .current_dir(self.root.path().join("work"))
            .env("HOME", self.root.path().join("home"))
            .env("PATH", path)
            .env("NO_COLOR", "1")
            .env("VM_RECORDED_CALLS", self.calls())
            .env_remove("VM_DOCKER")
            .env_remove("SUDO_UID")
            .env_remove("SUDO_GID")
            .output()
            .unwrap()
    }
}

/// Every file under `dir` with its length and modification time: what "nothing written" is checked against.
fn tree(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let metadata = entry.path().symlink_metadata().unwrap();
            if metadata.is_dir() {
                pending.push(entry.path());
            }
            files.insert(entry.path(), (metadata.len(), metadata.modified().unwrap()));
        }
    }
    files
}

/// Checks one case, by the library (the codes) and by the binary (exit 1, each place and word printed, nothing
/// written, no calls); the failures, as text.
fn check(sandbox: &Sandbox, name: &str, config: &Path, expected: &[Expected]) -> Vec<String> {
    let mut failures = Vec::new();
    let mut fail = |what: String| failures.push(format!("{name}: {what}"));
    match vm::config::load(config) {
        Ok(_) => fail("loads".to_owned()),
        Err(error) => {
            let codes: Vec<&str> = if error.diagnostics().is_empty() {
                vec![error.code()]
            } else {
                error.diagnostics().iter().map(|d| d.code()).collect()
            };
            let wanted: Vec<&str> = expected.iter().map(|e| e.code.as_str()).collect();
            if codes != wanted {
                fail(format!("codes {codes:?}, expected {wanted:?}"));
            }
        }
    }
    let watched = config
        .ancestors()
        .skip(1)
        .find(|dir| dir.is_dir())
        .unwrap()
        .to_path_buf();
    let before = (tree(&watched), tree(sandbox.root.path()));
    for args in [&["validate"][..], &["apply", "--yes"]] {
        let output = sandbox.vm(config, args);
        let text = stderr(&output);
        if output.status.code() != Some(1) {
            fail(format!("{args:?} exit {:?}:\n{text}", output.status.code()));
        }
        if !output.stdout.is_empty() {
            fail(format!("{args:?} printed on stdout"));
        }
        for expected in expected {
            if let Some(at) = &expected.at {
                let place = format!("{}:{at}]", config.display());
                if !text.contains(&place) {
                    fail(format!("{args:?} does not show {place}:\n{text}"));
                }
            }
            if !text.contains(&expected.word) {
                fail(format!(
                    "{args:?} does not say `{}`:\n{text}",
                    expected.word
                ));
            }
        }
    }
    if (tree(&watched), tree(sandbox.root.path())) != before {
        fail("something was written".to_owned());
    }
    failures
}

#[test]
fn every_bad_input_exits_1_with_its_diagnostic_and_changes_nothing() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let sandbox = Sandbox::new();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_stem().unwrap().to_str().unwrap();
        let expect = std::fs::read_to_string(case.with_extension("expect"))
            .unwrap_or_else(|_| panic!("{name} has no {name}.expect"));
        failures.extend(check(&sandbox, name, case, &parse_expect(&expect)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        !sandbox.calls().exists(),
        "docker or vagrant was called: {}",
        std::fs::read_to_string(sandbox.calls()).unwrap_or_default()
    );
}

/// What cannot be in git: made here, in a scratch directory, and checked the same way.
#[test]
fn bad_inputs_that_cannot_be_committed_are_refused_the_same_way() {
    let sandbox = Sandbox::new();
    let scratch = tempfile::Builder::new()
        .prefix("vm-bad-input-made-")
        .tempdir()
        .unwrap();
    let dir = scratch.path();
    let one = |code: &str, at: Option<&str>, word: &str| {
        vec![Expected {
            code: code.to_owned(),
            at: at.map(str::to_owned),
            word: word.to_owned(),
        }]
    };
    let mut cases = Vec::new();

    // A FIFO: refused without reading (a read would wait for a writer forever).
    let fifo = dir.join("fifo.json");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    cases.push(("fifo", fifo, one("not_a_file", None, "a FIFO")));

    // A path through a file.
    let file = dir.join("plain.json");
    std::fs::write(&file, r#"{ "project": { "name": "app" } }"#).unwrap();
    cases.push((
        "path-through-a-file",
        file.join("vm.json"),
        one("read", None, "Not a directory"),
    ));

    // A huge document: a valid 4 MiB environment, then one bad value at its end.
    let mut huge = String::from("{\n  \"project\": { \"name\": \"app\" },\n  \"environment\": {\n");
    for index in 0..100_000 {
        huge.push_str(&format!("    \"VAR_{index}\": \"value {index}\",\n"));
    }
    huge.push_str("    \"LAST\": \"value\"\n  },\n  \"vm\": { \"cpus\": 0 }\n}\n");
    let huge_file = dir.join("huge.json");
    std::fs::write(&huge_file, &huge).unwrap();
    cases.push((
        "huge",
        huge_file,
        one("out_of_range", Some("100006:19"), "cpus"),
    ));

    // Nesting far deeper than any parser's stack: refused, never a crash.
    let deep_file = dir.join("deep.json");
    std::fs::write(
        &deep_file,
        format!(
            "{{ \"project\": {{ \"name\": \"app\" }}, \"aliases\": {}{} }}",
            "[".repeat(200_000),
            "]".repeat(200_000)
        ),
    )
    .unwrap();
    cases.push(("deep", deep_file, one("syntax", None, "exceeded")));

    // A file that cannot be read: root reads it anyway, so there it is skipped, saying why.
    let unreadable = dir.join("unreadable.json");
    std::fs::write(&unreadable, r#"{ "project": { "name": "app" } }"#).unwrap();
    std::fs::set_permissions(
        &unreadable,
        std::os::unix::fs::PermissionsExt::from_mode(0o000),
    )
    .unwrap();
    if nix::unistd::Uid::effective().is_root() {
        println!(
            "skipped: unreadable file: running as root, whom chmod does not stop from reading"
        );
    } else {
        cases.push((
            "unreadable",
            unreadable,
            one("read", None, "Permission denied"),
        ));
    }

    let failures: Vec<String> = cases
        .iter()
        .flat_map(|(name, path, expected)| check(&sandbox, name, path, expected))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        !sandbox.calls().exists(),
        "docker or vagrant was called: {}",
        std::fs::read_to_string(sandbox.calls()).unwrap_or_default()
    );
}
