use std::fmt;

use serde::Serialize;

use super::{FileEntry, SideChange};

/// A file changed on both sides since the last transfer, differently: no transfer overwrites either version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub path: String,
    pub local_change: SideChange,
    pub remote_change: SideChange,
    /// The project directory's version; None where it was deleted.
    pub local: Option<FileEntry>,
    /// The machine's version; None where it was deleted.
    pub remote: Option<FileEntry>,
}

/// Why it is a conflict, in words: "changed locally, deleted on the machine".
impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.local_change == SideChange::Added && self.remote_change == SideChange::Added {
            return f.write_str("added on both sides, with different content");
        }
        write!(
            f,
            "changed on both sides: {} locally, {} on the machine",
            self.local_change, self.remote_change
        )
    }
}
