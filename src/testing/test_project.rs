use std::path::PathBuf;
use std::process::Command;

use super::{CommandOutput, TestContext, TestFailure, TestResult};
use crate::config;
use crate::engine::{ApplyEvent, Planned, Project};
use crate::graph::HostContext;
use crate::host_user::data_owner;
use crate::plan::{PlanKind, Summary, render_text};
use crate::provider::docker::labels;
use crate::provider::registry;

/// A project a test drives through the library, as the commands do: its vm.json in the test's directory, its
/// machine labelled with the test run, its synced data under the test's HOME.
#[derive(Debug, Clone)]
pub struct TestProject {
    pub name: String,
    pub dir: PathBuf,
}

impl TestContext {
    /// A project in the test's directory from `config`, where `NAME` stands for a name unique to this test and run.
    pub fn project(&mut self, config: &str) -> Result<TestProject, TestFailure> {
        let project = TestProject {
            name: self.unique_name(""),
            dir: self.dir.clone(),
        };
        project.write_config(self, config)?;
        Ok(project)
    }

    /// Makes sure `project`'s machines, Docker or Vagrant, are removed when the test ends, however it ends. Called
    /// before anything that may make one; once per project is enough.
    pub fn remove_machines_when_done(&mut self, project: &TestProject) {
        if self.note_cleanup_of(&project.name) {
            let removed = project.clone();
            self.on_cleanup(
                format!("remove the machines of {}", project.name),
                move |ctx| removed.remove_machines(ctx),
            );
        }
    }
}

impl TestProject {
    pub fn config_path(&self) -> PathBuf {
        self.dir.join(config::FILE_NAME)
    }

    /// Where vm keeps this project's Vagrant machine: the record `vm test --cleanup` destroys it by.
    pub fn vagrant_dir(&self) -> PathBuf {
        self.dir.join(crate::graph::VAGRANT_STATE_DIR)
    }

    /// Where the machine's Claude data lives on the host with `claude_sync`.
    pub fn claude_dir(&self, ctx: &TestContext) -> PathBuf {
        ctx.home().join(".claude/vms").join(&self.name)
    }

    /// (Re)writes vm.json from `config`, `NAME` standing for the project's name.
    pub fn write_config(&self, ctx: &mut TestContext, config: &str) -> TestResult {
        let text = config.replace("NAME", &self.name);
        ctx.log(format!("vm.json:\n{text}"));
        std::fs::write(self.config_path(), text)?;
        Ok(())
    }

    /// The project opened through the engine, as `vm` opens it, but acting for this process's own user with the
    /// test's HOME, and labelling its machines with the run.
    pub fn open(&self, ctx: &TestContext) -> Result<Project, TestFailure> {
        let loaded = config::load(&self.config_path()).map_err(crate::error::Error::from)?;
        let owner = ctx.run.owner;
        let host = HostContext {
            home: ctx.home(),
            data_owner: data_owner(owner),
            project_dir: loaded.project_dir().to_path_buf(),
            devices: crate::graph::present_devices(),
            network: crate::network::HostNetwork::of_this_host(),
            capacity: crate::graph::MachineCapacity::of_this_host(),
            engine: Default::default(),
            engine_sees_host_files: true,
        };
        let providers = registry::labelled_providers(
            &loaded.config.project.name,
            &loaded.path,
            loaded.config.provider,
            owner,
            vec![(labels::TEST_RUN.to_owned(), ctx.run.run_id.to_string())],
        );
        Ok(Project::compile(loaded, host, providers)?)
    }

    /// Plans `kind` and logs the plan as `vm plan` shows it.
    pub fn plan(&self, ctx: &mut TestContext, kind: PlanKind) -> Result<Planned, TestFailure> {
        let project = self.open(ctx)?;
        let planned = project.plan(kind)?;
        ctx.log(format!(
            "plan ({}):\n{}",
            kind.command(),
            render_text(&planned.plan, &ctx.home())
        ));
        Ok(planned)
    }

    /// Plans and carries out `kind` under the project's lock, as `vm apply --yes` / `vm destroy --yes` do, logging
    /// each step.
    pub fn apply(&self, ctx: &mut TestContext, kind: PlanKind) -> Result<Summary, TestFailure> {
        ctx.remove_machines_when_done(self);
        let project = self.open(ctx)?;
        let _lock = project.lock(std::time::Duration::ZERO, &mut |_, _| {})?;
        let planned = project.plan(kind)?;
        ctx.log(format!(
            "plan ({}):\n{}",
            kind.command(),
            render_text(&planned.plan, &ctx.home())
        ));
        let mut steps = Vec::new();
        let applied = project.apply(&planned.plan, kind, &mut |event| {
            steps.push(describe(&event));
        });
        for step in steps {
            ctx.log(step);
        }
        Ok(applied?)
    }

    /// Fails unless the next plan of `kind` has nothing to do.
    pub fn ensure_converged(&self, ctx: &mut TestContext) -> TestResult {
        let planned = self.plan(ctx, PlanKind::Apply)?;
        super::ensure(!planned.plan.has_changes(), || {
            format!(
                "the plan after apply still has changes:\n{}",
                render_text(&planned.plan, &ctx.home())
            )
        })
    }

    /// `script` run by `sh -c` in the machine through `vm exec`, as the machine's user, in the workspace.
    pub fn exec(&self, ctx: &mut TestContext, script: &str) -> Result<CommandOutput, TestFailure> {
        let config_path = self.config_path();
        let config_path = config_path.to_string_lossy();
        ctx.vm(&["-c", &config_path, "exec", "--", "sh", "-c", script])
    }

    /// Removes this project's machines: the Vagrant machine vm made in its directory, then every container and
    /// image labelled with both this run and this project (a set-up cut short leaves one under another name).
    pub fn remove_machines(&self, ctx: &mut TestContext) -> TestResult {
        let vagrant_dir = self.vagrant_dir();
        if vagrant_dir.join("Vagrantfile").exists() {
            ctx.run(
                Command::new("vagrant")
                    .args(["destroy", "-f", "--no-tty"])
                    .env("VAGRANT_CWD", &vagrant_dir)
                    .env("VAGRANT_CHECKPOINT_DISABLE", "1"),
            )?
            .ensure_success()?;
        }
        let run = ctx.run.run_id;
        super::machine_sweep::remove_labelled(ctx, run, &self.name)
    }
}

/// An apply event as one line of the log.
fn describe(event: &ApplyEvent) -> String {
    match event {
        ApplyEvent::Started { resource, action } => {
            format!("{resource}: {}...", action.progressive())
        }
        ApplyEvent::Doing { resource, activity } => format!("{resource}: {activity}"),
        ApplyEvent::Finished {
            resource,
            action,
            elapsed,
        } => format!(
            "{resource}: {} in {:.1}s",
            action.past_tense(),
            elapsed.as_secs_f64()
        ),
        ApplyEvent::Kept { resource, reason } => format!("{resource}: kept ({reason})"),
        ApplyEvent::Interrupted {
            kind,
            done,
            not_done,
        } => format!(
            "{} interrupted: done [{}], not done [{}]",
            kind.command(),
            ApplyEvent::list(done),
            ApplyEvent::list(not_done)
        ),
        ApplyEvent::Completed { kind, summary } => format!(
            "{} complete: {} added, {} changed, {} destroyed",
            kind.command(),
            summary.add,
            summary.change,
            summary.destroy
        ),
    }
}

/// Whether this host's network (certificate authorities beyond its system set, a proxy) gives even a bare machine
/// an image of its own, the trust stage: behind a TLS-inspecting proxy it does.
pub fn bare_machines_have_an_image() -> bool {
    !crate::network::HostNetwork::of_this_host().is_empty()
}
