/// A signal stopped an apply or a destroy: between two steps, or in the step that was running.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("vm {command} was interrupted: what was done stays done")]
#[diagnostic(
    code(vm::interrupted),
    help("run `vm {command}` again: its plan shows what is left")
)]
pub struct ApplyInterrupted {
    pub command: &'static str,
}
