use std::fmt;

use serde::Serialize;

/// How many files and bytes: "412 files, 3.2 MB".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TransferSize {
    pub files: usize,
    pub bytes: u64,
}

impl fmt::Display for TransferSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.files == 1 { "file" } else { "files" };
        write!(f, "{} {noun}, {}", self.files, decimal_bytes(self.bytes))
    }
}

/// Bytes in decimal units with one decimal, as people read sizes: `512 B`, `3.2 MB`.
fn decimal_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        let shown = |files, bytes| TransferSize { files, bytes }.to_string();
        assert_eq!(shown(0, 0), "0 files, 0 B");
        assert_eq!(shown(1, 999), "1 file, 999 B");
        assert_eq!(shown(2, 1000), "2 files, 1.0 kB");
        assert_eq!(shown(412, 3_240_000), "412 files, 3.2 MB");
        assert_eq!(shown(3, 999_999), "3 files, 1.0 MB");
        assert_eq!(shown(3, 7_500_000_000), "3 files, 7.5 GB");
    }
}
