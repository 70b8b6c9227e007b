//! `vm-health` run by bash on this host, with services whose checks are made up for the test.

use std::process::Command;

use super::resolved::ResolvedService;
use super::service_scripts::health_check;
use super::{HealthReport, ServiceState};
use crate::catalog::{CatalogEntry, entry};

/// A service of the machine named `name`, checked by `health`, installed where `installed` is a command, and
/// not started by `vm-start-services` (so that answering is running: no marker in /run/vm is looked for).
fn service(name: &str, installed: &'static str, health: String) -> ResolvedService {
    let row: &'static CatalogEntry = Box::leak(Box::new(CatalogEntry {
        name: Box::leak(name.to_owned().into_boxed_str()),
        health: Box::leak(health.into_boxed_str()),
        installed,
        start: "",
        ..*entry("redis").unwrap()
    }));
    ResolvedService {
        row,
        port: String::new(),
        database: String::new(),
        db_user: String::new(),
        password: String::new(),
        display: String::new(),
        user: String::new(),
        addons: Vec::new(),
    }
}

/// Runs the script; its exit code and standard output.
fn run(script: &str) -> (Option<i32>, String) {
    let output = Command::new("bash").arg("-c").arg(script).output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// Two checks that each answer only once the other has begun: run one after the other, the first would give up
/// after 5 s and report its service stopped.
#[test]
fn the_checks_run_side_by_side_and_every_line_comes_before_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let marker = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let meets = |mine: &str, other: &str| {
        format!(
            "touch {}; for _ in $(seq 500); do [ -e {} ] && exit 0; sleep 0.01; done; exit 1",
            marker(mine),
            marker(other)
        )
    };
    let services = [
        service("first", "bash", meets("first", "second")),
        service("second", "bash", meets("second", "first")),
        service("down", "bash", "exit 1".to_owned()),
        service("absent", "vm-no-such-command", "true".to_owned()),
    ];
    let (code, output) = run(&health_check(&services).unwrap());
    assert_eq!(code, Some(0), "{output}");
    let report = HealthReport::parse(&output);
    assert_eq!(
        report.services.into_iter().collect::<Vec<_>>(),
        [
            ("absent".to_owned(), ServiceState::Missing),
            ("down".to_owned(), ServiceState::Stopped),
            ("first".to_owned(), ServiceState::Running),
            ("second".to_owned(), ServiceState::Running),
        ]
    );
    let lines: Vec<&str> = output.lines().collect();
    let records = lines
        .iter()
        .position(|line| *line == "vm-health-packages")
        .unwrap_or_else(|| panic!("no records line in:\n{output}"));
    assert!(
        lines[..records]
            .iter()
            .all(|line| line.starts_with("vm-health ")),
        "{output}"
    );
    assert_eq!(records, 4, "{output}");
}

/// Many checks finishing at once write to one pipe: each line arrives whole, never mixed with another.
#[test]
fn lines_of_checks_that_finish_together_arrive_whole() {
    let services: Vec<_> = (0..40)
        .map(|index| service(&format!("service{index:02}"), "bash", "true".to_owned()))
        .collect();
    let (code, output) = run(&health_check(&services).unwrap());
    assert_eq!(code, Some(0), "{output}");
    let mut health_lines: Vec<&str> = output
        .lines()
        .take_while(|line| *line != "vm-health-packages")
        .collect();
    health_lines.sort_unstable();
    let expected: Vec<String> = (0..40)
        .map(|index| format!("vm-health service{index:02} running"))
        .collect();
    assert_eq!(health_lines, expected, "{output}");
}

#[test]
fn a_machine_without_services_still_reports_its_records_and_exits_0() {
    let (code, output) = run(&health_check(&[]).unwrap());
    assert_eq!(code, Some(0), "{output}");
    assert_eq!(
        output.lines().next(),
        Some("vm-health-packages"),
        "{output}"
    );
}
