//! Listings as GNU coreutils and busybox write them, for names built to break a parser.

use super::*;
use crate::workspace_sync::content_hash::hash_bytes;

#[derive(Clone, Copy)]
enum Sha256sum {
    /// GNU: a name holding a backslash or a newline is escaped, and its line starts with `\`.
    Gnu,
    /// busybox: every name raw.
    Busybox,
}

struct File {
    name: &'static [u8],
    content: &'static [u8],
    mode: &'static str,
}

const HOSTILE: [File; 9] = [
    File {
        name: b"./a b/sp ace",
        content: b"hi",
        mode: "644",
    },
    File {
        name: b"./ta\tb",
        content: b"t",
        mode: "644",
    },
    File {
        name: b"./new\nline",
        content: b"n",
        mode: "600",
    },
    File {
        name: b"./back\\slash",
        content: b"b",
        mode: "644",
    },
    File {
        name: b"./-dash",
        content: b"-",
        mode: "755",
    },
    File {
        name: "./ünï 🚀".as_bytes(),
        content: b"u",
        mode: "644",
    },
    File {
        name: b"./ends with newline\n",
        content: b"e",
        mode: "644",
    },
    File {
        name: b"./\\n literally",
        content: b"l",
        mode: "4755",
    },
    File {
        name: b"./empty",
        content: b"",
        mode: "444",
    },
];

fn sum_line(style: Sha256sum, file: &File) -> Vec<u8> {
    let hash = hash_bytes(file.content);
    let needs_escape = file.name.iter().any(|byte| matches!(byte, b'\\' | b'\n'));
    let mut line = Vec::new();
    if matches!(style, Sha256sum::Gnu) && needs_escape {
        line.push(b'\\');
        line.extend(hash.as_bytes());
        line.extend(b"  ");
        for &byte in file.name {
            match byte {
                b'\\' => line.extend(b"\\\\"),
                b'\n' => line.extend(b"\\n"),
                other => line.push(other),
            }
        }
    } else {
        line.extend(hash.as_bytes());
        line.extend(b"  ");
        line.extend(file.name);
    }
    line.push(b'\n');
    line
}

/// A batch record as the files script prints it.
fn batch(style: Sha256sum, files: &[File]) -> Vec<u8> {
    let mut record = format!("F\0{}\0", files.len()).into_bytes();
    for file in files {
        record.extend(file.name);
        record.push(0);
    }
    let stats: Vec<String> = files
        .iter()
        .map(|file| format!("{} {}", file.content.len(), file.mode))
        .collect();
    record.extend(stats.join("\n").as_bytes());
    record.push(0);
    for file in files {
        record.extend(sum_line(style, file));
    }
    record.push(0);
    record
}

fn listing(records: &[Vec<u8>]) -> Vec<u8> {
    let mut listing = b"vm-listing 1\0".to_vec();
    for record in records {
        listing.extend(record);
    }
    listing.extend(b"end\0");
    listing
}

fn link(name: &[u8], target: &[u8]) -> Vec<u8> {
    [&b"L\0"[..], name, b"\0", target, b"\0"].concat()
}

#[test]
fn hostile_names_parse_from_gnu_and_busybox_alike() {
    for style in [Sha256sum::Gnu, Sha256sum::Busybox] {
        let text = listing(&[
            batch(style, &HOSTILE[..4]),
            link(b"./link", b"a b/sp ace"),
            batch(style, &HOSTILE[4..]),
            link(b"./odd link\n", b"odd\ntarget\n"),
        ]);
        let manifest = parse_remote_listing(&text).unwrap();
        let expected: Manifest = HOSTILE
            .iter()
            .map(|file| {
                let name = String::from_utf8(file.name[2..].to_vec()).unwrap();
                let executable = u32::from_str_radix(file.mode, 8).unwrap() & 0o100 != 0;
                (name, FileEntry::regular(file.content, executable))
            })
            .chain([
                ("link".to_owned(), FileEntry::symlink(b"a b/sp ace")),
                (
                    "odd link\n".to_owned(),
                    FileEntry::symlink(b"odd\ntarget\n"),
                ),
            ])
            .collect();
        assert_eq!(manifest, expected);
    }
}

#[test]
fn an_empty_workspace_lists_nothing() {
    assert_eq!(
        parse_remote_listing(&listing(&[])).unwrap(),
        Manifest::default()
    );
}

fn refusal(text: &[u8]) -> String {
    parse_remote_listing(text).unwrap_err().to_string()
}

const PREFIX: &str = "the machine's listing of its workspace could not be read: ";

#[test]
fn a_listing_cut_short_is_refused_rather_than_read_as_deletions() {
    let whole = listing(&[batch(Sha256sum::Gnu, &HOSTILE)]);
    for cut in [whole.len() - 4, whole.len() - 1, whole.len() / 2, 20] {
        let refused = refusal(&whole[..cut]);
        assert!(refused.starts_with(PREFIX), "{refused}");
    }
    assert_eq!(
        refusal(&whole[..whole.len() - 4]),
        format!("{PREFIX}it was cut short (it has no end marker)")
    );
    assert_eq!(
        refusal(b""),
        format!("{PREFIX}it was cut short (it has no end marker)")
    );
}

#[test]
fn malformed_listings_are_refused_with_the_reason() {
    let one = &HOSTILE[..1];
    let mut after_end = listing(&[]);
    after_end.extend(b"F\0");
    let mut wrong_name = batch(Sha256sum::Busybox, one);
    let at = wrong_name.len() - 3;
    wrong_name[at] = b'X';
    let mut extra_line = batch(Sha256sum::Gnu, one);
    extra_line.pop();
    extra_line.extend(sum_line(Sha256sum::Gnu, &HOSTILE[1]));
    extra_line.push(0);
    let mut missing_size = format!("F\0{}\0", 2).into_bytes();
    missing_size.extend(b"./a\0./b\0");
    missing_size.extend(b"1 644\0");
    missing_size.extend(b"\0");
    for (text, reason) in [
        (
            b"vm-listing 2\0end\0".to_vec(),
            "it does not start with `vm-listing 1`".to_owned(),
        ),
        (after_end, "it goes on after its end".to_owned()),
        (
            listing(&[b"X\0".to_vec()]),
            "it has an unknown record \"X\"".to_owned(),
        ),
        (
            listing(&[b"F\0two\0".to_vec()]),
            "a batch of files has no count".to_owned(),
        ),
        (
            listing(&[wrong_name]),
            "the sha256sum line for \"./a b/sp ace\" does not match it".to_owned(),
        ),
        (
            listing(&[extra_line]),
            "sha256sum printed more lines than there are files".to_owned(),
        ),
        (
            listing(&[missing_size]),
            "a batch of 2 files has 1 sizes".to_owned(),
        ),
        (
            listing(&[link(b"./l", b"x"), link(b"l", b"y")]),
            "it lists \"l\" twice".to_owned(),
        ),
    ] {
        assert_eq!(refusal(&text), format!("{PREFIX}{reason}"));
    }
}

#[test]
fn names_leading_out_of_the_workspace_are_refused() {
    let escaping = File {
        name: b"./../etc/passwd",
        content: b"x",
        mode: "644",
    };
    let refused = refusal(&listing(&[batch(Sha256sum::Busybox, &[escaping])]));
    assert_eq!(
        refused,
        "refusing the path \"./../etc/passwd\": it leads out of the workspace with `..`"
    );
    let refused = refusal(&listing(&[link(b"/etc/shadow", b"x")]));
    assert_eq!(refused, "refusing the path \"/etc/shadow\": it is absolute");
}
