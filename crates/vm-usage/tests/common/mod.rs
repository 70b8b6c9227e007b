//! Fixtures: Claude directories written line by line, and `vm usage` run on them in-process.

#![allow(dead_code)]

pub mod figures;
pub mod usage_tree_generator;

use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;
use serde_json::json;
use tempfile::TempDir;

/// A Claude directory (`vms/<vm>/projects/<project>/<session>.jsonl`) in a private temp dir:
/// read with `--dir`, or as the `.claude` of the home that the caller passes.
pub struct Tree {
    dir: TempDir,
    claude_dir: PathBuf,
    is_home: bool,
}

/// The home passed with `--dir`, which must not be read.
pub const NO_HOME: &str = "/nonexistent/home";

impl Tree {
    /// A Claude directory, read with `--dir` (the home passed does not exist).
    pub fn new() -> Tree {
        let dir = tempfile::tempdir().expect("temp dir");
        Tree {
            claude_dir: dir.path().to_owned(),
            dir,
            is_home: false,
        }
    }

    /// A Claude directory at `relative` inside a temp dir (not created), read with `--dir`: one
    /// machine's when it has `projects/` only, named after its last component.
    pub fn named(relative: &str) -> Tree {
        let dir = tempfile::tempdir().expect("temp dir");
        Tree {
            claude_dir: dir.path().join(relative),
            dir,
            is_home: false,
        }
    }

    /// A home directory, passed as the caller's home without `--dir`; [`Tree::path`] is its
    /// `.claude`, not created.
    pub fn home() -> Tree {
        let dir = tempfile::tempdir().expect("temp dir");
        Tree {
            claude_dir: dir.path().join(".claude"),
            dir,
            is_home: true,
        }
    }

    /// The Claude directory.
    pub fn path(&self) -> &Path {
        &self.claude_dir
    }

    /// Writes the session file of `vm` (or of the host for `None`), lines joined by `\n`.
    pub fn session(
        &self,
        vm: Option<&str>,
        project: &str,
        session: &str,
        lines: &[String],
    ) -> PathBuf {
        let base = match vm {
            Some(vm) => self.path().join("vms").join(vm),
            None => self.path().to_owned(),
        };
        let dir = base.join("projects").join(project);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{session}.jsonl"));
        let mut text = lines.join("\n");
        text.push('\n');
        fs::write(&path, text).unwrap();
        path
    }

    /// Runs `vm usage --dir TREE ARGS...` (`vm usage ARGS...` with the home of [`Tree::home`]);
    /// returns stdout and stderr.
    pub fn run(&self, args: &[&str]) -> (String, String) {
        self.run_in_project(None, args).expect("vm usage succeeds")
    }

    /// Runs `vm usage` as if inside a project named `this_project`.
    pub fn run_in_project(
        &self,
        this_project: Option<&str>,
        args: &[&str],
    ) -> Result<(String, String), String> {
        let cli = Cli::try_parse_from(self.argv(args)).map_err(|error| error.to_string())?;
        let output = vm_usage::execute(
            &cli.args,
            this_project,
            self.caller_home(),
            false,
            &vm_usage::TableStyle::PLAIN,
        )
        .map_err(|error| error.to_string())?;
        Ok((output.stdout, output.stderr))
    }

    /// The report of `vm usage ARGS...`, with what the scan read.
    pub fn report(&self, args: &[&str]) -> vm_usage::report::Report {
        let cli = Cli::try_parse_from(self.argv(args)).expect("a valid command line");
        vm_usage::build_report(&cli.args, None, self.caller_home(), false).expect("a report")
    }

    /// Runs `vm usage ARGS...` at `now` (RFC 3339), with `claude_input` as Claude Code's JSON on
    /// stdin; returns stdout and stderr.
    pub fn run_at(&self, now: &str, claude_input: &str, args: &[&str]) -> (String, String) {
        let cli = Cli::try_parse_from(self.argv(args)).expect("a valid command line");
        let now_ms = now
            .parse::<jiff::Timestamp>()
            .expect("a time")
            .as_millisecond();
        let context = vm_usage::Context {
            this_project: None,
            home: self.caller_home(),
            show_progress: false,
            now_ms,
        };
        let output = vm_usage::execute_at(
            &cli.args,
            &context,
            &vm_usage::TableStyle::PLAIN,
            &mut || vm_usage::claude_status_input::ClaudeStatusInput::parse(claude_input),
        )
        .expect("vm usage succeeds");
        (output.stdout, output.stderr)
    }

    /// The stdout of `vm usage ARGS...`, its table in `style`.
    pub fn stdout_in(&self, style: &vm_usage::TableStyle, args: &[&str]) -> String {
        let cli = Cli::try_parse_from(self.argv(args)).expect("a valid command line");
        vm_usage::execute(&cli.args, None, self.caller_home(), false, style)
            .expect("vm usage succeeds")
            .stdout
    }

    /// The error of `vm usage ARGS...`, which must fail after clap accepted the command line.
    pub fn error(&self, args: &[&str]) -> vm_usage::UsageError {
        let cli = Cli::try_parse_from(self.argv(args)).expect("a valid command line");
        vm_usage::execute(
            &cli.args,
            None,
            self.caller_home(),
            false,
            &vm_usage::TableStyle::PLAIN,
        )
        .expect_err("vm usage fails")
    }

    fn argv<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        let mut argv = vec!["vm-usage"];
        if !self.is_home {
            argv.extend(["--dir", self.path().to_str().unwrap()]);
        }
        argv.extend(args);
        argv
    }

    /// The home passed to `vm usage`.
    fn caller_home(&self) -> &Path {
        if self.is_home {
            self.dir.path()
        } else {
            Path::new(NO_HOME)
        }
    }

    /// Runs with `--json` and parses the output.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let args: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
        serde_json::from_str(&self.run(&args).0).expect("valid JSON")
    }
}

#[derive(Parser)]
pub struct Cli {
    #[command(flatten)]
    pub args: vm_usage::UsageArgs,
}

/// Token counts of a usage object: input, output, cache write (5m, 1h), cache read.
#[derive(Clone, Copy)]
pub struct Usage {
    pub input: u64,
    pub output: u64,
    pub write_5m: u64,
    pub write_1h: u64,
    pub read: u64,
}

pub const fn usage(input: u64, output: u64, write_5m: u64, write_1h: u64, read: u64) -> Usage {
    Usage {
        input,
        output,
        write_5m,
        write_1h,
        read,
    }
}

pub const SONNET: &str = "claude-sonnet-4-5-20250929";
pub const OPUS: &str = "claude-opus-4-1-20250805";
pub const HAIKU: &str = "claude-haiku-4-5-20251001";

/// An assistant line as Claude Code writes it (one content block), compact JSON.
pub fn assistant(
    message_id: &str,
    request_id: &str,
    timestamp: &str,
    model: &str,
    usage: Usage,
) -> String {
    json!({
        "parentUuid": null, "isSidechain": false, "userType": "external", "cwd": "/home/dev/app",
        "sessionId": "s", "version": "2.0.28", "gitBranch": "main",
        "message": {
            "model": model, "id": message_id, "type": "message", "role": "assistant",
            "content": [{"type": "text", "text": "Done: \"usage\":{ is a key"}],
            "stop_reason": null, "stop_sequence": null,
            "usage": {
                "input_tokens": usage.input,
                "cache_creation_input_tokens": usage.write_5m + usage.write_1h,
                "cache_read_input_tokens": usage.read,
                "cache_creation": {"ephemeral_5m_input_tokens": usage.write_5m, "ephemeral_1h_input_tokens": usage.write_1h},
                "output_tokens": usage.output,
                "service_tier": "standard"
            }
        },
        "requestId": request_id, "type": "assistant", "uuid": "u", "timestamp": timestamp
    })
    .to_string()
}

/// A user prompt line.
pub fn user(timestamp: &str, text: &str) -> String {
    json!({"type": "user", "message": {"role": "user", "content": text}, "uuid": "u", "timestamp": timestamp}).to_string()
}

/// Other kinds of lines that carry no cost.
pub fn other_lines() -> Vec<String> {
    vec![
        json!({"type": "summary", "summary": "Fixing the loader", "leafUuid": "x"}).to_string(),
        json!({"type": "file-history-snapshot", "messageId": "m", "snapshot": {}, "isSnapshotUpdate": false}).to_string(),
        json!({"type": "system", "subtype": "compact_boundary", "content": "Conversation compacted", "timestamp": "2026-01-05T10:00:00.000Z"}).to_string(),
        json!({"type": "user", "message": {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "ok"}]}, "toolUseResult": {"stdout": "\"usage\": {}"}, "timestamp": "2026-01-05T10:00:00.000Z"}).to_string(),
        json!({"type": "assistant", "timestamp": "2026-01-05T10:00:00.000Z", "message": {"id": "syn", "model": "<synthetic>", "role": "assistant", "usage": {"input_tokens": 0, "output_tokens": 0, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}, "content": []}}).to_string(),
    ]
}

/// The totals object of a JSON report.
pub fn totals(report: &serde_json::Value) -> &serde_json::Value {
    &report["totals"]
}

/// `[input, output, cache write, cache read, total, responses]` of a JSON totals object.
pub fn counts(totals: &serde_json::Value) -> [u64; 6] {
    [
        "inputTokens",
        "outputTokens",
        "cacheCreationTokens",
        "cacheReadTokens",
        "totalTokens",
        "responses",
    ]
    .map(|field| {
        totals[field]
            .as_u64()
            .unwrap_or_else(|| panic!("{field} in {totals}"))
    })
}
