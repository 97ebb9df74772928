//! The oracle's ABI router: ORA's request / callback functions, the verifier's hooks, withdrawals
//! and views. Every other selector goes to the administration extension (`#[fallback]`).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use imo_common::call::delegate;
use stylus_sdk::{abi::Bytes as AbiBytes, prelude::*, ArbResult};

use crate::{AIOracle, Error};

#[public]
impl AIOracle {
    /// Sets the owner, the parameters and the administration extension.
    ///
    /// # Arguments
    ///
    /// * `owner` - Initial owner.
    /// * `verifier` - The verifier contract (may be changed later with `setParameters`).
    /// * `challenge_window` - Seconds a result can be challenged after delivery.
    /// * `min_gas_price` - Lower bound of the gas price used for fees.
    /// * `admin` - The extension program (`imo-ai-oracle-admin`) that serves the administration
    ///   functions on this contract's storage; fixed.
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
        admin: Address,
    ) -> Result<(), Error> {
        self.init(owner, verifier, challenge_window, min_gas_price, admin)
    }

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
    /// * [`crate::AICallbackRequest`], and [`crate::RefundCredited`] on overpayment.
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

    /// Requests one inference with data-availability fields (ORA ABI, the overload with DA,
    /// selector `0x8c2c1ed8`); emits the batch `AICallbackRequest` with `batchSize` 1, as ORA's
    /// oracle does.
    ///
    /// # Errors
    ///
    /// See [`Self::request_batch_inference`].
    ///
    /// # Events
    ///
    /// * [`crate::batch::AICallbackRequest`], and [`crate::RefundCredited`] on overpayment.
    #[payable]
    #[selector(name = "requestCallback")]
    #[allow(clippy::too_many_arguments)]
    pub fn request_callback_with_da(
        &mut self,
        model_id: U256,
        input: AbiBytes,
        callback_contract: Address,
        gas_limit: u64,
        callback_data: AbiBytes,
        input_da: u8,
        output_da: u8,
    ) -> Result<U256, Error> {
        self.request(
            U256::from(1),
            model_id,
            input.0.into(),
            callback_contract,
            gas_limit,
            callback_data.0.into(),
            Some((input_da, output_da)),
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
    ///   [`Error::InvalidCallback`], [`Error::GasLimitTooHigh`], [`Error::CallbackBlacklisted`],
    ///   [`Error::InvalidBatchSize`], [`Error::InvalidDataAvailability`],
    ///   [`Error::InsufficientFee`], [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`crate::batch::AICallbackRequest`], and [`crate::RefundCredited`] on overpayment.
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
        self.total_fee(model_id, gas_limit, U256::from(1))
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
        self.total_fee(model_id, gas_limit, batch_size)
    }

    /// Whether the result of `request_id` is final: delivered, no open challenge, and either
    /// corrected by the arbiter or past its challenge window (ORA ABI, selector `0x33727c4d`).
    pub fn is_finalized(&self, request_id: U256) -> bool {
        self.finalized(request_id)
    }

    /// A model's data (ORA ABI, selector `0x6d361694`): `(modelHash, programHash, fee, receiver,
    /// receiverPercentage, accumulateRevenue, token, unverifiable)`.
    pub fn get_model(
        &self,
        model_id: U256,
    ) -> (B256, B256, U256, Address, U256, U256, Address, bool) {
        self.model_info(model_id)
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
    /// * [`crate::ModelRevenueClaimed`] when something was paid.
    pub fn claim_model_revenue(&mut self, model_id: U256) -> Result<(), Error> {
        self.pay_model_revenue(model_id)
    }

    /// Delivers the result of `request_id` (ORA ABI, selector `0x55d15d93`). Records the output's
    /// hash, the node and the time, credits the node's delivery fee, then calls the consumer's
    /// `aiOracleCallback` with exactly its `gasLimit`. A reverting callback does not undo the result.
    ///
    /// # Errors
    ///
    /// * [`Error::NotNode`] - If the caller may not deliver.
    /// * [`Error::UnknownRequest`], [`Error::RequestNotPending`].
    /// * [`Error::InsufficientGasForCallback`] - If the callback cannot get its full `gasLimit`.
    ///
    /// # Events
    ///
    /// * [`crate::AICallbackResult`], and [`crate::CallbackFailed`] if the callback reverted.
    pub fn invoke_callback(&mut self, request_id: U256, output: AbiBytes) -> Result<(), Error> {
        self.deliver_result(request_id, output.0.into())
    }

    /// Answers a request that cannot be served: calls the consumer's `aiOracleCallbackError` and
    /// closes the request (ORA ABI, selector `0x67a16913`). The node earns nothing: the delivery
    /// fee is credited back to the requester.
    ///
    /// # Errors
    ///
    /// As [`Self::invoke_callback`].
    ///
    /// # Events
    ///
    /// * [`crate::RequestErrored`], [`crate::RefundCredited`], and [`crate::CallbackFailed`] if the
    ///   consumer reverted.
    pub fn feedback_error(
        &mut self,
        request_id: U256,
        code: u8,
        message: AbiBytes,
    ) -> Result<(), Error> {
        self.deliver_error(request_id, code, message.0.into())
    }

    /// Re-delivers the current result of `request_id` to its callback (e.g. after a failed
    /// callback). Anyone may call it; the output must hash to the recorded result. The callback
    /// gets all the gas this call can forward, at least its `gasLimit`: a callback that ran out of
    /// gas at delivery completes when re-delivered with more.
    ///
    /// # Errors
    ///
    /// * [`Error::RequestNotDelivered`], [`Error::OutputHashMismatch`], [`Error::InvalidCallback`]
    ///   without a callback, [`Error::InsufficientGasForCallback`], [`Error::CallbackReverted`] if
    ///   the callback reverts.
    pub fn update_result(&mut self, request_id: U256, output: AbiBytes) -> Result<(), Error> {
        self.redeliver(request_id, output.0.into())
    }

    /// Closes a request nobody answered within `REQUEST_TIMEOUT` seconds and credits its delivery
    /// fee back to the requester (`withdrawRefund`). Anyone may call it. The model fee, earned by
    /// the model when the request was paid, is not refunded.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownRequest`], [`Error::RequestNotPending`] (answered or closed),
    ///   [`Error::RequestNotExpired`].
    ///
    /// # Events
    ///
    /// * [`crate::RequestRefunded`], [`crate::RefundCredited`].
    pub fn refund_request(&mut self, request_id: U256) -> Result<(), Error> {
        self.refund_expired(request_id)
    }

    /// Marks the result of `request_id` as challenged (verifier only); it is not final until the
    /// verifier resolves the challenge. Returns the node that delivered it, the output hash and
    /// the request's commitment `keccak256(abi.encodePacked(modelId, input))`.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] unless called by the verifier, [`Error::RequestNotDelivered`]
    ///   unless the request is delivered (or already challenged), [`Error::ChallengeWindowClosed`]
    ///   after its window.
    pub fn on_challenge_opened(
        &mut self,
        request_id: U256,
    ) -> Result<(Address, B256, B256), Error> {
        self.open_challenge(request_id)
    }

    /// Applies the verifier's resolution of the dispute of `request_id` (verifier only).
    /// `resolution` is a set of flags (`imo_common::interfaces::resolution`): `REPLACE` (1) makes
    /// `output` the result (the verifier checked its hash) and runs the callback again with it;
    /// `FINAL` (2) makes it final (the arbiter's resolution); `NEW_WINDOW` (4) starts a fresh
    /// challenge window (a result corrected by a dispute game, or one whose dispute both sides
    /// lost); `STILL_CHALLENGED` (8) keeps it challenged while other games are played. Without
    /// `FINAL` the request is back to delivered and finalizes when its window ends.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] unless called by the verifier, [`Error::NoOpenChallenge`],
    ///   [`Error::InsufficientGasForCallback`].
    ///
    /// # Events
    ///
    /// * [`crate::AICallbackResult`] with the replaced output (invoker: the verifier), and
    ///   [`crate::CallbackFailed`] if the callback reverted.
    pub fn on_challenge_resolved(
        &mut self,
        request_id: U256,
        resolution: u8,
        output: AbiBytes,
    ) -> Result<(), Error> {
        self.resolve_challenge(request_id, resolution, output.0.into())
    }

    /// Withdraws the caller's node earnings (delivery fees).
    ///
    /// # Errors
    ///
    /// * [`Error::NothingToWithdraw`], [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`crate::EarningsWithdrawn`].
    pub fn withdraw_earnings(&mut self) -> Result<(), Error> {
        self.withdraw_node_earnings()
    }

    /// Withdraws the caller's credit (overpayments, refused payouts).
    ///
    /// # Errors
    ///
    /// * [`Error::NothingToWithdraw`], [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`crate::RefundWithdrawn`].
    pub fn withdraw_refund(&mut self) -> Result<(), Error> {
        self.withdraw_credit()
    }

    /// Earnings (delivery fees) of `node`, withdrawable with `withdrawEarnings`.
    pub fn earnings_of(&self, node: Address) -> U256 {
        self.earnings.of(node)
    }

    /// Credit of `account`, withdrawable with `withdrawRefund`.
    pub fn refund_of(&self, account: Address) -> U256 {
        self.refunds.of(account)
    }

    /// `(paused, challengeWindow, minGasPrice, verifier, protocolRevenue)`.
    pub fn parameters(&self) -> (bool, u64, U256, Address, U256) {
        self.parameter_values()
    }

    /// Everything else (the administration functions) runs in the extension program, on this
    /// contract's storage; an unknown selector reverts there with empty data.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let admin = self.admin.get();
        delegate(self, admin, calldata)
    }
}
