//! The machine's side of a comparison: a POSIX sh script, run in the machine by `docker exec`, that lists every
//! regular file and symlink of the workspace with its size, mode and sha256 (and a symlink's target). It needs only
//! find, stat, sha256sum and readlink, as Debian's coreutils/findutils and busybox both have them.
//!
//! Paths never enter the script's text: the workspace and the directories to prune are positional arguments, and
//! the two helper scripts that find runs on each batch of files are arguments too, so no quoting is nested.
//!
//! The output is NUL-separated fields (no file name can hold a NUL):
//!
//! ```text
//! vm-listing 1                           the format, first
//! F  N  name1 … nameN  sizes  sums       a batch of N regular files: their names as find gave them, then
//!                                        `stat -c '%s %a'` (one "size mode" line each, in order), then
//!                                        `sha256sum` output for the same names, in order
//! L  name  target                        a symlink and its target, as readlink gave it
//! end                                    last: written only when find finished without an error
//! ```
//!
//! The sums are matched to the names by position, and each line's name is checked against the name given: GNU
//! sha256sum escapes a name holding a backslash or a newline (the line then starts with `\`), busybox writes it raw.

/// The script `sh -c` runs: `$1` the workspace, `$2`, `$3` the batch scripts, then find `-path` patterns to prune.
const LISTING_SCRIPT: &str = r#"files_script=$2
links_script=$3
cd -- "$1" || exit 1
shift 3
count=$#
while [ "$count" -gt 0 ]; do
  set -- "$@" -o -path "$1"
  shift
  count=$((count - 1))
done
printf 'vm-listing 1\0'
find . \( -path ./.vm "$@" \) -prune -o -type f -exec sh -c "$files_script" sh {} + -o -type l -exec sh -c "$links_script" sh {} + || exit 1
printf 'end\0'
"#;

/// Run by find on a batch of regular files. Sizes and sums are taken whole before anything is printed, so a file
/// that vanishes midway fails the batch (and the listing has no end) rather than shifting the columns.
const FILES_SCRIPT: &str = r#"sizes=$(stat -c '%s %a' -- "$@") || exit 1
sums=$(sha256sum -- "$@" && echo .) || exit 1
printf 'F\0%s\0' "$#"
printf '%s\0' "$@"
printf '%s\0%s\0' "$sizes" "${sums%.}"
"#;

/// Run by find on a batch of symlinks: each with its target, kept exact (the `.` guards trailing newlines).
const LINKS_SCRIPT: &str = r#"for link do
  target=$(readlink -- "$link" && echo .) || exit 1
  printf 'L\0%s\0%s\0' "$link" "${target%??}"
done
"#;

/// The first field of a listing in this format.
pub(super) const LISTING_HEADER: &[u8] = b"vm-listing 1";
/// The last field, written only when the listing is whole.
pub(super) const LISTING_END: &[u8] = b"end";

/// The argument vector that lists the machine's workspace at `workspace_path`, to run after `docker exec CONTAINER`
/// (the first word is `sh`). `prune_dirs` are workspace paths whose contents the machine skips, as the local walk
/// did ([`super::LocalScan::ignored_dirs`]); `.vm` is always skipped. Parse its standard output with
/// [`super::parse_remote_listing`]; the command exits non-zero when the listing is not whole.
pub fn remote_listing_command(workspace_path: &str, prune_dirs: &[String]) -> Vec<String> {
    let mut command: Vec<String> = [
        "sh",
        "-c",
        LISTING_SCRIPT,
        "sh",
        workspace_path,
        FILES_SCRIPT,
        LINKS_SCRIPT,
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    command.extend(prune_dirs.iter().map(|dir| find_path_pattern(dir)));
    command
}

/// A find `-path` pattern matching exactly `./dir`: the pattern characters in the name are escaped.
fn find_path_pattern(dir: &str) -> String {
    let mut pattern = String::from("./");
    for character in dir.chars() {
        if matches!(character, '\\' | '*' | '?' | '[') {
            pattern.push('\\');
        }
        pattern.push(character);
    }
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_arguments_and_never_part_of_the_script() {
        let workspace = "/w'; rm -rf / #";
        let prune = ["node_modules".to_owned(), "we*ird [dir]?\\".to_owned()];
        let command = remote_listing_command(workspace, &prune);
        assert_eq!(&command[..2], ["sh", "-c"]);
        assert_eq!(command[3], "sh");
        assert_eq!(command[4], workspace);
        assert_eq!(
            &command[7..],
            ["./node_modules", "./we\\*ird \\[dir]\\?\\\\"]
        );
        for script in &command[2..3] {
            assert!(!script.contains("node_modules") && !script.contains("/w'"));
        }
    }
}

#[cfg(test)]
#[path = "remote_listing_in_docker_tests.rs"]
mod in_docker_tests;
