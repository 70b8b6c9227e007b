//! `project.backup_pattern` on the real engine: the project's newest backup restored into PostgreSQL once, never
//! over data, remembered with the data it went into.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{
    Project, assert_contains_all, assert_success, docker, docker_calls_of_a_no_op_plan,
    docker_engine, free_port, stdout,
};

/// `sql` gzipped into `path`, by the host's gzip: the format the original tool's backups have.
fn gzipped_backup(path: &Path, sql: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let plain = path.with_extension("");
    std::fs::write(&plain, sql).unwrap();
    let gzip = Command::new("gzip").arg("-f").arg(&plain).output().unwrap();
    assert!(gzip.status.success(), "{gzip:?}");
    assert!(path.exists());
}

fn rows(project: &Project) -> String {
    let output = project.run(&[
        "exec",
        "bash",
        "-lc",
        "psql \"$DATABASE_URL\" -tAc 'select count(*), min(note) from restored'",
    ]);
    assert_success(&output);
    stdout(&output)
}

fn apply(project: &Project) -> Output {
    let applied = project.run(&["apply", "--yes"]);
    assert_success(&applied);
    applied
}

fn plan_exit_code(project: &Project) -> (Option<i32>, String) {
    let plan = project.run(&["plan", "--detailed-exitcode"]);
    (plan.status.code(), stdout(&plan))
}

/// Removes a data volume when dropped: declared before its project, it goes after the project's containers, even
/// when the test fails halfway.
struct VolumeRemoved(String);

impl Drop for VolumeRemoved {
    fn drop(&mut self) {
        docker(&["volume", "rm", "--force", &self.0]);
    }
}

#[test]
fn a_backup_is_restored_once_and_never_over_data_and_a_kept_volume_remembers_it() {
    if !docker_engine() {
        return;
    }
    let volume = VolumeRemoved(format!(
        "vm-restored-{}-postgresql-data",
        std::process::id()
    ));
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let port = free_port();
    let project = Project::new(
        "restored",
        &format!(
            r#"{{ "project": {{ "name": "NAME", "backup_pattern": "*backup*.sql.gz" }}, "vm": {{ "image": "{base}" }},
                 "persist_databases": true, "services": {{ "postgresql": {{ "enabled": true, "port": {port} }} }} }}"#
        ),
    );
    let backup = project.dir().join("backups/db-backup.sql.gz");
    gzipped_backup(
        &backup,
        "CREATE TABLE restored (note text);\nINSERT INTO restored VALUES ('from the backup');\n",
    );
    let size = std::fs::metadata(&backup).unwrap().len();
    let (_, plan) = plan_exit_code(&project);
    assert_contains_all(
        &plan,
        &[
            "+ database_restore.postgresql {",
            "= \"backups/db-backup.sql.gz\"",
            &format!("= \"{size} bytes\""),
            &format!("= \"{}_dev\"", project.name),
            "+ state         = \"restored\"",
        ],
    );

    let first_apply = apply(&project);
    assert_contains_all(&stdout(&first_apply), &["database_restore.postgresql"]);
    assert_eq!(rows(&project), "1|from the backup\n");
    let (code, plan) = plan_exit_code(&project);
    assert_eq!(code, Some(0), "a second plan is a no-op:\n{plan}");
    // The restore is observed in the health check's own `docker exec`: not one call more than without it.
    let with_restore = docker_calls_of_a_no_op_plan(&project).len();
    println!("a no-op plan with a restore makes {with_restore} docker calls");
    let config = std::fs::read_to_string(project.dir().join("vm.json")).unwrap();
    std::fs::write(
        project.dir().join("vm.json"),
        config.replace(r#", "backup_pattern": "*backup*.sql.gz""#, ""),
    )
    .unwrap();
    assert_eq!(docker_calls_of_a_no_op_plan(&project).len(), with_restore);
    std::fs::write(project.dir().join("vm.json"), &config).unwrap();

    // A newer backup is shown, and kept out: the database holds data.
    gzipped_backup(
        &backup,
        "CREATE TABLE restored (note text);\nINSERT INTO restored VALUES ('newer');\n",
    );
    let (code, plan) = plan_exit_code(&project);
    assert_eq!(code, Some(0), "{plan}");
    assert_contains_all(
        &plan,
        &[
            "database_restore.postgresql will be kept",
            "vm restores a backup only into an empty database, never over data",
        ],
    );
    apply(&project);
    assert_eq!(rows(&project), "1|from the backup\n");

    // The kept volume carries the record: a new machine does not restore twice.
    assert_success(&project.run(&["destroy", "--yes"]));
    apply(&project);
    assert_eq!(rows(&project), "1|from the backup\n");
    let (code, plan) = plan_exit_code(&project);
    assert_eq!(code, Some(0), "{plan}");

    assert_success(&project.run(&["destroy", "--yes"]));
    assert_eq!(volume.0, format!("vm-{}-postgresql-data", project.name));
    assert!(docker(&["volume", "inspect", &volume.0]).status.success());
}

#[test]
fn a_database_holding_data_is_never_restored_over_and_a_new_machine_without_volumes_restores_again()
{
    if !docker_engine() {
        return;
    }
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let port = free_port();
    let config = |pattern: &str| {
        format!(
            r#"{{ "project": {{ "name": "NAME"{pattern} }}, "vm": {{ "image": "{base}" }},
                 "services": {{ "postgresql": {{ "enabled": true, "port": {port} }} }} }}"#
        )
    };
    let project = Project::new("unrestored", &config(""));
    apply(&project);
    let mine = project.run(&[
        "exec",
        "bash",
        "-lc",
        "psql \"$DATABASE_URL\" -c 'create table restored (note text)' -c \"insert into restored values ('mine')\"",
    ]);
    assert_success(&mine);

    gzipped_backup(
        &project.dir().join("backups/db-backup.sql.gz"),
        "CREATE TABLE restored (note text);\nINSERT INTO restored VALUES ('from the backup');\n",
    );
    project.write_config(&config(r#", "backup_pattern": "*backup*.sql.gz""#));
    let (code, plan) = plan_exit_code(&project);
    assert_eq!(code, Some(2), "{plan}");
    assert_contains_all(&plan, &["+ database_restore.postgresql {"]);
    apply(&project);
    assert_eq!(rows(&project), "1|mine\n");
    let (code, plan) = plan_exit_code(&project);
    assert_eq!(code, Some(0), "{plan}");
    assert_contains_all(
        &plan,
        &[
            "database_restore.postgresql will be kept",
            "\"not restored: the database held data already\" -> \"restored\"",
        ],
    );

    // Without persist_databases a new machine has a new, empty database: the backup goes into it.
    assert_success(&project.run(&["destroy", "--yes"]));
    apply(&project);
    assert_eq!(rows(&project), "1|from the backup\n");
    let (code, plan) = plan_exit_code(&project);
    assert_eq!(code, Some(0), "{plan}");
    assert_success(&project.run(&["destroy", "--yes"]));
}

#[test]
fn a_plain_sql_backup_named_by_its_path_is_restored_into_mariadb_as_the_configured_user() {
    if !docker_engine() {
        return;
    }
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let port = free_port();
    let project = Project::new(
        "restored-mysql",
        &format!(
            r#"{{ "project": {{ "name": "NAME", "backup_pattern": "db/*.sql" }}, "vm": {{ "image": "{base}" }},
                 "services": {{ "mysql": {{ "enabled": true, "port": {port}, "database": "shop", "user": "shopper", "password": "s3cret" }} }} }}"#
        ),
    );
    std::fs::create_dir_all(project.dir().join("db")).unwrap();
    std::fs::write(
        project.dir().join("db/seed.sql"),
        "CREATE TABLE restored (note VARCHAR(40));\nINSERT INTO restored VALUES ('from the backup');\n",
    )
    .unwrap();
    let (_, plan) = plan_exit_code(&project);
    assert_contains_all(
        &plan,
        &[
            "+ database_restore.mysql {",
            "= \"db/seed.sql\"",
            "+ database_user = \"shopper\"",
        ],
    );
    apply(&project);
    let query = format!(
        "mysql -h 127.0.0.1 -P {port} -u shopper -ps3cret -N -B -D shop -e 'select count(*), min(note) from restored'"
    );
    let rows = project.run(&["exec", "bash", "-lc", &query]);
    assert_success(&rows);
    assert_eq!(stdout(&rows), "1\tfrom the backup\n");
    let (code, plan) = plan_exit_code(&project);
    assert_eq!(code, Some(0), "a second plan is a no-op:\n{plan}");
    assert_success(&project.run(&["destroy", "--yes"]));
}
