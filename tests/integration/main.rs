//! Every integration test in one binary: one link, one set of helpers. The command line, diagnostics, the planner,
//! golden plans and saved plans, `vm usage` through the binary, and the real Docker engine end to end.

mod common;

mod apply_progress_e2e;
mod bad_input;
mod cli;
mod config_diagnostics;
mod config_fuzz;
mod config_properties;
mod database_restore_e2e;
mod docker_e2e;
mod engine_api_e2e;
mod engine_apply;
mod error_output;
mod fake_provider;
mod first_week_e2e;
mod forward;
mod golden_plans;
mod hostile_values_e2e;
mod interrupt_e2e;
mod nvm_e2e;
mod plan_calls_e2e;
mod plan_file;
mod planner;
mod project_lock;
mod provision_e2e;
mod provisioning_e2e;
mod prune_e2e;
mod prune_plan;
mod readme_reference;
mod remote_engine_e2e;
mod schema_is_fresh;
mod usage_cli;
mod vagrant_e2e;
mod vagrant_plans;
mod version_and_completions;
mod vm_test;
