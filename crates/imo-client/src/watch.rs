//! [`Watcher`]: `imo watch`'s loop. It polls the oracle's and the dispute game's logs over
//! JSON-RPC, re-executes every delivered result of one verifiable model with `imo-model` (the
//! same crate the chain re-executes), challenges a mismatch, and plays every game its account is
//! a party to until it ends: its trace, the one-step proof, and `timeout` when the other party
//! misses a deadline. With the node's key it defends the node's results the same way.
//!
//! [`Behaviour::WrongAt`] and [`Behaviour::Stall`] are TEST ONLY: a dishonest party that plays a
//! wrong trace (never proving, it can only hope for a timeout) or never moves, so the suite and
//! the demo can run the whole fraud proof against a real opponent.

use crate::backend::Backend;
use crate::bindings::{
    ai_oracle::IAIOracle, dispute_game::IImoDisputeGame, imo_oracle::IImoAIOracleVerifier,
};
use crate::config::{Config, Contracts};
use crate::game::{self, PHASE_CHALLENGER_TRACE, PHASE_DEFENDER_TRACE, PHASE_ENDED};
use crate::imo::Imo;
use crate::node::{requests, Network, Seen};
use crate::rpc::RpcBackend;
use alloy_primitives::{Address, B256, U256};
use alloy_rpc_types_eth::Filter;
use alloy_sol_types::{SolCall, SolEvent};
use imo_model::dispute::Trace;
use std::collections::{BTreeMap, BTreeSet};

/// How the watcher computes and plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Runs the model and plays every move (the watcher; a node defending its results).
    Honest,
    /// TEST ONLY: computes step `k` wrong (and everything after it), plays that trace and never
    /// proves.
    WrongAt(usize),
    /// TEST ONLY: never moves in a game (loses by timeout).
    Stall,
}

/// What one poll did, for the caller's report and the tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Polled {
    /// Requests whose result was challenged (with the game started).
    pub challenged: Vec<(U256, u64)>,
    /// Moves sent: `(game, what)`.
    pub moves: Vec<(u64, &'static str)>,
    /// Games seen ended: `(game, outcome)`.
    pub ended: Vec<(u64, u8)>,
}

/// A watcher of one oracle and one verifiable model; its account is the backend's key.
pub struct Watcher {
    /// The system as far as the watcher needs it (oracle, verifier, dispute game, model id).
    pub imo: Imo<RpcBackend>,
    /// The model re-executed.
    pub network: Network,
    /// Honest, or a TEST-ONLY dishonest party.
    pub behaviour: Behaviour,
    /// Whether to challenge results that differ from its own computation.
    pub challenge: bool,
    /// The next block to scan.
    pub next_block: u64,
    inputs: BTreeMap<U256, Vec<u8>>,
    games: BTreeSet<u64>,
    challenger_traces: BTreeMap<u64, Vec<B256>>,
}

impl Watcher {
    /// A watcher of `oracle`'s `model_id` from `from_block` (default: the current block); the
    /// verifier and the dispute game are read from the oracle and the verifier.
    ///
    /// # Errors
    ///
    /// Transport errors; a registration that is not the network's; no dispute game.
    pub fn new(
        mut backend: RpcBackend,
        oracle: Address,
        model_id: U256,
        network: Network,
        from_block: Option<u64>,
    ) -> anyhow::Result<Self> {
        crate::node::check_registration(&mut backend, oracle, model_id, &network)?;
        let next_block = match from_block {
            Some(b) => b,
            None => backend.block_number()?,
        };
        let owner = backend.deployer();
        let mut imo = Imo {
            backend,
            cfg: Config {
                model_id: model_id.to::<u64>(),
                ..Config::default()
            },
            c: Contracts {
                oracle,
                ..Contracts::default()
            },
            owner,
            steps: Vec::new(),
            echo: false,
        };
        let params = imo.view(
            oracle,
            crate::bindings::imo_oracle::IImoAIOracle::parametersCall {},
        )?;
        imo.c.verifier = params.verifier;
        imo.c.dispute_game = imo
            .view(params.verifier, IImoAIOracleVerifier::disputeGameCall {})?
            ._0;
        anyhow::ensure!(
            !imo.c.dispute_game.is_zero(),
            "the verifier {} has no dispute game",
            params.verifier
        );
        Ok(Self {
            imo,
            network,
            behaviour: Behaviour::Honest,
            challenge: true,
            next_block,
            inputs: BTreeMap::new(),
            games: BTreeSet::new(),
            challenger_traces: BTreeMap::new(),
        })
    }

    /// The watcher's account.
    pub fn account(&self) -> Address {
        self.imo.owner
    }

    /// This watcher's trace of `input`.
    fn trace(&self, input: &[u8]) -> anyhow::Result<Trace> {
        match self.behaviour {
            Behaviour::WrongAt(k) => game::trace(&self.network, input, Some(k), 64),
            _ => game::trace(&self.network, input, None, 0),
        }
    }

    /// Scans the new blocks, challenges what differs from its own computation, then moves in
    /// every game it is a party to.
    ///
    /// # Errors
    ///
    /// Transport errors.
    pub fn poll_once(&mut self) -> anyhow::Result<Polled> {
        let mut polled = Polled::default();
        let latest = self.imo.backend.block_number()?;
        if latest >= self.next_block {
            let (oracle, game) = (self.imo.c.oracle, self.imo.c.dispute_game);
            let filter = Filter::new()
                .address(vec![oracle, game])
                .from_block(self.next_block)
                .to_block(latest);
            let logs: Vec<_> = self
                .imo
                .backend
                .logs(&filter)?
                .into_iter()
                .map(|log| log.inner)
                .collect();
            let model_id = U256::from(self.imo.cfg.model_id);
            for seen in requests(&logs, oracle, model_id) {
                if let Seen::Request(r) = seen {
                    self.inputs.insert(r.id, r.input);
                }
            }
            let me = self.account();
            for log in &logs {
                if let Ok(e) = IAIOracle::AICallbackResult::decode_log_data(&log.data, true) {
                    if log.address == oracle {
                        if let Some(id) = self.check_result(e.requestId, &e.output)? {
                            polled.challenged.push((e.requestId, id));
                        }
                    }
                } else if log.address != game {
                    continue;
                } else if let Ok(e) = IImoDisputeGame::GameStarted::decode_log_data(&log.data, true)
                {
                    if e.challenger == me || e.defender == me {
                        self.games.insert(e.gameId);
                    }
                } else if let Ok(e) =
                    IImoDisputeGame::ChallengerTracePosted::decode_log_data(&log.data, true)
                {
                    self.challenger_traces.insert(e.gameId, e.trace);
                }
            }
            self.next_block = latest + 1;
        }
        for id in self.games.clone() {
            match self.step(id)? {
                Step::Moved(what) => polled.moves.push((id, what)),
                Step::Ended(outcome) => {
                    self.games.remove(&id);
                    polled.ended.push((id, outcome));
                }
                Step::Waiting => {}
            }
        }
        Ok(polled)
    }

    /// A delivered (or re-delivered) result: challenges it when it differs from the watcher's
    /// own output and the watcher has not challenged it in the current round. Returns the game.
    fn check_result(&mut self, request_id: U256, output: &[u8]) -> anyhow::Result<Option<u64>> {
        let Some(input) = self.inputs.get(&request_id).cloned() else {
            return Ok(None);
        };
        let mine = match self.trace(&input) {
            Ok(t) => t,
            Err(e) => {
                println!("request {request_id}: the model cannot run its input ({e:#})");
                return Ok(None);
            }
        };
        if !self.challenge || mine.output == output {
            return Ok(None);
        }
        let verifier = self.imo.c.verifier;
        let me = self.account();
        let round = self
            .imo
            .view(
                verifier,
                IImoAIOracleVerifier::getRoundCall {
                    requestId: request_id,
                },
            )?
            .round;
        let current = self.imo.view(
            verifier,
            IImoAIOracleVerifier::getChallengeCall {
                requestId: request_id,
                round,
                challenger: me,
            },
        )?;
        if !current.bond.is_zero() {
            return Ok(None);
        }
        match self
            .imo
            .challenge(me, request_id, B256::from(mine.output_hash()), &input)
        {
            Ok(_) => {
                let game = self.imo.game_of(request_id, round, me)?;
                println!("request {request_id}: wrong result, challenged (game {game})");
                self.games.insert(game);
                Ok(Some(game))
            }
            Err(e) => {
                println!("request {request_id}: wrong result, challenge refused: {e:#}");
                Ok(None)
            }
        }
    }

    /// One move in game `id`, if one is due from this watcher.
    fn step(&mut self, id: u64) -> anyhow::Result<Step> {
        let g = self.imo.game(id)?;
        if g.phase == PHASE_ENDED {
            println!("game {id} ended: outcome {}", g.outcome);
            return Ok(Step::Ended(g.outcome));
        }
        if self.behaviour == Behaviour::Stall {
            return Ok(Step::Waiting);
        }
        let me = self.account();
        let Some(input) = self.inputs.get(&g.request_id).cloned() else {
            return Ok(Step::Waiting);
        };
        let mine = self.trace(&input)?;
        let network = self.network.clone();
        let moved = match g.phase {
            PHASE_CHALLENGER_TRACE if g.challenger == me => {
                self.imo.post_challenger_trace(id, me, &network, &mine)?;
                "challenger trace"
            }
            PHASE_DEFENDER_TRACE if g.defender == me => {
                let Some(theirs) = self.challenger_traces.get(&id).cloned() else {
                    return Ok(Step::Waiting);
                };
                let call = IImoDisputeGame::postDefenderTraceCall {
                    gameId: id,
                    trace: mine.hashes.iter().map(|h| B256::from(*h)).collect(),
                    challengerTrace: theirs,
                };
                let game = self.imo.c.dispute_game;
                self.imo
                    .exec("game.postDefenderTrace", me, game, call, U256::ZERO)?;
                "defender trace"
            }
            PHASE_CHALLENGER_TRACE | PHASE_DEFENDER_TRACE => return self.try_timeout(id),
            _ if self.behaviour == Behaviour::Honest => {
                self.imo.prove_step(id, me, &network, &input, &mine)?;
                "one-step proof"
            }
            _ => return self.try_timeout(id),
        };
        println!("game {id}: sent the {moved}");
        Ok(Step::Moved(moved))
    }

    /// Ends game `id` by `timeout` if its deadline passed (checked with a call first).
    fn try_timeout(&mut self, id: u64) -> anyhow::Result<Step> {
        let (me, game) = (self.account(), self.imo.c.dispute_game);
        let call = IImoDisputeGame::timeoutCall { gameId: id };
        if !self.imo.backend.call(me, game, &call.abi_encode())?.success {
            return Ok(Step::Waiting);
        }
        self.imo.exec("game.timeout", me, game, call, U256::ZERO)?;
        println!("game {id}: the other party missed its deadline, timed out");
        Ok(Step::Moved("timeout"))
    }

    /// Polls forever (every `interval`).
    ///
    /// # Errors
    ///
    /// None in practice: failed polls are reported and retried.
    pub fn run(&mut self, interval: std::time::Duration) -> anyhow::Result<()> {
        println!(
            "watcher {} re-executing model {} on oracle {} with {} ({:?}), from block {}",
            self.account(),
            self.imo.cfg.model_id,
            self.imo.c.oracle,
            crate::node::Model::name(&self.network),
            self.behaviour,
            self.next_block
        );
        loop {
            if let Err(e) = self.poll_once() {
                eprintln!("poll failed (retrying): {e:#}");
            }
            std::thread::sleep(interval);
        }
    }
}

/// What [`Watcher::step`] did.
enum Step {
    Moved(&'static str),
    Ended(u8),
    Waiting,
}
