//! What the fuzzer remembers of a run, learned only from its own transactions and their events:
//! the requests and their delivery fees while undelivered, the challenges opened, the
//! proposals, and who may hold each token. The checks ask the contracts for everything else.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolEvent;
use imo_client::bindings::governor::IModelGovernor;
use imo_client::bindings::imo_oracle::IImoAIOracleVerifier;
use imo_client::bindings::revshare::IRevShareToken;
use imo_client::TxReceipt;
use std::collections::BTreeSet;

use super::actions::Action;
use super::system::System;

/// A request the fuzzer made.
#[derive(Clone, Debug)]
pub struct Request {
    /// Its id.
    pub id: U256,
    /// Its model.
    pub model: u64,
    /// Its input.
    pub input: Vec<u8>,
    /// The delivery fee it paid (`minGasPrice * gasLimit`).
    pub node_fee: U256,
    /// Not yet delivered, answered with an error or refunded: its fee is still owed.
    pub open: bool,
}

/// The fuzzer's memory of one episode.
#[derive(Clone, Debug, Default)]
pub struct Ghost {
    /// Requests in the order they were made.
    pub requests: Vec<Request>,
    /// Challenges opened: (request id, round, challenger).
    pub challenges: Vec<(U256, u32, Address)>,
    /// Proposals created, in order.
    pub proposals: Vec<U256>,
    /// Everyone who ever held each token (the demo's, the launched one).
    pub holders: [BTreeSet<Address>; 2],
    /// The request being sent: (model, input, delivery fee).
    pub pending_request: Option<(u64, Vec<u8>, U256)>,
}

impl Ghost {
    /// A ghost for the system as set up: the holders are read from the setup's `Transfer` events.
    pub fn new(sys: &System) -> Self {
        let mut ghost = Self::default();
        let tokens = [sys.imo.c.token, sys.launch.token];
        for log in sys.imo.backend.chain.logs() {
            ghost.see_transfer(&tokens, log);
        }
        ghost
    }

    fn see_transfer(&mut self, tokens: &[Address; 2], log: &alloy_primitives::Log) {
        let Some(i) = tokens.iter().position(|t| *t == log.address) else {
            return;
        };
        if let Ok(t) = IRevShareToken::Transfer::decode_log_data(&log.data, true) {
            self.holders[i].insert(t.to);
        }
    }

    /// The id of the `i`-th request (modulo those made), or a request that does not exist.
    pub fn request(&self, i: u8) -> U256 {
        if self.requests.is_empty() {
            U256::from(i)
        } else {
            self.requests[usize::from(i) % self.requests.len()].id
        }
    }

    /// The `i`-th request's id, model and input (a made-up one when there are none).
    pub fn request_input(&self, i: u8) -> (U256, u64, Vec<u8>) {
        if self.requests.is_empty() {
            (U256::from(i), 1, b"nothing".to_vec())
        } else {
            let r = &self.requests[usize::from(i) % self.requests.len()];
            (r.id, r.model, r.input.clone())
        }
    }

    /// The `i`-th proposal's id (modulo those created), or one that does not exist.
    pub fn proposal(&self, i: u8) -> U256 {
        if self.proposals.is_empty() {
            U256::from(i)
        } else {
            self.proposals[usize::from(i) % self.proposals.len()]
        }
    }

    /// The delivery fees the oracle still owes (undelivered, unrefunded requests).
    pub fn open_fees(&self) -> U256 {
        self.requests
            .iter()
            .filter(|r| r.open)
            .map(|r| r.node_fee)
            .sum()
    }

    /// Learns from a transaction `action` sent: new requests, deliveries, challenges,
    /// proposals, token holders.
    ///
    /// # Errors
    ///
    /// When a view the bookkeeping needs fails.
    pub fn observe(
        &mut self,
        sys: &mut System,
        action: &Action,
        receipt: &TxReceipt,
    ) -> anyhow::Result<()> {
        let pending = self.pending_request.take();
        if !receipt.success {
            return Ok(());
        }
        let c = sys.imo.c;
        let tokens = [c.token, sys.launch.token];
        for log in &receipt.logs {
            self.see_transfer(&tokens, log);
        }
        match *action {
            Action::Request { .. } => {
                let (model, input, node_fee) = pending.expect("a request remembers its terms");
                let id = imo_client::request_id(receipt, c.oracle)?;
                self.requests.push(Request {
                    id,
                    model,
                    input,
                    node_fee,
                    open: true,
                });
            }
            Action::Deliver { request, .. }
            | Action::Feedback { request, .. }
            | Action::Refund { request, .. } => {
                let id = self.request(request);
                if let Some(r) = self.requests.iter_mut().find(|r| r.id == id) {
                    r.open = false;
                }
            }
            Action::Challenge { by, request, .. } => {
                let id = self.request(request);
                let round = sys
                    .imo
                    .view(
                        c.verifier,
                        IImoAIOracleVerifier::getRoundCall { requestId: id },
                    )?
                    .round;
                let challenger = sys.actor(by).address;
                if !self.challenges.contains(&(id, round, challenger)) {
                    self.challenges.push((id, round, challenger));
                }
            }
            Action::Propose { .. } => {
                for log in &receipt.logs {
                    if let Ok(p) = IModelGovernor::ProposalCreated::decode_log_data(&log.data, true)
                    {
                        self.proposals.push(p.proposalId);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}
