use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;

use super::DockerProvider;
use super::described_objects::DescribedObjects;
use super::engine_reads::ListedContainer;
use super::provisioned_observation::ReadAhead;
use super::remembered_machine::RememberedMachine;
use crate::provider::ProviderError as Error;

/// The first round trip of an observation, all at once: `docker ps` of vm's containers, one `docker inspect` of the
/// machine, images and volumes `asked` names, and the read inside that machine it names.
pub(super) struct FirstRound {
    pub asked: RememberedMachine,
    /// Every container vm made on the engine.
    pub listed: Result<Vec<ListedContainer>, Error>,
    pub described: Option<DescribedObjects>,
    pub read_ahead: Option<ReadAhead>,
}

impl DockerProvider {
    pub(super) fn first_round(&self, asked: RememberedMachine) -> FirstRound {
        std::thread::scope(|scope| {
            let described = scope.spawn(|| {
                let ids: Vec<&str> = asked.docker_id.iter().map(String::as_str).collect();
                let images: Vec<&str> = asked.images.iter().map(String::as_str).collect();
                let volumes: Vec<&str> = asked.volumes.iter().map(String::as_str).collect();
                self.describe(&ids, &images, &volumes)
            });
            let read_ahead = asked
                .docker_id
                .as_ref()
                .zip(asked.inside)
                .map(|(id, read)| {
                    scope.spawn(move || ReadAhead {
                        answer: self.read_inside(read, id),
                        docker_id: id.clone(),
                        read,
                    })
                });
            let listed = self.list_vm_containers();
            let described = described
                .join()
                .expect("describing docker objects does not panic");
            let read_ahead =
                read_ahead.map(|reading| reading.join().expect("reading inside does not panic"));
            FirstRound {
                asked: asked.clone(),
                listed,
                described,
                read_ahead,
            }
        })
    }
}

/// A first round started before the project's configuration was checked and compiled (those take milliseconds
/// the engine's answers can cover), for the vm.json it was started for.
struct StartedRound {
    config_path: PathBuf,
    running: JoinHandle<FirstRound>,
}

/// At most one per process: a command observes one project.
static STARTED: Mutex<Option<StartedRound>> = Mutex::new(None);

/// Starts the first round of observing the project of `config_path` (absolute), as the last observation of it
/// remembers it: nothing where there is none. Only for commands that observe the project right after opening it.
pub fn start_first_round(config_path: &Path) {
    let Some(asked) = RememberedMachine::recall(config_path) else {
        return;
    };
    // What the round runs needs no project name: it lists every container vm made, and asks by name and id.
    let provider = DockerProvider::new("", config_path);
    let running = std::thread::spawn(move || provider.first_round(asked));
    *STARTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(StartedRound {
        config_path: config_path.to_owned(),
        running,
    });
}

/// The first round started for `config_path`, once it is done.
pub(super) fn take_started_round(config_path: &Path) -> Option<FirstRound> {
    let started = STARTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take()?;
    if started.config_path != config_path {
        return None;
    }
    started.running.join().ok()
}
