//! Reading the usage index back: every read checks the length, so a cut or corrupt index is
//! `None`, never a panic.

/// A position in the bytes of an index.
#[derive(Debug)]
pub struct ByteCursor<'a>(pub &'a [u8]);

impl<'a> ByteCursor<'a> {
    pub fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        if len > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N).map(|bytes| bytes.try_into().expect("N bytes"))
    }

    pub fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    pub fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }

    pub fn i64(&mut self) -> Option<i64> {
        self.array().map(i64::from_le_bytes)
    }

    pub fn u128(&mut self) -> Option<u128> {
        self.array().map(u128::from_le_bytes)
    }

    /// A count written by `ByteSink::len`, refused when it cannot fit in what is left (at least
    /// `item_size` bytes an item), so a corrupt count never allocates gigabytes.
    pub fn len(&mut self, item_size: usize) -> Option<usize> {
        let len = self.u32()? as usize;
        (len.saturating_mul(item_size.max(1)) <= self.0.len()).then_some(len)
    }

    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = self.len(1)?;
        self.take(len)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::byte_sink::ByteSink;

    #[test]
    fn reads_what_the_sink_wrote_and_refuses_what_is_cut() {
        let mut sink = ByteSink::default();
        sink.u32(7);
        sink.i64(-3);
        sink.u128(1 << 100);
        sink.bytes(b"abc");
        let mut cursor = ByteCursor(&sink.0);
        assert_eq!(cursor.u32(), Some(7));
        assert_eq!(cursor.i64(), Some(-3));
        assert_eq!(cursor.u128(), Some(1 << 100));
        assert_eq!(cursor.bytes(), Some(&b"abc"[..]));
        assert!(cursor.is_empty());
        let mut cut = ByteCursor(&sink.0[28..sink.0.len() - 1]);
        assert_eq!(cut.bytes(), None);
        // a count larger than what follows is corrupt
        assert_eq!(ByteCursor(&[255, 255, 255, 255, 0]).len(1), None);
    }
}
