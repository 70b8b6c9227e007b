use std::ffi::OsStr;
use std::fmt::Write;
use std::os::unix::ffi::OsStrExt;

/// `text` as a double-quoted Ruby string literal that evaluates to exactly `text`: `"` and `\`
/// are escaped, `#` too (so `#{..}`, `#@x` and `#$x` never interpolate), and control characters
/// are written as escapes, so the literal is one line whatever it holds.
pub fn ruby_string(text: &str) -> String {
    ruby_bytes(text.as_bytes())
}

/// A path as a Ruby string literal; bytes that are not UTF-8 are written as `\xNN`.
pub fn ruby_path(path: &std::path::Path) -> String {
    ruby_bytes(OsStr::as_bytes(path.as_os_str()))
}

fn ruby_bytes(bytes: &[u8]) -> String {
    let mut literal = String::with_capacity(bytes.len() + 2);
    literal.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => literal.push_str("\\\""),
                '\\' => literal.push_str("\\\\"),
                '#' => literal.push_str("\\#"),
                '\n' => literal.push_str("\\n"),
                '\t' => literal.push_str("\\t"),
                '\r' => literal.push_str("\\r"),
                c if c.is_control() => {
                    let mut utf8 = [0; 4];
                    for byte in c.encode_utf8(&mut utf8).bytes() {
                        write!(literal, "\\x{byte:02X}").expect("writing to a String");
                    }
                }
                c => literal.push(c),
            }
        }
        for byte in chunk.invalid() {
            write!(literal, "\\x{byte:02X}").expect("writing to a String");
        }
    }
    literal.push('"');
    literal
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStringExt;
    use std::path::PathBuf;
    use test_case::test_case;

    #[test_case("plain", r#""plain""#; "plain text")]
    #[test_case(r#"a"b"#, r#""a\"b""#; "a quote")]
    #[test_case(r"a\b", r#""a\\b""#; "a backslash")]
    #[test_case("#{`id`}", r#""\#{`id`}""#; "interpolation")]
    #[test_case("#@x #$y", r#""\#@x \#$y""#; "instance and global variable interpolation")]
    #[test_case("a\nb\tc\rd", r#""a\nb\tc\rd""#; "line breaks and tabs")]
    #[test_case("\u{0}\u{1b}\u{7f}\u{85}", r#""\x00\x1B\x7F\xC2\x85""#; "other control characters")]
    #[test_case("it's", r#""it's""#; "a single quote")]
    #[test_case("é ü 日本", r#""é ü 日本""#; "unicode stays as it is")]
    fn ruby_string_escapes(text: &str, expected: &str) {
        assert_eq!(ruby_string(text), expected);
    }

    #[test]
    fn a_path_that_is_not_utf8_keeps_its_bytes() {
        let path = PathBuf::from(std::ffi::OsString::from_vec(b"/home/a\xffb".to_vec()));
        assert_eq!(ruby_path(&path), r#""/home/a\xFFb""#);
    }

    /// Ruby itself reads every literal back as the text it was made from.
    #[test]
    fn ruby_reads_the_literals_back() {
        let Ok(ruby) = which_ruby() else {
            println!("skipped: no ruby");
            return;
        };
        let texts = [
            "plain",
            r#"a"b"#,
            r"a\b\",
            "#{`touch /tmp/vm-pwned`}",
            "#@x #$y #",
            "a\nb\tc\rd",
            "\u{0}\u{1b}\u{7f}\u{85}",
            "it's \"x\"",
            "é ü 日本 \u{2028}",
            "%!(VAGRANT_COMMA),",
        ];
        let program: String = texts
            .iter()
            .map(|text| {
                format!(
                    "STDOUT.write({}.unpack1('H*'), \"\\n\")\n",
                    ruby_string(text)
                )
            })
            .collect();
        let output = std::process::Command::new(ruby)
            .args(["-e", &program])
            .output()
            .expect("ruby runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let expected: String = texts
            .iter()
            .map(|text| format!("{}\n", hex::encode(text)))
            .collect();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
    }

    fn which_ruby() -> Result<PathBuf, ()> {
        ["/usr/bin/ruby", "/usr/local/bin/ruby"]
            .into_iter()
            .map(PathBuf::from)
            .find(|path| path.is_file())
            .ok_or(())
    }
}
