//! `project.backup_pattern`: the newest matching backup, restored once into each database service's empty
//! database, as a resource of its own after its service.

use std::path::PathBuf;

use super::HostContext;
use super::backup_file::{BACKUPS_DIR, newest_backup, utc_text};
use crate::config::{Config, ProviderKind};
use crate::graph::{ResourceId, ResourceKind};
use crate::provision::{
    BackupFormat, ProvisionError, ProvisionSpec, Provisioning, restorable, restore_script,
};
use crate::state::{DatabaseRestoreState, RestoreOutcome};

/// A backup of the project restored into a service's database: once, and only while that database is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseRestoreSpec {
    /// The service whose database it goes into.
    pub service: String,
    /// The backup on the host, streamed into the machine on standard input.
    pub backup: PathBuf,
    /// What runs in the machine with the backup on its standard input.
    pub script: String,
    pub state: DatabaseRestoreState,
}

/// The restores `config` asks for, each the resource that follows its service, and what the plan should say
/// about what it does not restore.
#[derive(Debug, Default)]
pub(super) struct Restores {
    pub resources: Vec<(ResourceId, DatabaseRestoreSpec)>,
    pub notes: Vec<String>,
}

pub(super) fn database_restores(
    config: &Config,
    spec: Option<&ProvisionSpec>,
    provisioning: Option<&Provisioning>,
    host: &HostContext,
) -> Result<Restores, ProvisionError> {
    let Some(pattern) = &config.project.backup_pattern else {
        return Ok(Restores::default());
    };
    let setting = format!("project.backup_pattern `{pattern}`");
    if config.provider != ProviderKind::Docker {
        // A Vagrant machine's services are its provisioner's: vm does not observe its databases, and a restore it
        // cannot see the record of could run over data.
        return Ok(Restores {
            resources: Vec::new(),
            notes: vec![format!(
                "{setting}: vm restores backups only into a Docker machine, whose databases it observes; nothing is \
                 restored into a Vagrant machine (restore by hand with `vm exec`)"
            )],
        });
    }
    let mut notes = Vec::new();
    let services: Vec<_> = provisioning
        .map(|provisioning| provisioning.services.iter().collect())
        .unwrap_or_default();
    for service in &services {
        if service.database.is_some() && restorable(service.name).is_none() {
            notes.push(format!(
                "{setting}: vm restores SQL backups into postgresql and mysql; nothing is restored into {}",
                service.name
            ));
        }
    }
    let targets: Vec<_> = services
        .iter()
        .filter(|service| restorable(service.name).is_some())
        .collect();
    let Some(spec) = spec.filter(|_| !targets.is_empty()) else {
        notes.push(format!(
            "{setting}: there is no postgresql or mysql service enabled to restore a backup into, so nothing is \
             restored"
        ));
        return Ok(Restores {
            resources: Vec::new(),
            notes,
        });
    };
    let refused = |why: String| ProvisionError::BackupPattern {
        pattern: pattern.clone(),
        why,
    };
    let Some(backup) =
        newest_backup(&host.project_dir, pattern).map_err(|error| refused(error.to_string()))?
    else {
        let places = if pattern.contains('/') {
            "in the project directory".to_owned()
        } else {
            format!("in {BACKUPS_DIR}/ or the project directory")
        };
        notes.push(format!(
            "{setting}: no file {places} matches it, so no database is restored"
        ));
        return Ok(Restores {
            resources: Vec::new(),
            notes,
        });
    };
    let Some(format) = BackupFormat::of(&backup.relative) else {
        notes.push(format!(
            "{setting}: its newest match, {}, is neither .sql nor .sql.gz, the backups vm restores: nothing is restored",
            backup.relative
        ));
        return Ok(Restores {
            resources: Vec::new(),
            notes,
        });
    };
    let mut restores = Vec::new();
    for service in targets {
        let state = DatabaseRestoreState {
            database: service.database.clone().unwrap_or_default(),
            database_user: service.db_user.clone().unwrap_or_default(),
            source: backup.relative.clone(),
            size_bytes: backup.size_bytes,
            modified: utc_text(backup.modified),
            outcome: RestoreOutcome::Restored,
        };
        restores.push((
            ResourceId::new(ResourceKind::DatabaseRestore, service.name),
            DatabaseRestoreSpec {
                service: service.name.to_owned(),
                backup: backup.path.clone(),
                script: restore_script(spec, service.name, &state, format)?,
                state,
            },
        ));
    }
    Ok(Restores {
        resources: restores,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::graph::{Owner, ResourceGraph, ResourceSpec, compile};
    use crate::plan::{ChangeRules, Mutability, plan, render_text};
    use crate::state::{AttributeName, Observed, ResourceState};

    struct InPlace;

    impl ChangeRules for InPlace {
        fn mutability(&self, _: &ResourceId, _: &AttributeName, _: &ResourceState) -> Mutability {
            Mutability::InPlace
        }
    }

    fn compiled(project: &Path, json: &str) -> ResourceGraph {
        let config: Config = serde_json::from_str(json).unwrap();
        let host = HostContext {
            home: project.parent().unwrap().to_path_buf(),
            data_owner: Owner {
                uid: 1000,
                gid: 1000,
            },
            project_dir: project.to_path_buf(),
            devices: Default::default(),
            network: Default::default(),
            capacity: None,
            engine: Default::default(),
            engine_sees_host_files: true,
        };
        compile(&config, &host).unwrap()
    }

    fn backup(project: &Path, relative: &str, contents: &str) {
        let path = project.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(UNIX_EPOCH + Duration::from_secs(1_709_210_096))
            .unwrap();
    }

    const POSTGRES_AND_MYSQL: &str = r#"{ "project": { "name": "shop", "backup_pattern": "*backup*.sql.gz" },
        "services": { "postgresql": { "enabled": true, "user": "app" }, "mysql": { "enabled": true },
        "redis": { "enabled": true } } }"#;

    #[test]
    fn each_database_gets_the_newest_backup_after_its_service_and_the_plan_shows_which() {
        let root = tempfile::tempdir().unwrap();
        let project = root.path().join("shop");
        backup(&project, "backups/db-backup.sql.gz", "12345");
        let graph = compiled(&project, POSTGRES_AND_MYSQL);
        let postgres = ResourceId::new(ResourceKind::DatabaseRestore, "postgresql");
        assert_eq!(
            graph.dependencies(&postgres),
            [&ResourceId::new(ResourceKind::Service, "postgresql")]
        );
        assert!(graph.contains(&ResourceId::new(ResourceKind::DatabaseRestore, "mysql")));
        assert!(!graph.contains(&ResourceId::new(ResourceKind::DatabaseRestore, "redis")));
        let Some(ResourceSpec::DatabaseRestore(spec)) = graph.get(&postgres).map(|r| &r.spec)
        else {
            panic!("no restore");
        };
        assert_eq!(spec.backup, project.join("backups/db-backup.sql.gz"));
        assert!(spec.script.contains("gunzip -c | PGPASSWORD=postgres psql"));
        assert!(graph.notes().is_empty(), "{:?}", graph.notes());
        let text = render_text(&plan(&graph, &Observed::default(), &InPlace), root.path());
        let restores = &text[text.find("  # database_restore.mysql").unwrap()..];
        insta::assert_snapshot!(restores);
    }

    #[test]
    fn a_restored_database_is_kept_whatever_the_backup_is_now() {
        let root = tempfile::tempdir().unwrap();
        let project = root.path().join("shop");
        backup(&project, "backups/db-backup.sql.gz", "12345");
        let graph = compiled(&project, POSTGRES_AND_MYSQL);
        let mut observed = Observed::default();
        for resource in graph.in_apply_order() {
            if let ResourceSpec::DatabaseRestore(spec) = &resource.spec {
                let mut state = spec.state.clone();
                if spec.service == "mysql" {
                    state.size_bytes = 4;
                }
                observed.insert(resource.id.clone(), ResourceState::DatabaseRestore(state));
            }
        }
        let planned = plan(&graph, &observed, &InPlace);
        let action_of = |service: &str| {
            let id = ResourceId::new(ResourceKind::DatabaseRestore, service);
            let change = planned.changes.iter().find(|c| c.resource == id).unwrap();
            (change.action, change.reason.clone())
        };
        use crate::plan::{Action, Reason};
        assert_eq!(action_of("postgresql"), (Action::NoOp, Reason::UpToDate));
        assert_eq!(action_of("mysql"), (Action::Keep, Reason::RestoredDataKept));
        // Everything else exists and is up to date.
        let only_restores = crate::plan::Plan {
            changes: planned
                .changes
                .iter()
                .filter(|change| change.resource.kind == ResourceKind::DatabaseRestore)
                .cloned()
                .collect(),
        };
        let text = render_text(&only_restores, root.path());
        assert!(
            text.starts_with(
                "No changes. The machine matches vm.json, but for what it keeps as it is:\n\n  # database_restore.mysql will be kept\n  # (vm restores a backup only into an empty database, never over data: the database keeps what it holds)\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("~ size          = \"4 bytes\" -> \"5 bytes\""),
            "{text}"
        );

        // No backup any more: what was restored stays, and a destroy takes it with the machine's data.
        let without: Config = serde_json::from_str(
            r#"{ "project": { "name": "shop" }, "services": { "postgresql": { "enabled": true } } }"#,
        )
        .unwrap();
        let bare = compile(
            &without,
            &HostContext {
                home: root.path().to_path_buf(),
                data_owner: Owner { uid: 1, gid: 1 },
                project_dir: project.clone(),
                devices: Default::default(),
                network: Default::default(),
                capacity: None,
                engine: Default::default(),
                engine_sees_host_files: true,
            },
        )
        .unwrap();
        let planned = plan(&bare, &observed, &InPlace);
        assert!(planned.changes.iter().all(|change| {
            change.resource.kind != ResourceKind::DatabaseRestore || change.action == Action::Keep
        }));
        let destroyed = crate::plan::destroy_plan(&graph, &observed);
        assert!(destroyed.changes.iter().all(|change| {
            change.resource.kind != ResourceKind::DatabaseRestore || change.action == Action::Delete
        }));
    }

    #[test_case::test_case(
        r#"{ "project": { "name": "shop", "backup_pattern": "*.sql" }, "services": { "postgresql": { "enabled": true } } }"#,
        &["project.backup_pattern `*.sql`: no file in backups/ or the project directory matches it, so no database is restored"] ;
        "no match"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "shop", "backup_pattern": "db/*.sql" }, "services": { "postgresql": { "enabled": true } } }"#,
        &["project.backup_pattern `db/*.sql`: no file in the project directory matches it, so no database is restored"] ;
        "no match of a path"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "shop", "backup_pattern": "*.dump" }, "services": { "postgresql": { "enabled": true } } }"#,
        &["project.backup_pattern `*.dump`: its newest match, backups/old.dump, is neither .sql nor .sql.gz, the backups vm restores: nothing is restored"] ;
        "another format"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "shop", "backup_pattern": "*.sql" }, "services": { "redis": { "enabled": true } } }"#,
        &["project.backup_pattern `*.sql`: there is no postgresql or mysql service enabled to restore a backup into, so nothing is restored"] ;
        "no database"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "shop", "backup_pattern": "*.sql" } }"#,
        &["project.backup_pattern `*.sql`: there is no postgresql or mysql service enabled to restore a backup into, so nothing is restored"] ;
        "nothing inside the machine"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "shop", "backup_pattern": "*.sql" }, "services": { "mongodb": { "enabled": true } } }"#,
        &[
            "project.backup_pattern `*.sql`: vm restores SQL backups into postgresql and mysql; nothing is restored into mongodb",
            "project.backup_pattern `*.sql`: there is no postgresql or mysql service enabled to restore a backup into, so nothing is restored",
        ] ;
        "mongodb"
    )]
    #[test_case::test_case(
        r#"{ "provider": "vagrant", "project": { "name": "shop", "backup_pattern": "*.sql" },
            "services": { "postgresql": { "enabled": true } } }"#,
        &["project.backup_pattern `*.sql`: vm restores backups only into a Docker machine, whose databases it observes; nothing is restored into a Vagrant machine (restore by hand with `vm exec`)"] ;
        "vagrant"
    )]
    fn what_is_not_restored_the_plan_says_why(json: &str, notes: &[&str]) {
        let root = tempfile::tempdir().unwrap();
        let project = root.path().join("shop");
        backup(&project, "backups/old.dump", "x");
        backup(&project, "backups/db.sql.gz", "x");
        let graph = compiled(&project, json);
        assert_eq!(graph.notes(), notes);
        assert!(
            graph
                .in_apply_order()
                .iter()
                .all(|resource| resource.id.kind != ResourceKind::DatabaseRestore)
        );
    }

    #[test]
    fn a_pattern_reaching_outside_the_project_is_refused_before_anything_happens() {
        let root = tempfile::tempdir().unwrap();
        let project = root.path().join("shop");
        std::fs::create_dir_all(&project).unwrap();
        let config: Config = serde_json::from_str(
            r#"{ "project": { "name": "shop", "backup_pattern": "../*.sql" }, "services": { "postgresql": { "enabled": true } } }"#,
        )
        .unwrap();
        let host = HostContext {
            home: root.path().to_path_buf(),
            data_owner: Owner { uid: 1, gid: 1 },
            project_dir: project,
            devices: Default::default(),
            network: Default::default(),
            capacity: None,
            engine: Default::default(),
            engine_sees_host_files: true,
        };
        assert_eq!(
            compile(&config, &host).unwrap_err().to_string(),
            "project.backup_pattern `../*.sql` cannot be used: it must be relative to the project directory, without `..`"
        );
    }
}
