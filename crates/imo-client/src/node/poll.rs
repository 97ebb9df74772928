//! [`Node`]: `imo node`'s loop. It polls the oracle's `AICallbackRequest` logs over JSON-RPC
//! (`eth_getLogs`) and answers every request of its model with [`answer`].

use super::{answer, check_registration, requests, Answer, Model, Seen};
use crate::backend::Backend;
use crate::bindings::ai_oracle::IAIOracle;
use crate::revert::decode_revert;
use crate::rpc::RpcBackend;
use alloy_primitives::{hex, Address, U256};
use alloy_rpc_types_eth::Filter;
use alloy_sol_types::SolEvent;

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
    /// The next block to scan.
    pub next_block: u64,
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
    /// A node starting at `from_block` (default: the current block). It first checks that the
    /// oracle registers `model_id` with the model's `modelHash` and `programHash`.
    ///
    /// # Errors
    ///
    /// Transport errors; a registration that is not the model's.
    pub fn new(
        mut backend: RpcBackend,
        oracle: Address,
        model_id: U256,
        model: M,
        from_block: Option<u64>,
    ) -> anyhow::Result<Self> {
        check_registration(&mut backend, oracle, model_id, &model)?;
        let next_block = match from_block {
            Some(b) => b,
            None => backend.block_number()?,
        };
        Ok(Self {
            backend,
            oracle,
            model_id,
            model,
            next_block,
        })
    }

    /// Scans the new blocks once and answers every request of the model found there.
    /// Returns what was answered (a refused answer is reported and skipped).
    ///
    /// # Errors
    ///
    /// Transport errors.
    pub fn poll_once(&mut self) -> anyhow::Result<Vec<Answered>> {
        let latest = self.backend.block_number()?;
        if latest < self.next_block {
            return Ok(Vec::new());
        }
        let filter = Filter::new()
            .address(self.oracle)
            .from_block(self.next_block)
            .to_block(latest)
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
        let mut answered = Vec::new();
        for seen in requests(&logs, self.oracle, self.model_id) {
            let request = match seen {
                Seen::Request(request) => request,
                Seen::Skipped(what) => {
                    println!("skipping {what}");
                    continue;
                }
            };
            let node = self.backend.deployer();
            let (answer, r) = answer(
                &mut self.backend,
                node,
                self.oracle,
                &request,
                &mut self.model,
            )?;
            if !r.success {
                println!(
                    "request {}: the oracle refused the answer: {}",
                    request.id,
                    decode_revert(&r.output).unwrap_or_else(|| r.describe())
                );
                continue;
            }
            match &answer {
                Answer::Delivered(output) => println!(
                    "request {} answered ({} bytes: {}; gas {})",
                    request.id,
                    output.len(),
                    hex::encode_prefixed(output),
                    r.gas_used
                ),
                Answer::Rejected(reason) => println!(
                    "request {} rejected with feedbackError ({reason}; gas {})",
                    request.id, r.gas_used
                ),
            }
            answered.push(Answered {
                request_id: request.id,
                answer,
            });
        }
        self.next_block = latest + 1;
        Ok(answered)
    }

    /// Polls forever (every `interval`).
    ///
    /// # Errors
    ///
    /// None in practice: failed polls are reported and retried.
    pub fn run(&mut self, interval: std::time::Duration) -> anyhow::Result<()> {
        println!(
            "node {} serving model {} on oracle {} with {}, from block {}",
            self.backend.deployer(),
            self.model_id,
            self.oracle,
            self.model.name(),
            self.next_block
        );
        loop {
            // A transport hiccup is reported and retried at the next poll (the block range
            // is only advanced after a successful scan, so nothing is missed).
            if let Err(e) = self.poll_once() {
                eprintln!("poll failed (retrying): {e:#}");
            }
            std::thread::sleep(interval);
        }
    }
}
