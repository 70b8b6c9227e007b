//! Sums of tokens and cost for a row of a report.

use crate::cost::Cost;
use crate::tokens::Tokens;

/// Tokens and cost of a set of responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UsageTotals {
    pub tokens: Tokens,
    /// Cost of the responses whose model has a price.
    pub cost: Cost,
    pub responses: u64,
    /// Responses whose model has no price: their cost is unknown, never counted as zero.
    pub unpriced_responses: u64,
}

impl UsageTotals {
    /// Adds one response; `cost` is `None` when its model has no price.
    pub fn add(&mut self, tokens: &Tokens, cost: Option<Cost>) {
        self.tokens += *tokens;
        self.responses += 1;
        match cost {
            Some(cost) => self.cost += cost,
            None => self.unpriced_responses += 1,
        }
    }

    /// Adds another sum.
    pub fn absorb(&mut self, other: &UsageTotals) {
        self.tokens += other.tokens;
        self.cost += other.cost;
        self.responses += other.responses;
        self.unpriced_responses += other.unpriced_responses;
    }

    /// Whether every response has a price.
    pub fn cost_is_complete(&self) -> bool {
        self.unpriced_responses == 0
    }

    /// Whether no response has a price.
    pub fn cost_is_unknown(&self) -> bool {
        self.responses > 0 && self.unpriced_responses == self.responses
    }
}
