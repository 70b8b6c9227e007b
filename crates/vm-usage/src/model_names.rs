//! Model names, interned to small integers while scanning.

use std::collections::HashMap;

/// The distinct model names met during a scan; a record names its model by index.
#[derive(Debug, Default, Clone)]
pub struct ModelNames {
    names: Vec<String>,
    index: HashMap<String, u32>,
    /// The index last returned: consecutive lines mostly name the same model.
    last: Option<u32>,
}

impl ModelNames {
    /// The index of `name`, added when new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(last) = self.last
            && self.names[last as usize] == name
        {
            return last;
        }
        if let Some(&id) = self.index.get(name) {
            self.last = Some(id);
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("fewer than 2^32 model names");
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), id);
        self.last = Some(id);
        id
    }

    /// The name at `id`.
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// All names, by index.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Adds the names of `other`; returns, for each index of `other`, its index here.
    pub fn absorb(&mut self, other: &ModelNames) -> Vec<u32> {
        other.names.iter().map(|name| self.intern(name)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absorb_maps_indices() {
        let mut a = ModelNames::default();
        a.intern("opus");
        let mut b = ModelNames::default();
        b.intern("haiku");
        b.intern("opus");
        assert_eq!(a.absorb(&b), vec![1, 0]);
        assert_eq!(a.name(1), "haiku");
    }
}
