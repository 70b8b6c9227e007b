//! `vm`: one declarative `vm.json` → a reproducible development machine, planned and applied like Terraform.

pub mod apply;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod error;
pub mod graph;
pub mod host_user;
pub mod plan;
pub mod provider;
pub mod provision;
pub mod workspace;
