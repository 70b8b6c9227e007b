/// What the command line itself refuses: a change nobody approved, a shell without a terminal.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CliError {
    #[error("vm {command} {does} and needs a confirmation, but there is no terminal to ask on")]
    #[diagnostic(
        code(vm::confirmation_required),
        help("run it on a terminal, or pass --yes to approve the plan shown above")
    )]
    ConfirmationRequired {
        command: &'static str,
        does: &'static str,
    },

    #[error("vm {command} cancelled: nothing was changed")]
    #[diagnostic(code(vm::cancelled))]
    Cancelled { command: &'static str },

    #[error("vm {command} needs a terminal, and standard input is not one")]
    #[diagnostic(
        code(vm::no_terminal),
        help("to run one command without a terminal, use `vm exec -- COMMAND ARGS...`")
    )]
    NoTerminal { command: &'static str },

    #[error("there is no suite `{name}`")]
    #[diagnostic(code(vm::unknown_suite), help("the suites are: {known}"))]
    UnknownSuite { name: String, known: String },

    #[error("could not make the artifacts directory {}", path.display())]
    #[diagnostic(code(vm::artifacts_dir))]
    ArtifactsDir {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}
