//! Prices per model: the table built into the binary, and overrides from a file.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model_rates::{ModelRates, RatesPerMillion, TokenRates};

/// The price table compiled in: `crates/vm-usage/prices.json`.
pub const EMBEDDED_PRICES: &str = include_str!("../prices.json");

/// Model name to prices.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PriceTable {
    models: BTreeMap<String, ModelRates>,
}

/// Why a price file was refused.
#[derive(Debug, thiserror::Error)]
pub enum PriceTableError {
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("model `{model}` has a negative or non-finite price")]
    InvalidPrice { model: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceFile {
    #[serde(default, rename = "version")]
    _version: Option<u32>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
    models: BTreeMap<String, PriceEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceEntry {
    input: f64,
    output: f64,
    cache_write_5m: f64,
    cache_write_1h: f64,
    cache_read: f64,
    #[serde(default)]
    above_200k: Option<RatesPerMillion>,
}

impl PriceTable {
    /// The built-in table.
    pub fn embedded() -> PriceTable {
        PriceTable::from_json(EMBEDDED_PRICES).expect("the embedded price table is valid")
    }

    /// Reads a table in the shape of `prices.json`: `{"models": {"NAME": {"input": USD per
    /// million tokens, "output", "cache_write_5m", "cache_write_1h", "cache_read",
    /// "above_200k"?: {same five}}}}`.
    pub fn from_json(text: &str) -> Result<PriceTable, PriceTableError> {
        let file: PriceFile = serde_json::from_str(text)?;
        let mut models = BTreeMap::new();
        for (model, entry) in file.models {
            let base = RatesPerMillion {
                input: entry.input,
                output: entry.output,
                cache_write_5m: entry.cache_write_5m,
                cache_write_1h: entry.cache_write_1h,
                cache_read: entry.cache_read,
            };
            let invalid = || PriceTableError::InvalidPrice {
                model: model.clone(),
            };
            let base = TokenRates::from_per_million(&base).ok_or_else(invalid)?;
            let above_200k = match &entry.above_200k {
                Some(long) => Some(TokenRates::from_per_million(long).ok_or_else(invalid)?),
                None => None,
            };
            models.insert(model, ModelRates { base, above_200k });
        }
        Ok(PriceTable { models })
    }

    /// This table with the entries of `overrides` added, replacing those of the same name.
    pub fn overridden_by(mut self, overrides: PriceTable) -> PriceTable {
        self.models.extend(overrides.models);
        self
    }

    /// The prices of `model`: by its exact name, then by its name without a provider prefix
    /// (`us.anthropic.`), a version suffix (`-v1:0`, `-v1`) or Claude Code's context tag (`[1m]`), and
    /// then also without a release date (`-20250929`, `@20250929`) or a `-latest` alias.
    pub fn rates_for(&self, model: &str) -> Option<&ModelRates> {
        if let Some(rates) = self.models.get(model) {
            return Some(rates);
        }
        let mut name = model.find("claude-").map_or(model, |start| &model[start..]);
        if let Some(start) = name.rfind('[')
            && name.ends_with(']')
        {
            name = &name[..start];
        }
        // Bedrock's version suffix: `-v1:0`, or `-v1` alone
        let is_version = |version: &str| {
            version
                .split(':')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        };
        if let Some((base, version)) = name.rsplit_once("-v")
            && is_version(version)
        {
            name = base;
        }
        if let Some(rates) = self.models.get(name) {
            return Some(rates);
        }
        let is_date =
            |suffix: &str| suffix.len() == 8 && suffix.bytes().all(|b| b.is_ascii_digit());
        match name.rsplit_once(['-', '@']) {
            Some((base, suffix)) if is_date(suffix) || suffix == "latest" => self.models.get(base),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_prices_current_models() {
        let table = PriceTable::embedded();
        let names = [
            "claude-sonnet-4-5-20250929",
            "claude-opus-4-1-20250805",
            "claude-haiku-4-5-20251001",
            "claude-opus-4-5",
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "claude-sonnet-4-5@20250929",
            "claude-sonnet-4-5-20250929[1m]",
            "claude-opus-4-7",
            "claude-opus-4-6-20260205",
            "claude-sonnet-4-6",
            "claude-3-7-sonnet-latest",
            "claude-3-5-haiku-latest",
            "claude-opus-4-latest",
            "anthropic.claude-opus-4-6-v1",
        ];
        for name in names {
            assert!(table.rates_for(name).is_some(), "{name} has no price");
        }
        let sonnet = table.rates_for("claude-sonnet-4-5-20250929").unwrap();
        assert_eq!(sonnet.base.cache_write_1h, 6_000_000);
        assert_eq!(
            table
                .rates_for("claude-opus-4-1-20250805")
                .unwrap()
                .base
                .output,
            75_000_000
        );
        assert!(table.rates_for("gpt-4o").is_none());
        assert!(table.rates_for("claude-opus-4-1-2025").is_none());
        assert!(table.rates_for("claude-future-9-latest").is_none());
        assert!(table.rates_for("claude-opus-4-6-vx").is_none());
        assert!(table.rates_for("claude-opus-4-6-latest-preview").is_none());
        let opus = table.rates_for("claude-opus-4-7").unwrap();
        assert_eq!(opus, table.rates_for("claude-opus-4-5").unwrap());
        assert_eq!(opus.base.cache_write_1h, 10_000_000);
        let sonnet_4_6 = table.rates_for("claude-sonnet-4-6").unwrap();
        assert_eq!(
            (sonnet_4_6.base, sonnet_4_6.above_200k),
            (sonnet.base, None)
        );
    }

    #[test]
    fn a_price_file_overrides_and_extends() {
        let file = r#"{"models":{"claude-opus-4-5":{"input":1,"output":2,"cache_write_5m":3,"cache_write_1h":4,"cache_read":0.5},
                       "my-model":{"input":1,"output":1,"cache_write_5m":1,"cache_write_1h":1,"cache_read":1}}}"#;
        let table = PriceTable::embedded().overridden_by(PriceTable::from_json(file).unwrap());
        assert_eq!(
            table
                .rates_for("claude-opus-4-5-20251101")
                .unwrap()
                .base
                .input,
            1_000_000
        );
        assert!(table.rates_for("my-model").is_some());
        assert!(table.rates_for("claude-haiku-4-5").is_some());
    }

    #[test]
    fn bad_price_files() {
        let unknown_field = r#"{"models":{"m":{"input":1,"output":1,"cache_write_5m":1,"cache_write_1h":1,"cache_read":1,"oops":1}}}"#;
        assert!(
            PriceTable::from_json(unknown_field)
                .unwrap_err()
                .to_string()
                .contains("unknown field `oops`")
        );
        let negative = r#"{"models":{"m":{"input":-1,"output":1,"cache_write_5m":1,"cache_write_1h":1,"cache_read":1}}}"#;
        assert_eq!(
            PriceTable::from_json(negative).unwrap_err().to_string(),
            "model `m` has a negative or non-finite price"
        );
    }
}
