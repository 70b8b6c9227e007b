use std::io::{self, Read};

use sha2::{Digest, Sha256};

/// Bytes read at a time: a big file is hashed in this much memory, never read whole.
const CHUNK: usize = 64 * 1024;

/// The sha256 of everything `reader` yields, in lowercase hex, read in chunks; with the number of bytes read.
pub fn hash_reader(mut reader: impl Read) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; CHUNK];
    let mut total = 0u64;
    loop {
        let read = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        hasher.update(&buffer[..read]);
        total += read as u64;
    }
    Ok((hex::encode(hasher.finalize()), total))
}

/// A reader that hashes what passes through it, so a file is hashed in the same read that copies it.
pub struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> HashingReader<R> {
        HashingReader {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// The sha256 in lowercase hex and the number of bytes read so far.
    pub fn finish(self) -> (String, u64) {
        (hex::encode(self.hasher.finalize()), self.bytes)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.hasher.update(&buffer[..read]);
        self.bytes += read as u64;
        Ok(read)
    }
}

/// The sha256 of `bytes`, in lowercase hex.
pub fn hash_bytes(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_hashes_as_its_bytes_do_across_chunk_boundaries() {
        let bytes: Vec<u8> = (0..(CHUNK * 2 + 17)).map(|i| (i % 251) as u8).collect();
        let (hash, size) = hash_reader(bytes.as_slice()).unwrap();
        assert_eq!(hash, hash_bytes(&bytes));
        assert_eq!(size, bytes.len() as u64);
        let mut passing = HashingReader::new(bytes.as_slice());
        let mut copied = Vec::new();
        std::io::copy(&mut passing, &mut copied).unwrap();
        assert_eq!(copied, bytes);
        assert_eq!(passing.finish(), (hash_bytes(&bytes), bytes.len() as u64));
        assert_eq!(
            hash_bytes(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
