//! A stateful fuzzer over the whole deployed system, on the compiled WASM: random actors (people,
//! staked nodes, a re-entrant attacker contract, a receiver that rejects ETH, consumers that
//! accept or revert) make random but plausible calls to the oracle, the verifier, the dispute
//! game, both RevShare tokens, the sale, the vesting and the governor while the clock moves.
//! After every call:
//!
//! - no wei was created or lost: the ETH of every account of the system (actors and contracts)
//!   sums to what it did at the start (the devchain charges no gas);
//! - each contract whose balance changed or that emitted an event still satisfies the identity
//!   its README states ([`checks`]); after the last call of an episode every contract is checked;
//! - an executed proposal moved exactly its values out of the treasury.
//!
//! Each episode starts from the state right after setup (a devchain snapshot) with its own
//! seed. A failing episode is shrunk to a shortest failing sequence of actions, printed as JSON
//! with its seed: commit it to `tests/corpus/invariants.jsonl` and it is replayed by every run.

pub mod actions;
pub mod apply;
pub mod checks;
pub mod ghost;
pub mod system;

use alloy_primitives::{Address, U256};
use anyhow::ensure;
use imo_client::bindings::governor::IModelGovernor;
use rand::{rngs::StdRng, SeedableRng};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

pub use actions::Action;
pub use ghost::Ghost;
pub use system::System;

/// How much to run.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// The first episode's seed; episode `i` uses `seed + i`.
    pub seed: u64,
    /// Episodes to run.
    pub episodes: u64,
    /// Calls per episode.
    pub calls: usize,
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Actions run (transactions and clock moves).
    pub calls: u64,
    /// Transactions that succeeded.
    pub succeeded: u64,
    /// Identity checks made.
    pub checks: u64,
    /// Per action kind: the outcomes seen (`ok` or the revert's first 4 bytes).
    pub paths: BTreeMap<String, BTreeSet<String>>,
}

impl Report {
    /// Distinct (action kind, outcome) pairs reached.
    pub fn distinct_paths(&self) -> usize {
        self.paths.values().map(BTreeSet::len).sum()
    }
}

/// A sequence that broke an invariant.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The episode's seed.
    pub seed: u64,
    /// The actions up to the failing one (shrunk when [`shrink`] ran).
    pub actions: Vec<Action>,
    /// What broke, at which action.
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "invariant broken (seed {}): {}", self.seed, self.message)?;
        writeln!(
            f,
            "{} actions; add this line to tests/corpus/invariants.jsonl to replay it:",
            self.actions.len()
        )?;
        write!(
            f,
            "{}",
            serde_json::to_string(&self.actions).unwrap_or_default()
        )
    }
}

/// The action's kind: its variant's name.
fn kind(action: &Action) -> String {
    let debug = format!("{action:?}");
    debug.split([' ', '{']).next().unwrap_or("").to_string()
}

/// The name of a revert: the error's name from the system's interfaces (`solidity/out/`), the
/// selector in hex when unknown, `empty` for no data.
pub fn revert_name(data: &[u8]) -> String {
    static NAMES: OnceLock<HashMap<[u8; 4], String>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let mut names = HashMap::new();
        for interface in [
            "IAIOracle",
            "IImoAIOracle",
            "IImoAIOracleVerifier",
            "IImoDisputeGame",
            "IRevShareToken",
            "IERC7641",
            "IModelGovernor",
            "IImoSale",
            "IImoVesting",
        ] {
            for e in crate::fixtures::interface_abi(interface).errors() {
                names.insert(e.selector().0, e.name.clone());
            }
        }
        names
    });
    match data.get(..4) {
        None => "empty".into(),
        Some(selector) => {
            let selector: [u8; 4] = selector.try_into().unwrap_or_default();
            names
                .get(&selector)
                .cloned()
                .unwrap_or_else(|| alloy_primitives::hex::encode(selector))
        }
    }
}

/// Whether `IMO_INVARIANT_TRACE` asks for every action and its outcome to be printed.
fn trace() -> bool {
    std::env::var_os("IMO_INVARIANT_TRACE").is_some()
}

/// Runs `actions` from the state after setup, checking after each. Returns the index of the
/// failing action and why.
fn episode(
    sys: &mut System,
    ghost0: &Ghost,
    total: U256,
    actions: &[Action],
    mut report: Option<&mut Report>,
) -> Result<(), (usize, String)> {
    sys.reset();
    let mut ghost = ghost0.clone();
    let accounts = sys.accounts.clone();
    let governor = sys.launch.governor;
    for (i, action) in actions.iter().enumerate() {
        let fail = |e: anyhow::Error| (i, format!("{e:#}"));
        let before: Vec<U256> = accounts
            .iter()
            .map(|a| sys.imo.backend.chain.balance(*a))
            .collect();
        let outcome = apply::apply(sys, &mut ghost, action).map_err(fail)?;
        let Some(receipt) = outcome.receipt else {
            continue;
        };
        if trace() {
            let reason = if receipt.success {
                String::new()
            } else {
                revert_name(&receipt.output)
            };
            println!("{i:>4} {} {reason}", outcome.label);
        }
        let mut step = || -> anyhow::Result<u64> {
            let mut touched: BTreeSet<Address> = receipt.logs.iter().map(|l| l.address).collect();
            let mut sum = U256::ZERO;
            for (a, was) in accounts.iter().zip(&before) {
                let now = sys.imo.backend.chain.balance(*a);
                sum += now;
                if now != *was {
                    touched.insert(*a);
                }
            }
            ensure!(
                sum == total,
                "ETH created or lost: the system's accounts hold {sum}, they held {total}"
            );
            if let (Action::Execute { proposal, .. }, true) = (action, receipt.success) {
                let id = ghost.proposal(*proposal);
                let acts = sys
                    .imo
                    .view(
                        governor,
                        IModelGovernor::proposalActionsCall { proposalId: id },
                    )?
                    ._0;
                let values: U256 = acts.values.iter().copied().sum();
                let g = accounts.iter().position(|a| *a == governor).unwrap_or(0);
                let now = sys.imo.backend.chain.balance(governor);
                ensure!(
                    before[g] == now + values,
                    "governor: executing proposal {id} moved {} wei, its values are {values}",
                    before[g] - now
                );
            }
            ghost.observe(sys, action, &receipt)?;
            let last = i + 1 == actions.len();
            checks::contracts(sys, &ghost, &touched, last)?;
            Ok(u64::from(!touched.is_empty() || last))
        };
        let checked = step().map_err(|e| (i, format!("after {}: {e:#}", outcome.label)))?;
        if let Some(report) = report.as_deref_mut() {
            report.calls += 1;
            report.checks += checked;
            let k = kind(action);
            let path = if receipt.success {
                report.succeeded += 1;
                "ok".to_string()
            } else {
                revert_name(&receipt.output)
            };
            report.paths.entry(k).or_default().insert(path);
        }
    }
    if let Some(report) = report {
        report.calls += actions
            .iter()
            .filter(|a| matches!(a, Action::Wait { .. }))
            .count() as u64;
    }
    Ok(())
}

/// The fuzzer: the system, its memory right after setup and the ETH it holds.
pub struct Fuzzer {
    /// The system.
    pub sys: System,
    ghost: Ghost,
    total: U256,
}

impl Fuzzer {
    /// Deploys and sets up the system.
    ///
    /// # Errors
    ///
    /// When the setup fails.
    pub fn new() -> anyhow::Result<Self> {
        let sys = System::new()?;
        let ghost = Ghost::new(&sys);
        let total = sys.total_eth();
        Ok(Self { sys, ghost, total })
    }

    /// Runs `actions` from the state after setup, checking after each.
    ///
    /// # Errors
    ///
    /// The first broken invariant, with the index of the action that broke it.
    pub fn replay(&mut self, actions: &[Action]) -> Result<(), (usize, String)> {
        episode(&mut self.sys, &self.ghost, self.total, actions, None)
    }

    /// Runs `settings.episodes` random episodes; the first failure is shrunk and returned.
    ///
    /// # Errors
    ///
    /// The shrunk failing sequence with its seed.
    pub fn run(&mut self, settings: Settings) -> Result<Report, Box<Failure>> {
        let mut report = Report::default();
        for e in 0..settings.episodes {
            let seed = settings.seed.wrapping_add(e);
            let mut rng = StdRng::seed_from_u64(seed);
            let actions: Vec<Action> = (0..settings.calls)
                .map(|_| Action::random(&mut rng))
                .collect();
            if let Err((at, message)) = episode(
                &mut self.sys,
                &self.ghost,
                self.total,
                &actions,
                Some(&mut report),
            ) {
                let failing = actions[..=at].to_vec();
                let (actions, message) = self.shrink(failing, message);
                return Err(Box::new(Failure {
                    seed,
                    actions,
                    message,
                }));
            }
        }
        Ok(report)
    }

    /// Removes actions from a failing sequence while it still fails (chunks of halving size,
    /// then single actions). Returns the shortest failing sequence found and its failure.
    pub fn shrink(
        &mut self,
        mut actions: Vec<Action>,
        mut message: String,
    ) -> (Vec<Action>, String) {
        let mut chunk = actions.len().div_ceil(2);
        while chunk >= 1 {
            let mut start = 0;
            while start < actions.len() {
                let mut candidate = actions.clone();
                candidate.drain(start..(start + chunk).min(actions.len()));
                match self.replay(&candidate) {
                    Err((at, m)) => {
                        candidate.truncate(at + 1);
                        actions = candidate;
                        message = m;
                    }
                    Ok(()) => start += chunk,
                }
            }
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2).min(chunk - 1);
        }
        (actions, message)
    }
}
