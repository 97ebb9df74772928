//! motsu tests of the oracle, run together with the real verifier (`imo-ai-oracle-verifier`).
//!
//! Actors are small contracts (`Wallet`) rather than plain addresses: motsu aborts the test binary
//! when ETH is sent to an address without a contract. motsu does not meter gas, so the gas-related
//! behaviour is pinned two ways: `can_forward_gas` is tested on numbers, and the gas burner
//! consumer reverts with empty data, which is what an out-of-gas callback looks like to the oracle.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]

use alloc::vec::Vec;

use alloy_primitives::{uint, Address, B256, U256};

use imo_ai_oracle_verifier::OracleVerifier;
use imo_dispute_game::DisputeGame;
use imo_testkit::Wallet;
use motsu::prelude::*;
use stylus_sdk::abi::Bytes as AbiBytes;

mod abi;
mod accounting;
mod actors;
mod admin;
mod challenges;
mod delivery;
mod money;
mod proptests;
mod requests;
mod revenue;
mod safety;

pub(crate) use accounting::{assert_identity, track};
pub(crate) use actors::*;

use super::*;

pub(crate) const WINDOW: u64 = 3_600;
pub(crate) const MIN_GAS_PRICE: u64 = 2;
pub(crate) const BOND: u64 = 500;
pub(crate) const MIN_STAKE: u64 = 10_000;
pub(crate) const MODEL: U256 = uint!(11_U256);
pub(crate) const MODEL_FEE: u64 = 1_000;
pub(crate) const PCT: u64 = 40;
pub(crate) const GAS: u64 = 100_000;
const RICH: U256 = uint!(1_000_000_000_000_U256);

pub(crate) fn u(x: u64) -> U256 {
    U256::from(x)
}

pub(crate) fn b(x: &[u8]) -> AbiBytes {
    AbiBytes::from(x.to_vec())
}

/// Moves the clock of every contract.
pub(crate) fn advance(seconds: u64) {
    imo_testkit::clock::advance(seconds);
}

pub(crate) struct Env {
    pub(crate) oracle: Contract<AIOracle>,
    pub(crate) verifier: Contract<OracleVerifier>,
    pub(crate) game: Contract<DisputeGame>,
    pub(crate) owner: Contract<Wallet>,
    pub(crate) node: Contract<Wallet>,
    pub(crate) arbiter: Contract<Wallet>,
    pub(crate) receiver: Contract<Wallet>,
    pub(crate) user: Contract<Wallet>,
    pub(crate) recorder: Contract<Recorder>,
}

impl Env {
    pub(crate) fn new() -> Self {
        let env = Env {
            oracle: Contract::new(),
            verifier: Contract::new(),
            game: Contract::new(),
            owner: Contract::new(),
            node: Contract::new(),
            arbiter: Contract::new(),
            receiver: Contract::new(),
            user: Contract::new(),
            recorder: Contract::new(),
        };
        let owner = env.owner.address();
        env.oracle
            .sender(owner)
            .constructor(
                owner,
                env.verifier.address(),
                WINDOW,
                u(MIN_GAS_PRICE),
                Address::ZERO,
            )
            .motsu_unwrap();
        env.verifier
            .sender(owner)
            .constructor(
                owner,
                env.oracle.address(),
                env.arbiter.address(),
                u(BOND),
                u(MIN_STAKE),
                env.game.address(),
                Address::ZERO,
            )
            .motsu_unwrap();
        env.game.sender(owner).constructor(WINDOW);
        env.add_model(MODEL, env.receiver.address(), PCT);
        env.add_node(env.node.address());
        for who in [
            env.user.address(),
            env.arbiter.address(),
            env.owner.address(),
        ] {
            who.fund(RICH);
        }
        env.recorder.address().fund(RICH);
        env
    }

    pub(crate) fn add_model(&self, id: U256, receiver: Address, pct: u64) {
        self.oracle
            .sender(self.owner.address())
            .add_model(
                id,
                B256::repeat_byte(1),
                B256::repeat_byte(2),
                u(MODEL_FEE),
                receiver,
                u(pct),
                Address::ZERO,
                // Registered without an opML program: its disputes go to the arbiter (the
                // games of a verifiable model are tested in `games.rs`).
                true,
            )
            .motsu_unwrap();
    }

    /// Whitelists and stakes `node`.
    pub(crate) fn add_node(&self, node: Address) {
        node.fund(u(MIN_STAKE) * u(3));
        self.verifier
            .sender(self.owner.address())
            .add_node(node)
            .motsu_unwrap();
        self.verifier
            .sender_and_value(node, u(MIN_STAKE))
            .stake()
            .motsu_unwrap();
    }

    pub(crate) fn fee(&self) -> U256 {
        u(MODEL_FEE + MIN_GAS_PRICE * GAS)
    }

    /// A request from `user` with the recorder as callback.
    pub(crate) fn request(&self) -> U256 {
        self.request_to(self.recorder.address(), GAS)
    }

    pub(crate) fn request_to(&self, callback: Address, gas: u64) -> U256 {
        let fee = self
            .oracle
            .sender(self.user.address())
            .estimate_fee(MODEL, u(gas))
            .motsu_unwrap();
        self.oracle
            .sender_and_value(self.user.address(), fee)
            .request_callback(MODEL, b(b"prompt"), callback, gas, b(b"data"))
            .motsu_unwrap()
    }

    pub(crate) fn deliver(&self, id: U256, output: &[u8]) {
        self.oracle
            .sender(self.node.address())
            .invoke_callback(id, b(output))
            .motsu_unwrap();
    }

    /// A request read from storage: `(requester, callback, gasLimit, nodeFee, commitment, node,
    /// windowEnd, status, outputHash)`.
    pub(crate) fn req(
        &self,
        id: U256,
    ) -> (Address, Address, u64, U256, B256, Address, u64, u8, B256) {
        let o = self.oracle.sender(self.user.address());
        let r = o.requests.getter(id);
        (
            r.requester.get(),
            r.callback.get(),
            r.gas_limit.get().to::<u64>(),
            U256::from(imo_common::math::from_stored(r.node_fee.get())),
            r.input_hash.get(),
            r.node.get(),
            r.window_end.get().to::<u64>(),
            r.status.get().to::<u8>(),
            r.output_hash.get(),
        )
    }

    pub(crate) fn status(&self, id: U256) -> u8 {
        self.req(id).7
    }

    pub(crate) fn request_count(&self) -> u64 {
        self.oracle
            .sender(self.user.address())
            .request_count
            .get()
            .to::<u64>()
    }

    pub(crate) fn set_min_gas_price(&self, price: u64) {
        let p = self.oracle.sender(self.owner.address()).parameters();
        self.oracle
            .sender(self.owner.address())
            .set_parameters(p.1, u(price), p.3)
            .motsu_unwrap();
    }
}

fn err_bytes(e: impl Into<Vec<u8>>) -> Vec<u8> {
    e.into()
}
