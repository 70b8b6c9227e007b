use std::fmt;

/// What a provider tells while it carries out one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepProgress<'a> {
    /// It starts a part of the change that may take a while.
    Doing(Activity),
    /// One line of a tool's own output (Docker's, Vagrant's): for the apply's log, not for the screen.
    Output(&'a str),
}

impl StepProgress<'_> {
    /// `Doing` an activity without a place among stages.
    pub fn doing(what: impl Into<String>) -> StepProgress<'static> {
        StepProgress::Doing(Activity {
            what: what.into(),
            stage: None,
        })
    }
}

/// A part of a change, in the user's words (`installing Node.js 22`), with its place where it is one of several
/// stages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub what: String,
    pub stage: Option<StagePlace>,
}

/// `stage 2 of 5`: counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StagePlace {
    pub number: usize,
    pub count: usize,
}

impl fmt::Display for Activity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.stage {
            Some(StagePlace { number, count }) => {
                write!(f, "stage {number} of {count}: {}", self.what)
            }
            None => f.write_str(&self.what),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_says_its_place_before_what_it_does() {
        let activity = Activity {
            what: "installing 1 apt package: sl".to_owned(),
            stage: Some(StagePlace {
                number: 2,
                count: 5,
            }),
        };
        assert_eq!(
            activity.to_string(),
            "stage 2 of 5: installing 1 apt package: sl"
        );
        let StepProgress::Doing(waiting) = StepProgress::doing("waiting for redis") else {
            unreachable!()
        };
        assert_eq!(waiting.to_string(), "waiting for redis");
    }
}
