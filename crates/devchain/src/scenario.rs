//! Scenarios: a JSON list of transactions with fixed addresses, run the same way on the
//! devchain and on Nitro's own Stylus runtime (the calibration tool `nitro-meter`), so the two
//! can be compared transaction by transaction.
//!
//! ```json
//! {
//!   "name": "revshare-token",
//!   "block": {"number": 1, "timestamp": 1700000000, "basefee": "0", "chain_id": 412346,
//!             "coinbase": "0x0000000000000000000000000000000000000000", "gas_limit": 32000000},
//!   "tx_gas_limit": 30000000,
//!   "programs": {"token": "artifacts/imo-revshare-token.wasm"},
//!   "steps": [
//!     {"op": "fund", "account": "0x…", "wei": "1000000000000000000"},
//!     {"op": "deploy", "program": "token", "address": "0x…", "from": "0x…", "constructor": "0x…", "value": "0"},
//!     {"op": "call", "label": "token transfer, steady", "from": "0x…", "to": "0x…", "data": "0x…", "value": "0", "measure": true},
//!     {"op": "advance_time", "seconds": 3600}
//!   ]
//! }
//! ```
//!
//! `deploy` installs the program, activated, at `address` (nonce 1) and sends a non-empty
//! `constructor` as a transaction (measured, labelled `deploy <program>`). Every call is a
//! transaction in its own block (the first at `block.number`). A measured step runs twice from
//! the same state, every program uncached then every program cached; the uncached run is kept.
//! Program paths are relative to the scenario file.

use std::{collections::BTreeMap, path::Path};

use anyhow::{anyhow, bail, Context as _};
use serde::{Deserialize, Serialize};

use crate::{chain::Devchain, receipt::GasBreakdown, Address, Bytes, Log, B256, U256};

/// A scenario file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Scenario {
    /// Its name.
    pub name: String,
    /// The first block.
    pub block: Block,
    /// Gas limit of every transaction.
    pub tx_gas_limit: u64,
    /// Program name -> WASM file (relative to the scenario file).
    pub programs: BTreeMap<String, String>,
    /// What happens, in order.
    pub steps: Vec<Step>,
}

/// The block environment.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Block {
    /// Number of the first transaction's block.
    pub number: u64,
    /// Timestamp.
    pub timestamp: u64,
    /// Base fee in wei (decimal string).
    pub basefee: String,
    /// Chain id.
    pub chain_id: u64,
    /// Coinbase.
    pub coinbase: Address,
    /// Block gas limit.
    pub gas_limit: u64,
}

/// One step.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Step {
    /// Add wei to an account.
    Fund {
        /// The account.
        account: Address,
        /// Wei (decimal string).
        wei: String,
    },
    /// Install a program (activated) and call its constructor.
    Deploy {
        /// Program name.
        program: String,
        /// Where.
        address: Address,
        /// Sender of the constructor call.
        from: Address,
        /// Full constructor calldata (empty: no call).
        constructor: Bytes,
        /// Value of the constructor call (decimal string).
        value: String,
    },
    /// A transaction.
    Call {
        /// What it is.
        label: String,
        /// Sender.
        from: Address,
        /// Target.
        to: Address,
        /// Calldata.
        data: Bytes,
        /// Value (decimal string).
        value: String,
        /// Run it cached and uncached and report it.
        #[serde(default)]
        measure: bool,
    },
    /// Move the clock.
    AdvanceTime {
        /// Seconds.
        seconds: u64,
    },
}

/// A log as scenario results write it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Emitter.
    pub address: Address,
    /// Topics.
    pub topics: Vec<B256>,
    /// Data.
    pub data: Bytes,
}

impl From<&Log> for LogEntry {
    fn from(log: &Log) -> Self {
        Self {
            address: log.address,
            topics: log.topics().to_vec(),
            data: log.data.data.clone(),
        }
    }
}

/// The outcome of one measured step.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Measurement {
    /// The step's label.
    pub label: String,
    /// Whether it succeeded.
    pub success: bool,
    /// Return or revert data.
    pub output: Bytes,
    /// Logs.
    pub logs: Vec<LogEntry>,
    /// gasUsed with programs uncached.
    pub gas_uncached: u64,
    /// gasUsed with every program cached.
    pub gas_cached: u64,
    /// Where the uncached run's gas went.
    #[serde(skip)]
    pub breakdown_uncached: GasBreakdown,
    /// Where the cached run's gas went.
    #[serde(skip)]
    pub breakdown_cached: GasBreakdown,
}

fn wei(text: &str) -> anyhow::Result<U256> {
    text.parse::<U256>()
        .map_err(|e| anyhow!("bad wei amount {text:?}: {e}"))
}

impl Scenario {
    /// Reads a scenario file.
    ///
    /// # Errors
    ///
    /// When it cannot be read or parsed.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }

    /// Runs the scenario on a fresh devchain (no account funded but by its steps) and returns
    /// every measured step. Program paths are relative to `dir`.
    ///
    /// # Errors
    ///
    /// When a program cannot be read or installed, or a transaction is invalid.
    pub fn run(&self, dir: &Path) -> anyhow::Result<Vec<Measurement>> {
        let mut chain = Devchain::new()?;
        chain.set_balance(Devchain::DEV_ACCOUNT, U256::ZERO);
        chain.chain_id = self.block.chain_id;
        chain.base_fee = wei(&self.block.basefee)?;
        chain.coinbase = self.block.coinbase;
        chain.block_gas_limit = self.block.gas_limit;
        chain.tx_gas_limit = self.tx_gas_limit;
        chain.set_block(self.block.number.saturating_sub(1), self.block.timestamp);
        let mut programs = BTreeMap::new();
        for (name, path) in &self.programs {
            let file = dir.join(path);
            let wasm =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            programs.insert(name.clone(), wasm);
        }
        let mut out = Vec::new();
        for step in &self.steps {
            let (label, from, to, data, value, measure) = match step {
                Step::Fund { account, wei: w } => {
                    chain.fund(*account, wei(w)?);
                    continue;
                }
                Step::AdvanceTime { seconds } => {
                    chain.advance_time(*seconds);
                    continue;
                }
                Step::Deploy {
                    program,
                    address,
                    from,
                    constructor,
                    value,
                } => {
                    let wasm = programs
                        .get(program)
                        .ok_or_else(|| anyhow!("unknown program {program}"))?;
                    chain.install_program(*address, wasm)?;
                    if constructor.is_empty() {
                        continue;
                    }
                    let label = format!("deploy {program}");
                    (label, *from, *address, constructor, wei(value)?, true)
                }
                Step::Call {
                    label,
                    from,
                    to,
                    data,
                    value,
                    measure,
                } => (label.clone(), *from, *to, data, wei(value)?, *measure),
            };
            if !measure {
                chain.send(from, to, data, value)?;
                continue;
            }
            let m = chain.send_measured(from, to, data, value)?;
            out.push(Measurement {
                label,
                success: m.uncached.success,
                output: m.uncached.output.clone(),
                logs: m.uncached.logs.iter().map(LogEntry::from).collect(),
                gas_uncached: m.uncached.gas_used,
                gas_cached: m.cached.gas_used,
                breakdown_uncached: m.uncached.breakdown,
                breakdown_cached: m.cached.breakdown,
            });
        }
        if out.is_empty() {
            bail!("scenario {} measures nothing", self.name);
        }
        Ok(out)
    }
}
