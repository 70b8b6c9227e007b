//! `vm test`: picks the suites, runs them through [`crate::testing`], and shows the results as they come.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressStyle};
use nix::unistd::{Gid, Uid};

use super::CliError;
use super::args::TestArgs;
use crate::error::Error;
use crate::graph::Owner;
use crate::host_user::invoking_user;
use crate::testing::{
    Availability, DEFAULT_ARTIFACTS_DIR, RunContext, RunEvent, RunId, RunOptions, Suite, TestCase,
    clean_up_leftovers, prepare_artifacts_root, remove_run_machines, run_tests, suites, test_line,
};

pub fn test(args: &TestArgs) -> Result<ExitCode, Error> {
    let selected = select_suites(&args.suites)?;
    if args.list {
        print!(
            "{}",
            if args.json {
                list_json(&selected)
            } else {
                list_text(&selected)
            }
        );
        return Ok(ExitCode::SUCCESS);
    }
    let invoking = invoking_user();
    let requested_root = args
        .artifacts
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_ARTIFACTS_DIR));
    let artifacts_root = prepare_artifacts_root(&requested_root, invoking).map_err(|source| {
        CliError::ArtifactsDir {
            path: requested_root.clone(),
            source,
        }
    })?;
    if args.cleanup {
        return Ok(clean_up(&artifacts_root, invoking.uid, args.json));
    }
    let tests: Vec<TestCase> = selected.iter().flat_map(|suite| (suite.tests)()).collect();
    let context = RunContext {
        run_id: RunId::current(invoking.uid),
        owner: Owner {
            uid: Uid::current().as_raw(),
            gid: Gid::current().as_raw(),
        },
        vm_binary: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("vm")),
    };
    let jobs = args.jobs.map_or_else(default_jobs, usize::from);
    let options = RunOptions {
        // More workers than tests would only wait.
        jobs: jobs.min(tests.len()).max(1),
        artifacts_root,
        availability: Availability::detect(),
        context: Arc::new(context),
    };
    quiet_test_panics();
    if !args.json {
        println!(
            "running {} {}, {} at a time; artifacts in {}",
            tests.len(),
            if tests.len() == 1 { "test" } else { "tests" },
            options.jobs,
            options.artifacts_root.display()
        );
    }
    let progress = progress_bar(tests.len());
    let report = run_tests(&tests, &options, &|event| {
        show_event(&event, &progress, args.json)
    });
    progress.finish_and_clear();
    if options.availability.docker.is_ok()
        && let Ok(removed) = remove_run_machines(options.context.run_id)
        && removed > 0
    {
        eprintln!("removed {removed} containers and images the tests left behind");
    }
    if args.json {
        print!("{}", report.render_json());
    } else {
        print!("{}", report.render_summary());
    }
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The suites named, in the order given, or all of them; an unknown name is an error naming those there are.
fn select_suites(names: &[String]) -> Result<Vec<Suite>, CliError> {
    if names.is_empty() {
        return Ok(suites::ALL.to_vec());
    }
    let mut selected: Vec<Suite> = Vec::new();
    for name in names {
        let suite = suites::find(name).ok_or_else(|| CliError::UnknownSuite {
            name: name.clone(),
            known: suites::ALL
                .iter()
                .map(|suite| suite.name)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        if !selected.iter().any(|chosen| chosen.name == suite.name) {
            selected.push(suite);
        }
    }
    Ok(selected)
}

fn needs_text(suite: &Suite) -> String {
    suite
        .needs()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_text(suites: &[Suite]) -> String {
    let mut text = format!("{:<10} {:<25} {}\n", "SUITE", "NEEDS", "TESTS");
    for suite in suites {
        text.push_str(&format!(
            "{:<10} {:<25} {}\n",
            suite.name,
            needs_text(suite),
            suite.description
        ));
    }
    text
}

fn list_json(suites: &[Suite]) -> String {
    let suites: Vec<serde_json::Value> = suites
        .iter()
        .map(|suite| {
            serde_json::json!({
                "name": suite.name,
                "description": suite.description,
                "needs": suite.needs(),
                "tests": (suite.tests)().iter().map(|test| &test.name).collect::<Vec<_>>(),
            })
        })
        .collect();
    let document = serde_json::json!({ "format_version": crate::testing::REPORT_FORMAT_VERSION, "suites": suites });
    serde_json::to_string_pretty(&document).expect("a list is valid JSON") + "\n"
}

/// `vm test --cleanup`: what it removed, and exit 1 where something could not be removed.
fn clean_up(artifacts_root: &std::path::Path, uid: u32, json: bool) -> ExitCode {
    let report = clean_up_leftovers(artifacts_root, uid);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a cleanup report is valid JSON")
        );
    } else {
        for container in &report.containers {
            println!("removed container {container}");
        }
        for image in &report.images {
            println!("removed image {image}");
        }
        for volume in &report.volumes {
            println!("removed volume {volume}");
        }
        for machine in &report.vagrant_machines {
            println!("destroyed the Vagrant machine in {}", machine.display());
        }
        for failure in &report.failures {
            eprintln!("error: {failure}");
        }
        println!(
            "{} containers, {} images, {} volumes and {} Vagrant machines removed",
            report.containers.len(),
            report.images.len(),
            report.volumes.len(),
            report.vagrant_machines.len()
        );
    }
    if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// One per CPU: the tests mostly wait on Docker.
fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// A line saying how many tests are done and which are running, on a terminal only (hidden elsewhere).
fn progress_bar(total: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64).with_style(
        ProgressStyle::with_template("{spinner} [{elapsed}] {pos}/{len} {wide_msg}")
            .expect("the template is valid"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// The progress line follows the running tests; each finished test gets its line above it.
fn show_event(event: &RunEvent, progress: &ProgressBar, json: bool) {
    match event {
        RunEvent::Started(test) => progress.set_message(format!("running {}", test.id())),
        RunEvent::Finished(report) => {
            progress.inc(1);
            if !json {
                let line = styled(&test_line(report));
                progress.suspend(|| {
                    let _ = writeln!(anstream::stdout(), "{line}");
                });
            }
        }
    }
}

/// The result word in colour: green passed, red FAILED, yellow skipped (plain where colour is off).
fn styled(line: &str) -> String {
    let Some((word, rest)) = line.split_once(' ') else {
        return line.to_owned();
    };
    let colour = match word {
        "passed" => AnsiColor::Green,
        "FAILED" => AnsiColor::Red,
        _ => AnsiColor::Yellow,
    };
    let style = Style::new().bold().fg_color(Some(colour.into()));
    format!("{style}{word}{style:#} {rest}")
}

/// A test that panics is reported as failed with the panic's message; the default hook would also print it in the
/// middle of the other tests' lines.
fn quiet_test_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_test = std::thread::current()
            .name()
            .is_some_and(|name| name.starts_with("vm-test-"));
        if !in_test {
            default(info);
        }
    }));
}
