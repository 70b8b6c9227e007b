use std::collections::HashMap;

use jsonc_parser::ast;
use jsonc_parser::common::{Range, Ranged};
use miette::SourceSpan;

use super::config_path::ConfigPath;

/// Where every value of a parsed `vm.json` sits in its text, by path: the byte ranges of the value
/// and, for an object's member, of its key.
#[derive(Debug, Default)]
pub(crate) struct SourceMap {
    entries: HashMap<ConfigPath, Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Option<Range>,
    value: Range,
}

impl SourceMap {
    pub(crate) fn new(root: &ast::Value) -> Self {
        let mut map = SourceMap::default();
        map.add(ConfigPath::default(), None, root);
        map
    }

    fn add(&mut self, path: ConfigPath, key: Option<Range>, value: &ast::Value) {
        match value {
            ast::Value::Object(object) => {
                for property in &object.properties {
                    let child = path.join(property.name.as_str());
                    self.add(child, Some(property.name.range()), &property.value);
                }
            }
            ast::Value::Array(array) => {
                for (index, element) in array.elements.iter().enumerate() {
                    self.add(path.join(index.to_string()), None, element);
                }
            }
            _ => {}
        }
        // A repeated key keeps its last value, as the JSON value itself does.
        let entry = Entry {
            key,
            value: value.range(),
        };
        self.entries.insert(path, entry);
    }

    /// The value at `path`, or the nearest enclosing value that exists.
    pub(crate) fn value(&self, path: &ConfigPath) -> SourceSpan {
        span(self.entry(path).value)
    }

    /// The key of the member at `path`, or the value when it has no key (the top level, an array element).
    pub(crate) fn key(&self, path: &ConfigPath) -> SourceSpan {
        let entry = self.entry(path);
        span(entry.key.unwrap_or(entry.value))
    }

    /// Where to point at a value as a whole without underlining all of it: its key, or its first character.
    pub(crate) fn head(&self, path: &ConfigPath) -> SourceSpan {
        let entry = self.entry(path);
        match entry.key {
            Some(key) => span(key),
            None => SourceSpan::from((entry.value.start, 1)),
        }
    }

    /// The path of the innermost value at byte `offset` (its end included).
    pub(crate) fn path_at(&self, offset: usize) -> Option<&ConfigPath> {
        self.entries
            .iter()
            .filter(|(_, entry)| entry.value.start <= offset && offset <= entry.value.end)
            .min_by_key(|(_, entry)| entry.value.end - entry.value.start)
            .map(|(path, _)| path)
    }

    fn entry(&self, path: &ConfigPath) -> Entry {
        let mut path = path.clone();
        loop {
            if let Some(entry) = self.entries.get(&path) {
                return *entry;
            }
            if path.segments().is_empty() {
                return Entry {
                    key: None,
                    value: Range::new(0, 0),
                };
            }
            path = path.parent();
        }
    }
}

fn span(range: Range) -> SourceSpan {
    SourceSpan::from(range.start..range.end)
}
