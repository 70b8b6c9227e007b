use super::{Requirement, TestCase};

/// A named group of tests that `vm test --suite NAME` selects.
#[derive(Debug, Clone, Copy)]
pub struct Suite {
    pub name: &'static str,
    /// One line, for `vm test --list`.
    pub description: &'static str,
    pub tests: fn() -> Vec<TestCase>,
}

impl Suite {
    /// What its tests need, each requirement once, in order; `[Nothing]` when they need nothing.
    pub fn needs(&self) -> Vec<Requirement> {
        let mut needs: Vec<Requirement> = (self.tests)()
            .iter()
            .map(|test| test.needs)
            .filter(|needs| *needs != Requirement::Nothing)
            .collect();
        needs.sort();
        needs.dedup();
        if needs.is_empty() {
            needs.push(Requirement::Nothing);
        }
        needs
    }
}
