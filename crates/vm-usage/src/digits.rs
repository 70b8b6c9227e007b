//! Numbers for people: thousands separators, dollars and cents.

use crate::cost::Cost;

/// `1234567` as `1,234,567`.
pub fn with_separators(value: u128) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A cost as `$1,234.57`.
pub fn dollars(cost: Cost) -> String {
    let cents = cost.cents();
    format!("${}.{:02}", with_separators(cents / 100), cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (1_234_567, "1,234,567"),
            (100_000, "100,000"),
        ];
        for (value, text) in cases {
            assert_eq!(with_separators(value), text);
        }
        assert_eq!(dollars(Cost(1_234_565_000_000_000)), "$1,234.57");
        assert_eq!(dollars(Cost(0)), "$0.00");
    }
}
