//! Deployment parameters and the deployed addresses.
//!
//! [`Config`] deserializes from the flat tables of an `imo.toml` (every key optional, unknown keys
//! rejected); [`Contracts`] serializes to the JSON `imo deploy` prints.

use alloy_primitives::{Address, U256};
use serde::{Deserialize, Deserializer, Serialize};

/// Parameters of a deployment. [`Config::default`] is what `imo demo` and the tests use.
///
/// Amounts in wei ([`U256`] fields) deserialize from an integer or from a string (decimal, or hex
/// with `0x`; `_` separators allowed), since amounts of ether do not fit a TOML integer.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The model's id in the oracle.
    pub model_id: u64,
    /// Fee per inference paid to the model (wei).
    #[serde(deserialize_with = "wei")]
    pub model_fee: U256,
    /// Percentage of the model fee that accrues to the model's receiver (its token).
    pub receiver_percentage: u64,
    /// Challenge window (seconds).
    pub challenge_window: u64,
    /// Seconds each move of a dispute game may take (the dispute game's `moveTime`).
    pub move_time: u64,
    /// Minimum gas price for callback gas (wei).
    #[serde(deserialize_with = "wei")]
    pub min_gas_price: U256,
    /// Challenger bond (wei).
    #[serde(deserialize_with = "wei")]
    pub challenge_bond: U256,
    /// Minimum node stake (wei).
    #[serde(deserialize_with = "wei")]
    pub min_node_stake: U256,
    /// Token name and symbol.
    pub token_name: String,
    /// Token symbol.
    pub token_symbol: String,
    /// Total supply (token units, 18 decimals included).
    #[serde(deserialize_with = "wei")]
    pub supply: U256,
    /// Share of each snapshot's revenue claimable pro rata (basis points); the rest goes to the redeem pool.
    pub claimable_bps: u16,
    /// Minimum seconds between snapshots.
    pub snapshot_interval: u64,
    /// Snapshots a claim stays open.
    pub claim_window: u32,
    /// NFT collection name and symbol.
    pub nft_name: String,
    /// NFT symbol.
    pub nft_symbol: String,
    /// Mint price paid to the token (wei), on top of the oracle fee.
    #[serde(deserialize_with = "wei")]
    pub mint_price: U256,
    /// Gas the oracle gives the minter's callback.
    pub callback_gas: u64,
    /// Royalty (basis points) paid to the token.
    pub royalty_bps: u64,
}

/// 10^18.
pub const ETHER: u128 = 1_000_000_000_000_000_000;
/// 10^9.
pub const GWEI: u128 = 1_000_000_000;

impl Default for Config {
    fn default() -> Self {
        Self {
            model_id: 1,
            model_fee: U256::from(ETHER / 1_000),
            receiver_percentage: 50,
            challenge_window: 3_600,
            move_time: 600,
            min_gas_price: U256::from(GWEI),
            challenge_bond: U256::from(ETHER / 100),
            min_node_stake: U256::from(ETHER / 10),
            token_name: "IMO Model".into(),
            token_symbol: "MODEL".into(),
            supply: U256::from(1_000u128 * ETHER),
            claimable_bps: 8_000,
            snapshot_interval: 0,
            claim_window: 2,
            nft_name: "IMO Model Art".into(),
            nft_symbol: "ART".into(),
            mint_price: U256::from(ETHER / 100),
            callback_gas: 1_000_000,
            royalty_bps: 500,
        }
    }
}

/// The deployed contracts' addresses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contracts {
    /// The AI Oracle.
    pub oracle: Address,
    /// The oracle's administration extension (reached through the oracle by delegate call).
    #[serde(default)]
    pub oracle_admin: Address,
    /// Its verifier (nodes, stakes, challenges).
    pub verifier: Address,
    /// The verifier's administration extension (reached through the verifier by delegate call).
    #[serde(default)]
    pub verifier_admin: Address,
    /// The dispute game that settles the challenges of verifiable models (opML).
    #[serde(default)]
    pub dispute_game: Address,
    /// The model's RevShare token.
    pub token: Address,
    /// The AIGC NFT's renderer.
    pub renderer: Address,
    /// The AIGC minter (the oracle consumer).
    pub minter: Address,
    /// The AIGC NFT.
    pub nft: Address,
    /// The IMO launchpad (zero: not deployed).
    #[serde(default)]
    pub launchpad: Address,
}

impl Contracts {
    /// `{"oracle": "0x…", …}`, pretty-printed.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("addresses serialize")
    }

    /// Every contract with its name.
    pub fn all(&self) -> [(&'static str, Address); 7] {
        [
            ("oracle", self.oracle),
            ("verifier", self.verifier),
            ("dispute game", self.dispute_game),
            ("token", self.token),
            ("renderer", self.renderer),
            ("minter", self.minter),
            ("nft", self.nft),
        ]
    }
}

/// A wei amount from a TOML integer or a string (see [`Config`]).
pub(crate) fn wei<'de, D: Deserializer<'de>>(deserializer: D) -> Result<U256, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wei {
        Integer(u64),
        Text(U256),
    }
    Ok(match Wei::deserialize(deserializer)? {
        Wei::Integer(n) => U256::from(n),
        Wei::Text(n) => n,
    })
}
