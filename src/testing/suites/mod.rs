//! The suites `vm test` runs, in the order it runs them.

mod cli;
mod framework;
mod languages;
mod lifecycle;
mod minimal;
mod services;

use super::Suite;

/// Every suite, cheapest first.
pub const ALL: &[Suite] = &[
    framework::SUITE,
    cli::SUITE,
    minimal::SUITE,
    services::SUITE,
    languages::SUITE,
    lifecycle::SUITE,
];

/// The suite called `name`.
pub fn find(name: &str) -> Option<Suite> {
    ALL.iter().copied().find(|suite| suite.name == name)
}
