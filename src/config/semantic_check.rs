use std::collections::HashMap;

use super::config_path::ConfigPath;
use super::source_map::SourceMap;
use super::value_rules::value_rules;
use super::{Config, ConfigDiagnostic, Port};

/// The second layer of validation: what the schema cannot say, on a config that satisfies it.
/// A published port and a service may share a number (the service is what gets published); two
/// published ports, or two enabled services, may not.
pub(crate) fn semantic_check(config: &Config, source_map: &SourceMap) -> Vec<ConfigDiagnostic> {
    let mut diagnostics = Vec::new();

    let published = config.ports.iter().map(|(name, port)| {
        (
            *port,
            ConfigPath::default().join("ports").join(name.as_str()),
        )
    });
    clashes(
        published,
        source_map,
        &mut diagnostics,
        |port, first, again| {
            ConfigDiagnostic::new(
                "port_published_twice",
                format!("port {port} is published twice"),
                source_map.value(again),
                format!(
                    "`{}` publishes {port} again",
                    again.last().unwrap_or_default()
                ),
                "each entry of `ports` needs its own port number".to_owned(),
            )
            .with_label(
                source_map.value(first),
                format!("`{}` publishes it first", first.last().unwrap_or_default()),
            )
        },
    );

    let services = enabled_service_ports(config);
    clashes(
        services,
        source_map,
        &mut diagnostics,
        |port, first, again| {
            let service = |path: &ConfigPath| path.segments()[1].clone();
            ConfigDiagnostic::new(
                "service_port_clash",
                format!(
                    "services `{}` and `{}` both listen on port {port}",
                    service(first),
                    service(again)
                ),
                source_map.value(again),
                format!("`{}` listens on {port}", service(again)),
                "give each enabled service its own `port`".to_owned(),
            )
            .with_label(
                source_map.value(first),
                format!("`{}` listens on {port} already", service(first)),
            )
        },
    );

    diagnostics.extend(value_rules(config, source_map));
    diagnostics
}

/// The explicit port of each enabled service that has one, by path of the `port` value.
fn enabled_service_ports(config: &Config) -> Vec<(Port, ConfigPath)> {
    let services = &config.services;
    let databases = [
        ("postgresql", &services.postgresql),
        ("mysql", &services.mysql),
        ("mongodb", &services.mongodb),
    ]
    .into_iter()
    .filter_map(|(name, service)| {
        let service = service.as_ref().filter(|service| service.enabled)?;
        Some((name, service.port?))
    });
    let redis = services
        .redis
        .as_ref()
        .filter(|service| service.enabled)
        .and_then(|service| Some(("redis", service.port?)));
    databases
        .chain(redis)
        .map(|(name, port)| {
            let path = ConfigPath::default()
                .join("services")
                .join(name)
                .join("port");
            (port, path)
        })
        .collect()
}

/// Calls `clash` for each value whose port an earlier value (in file order) already has.
fn clashes(
    values: impl IntoIterator<Item = (Port, ConfigPath)>,
    source_map: &SourceMap,
    diagnostics: &mut Vec<ConfigDiagnostic>,
    clash: impl Fn(Port, &ConfigPath, &ConfigPath) -> ConfigDiagnostic,
) {
    let mut values: Vec<(Port, ConfigPath)> = values.into_iter().collect();
    values.sort_by_key(|(_, path)| source_map.value(path).offset());
    let mut first_with: HashMap<Port, ConfigPath> = HashMap::new();
    for (port, path) in values {
        match first_with.get(&port) {
            Some(first) => diagnostics.push(clash(port, first, &path)),
            None => {
                first_with.insert(port, path);
            }
        }
    }
}
