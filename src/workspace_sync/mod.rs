//! Workspace sync: what moves between the project directory and a machine whose engine cannot see this host's
//! files, and how it is packed. Pure and docker-free: the provider runs the commands and carries the bytes.
//!
//! ```text
//! scan_local(project) ──▶ Manifest (local), IgnoreRules, ignored dirs
//! remote_listing_command ──docker exec──▶ parse_remote_listing ──IgnoreRules::retain_synced──▶ Manifest (remote)
//! plan_transfer(direction, base, local, remote) ──▶ SyncPlan ──render──▶ text / JSON
//! pack(source, paths) ──tar──▶ unpack_into(destination, allowed)      next_base(...) ──save──▶ base
//! ```
//!
//! The base is the manifest both sides agreed on after the last transfer; it makes the comparison three-way, so a
//! file changed on both sides is a conflict and never overwritten.

mod conflict;
mod content_hash;
mod differences;
mod direction;
mod file_entry;
mod ignore_rules;
mod manifest;
mod pack;
mod parse_remote_listing;
mod relative_path;
mod remote_listing;
mod render_json;
mod render_text;
mod scan_local;
mod side_change;
mod sync_error;
mod sync_plan;
mod transfer_size;
mod unpack;
mod workspace_dirs;

pub use conflict::Conflict;
pub use differences::{Differences, PathChange, differences};
pub use direction::Direction;
pub use file_entry::FileEntry;
pub use ignore_rules::{GIT_DIR, IgnoreRules, VM_DIR, VMIGNORE};
pub use manifest::{MANIFEST_VERSION, Manifest};
pub use pack::pack;
pub use parse_remote_listing::parse_remote_listing;
pub use relative_path::checked_relative_path;
pub use remote_listing::remote_listing_command;
pub use render_json::{SYNC_FORMAT_VERSION, render_differences_json, render_sync_plan_json};
pub use render_text::{render_differences, render_sync_plan, shown_path};
pub use scan_local::{LocalScan, scan_local};
pub use side_change::SideChange;
pub use sync_error::SyncError;
pub use sync_plan::{SyncPlan, SyncSummary, next_base, plan_transfer};
pub use transfer_size::TransferSize;
pub use unpack::{
    CONFLICTS_DIR, UnpackTargets, Unpacked, conflict_copy_path, remove_local_paths, unpack_into,
};
