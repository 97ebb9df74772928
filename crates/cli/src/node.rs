//! `imo node`: a reference inference node. It polls the oracle's `AICallbackRequest` logs
//! (`eth_getLogs`), runs a [`Model`] on each request of its model and answers with
//! `invokeCallback`. The node's account must be whitelisted and staked in the verifier.

use alloy_primitives::{hex, keccak256, Address, U256};
use alloy_rpc_types_eth::Filter;
use alloy_sol_types::{SolCall, SolEvent};
use imo_client::bindings::ai_oracle::IAIOracle;
use imo_client::{decode_revert, Backend, RpcBackend};

/// What a node runs for each request. Implement it to plug in a real model.
pub trait Model {
    /// A name for messages.
    fn name(&self) -> String;
    /// The output for `input` (the bytes the oracle delivers to the callback).
    fn infer(&mut self, input: &[u8]) -> Vec<u8>;
}

/// The built-in model: **not AI**, a small deterministic function for demonstrations and tests.
/// Its output is `"imo-demo-model: <first 8 bytes of keccak256(input) in hex> <input reversed>"`,
/// so anyone can recompute (and challenge) a result.
#[derive(Clone, Copy, Debug, Default)]
pub struct DeterministicModel;

impl Model for DeterministicModel {
    fn name(&self) -> String {
        "imo-demo-model (deterministic, built in)".into()
    }

    fn infer(&mut self, input: &[u8]) -> Vec<u8> {
        let hash = keccak256(input);
        let mut out = b"imo-demo-model: ".to_vec();
        out.extend_from_slice(hex::encode(&hash[..8]).as_bytes());
        out.push(b' ');
        out.extend(input.iter().rev());
        out
    }
}

/// A node watching one oracle for one model.
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

impl<M: Model> Node<M> {
    /// A node starting at `from_block` (default: the current block).
    ///
    /// # Errors
    ///
    /// Transport errors.
    pub fn new(
        backend: RpcBackend,
        oracle: Address,
        model_id: U256,
        model: M,
        from_block: Option<u64>,
    ) -> anyhow::Result<Self> {
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
    /// Returns the ids answered (a failed answer is reported and skipped).
    ///
    /// # Errors
    ///
    /// Transport errors.
    pub fn poll_once(&mut self) -> anyhow::Result<Vec<U256>> {
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
        let mut answered = Vec::new();
        for log in self.backend.logs(&filter)? {
            if log.topics().first() == Some(&IAIOracle::AICallbackRequest_1::SIGNATURE_HASH) {
                println!("skipping a batch request (the reference node serves single requests)");
                continue;
            }
            let Ok(request) = IAIOracle::AICallbackRequest_0::decode_log_data(log.data(), true)
            else {
                println!("skipping an undecodable AICallbackRequest log");
                continue;
            };
            if request.modelId != self.model_id {
                continue;
            }
            let output = self.model.infer(&request.input);
            let call = IAIOracle::invokeCallbackCall {
                requestId: request.requestId,
                output: output.clone().into(),
            };
            let node = self.backend.deployer();
            let r = self
                .backend
                .send(node, self.oracle, &call.abi_encode(), U256::ZERO)?;
            if r.success {
                println!(
                    "request {} answered ({} bytes, gas {})",
                    request.requestId,
                    output.len(),
                    r.gas_used
                );
                answered.push(request.requestId);
            } else {
                println!(
                    "request {}: invokeCallback failed: {}",
                    request.requestId,
                    decode_revert(&r.output).unwrap_or_else(|| r.describe())
                );
            }
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
