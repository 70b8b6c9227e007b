use std::io;
use std::path::PathBuf;

/// Every way deciding or carrying a workspace transfer fails. None of them leaves a half-written file behind.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SyncError {
    #[error("could not {action} {}", path.display())]
    #[diagnostic(code(vm::sync_io))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("the project could not be listed: {detail}")]
    #[diagnostic(
        code(vm::sync_scan),
        help(
            "nothing was transferred: a file left out of the listing would look deleted; fix its permissions or ignore it in .vmignore"
        )
    )]
    Scan { detail: String },

    #[error("the name {shown} is not UTF-8, so it cannot be transferred")]
    #[diagnostic(
        code(vm::sync_name_not_utf8),
        help("nothing was transferred; rename it, or ignore it in .vmignore")
    )]
    NameNotUtf8 {
        /// The name with its invalid bytes replaced, quoted.
        shown: String,
    },

    #[error("refusing the path {shown}: {why}")]
    #[diagnostic(code(vm::sync_unsafe_path))]
    UnsafePath {
        /// The path as received, quoted.
        shown: String,
        why: &'static str,
    },

    #[error("refusing {path}: {why}")]
    #[diagnostic(
        code(vm::sync_refused_write),
        help(
            "nothing was written at {path}; files that came before it in the transfer were written whole"
        )
    )]
    RefusedWrite { path: String, why: String },

    #[error("the machine's listing of its workspace could not be read: {detail}")]
    #[diagnostic(
        code(vm::sync_listing),
        help(
            "nothing was transferred; run the command again (the workspace may have changed while it was listed)"
        )
    )]
    Listing { detail: String },

    #[error("{} is not a transfer record this vm reads: {detail}", path.display())]
    #[diagnostic(
        code(vm::sync_manifest),
        help(
            "remove it to start afresh: the next transfer then treats every file that differs as a conflict, and overwrites nothing"
        )
    )]
    Manifest { path: PathBuf, detail: String },
}

impl SyncError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(io::Error) -> SyncError {
        let path = path.into();
        move |source| SyncError::Io {
            action,
            path,
            source,
        }
    }

    pub(crate) fn listing(detail: impl Into<String>) -> SyncError {
        SyncError::Listing {
            detail: detail.into(),
        }
    }
}
