//! A path inside the workspace as the manifests hold it: relative, `/`-separated, every component a real name.

use super::SyncError;

/// `raw` (from a listing or an archive) as a workspace path: one leading `./` is dropped; an absolute path, `.`,
/// `..`, an empty component, a NUL, or a name that is not UTF-8 is refused.
pub fn checked_relative_path(raw: &[u8]) -> Result<String, SyncError> {
    let unsafe_path = |why| SyncError::UnsafePath {
        shown: format!("{:?}", String::from_utf8_lossy(raw)),
        why,
    };
    let path = raw.strip_prefix(b"./").unwrap_or(raw);
    if path.is_empty() {
        return Err(unsafe_path("it names no file"));
    }
    if path.starts_with(b"/") {
        return Err(unsafe_path("it is absolute"));
    }
    if path.contains(&0) {
        return Err(unsafe_path("it holds a NUL byte"));
    }
    for component in path.split(|&byte| byte == b'/') {
        match component {
            b"" => return Err(unsafe_path("it has an empty component")),
            b"." => return Err(unsafe_path("it has a `.` component")),
            b".." => return Err(unsafe_path("it leads out of the workspace with `..`")),
            _ => {}
        }
    }
    String::from_utf8(path.to_vec()).map_err(|_| SyncError::NameNotUtf8 {
        shown: format!("{:?}", String::from_utf8_lossy(raw)),
    })
}

/// The directories `path` lies in, outermost first: `a/b/c` gives `a`, `a/b`.
pub fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/')
        .map(move |(index, _)| &path[..index])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_paths_are_kept_as_given_without_a_leading_dot_slash() {
        for (raw, path) in [
            (&b"./a b/c"[..], "a b/c"),
            (b"-dash", "-dash"),
            (b"new\nline", "new\nline"),
            (b"back\\slash", "back\\slash"),
            (b"..hidden/...", "..hidden/..."),
            ("ünï/🚀".as_bytes(), "ünï/🚀"),
        ] {
            assert_eq!(checked_relative_path(raw).unwrap(), path);
        }
    }

    #[test]
    fn paths_leading_out_of_the_workspace_are_refused_with_the_reason() {
        for (raw, why) in [
            (&b"../x"[..], "it leads out of the workspace with `..`"),
            (b"a/../../x", "it leads out of the workspace with `..`"),
            (b"/etc/x", "it is absolute"),
            (b".//etc/x", "it is absolute"),
            (b"a//b", "it has an empty component"),
            (b"a/", "it has an empty component"),
            (b"a/./b", "it has a `.` component"),
            (b".", "it has a `.` component"),
            (b"./", "it names no file"),
            (b"a\0b", "it holds a NUL byte"),
        ] {
            match checked_relative_path(raw) {
                Err(SyncError::UnsafePath { why: given, .. }) => assert_eq!(given, why, "{raw:?}"),
                other => panic!("{raw:?}: {other:?}"),
            }
        }
        assert!(matches!(
            checked_relative_path(b"caf\xe9"),
            Err(SyncError::NameNotUtf8 { .. })
        ));
    }

    #[test]
    fn ancestors_run_outermost_first() {
        assert_eq!(ancestors("a/b/c").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(ancestors("top").count(), 0);
    }
}
