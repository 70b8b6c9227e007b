//! The restore script as generated text, and its decisions run by bash against a stand-in database client.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::*;
use crate::state::{DatabaseRestoreState, RestoreOutcome};

fn restore_state(database: &str) -> DatabaseRestoreState {
    DatabaseRestoreState {
        database: database.to_owned(),
        database_user: "postgres".to_owned(),
        source: "backups/db-backup.sql".to_owned(),
        size_bytes: 42,
        modified: "2024-02-29 12:34:56 UTC".to_owned(),
        outcome: RestoreOutcome::Restored,
    }
}

fn postgres_spec(database: &str) -> ProvisionSpec {
    let mut spec = ProvisionSpec::new("shop", "vm-base:latest", "vagrant");
    spec.services = vec![ServiceSpec {
        name: "postgresql".into(),
        database: Some(database.into()),
        ..ServiceSpec::default()
    }];
    spec
}

/// The restore script of `database`, its records kept in `dir` rather than in the machine's data directory.
fn restore_script_in(dir: &Path, database: &str) -> String {
    let state = restore_state(database);
    let script = restore_script(
        &postgres_spec(database),
        "postgresql",
        &state,
        BackupFormat::Sql,
    )
    .unwrap();
    let records = dir.join("vm-restores");
    script.replace(
        "records=/var/lib/postgresql/vm-restores",
        &format!("records={}", records.display()),
    )
}

/// Runs `script` with `backup` on its standard input and a `psql` that reports `tables` tables and keeps what it
/// is fed in `restored.sql`.
fn run_restore(dir: &Path, script: &str, backup: &str, tables: &str) -> Output {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let psql = bin.join("psql");
    std::fs::write(
        &psql,
        format!(
            "#!/bin/bash\ncase \" $* \" in *' -c '*) echo {tables} ;; *) cat >> '{}' ;; esac\n",
            dir.join("restored.sql").display()
        ),
    )
    .unwrap();
    std::os::unix::fs::PermissionsExt::set_mode(
        &mut std::fs::metadata(&psql).unwrap().permissions(),
        0o755,
    );
    Command::new("chmod")
        .arg("755")
        .arg(&psql)
        .status()
        .unwrap();
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env(
            "PATH",
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    // A script that stops before the restore never reads the backup: it may be gone before it is all written.
    let written = child.stdin.take().unwrap().write_all(backup.as_bytes());
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_backup_goes_into_an_empty_database_once_and_the_record_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let script = restore_script_in(dir.path(), "shop_dev");
    let first = run_restore(dir.path(), &script, "CREATE TABLE t (x int);\n", "0");
    assert_eq!(text(&first), "vm-restore: restored into shop_dev\n");
    let restored = || std::fs::read_to_string(dir.path().join("restored.sql")).unwrap();
    assert_eq!(restored(), "CREATE TABLE t (x int);\n");
    let records = std::fs::read_to_string(dir.path().join("vm-restores")).unwrap();
    let record: DatabaseRestoreState = serde_json::from_str(records.trim_end()).unwrap();
    assert_eq!(record, restore_state("shop_dev"));

    // Again, even with the database found empty: the record stops it.
    let again = run_restore(dir.path(), &script, "CREATE TABLE t (x int);\n", "0");
    assert_eq!(
        text(&again),
        "vm-restore: shop_dev has a restore recorded already: nothing restored\n"
    );
    assert_eq!(restored(), "CREATE TABLE t (x int);\n");

    // Another database of the same service has no record yet.
    let other = restore_script_in(dir.path(), "shop_test");
    assert_eq!(
        text(&run_restore(dir.path(), &other, "SELECT 1;\n", "0")),
        "vm-restore: restored into shop_test\n"
    );
}

#[test]
fn a_database_that_holds_tables_is_never_restored_over_and_that_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let script = restore_script_in(dir.path(), "shop_dev");
    let output = run_restore(dir.path(), &script, "DROP TABLE orders;\n", "3");
    assert_eq!(
        text(&output),
        "vm-restore: shop_dev holds 3 tables already: nothing restored over them\n"
    );
    assert!(!dir.path().join("restored.sql").exists());
    let records = std::fs::read_to_string(dir.path().join("vm-restores")).unwrap();
    let record: DatabaseRestoreState = serde_json::from_str(records.trim_end()).unwrap();
    assert_eq!(record.outcome, RestoreOutcome::HeldData);
}

#[test]
fn a_database_that_cannot_be_counted_is_neither_restored_nor_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let script = restore_script_in(dir.path(), "shop_dev")
        .replace("tables=$(PGPASSWORD", "tables=$(false && PGPASSWORD");
    let output = run_restore(dir.path(), &script, "SELECT 1;\n", "0");
    assert!(!output.status.success());
    assert!(!dir.path().join("restored.sql").exists());
    assert!(!dir.path().join("vm-restores").exists());
}

#[test]
fn hostile_database_names_stay_words_in_the_restore_script() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x'; touch PWNED; '\"$(touch PWNED)";
    let script = restore_script_in(dir.path(), name);
    assert_eq!(
        text(&run_restore(dir.path(), &script, "SELECT 1;\n", "0")),
        format!("vm-restore: restored into {name}\n")
    );
    assert!(!dir.path().join("PWNED").exists());
    assert_eq!(
        text(&run_restore(dir.path(), &script, "SELECT 1;\n", "0")),
        format!("vm-restore: {name} has a restore recorded already: nothing restored\n")
    );
}

#[test]
fn the_restore_script_of_postgresql_and_mysql() {
    let gz = restore_script(
        &postgres_spec("shop_dev"),
        "postgresql",
        &restore_state("shop_dev"),
        BackupFormat::GzippedSql,
    )
    .unwrap();
    insta::assert_snapshot!(gz);
    let mut mysql = postgres_spec("shop_dev");
    mysql.services[0].name = "mysql".into();
    let script = restore_script(
        &mysql,
        "mysql",
        &restore_state("shop_dev"),
        BackupFormat::Sql,
    )
    .unwrap();
    assert!(script.contains("records=/var/lib/mysql/vm-restores"));
    assert!(script.contains("| MYSQL_PWD=dev mysql -h 127.0.0.1 -P 3306 -u dev -D shop_dev"));
    assert!(matches!(
        restore_script(
            &mysql,
            "mongodb",
            &restore_state("shop_dev"),
            BackupFormat::Sql
        ),
        Err(ProvisionError::Unknown { .. })
    ));
}

#[test]
fn vm_health_reports_the_restores_recorded_in_the_data_in_the_same_run() {
    let health = provision(&postgres_spec("shop_dev")).unwrap().health_check;
    assert!(health.contains("vm_restores postgresql /var/lib/postgresql/vm-restores\n"));
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("vm-restores");
    let record = serde_json::to_string(&restore_state("shop_dev")).unwrap();
    std::fs::write(&records, format!("{record}\n")).unwrap();
    let script = health.replace("/var/lib/postgresql/vm-restores", records.to_str().unwrap());
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    let report = HealthReport::parse(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(report.restores["postgresql"], [restore_state("shop_dev")]);
    assert!(report.services.contains_key("postgresql"));
}
