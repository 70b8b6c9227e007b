//! `--since` / `--until`: the days a report covers.

use jiff::civil::Date;

/// Inclusive bounds on the day (in the report's time zone) of each response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub since: Option<Date>,
    pub until: Option<Date>,
}

impl DateRange {
    /// Whether `date` is within the bounds.
    pub fn contains(&self, date: Date) -> bool {
        self.since.is_none_or(|since| date >= since) && self.until.is_none_or(|until| date <= until)
    }

    /// Whether any bound is set.
    pub fn is_bounded(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }
}

/// Parses a date given as `YYYY-MM-DD` or `YYYYMMDD` (ccusage's form).
pub fn parse_date(text: &str) -> Result<Date, String> {
    let dashed = match text.len() {
        8 if text.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..])
        }
        _ => text.to_owned(),
    };
    dashed
        .parse::<Date>()
        .map_err(|_| format!("`{text}` is not a date: expected YYYY-MM-DD or YYYYMMDD"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn bounds_are_inclusive() {
        let range = DateRange {
            since: Some(date(2026, 1, 2)),
            until: Some(date(2026, 1, 3)),
        };
        let inside: Vec<bool> = [1, 2, 3, 4]
            .map(|day| range.contains(date(2026, 1, day)))
            .to_vec();
        assert_eq!(inside, vec![false, true, true, false]);
        assert!(DateRange::default().contains(date(1999, 1, 1)));
    }

    #[test]
    fn date_forms() {
        assert_eq!(parse_date("2026-01-02"), Ok(date(2026, 1, 2)));
        assert_eq!(parse_date("20260102"), Ok(date(2026, 1, 2)));
        assert_eq!(
            parse_date("2026-13-01"),
            Err("`2026-13-01` is not a date: expected YYYY-MM-DD or YYYYMMDD".to_owned())
        );
    }
}
