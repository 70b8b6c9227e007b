//! The identity of one API response, for counting it once.

use std::hash::{BuildHasherDefault, Hasher};

use xxhash_rust::xxh3::Xxh3Default;

/// A 128-bit hash of `message.id` and `requestId`: every line that carries the same pair
/// reports the same API response. Hashes instead of strings keep memory at 16 bytes a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResponseKey(pub u128);

impl ResponseKey {
    /// The key of a response. Lines that lack either id have none (as in ccusage): each counts.
    pub fn new(message_id: &str, request_id: &str) -> ResponseKey {
        let mut hasher = Xxh3Default::new();
        hasher.update(message_id.as_bytes());
        hasher.update(&[0]);
        hasher.update(request_id.as_bytes());
        ResponseKey(hasher.digest128())
    }
}

/// Hashes a [`ResponseKey`] for a hash map by taking its bits: the key is already a good hash.
#[derive(Default)]
pub struct ResponseKeyHasher(u64);

impl Hasher for ResponseKeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u128(&mut self, value: u128) {
        self.0 = (value as u64) ^ ((value >> 64) as u64);
    }
}

/// The `BuildHasher` of maps keyed by [`ResponseKey`].
pub type ResponseKeyBuildHasher = BuildHasherDefault<ResponseKeyHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_is_part_of_the_key() {
        let a = ResponseKey::new("msg_1", "req_1");
        assert_eq!(a, ResponseKey::new("msg_1", "req_1"));
        assert_ne!(a, ResponseKey::new("msg_1", "req_2"));
        assert_ne!(a, ResponseKey::new("msg_2", "req_1"));
        assert_ne!(ResponseKey::new("ab", "c"), ResponseKey::new("a", "bc"));
    }
}
