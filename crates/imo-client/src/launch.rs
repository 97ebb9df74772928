//! Initial Model Offerings through the launchpad: its deployment next to the oracle
//! ([`Imo::deploy_launchpad`]), a launch's parameters as `launch.toml` ([`LaunchConfig`]) and the
//! launch itself ([`Imo::launch`]), which reads every address from the `Launched` event.

use crate::backend::Backend;
use crate::bindings::{imo_oracle, launchpad::IImoLaunchpad as Pad};
use crate::config::{wei, ETHER};
use crate::imo::Imo;
use crate::node::Network;
use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{SolEvent, SolValue};
use anyhow::{bail, Context};
use serde::Deserialize;

/// The RevShare token of a launch (`[token]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenConfig {
    /// ERC-20 name.
    pub name: String,
    /// ERC-20 symbol.
    pub symbol: String,
    /// Total supply (18 decimals included).
    #[serde(deserialize_with = "wei")]
    pub supply: U256,
    /// Share of each snapshot's revenue claimable pro rata (basis points).
    #[serde(default = "default_claimable_bps")]
    pub claimable_bps: u16,
    /// Minimum seconds between snapshots.
    #[serde(default)]
    pub snapshot_interval: u64,
    /// Snapshots a claim stays open.
    #[serde(default = "default_claim_window")]
    pub claim_window: u32,
}

/// The governor (the IMO's treasury) of a launch (`[governor]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GovernorConfig {
    /// Seconds between a proposal and its vote.
    pub voting_delay: u64,
    /// Seconds a vote lasts.
    pub voting_period: u64,
    /// Quorum (basis points of the snapshot's supply).
    pub quorum_bps: u16,
    /// Tokens needed to propose.
    #[serde(deserialize_with = "wei")]
    pub proposal_threshold: U256,
    /// Seconds between a vote's success and its execution.
    pub execution_delay: u64,
    /// Seconds after which a passed proposal expires.
    pub grace_period: u64,
}

impl Default for GovernorConfig {
    fn default() -> Self {
        Self {
            voting_delay: 60,
            voting_period: 3 * 86_400,
            quorum_bps: 400,
            proposal_threshold: U256::from(ETHER),
            execution_delay: 86_400,
            grace_period: 7 * 86_400,
        }
    }
}

/// The sale of a launch (`[sale]`); times are relative to the launch.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaleConfig {
    /// The ERC-20 buyers pay in (default: ETH).
    #[serde(default)]
    pub currency: Address,
    /// Seconds from the launch's block to the sale's start.
    #[serde(default = "default_starts_in")]
    pub starts_in: u64,
    /// Seconds the sale lasts.
    pub duration: u64,
    /// What the sale asks (the price is `target / tokens_for_sale`).
    #[serde(deserialize_with = "wei")]
    pub target: U256,
    /// Below this total, everyone is refunded.
    #[serde(deserialize_with = "wei")]
    pub minimum: U256,
    /// Tokens sold.
    #[serde(deserialize_with = "wei")]
    pub tokens_for_sale: U256,
    /// Smallest deposit.
    #[serde(default, deserialize_with = "wei")]
    pub min_deposit: U256,
    /// Largest total per address (0: none).
    #[serde(default, deserialize_with = "wei")]
    pub max_per_address: U256,
    /// Root of the allowlist's Merkle tree of (address, cap) (zero: none).
    #[serde(default)]
    pub allowlist_root: B256,
    /// Who receives the liquidity share (proceeds and tokens at the sale price).
    #[serde(default)]
    pub liquidity_recipient: Address,
    /// Share of the proceeds for liquidity (basis points).
    #[serde(default)]
    pub liquidity_bps: u16,
}

/// A vesting grant (`[[grants]]`), from the sale's end.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantConfig {
    /// Who receives the tokens.
    pub beneficiary: Address,
    /// Tokens granted.
    #[serde(deserialize_with = "wei")]
    pub amount: U256,
    /// Seconds before anything vests.
    #[serde(default)]
    pub cliff: u64,
    /// Seconds until everything has vested.
    pub duration: u64,
    /// The locked tokens' revenue to the treasury instead of the beneficiary.
    #[serde(default)]
    pub revenue_to_treasury: bool,
}

/// The model the launched token earns from (`[model]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    /// Its id in the oracle (0: no model).
    pub model_id: u64,
    /// Its weights' Merkle root (default: the committed digit generator's).
    #[serde(default)]
    pub model_hash: Option<B256>,
    /// Its architecture's hash (default: the committed digit generator's).
    #[serde(default)]
    pub program_hash: Option<B256>,
    /// Fee per inference (wei).
    #[serde(deserialize_with = "wei")]
    pub fee: U256,
    /// Percentage of the fee that accrues to the token.
    pub receiver_percentage: u64,
    /// Register it in the oracle now (the launchpad must be the oracle's registrar).
    #[serde(default = "yes")]
    pub register: bool,
}

/// A launch's parameters: `launch.toml` (see `crates/cli/README.md`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchConfig {
    /// Any value: with the creator it fixes every address (default: hash of the symbol).
    #[serde(default)]
    pub salt: Option<B256>,
    /// The token.
    pub token: TokenConfig,
    /// The governor.
    #[serde(default)]
    pub governor: GovernorConfig,
    /// The sale.
    pub sale: SaleConfig,
    /// Up to two vesting grants.
    #[serde(default)]
    pub grants: Vec<GrantConfig>,
    /// The model.
    pub model: ModelConfig,
}

fn default_claimable_bps() -> u16 {
    8_000
}
fn default_claim_window() -> u32 {
    2
}
fn default_starts_in() -> u64 {
    60
}
fn yes() -> bool {
    true
}

impl LaunchConfig {
    /// Parses a `launch.toml` and checks what the contracts would refuse less clearly.
    ///
    /// # Errors
    ///
    /// Malformed TOML, unknown keys, more than two grants, basis points over 10,000, a
    /// percentage over 100, a minimum over the target.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let cfg: Self = toml::from_str(text)?;
        if cfg.grants.len() > 2 {
            bail!("at most two [[grants]], got {}", cfg.grants.len());
        }
        if cfg.token.claimable_bps > 10_000
            || cfg.governor.quorum_bps > 10_000
            || cfg.sale.liquidity_bps > 10_000
        {
            bail!("claimable_bps, quorum_bps and liquidity_bps are at most 10000");
        }
        if cfg.model.receiver_percentage > 100 {
            bail!("receiver_percentage is at most 100");
        }
        if cfg.sale.minimum > cfg.sale.target {
            bail!("the sale's minimum is above its target");
        }
        Ok(cfg)
    }

    /// The `launch` call with the sale starting `starts_in` after `now`.
    pub fn call(&self, now: u64) -> Pad::launchCall {
        let (t, g, s, m) = (&self.token, &self.governor, &self.sale, &self.model);
        let generator = Network::generator();
        let start = now.saturating_add(s.starts_in);
        Pad::launchCall {
            token: Pad::TokenParams {
                name: t.name.clone(),
                symbol: t.symbol.clone(),
                supply: t.supply,
                claimableBps: t.claimable_bps,
                snapshotInterval: t.snapshot_interval,
                claimWindow: t.claim_window,
            },
            governor: Pad::GovernorParams {
                votingDelay: g.voting_delay,
                votingPeriod: g.voting_period,
                quorumBps: g.quorum_bps,
                proposalThreshold: g.proposal_threshold,
                executionDelay: g.execution_delay,
                gracePeriod: g.grace_period,
            },
            sale: Pad::SaleParams {
                currency: s.currency,
                start,
                end: start.saturating_add(s.duration),
                target: s.target,
                minimum: s.minimum,
                tokensForSale: s.tokens_for_sale,
                minDeposit: s.min_deposit,
                maxPerAddress: s.max_per_address,
                allowlistRoot: s.allowlist_root,
                liquidityRecipient: s.liquidity_recipient,
                liquidityBps: s.liquidity_bps,
            },
            grants: self
                .grants
                .iter()
                .map(|v| Pad::GrantParams {
                    beneficiary: v.beneficiary,
                    amount: v.amount,
                    cliff: v.cliff,
                    duration: v.duration,
                    revenueToTreasury: v.revenue_to_treasury,
                })
                .collect(),
            model: Pad::ModelParams {
                modelId: U256::from(m.model_id),
                modelHash: m.model_hash.unwrap_or_else(|| generator.model_hash()),
                programHash: m.program_hash.unwrap_or_else(|| generator.program_hash()),
                fee: m.fee,
                receiverPercentage: U256::from(m.receiver_percentage),
                register: m.register,
            },
            salt: self
                .salt
                .unwrap_or_else(|| keccak256(self.token.symbol.as_bytes())),
        }
    }
}

/// What a launch created (from its `Launched` event).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Launch {
    /// The model's RevShare token.
    pub token: Address,
    /// Its governor, the treasury.
    pub governor: Address,
    /// The sale.
    pub sale: Address,
    /// The vesting grants, in the order of the configuration.
    pub vestings: Vec<Address>,
    /// The sale's start and end.
    pub start: u64,
    /// The sale's end.
    pub end: u64,
    /// Gas of the launch transaction.
    pub gas: u64,
}

impl Launch {
    /// `{"token": "0x…", …}`, pretty-printed.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "token": self.token,
            "governor": self.governor,
            "sale": self.sale,
            "vestings": self.vestings,
            "start": self.start,
            "end": self.end,
        })
        .to_string()
    }
}

impl<B: Backend> Imo<B> {
    /// Deploys the launchpad: the four implementations it clones (the token and the governor
    /// through their constructors, which lock them), the launchpad bound to them and to the
    /// oracle, made the oracle's registrar. Returns the launchpad.
    ///
    /// # Errors
    ///
    /// A missing artifact or a failed transaction.
    pub fn deploy_launchpad(&mut self) -> anyhow::Result<Address> {
        let owner = self.owner;
        let token = self.deploy_one(
            "imo-revshare-token",
            (
                "RevShare implementation",
                "IMPL",
                U256::ZERO,
                owner,
                0u16,
                0u64,
                1u32,
                owner,
            )
                .abi_encode_params(),
        )?;
        let governor = self.deploy_one(
            "imo-governor",
            (token, 1u64, 100u64, 400u16, U256::from(1), 10u64, 1_000u64).abi_encode_params(),
        )?;
        let sale = self.deploy_one("imo-offering", Vec::new())?;
        let vesting = self.deploy_one("imo-vesting", Vec::new())?;
        let pad = self.deploy_one(
            "imo-launchpad",
            (token, governor, sale, vesting, self.c.oracle).abi_encode_params(),
        )?;
        self.c.launchpad = pad;
        let oracle = self.c.oracle;
        self.exec(
            "oracle.setRegistrar (launchpad)",
            owner,
            oracle,
            imo_oracle::IImoAIOracle::setRegistrarCall { registrar: pad },
            U256::ZERO,
        )?;
        Ok(pad)
    }

    /// `creator` launches `cfg` through the deployment's launchpad.
    ///
    /// # Errors
    ///
    /// No launchpad, a refused launch (with its decoded reason), no `Launched` event.
    pub fn launch(&mut self, creator: Address, cfg: &LaunchConfig) -> anyhow::Result<Launch> {
        let pad = self.c.launchpad;
        if pad.is_zero() {
            bail!("no launchpad in this deployment (imo deploy deploys one)");
        }
        let now = self.backend.timestamp()?;
        let call = cfg.call(now);
        let (start, end) = (call.sale.start, call.sale.end);
        let label = format!("launchpad.launch ({})", cfg.token.symbol);
        let r = self.exec(&label, creator, pad, call, U256::ZERO)?;
        let event = r
            .logs
            .iter()
            .filter(|l| l.address == pad)
            .find_map(|l| Pad::Launched::decode_log_data(&l.data, true).ok())
            .context("the launch emitted no Launched event")?;
        let vestings = [event.vesting0, event.vesting1]
            .into_iter()
            .take(cfg.grants.len())
            .collect();
        Ok(Launch {
            token: event.token,
            governor: event.governor,
            sale: event.sale,
            vestings,
            start,
            end,
            gas: r.gas_used,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
[token]
name = "OpenLM #2"
symbol = "OLM"
supply = "1_000_000_000_000_000_000_000_000"

[sale]
duration = 3600
target = "150_000_000_000_000_000_000"
minimum = "100_000_000_000_000_000_000"
tokens_for_sale = "500_000_000_000_000_000_000_000"

[[grants]]
beneficiary = "0x7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a"
amount = "100_000_000_000_000_000_000_000"
cliff = 1000
duration = 4000

[model]
model_id = 2
fee = 1_000_000_000_000_000
receiver_percentage = 50
"#;

    #[test]
    fn a_launch_file_becomes_the_launch_call() {
        let cfg = LaunchConfig::parse(EXAMPLE).unwrap();
        let call = cfg.call(1_000);
        assert_eq!(call.token.name, "OpenLM #2");
        assert_eq!(call.token.claimWindow, 2);
        assert_eq!((call.sale.start, call.sale.end), (1_060, 4_660));
        assert_eq!(call.sale.minimum, U256::from(100u128 * ETHER));
        assert_eq!(call.grants.len(), 1);
        assert_eq!(call.grants[0].beneficiary, Address::repeat_byte(0x7a));
        assert_eq!(call.model.modelHash, Network::generator().model_hash());
        assert!(call.model.register);
        assert_eq!(call.salt, keccak256("OLM"));
        assert_eq!(
            call.governor.quorumBps,
            GovernorConfig::default().quorum_bps
        );
    }

    #[test]
    fn mistakes_in_a_launch_file_are_named() {
        let err = |text: &str| format!("{:#}", LaunchConfig::parse(text).unwrap_err());
        assert!(err(&EXAMPLE.replace("cliff", "clif")).contains("unknown field `clif`"));
        let three = format!(
            "{EXAMPLE}{}",
            "[[grants]]\nbeneficiary = \"0x7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a\"\namount = 1\nduration = 1\n"
                .repeat(2)
        );
        assert!(err(&three).contains("at most two"));
        assert!(err(&EXAMPLE.replace("minimum = \"100_", "minimum = \"900_")).contains("minimum"));
        assert!(
            err(&EXAMPLE.replace("receiver_percentage = 50", "receiver_percentage = 101"))
                .contains("at most 100")
        );
    }
}
