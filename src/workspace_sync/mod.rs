//! Workspace sync: what moves between the project directory and a machine whose engine cannot see this host's
//! files, and how it is packed. Pure and docker-free: the provider runs the commands and carries the bytes.
//!
//! ```text
//! scan_local(project) ──▶ LocalScan { manifest, ignore_rules, ignored_dirs }
//! remote_listing_command(workspace, ignored_dirs) ──docker exec──▶ parse_remote_listing
//!     ──ignore_rules.retain_synced──▶ the machine's Manifest
//! plan_transfer(direction, base, local, remote) ──▶ SyncPlan ──render_sync_plan / _json──▶ text / JSON
//! push: pack(project, plan.paths_to_copy()) ──tar──▶ the machine      (its deletions: plan.delete)
//! pull: the machine ──tar──▶ unpack_into(project, UnpackTargets::for_pull) + remove_local_paths(plan.delete)
//! next_base(plan, base, local, remote) ──Manifest::save──▶ the base for next time
//! ```
//!
//! - **The base** is the manifest both sides agreed on after the last transfer (empty before the first). It makes
//!   the comparison three-way: a file changed on one side only is carried; one changed on both sides, differently,
//!   is a conflict that no transfer overwrites, and it keeps its old base entry so it stays one until the sides
//!   agree (or [`SyncPlan::resolve_conflicts_from_source`] settles it as the user chose).
//! - **What is transferred**: every regular file and symlink the ignore rules keep ([`IgnoreRules`]): nested
//!   `.gitignore`s (with or without a repository), `.git/info/exclude`, and `.vmignore` above them; never the
//!   user's global gitignore nor ignore files above the project. The root's `.git/` goes whole, the root's `.vm/`
//!   never. Symlinks go as symlinks. Empty directories and special files do not go. Names must be UTF-8.
//! - **Conflicts on pull**: the local file is never touched; the machine's version is saved as
//!   `.vm/conflicts/<path>` ([`conflict_copy_path`]): inside vm's own directory, which no transfer carries and git
//!   does not see, so the copy is neither pushed back as a new file nor committed by mistake.
//! - **Writes** ([`unpack_into`]) are whole or not at all (temporary file and rename), only at paths asked for, never
//!   through a symlink, and never over a file that changed since the plan was made.
//! - **What went over**: [`pack`] and [`unpack_into`] return the manifest of what they actually moved (hashed as it
//!   went); put those entries into the source's manifest before [`next_base`] so the base records what the
//!   destination really holds.

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
#[cfg(test)]
mod test_tree;
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
