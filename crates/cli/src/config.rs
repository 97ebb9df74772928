//! `imo.toml`: deployment parameters as `key = value` lines (TOML, parsed by the `toml` crate into
//! [`Config`]). Every key is optional (the default is [`Config::default`]'s); an unknown key is an
//! error naming its line.

use anyhow::{bail, Context};
use imo_client::Config;
use std::path::Path;

/// Parses `text` and checks the percentages.
///
/// # Errors
///
/// Malformed TOML, an unknown key, a value of the wrong type (naming the line), a percentage
/// out of range.
pub fn parse(text: &str) -> anyhow::Result<Config> {
    let cfg: Config = toml::from_str(text)?;
    if cfg.receiver_percentage > 100 || cfg.claimable_bps > 10_000 || cfg.royalty_bps > 10_000 {
        bail!("receiver_percentage <= 100, claimable_bps and royalty_bps <= 10000");
    }
    Ok(cfg)
}

/// Reads and parses the file at `path`.
///
/// # Errors
///
/// An unreadable file, or what [`parse`] rejects.
pub fn load(path: &Path) -> anyhow::Result<Config> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse(&text).with_context(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::U256;

    #[test]
    fn keys_override_the_defaults_and_mistakes_name_their_line() {
        let cfg = parse(
            "# my model\nmodel_id = 7\nmodel_fee = \"2_000_000_000_000_000\"\ntoken_name = \"Llama IMO\" # name\n\nsupply = 5_000\n",
        )
        .unwrap();
        assert_eq!(cfg.model_id, 7);
        assert_eq!(cfg.model_fee, U256::from(2_000_000_000_000_000u64));
        assert_eq!(cfg.token_name, "Llama IMO");
        assert_eq!(cfg.supply, U256::from(5_000));
        assert_eq!(cfg.claimable_bps, Config::default().claimable_bps);
        let err = parse("model_id = 1\ncolour = 3").unwrap_err();
        let err = format!("{err:#}");
        assert!(
            err.contains("line 2") && err.contains("unknown field `colour`"),
            "{err}"
        );
        assert!(parse("model_id 3").is_err());
        assert!(parse("token_name = unquoted").is_err());
        assert!(parse("claimable_bps = 10001").is_err());
    }

    #[test]
    fn a_hash_inside_a_string_is_not_a_comment() {
        let cfg = parse("token_name = \"Model #1\" # a comment\nnft_symbol = \"#ART\"").unwrap();
        assert_eq!(cfg.token_name, "Model #1");
        assert_eq!(cfg.nft_symbol, "#ART");
    }

    #[test]
    fn wei_amounts_as_integers_decimal_or_hex_strings() {
        let cfg = parse(
            "mint_price = 10_000_000_000_000_000\nsupply = \"1_000_000_000_000_000_000_000\"\nchallenge_bond = \"0x2386f26fc10000\"",
        )
        .unwrap();
        assert_eq!(cfg.mint_price, U256::from(10u64.pow(16)));
        assert_eq!(cfg.supply, U256::from(10u128.pow(21)));
        assert_eq!(cfg.challenge_bond, U256::from(10u64.pow(16)));
        assert!(parse("supply = -1").is_err());
        assert!(parse("supply = \"12abc\"").is_err());
        assert!(parse("model_id = \"7\"").is_err(), "ids are integers");
    }
}
