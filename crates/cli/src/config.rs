//! `imo.toml`: deployment parameters as flat `key = value` lines (a TOML subset: integers,
//! quoted strings, comments; no tables). Every key is optional; unknown keys are errors.

use alloy_primitives::U256;
use anyhow::{anyhow, bail, Context};
use imo_e2e::Config;

fn int<T: std::str::FromStr>(key: &str, value: &str) -> anyhow::Result<T> {
    value
        .replace('_', "")
        .parse()
        .map_err(|_| anyhow!("{key}: expected an integer, got {value}"))
}

fn wei(key: &str, value: &str) -> anyhow::Result<U256> {
    let digits = value.replace('_', "");
    let digits = digits.trim_matches('"');
    U256::from_str_radix(digits, 10).map_err(|_| anyhow!("{key}: expected wei, got {value}"))
}

fn string(key: &str, value: &str) -> anyhow::Result<String> {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .filter(|v| !v.contains('"') && !v.contains('\\'))
        .map(str::to_string)
        .ok_or_else(|| anyhow!("{key}: expected a quoted string, got {value}"))
}

/// Applies the lines of `text` over `cfg`.
///
/// # Errors
///
/// A malformed line, an unknown key, a bad value (naming the line).
pub fn apply(text: &str, cfg: &mut Config) -> anyhow::Result<()> {
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| anyhow!("line {}: expected key = value", n + 1))?;
        let (key, value) = (key.trim(), value.trim());
        let mut set = || -> anyhow::Result<()> {
            let mut c = cfg.clone();
            match key {
                "model_id" => c.model_id = int(key, value)?,
                "model_fee" => c.model_fee = wei(key, value)?,
                "receiver_percentage" => c.receiver_percentage = int(key, value)?,
                "challenge_window" => c.challenge_window = int(key, value)?,
                "min_gas_price" => c.min_gas_price = wei(key, value)?,
                "challenge_bond" => c.challenge_bond = wei(key, value)?,
                "min_node_stake" => c.min_node_stake = wei(key, value)?,
                "token_name" => c.token_name = string(key, value)?,
                "token_symbol" => c.token_symbol = string(key, value)?,
                "supply" => c.supply = wei(key, value)?,
                "claimable_bps" => c.claimable_bps = int(key, value)?,
                "snapshot_interval" => c.snapshot_interval = int(key, value)?,
                "claim_window" => c.claim_window = int(key, value)?,
                "nft_name" => c.nft_name = string(key, value)?,
                "nft_symbol" => c.nft_symbol = string(key, value)?,
                "mint_price" => c.mint_price = wei(key, value)?,
                "callback_gas" => c.callback_gas = int(key, value)?,
                "royalty_bps" => c.royalty_bps = int(key, value)?,
                other => bail!("unknown key {other}"),
            }
            *cfg = c;
            Ok(())
        };
        set().with_context(|| format!("line {}", n + 1))?;
    }
    if cfg.receiver_percentage > 100 || cfg.claimable_bps > 10_000 || cfg.royalty_bps > 10_000 {
        bail!("receiver_percentage <= 100, claimable_bps and royalty_bps <= 10000");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_override_the_defaults_and_mistakes_name_their_line() {
        let mut cfg = Config::default();
        apply(
            "# my model\nmodel_id = 7\nmodel_fee = \"2_000_000_000_000_000\"\ntoken_name = \"Llama IMO\" # name\n\nsupply = 5_000\n",
            &mut cfg,
        )
        .unwrap();
        assert_eq!(cfg.model_id, 7);
        assert_eq!(cfg.model_fee, U256::from(2_000_000_000_000_000u64));
        assert_eq!(cfg.token_name, "Llama IMO");
        assert_eq!(cfg.supply, U256::from(5_000));
        assert_eq!(cfg.claimable_bps, Config::default().claimable_bps);
        let err = apply("model_id = 1\ncolour = 3", &mut cfg).unwrap_err();
        assert!(
            format!("{err:#}").contains("line 2: unknown key colour"),
            "{err:#}"
        );
        assert!(apply("model_id 3", &mut cfg).is_err());
        assert!(apply("token_name = unquoted", &mut cfg).is_err());
        assert!(apply("claimable_bps = 10001", &mut cfg).is_err());
    }
}
