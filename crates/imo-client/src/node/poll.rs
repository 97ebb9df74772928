//! [`Node`]: `imo node`'s loop. It polls the oracle's `AICallbackRequest` logs over JSON-RPC
//! (`eth_getLogs`) and answers every request of its model.
//!
//! Faults: a poll that fails (a dropped connection, a timeout, an error answer) is retried with
//! exponential backoff, and nothing is lost or done twice:
//! - the block range advances only after every request in it is answered, and with `--state FILE`
//!   the progress (next block, requests already answered, the delivery in flight) survives a
//!   restart;
//! - each answer is simulated first (`eth_estimateGas`): one the oracle would refuse (already
//!   answered, say) is never sent, so it costs no gas;
//! - a delivery is signed and recorded before it is sent; after a fault the node waits for that
//!   transaction's receipt, or sends the same signed bytes again (same nonce: at most one of
//!   them can be mined), instead of signing a second delivery.

use super::progress::{InFlight, ProgressFile};
use super::{answer_calldata, check_registration, requests, Answer, Model, Seen};
use crate::backend::{Backend, TxReceipt};
use crate::bindings::ai_oracle::IAIOracle;
use crate::revert::decode_revert;
use crate::rpc::RpcBackend;
use alloy_primitives::{hex, Address, U256};
use alloy_rpc_types_eth::Filter;
use alloy_sol_types::SolEvent;
use std::path::Path;
use std::time::Duration;

/// The most blocks one `eth_getLogs` asks for.
const MAX_LOG_RANGE: u64 = 10_000;

/// The longest wait between failed polls.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// A node watching one oracle for one model. Its account (the backend's deployer key) must be
/// whitelisted and staked in the verifier.
pub struct Node<M: Model> {
    /// The chain (the node's key is the backend's deployer key).
    pub backend: RpcBackend,
    /// The oracle.
    pub oracle: Address,
    /// The model served.
    pub model_id: U256,
    /// The model run.
    pub model: M,
    /// Progress (next block, answered requests, the delivery in flight), persisted when a file
    /// was given.
    pub state: ProgressFile,
}

/// One request answered by [`Node::poll_once`].
#[derive(Clone, Debug)]
pub struct Answered {
    /// The request.
    pub request_id: U256,
    /// What was sent.
    pub answer: Answer,
}

impl<M: Model> Node<M> {
    /// A node starting at `from_block` (default: the current block), or where `state` (a file
    /// of an earlier run of this node) says: an existing state file wins over `from_block`. It first checks that the oracle registers
    /// `model_id` with the model's `modelHash` and `programHash`.
    ///
    /// # Errors
    ///
    /// Transport errors; a registration that is not the model's; a state file that cannot be
    /// read or belongs to another node.
    pub fn new(
        mut backend: RpcBackend,
        oracle: Address,
        model_id: U256,
        model: M,
        from_block: Option<u64>,
        state: Option<&Path>,
    ) -> anyhow::Result<Self> {
        check_registration(&mut backend, oracle, model_id, &model)?;
        let next_block = match from_block {
            Some(b) => b,
            None => backend.block_number()?,
        };
        let node = backend.deployer();
        let fresh = ProgressFile::fresh(backend.chain_id, oracle, model_id, node, next_block);
        let state = ProgressFile::open(state, fresh)?;
        if let (Some(b), Some(path)) = (from_block, &state.path) {
            if state.progress.next_block != b {
                println!(
                    "resuming at block {} from {} (--from-block {b} applies to a new state file)",
                    state.progress.next_block,
                    path.display()
                );
            }
        }
        Ok(Self {
            backend,
            oracle,
            model_id,
            model,
            state,
        })
    }

    /// The next block to scan.
    pub fn next_block(&self) -> u64 {
        self.state.progress.next_block
    }

    /// Scans the new blocks once and answers every request of the model found there (at most
    /// [`MAX_LOG_RANGE`] blocks a call). Returns what was answered now (a refused answer is
    /// reported and skipped, never retried).
    ///
    /// # Errors
    ///
    /// Transport errors (the progress made so far is kept: the next poll resumes there).
    pub fn poll_once(&mut self) -> anyhow::Result<Vec<Answered>> {
        self.settle_in_flight()?;
        let latest = self.backend.block_number()?;
        let mut answered = Vec::new();
        while self.next_block() <= latest {
            let from = self.next_block();
            let to = latest.min(from.saturating_add(MAX_LOG_RANGE - 1));
            let filter = Filter::new()
                .address(self.oracle)
                .from_block(from)
                .to_block(to)
                .event_signature(vec![
                    IAIOracle::AICallbackRequest_0::SIGNATURE_HASH,
                    IAIOracle::AICallbackRequest_1::SIGNATURE_HASH,
                ]);
            let logs: Vec<_> = self
                .backend
                .logs(&filter)?
                .into_iter()
                .map(|log| log.inner)
                .collect();
            for seen in requests(&logs, self.oracle, self.model_id) {
                let request = match seen {
                    Seen::Request(request) => request,
                    Seen::Skipped(what) => {
                        println!("skipping {what}");
                        continue;
                    }
                };
                if self.state.progress.answered.contains(&request.id) {
                    continue;
                }
                if let Some(a) = self.answer(&request)? {
                    answered.push(a);
                }
            }
            let progress = &mut self.state.progress;
            progress.next_block = to + 1;
            progress.answered.clear();
            self.state.save()?;
        }
        Ok(answered)
    }

    /// Answers one request: simulated first (not sent when the oracle would refuse it), then
    /// signed, recorded as in flight, sent and confirmed.
    fn answer(&mut self, request: &super::Request) -> anyhow::Result<Option<Answered>> {
        let node = self.backend.deployer();
        let (answer, calldata) = answer_calldata(request, &mut self.model);
        let signed = match self
            .backend
            .sign(node, Some(self.oracle), &calldata, U256::ZERO)?
        {
            Ok(signed) => signed,
            Err(refused) => {
                println!(
                    "request {}: not sent, the oracle would refuse the answer: {}",
                    request.id,
                    reason(&refused)
                );
                self.done(request.id)?;
                return Ok(None);
            }
        };
        self.state.progress.in_flight = Some(InFlight::new(request.id, &signed));
        self.state.save()?;
        if let Err(e) = self.backend.broadcast(&signed.raw) {
            // It may have arrived: the next poll waits for it or sends it again.
            return Err(e.context(format!("sending the answer to request {}", request.id)));
        }
        let r = self.backend.confirm(&signed)?;
        self.state.progress.in_flight = None;
        self.done(request.id)?;
        Ok(report(request.id, answer, &r))
    }

    /// Records `request_id` as answered in the current block range.
    fn done(&mut self, request_id: U256) -> anyhow::Result<()> {
        self.state.progress.answered.insert(request_id);
        self.state.save()
    }

    /// Finishes the delivery a fault or a restart interrupted: its receipt if it was mined,
    /// else the same signed transaction sent again and confirmed. A transaction the node now
    /// refuses (its nonce was used: it was mined and its receipt is gone, or replaced) is
    /// dropped; the request is then simulated again by the scan.
    fn settle_in_flight(&mut self) -> anyhow::Result<()> {
        let Some(flight) = self.state.progress.in_flight.clone() else {
            return Ok(());
        };
        let receipt = match self.backend.receipt(flight.hash)? {
            Some(receipt) => receipt,
            None => {
                if let Err(e) = self.backend.broadcast(&flight.raw) {
                    if self.backend.receipt(flight.hash)?.is_none() {
                        println!(
                            "request {}: the interrupted delivery {} was not mined and cannot \
                             be sent again ({e:#}); the request is checked again",
                            flight.request_id, flight.hash
                        );
                        self.state.progress.in_flight = None;
                        return self.state.save();
                    }
                }
                let signed = crate::rpc::Signed {
                    hash: flight.hash,
                    raw: flight.raw.clone(),
                    from: self.backend.deployer(),
                    to: Some(self.oracle),
                    data: flight.data.clone(),
                    value: U256::ZERO,
                };
                self.backend.confirm(&signed)?
            }
        };
        println!(
            "request {}: the interrupted delivery {} is mined ({})",
            flight.request_id,
            flight.hash,
            if receipt.success {
                "success"
            } else {
                "reverted"
            }
        );
        self.state.progress.in_flight = None;
        self.done(flight.request_id)
    }

    /// Polls forever (every `interval`; after failures, twice as long each time up to a
    /// minute).
    ///
    /// # Errors
    ///
    /// None in practice: failed polls are reported and retried.
    pub fn run(&mut self, interval: Duration) -> anyhow::Result<()> {
        println!(
            "node {} serving model {} on oracle {} with {}, from block {}{}",
            self.backend.deployer(),
            self.model_id,
            self.oracle,
            self.model.name(),
            self.next_block(),
            match &self.state.path {
                Some(p) => format!(" (progress in {})", p.display()),
                None => String::new(),
            }
        );
        let mut failures = 0u32;
        loop {
            let wait = match self.poll_once() {
                Ok(_) => {
                    failures = 0;
                    interval
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let wait = interval
                        .saturating_mul(1 << failures.min(6))
                        .min(MAX_BACKOFF);
                    eprintln!(
                        "poll failed ({failures} in a row; retrying in {:.1} s from block {}): \
                         {e:#}",
                        wait.as_secs_f64(),
                        self.next_block()
                    );
                    wait
                }
            };
            std::thread::sleep(wait);
        }
    }
}

/// Why the oracle refuses (or reverted) an answer.
fn reason(r: &TxReceipt) -> String {
    decode_revert(&r.output).unwrap_or_else(|| r.describe())
}

/// Prints what became of an answer; `None` when the oracle reverted it.
fn report(request_id: U256, answer: Answer, r: &TxReceipt) -> Option<Answered> {
    if !r.success {
        println!(
            "request {request_id}: the oracle refused the answer: {}",
            reason(r)
        );
        return None;
    }
    match &answer {
        Answer::Delivered(output) => println!(
            "request {request_id} answered ({} bytes: {}; gas {})",
            output.len(),
            hex::encode_prefixed(output),
            r.gas_used
        ),
        Answer::Rejected(why) => println!(
            "request {request_id} rejected with feedbackError ({why}; gas {})",
            r.gas_used
        ),
    }
    Some(Answered { request_id, answer })
}
