//! The price of each kind of token for one model.

use serde::Deserialize;

use crate::cost::Cost;
use crate::tokens::Tokens;

/// Of each kind of token in a response, those past this many are billed at a model's
/// long-context rates (as ccusage prices them; see [`ModelRates::cost`]).
pub const LONG_CONTEXT_THRESHOLD: u64 = 200_000;

/// Prices in USD per million tokens, as written in a price file.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatesPerMillion {
    pub input: f64,
    pub output: f64,
    pub cache_write_5m: f64,
    pub cache_write_1h: f64,
    pub cache_read: f64,
}

/// Prices in picodollars per token, so that a cost is an exact integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRates {
    pub input: u128,
    pub output: u128,
    pub cache_write_5m: u128,
    pub cache_write_1h: u128,
    pub cache_read: u128,
}

/// A model's prices: base rates, and optionally the rates of tokens past 200k of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelRates {
    pub base: TokenRates,
    pub above_200k: Option<TokenRates>,
}

impl TokenRates {
    /// Converts USD per million tokens (one picodollar per token is 10⁻⁶ USD per million);
    /// `None` for a negative or non-finite price.
    pub fn from_per_million(rates: &RatesPerMillion) -> Option<TokenRates> {
        let pico = |usd_per_million: f64| {
            let value = (usd_per_million * 1e6).round();
            (value.is_finite() && value >= 0.0).then_some(value as u128)
        };
        Some(TokenRates {
            input: pico(rates.input)?,
            output: pico(rates.output)?,
            cache_write_5m: pico(rates.cache_write_5m)?,
            cache_write_1h: pico(rates.cache_write_1h)?,
            cache_read: pico(rates.cache_read)?,
        })
    }

    /// The rates of the kinds of token, in the order of [`Tokens::by_kind`].
    fn by_kind(&self) -> [u128; 5] {
        [
            self.input,
            self.output,
            self.cache_write_5m,
            self.cache_write_1h,
            self.cache_read,
        ]
    }
}

impl ModelRates {
    /// The cost of one response. With long-context rates, each kind of token (input, output,
    /// 5-minute write, 1-hour write, cache read) pays them only for its own tokens past
    /// [`LONG_CONTEXT_THRESHOLD`], as ccusage prices; Anthropic instead bills every token of a
    /// request at those rates once its prompt exceeds 200k tokens.
    pub fn cost(&self, tokens: &Tokens) -> Cost {
        let counts = tokens.by_kind();
        let base = self.base.by_kind();
        let mut cost = Cost::default();
        match self.above_200k {
            None => {
                for (count, rate) in counts.into_iter().zip(base) {
                    cost += Cost::of(count, rate);
                }
            }
            Some(long) => {
                for ((count, rate), long_rate) in counts.into_iter().zip(base).zip(long.by_kind()) {
                    let short = count.min(LONG_CONTEXT_THRESHOLD);
                    cost += Cost::of(short, rate);
                    cost += Cost::of(count - short, long_rate);
                }
            }
        }
        cost
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates(input: f64, output: f64, w5: f64, w1: f64, read: f64) -> TokenRates {
        let per_million = RatesPerMillion {
            input,
            output,
            cache_write_5m: w5,
            cache_write_1h: w1,
            cache_read: read,
        };
        TokenRates::from_per_million(&per_million).unwrap()
    }

    #[test]
    fn five_minute_and_one_hour_writes_are_priced_apart() {
        let sonnet = ModelRates {
            base: rates(3.0, 15.0, 3.75, 6.0, 0.30),
            above_200k: None,
        };
        let tokens = Tokens {
            input: 10,
            output: 100,
            cache_write: 1_000,
            cache_write_1h: 400,
            cache_read: 10_000,
        };
        // 10*3 + 100*15 + 600*3.75 + 400*6 + 10000*0.3 = 30 + 1500 + 2250 + 2400 + 3000 = 9180 µ$
        assert_eq!(sonnet.cost(&tokens), Cost(9_180_000_000));
    }

    #[test]
    fn long_context_rates_apply_to_the_tokens_of_each_kind_past_200k() {
        let model = ModelRates {
            base: rates(3.0, 15.0, 3.75, 6.0, 0.3),
            above_200k: Some(rates(6.0, 22.5, 7.5, 12.0, 0.6)),
        };
        let at_limit = Tokens {
            input: 200_000,
            output: 1,
            cache_write: 200_000,
            cache_write_1h: 100_000,
            cache_read: 200_000,
        };
        // a 600k prompt, yet no kind past 200k: base rates only
        assert_eq!(
            model.cost(&at_limit),
            Cost(
                200_000 * 3_000_000
                    + 15_000_000
                    + 100_000 * 3_750_000
                    + 100_000 * 6_000_000
                    + 200_000 * 300_000
            )
        );
        let over = Tokens {
            input: 200_001,
            output: 250_000,
            cache_write: 0,
            cache_write_1h: 0,
            cache_read: 10,
        };
        assert_eq!(
            model.cost(&over),
            Cost(
                200_000 * 3_000_000
                    + 6_000_000
                    + 200_000 * 15_000_000
                    + 50_000 * 22_500_000
                    + 10 * 300_000
            )
        );
        let flat = ModelRates {
            above_200k: None,
            ..model
        };
        assert_eq!(
            flat.cost(&over),
            Cost(200_001 * 3_000_000 + 250_000 * 15_000_000 + 3_000_000)
        );
    }

    #[test]
    fn absurd_counts_and_prices_saturate() {
        let huge = ModelRates {
            base: TokenRates {
                input: u128::MAX,
                output: u128::MAX,
                cache_write_5m: 1,
                cache_write_1h: 1,
                cache_read: 1,
            },
            above_200k: None,
        };
        let tokens = Tokens {
            input: u64::MAX,
            output: u64::MAX,
            ..Tokens::default()
        };
        assert_eq!(huge.cost(&tokens), Cost(u128::MAX));
    }

    #[test]
    fn negative_prices_are_refused() {
        let bad = RatesPerMillion {
            input: -1.0,
            output: 1.0,
            cache_write_5m: 1.0,
            cache_write_1h: 1.0,
            cache_read: 1.0,
        };
        assert_eq!(TokenRates::from_per_million(&bad), None);
    }
}
