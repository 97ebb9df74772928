//! AI Oracle for Arbitrum Stylus.
//!
//! A registry of AI models and inference nodes that takes paid inference requests, lets whitelisted
//! and staked nodes deliver results, calls the requester's callback contract with the result, and
//! treats a result as final once a challenge window passed without a successful challenge
//! (optimistic ML). Part of every model fee accrues to the model's receiver (for an IMO, the model's
//! RevShare token), which anyone can pay out with `claimModelRevenue`.
//!
//! The request / callback part keeps the exact ABI of ORA's `AIOracle` (selectors and event topics),
//! so dApps and nodes written for ORA work unchanged. The full ABI is in
//! `solidity/interfaces/IImoAIOracle.sol`.
//!
//! Money never leaves the contract except through an explicit withdrawal or payout, and every wei is
//! accounted for:
//! `balance == Σ model revenue + protocol revenue + Σ node earnings + Σ refunds
//! + Σ delivery fees of requests not yet answered`.
//!
//! The contract is built with the SDK's `reentrant` feature: consumers call back into the oracle from
//! their callbacks (nested inference) and the RevShare token calls `claimModelRevenue` while it
//! receives the payout. Every external call happens after all state changes of the call
//! (checks-effects-interactions), and a request's status changes before its callback runs, so nothing
//! is delivered or paid twice.
//!
//! # Two programs, one storage
//! The crate builds two WASM programs (see the README for why): the oracle (this crate's default
//! build) and its administration extension (`--features admin`, artifact `imo-ai-oracle-admin`):
//! model registry changes, parameters, pause, blacklist, protocol revenue and ownership. The oracle
//! forwards every selector it does not route itself to the extension with a delegate call, so both
//! run on the oracle's storage and the whole ABI is served at the oracle's address. The extension's
//! address is fixed at construction.
//!
//! Modules: [`request`] (paid requests, fees), [`delivery`] (results, callbacks, errors),
//! [`models`] (the registry and revenue), [`hooks`] (what the verifier calls), [`funds`]
//! (withdrawals), [`admin`] (the extension's logic), `registrar` (the launchpad's registration
//! role; compiled into the extension only), [`errors`], [`events`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
// `#[entrypoint]` emits undocumented fns for wasm and under `export-abi`.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
#![deny(rustdoc::broken_intra_doc_links)]
#![cfg_attr(feature = "admin", allow(dead_code))] // the extension build uses only the admin half
extern crate alloc;

pub mod admin;
pub mod delivery;
pub mod errors;
pub mod events;
pub mod funds;
pub mod hooks;
pub mod models;
#[cfg(any(feature = "admin", test))]
pub mod registrar;
pub mod request;
#[cfg(feature = "admin")]
mod router_admin;
#[cfg(not(feature = "admin"))]
mod router_main;

#[cfg(test)]
mod tests;

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};
use imo_common::{access::Ownable2Step, credits::Credits};
use stylus_sdk::{
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageBool, StorageMap, StorageU128, StorageU32, StorageU64,
        StorageU8, StorageU96,
    },
};

pub use delivery::can_forward_gas;
pub use errors::*;
pub use events::*;
/// The admin build's ABI printer (`cargo stylus export-abi --rust-features admin`).
#[cfg(all(feature = "admin", feature = "export-abi"))]
pub use router_admin::print_from_args;
#[cfg(feature = "admin")]
pub use router_admin::AIOracleAdmin;

/// Data availability: calldata.
pub const DA_CALLDATA: u8 = 0;
/// Data availability: IPFS (not allowed for inputs).
pub const DA_IPFS: u8 = 2;
/// Gas kept back for the `CALL` itself (cold account access, memory, hostio) when checking that a
/// callback can get its full `gasLimit`.
pub const CALLBACK_GAS_RESERVE: u64 = 10_000;
/// The most gas a request may reserve for its callback: a larger `gasLimit` could never be
/// delivered inside a block, and the payment would be stuck.
pub const MAX_CALLBACK_GAS_LIMIT: u64 = 10_000_000;
/// After this many seconds without an answer, anyone may refund a request's delivery fee to its
/// requester (`refundRequest`); a late answer is refused.
pub const REQUEST_TIMEOUT: u64 = 24 * 60 * 60;

/// Where a request stands (stored as its `u8` value).
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Requested, not answered yet.
    Pending = 0,
    /// A node delivered a result.
    Delivered = 1,
    /// The result is challenged and the challenge is open.
    Challenged = 2,
    /// A challenge succeeded and the verifier replaced the result; final.
    Corrected = 3,
    /// A node answered with an error (`feedbackError`); closed, the delivery fee refunded.
    Errored = 4,
    /// Nobody answered within [`REQUEST_TIMEOUT`]; closed, the delivery fee refunded.
    Refunded = 5,
}

impl Status {
    /// The status stored as `value` (an unknown value reads as `Pending`, which no code writes).
    #[must_use]
    pub fn from_stored(value: u8) -> Self {
        match value {
            1 => Status::Delivered,
            2 => Status::Challenged,
            3 => Status::Corrected,
            4 => Status::Errored,
            5 => Status::Refunded,
            _ => Status::Pending,
        }
    }
}

/// A registered model. Slots 0 and 1 are what a request reads; 2..4 only `getModel` reads.
#[storage]
pub struct Model {
    /// Where the accrued revenue goes (slot 0, with `fee`).
    pub(crate) receiver: StorageAddress,
    /// Fee per inference, in wei (at most `u64::MAX`, 18.4 ETH; slot 0, with `receiver`).
    pub(crate) fee: StorageU64,
    /// Revenue accrued for `receiver` (slot 1, with the three small fields).
    pub(crate) accrued: StorageU128,
    /// Percentage (0..=100) of the model fee that accrues to `receiver`.
    pub(crate) receiver_percentage: StorageU8,
    /// Registered and not removed.
    pub(crate) active: StorageBool,
    /// Informational flag of the ORA ABI (no opML program for this model).
    pub(crate) unverifiable: StorageBool,
    /// Hash of the model weights.
    pub(crate) model_hash: StorageB256,
    /// Hash of the opML program that runs the model.
    pub(crate) program_hash: StorageB256,
    /// The model's token (for an IMO, its RevShare token).
    pub(crate) token: StorageAddress,
}

/// A request. Written by `requestCallback`: slots 0..2, plus one slot per 32 bytes of callback
/// data; by delivery: slots 4 and 5.
#[storage]
pub struct Request {
    /// Who paid for the request (slot 0, with `gas_limit`, `data_len` and `created_at`).
    pub(crate) requester: StorageAddress,
    /// Gas forwarded to the callback (at most [`MAX_CALLBACK_GAS_LIMIT`]).
    pub(crate) gas_limit: StorageU32,
    /// Length of the callback data.
    pub(crate) data_len: StorageU32,
    /// When the request was made (seconds; 32 bits last until 2106).
    pub(crate) created_at: StorageU32,
    /// Callback contract, zero for none (slot 1, with `node_fee`).
    pub(crate) callback: StorageAddress,
    /// The delivery fee (`gasPrice * gasLimit` at request time) owed to the node that answers.
    pub(crate) node_fee: StorageU96,
    /// The request's commitment `keccak256(abi.encodePacked(modelId, input))` (slot 2); the
    /// input itself is only emitted.
    pub(crate) input_hash: StorageB256,
    /// Callback data, 32 bytes per word (slot 3 is only the map's base, never written).
    pub(crate) data_words: StorageMap<U256, StorageB256>,
    /// The node that answered (slot 4, with `window_end` and `status`).
    pub(crate) node: StorageAddress,
    /// End of the challenge window (delivery time + window at delivery).
    pub(crate) window_end: StorageU64,
    /// A [`Status`].
    pub(crate) status: StorageU8,
    /// `keccak256(output)` of the result that stands (slot 5).
    pub(crate) output_hash: StorageB256,
}

/// The AI Oracle's storage, shared by both programs of the crate.
#[cfg_attr(not(feature = "admin"), entrypoint)]
#[storage]
pub struct AIOracle {
    /// Two-step ownership (OpenZeppelin's layout and ABI).
    pub(crate) ownable: Ownable2Step,
    /// Number of requests so far; ids start at 1 (slot with `protocol_revenue`, `paused` and
    /// `blacklisted`).
    pub(crate) request_count: StorageU64,
    /// Protocol share of model fees, withdrawable by the owner.
    pub(crate) protocol_revenue: StorageU128,
    /// Requests paused.
    pub(crate) paused: StorageBool,
    /// How many callback contracts are blacklisted: while none is, a request skips the
    /// blacklist's (cold) slot.
    pub(crate) blacklisted: StorageU32,
    /// Lower bound of the gas price used for fees.
    pub(crate) min_gas_price: StorageU128,
    /// The verifier: node registry and stakes, challenges, slashing (slot with `challenge_window`).
    pub(crate) verifier: StorageAddress,
    /// Seconds after delivery during which a result can be challenged.
    pub(crate) challenge_window: StorageU64,
    pub(crate) models: StorageMap<U256, Model>,
    pub(crate) requests: StorageMap<U256, Request>,
    /// Node earnings (delivery fees), withdrawn by each node.
    pub(crate) earnings: Credits,
    /// Credits: overpayments and refused payouts, withdrawn by each account.
    pub(crate) refunds: Credits,
    pub(crate) blacklist: StorageMap<Address, StorageBool>,
    /// The administration extension (the crate's `admin` build), fixed at construction.
    pub(crate) admin: StorageAddress,
    // The registrar (see the `registrar` module) lives at a slot of its own, outside this layout, so that
    // the main program's storage (and code) did not change when it was added.
}

// SAFETY: in the extension build `AIOracle` is the whole storage of the top-level `AIOracleAdmin`
// (its only field, at slot 0), so calls made from it cannot alias another storage reference.
#[cfg(feature = "admin")]
unsafe impl TopLevelStorage for AIOracle {}
