use std::collections::BTreeMap;

/// A resource's attributes, flattened to `group` or `group.key` → text, so that diffing and rendering are generic.
pub type Attributes = BTreeMap<String, String>;

/// The group of an attribute key: `environment` for `environment.NODE_ENV`.
pub fn attribute_group(key: &str) -> &str {
    key.split_once('.').map_or(key, |(group, _)| group)
}
