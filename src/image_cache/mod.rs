//! The images vm builds, engine-wide: which images on an engine are vm's, which of them a container still uses,
//! and what removing some of them frees. Pure: [`Inventory`] is read from Docker by
//! `provider::docker::ImageStore`; `vm prune` and `vm destroy --images` decide and render from it here.

mod freed_space;
mod image_record;
mod inventory;
mod prune_plan;
mod prune_text;
mod vm_build;

pub use freed_space::{FreedSpace, freed_by};
pub use image_record::{ContainerRecord, ImageRecord};
pub use inventory::Inventory;
pub use prune_plan::{PrunePlan, PruneRules};
pub use prune_text::{
    age, render_freed, render_image_table, render_project_images, render_prune_plan, render_size,
};
pub use vm_build::{VmBuild, vm_build};
