//! AI Oracle for Arbitrum Stylus.
//!
//! A registry of AI models and inference nodes that takes paid inference requests, lets whitelisted
//! and staked nodes deliver results, calls the requester's callback contract with the result, and
//! treats a result as final once a challenge window passed without a successful challenge
//! (optimistic ML). Part of every model fee accrues to the model's receiver (for an IMO, the model's
//! RevShare token), which anyone can pay out with [`AIOracle::claim_model_revenue`].
//!
//! The request / callback part keeps the exact ABI of ORA's `AIOracle` (selectors and event topics),
//! so dApps and nodes written for ORA work unchanged. The full ABI is in
//! `solidity/interfaces/IImoAIOracle.sol`.
//!
//! Money never leaves the contract except through an explicit withdrawal or payout, and every wei is
//! accounted for:
//! `balance == Σ model revenue + protocol revenue + Σ node earnings + Σ refunds + Σ bonds + Σ stakes
//! + Σ delivery fees of requests not yet answered`.
//!
//! The contract is built with the SDK's `reentrant` feature: consumers call back into the oracle from
//! their callbacks (nested inference) and the RevShare token calls [`AIOracle::claim_model_revenue`]
//! while it receives the payout. Every external call happens after all state changes of the call
//! (checks-effects-interactions), and a request's status changes before its callback runs, so nothing
//! is delivered or paid twice.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

use alloc::{vec, vec::Vec};

use alloy_primitives::{
    aliases::{U128, U96},
    Address, Bytes, B256, U256,
};
use alloy_sol_types::{sol, SolCall};
use openzeppelin_stylus::access::{
    ownable::{self, OwnableInvalidOwner, OwnableUnauthorizedAccount},
    ownable_two_step::{IOwnable2Step, Ownable2Step},
};
use stylus_sdk::{
    abi::Bytes as AbiBytes,
    crypto::keccak,
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageBool, StorageMap, StorageU128, StorageU256, StorageU32,
        StorageU64, StorageU8, StorageU96,
    },
};

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod revenue_tests;
#[cfg(test)]
mod tests;

/// Data availability: calldata.
pub const DA_CALLDATA: u8 = 0;
/// Data availability: IPFS (not allowed for inputs).
pub const DA_IPFS: u8 = 2;
/// Gas kept back for the `CALL` itself (cold account access, memory, hostio) when checking that a
/// callback can get its full `gasLimit`.
pub const CALLBACK_GAS_RESERVE: u64 = 10_000;

/// Request status: requested, not answered yet.
pub const STATUS_PENDING: u8 = 0;
/// Request status: a node delivered a result.
pub const STATUS_DELIVERED: u8 = 1;
/// Request status: the result is challenged and the challenge is open.
pub const STATUS_CHALLENGED: u8 = 2;
/// Request status: a challenge succeeded and the verifier replaced the result; final.
pub const STATUS_CORRECTED: u8 = 3;
/// Request status: a node answered with an error (`feedbackError`); closed.
pub const STATUS_ERRORED: u8 = 4;

sol! {
    /// A single inference request (ORA ABI, topic
    /// `keccak256("AICallbackRequest(address,uint256,uint256,bytes,address,uint64,bytes)")`).
    #[derive(Debug, PartialEq)]
    event AICallbackRequest(address indexed account, uint256 indexed requestId, uint256 modelId, bytes input,
        address callbackContract, uint64 gasLimit, bytes callbackData);
}

/// Calldata of the consumer callbacks (the ORA `IAIOracleCallbackReceiver`, as in `imo-common`):
/// the oracle encodes it itself so both callbacks share one call path, which keeps the code small.
pub mod callbacks {
    use alloy_sol_types::sol;
    sol! {
        /// `aiOracleCallback` (selector `0xb0347814`).
        function aiOracleCallback(uint256 requestId, bytes output, bytes callbackData);
        /// `aiOracleCallbackError` (selector `0x8e6fd006`).
        function aiOracleCallbackError(uint256 requestId, uint8 code, bytes message, bytes callbackData);
    }
}

/// The batch overload of `AICallbackRequest` lives in its own module: Solidity allows overloaded
/// events, Rust items need distinct paths.
pub mod batch {
    use alloy_sol_types::sol;
    sol! {
        /// A batch inference request (ORA ABI, the overload with DA fields and batch size).
        #[derive(Debug, PartialEq)]
        event AICallbackRequest(address indexed account, uint256 indexed requestId, uint256 modelId, bytes input,
            address callbackContract, uint64 gasLimit, bytes callbackData, uint8 inputDA, uint8 outputDA,
            uint256 batchSize);
    }
}

sol! {
    /// A node delivered `output` for `requestId` (ORA ABI). Also emitted when a challenge corrects a result.
    #[derive(Debug, PartialEq)]
    event AICallbackResult(address indexed account, uint256 indexed requestId, address invoker, bytes output);
    /// The consumer's callback reverted (or ran out of gas); the result stands.
    #[derive(Debug, PartialEq)]
    event CallbackFailed(uint256 indexed requestId, bytes reason);
    /// A node answered `requestId` with an error; the request is closed.
    #[derive(Debug, PartialEq)]
    event RequestErrored(uint256 indexed requestId, address indexed node, uint8 code, bytes message);
    /// A model was registered.
    #[derive(Debug, PartialEq)]
    event ModelAdded(uint256 indexed modelId, address indexed receiver, uint256 fee, uint256 receiverPercentage);
    /// A model's configuration changed.
    #[derive(Debug, PartialEq)]
    event ModelUpdated(uint256 indexed modelId, address indexed receiver, uint256 fee, uint256 receiverPercentage);
    /// A model was removed.
    #[derive(Debug, PartialEq)]
    event ModelRemoved(uint256 indexed modelId);
    /// `amount` of a model's accrued revenue was paid (or, if the receiver refused it, credited) to `receiver`.
    #[derive(Debug, PartialEq)]
    event ModelRevenueClaimed(uint256 indexed modelId, address indexed receiver, uint256 amount);
    /// `node` withdrew `amount` of earnings.
    #[derive(Debug, PartialEq)]
    event EarningsWithdrawn(address indexed node, uint256 amount);
    /// `amount` was credited to `account` (overpayment, returned bond, refused payout).
    #[derive(Debug, PartialEq)]
    event RefundCredited(address indexed account, uint256 amount);
    /// `account` withdrew `amount` of credit.
    #[derive(Debug, PartialEq)]
    event RefundWithdrawn(address indexed account, uint256 amount);
    /// The owner withdrew `amount` of protocol revenue.
    #[derive(Debug, PartialEq)]
    event ProtocolRevenueWithdrawn(address indexed to, uint256 amount);
    /// The owner set the parameters.
    #[derive(Debug, PartialEq)]
    event ParametersSet(uint64 challengeWindow, uint256 minGasPrice, address verifier);
    /// The owner paused (`true`) or unpaused (`false`) new requests.
    #[derive(Debug, PartialEq)]
    event PausedSet(bool paused);
    /// A callback contract was (un)blacklisted.
    #[derive(Debug, PartialEq)]
    event BlacklistSet(address indexed account, bool blacklisted);

    /// The model is unknown or was removed.
    #[derive(Debug)]
    error ModelNotActive(uint256 modelId);
    /// A model with this id is already registered.
    #[derive(Debug)]
    error ModelAlreadyExists(uint256 modelId);
    /// `receiverPercentage` is above 100, or there is a revenue share but no receiver.
    #[derive(Debug)]
    error InvalidReceiver(address receiver, uint256 receiverPercentage);
    /// Requests are paused.
    #[derive(Debug)]
    error RequestsPaused();
    /// The input is empty.
    #[derive(Debug)]
    error EmptyInput();
    /// `callbackContract` must be zero exactly when `gasLimit` is zero.
    #[derive(Debug)]
    error InvalidCallback(address callbackContract, uint64 gasLimit);
    /// The callback contract is blacklisted.
    #[derive(Debug)]
    error CallbackBlacklisted(address callbackContract);
    /// The batch size is zero.
    #[derive(Debug)]
    error InvalidBatchSize(uint256 batchSize);
    /// Unknown DA value, or an IPFS input.
    #[derive(Debug)]
    error InvalidDataAvailability(uint8 inputDA, uint8 outputDA);
    /// The payment is below the fee.
    #[derive(Debug)]
    error InsufficientFee(uint256 required, uint256 paid);
    /// An amount does not fit the contract's storage (far beyond the ETH supply) or overflowed.
    #[derive(Debug)]
    error AmountOverflow();
    /// No request has this id.
    #[derive(Debug)]
    error UnknownRequest(uint256 requestId);
    /// The request was already answered (delivered or errored).
    #[derive(Debug)]
    error RequestNotPending(uint256 requestId);
    /// The request has no result (not delivered, or closed with an error).
    #[derive(Debug)]
    error RequestNotDelivered(uint256 requestId);
    /// The caller is not a whitelisted node.
    #[derive(Debug)]
    error NotNode(address account);
    /// The transaction does not carry enough gas to give the callback its full `gasLimit`.
    #[derive(Debug)]
    error InsufficientGasForCallback(uint256 gasLeft, uint64 gasLimit);
    /// The output does not hash to the recorded (or claimed) hash.
    #[derive(Debug)]
    error OutputHashMismatch(bytes32 expected, bytes32 actual);
    /// The re-delivered callback reverted.
    #[derive(Debug)]
    error CallbackReverted(bytes reason);
    /// The challenge window of the request is over.
    #[derive(Debug)]
    error ChallengeWindowClosed(uint256 requestId);
    /// The request has no open challenge.
    #[derive(Debug)]
    error NoOpenChallenge(uint256 requestId);
    /// Nothing to withdraw.
    #[derive(Debug)]
    error NothingToWithdraw();
    /// Sending ETH failed.
    #[derive(Debug)]
    error TransferFailed(address to, uint256 amount);
}

/// Every error of the oracle.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`OwnableUnauthorizedAccount`].
    UnauthorizedAccount(OwnableUnauthorizedAccount),
    /// See [`OwnableInvalidOwner`].
    InvalidOwner(OwnableInvalidOwner),
    /// See [`ModelNotActive`].
    ModelNotActive(ModelNotActive),
    /// See [`ModelAlreadyExists`].
    ModelAlreadyExists(ModelAlreadyExists),
    /// See [`InvalidReceiver`].
    InvalidReceiver(InvalidReceiver),
    /// See [`RequestsPaused`].
    RequestsPaused(RequestsPaused),
    /// See [`EmptyInput`].
    EmptyInput(EmptyInput),
    /// See [`InvalidCallback`].
    InvalidCallback(InvalidCallback),
    /// See [`CallbackBlacklisted`].
    CallbackBlacklisted(CallbackBlacklisted),
    /// See [`InvalidBatchSize`].
    InvalidBatchSize(InvalidBatchSize),
    /// See [`InvalidDataAvailability`].
    InvalidDataAvailability(InvalidDataAvailability),
    /// See [`InsufficientFee`].
    InsufficientFee(InsufficientFee),
    /// See [`AmountOverflow`].
    AmountOverflow(AmountOverflow),
    /// See [`UnknownRequest`].
    UnknownRequest(UnknownRequest),
    /// See [`RequestNotPending`].
    RequestNotPending(RequestNotPending),
    /// See [`RequestNotDelivered`].
    RequestNotDelivered(RequestNotDelivered),
    /// See [`NotNode`].
    NotNode(NotNode),
    /// See [`InsufficientGasForCallback`].
    InsufficientGasForCallback(InsufficientGasForCallback),
    /// See [`OutputHashMismatch`].
    OutputHashMismatch(OutputHashMismatch),
    /// See [`CallbackReverted`].
    CallbackReverted(CallbackReverted),
    /// See [`ChallengeWindowClosed`].
    ChallengeWindowClosed(ChallengeWindowClosed),
    /// See [`NoOpenChallenge`].
    NoOpenChallenge(NoOpenChallenge),
    /// See [`NothingToWithdraw`].
    NothingToWithdraw(NothingToWithdraw),
    /// See [`TransferFailed`].
    TransferFailed(TransferFailed),
}

impl From<ownable::Error> for Error {
    fn from(e: ownable::Error) -> Self {
        match e {
            ownable::Error::UnauthorizedAccount(e) => Error::UnauthorizedAccount(e),
            ownable::Error::InvalidOwner(e) => Error::InvalidOwner(e),
        }
    }
}

/// A registered model. Slot 0 and 1 are what a request reads; 2..4 only `getModel` reads.
#[storage]
pub struct Model {
    /// Where the accrued revenue goes (slot 0, with `fee`).
    receiver: StorageAddress,
    /// Fee per inference, in wei (at most `u64::MAX`, 18.4 ETH; slot 0, with `receiver`).
    fee: StorageU64,
    /// Revenue accrued for `receiver` (slot 1, with the three small fields).
    accrued: StorageU128,
    /// Percentage (0..=100) of the model fee that accrues to `receiver`.
    receiver_percentage: StorageU8,
    /// Registered and not removed.
    active: StorageBool,
    /// Informational flag of the ORA ABI (no opML program for this model).
    unverifiable: StorageBool,
    /// Hash of the model weights.
    model_hash: StorageB256,
    /// Hash of the opML program that runs the model.
    program_hash: StorageB256,
    /// The model's token (for an IMO, its RevShare token).
    token: StorageAddress,
}

/// A request. Written by `requestCallback`: slots 0..2, plus one slot per 32 bytes of callback
/// data; by delivery: slots 4 and 5.
#[storage]
pub struct Request {
    /// Who paid for the request (slot 0, with `gas_limit` and `data_len`).
    requester: StorageAddress,
    /// Gas forwarded to the callback.
    gas_limit: StorageU64,
    /// Length of the callback data.
    data_len: StorageU32,
    /// Callback contract, zero for none (slot 1, with `node_fee`).
    callback: StorageAddress,
    /// The delivery fee (`gasPrice * gasLimit` at request time) owed to the node that answers.
    node_fee: StorageU96,
    /// `keccak256(input)` (slot 2); the input itself is only emitted.
    input_hash: StorageB256,
    /// Callback data, 32 bytes per word (slot 3 is only the map's base, never written).
    data_words: StorageMap<U256, StorageB256>,
    /// The node that answered (slot 4, with `window_end` and `status`).
    node: StorageAddress,
    /// End of the challenge window (delivery time + window at delivery).
    window_end: StorageU64,
    /// One of the `STATUS_*` constants.
    status: StorageU8,
    /// `keccak256(output)` of the result that stands (slot 5).
    output_hash: StorageB256,
}

/// The AI Oracle.
#[entrypoint]
#[storage]
pub struct AIOracle {
    /// Two-step ownership (OpenZeppelin).
    ownable: Ownable2Step,
    /// Number of requests so far; ids start at 1 (slot with `protocol_revenue` and `paused`).
    request_count: StorageU64,
    /// Protocol share of model fees, withdrawable by the owner.
    protocol_revenue: StorageU128,
    /// Requests paused.
    paused: StorageBool,
    /// Lower bound of the gas price used for fees.
    min_gas_price: StorageU128,
    /// The verifier: node registry and stakes, challenges, slashing (slot with `challenge_window`).
    verifier: StorageAddress,
    /// Seconds after delivery during which a result can be challenged.
    challenge_window: StorageU64,
    models: StorageMap<U256, Model>,
    requests: StorageMap<U256, Request>,
    earnings: StorageMap<Address, StorageU256>,
    refunds: StorageMap<Address, StorageU256>,
    blacklist: StorageMap<Address, StorageBool>,
}

sol_interface! {
    /// What the oracle asks its verifier.
    interface IOracleVerifier {
        function isActiveNode(address node) external view returns (bool);
    }
}

/// Whether a call made now, with `gas_left` gas remaining, can forward `gas_limit` to the callee
/// under the 63/64 rule, keeping [`CALLBACK_GAS_RESERVE`] for the call itself.
#[must_use]
pub fn can_forward_gas(gas_left: u64, gas_limit: u64) -> bool {
    let usable = gas_left.saturating_sub(CALLBACK_GAS_RESERVE);
    usable - usable / 64 >= gas_limit
}

/// What a delivery sends to the consumer.
enum Payload {
    /// `aiOracleCallback(requestId, output, callbackData)`.
    Result(Bytes),
    /// `aiOracleCallbackError(requestId, code, message, callbackData)`.
    Error(u8, Bytes),
}

fn overflow() -> Error {
    Error::AmountOverflow(AmountOverflow {})
}

// Money is computed in native `u128` (more than the whole ETH supply): 256-bit multiplication and
// division would cost kilobytes of WASM.

/// A 256-bit amount as `u128`.
fn amount(x: U256) -> Result<u128, Error> {
    let l = x.as_limbs();
    if l[2] | l[3] != 0 {
        return Err(overflow());
    }
    Ok(u128::from(l[0]) | (u128::from(l[1]) << 64))
}

/// A stored amount (at most 128 bits) as `u128`.
fn n128<const B: usize, const L: usize>(x: alloy_primitives::Uint<B, L>) -> u128 {
    let l = x.as_limbs();
    let lo = u128::from(l[0]);
    if L > 1 {
        lo | (u128::from(l[1]) << 64)
    } else {
        lo
    }
}

#[allow(clippy::cast_possible_truncation)]
fn s128(x: u128) -> U128 {
    U128::from_limbs([x as u64, (x >> 64) as u64])
}

#[allow(clippy::cast_possible_truncation)]
fn s96(x: u128) -> Result<U96, Error> {
    if x >> 96 != 0 {
        return Err(overflow());
    }
    Ok(U96::from_limbs([x as u64, (x >> 64) as u64]))
}

#[allow(clippy::cast_possible_truncation)]
fn w(x: u128) -> U256 {
    U256::from_limbs([x as u64, (x >> 64) as u64, 0, 0])
}

fn wide<const B: usize, const L: usize>(x: alloy_primitives::Uint<B, L>) -> U256 {
    w(n128(x))
}

fn add(a: U256, b: U256) -> Result<U256, Error> {
    a.checked_add(b).ok_or_else(overflow)
}

#[cfg(test)]
pub(crate) mod clock {
    //! Test clock: motsu's `block_timestamp` is a constant, so tests move time with an offset.
    use core::cell::Cell;
    std::thread_local! { static OFFSET: Cell<u64> = const { Cell::new(0) }; }
    /// Moves this test thread's clock forward.
    pub(crate) fn advance(seconds: u64) {
        OFFSET.with(|o| o.set(o.get() + seconds));
    }
    pub(crate) fn offset() -> u64 {
        OFFSET.with(Cell::get)
    }
}

#[public]
#[implements(IOwnable2Step<Error = ownable::Error>)]
impl AIOracle {
    /// Sets the owner and the parameters.
    ///
    /// # Arguments
    ///
    /// * `owner` - Initial owner.
    /// * `verifier` - The verifier contract (may be set later with `setVerifier`).
    /// * `challenge_window` - Seconds a result can be challenged after delivery.
    /// * `min_gas_price` - Lower bound of the gas price used for fees.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidOwner`] - If `owner` is zero.
    /// * [`Error::AmountOverflow`] - If `min_gas_price` does not fit 128 bits.
    #[constructor]
    pub fn constructor(
        &mut self,
        owner: Address,
        verifier: Address,
        challenge_window: u64,
        min_gas_price: U256,
    ) -> Result<(), Error> {
        self.ownable.constructor(owner)?;
        self.verifier.set(verifier);
        self.challenge_window.set(U64::from(challenge_window));
        self.min_gas_price.set(s128(amount(min_gas_price)?));
        Ok(())
    }

    // ------------------------------------------------------------------ ORA-compatible requests

    /// Requests one inference (ORA ABI, selector `0x5b953806`).
    ///
    /// # Arguments
    ///
    /// * `model_id` - An active model.
    /// * `input` - The inference input; emitted, only its hash is stored.
    /// * `callback_contract` - Receives `aiOracleCallback`; zero for none.
    /// * `gas_limit` - Gas for the callback; zero exactly when there is no callback.
    /// * `callback_data` - Passed back to the callback.
    ///
    /// # Errors
    ///
    /// See [`Self::request_batch_inference`].
    ///
    /// # Events
    ///
    /// * [`AICallbackRequest`], and [`RefundCredited`] on overpayment.
    #[payable]
    pub fn request_callback(
        &mut self,
        model_id: U256,
        input: AbiBytes,
        callback_contract: Address,
        gas_limit: u64,
        callback_data: AbiBytes,
    ) -> Result<U256, Error> {
        self.request(
            U256::from(1),
            model_id,
            input.0.into(),
            callback_contract,
            gas_limit,
            callback_data.0.into(),
            None,
        )
    }

    /// Requests a batch of inferences (ORA ABI, selector `0x409694fa`).
    ///
    /// # Arguments
    ///
    /// * `batch_size` - Number of inferences, at least 1.
    /// * `input_da`, `output_da` - Data availability (0 calldata, 1 blob, 2 IPFS; inputs may not be IPFS).
    /// * the others as in [`Self::request_callback`].
    ///
    /// # Errors
    ///
    /// * [`Error::RequestsPaused`], [`Error::ModelNotActive`], [`Error::EmptyInput`],
    ///   [`Error::InvalidCallback`], [`Error::CallbackBlacklisted`], [`Error::InvalidBatchSize`],
    ///   [`Error::InvalidDataAvailability`], [`Error::InsufficientFee`], [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`batch::AICallbackRequest`], and [`RefundCredited`] on overpayment.
    #[payable]
    #[allow(clippy::too_many_arguments)]
    pub fn request_batch_inference(
        &mut self,
        batch_size: U256,
        model_id: U256,
        input: AbiBytes,
        callback_contract: Address,
        gas_limit: u64,
        callback_data: AbiBytes,
        input_da: u8,
        output_da: u8,
    ) -> Result<U256, Error> {
        self.request(
            batch_size,
            model_id,
            input.0.into(),
            callback_contract,
            gas_limit,
            callback_data.0.into(),
            Some((input_da, output_da)),
        )
    }

    /// Fee of one inference with a callback of `gas_limit` gas (ORA ABI, selector `0x00e1d8d0`).
    ///
    /// # Errors
    ///
    /// * [`Error::ModelNotActive`], [`Error::AmountOverflow`].
    pub fn estimate_fee(&self, model_id: U256, gas_limit: U256) -> Result<U256, Error> {
        self.estimate_fee_batch(model_id, gas_limit, U256::from(1))
    }

    /// Fee of `batch_size` inferences: `batchSize * model.fee + max(basefee, minGasPrice) * gasLimit`
    /// (ORA ABI, selector `0x5170b6af`).
    ///
    /// # Errors
    ///
    /// * [`Error::ModelNotActive`], [`Error::AmountOverflow`].
    pub fn estimate_fee_batch(
        &self,
        model_id: U256,
        gas_limit: U256,
        batch_size: U256,
    ) -> Result<U256, Error> {
        let (model_fee, node_fee) = self.fees(model_id, gas_limit, batch_size)?;
        Ok(w(model_fee.checked_add(node_fee).ok_or_else(overflow)?))
    }

    /// Whether the result of `request_id` is final: delivered, no open challenge, and either
    /// corrected by the arbiter or past its challenge window (ORA ABI, selector `0x33727c4d`).
    pub fn is_finalized(&self, request_id: U256) -> bool {
        let r = self.requests.getter(request_id);
        match r.status.get().to::<u8>() {
            STATUS_CORRECTED => true,
            STATUS_DELIVERED => self.now() >= r.window_end.get().to::<u64>(),
            _ => false,
        }
    }

    /// A model's data (ORA ABI, selector `0x6d361694`).
    pub fn get_model(
        &self,
        model_id: U256,
    ) -> (B256, B256, U256, Address, U256, U256, Address, bool) {
        let m = self.models.getter(model_id);
        (
            m.model_hash.get(),
            m.program_hash.get(),
            U256::from(m.fee.get().to::<u64>()),
            m.receiver.get(),
            U256::from(m.receiver_percentage.get()),
            wide(m.accrued.get()),
            m.token.get(),
            m.unverifiable.get(),
        )
    }

    /// Pays a model's accrued revenue to its receiver; anyone may call it, and it does nothing
    /// when nothing accrued (ORA ABI, selector `0x5638101b`).
    ///
    /// # Errors
    ///
    /// * [`Error::TransferFailed`] - If the receiver rejects the ETH.
    ///
    /// # Events
    ///
    /// * [`ModelRevenueClaimed`] when something was paid.
    pub fn claim_model_revenue(&mut self, model_id: U256) -> Result<(), Error> {
        let (receiver, amount) = self.take_model_revenue(model_id);
        if amount.is_zero() {
            return Ok(());
        }
        self.send(receiver, amount)
    }

    /// Delivers the result of `request_id` (ORA ABI, selector `0x55d15d93`). Records the output's
    /// hash, the node and the time, credits the node's delivery fee, then calls the consumer's
    /// `aiOracleCallback` with exactly its `gasLimit`. A reverting callback does not undo the result.
    ///
    /// # Errors
    ///
    /// * [`Error::NotNode`], [`Error::InsufficientStake`] - If the caller may not deliver.
    /// * [`Error::UnknownRequest`], [`Error::RequestNotPending`].
    /// * [`Error::InsufficientGasForCallback`] - If the callback cannot get its full `gasLimit`.
    ///
    /// # Events
    ///
    /// * [`AICallbackResult`], and [`CallbackFailed`] if the callback reverted.
    pub fn invoke_callback(&mut self, request_id: U256, output: AbiBytes) -> Result<(), Error> {
        let node = self.only_staked_node()?;
        self.close_pending(request_id, node, STATUS_DELIVERED)?;
        let window_end = self
            .now()
            .saturating_add(self.challenge_window.get().to::<u64>());
        self.requests
            .setter(request_id)
            .window_end
            .set(U64::from(window_end));
        self.publish(request_id, node, output.0.into())
    }

    /// Answers a request that cannot be served: calls the consumer's `aiOracleCallbackError` and
    /// closes the request (ORA ABI, selector `0x67a16913`). The node earns the delivery fee.
    ///
    /// # Errors
    ///
    /// As [`Self::invoke_callback`].
    ///
    /// # Events
    ///
    /// * [`RequestErrored`], and [`CallbackFailed`] if the consumer reverted.
    pub fn feedback_error(
        &mut self,
        request_id: U256,
        code: u8,
        message: AbiBytes,
    ) -> Result<(), Error> {
        let message: Bytes = message.0.into();
        let node = self.only_staked_node()?;
        self.close_pending(request_id, node, STATUS_ERRORED)?;
        log(
            self.vm(),
            RequestErrored {
                requestId: request_id,
                node,
                code,
                message: message.clone(),
            },
        );
        self.deliver(request_id, Payload::Error(code, message), false)
    }

    /// Re-delivers the current result of `request_id` to its callback (e.g. after a failed
    /// callback). Anyone may call it; the output must hash to the recorded result.
    ///
    /// # Errors
    ///
    /// * [`Error::RequestNotDelivered`], [`Error::OutputHashMismatch`], [`Error::InvalidCallback`] without a callback,
    ///   [`Error::InsufficientGasForCallback`], [`Error::CallbackReverted`] if the callback reverts.
    pub fn update_result(&mut self, request_id: U256, output: AbiBytes) -> Result<(), Error> {
        let output: Bytes = output.0.into();
        let r = self.requests.getter(request_id);
        let status = r.status.get().to::<u8>();
        if r.node.get().is_zero() || status == STATUS_ERRORED {
            return Err(Error::RequestNotDelivered(RequestNotDelivered {
                requestId: request_id,
            }));
        }
        let expected = r.output_hash.get();
        let actual = keccak(&output);
        if expected != actual {
            return Err(Error::OutputHashMismatch(OutputHashMismatch {
                expected,
                actual,
            }));
        }
        self.deliver(request_id, Payload::Result(output), true)
    }

    // ------------------------------------------------------------------ verifier hooks

    /// Marks the result of `request_id` as challenged (verifier only); it is not final until the
    /// verifier resolves the challenge. Returns the node that delivered it and the output hash.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] unless called by the verifier, [`Error::RequestNotDelivered`] unless the request is delivered and
    ///   unchallenged, [`Error::ChallengeWindowClosed`] after its window.
    pub fn on_challenge_opened(&mut self, request_id: U256) -> Result<(Address, B256), Error> {
        self.only_verifier()?;
        let r = self.requests.getter(request_id);
        if r.status.get().to::<u8>() != STATUS_DELIVERED {
            return Err(Error::RequestNotDelivered(RequestNotDelivered {
                requestId: request_id,
            }));
        }
        if self.now() >= r.window_end.get().to::<u64>() {
            return Err(Error::ChallengeWindowClosed(ChallengeWindowClosed {
                requestId: request_id,
            }));
        }
        let answer = (r.node.get(), r.output_hash.get());
        self.requests
            .setter(request_id)
            .status
            .set(U8::from(STATUS_CHALLENGED));
        Ok(answer)
    }

    /// Applies the verifier's resolution of the challenge of `request_id` (verifier only). If the
    /// challenger won, the result becomes `correct_output` (the verifier checked its hash against
    /// the claim), is final, and the callback runs again with it; otherwise the request is back to
    /// delivered and finalizes when its window ends.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] unless called by the verifier, [`Error::NoOpenChallenge`], [`Error::InsufficientGasForCallback`].
    ///
    /// # Events
    ///
    /// * [`AICallbackResult`] with the corrected output (invoker: the verifier), and
    ///   [`CallbackFailed`] if the callback reverted.
    pub fn on_challenge_resolved(
        &mut self,
        request_id: U256,
        challenger_wins: bool,
        correct_output: AbiBytes,
    ) -> Result<(), Error> {
        let verifier = self.only_verifier()?;
        let r = self.requests.getter(request_id);
        if r.status.get().to::<u8>() != STATUS_CHALLENGED {
            return Err(Error::NoOpenChallenge(NoOpenChallenge {
                requestId: request_id,
            }));
        }
        let status = if challenger_wins {
            STATUS_CORRECTED
        } else {
            STATUS_DELIVERED
        };
        self.requests
            .setter(request_id)
            .status
            .set(U8::from(status));
        if !challenger_wins {
            return Ok(());
        }
        self.publish(request_id, verifier, correct_output.0.into())
    }

    // ------------------------------------------------------------------ withdrawals

    /// Withdraws the caller's node earnings (delivery fees).
    ///
    /// # Errors
    ///
    /// * [`Error::NothingToWithdraw`], [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`EarningsWithdrawn`].
    pub fn withdraw_earnings(&mut self) -> Result<(), Error> {
        let node = self.vm().msg_sender();
        let amount = self.earnings.get(node);
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        self.earnings.setter(node).erase();
        log(self.vm(), EarningsWithdrawn { node, amount });
        self.send(node, amount)
    }

    /// Withdraws the caller's credit (overpayments, returned bonds and slashes, refused payouts).
    ///
    /// # Errors
    ///
    /// * [`Error::NothingToWithdraw`], [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`RefundWithdrawn`].
    pub fn withdraw_refund(&mut self) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        let amount = self.refunds.get(account);
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        self.refunds.setter(account).erase();
        log(self.vm(), RefundWithdrawn { account, amount });
        self.send(account, amount)
    }

    // ------------------------------------------------------------------ administration

    /// Registers a model (owner only).
    ///
    /// # Arguments
    ///
    /// * `model_id` - Id of a model that is not active.
    /// * `model_hash`, `program_hash` - Hashes of the weights and of the opML program.
    /// * `fee` - Fee per inference in wei.
    /// * `receiver` - Receives `receiver_percentage`% of the model fees (the RevShare token).
    /// * `receiver_percentage` - 0..=100.
    /// * `token` - The model's token, informational.
    /// * `unverifiable` - Informational ORA flag.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::ModelAlreadyExists`], [`Error::InvalidReceiver`],
    ///   [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`ModelAdded`].
    #[allow(clippy::too_many_arguments)]
    pub fn add_model(
        &mut self,
        model_id: U256,
        model_hash: B256,
        program_hash: B256,
        fee: U256,
        receiver: Address,
        receiver_percentage: U256,
        token: Address,
        unverifiable: bool,
    ) -> Result<(), Error> {
        self.only_owner()?;
        if self.models.getter(model_id).active.get() {
            return Err(Error::ModelAlreadyExists(ModelAlreadyExists {
                modelId: model_id,
            }));
        }
        self.write_model(
            model_id,
            model_hash,
            program_hash,
            fee,
            receiver,
            receiver_percentage,
            token,
            unverifiable,
        )?;
        log(
            self.vm(),
            ModelAdded {
                modelId: model_id,
                receiver,
                fee,
                receiverPercentage: receiver_percentage,
            },
        );
        Ok(())
    }

    /// Changes a model (owner only). Revenue accrued so far is paid to the old receiver first
    /// (credited to it if it rejects the ETH).
    ///
    /// # Arguments
    ///
    /// As [`Self::add_model`].
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::ModelNotActive`], [`Error::InvalidReceiver`],
    ///   [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`ModelUpdated`], and [`ModelRevenueClaimed`] if revenue was paid out.
    #[allow(clippy::too_many_arguments)]
    pub fn update_model(
        &mut self,
        model_id: U256,
        model_hash: B256,
        program_hash: B256,
        fee: U256,
        receiver: Address,
        receiver_percentage: U256,
        token: Address,
        unverifiable: bool,
    ) -> Result<(), Error> {
        self.only_owner()?;
        self.only_active_model(model_id)?;
        let (old_receiver, amount) = self.take_model_revenue(model_id);
        self.write_model(
            model_id,
            model_hash,
            program_hash,
            fee,
            receiver,
            receiver_percentage,
            token,
            unverifiable,
        )?;
        log(
            self.vm(),
            ModelUpdated {
                modelId: model_id,
                receiver,
                fee,
                receiverPercentage: receiver_percentage,
            },
        );
        self.pay_or_credit(old_receiver, amount)
    }

    /// Removes a model (owner only), paying its accrued revenue to its receiver first (credited to
    /// it if it rejects the ETH). Pending requests of the model can still be answered.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::ModelNotActive`].
    ///
    /// # Events
    ///
    /// * [`ModelRemoved`], and [`ModelRevenueClaimed`] if revenue was paid out.
    pub fn remove_model(&mut self, model_id: U256) -> Result<(), Error> {
        self.only_owner()?;
        self.only_active_model(model_id)?;
        let (receiver, amount) = self.take_model_revenue(model_id);
        let mut m = self.models.setter(model_id);
        m.active.erase();
        m.fee.erase();
        log(self.vm(), ModelRemoved { modelId: model_id });
        self.pay_or_credit(receiver, amount)
    }

    /// Sets the parameters (owner only).
    ///
    /// # Arguments
    ///
    /// * `challenge_window` - Seconds a result can be challenged; applies to results delivered afterwards.
    /// * `min_gas_price` - Lower bound of the gas price used for fees.
    /// * `verifier` - Node registry and stakes, challenges, slashing.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`ParametersSet`].
    pub fn set_parameters(
        &mut self,
        challenge_window: u64,
        min_gas_price: U256,
        verifier: Address,
    ) -> Result<(), Error> {
        self.only_owner()?;
        self.challenge_window.set(U64::from(challenge_window));
        self.min_gas_price.set(s128(amount(min_gas_price)?));
        self.verifier.set(verifier);
        log(
            self.vm(),
            ParametersSet {
                challengeWindow: challenge_window,
                minGasPrice: min_gas_price,
                verifier,
            },
        );
        Ok(())
    }

    /// Pauses (`true`) or unpauses new requests (owner only). Deliveries, challenges and
    /// withdrawals go on while paused.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`PausedSet`].
    pub fn set_paused(&mut self, paused: bool) -> Result<(), Error> {
        self.only_owner()?;
        self.paused.set(paused);
        log(self.vm(), PausedSet { paused });
        Ok(())
    }

    /// (Un)blacklists a callback contract (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`BlacklistSet`].
    pub fn set_blacklist(&mut self, account: Address, blacklisted: bool) -> Result<(), Error> {
        self.only_owner()?;
        self.blacklist.setter(account).set(blacklisted);
        log(
            self.vm(),
            BlacklistSet {
                account,
                blacklisted,
            },
        );
        Ok(())
    }

    /// Sends the protocol revenue to the owner (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::NothingToWithdraw`], [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`ProtocolRevenueWithdrawn`].
    pub fn withdraw_protocol_revenue(&mut self) -> Result<(), Error> {
        let owner = self.only_owner()?;
        let amount = wide(self.protocol_revenue.get());
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        self.protocol_revenue.erase();
        log(self.vm(), ProtocolRevenueWithdrawn { to: owner, amount });
        self.send(owner, amount)
    }

    // ------------------------------------------------------------------ views

    /// Earnings (delivery fees) of `node`, withdrawable with `withdrawEarnings`.
    pub fn earnings_of(&self, node: Address) -> U256 {
        self.earnings.get(node)
    }

    /// Credit of `account`, withdrawable with `withdrawRefund`.
    pub fn refund_of(&self, account: Address) -> U256 {
        self.refunds.get(account)
    }

    /// `(paused, challengeWindow, minGasPrice, verifier, protocolRevenue)`.
    pub fn parameters(&self) -> (bool, u64, U256, Address, U256) {
        (
            self.paused.get(),
            self.challenge_window.get().to::<u64>(),
            wide(self.min_gas_price.get()),
            self.verifier.get(),
            wide(self.protocol_revenue.get()),
        )
    }
}

#[public]
impl IOwnable2Step for AIOracle {
    type Error = ownable::Error;

    fn owner(&self) -> Address {
        self.ownable.owner()
    }

    fn pending_owner(&self) -> Address {
        self.ownable.pending_owner()
    }

    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Self::Error> {
        self.ownable.transfer_ownership(new_owner)
    }

    fn accept_ownership(&mut self) -> Result<(), Self::Error> {
        self.ownable.accept_ownership()
    }

    fn renounce_ownership(&mut self) -> Result<(), Self::Error> {
        self.ownable.renounce_ownership()
    }
}

use stylus_sdk::alloy_primitives::aliases::{U32, U64, U8};
#[allow(deprecated)]
use stylus_sdk::call::Error as CallError;

impl AIOracle {
    fn now(&self) -> u64 {
        let t = self.vm().block_timestamp();
        #[cfg(test)]
        let t = t + clock::offset();
        t
    }

    fn only_owner(&self) -> Result<Address, Error> {
        self.ownable.ownable.only_owner()?;
        Ok(self.vm().msg_sender())
    }

    fn only_active_model(&self, model_id: U256) -> Result<(), Error> {
        if self.models.getter(model_id).active.get() {
            Ok(())
        } else {
            Err(Error::ModelNotActive(ModelNotActive { modelId: model_id }))
        }
    }

    fn only_verifier(&self) -> Result<Address, Error> {
        let sender = self.vm().msg_sender();
        if sender.is_zero() || sender != self.verifier.get() {
            return Err(Error::UnauthorizedAccount(OwnableUnauthorizedAccount {
                account: sender,
            }));
        }
        Ok(sender)
    }

    /// The caller, if the verifier says it is a whitelisted node with enough stake.
    fn only_staked_node(&self) -> Result<Address, Error> {
        let node = self.vm().msg_sender();
        let verifier = self.verifier.get();
        let active = !verifier.is_zero()
            && IOracleVerifier::new(verifier)
                .is_active_node(self, node)
                .unwrap_or(false);
        if active {
            Ok(node)
        } else {
            Err(Error::NotNode(NotNode { account: node }))
        }
    }

    /// `(batchSize * model.fee, max(basefee, minGasPrice) * gasLimit)`.
    fn fees(
        &self,
        model_id: U256,
        gas_limit: U256,
        batch_size: U256,
    ) -> Result<(u128, u128), Error> {
        self.only_active_model(model_id)?;
        let fee = u128::from(self.models.getter(model_id).fee.get().to::<u64>());
        let model_fee = amount(batch_size)?.checked_mul(fee).ok_or_else(overflow)?;
        let gas_price = amount(self.vm().block_basefee())?.max(n128(self.min_gas_price.get()));
        let node_fee = gas_price
            .checked_mul(amount(gas_limit)?)
            .ok_or_else(overflow)?;
        Ok((model_fee, node_fee))
    }

    #[allow(clippy::too_many_arguments)]
    fn request(
        &mut self,
        batch_size: U256,
        model_id: U256,
        input: Bytes,
        callback_contract: Address,
        gas_limit: u64,
        callback_data: Bytes,
        da: Option<(u8, u8)>,
    ) -> Result<U256, Error> {
        if self.paused.get() {
            return Err(Error::RequestsPaused(RequestsPaused {}));
        }
        if input.is_empty() {
            return Err(Error::EmptyInput(EmptyInput {}));
        }
        if callback_contract.is_zero() != (gas_limit == 0) {
            return Err(Error::InvalidCallback(InvalidCallback {
                callbackContract: callback_contract,
                gasLimit: gas_limit,
            }));
        }
        if self.blacklist.get(callback_contract) {
            return Err(Error::CallbackBlacklisted(CallbackBlacklisted {
                callbackContract: callback_contract,
            }));
        }
        if batch_size.is_zero() {
            return Err(Error::InvalidBatchSize(InvalidBatchSize {
                batchSize: batch_size,
            }));
        }
        if let Some((input_da, output_da)) = da {
            if input_da >= DA_IPFS || output_da > DA_IPFS {
                return Err(Error::InvalidDataAvailability(InvalidDataAvailability {
                    inputDA: input_da,
                    outputDA: output_da,
                }));
            }
        }
        let (model_fee, node_fee) = self.fees(model_id, U256::from(gas_limit), batch_size)?;
        let required = w(model_fee.checked_add(node_fee).ok_or_else(overflow)?);
        let paid = self.vm().msg_value();
        if paid < required {
            return Err(Error::InsufficientFee(InsufficientFee { required, paid }));
        }
        let payer = self.vm().msg_sender();

        // Money: model share, protocol share, overpayment credit. The delivery fee stays with the request.
        let mut m = self.models.setter(model_id);
        // The receiver's share is floor(fee * pct / 100) per inference, in 64-bit arithmetic (fee <
        // 2^64, so no overflow); it is at most the model fee, so the product cannot overflow either.
        let fee = m.fee.get().to::<u64>();
        let pct = u64::from(m.receiver_percentage.get().to::<u8>());
        let share = amount(batch_size)? * u128::from(fee / 100 * pct + fee % 100 * pct / 100);
        let accrued = n128(m.accrued.get())
            .checked_add(share)
            .ok_or_else(overflow)?;
        m.accrued.set(s128(accrued));
        let protocol = n128(self.protocol_revenue.get())
            .checked_add(model_fee - share)
            .ok_or_else(overflow)?;
        self.protocol_revenue.set(s128(protocol));
        let excess = paid - required;
        if !excess.is_zero() {
            self.credit(payer, excess)?;
        }

        let id = self.request_count.get() + U64::from(1);
        self.request_count.set(id);
        let request_id = U256::from(id.to::<u64>());
        let mut r = self.requests.setter(request_id);
        r.requester.set(payer);
        r.gas_limit.set(U64::from(gas_limit));
        r.callback.set(callback_contract);
        r.node_fee.set(s96(node_fee)?);
        r.input_hash.set(keccak(&input));
        #[allow(clippy::cast_possible_truncation)]
        r.data_len.set(U32::from(callback_data.len() as u32));
        for (i, chunk) in callback_data.chunks(32).enumerate() {
            let mut word = B256::ZERO;
            word[..chunk.len()].copy_from_slice(chunk);
            r.data_words.setter(U256::from(i)).set(word);
        }
        match da {
            None => log(
                self.vm(),
                AICallbackRequest {
                    account: payer,
                    requestId: request_id,
                    modelId: model_id,
                    input,
                    callbackContract: callback_contract,
                    gasLimit: gas_limit,
                    callbackData: callback_data,
                },
            ),
            Some((input_da, output_da)) => log(
                self.vm(),
                batch::AICallbackRequest {
                    account: payer,
                    requestId: request_id,
                    modelId: model_id,
                    input,
                    callbackContract: callback_contract,
                    gasLimit: gas_limit,
                    callbackData: callback_data,
                    inputDA: input_da,
                    outputDA: output_da,
                    batchSize: batch_size,
                },
            ),
        }
        Ok(request_id)
    }

    /// Closes a pending request with `status`, records the node and pays it the delivery fee.
    /// Returns `(callback, gasLimit, requester)`.
    fn close_pending(&mut self, request_id: U256, node: Address, status: u8) -> Result<(), Error> {
        let r = self.requests.getter(request_id);
        if r.requester.get().is_zero() {
            return Err(Error::UnknownRequest(UnknownRequest {
                requestId: request_id,
            }));
        }
        if !r.node.get().is_zero() {
            return Err(Error::RequestNotPending(RequestNotPending {
                requestId: request_id,
            }));
        }
        let fee = wide(r.node_fee.get());
        let mut w = self.requests.setter(request_id);
        w.node.set(node);
        w.status.set(U8::from(status));
        let earnings = add(self.earnings.get(node), fee)?;
        self.earnings.setter(node).set(earnings);
        Ok(())
    }

    /// Records `output` as the result, emits [`AICallbackResult`] and calls the callback (a revert
    /// emits [`CallbackFailed`]).
    fn publish(&mut self, request_id: U256, invoker: Address, output: Bytes) -> Result<(), Error> {
        let mut w = self.requests.setter(request_id);
        w.output_hash.set(keccak(&output));
        let account = w.requester.get();
        log(
            self.vm(),
            AICallbackResult {
                account,
                requestId: request_id,
                invoker,
                output: output.clone(),
            },
        );
        self.deliver(request_id, Payload::Result(output), false)
    }

    /// Calls the request's callback contract with `payload` and exactly its `gasLimit` of gas. All
    /// state must be written before. A revert emits [`CallbackFailed`], or is returned as
    /// [`Error::CallbackReverted`] when `strict` (then a request without callback is an error too).
    fn deliver(&mut self, request_id: U256, payload: Payload, strict: bool) -> Result<(), Error> {
        let r = self.requests.getter(request_id);
        let callback = r.callback.get();
        let gas_limit = r.gas_limit.get().to::<u64>();
        if callback.is_zero() {
            if strict {
                return Err(Error::InvalidCallback(InvalidCallback {
                    callbackContract: callback,
                    gasLimit: gas_limit,
                }));
            }
            return Ok(());
        }
        let callback_data: Bytes = self.callback_data(request_id).into();
        let calldata = match payload {
            Payload::Result(output) => callbacks::aiOracleCallbackCall {
                requestId: request_id,
                output,
                callbackData: callback_data,
            }
            .abi_encode(),
            Payload::Error(code, message) => callbacks::aiOracleCallbackErrorCall {
                requestId: request_id,
                code,
                message,
                callbackData: callback_data,
            }
            .abi_encode(),
        };
        // Pending storage writes are charged when flushed: flush them before measuring the gas left.
        self.vm().flush_cache(false);
        let gas_left = self.vm().evm_gas_left();
        if !can_forward_gas(gas_left, gas_limit) {
            return Err(Error::InsufficientGasForCallback(
                InsufficientGasForCallback {
                    gasLeft: U256::from(gas_left),
                    gasLimit: gas_limit,
                },
            ));
        }
        #[allow(deprecated)]
        let res = stylus_sdk::call::call(
            stylus_sdk::call::Call::new_in(self).gas(gas_limit),
            callback,
            &calldata,
        );
        let Err(e) = res else { return Ok(()) };
        let reason: Bytes = revert_data(e).into();
        if strict {
            return Err(Error::CallbackReverted(CallbackReverted { reason }));
        }
        log(
            self.vm(),
            CallbackFailed {
                requestId: request_id,
                reason,
            },
        );
        Ok(())
    }

    fn callback_data(&self, request_id: U256) -> Vec<u8> {
        let r = self.requests.getter(request_id);
        let len = r.data_len.get().to::<u32>() as usize;
        let mut data = Vec::with_capacity(len + 31);
        for i in 0..len.div_ceil(32) {
            data.extend_from_slice(r.data_words.get(U256::from(i)).as_slice());
        }
        data.truncate(len);
        data
    }

    /// Zeroes a model's accrued revenue; returns `(receiver, amount)`.
    fn take_model_revenue(&mut self, model_id: U256) -> (Address, U256) {
        let mut m = self.models.setter(model_id);
        let amount = wide(m.accrued.get());
        let receiver = m.receiver.get();
        if !amount.is_zero() {
            m.accrued.erase();
            log(
                self.vm(),
                ModelRevenueClaimed {
                    modelId: model_id,
                    receiver,
                    amount,
                },
            );
        }
        (receiver, amount)
    }

    #[allow(clippy::too_many_arguments)]
    fn write_model(
        &mut self,
        model_id: U256,
        model_hash: B256,
        program_hash: B256,
        fee: U256,
        receiver: Address,
        receiver_percentage: U256,
        token: Address,
        unverifiable: bool,
    ) -> Result<(), Error> {
        if receiver_percentage > U256::from(100)
            || (receiver.is_zero() && !receiver_percentage.is_zero())
        {
            return Err(Error::InvalidReceiver(InvalidReceiver {
                receiver,
                receiverPercentage: receiver_percentage,
            }));
        }
        let mut m = self.models.setter(model_id);
        m.receiver.set(receiver);
        let fee = amount(fee)?;
        if fee >> 64 != 0 {
            return Err(overflow());
        }
        #[allow(clippy::cast_possible_truncation)]
        m.fee.set(U64::from(fee as u64));
        m.receiver_percentage
            .set(U8::from(receiver_percentage.to::<u8>()));
        m.active.set(true);
        m.unverifiable.set(unverifiable);
        m.model_hash.set(model_hash);
        m.program_hash.set(program_hash);
        m.token.set(token);
        Ok(())
    }

    fn credit(&mut self, account: Address, amount: U256) -> Result<(), Error> {
        let balance = add(self.refunds.get(account), amount)?;
        self.refunds.setter(account).set(balance);
        log(self.vm(), RefundCredited { account, amount });
        Ok(())
    }

    /// Sends `amount` to `to` (all state must be written before), reverting if it is rejected.
    fn send(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        #[allow(deprecated)]
        stylus_sdk::call::transfer_eth(self, to, amount)
            .map_err(|_| Error::TransferFailed(TransferFailed { to, amount }))
    }

    /// Pushes `amount` to `to`; if `to` rejects it, credits it instead, so an administrator is
    /// never blocked by a receiver that cannot take ETH.
    fn pay_or_credit(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        if amount.is_zero() {
            return Ok(());
        }
        #[allow(deprecated)]
        let sent = stylus_sdk::call::transfer_eth(self, to, amount);
        if sent.is_err() {
            self.credit(to, amount)?;
        }
        Ok(())
    }
}

#[allow(deprecated)]
fn revert_data(e: CallError) -> Vec<u8> {
    match e {
        CallError::Revert(data) => data,
        CallError::AbiDecodingFailed(_) => Vec::new(),
    }
}
