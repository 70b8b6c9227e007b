use std::fmt;

use serde::Serialize;

/// Which way a transfer goes: `vm push` from the project directory to the machine, `vm pull` back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Push,
    Pull,
}

impl Direction {
    /// The command that carries changes the other way.
    pub fn opposite_command(self) -> &'static str {
        match self {
            Direction::Push => "vm pull",
            Direction::Pull => "vm push",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Push => "Push",
            Direction::Pull => "Pull",
        })
    }
}
