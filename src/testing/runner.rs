use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use super::{
    Availability, Outcome, RunId, RunReport, TestCase, TestContext, TestFailure, TestReport,
};
use crate::graph::Owner;

/// What every test of a run shares: which run it is, whom it acts for, and the `vm` binary it runs.
#[derive(Debug, Clone)]
pub struct RunContext {
    pub run_id: RunId,
    /// The user the tests act for: this process's own (under `sudo`, root).
    pub owner: Owner,
    /// The `vm` binary: `vm test`'s own executable.
    pub vm_binary: PathBuf,
}

/// How to run a set of tests.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// How many tests run at once.
    pub jobs: usize,
    /// Where each test gets its `vm-test-<suite>-<name>-<pid>` directory.
    pub artifacts_root: PathBuf,
    pub availability: Availability,
    pub context: Arc<RunContext>,
}

/// What the runner reports as it goes, for a progress display.
#[derive(Debug)]
pub enum RunEvent<'a> {
    Started(&'a TestCase),
    Finished(&'a TestReport),
}

/// How many lines of a failed test's log its report shows; the rest is in its artifacts.
const LOG_TAIL_LINES: usize = 40;

/// Runs `tests`, `options.jobs` at a time (they share nothing: each has its own directory, project names and
/// machines), and reports each as it finishes. Results come back in the order of `tests`.
pub fn run_tests(
    tests: &[TestCase],
    options: &RunOptions,
    on_event: &(dyn Fn(RunEvent) + Sync),
) -> RunReport {
    let queue: Mutex<VecDeque<(usize, &TestCase)>> = Mutex::new(tests.iter().enumerate().collect());
    let results: Mutex<Vec<Option<TestReport>>> = Mutex::new(vec![None; tests.len()]);
    // Read for a test that shares, write for one that runs alone.
    let sharing = RwLock::new(());
    std::thread::scope(|scope| {
        for worker in 0..options.jobs.clamp(1, tests.len().max(1)) {
            std::thread::Builder::new()
                .name(format!("vm-test-{worker}"))
                .spawn_scoped(scope, || {
                    while let Some((index, test)) = next(&queue) {
                        let _turn = if test.runs_alone {
                            Turn::Alone(sharing.write().unwrap_or_else(PoisonError::into_inner))
                        } else {
                            Turn::Shared(sharing.read().unwrap_or_else(PoisonError::into_inner))
                        };
                        on_event(RunEvent::Started(test));
                        let report = run_one(test, options);
                        on_event(RunEvent::Finished(&report));
                        results.lock().expect("no worker panics holding it")[index] = Some(report);
                    }
                })
                .expect("a thread for a test worker");
        }
    });
    RunReport {
        run_id: options.context.run_id.to_string(),
        tests: results
            .into_inner()
            .expect("no worker panics holding it")
            .into_iter()
            .map(|report| report.expect("every test was run"))
            .collect(),
    }
}

/// A test's hold on the machine while it runs.
enum Turn<'a> {
    Shared(#[allow(dead_code)] RwLockReadGuard<'a, ()>),
    Alone(#[allow(dead_code)] RwLockWriteGuard<'a, ()>),
}

fn next<'a>(queue: &Mutex<VecDeque<(usize, &'a TestCase)>>) -> Option<(usize, &'a TestCase)> {
    queue
        .lock()
        .expect("no worker panics holding it")
        .pop_front()
}

/// The artifact directory of `test` in this run.
pub fn test_dir(test: &TestCase, options: &RunOptions) -> PathBuf {
    options.artifacts_root.join(format!(
        "vm-test-{}-{}-{}",
        test.suite, test.name, options.context.run_id.pid
    ))
}

/// Runs one test in its own directory: skipped where its requirement is missing; failed when its body fails or
/// panics, or when its cleanup fails; its cleanup always runs.
fn run_one(test: &TestCase, options: &RunOptions) -> TestReport {
    let started = Instant::now();
    if let Err(reason) = options.availability.check(test.needs) {
        return TestReport {
            test: test.id(),
            outcome: Outcome::Skipped { reason },
            elapsed: Duration::ZERO,
            artifacts: None,
            log_tail: String::new(),
        };
    }
    let dir = test_dir(test, options);
    let slug = format!("{}-{}", test.suite, test.name).replace('_', "-");
    let mut ctx = match TestContext::create(dir.clone(), &slug, options.context.clone()) {
        Ok(ctx) => ctx,
        Err(error) => {
            return TestReport {
                test: test.id(),
                outcome: Outcome::Failed {
                    message: format!("could not make its directory {}: {error}", dir.display()),
                },
                elapsed: started.elapsed(),
                artifacts: Some(dir),
                log_tail: String::new(),
            };
        }
    };
    ctx.log(format!(
        "test {} (run {})",
        test.id(),
        options.context.run_id
    ));
    let body = catch_unwind(AssertUnwindSafe(|| (test.body)(&mut ctx))).unwrap_or_else(|panic| {
        Err(TestFailure::new(format!(
            "panicked: {}",
            panic_message(&*panic)
        )))
    });
    let cleaned = ctx.clean_up();
    let outcome = match (body, cleaned) {
        (Ok(()), Ok(())) => Outcome::Passed,
        (Err(failure), Ok(())) | (Ok(()), Err(failure)) => Outcome::Failed {
            message: failure.message,
        },
        (Err(failure), Err(cleanup)) => Outcome::Failed {
            message: format!("{}\n{}", failure.message, cleanup.message),
        },
    };
    let elapsed = started.elapsed();
    ctx.log(match &outcome {
        Outcome::Passed => format!("passed in {:.2}s", elapsed.as_secs_f64()),
        Outcome::Failed { message } => {
            format!("FAILED in {:.2}s: {message}", elapsed.as_secs_f64())
        }
        Outcome::Skipped { reason } => format!("skipped: {reason}"),
    });
    TestReport {
        test: test.id(),
        outcome,
        elapsed,
        log_tail: log_tail(&dir.join("test.log")),
        artifacts: Some(dir),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "(a panic without a message)".to_owned()
    }
}

fn log_tail(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(LOG_TAIL_LINES)..].join("\n")
}
