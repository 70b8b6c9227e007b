//! Money, exactly: sums of picodollars.

use std::ops::AddAssign;

/// A cost in picodollars (10⁻¹² USD). Prices are whole picodollars per token, so sums are exact
/// and do not depend on the order of addition. Arithmetic saturates: absurd token counts or
/// prices give a huge cost, never a panic or a wrapped sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cost(pub u128);

impl Cost {
    pub const PICO_PER_USD: u128 = 1_000_000_000_000;

    /// The cost of `tokens` tokens at `rate` picodollars each.
    pub fn of(tokens: u64, rate: u128) -> Cost {
        Cost(u128::from(tokens).saturating_mul(rate))
    }

    /// The cost in US dollars, as the nearest `f64`.
    pub fn usd(self) -> f64 {
        let whole = self.0 / Self::PICO_PER_USD;
        let fraction = self.0 % Self::PICO_PER_USD;
        whole as f64 + fraction as f64 / Self::PICO_PER_USD as f64
    }

    /// The cost rounded to whole cents (half up).
    pub fn cents(self) -> u128 {
        self.0.saturating_add(Self::PICO_PER_USD / 200) / (Self::PICO_PER_USD / 100)
    }
}

impl AddAssign for Cost {
    fn add_assign(&mut self, other: Cost) {
        self.0 = self.0.saturating_add(other.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_and_cents() {
        let cost = Cost(205_691_019_600_000);
        assert_eq!(cost.usd(), 205.6910196);
        assert_eq!(cost.cents(), 20569);
        assert_eq!(Cost(4_999_999_999).cents(), 0);
        assert_eq!(Cost(5_000_000_000).cents(), 1);
    }

    #[test]
    fn sums_saturate() {
        let mut cost = Cost(u128::MAX - 1);
        cost += Cost(5);
        assert_eq!(cost, Cost(u128::MAX));
        assert_eq!(cost.cents(), u128::MAX / 10_000_000_000);
        assert_eq!(Cost::of(u64::MAX, u128::MAX), Cost(u128::MAX));
    }
}
