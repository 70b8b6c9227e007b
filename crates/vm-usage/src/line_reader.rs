//! Streaming the lines of a file through one reusable buffer.

use std::io::{self, Read};

/// Size a reader's buffer starts at; it grows only to hold a longer line.
pub const BUFFER_SIZE: usize = 256 * 1024;
/// Longest line held whole (transcripts with pasted images reach a few MiB); longer lines are
/// handed on cut to this length, where they fail to parse and count as malformed.
pub const MAX_LINE: usize = 64 * 1024 * 1024;

/// The UTF-8 byte-order mark, which some editors write at the start of a file.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Reads files line by line with one buffer, never holding more than the buffer and the longest
/// line (at most `max_line` bytes).
#[derive(Debug)]
pub struct LineReader {
    buffer: Vec<u8>,
    max_line: usize,
}

impl Default for LineReader {
    fn default() -> Self {
        LineReader::new(BUFFER_SIZE, MAX_LINE)
    }
}

impl LineReader {
    pub fn new(buffer_size: usize, max_line: usize) -> LineReader {
        LineReader {
            buffer: vec![0; buffer_size.clamp(1, max_line)],
            max_line,
        }
    }

    /// Hands each line of `reader` (without its `\n`) to `on_line`, with whether a newline ended
    /// it: the last one is handed on even without. When `at_file_start`, the first line loses a
    /// UTF-8 byte-order mark. `on_read` is told the size of every chunk read. Returns the bytes
    /// up to and including the last newline: where a later read of the same file, grown, resumes
    /// (an over-long line cut and discarded up to the end of the input counts as consumed).
    pub fn for_each_line(
        &mut self,
        mut reader: impl Read,
        at_file_start: bool,
        mut on_read: impl FnMut(usize),
        mut on_line: impl FnMut(&[u8], bool),
    ) -> io::Result<u64> {
        let mut first = at_file_start;
        let mut on_line = |line: &[u8], complete: bool| {
            if std::mem::take(&mut first) {
                on_line(line.strip_prefix(BYTE_ORDER_MARK).unwrap_or(line), complete);
            } else {
                on_line(line, complete);
            }
        };
        // bytes of the input before `buffer[0]`
        let mut passed: u64 = 0;
        let mut consumed: u64 = 0;
        let buffer = &mut self.buffer;
        let (mut start, mut end) = (0, 0);
        // past the cut of an over-long line, until its newline
        let mut discarding = false;
        loop {
            if end == buffer.len() {
                if start > 0 {
                    buffer.copy_within(start..end, 0);
                    passed += start as u64;
                    end -= start;
                    start = 0;
                } else if buffer.len() < self.max_line {
                    let longer = (buffer.len() * 2).min(self.max_line);
                    buffer.resize(longer, 0);
                } else {
                    on_line(&buffer[..end], true);
                    passed += end as u64;
                    (start, end, discarding) = (0, 0, true);
                }
            }
            let read = match reader.read(&mut buffer[end..]) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            on_read(read);
            let filled = end + read;
            if discarding {
                match memchr::memchr(b'\n', &buffer[end..filled]) {
                    Some(newline) => {
                        (start, discarding) = (end + newline + 1, false);
                        consumed = passed + start as u64;
                    }
                    None => {
                        passed += filled as u64;
                        consumed = passed;
                        end = 0;
                        continue;
                    }
                }
            }
            let scan_from = end.max(start);
            for newline in memchr::memchr_iter(b'\n', &buffer[scan_from..filled]) {
                let line_end = scan_from + newline;
                on_line(&buffer[start..line_end], true);
                start = line_end + 1;
                consumed = passed + start as u64;
            }
            end = filled;
            if start == end {
                passed += end as u64;
                (start, end) = (0, 0);
            }
        }
        if start < end && !discarding {
            on_line(&buffer[start..end], false);
        }
        Ok(consumed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that returns at most 3 bytes a call, to cut lines across reads.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(out.len()).min(3);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn lines_of(input: &[u8], buffer_size: usize, max_line: usize) -> Vec<String> {
        lines_and_end(input, buffer_size, max_line).0
    }

    /// The lines (an unterminated last one marked `…`) and the offset after the last newline.
    fn lines_and_end(input: &[u8], buffer_size: usize, max_line: usize) -> (Vec<String>, u64) {
        let mut reader = LineReader::new(buffer_size, max_line);
        let mut lines = Vec::new();
        let mut read = 0;
        let end = reader
            .for_each_line(
                Trickle(input),
                true,
                |n| read += n,
                |line, complete| {
                    let text = String::from_utf8_lossy(line);
                    lines.push(if complete {
                        text.into_owned()
                    } else {
                        format!("{text}…")
                    });
                },
            )
            .unwrap();
        assert_eq!(read, input.len());
        (lines, end)
    }

    #[test]
    fn the_end_of_the_last_complete_line_is_where_a_later_read_resumes() {
        let input = b"first\nsecond, longer than the buffer\nthird, cut sho";
        for size in [1, 4, BUFFER_SIZE] {
            let (lines, end) = lines_and_end(input, size, MAX_LINE);
            assert_eq!(
                lines,
                ["first", "second, longer than the buffer", "third, cut sho…"]
            );
            assert_eq!(end, 37, "buffer of {size}");
        }
        assert_eq!(
            lines_and_end(b"a\nb\n", 1, MAX_LINE),
            (vec!["a".into(), "b".into()], 4)
        );
        assert_eq!(lines_and_end(b"", 1, MAX_LINE), (vec![], 0));
        // an over-long line is consumed whole, newline or not
        assert_eq!(lines_and_end(b"ab\nlong line\nc", 2, 4).1, 13);
        assert_eq!(lines_and_end(b"ab\nlong line", 2, 4).1, 12);
    }

    #[test]
    fn lines_across_reads_and_a_last_line_without_newline() {
        let input = b"first\n\nsecond line, longer than the buffer\nlast";
        let expected = vec!["first", "", "second line, longer than the buffer", "last…"];
        assert_eq!(lines_of(input, BUFFER_SIZE, MAX_LINE), expected);
        assert_eq!(lines_of(input, 4, MAX_LINE), expected);
        assert_eq!(lines_of(input, 1, MAX_LINE), expected);
    }

    #[test]
    fn a_byte_order_mark_is_dropped_from_the_first_line_only() {
        let input = "\u{feff}{}\n\u{feff}x\n".as_bytes();
        let expected = vec!["{}", "\u{feff}x"];
        assert_eq!(lines_of(input, BUFFER_SIZE, MAX_LINE), expected);
        assert_eq!(lines_of(input, 1, MAX_LINE), expected);
    }

    #[test]
    fn over_long_lines_are_cut() {
        let input = b"short\nthis line is far too long\nok\nanother very long line";
        assert_eq!(
            lines_of(input, 2, 8),
            vec!["short", "this lin", "ok", "another "]
        );
        assert_eq!(lines_of(b"\xEF\xBB\xBFx\n", 1, 8), vec!["x"]);
    }
}
