//! The engine: one project's pipeline, load → compile → observe → plan → apply (or destroy), returning plain data.
//! The commands, `vm test` and the tests all drive a machine through it; none of it prints.

mod apply_event;
mod apply_interrupted;
mod apply_log;
mod images;
mod plan_file;
mod planned;
#[allow(clippy::module_inception)]
mod project;
mod project_error;
mod project_lock;
mod remote_folders;
mod saved_plan_check;
mod warning;

pub use apply_event::ApplyEvent;
pub use apply_interrupted::ApplyInterrupted;
pub use apply_log::ApplyLog;
pub use images::{ProjectImages, RemovalEvent, plan_prune, remove_images};
pub use plan_file::{PlanOut, read_saved_plan, spare_plan_file};
pub use planned::Planned;
pub use project::{Project, locate_config};
pub use project_error::ProjectError;
pub use project_lock::{LOCK_RECORD, LockHolder, ProjectLock};
pub use remote_folders::RemoteMachine;
pub use saved_plan_check::{ReadyPlan, check_saved_plan};
pub use warning::Warning;
