use std::collections::BTreeSet;

use super::DockerProvider;
use super::provisioned_changes::BUILD_TIME_LIMIT;
use crate::catalog::package_manager;
use crate::graph::{InPlaceChange, ProvisionedSpec, ResourceKind};
use crate::plan::{Action, Change, Reason};
use crate::provider::{ProviderError as Error, StepProgress};
use crate::provision::{FETCHED, PACKAGE_RECORDS, PackageChange};
use crate::state::{PackageList, ProvisionedState};

/// Marks the throwaway container that fetches packages for a project's machine.
const FETCHES_FOR: &str = "dev.vm.fetches-for";

/// Changes a running machine takes as it runs: its package lists and its shell's files.
impl DockerProvider {
    /// Carries out `change` to something inside the machine, where it is one the machine takes in place. A
    /// removal is carried out only when vm.json no longer declares it: a machine being destroyed or replaced
    /// takes its packages with it.
    pub(super) fn change_in_place(
        &self,
        change: &Change,
        spec: Option<&ProvisionedSpec>,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        let in_place = spec.and_then(|spec| spec.in_place.as_ref());
        match (change.action, in_place, spec.map(|spec| &spec.state)) {
            (
                Action::Create | Action::Update,
                Some(InPlaceChange::Packages { list }),
                Some(ProvisionedState::Packages(PackageList { packages })),
            ) => self.converge_packages(list, packages.clone(), progress),
            (Action::Update, Some(InPlaceChange::Script(script)), _) => {
                progress(StepProgress::doing("writing the shell's files again"));
                let container = self.machine()?.docker_id;
                self.docker
                    .clone()
                    .args(["exec", "--interactive", "--user", "0", &container])
                    .args(["/bin/bash", "-s"])
                    .output_with_input(Some(script.as_bytes()))
                    .map(drop)
            }
            (Action::Delete, _, _)
                if change.reason == Reason::NotDeclared
                    && change.resource.kind == ResourceKind::Packages =>
            {
                match package_manager(&change.resource.name) {
                    Some(manager) => {
                        self.converge_packages(manager.list, BTreeSet::new(), progress)
                    }
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// Makes the machine's list `list` hold `wanted`: what it lacks is fetched with the host's network in a
    /// throwaway container of the machine's own image, copied in, and installed without the network; what it
    /// has over is removed. What the machine has is read from its record, so a change already made is not made
    /// twice.
    fn converge_packages(
        &self,
        list: &str,
        wanted: BTreeSet<String>,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        let Some(manager) = package_manager(list) else {
            return Ok(());
        };
        let machine = self.machine()?;
        let record = format!("{PACKAGE_RECORDS}/{list}");
        let present = self
            .docker
            .clone()
            .args(["exec", "--user", "0", &machine.docker_id, "cat", &record])
            .output()
            // No record: the machine has none of the list (or predates records, and takes all of it again).
            .map(|text| text.lines().map(str::to_owned).collect())
            .unwrap_or_default();
        let change = PackageChange {
            manager,
            present,
            wanted,
        };
        let (added, removed) = (change.added(), change.removed());
        if added.is_empty() && removed.is_empty() {
            return Ok(());
        }
        let invalid = |error: crate::provision::ProvisionError| Error::UnexpectedOutput {
            command: format!("the {list} packages of the machine"),
            detail: error.to_string(),
        };
        if let Some(fetch) = change.fetch_script().map_err(invalid)? {
            progress(StepProgress::doing(format!(
                "fetching {} with the host's network: {}",
                count(added.len(), list),
                words(&added)
            )));
            self.fetch_into(&machine.image_id, &machine.docker_id, &fetch, progress)?;
        }
        if !removed.is_empty() {
            progress(StepProgress::doing(format!(
                "removing {}: {}",
                count(removed.len(), list),
                words(&removed)
            )));
        }
        if !added.is_empty() {
            progress(StepProgress::doing(format!(
                "installing {} in the machine",
                count(added.len(), list)
            )));
        }
        let converge = change.converge_script().map_err(invalid)?;
        self.docker
            .clone()
            .time_limit(BUILD_TIME_LIMIT)
            .args(["exec", "--interactive", "--user", "0", &machine.docker_id])
            .args(["/bin/bash", "-s"])
            .output_with_input(Some(converge.as_bytes()))
            .map(drop)
    }

    /// Runs `script` in a throwaway container of `image` on the host's network, then copies what it left in
    /// [`FETCHED`] into the machine `container`, streamed from one container to the other. The throwaway container
    /// is removed however that went. What the fetching prints goes to `progress`, as output.
    fn fetch_into(
        &self,
        image: &str,
        container: &str,
        script: &str,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        let fetcher = self
            .docker
            .clone()
            .args(["create", "--network", "host", "--user", "0", "--label"])
            .arg(format!("{FETCHES_FOR}={}", self.project))
            .args(
                self.extra_labels
                    .iter()
                    .flat_map(|(name, value)| ["--label".to_owned(), format!("{name}={value}")]),
            )
            .args(["--entrypoint", "/bin/bash", image, "-c", script])
            .output()?
            .trim()
            .to_owned();
        let fetched = self
            .docker
            .clone()
            .time_limit(BUILD_TIME_LIMIT)
            .args(["start", "--attach", &fetcher])
            .output_with_progress(&mut |line| progress(StepProgress::Output(line)))
            .and_then(|_| {
                let parent = FETCHED.rsplit_once('/').map_or("/", |(parent, _)| parent);
                self.docker
                    .clone()
                    .args(["exec", "--user", "0", container, "mkdir", "-p", parent])
                    .output()?;
                self.docker
                    .clone()
                    .args(["cp", &format!("{fetcher}:{FETCHED}"), "-"])
                    .piped_into(&self.docker.clone().args([
                        "cp",
                        "-",
                        &format!("{container}:{parent}"),
                    ]))
            });
        let removed = self
            .docker
            .clone()
            .args(["rm", "--force", &fetcher])
            .output();
        fetched.and(removed).map(drop)
    }
}

fn count(n: usize, list: &str) -> String {
    format!("{n} {list} package{}", if n == 1 { "" } else { "s" })
}

fn words(packages: &BTreeSet<String>) -> String {
    packages
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
