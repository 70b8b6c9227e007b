//! Writing the usage index: little-endian integers and length-prefixed bytes.

/// A growing buffer of the index's encoding, read back by [`crate::byte_cursor::ByteCursor`].
#[derive(Debug, Default)]
pub struct ByteSink(pub Vec<u8>);

impl ByteSink {
    pub fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub fn i64(&mut self, value: i64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub fn u128(&mut self, value: u128) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    /// A count of items or bytes; the index never holds 2³² of anything in one list.
    pub fn len(&mut self, len: usize) {
        self.u32(u32::try_from(len).expect("fewer than 2^32 items"));
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.0.extend_from_slice(bytes);
    }
}
