//! The README's reference of `vm.json`: a Markdown table with one row per key, generated from the
//! schema (and so from the doc comments of the types in `src/config/`). `tests/integration/readme_reference.rs`
//! keeps the README's copy equal to it.

use serde_json::Value;

/// The `vm.json` reference as a Markdown table: `| key | type | default | description |`, one row
/// per leaf key in dotted form (`vm.memory`, `services.postgresql.port`, `ports.<name>`), in the
/// schema's declaration order. Deterministic: the same types always give the same text.
pub fn reference_markdown() -> String {
    render(&super::schema())
}

/// A key's row, its cells still unescaped.
struct Row {
    key: String,
    kind: String,
    default: String,
    description: String,
}

/// Whether a key must be written.
#[derive(Clone)]
enum Required {
    /// Always: it and every object around it are required.
    Always,
    /// Only when the object around it (named here) is written.
    In(String),
    No,
}

/// What a key's schema reads as once its `$ref`s are followed and "this or null" unions unwrapped.
struct Resolved<'a> {
    node: &'a Value,
    /// The `$defs` entries passed through, outermost first.
    defs: Vec<&'a str>,
}

struct Walker<'a> {
    root: &'a Value,
    rows: Vec<Row>,
}

/// Stops a recursive type from being walked forever.
const MAX_DEPTH: usize = 16;

fn render(root: &Value) -> String {
    let mut walker = Walker {
        root,
        rows: Vec::new(),
    };
    walker.object("", root, &Required::Always, None, 0);
    let mut table =
        String::from("| key | type | default | description |\n| --- | --- | --- | --- |\n");
    for row in walker.rows {
        table.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            cell(&row.key),
            cell(&row.kind),
            cell(&row.default),
            cell(&row.description)
        ));
    }
    table
}

impl<'a> Walker<'a> {
    /// The rows of the keys of the object `node` (already resolved) found at `prefix`.
    fn object(
        &mut self,
        prefix: &str,
        node: &'a Value,
        required: &Required,
        default: Option<&'a Value>,
        depth: usize,
    ) {
        let required_keys: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let properties = node.get("properties").and_then(Value::as_object);
        for (name, declared) in properties.into_iter().flatten() {
            let child_required = if !required_keys.contains(&name.as_str()) {
                Required::No
            } else if matches!(required, Required::Always) {
                Required::Always
            } else {
                Required::In(prefix.to_owned())
            };
            let inherited = default.and_then(|default| default.get(name));
            self.key(
                join(prefix, name),
                declared,
                child_required,
                inherited,
                None,
                depth + 1,
            );
        }
        if let Some(value) = map_values(node) {
            self.key(
                join(prefix, placeholder(prefix)),
                value,
                Required::No,
                None,
                None,
                depth + 1,
            );
        }
    }

    /// The rows of the key at `path`, declared by `declared`: one row for a leaf, its keys' rows
    /// for an object or a map. `description` is the map's, for the key standing for its entries.
    fn key(
        &mut self,
        path: String,
        declared: &'a Value,
        required: Required,
        inherited_default: Option<&'a Value>,
        description: Option<&'a str>,
        depth: usize,
    ) {
        let resolved = self.resolve(declared);
        let description = description
            .or_else(|| declared.get("description").and_then(Value::as_str))
            .or_else(|| resolved.node.get("description").and_then(Value::as_str))
            .unwrap_or_default();
        let default = declared.get("default").or(inherited_default);
        let has_keys = resolved.node.get("properties").is_some();
        if depth < MAX_DEPTH && has_keys {
            self.object(&path, resolved.node, &required, default, depth);
            return;
        }
        if depth < MAX_DEPTH
            && let Some(value) = map_values(resolved.node)
        {
            // One key stands for every entry; as a leaf it is described by the map.
            let entry = join(&path, placeholder(&path));
            self.key(
                entry,
                value,
                Required::No,
                None,
                Some(description),
                depth + 1,
            );
            return;
        }
        self.rows.push(Row {
            key: path,
            kind: self.kind(&resolved),
            default: match required {
                Required::Always => "required".to_owned(),
                Required::In(parent) => format!("required in `{parent}`"),
                Required::No => default.map(value_text).unwrap_or_else(|| "—".to_owned()),
            },
            description: description.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }

    /// Follows local `$ref`s and looks through "this or null" unions, as a reader would.
    fn resolve(&self, mut node: &'a Value) -> Resolved<'a> {
        let mut defs = Vec::new();
        for _ in 0..MAX_DEPTH {
            if let Some(name) = node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/$defs/"))
                && let Some(target) = self.root.get("$defs").and_then(|defs| defs.get(name))
            {
                defs.push(name);
                node = target;
                continue;
            }
            let branches = union(node);
            let mut not_null = branches.iter().filter(|branch| !is_null(branch));
            match (not_null.next(), not_null.next()) {
                (Some(only), None) => node = only,
                _ => break,
            }
        }
        Resolved { node, defs }
    }

    /// The type of a leaf in words: `string`, `integer ≥ 512`, `` `"docker"` or `"vagrant"` ``,
    /// `array of strings`. Null is left out: writing null is the same as leaving the key out.
    fn kind(&self, resolved: &Resolved<'a>) -> String {
        let node = resolved.node;
        if let Some(values) = allowed_values(node) {
            return or_list(values.iter().map(|value| format!("`{value}`")).collect());
        }
        let branches = union(node);
        if !branches.is_empty() {
            let kinds: Vec<String> = branches
                .iter()
                .filter(|branch| !is_null(branch))
                .map(|branch| self.kind(&self.resolve(branch)))
                .collect();
            return or_list(kinds);
        }
        let types: Vec<&str> = match node.get("type") {
            Some(Value::String(kind)) => vec![kind.as_str()],
            Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let kinds: Vec<String> = types
            .into_iter()
            .filter(|kind| *kind != "null")
            .map(|kind| self.kind_of_type(kind, resolved))
            .collect();
        if kinds.is_empty() {
            "any value".to_owned()
        } else {
            or_list(kinds)
        }
    }

    fn kind_of_type(&self, kind: &str, resolved: &Resolved<'a>) -> String {
        let node = resolved.node;
        match kind {
            "integer" | "number" => {
                // A named number type (`Port`) reads better by its name.
                let noun = resolved
                    .defs
                    .last()
                    .map(|name| words(name))
                    .unwrap_or_else(|| kind.to_owned());
                let bound = |keyword: &str| node.get(keyword).filter(|value| value.is_number());
                match (bound("minimum"), bound("maximum")) {
                    (Some(min), Some(max)) => format!("{noun} {min}–{max}"),
                    (Some(min), None) => format!("{noun} ≥ {min}"),
                    (None, Some(max)) => format!("{noun} ≤ {max}"),
                    (None, None) => noun,
                }
            }
            "array" => match node.get("items") {
                Some(items) => format!("array of {}", plural(&self.kind(&self.resolve(items)))),
                None => "array".to_owned(),
            },
            "object" => match map_values(node) {
                Some(value) => format!("object of {}", plural(&self.kind(&self.resolve(value)))),
                None => "object".to_owned(),
            },
            other => other.to_owned(),
        }
    }
}

/// The schema of a map's values, when the object is a map (`additionalProperties` is a schema).
fn map_values(node: &Value) -> Option<&Value> {
    node.get("additionalProperties")
        .filter(|value| value.is_object())
}

/// The branches of an `anyOf` or `oneOf`.
fn union(node: &Value) -> &[Value] {
    ["anyOf", "oneOf"]
        .iter()
        .find_map(|keyword| node.get(*keyword).and_then(Value::as_array))
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn is_null(node: &Value) -> bool {
    node.get("type").and_then(Value::as_str) == Some("null")
}

/// The values a schema lists: `enum`, `const`, or a union of `const`s.
fn allowed_values(node: &Value) -> Option<Vec<&Value>> {
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return Some(values.iter().filter(|value| !value.is_null()).collect());
    }
    if let Some(value) = node.get("const") {
        return Some(vec![value]);
    }
    let branches = union(node);
    if branches.is_empty() {
        return None;
    }
    branches
        .iter()
        .filter(|branch| !is_null(branch))
        .map(|branch| branch.get("const"))
        .collect()
}

/// The key standing for every entry of the map at `path`: `<NAME>` for environment variables,
/// whose names are upper case by convention, `<name>` otherwise.
fn placeholder(path: &str) -> &'static str {
    if path == "environment" {
        "<NAME>"
    } else {
        "<name>"
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A default as JSON in a code span; null (nothing) as a dash.
fn value_text(value: &Value) -> String {
    if value.is_null() {
        "—".to_owned()
    } else {
        format!("`{value}`")
    }
}

/// "a", "a or b", "a, b or c".
fn or_list(items: Vec<String>) -> String {
    match items.split_last() {
        None => "nothing".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// "strings" for "string", "ports 1–65535" for "port 1–65535"; lists of values stay as they are.
fn plural(kind: &str) -> String {
    let (first, rest) = kind.split_once(' ').unwrap_or((kind, ""));
    if kind == "any value" {
        return "any values".to_owned();
    }
    if kind.contains(" or ") || !first.chars().all(|c| c.is_ascii_alphabetic()) {
        return kind.to_owned();
    }
    let first = if first.ends_with('s') {
        first.to_owned()
    } else {
        format!("{first}s")
    };
    if rest.is_empty() {
        first
    } else {
        format!("{first} {rest}")
    }
}

/// `PortBinding` → "port binding".
fn words(name: &str) -> String {
    let mut text = String::new();
    for (index, c) in name.char_indices() {
        if c.is_uppercase() && index > 0 {
            text.push(' ');
        }
        text.extend(c.to_lowercase());
    }
    text
}

/// A table cell: one line, with `|` escaped (GitHub's tables need it escaped even in code spans).
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::render;

    fn rows(schema: serde_json::Value) -> Vec<String> {
        render(&schema).lines().skip(2).map(str::to_owned).collect()
    }

    #[test]
    fn marks_required_keys_and_leaves_null_out_of_option_keys() {
        let schema = json!({
            "type": "object",
            "properties": {
                "project": { "$ref": "#/$defs/Project", "description": "The project." }
            },
            "required": ["project"],
            "$defs": {
                "Project": {
                    "type": "object",
                    "properties": {
                        "name": { "description": "Its name.", "type": "string" },
                        "hostname": {
                            "description": "Its host | name.",
                            "type": ["string", "null"]
                        },
                        "path": { "description": "Where.", "type": "string", "default": "/w" }
                    },
                    "required": ["name"]
                }
            }
        });
        assert_eq!(
            rows(schema),
            [
                "| `project.name` | string | required | Its name. |",
                "| `project.hostname` | string | — | Its host \\| name. |",
                "| `project.path` | string | `\"/w\"` | Where. |",
            ]
        );
    }

    #[test]
    fn spells_out_enums_bounds_maps_and_arrays() {
        let schema = json!({
            "type": "object",
            "properties": {
                "provider": {
                    "description": "What runs it.",
                    "$ref": "#/$defs/Kind",
                    "default": "docker"
                },
                "memory": { "description": "MiB.", "type": "integer", "minimum": 512 },
                "ports": {
                    "description": "Published ports, by name.",
                    "type": "object",
                    "additionalProperties": { "$ref": "#/$defs/Port" },
                    "default": {}
                },
                "environment": {
                    "description": "Variables.",
                    "type": "object",
                    "additionalProperties": { "type": "string" }
                },
                "packages": {
                    "description": "Packages.",
                    "type": "array",
                    "items": { "type": "string" },
                    "default": []
                },
                "redis": {
                    "description": "Redis.",
                    "anyOf": [{ "$ref": "#/$defs/Service" }, { "type": "null" }]
                }
            },
            "$defs": {
                "Kind": {
                    "oneOf": [
                        { "type": "string", "const": "docker" },
                        { "type": "string", "const": "vagrant" }
                    ]
                },
                "Port": { "description": "A port.", "type": "integer", "minimum": 1, "maximum": 65535 },
                "Service": {
                    "type": "object",
                    "properties": {
                        "enabled": { "description": "On.", "type": "boolean", "default": false },
                        "port": {
                            "description": "Its port.",
                            "anyOf": [{ "$ref": "#/$defs/Port" }, { "type": "null" }]
                        }
                    }
                }
            }
        });
        assert_eq!(
            rows(schema),
            [
                "| `provider` | `\"docker\"` or `\"vagrant\"` | `\"docker\"` | What runs it. |",
                "| `memory` | integer ≥ 512 | — | MiB. |",
                "| `ports.<name>` | port 1–65535 | — | Published ports, by name. |",
                "| `environment.<NAME>` | string | — | Variables. |",
                "| `packages` | array of strings | `[]` | Packages. |",
                "| `redis.enabled` | boolean | `false` | On. |",
                "| `redis.port` | port 1–65535 | — | Its port. |",
            ]
        );
    }

    #[test]
    fn defaults_of_an_object_reach_its_keys() {
        let schema = json!({
            "type": "object",
            "properties": {
                "vm": {
                    "type": "object",
                    "properties": { "cpus": { "description": "Cores.", "type": "integer" } },
                    "default": { "cpus": 2 }
                }
            }
        });
        assert_eq!(rows(schema), ["| `vm.cpus` | integer | `2` | Cores. |"]);
    }

    #[test]
    fn the_reference_of_vm_json_has_a_row_for_every_top_level_key() {
        let reference = super::reference_markdown();
        for key in [
            "$schema",
            "provider",
            "project.",
            "vm.",
            "versions.",
            "ports.",
            "services.",
            "apt_packages",
            "npm_packages",
            "pip_packages",
            "cargo_packages",
            "aliases.",
            "environment.",
            "terminal.",
            "claude_sync",
            "gemini_sync",
            "persist_databases",
        ] {
            assert!(
                reference.contains(&format!("| `{key}")),
                "no row for {key:?} in:\n{reference}"
            );
        }
        for row in [
            "| `project.name` | string | required |",
            "| `vm.memory` | integer ≥ 512 | `2048` |",
            "| `ports.<name>` | port 1–65535 | — |",
            "| `environment.<NAME>` | string | — |",
            "| `services.postgresql.port` | port 1–65535 | — |",
            "| `apt_packages` | array of strings | `[]` |",
        ] {
            assert!(reference.contains(row), "no {row:?} in:\n{reference}");
        }
    }
}
