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

    /// Hands each line of `reader` (without its `\n`) to `on_line`, the last one even without a
    /// newline, and the first one without a UTF-8 byte-order mark; `on_read` is told the size of
    /// every chunk read.
    pub fn for_each_line(
        &mut self,
        mut reader: impl Read,
        mut on_read: impl FnMut(usize),
        mut on_line: impl FnMut(&[u8]),
    ) -> io::Result<()> {
        let mut first = true;
        let mut on_line = |line: &[u8]| {
            if std::mem::take(&mut first) {
                on_line(line.strip_prefix(BYTE_ORDER_MARK).unwrap_or(line));
            } else {
                on_line(line);
            }
        };
        let buffer = &mut self.buffer;
        let (mut start, mut end) = (0, 0);
        // past the cut of an over-long line, until its newline
        let mut discarding = false;
        loop {
            if end == buffer.len() {
                if start > 0 {
                    buffer.copy_within(start..end, 0);
                    end -= start;
                    start = 0;
                } else if buffer.len() < self.max_line {
                    let longer = (buffer.len() * 2).min(self.max_line);
                    buffer.resize(longer, 0);
                } else {
                    on_line(&buffer[..end]);
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
                    Some(newline) => (start, discarding) = (end + newline + 1, false),
                    None => {
                        end = 0;
                        continue;
                    }
                }
            }
            let scan_from = end.max(start);
            for newline in memchr::memchr_iter(b'\n', &buffer[scan_from..filled]) {
                let line_end = scan_from + newline;
                on_line(&buffer[start..line_end]);
                start = line_end + 1;
            }
            end = filled;
            if start == end {
                (start, end) = (0, 0);
            }
        }
        if start < end && !discarding {
            on_line(&buffer[start..end]);
        }
        Ok(())
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
        let mut reader = LineReader::new(buffer_size, max_line);
        let mut lines = Vec::new();
        let mut read = 0;
        reader
            .for_each_line(
                Trickle(input),
                |n| read += n,
                |line| lines.push(String::from_utf8_lossy(line).into_owned()),
            )
            .unwrap();
        assert_eq!(read, input.len());
        lines
    }

    #[test]
    fn lines_across_reads_and_a_last_line_without_newline() {
        let input = b"first\n\nsecond line, longer than the buffer\nlast";
        let expected = vec!["first", "", "second line, longer than the buffer", "last"];
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
    }
}
