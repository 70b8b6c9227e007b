//! Streaming the lines of a file through one reusable buffer.

use std::io::{self, Read};

/// Size a reader's buffer starts at; it grows only to hold a longer line.
pub const BUFFER_SIZE: usize = 256 * 1024;

/// Reads lines from `reader` into `buffer` and hands each one (without its `\n`) to `on_line`,
/// never holding more than the buffer and the longest line. `on_read` is told of every chunk read.
pub fn for_each_line(
    mut reader: impl Read,
    buffer: &mut Vec<u8>,
    mut on_read: impl FnMut(usize),
    mut on_line: impl FnMut(&[u8]),
) -> io::Result<()> {
    if buffer.len() < BUFFER_SIZE {
        buffer.resize(BUFFER_SIZE, 0);
    }
    let (mut start, mut end) = (0, 0);
    loop {
        if end == buffer.len() {
            if start == 0 {
                let longer = buffer.len() * 2;
                buffer.resize(longer, 0);
            } else {
                buffer.copy_within(start..end, 0);
                end -= start;
                start = 0;
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
        for newline in memchr::memchr_iter(b'\n', &buffer[end..filled]) {
            let line_end = end + newline;
            on_line(&buffer[start..line_end]);
            start = line_end + 1;
        }
        end = filled;
        if start == end {
            (start, end) = (0, 0);
        }
    }
    if start < end {
        on_line(&buffer[start..end]); // a last line without newline
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(input: &[u8], buffer_size: usize) -> Vec<String> {
        let mut buffer = vec![0; buffer_size];
        let mut lines = Vec::new();
        // a reader that returns at most 7 bytes a call, to cut lines across reads
        let reader = input.chunks(7).flatten().copied().collect::<Vec<u8>>();
        let mut cursor = std::io::Cursor::new(reader);
        let small_reads = std::io::Read::by_ref(&mut cursor).take(u64::MAX);
        for_each_line(
            small_reads,
            &mut buffer,
            |_| {},
            |line| lines.push(String::from_utf8_lossy(line).into_owned()),
        )
        .unwrap();
        lines
    }

    #[test]
    fn lines_across_reads_and_a_last_line_without_newline() {
        let input = b"first\n\nsecond line that is longer than the buffer\nlast";
        let expected = vec![
            "first",
            "",
            "second line that is longer than the buffer",
            "last",
        ];
        assert_eq!(lines_of(input, BUFFER_SIZE), expected);
        let mut buffer = vec![0; 4];
        let mut lines = Vec::new();
        for_each_line(
            &input[..],
            &mut buffer,
            |_| {},
            |line| lines.push(line.to_vec()),
        )
        .unwrap();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[2], b"second line that is longer than the buffer");
    }
}
