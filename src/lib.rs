//! `vm`: one declarative `vm.json` → a reproducible development machine, planned and applied like Terraform.
//!
//! The data flows one way, a module per stage:
//!
//! ```text
//! vm.json ──config::load──▶ Config ──graph::compile──▶ ResourceGraph
//!         ──Providers::observe──▶ state::Observed ──plan::plan──▶ Plan ──render──▶ text / JSON
//!         ──apply (each change through its kind's provider::Provider)──▶ the converged machine
//! ```
//!
//! [`engine::Project`] runs that pipeline for one project and returns plain data; [`cli`] parses arguments and
//! renders what the engine returns; [`error::Error`] groups every failure by its stage. What runs inside the
//! machine comes from one table, [`catalog`], turned into build steps by [`provision`]. [`image_cache`] tells vm's
//! images on an engine apart, for `vm prune` and `vm destroy --images`.

pub mod apply;
pub mod atomic_file;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod docker_engine;
pub mod engine;
pub mod error;
pub mod error_report_handler;
pub mod graph;
pub mod host_user;
pub mod image_cache;
pub mod interrupt;
pub mod network;
pub mod plan;
pub mod provider;
pub mod provision;
pub mod shell_word;
pub mod state;
pub mod testing;
pub mod workspace_sync;
