//! The harness tests itself, with no Docker: each test here runs an inner set of tests through the real runner
//! and checks what it reported, so a deliberately failing inner test must come out as failed.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::testing::{
    Availability, CommandOutput, Counts, Outcome, Requirement, RunOptions, RunReport, Suite,
    TestCase, TestContext, TestFailure, TestReport, TestResult, ensure, ensure_contains, ensure_eq,
    is_leftover, run_tests,
};

pub const SUITE: Suite = Suite {
    name: "framework",
    description: "the harness itself: assertions, isolation, artifacts, cleanup, skips, reporting, a failing test",
    tests,
};

const NAME: &str = "framework";

fn tests() -> Vec<TestCase> {
    let test = |name, body: fn(&mut TestContext) -> TestResult| {
        TestCase::new(NAME, name, Requirement::Nothing, body)
    };
    vec![
        test("assertions_show_what_differs", assertions_show_what_differs),
        test(
            "a_failing_test_is_reported_as_failed",
            a_failing_test_is_reported_as_failed,
        ),
        test(
            "each_test_has_its_own_directory",
            each_test_has_its_own_directory,
        ),
        test(
            "cleanup_runs_however_a_test_ends",
            cleanup_runs_however_a_test_ends,
        ),
        test(
            "a_missing_requirement_is_a_skip_not_a_pass",
            a_missing_requirement_is_a_skip_not_a_pass,
        ),
        test(
            "the_report_reads_as_documented",
            the_report_reads_as_documented,
        ),
        test("jobs_run_tests_side_by_side", jobs_run_tests_side_by_side),
        test(
            "only_finished_runs_of_the_same_user_are_leftovers",
            only_finished_runs_of_the_same_user_are_leftovers,
        ),
        test(
            "names_are_unique_valid_project_names",
            names_are_unique_valid_project_names,
        ),
    ]
}

/// Runs `tests` through the real runner, in a directory of the outer test's own.
fn inner_run(
    ctx: &mut TestContext,
    label: &str,
    tests: &[TestCase],
    jobs: usize,
    availability: Availability,
) -> RunReport {
    let options = RunOptions {
        jobs,
        artifacts_root: ctx.dir.join(label),
        availability,
        context: ctx.run.clone(),
    };
    let report = run_tests(tests, &options, &|_| {});
    ctx.log(format!("inner run `{label}`:\n{}", report.render_text()));
    report
}

fn inner(
    name: &str,
    body: impl Fn(&mut TestContext) -> TestResult + Send + Sync + 'static,
) -> TestCase {
    TestCase::new("inner", name, Requirement::Nothing, body)
}

fn outcome_of<'a>(report: &'a RunReport, test: &str) -> Result<&'a TestReport, TestFailure> {
    report
        .tests
        .iter()
        .find(|found| found.test == test)
        .ok_or_else(|| TestFailure::new(format!("no result for {test}")))
}

fn assertions_show_what_differs(_ctx: &mut TestContext) -> TestResult {
    ensure_eq(
        "the message of a failed ensure_eq",
        ensure_eq("exit code", 1, 0).unwrap_err().message,
        "exit code:\n  expected: 0\n    actual: 1".to_owned(),
    )?;
    ensure_eq(
        "the message of a failed ensure_contains",
        ensure_contains("stdout", "hello\n", &["hello", "bye"])
            .unwrap_err()
            .message,
        "stdout lacks [\"bye\"]:\nhello\n".to_owned(),
    )?;
    ensure(ensure(true, || unreachable!()).is_ok(), || {
        "ensure(true) failed".to_owned()
    })?;
    let output = CommandOutput {
        command: "vm plan".to_owned(),
        code: Some(1),
        stdout: String::new(),
        stderr: "error: no vm.json".to_owned(),
    };
    ensure_eq(
        "the message of a wrong exit code",
        output.ensure_code(2).unwrap_err().message,
        "expected exit code 2 from `vm plan`, got 1\n--- stdout ---\n--- stderr ---\nerror: no vm.json\n".to_owned(),
    )
}

fn a_failing_test_is_reported_as_failed(ctx: &mut TestContext) -> TestResult {
    let tests = [
        inner("passes", |_| Ok(())),
        inner("fails_on_purpose", |ctx| {
            ctx.log("about to fail");
            Err(TestFailure::new("deliberate failure"))
        }),
        inner("panics_on_purpose", |_| panic!("deliberate panic")),
    ];
    let report = inner_run(ctx, "failing", &tests, 1, Availability::everything());
    ensure_eq(
        "the counts",
        report.counts(),
        Counts {
            passed: 1,
            failed: 2,
            skipped: 0,
        },
    )?;
    ensure(!report.passed(), || "a run with failures passed".to_owned())?;
    ensure_eq(
        "the failing test's outcome",
        &outcome_of(&report, "inner::fails_on_purpose")?.outcome,
        &Outcome::Failed {
            message: "deliberate failure".to_owned(),
        },
    )?;
    ensure_eq(
        "the panicking test's outcome",
        &outcome_of(&report, "inner::panics_on_purpose")?.outcome,
        &Outcome::Failed {
            message: "panicked: deliberate panic".to_owned(),
        },
    )?;
    let failed = outcome_of(&report, "inner::fails_on_purpose")?;
    let dir = failed
        .artifacts
        .clone()
        .ok_or_else(|| TestFailure::new("a failed test without artifacts"))?;
    let summary = report.render_summary();
    ensure_contains(
        "the summary",
        &summary,
        &[
            &format!(
                "---- inner::fails_on_purpose ----\ndeliberate failure\nartifacts: {}\n",
                dir.display()
            ),
            "about to fail\n",
            "---- inner::panics_on_purpose ----\npanicked: deliberate panic\n",
            "\n1 passed, 2 failed, 0 skipped\n",
        ],
    )?;
    ensure(!summary.contains("---- inner::passes"), || {
        format!("a passed test is among the failures:\n{summary}")
    })
}

fn each_test_has_its_own_directory(ctx: &mut TestContext) -> TestResult {
    let writes = |ctx: &mut TestContext| -> TestResult {
        ctx.project(r#"{ "project": { "name": "NAME" } }"#)?;
        ctx.run(std::process::Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]))?
            .ensure_code(3)
    };
    let tests = [inner("first", writes), inner("second", writes)];
    let report = inner_run(ctx, "isolated", &tests, 2, Availability::everything());
    ensure_eq(
        "the counts",
        report.counts(),
        Counts {
            passed: 2,
            failed: 0,
            skipped: 0,
        },
    )?;
    let root = ctx.dir.join("isolated");
    let pid = std::process::id();
    let mut names = Vec::new();
    for test in ["first", "second"] {
        let dir = root.join(format!("vm-test-inner-{test}-{pid}"));
        ensure_eq(
            "where the test's artifacts are",
            outcome_of(&report, &format!("inner::{test}"))?
                .artifacts
                .as_ref(),
            Some(&dir),
        )?;
        let config: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("vm.json"))?)
                .map_err(|error| TestFailure::new(format!("its vm.json: {error}")))?;
        names.push(
            config["project"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
        let commands = std::fs::read_to_string(dir.join("commands.log"))?;
        ensure_eq(
            "commands.log",
            commands.as_str(),
            "$ sh -c 'echo out; echo err >&2; exit 3'\nexit code: 3\n--- stdout ---\nout\n--- stderr ---\nerr\n\n",
        )?;
        let log = std::fs::read_to_string(dir.join("test.log"))?;
        ensure_contains(
            "test.log",
            &log,
            &[
                &format!("test inner::{test} (run "),
                "exit code: 3",
                "passed in ",
            ],
        )?;
        ensure(dir.join("home").is_dir(), || {
            "the test has no HOME of its own".to_owned()
        })?;
    }
    ensure(names[0] != names[1], || {
        format!("two tests got one project name: {names:?}")
    })
}

fn cleanup_runs_however_a_test_ends(ctx: &mut TestContext) -> TestResult {
    let marks = |ending: &'static str| {
        move |ctx: &mut TestContext| -> TestResult {
            ctx.on_cleanup("leave a mark", |ctx| {
                std::fs::write(ctx.dir.join("cleaned"), "")?;
                Ok(())
            });
            match ending {
                "fails" => Err(TestFailure::new("failed")),
                "panics" => panic!("panicked"),
                _ => Ok(()),
            }
        }
    };
    let tests = [
        inner("passes", marks("passes")),
        inner("fails", marks("fails")),
        inner("panics", marks("panics")),
        inner("cleanup_fails", |ctx| {
            ctx.on_cleanup("remove what is not there", |_| {
                Err(TestFailure::new("it was not there"))
            });
            Ok(())
        }),
    ];
    let report = inner_run(ctx, "cleanup", &tests, 2, Availability::everything());
    for test in ["passes", "fails", "panics"] {
        let dir = outcome_of(&report, &format!("inner::{test}"))?
            .artifacts
            .clone()
            .unwrap_or_default();
        ensure(dir.join("cleaned").exists(), || {
            format!("the cleanup of inner::{test} did not run")
        })?;
    }
    ensure_eq(
        "a passing test whose cleanup fails",
        &outcome_of(&report, "inner::cleanup_fails")?.outcome,
        &Outcome::Failed {
            message: "cleanup `remove what is not there` failed: it was not there".to_owned(),
        },
    )
}

fn a_missing_requirement_is_a_skip_not_a_pass(ctx: &mut TestContext) -> TestResult {
    let tests = [
        TestCase::new("inner", "needs_docker", Requirement::DockerEngine, |_| {
            Ok(())
        }),
        TestCase::new("inner", "needs_vagrant", Requirement::Vagrant, |_| Ok(())),
        inner("needs_nothing", |_| Ok(())),
    ];
    let without_docker = Availability {
        docker: Err("no Docker engine answers (switched off for this test)".to_owned()),
        vagrant: Ok(()),
    };
    let report = inner_run(ctx, "skips", &tests, 1, without_docker);
    ensure_eq(
        "the counts",
        report.counts(),
        Counts {
            passed: 1,
            failed: 0,
            skipped: 2,
        },
    )?;
    ensure(report.passed(), || "skips failed the run".to_owned())?;
    let lines: Vec<String> = report.tests.iter().map(crate::testing::test_line).collect();
    ensure_eq(
        "the skipped tests' lines",
        &lines[..2],
        &[
            "skipped inner::needs_docker: no Docker engine answers (switched off for this test)"
                .to_owned(),
            "skipped inner::needs_vagrant: no Docker engine answers (switched off for this test)"
                .to_owned(),
        ],
    )?;
    ensure(
        !ctx.dir
            .join("skips")
            .join(format!("vm-test-inner-needs_docker-{}", std::process::id()))
            .exists(),
        || "a skipped test got a directory: it must not have run".to_owned(),
    )
}

fn the_report_reads_as_documented(_ctx: &mut TestContext) -> TestResult {
    let report = RunReport {
        run_id: "1000.42.7".to_owned(),
        tests: vec![
            TestReport {
                test: "minimal::apply".to_owned(),
                outcome: Outcome::Passed,
                elapsed: Duration::from_millis(4210),
                artifacts: Some("/p/.test_artifacts/vm-test-minimal-apply-42".into()),
                log_tail: String::new(),
            },
            TestReport {
                test: "cli::help".to_owned(),
                outcome: Outcome::Failed {
                    message: "help changed".to_owned(),
                },
                elapsed: Duration::from_millis(120),
                artifacts: Some("/p/.test_artifacts/vm-test-cli-help-42".into()),
                log_tail: "$ vm --help\nexit code: 0".to_owned(),
            },
            TestReport {
                test: "lifecycle::vagrant".to_owned(),
                outcome: Outcome::Skipped {
                    reason: "vagrant is not installed".to_owned(),
                },
                elapsed: Duration::ZERO,
                artifacts: None,
                log_tail: String::new(),
            },
        ],
    };
    ensure_eq(
        "the text report",
        report.render_text().as_str(),
        "passed  minimal::apply (4.21s)\n\
         FAILED  cli::help (0.12s)\n\
         skipped lifecycle::vagrant: vagrant is not installed\n\
         \n\
         failures:\n\
         \n\
         ---- cli::help ----\n\
         help changed\n\
         artifacts: /p/.test_artifacts/vm-test-cli-help-42\n\
         end of its log (/p/.test_artifacts/vm-test-cli-help-42/test.log):\n\
         $ vm --help\n\
         exit code: 0\n\
         \n\
         1 passed, 1 failed, 1 skipped\n",
    )?;
    let json: serde_json::Value = serde_json::from_str(&report.render_json())
        .map_err(|error| TestFailure::new(format!("the JSON report does not parse: {error}")))?;
    ensure_eq(
        "the JSON report",
        json,
        serde_json::json!({
            "format_version": 1,
            "run": "1000.42.7",
            "passed": 1,
            "failed": 1,
            "skipped": 1,
            "tests": [
                { "test": "minimal::apply", "result": "passed", "seconds": 4.21,
                  "artifacts": "/p/.test_artifacts/vm-test-minimal-apply-42" },
                { "test": "cli::help", "result": "failed", "message": "help changed", "seconds": 0.12,
                  "artifacts": "/p/.test_artifacts/vm-test-cli-help-42" },
                { "test": "lifecycle::vagrant", "result": "skipped", "reason": "vagrant is not installed",
                  "seconds": 0.0, "artifacts": null },
            ],
        }),
    )
}

/// Two tests that each wait to be running at the same time as the other: they pass only side by side.
fn jobs_run_tests_side_by_side(ctx: &mut TestContext) -> TestResult {
    let rendezvous = |patience: Duration| {
        // (tests running now, whether two ever ran at once)
        let state = Arc::new((Mutex::new((0u32, false)), Condvar::new()));
        let meet = move |_: &mut TestContext| -> TestResult {
            let (lock, wake) = &*state;
            let mut running = lock.lock().expect("no test panics holding it");
            running.0 += 1;
            if running.0 == 2 {
                running.1 = true;
                wake.notify_all();
            }
            let (mut running, _) = wake
                .wait_timeout_while(running, patience, |running| !running.1)
                .expect("no test panics holding it");
            running.0 -= 1;
            ensure(running.1, || {
                "the other test never ran alongside".to_owned()
            })
        };
        [inner("meets_a", meet.clone()), inner("meets_b", meet)]
    };
    let side_by_side = inner_run(
        ctx,
        "two-jobs",
        &rendezvous(Duration::from_secs(30)),
        2,
        Availability::everything(),
    );
    ensure_eq(
        "with 2 jobs",
        side_by_side.counts(),
        Counts {
            passed: 2,
            failed: 0,
            skipped: 0,
        },
    )?;
    let one_by_one = inner_run(
        ctx,
        "one-job",
        &rendezvous(Duration::from_millis(200)),
        1,
        Availability::everything(),
    );
    ensure_eq(
        "with 1 job",
        one_by_one.counts(),
        Counts {
            passed: 0,
            failed: 2,
            skipped: 0,
        },
    )
}

fn only_finished_runs_of_the_same_user_are_leftovers(ctx: &mut TestContext) -> TestResult {
    let this_run = ctx.run.run_id;
    let finished = crate::testing::RunId {
        started: this_run.started.wrapping_sub(1),
        ..this_run
    };
    let others = crate::testing::RunId {
        uid: this_run.uid + 1,
        ..finished
    };
    ensure(!is_leftover(&this_run.to_string(), this_run.uid), || {
        "a run still going counts as a leftover".to_owned()
    })?;
    ensure(is_leftover(&finished.to_string(), this_run.uid), || {
        "a finished run is no leftover".to_owned()
    })?;
    ensure(!is_leftover(&others.to_string(), this_run.uid), || {
        "another user's run counts as a leftover".to_owned()
    })?;
    ensure(!is_leftover("hand-made", this_run.uid), || {
        "a label that names no run counts as a leftover".to_owned()
    })
}

fn names_are_unique_valid_project_names(ctx: &mut TestContext) -> TestResult {
    let short = ctx.unique_name("");
    let long = ctx.unique_name(&"x".repeat(80));
    let longer = ctx.unique_name(&"x".repeat(81));
    ensure(long.len() <= 50 && longer.len() <= 50, || {
        format!("names too long for a project: {long}, {longer}")
    })?;
    ensure(long != longer, || {
        format!("two long names are the same: {long}")
    })?;
    for name in [&short, &long] {
        let project = ctx.project(&format!(r#"{{ "project": {{ "name": "{name}" }} }}"#))?;
        crate::config::load(&project.config_path()).map_err(|error| {
            TestFailure::new(format!("`{name}` is not a valid project name: {error}"))
        })?;
    }
    Ok(())
}
