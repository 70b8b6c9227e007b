use serde_json::Value;

use super::config_path::ConfigPath;

/// The generated JSON Schema of `vm.json`, read to explain an error: what a value at a path is
/// for, which keys and values are allowed there. It follows local `$ref`s and looks through
/// "this or null" unions, as a reader of the schema would.
pub(crate) struct ConfigSchema {
    root: Value,
}

impl ConfigSchema {
    pub(crate) fn new(root: Value) -> Self {
        ConfigSchema { root }
    }

    pub(crate) fn root(&self) -> &Value {
        &self.root
    }

    /// The schema of the value at `path`, as written where it is used (so with its description),
    /// before following its `$ref`.
    fn declared(&self, path: &ConfigPath) -> Option<&Value> {
        let mut node = &self.root;
        for segment in path.segments() {
            let parent = self.resolve(node);
            node = parent
                .get("properties")
                .and_then(|properties| properties.get(segment))
                .or_else(|| parent.get("additionalProperties").filter(|s| s.is_object()))
                .or_else(|| parent.get("items"))?;
        }
        Some(node)
    }

    /// The schema of the value at `path`, its `$ref`s followed and nullable unions unwrapped.
    pub(crate) fn at(&self, path: &ConfigPath) -> Option<&Value> {
        self.declared(path).map(|node| self.resolve(node))
    }

    fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        loop {
            if let Some(name) = node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/$defs/"))
                && let Some(target) = self.root.get("$defs").and_then(|defs| defs.get(name))
            {
                node = target;
                continue;
            }
            let mut not_null = ["anyOf", "oneOf"]
                .iter()
                .filter_map(|keyword| node.get(*keyword).and_then(Value::as_array))
                .flatten()
                .filter(|branch| branch.get("type").and_then(Value::as_str) != Some("null"));
            match (not_null.next(), not_null.next()) {
                (Some(only), None) => node = only,
                _ => return node,
            }
        }
    }

    /// What the value at `path` is for: the schema's description, which the type's doc comment wrote.
    pub(crate) fn description(&self, path: &ConfigPath) -> Option<String> {
        let declared = self.declared(path)?;
        declared
            .get("description")
            .or_else(|| self.resolve(declared).get("description"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// "`vm.memory`: Memory limit in MiB, at least 512." — the description as a diagnostic's help.
    pub(crate) fn help(&self, path: &ConfigPath) -> Option<String> {
        let description = self.description(path)?;
        Some(if path.segments().is_empty() {
            description
        } else {
            format!("`{path}`: {description}")
        })
    }

    /// The keys an object at `path` may have, in the schema's order.
    pub(crate) fn keys(&self, path: &ConfigPath) -> Vec<String> {
        self.at(path)
            .and_then(|node| node.get("properties"))
            .and_then(Value::as_object)
            .map(|properties| properties.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The values allowed at `path` when the schema lists them (`enum`, or a `oneOf` of `const`s).
    pub(crate) fn allowed_values(&self, path: &ConfigPath) -> Option<Vec<Value>> {
        let node = self.at(path)?;
        if let Some(values) = node.get("enum").and_then(Value::as_array) {
            return Some(values.clone());
        }
        let branches = node
            .get("oneOf")
            .or_else(|| node.get("anyOf"))
            .and_then(Value::as_array)?;
        branches
            .iter()
            .map(|branch| branch.get("const").cloned())
            .collect()
    }

    /// The JSON types the schema expects at `path`, e.g. `["integer"]` or `["string", "null"]`.
    pub(crate) fn types(&self, path: &ConfigPath) -> Vec<String> {
        match self.at(path).and_then(|node| node.get("type")) {
            Some(Value::String(kind)) => vec![kind.clone()],
            Some(Value::Array(kinds)) => kinds
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ConfigSchema;
    use crate::config::config_path::ConfigPath;

    fn schema() -> ConfigSchema {
        ConfigSchema::new(crate::config::schema())
    }

    #[test]
    fn follows_refs_and_optional_unions() {
        let schema = schema();
        let postgresql = ConfigPath::from_pointer("/services/postgresql");
        assert!(schema.keys(&postgresql).contains(&"password".to_owned()));
        assert_eq!(schema.types(&postgresql.join("port")), ["integer"]);
        assert_eq!(
            schema
                .description(&ConfigPath::from_pointer("/ports/web"))
                .as_deref(),
            Some("A TCP port, 1 to 65535.")
        );
    }

    #[test]
    fn lists_allowed_values_of_enums_and_one_of_consts() {
        let schema = schema();
        let provider = schema
            .allowed_values(&ConfigPath::from_pointer("/provider"))
            .unwrap();
        assert_eq!(provider, ["docker", "vagrant"]);
        let theme = schema
            .allowed_values(&ConfigPath::from_pointer("/terminal/theme"))
            .unwrap();
        assert!(theme.contains(&"nord".into()));
        assert_eq!(
            schema.allowed_values(&ConfigPath::from_pointer("/vm/memory")),
            None
        );
    }
}
