//! How a table looks in a terminal: bold header and totals, unknown costs in yellow.

use anstyle::{AnsiColor, Color, Style};

/// The styles of the parts of a table that stand out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableStyle {
    /// The row of column names.
    pub header: Style,
    /// The `Total` row.
    pub total: Style,
    /// `cost unknown`, the `unknown` of `$1.23 + unknown`, and the note on models without a price.
    pub unknown: Style,
}

impl TableStyle {
    /// No escape codes at all.
    pub const PLAIN: TableStyle = TableStyle {
        header: Style::new(),
        total: Style::new(),
        unknown: Style::new(),
    };

    /// For a terminal. Written through `anstream`, which drops the codes when stdout is not a
    /// terminal or `NO_COLOR` is set, so that the text is then [`TableStyle::PLAIN`]'s.
    pub const TERMINAL: TableStyle = TableStyle {
        header: Style::new().bold(),
        total: Style::new().bold(),
        unknown: Style::new().fg_color(Some(Color::Ansi(AnsiColor::Yellow))),
    };
}
