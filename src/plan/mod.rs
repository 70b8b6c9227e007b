//! The plan: what apply will do to each resource and why, and how it is shown.

mod action;
mod change;
mod diff;
mod mutability;
#[allow(clippy::module_inception)]
mod plan;
mod plan_file_error;
mod plan_kind;
mod reason;
mod render_json;
mod render_text;
mod saved_plan;

pub use action::Action;
pub use change::{AttributeChange, Change};
pub use diff::{destroy_plan, destroying_images, plan};
pub use mutability::{ChangeRules, Mutability};
pub use plan::{Plan, Summary};
pub use plan_file_error::PlanFileError;
pub use plan_kind::PlanKind;
pub use reason::Reason;
pub use render_json::render_json;
pub use render_text::{render_text, render_text_styled};
pub use saved_plan::{SAVED_PLAN_FORMAT_VERSION, SavedPlan, Staleness, config_hash};
