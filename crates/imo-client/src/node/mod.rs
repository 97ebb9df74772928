//! The inference node: it reads the oracle's `AICallbackRequest` events, runs a [`Model`] on each
//! request of its model and answers with `invokeCallback` (or `feedbackError` for an input the
//! model cannot run on). ORA's node protocol, unchanged.
//!
//! - [`model`]: the [`Model`] trait and [`Network`], the real `imo-model` networks (the committed
//!   generator, the AIGC NFT's model, and classifier), embedded in the binary: no Python, no files;
//! - this module: the steps on any [`Backend`], shared by `imo node` and the demo: [`requests`]
//!   (the requests in a set of logs), [`answer`] (one request), [`check_registration`] (the
//!   oracle's `getModel` carries the network's `modelHash` / `programHash`);
//! - [`poll`]: [`Node`], the polling loop over a node's JSON-RPC (`eth_getLogs`), `imo node`.

pub mod model;
pub mod poll;
pub mod progress;

pub use model::{shade_lines, Committed, InvalidInput, Model, Network};
pub use poll::Node;

use crate::backend::{Backend, TxReceipt};
use crate::bindings::ai_oracle::IAIOracle;
use crate::revert::decode_revert;
use alloy_primitives::{Address, Log, U256};
use alloy_sol_types::{SolCall, SolEvent};

/// ORA's `feedbackError` code for an input the model cannot run on.
pub const INVALID_INPUT: u8 = 0;

/// One single-inference request, from its `AICallbackRequest` event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The request id.
    pub id: U256,
    /// The model asked for.
    pub model_id: U256,
    /// The input (a prompt for the generator).
    pub input: Vec<u8>,
}

/// What [`requests`] found in a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    /// A single request for the model.
    Request(Request),
    /// A request this node does not serve, and why.
    Skipped(&'static str),
}

/// The oracle's request events among `logs`: single requests for `model_id`, and a note for each
/// batch request (the reference node serves single requests) or undecodable one. Logs of other
/// contracts, other events and other models' requests are left out.
pub fn requests(logs: &[Log], oracle: Address, model_id: U256) -> Vec<Seen> {
    logs.iter()
        .filter(|log| log.address == oracle)
        .filter_map(|log| match log.topics().first() {
            Some(t) if *t == IAIOracle::AICallbackRequest_1::SIGNATURE_HASH => Some(Seen::Skipped(
                "a batch request (the reference node serves single requests)",
            )),
            Some(t) if *t == IAIOracle::AICallbackRequest_0::SIGNATURE_HASH => {
                match IAIOracle::AICallbackRequest_0::decode_log_data(&log.data, true) {
                    Ok(e) if e.modelId == model_id => Some(Seen::Request(Request {
                        id: e.requestId,
                        model_id: e.modelId,
                        input: e.input.to_vec(),
                    })),
                    Ok(_) => None,
                    Err(_) => Some(Seen::Skipped("an undecodable AICallbackRequest log")),
                }
            }
            _ => None,
        })
        .collect()
}

/// What the node sent for one request.
#[derive(Clone, Debug)]
pub enum Answer {
    /// `invokeCallback(id, output)`.
    Delivered(Vec<u8>),
    /// `feedbackError(id, INVALID_INPUT, reason)`: the model cannot run on the input.
    Rejected(String),
}

/// What the node answers to `request`: the model's output (`invokeCallback`) or, for an input
/// the model cannot run on, `feedbackError`; with the calldata of that call.
pub(crate) fn answer_calldata(request: &Request, model: &mut dyn Model) -> (Answer, Vec<u8>) {
    match model.infer(&request.input) {
        Ok(output) => {
            let call = IAIOracle::invokeCallbackCall {
                requestId: request.id,
                output: output.clone().into(),
            };
            (Answer::Delivered(output), call.abi_encode())
        }
        Err(InvalidInput(reason)) => {
            let call = IAIOracle::feedbackErrorCall {
                requestId: request.id,
                code: INVALID_INPUT,
                message: reason.clone().into_bytes().into(),
            };
            (Answer::Rejected(reason), call.abi_encode())
        }
    }
}

/// Runs `model` on `request` and answers from `node`: `invokeCallback` with the output, or
/// `feedbackError` when the input is invalid for the model. The receipt may be a failure (the
/// oracle refused: not a staked node, already answered); the caller decides what that means.
///
/// # Errors
///
/// Transport errors.
pub fn answer<B: Backend + ?Sized>(
    backend: &mut B,
    node: Address,
    oracle: Address,
    request: &Request,
    model: &mut dyn Model,
) -> anyhow::Result<(Answer, TxReceipt)> {
    let (answer, calldata) = answer_calldata(request, model);
    let receipt = backend.send(node, oracle, &calldata, U256::ZERO)?;
    Ok((answer, receipt))
}

/// Checks that the oracle registers `model_id` with the model's commitments (`getModel`'s
/// `modelHash` and `programHash`): a node that delivers another network's outputs loses every
/// dispute. Models without commitments pass.
///
/// # Errors
///
/// An unknown model, different hashes, a failed call.
pub fn check_registration<B: Backend + ?Sized>(
    backend: &mut B,
    oracle: Address,
    model_id: U256,
    model: &dyn Model,
) -> anyhow::Result<()> {
    let Some((model_hash, program_hash)) = model.commitments() else {
        return Ok(());
    };
    let call = IAIOracle::getModelCall { modelId: model_id };
    let r = backend.call(backend.deployer(), oracle, &call.abi_encode())?;
    if !r.success {
        anyhow::bail!(
            "getModel({model_id}) on the oracle {oracle} failed: {}",
            decode_revert(&r.output).unwrap_or_else(|| r.describe())
        );
    }
    let registered = IAIOracle::getModelCall::abi_decode_returns(&r.output, true)
        .map_err(|e| anyhow::anyhow!("getModel({model_id}) on {oracle}: {e}"))?;
    if registered.modelHash != model_hash || registered.programHash != program_hash {
        anyhow::bail!(
            "the oracle registers model {model_id} with modelHash {} and programHash {}, but {} has \
             modelHash {model_hash} and programHash {program_hash}: its outputs would lose every dispute",
            registered.modelHash,
            registered.programHash,
            model.name()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests;
