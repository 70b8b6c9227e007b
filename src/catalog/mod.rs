//! The catalog: every service and language runtime `vm` can put in a machine, as rows of one table.
//!
//! A row is data (packages, shell snippets with `{placeholders}`, ports, URL variables), never a code path of its
//! own: `provision` turns the rows a project enables into scripts, and the engine into resources.

mod catalog_entry;
mod catalog_reference;
mod catalog_table;
mod package_managers;

pub use catalog_entry::{Addon, CatalogEntry, EntryKind, UrlVariable};
pub use catalog_reference::reference_markdown;
pub use catalog_table::{CATALOG, entry};
pub use package_managers::{PACKAGE_MANAGERS, PackageManager, package_manager};
