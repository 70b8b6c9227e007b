use std::fmt;

/// Why a test failed, in words for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFailure {
    pub message: String,
}

/// What a test's body returns; `?` turns any failure on the way into the test's failure.
pub type TestResult = Result<(), TestFailure>;

impl TestFailure {
    pub fn new(message: impl Into<String>) -> TestFailure {
        TestFailure {
            message: message.into(),
        }
    }
}

impl fmt::Display for TestFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// An error of vm's own (a failed apply, a bad vm.json) fails the test with its full diagnostic.
impl From<crate::error::Error> for TestFailure {
    fn from(error: crate::error::Error) -> TestFailure {
        TestFailure::new(format!("{:?}", miette::Report::new(error)))
    }
}

impl From<std::io::Error> for TestFailure {
    fn from(error: std::io::Error) -> TestFailure {
        TestFailure::new(format!("I/O error: {error}"))
    }
}

/// Fails with `message` unless `condition` holds.
pub fn ensure(condition: bool, message: impl FnOnce() -> String) -> TestResult {
    if condition {
        Ok(())
    } else {
        Err(TestFailure::new(message()))
    }
}

/// Fails unless `actual == expected`, showing both under the name of what was compared.
pub fn ensure_eq<T: PartialEq + fmt::Debug>(what: &str, actual: T, expected: T) -> TestResult {
    ensure(actual == expected, || {
        format!("{what}:\n  expected: {expected:?}\n    actual: {actual:?}")
    })
}

/// Fails unless `text` contains every one of `needles`, naming those missing and showing the text.
pub fn ensure_contains(what: &str, text: &str, needles: &[&str]) -> TestResult {
    let missing: Vec<&&str> = needles
        .iter()
        .filter(|needle| !text.contains(**needle))
        .collect();
    ensure(missing.is_empty(), || {
        format!("{what} lacks {missing:?}:\n{text}")
    })
}
