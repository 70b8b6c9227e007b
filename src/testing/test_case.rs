use std::fmt;
use std::sync::Arc;

use super::{Requirement, TestContext, TestResult};

/// A test's body: it gets its own context (directory, log, machines) and says whether it passed.
pub type TestBody = Arc<dyn Fn(&mut TestContext) -> TestResult + Send + Sync>;

/// One test of a suite.
#[derive(Clone)]
pub struct TestCase {
    pub suite: String,
    pub name: String,
    pub needs: Requirement,
    /// Runs with no other test at once: it cannot share the machine it runs on.
    pub runs_alone: bool,
    pub body: TestBody,
}

impl TestCase {
    pub fn new(
        suite: &str,
        name: &str,
        needs: Requirement,
        body: impl Fn(&mut TestContext) -> TestResult + Send + Sync + 'static,
    ) -> TestCase {
        TestCase {
            suite: suite.to_owned(),
            name: name.to_owned(),
            needs,
            runs_alone: false,
            body: Arc::new(body),
        }
    }

    /// The same test, run with no other beside it.
    pub fn alone(mut self) -> TestCase {
        self.runs_alone = true;
        self
    }

    /// `suite::name`, as reports show it.
    pub fn id(&self) -> String {
        format!("{}::{}", self.suite, self.name)
    }
}

impl fmt::Debug for TestCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestCase")
            .field("id", &self.id())
            .field("needs", &self.needs)
            .finish_non_exhaustive()
    }
}
