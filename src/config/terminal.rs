use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The machine's shell prompt.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Terminal {
    /// Shown at the start of the prompt.
    #[serde(default = "default_emoji")]
    pub emoji: String,
    /// Shown as the user in the prompt.
    #[serde(default = "default_username")]
    pub username: String,
    /// The prompt's colours.
    #[serde(default)]
    pub theme: Theme,
    /// Show the current git branch.
    #[serde(default = "default_true")]
    pub show_git_branch: bool,
    /// Show the time.
    #[serde(default)]
    pub show_timestamp: bool,
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal {
            emoji: default_emoji(),
            username: default_username(),
            theme: Theme::default(),
            show_git_branch: true,
            show_timestamp: false,
        }
    }
}

fn default_emoji() -> String {
    "🚀".to_owned()
}

fn default_username() -> String {
    "dev".to_owned()
}

fn default_true() -> bool {
    true
}

impl Theme {
    /// Its name in vm.json (`gruvbox_dark`), from the one place the names are given: its serde attributes.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|name| name.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// A colour theme of the prompt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Dracula,
    GruvboxDark,
    SolarizedDark,
    Nord,
    Monokai,
    OneDark,
    CatppuccinMocha,
    TokyoNight,
}
