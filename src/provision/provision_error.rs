/// Input that no script can carry safely. Quoting makes every other value inert, so these are the only refusals.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[diagnostic(
    code(vm::unprovisionable),
    help("change that value in vm.json: nothing was observed or changed")
)]
pub enum ProvisionError {
    #[error("{what} contains a NUL byte, which no shell word can hold")]
    Nul { what: String },
    #[error("{what} `{value}` starts with `-`, so the installer would read it as an option")]
    OptionLike { what: String, value: String },
    #[error("{what} `{value}` is not a valid name: {rule}")]
    InvalidName {
        what: String,
        value: String,
        rule: &'static str,
    },
    #[error(
        "the environment value of `{name}` contains a control character, which a Dockerfile `ENV` cannot hold"
    )]
    ControlCharacter { name: String },
    #[error("`{name}` is not a {kind} vm knows")]
    Unknown { kind: &'static str, name: String },
    #[error("the time zone `{0}` is not a zone name (like `Europe/London`)")]
    Timezone(String),
    #[error("project.backup_pattern `{pattern}` cannot be used: {why}")]
    BackupPattern { pattern: String, why: String },
}
