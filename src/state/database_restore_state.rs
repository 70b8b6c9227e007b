use serde::{Deserialize, Serialize};

use super::{AttributeName, Fields};

/// A backup restored into a service's database, as vm records it in the service's data: the record lives and dies
/// with that data, so a kept volume remembers its restore and a fresh database has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseRestoreState {
    /// The database restored into: the record of another database says nothing about this one.
    pub database: String,
    pub database_user: String,
    /// The backup, relative to the project directory.
    pub source: String,
    pub size_bytes: u64,
    /// Its modification time, `YYYY-MM-DD hh:mm:ss UTC`: with the size, what tells one backup from a newer one
    /// without reading a file that may be gigabytes at every plan.
    pub modified: String,
    pub outcome: RestoreOutcome,
}

/// What the restore did. vm restores only into an empty database: one that held data keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RestoreOutcome {
    Restored,
    /// The database held tables already, so nothing was restored over them.
    HeldData,
}

impl RestoreOutcome {
    /// The word the machine records it by.
    pub fn as_str(self) -> &'static str {
        match self {
            RestoreOutcome::Restored => "restored",
            RestoreOutcome::HeldData => "held-data",
        }
    }

    pub fn parse(word: &str) -> Option<RestoreOutcome> {
        [RestoreOutcome::Restored, RestoreOutcome::HeldData]
            .into_iter()
            .find(|outcome| outcome.as_str() == word)
    }
}

impl DatabaseRestoreState {
    pub fn fields(&self) -> Fields {
        Fields::from([
            (AttributeName::Database, self.database.clone()),
            (AttributeName::DatabaseUser, self.database_user.clone()),
            (AttributeName::Source, self.source.clone()),
            (AttributeName::Size, format!("{} bytes", self.size_bytes)),
            (AttributeName::Modified, self.modified.clone()),
            (
                AttributeName::State,
                match self.outcome {
                    RestoreOutcome::Restored => "restored".to_owned(),
                    RestoreOutcome::HeldData => {
                        "not restored: the database held data already".to_owned()
                    }
                },
            ),
        ])
    }
}
