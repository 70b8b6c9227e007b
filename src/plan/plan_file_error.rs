use std::io;
use std::path::PathBuf;

/// Saving a plan with `vm plan --out`, and carrying one out with `vm apply FILE`.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum PlanFileError {
    #[error("could not {action} {}", path.display())]
    #[diagnostic(code(vm::io))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("{} is not a plan file this vm can apply: {detail}", path.display())]
    #[diagnostic(
        code(vm::plan_file_invalid),
        help("nothing was changed; save a plan with `vm plan --out {}`, then apply it with `vm apply {}`", resave.display(), resave.display())
    )]
    PlanFileInvalid {
        path: PathBuf,
        detail: String,
        /// Where the hint saves a plan: never the configuration, nor this file (`vm plan --out` would refuse it).
        resave: PathBuf,
    },

    #[error("the saved plan {} is out of date: {why}", path.display())]
    #[diagnostic(
        code(vm::plan_file_stale),
        help("nothing was changed; run `{replan} --out {}` again, review the plan, then `vm apply {}`", resave.display(), resave.display())
    )]
    PlanFileStale {
        path: PathBuf,
        why: String,
        replan: &'static str,
        /// Where the hint saves the plan again: this file, unless it is the configuration.
        resave: PathBuf,
    },

    #[error("the saved plan {} was made from {}, not {}", path.display(), recorded.display(), given.display())]
    #[diagnostic(
        code(vm::plan_file_other_config),
        help("a saved plan applies to the vm.json it was made from: run `vm apply {}` without -c, or save a plan from {} with `vm -c {} plan --out FILE`", path.display(), given.display(), given.display())
    )]
    PlanFileForOtherConfig {
        path: PathBuf,
        recorded: PathBuf,
        given: PathBuf,
    },

    #[error("{} is the configuration the plan is made from: vm plan --out will not overwrite it", path.display())]
    #[diagnostic(
        code(vm::plan_out_is_config),
        help("nothing was written; save the plan to another file, e.g. `{replan} --out {}`", suggestion.display())
    )]
    PlanOutIsConfig {
        path: PathBuf,
        replan: &'static str,
        suggestion: PathBuf,
    },

    #[error("{} exists and is not a saved plan, so vm plan --out will not overwrite it: {detail}", path.display())]
    #[diagnostic(
        code(vm::plan_out_not_a_plan),
        help("nothing was written; --out replaces only a plan saved earlier: move the file away, or save the plan to another file, e.g. `{replan} --out {}`", suggestion.display())
    )]
    PlanOutNotAPlan {
        path: PathBuf,
        detail: String,
        replan: &'static str,
        suggestion: PathBuf,
    },
}
