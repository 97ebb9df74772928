//! Results: delivery by a node, error answers, re-delivery, the consumer callback, finality.

use alloy_primitives::{aliases::U8, Address, Bytes, U256, U64};
use alloy_sol_types::SolCall;
use imo_common::{call::call_bounded, clock::now, math::from_stored};

use crate::{RefundCredited, RequestNotExpired, RequestRefunded, REQUEST_TIMEOUT};
use stylus_sdk::prelude::*;

use crate::{
    callbacks, errors::overflow, AICallbackResult, AIOracle, CallbackFailed, CallbackReverted,
    Error, InsufficientGasForCallback, InvalidCallback, OutputHashMismatch, RequestErrored,
    RequestNotDelivered, RequestNotPending, Status, UnknownRequest, CALLBACK_GAS_RESERVE,
};

/// Whether a call made now, with `gas_left` gas remaining, can forward `gas_limit` to the callee
/// under the 63/64 rule, keeping [`CALLBACK_GAS_RESERVE`] for the call itself.
#[must_use]
pub fn can_forward_gas(gas_left: u64, gas_limit: u64) -> bool {
    let usable = gas_left.saturating_sub(CALLBACK_GAS_RESERVE);
    usable - usable / 64 >= gas_limit
}

/// What a delivery sends to the consumer.
pub(crate) enum Payload {
    /// `aiOracleCallback(requestId, output, callbackData)`.
    Result(Bytes),
    /// `aiOracleCallbackError(requestId, code, message, callbackData)`.
    Error(u8, Bytes),
}

impl AIOracle {
    /// `invokeCallback`: a staked node delivers the result of a pending request.
    pub(crate) fn deliver_result(&mut self, request_id: U256, output: Bytes) -> Result<(), Error> {
        let node = self.only_staked_node()?;
        self.close_pending(request_id, node, Status::Delivered)?;
        let window_end = now(self.vm()).saturating_add(self.challenge_window.get().to::<u64>());
        self.requests
            .setter(request_id)
            .window_end
            .set(U64::from(window_end));
        self.publish(request_id, node, output)
    }

    /// `feedbackError`: a staked node closes a pending request with an error. The node earns
    /// nothing: the delivery fee goes back to the requester, so answering a valid request with an
    /// error never pays.
    pub(crate) fn deliver_error(
        &mut self,
        request_id: U256,
        code: u8,
        message: Bytes,
    ) -> Result<(), Error> {
        let node = self.only_staked_node()?;
        self.close_pending(request_id, node, Status::Errored)?;
        log(
            self.vm(),
            RequestErrored {
                requestId: request_id,
                node,
                code,
                message: message.clone(),
            },
        );
        self.call_back(request_id, Payload::Error(code, message), false)
    }

    /// `refundRequest`: after [`REQUEST_TIMEOUT`] without an answer, anyone closes the request and
    /// credits its delivery fee back to the requester.
    pub(crate) fn refund_expired(&mut self, request_id: U256) -> Result<(), Error> {
        let r = self.requests.getter(request_id);
        let refundable_at =
            u64::from(r.created_at.get().to::<u32>()).saturating_add(REQUEST_TIMEOUT);
        if !r.requester.get().is_zero()
            && Status::from_stored(r.status.get().to::<u8>()) == Status::Pending
            && now(self.vm()) < refundable_at
        {
            return Err(Error::RequestNotExpired(RequestNotExpired {
                requestId: request_id,
                refundableAt: refundable_at,
            }));
        }
        let (requester, amount) =
            self.close_pending(request_id, Address::ZERO, Status::Refunded)?;
        log(
            self.vm(),
            RequestRefunded {
                requestId: request_id,
                requester,
                amount,
            },
        );
        Ok(())
    }

    /// `updateResult`: anyone re-delivers the recorded result (hash-checked) to the callback.
    pub(crate) fn redeliver(&mut self, request_id: U256, output: Bytes) -> Result<(), Error> {
        let r = self.requests.getter(request_id);
        let status = Status::from_stored(r.status.get().to::<u8>());
        if !matches!(
            status,
            Status::Delivered | Status::Challenged | Status::Corrected
        ) {
            return Err(Error::RequestNotDelivered(RequestNotDelivered {
                requestId: request_id,
            }));
        }
        let expected = r.output_hash.get();
        let actual = self.vm().native_keccak256(&output);
        if expected != actual {
            return Err(Error::OutputHashMismatch(OutputHashMismatch {
                expected,
                actual,
            }));
        }
        self.call_back(request_id, Payload::Result(output), true)
    }

    /// Whether the result of `request_id` is final.
    pub(crate) fn finalized(&self, request_id: U256) -> bool {
        let r = self.requests.getter(request_id);
        match Status::from_stored(r.status.get().to::<u8>()) {
            Status::Corrected => true,
            Status::Delivered => now(self.vm()) >= r.window_end.get().to::<u64>(),
            _ => false,
        }
    }

    /// Closes a pending request with `status` and records the node. The delivery fee goes to the
    /// node for a result, back to the requester (as credit) for an error or a refund. Returns
    /// `(recipient, fee)`.
    fn close_pending(
        &mut self,
        request_id: U256,
        node: Address,
        status: Status,
    ) -> Result<(Address, U256), Error> {
        let r = self.requests.getter(request_id);
        let requester = r.requester.get();
        if requester.is_zero() {
            return Err(Error::UnknownRequest(UnknownRequest {
                requestId: request_id,
            }));
        }
        if Status::from_stored(r.status.get().to::<u8>()) != Status::Pending {
            return Err(Error::RequestNotPending(RequestNotPending {
                requestId: request_id,
            }));
        }
        let fee = U256::from(from_stored(r.node_fee.get()));
        let mut w = self.requests.setter(request_id);
        w.node.set(node);
        w.status.set(U8::from(status as u8));
        if status == Status::Delivered {
            self.earnings.add(node, fee).ok_or_else(overflow)?;
            return Ok((node, fee));
        }
        if !fee.is_zero() {
            self.refunds.add(requester, fee).ok_or_else(overflow)?;
            log(
                self.vm(),
                RefundCredited {
                    account: requester,
                    amount: fee,
                },
            );
        }
        Ok((requester, fee))
    }

    /// Records `output` as the result, emits [`AICallbackResult`] and calls the callback (a revert
    /// emits [`CallbackFailed`]).
    pub(crate) fn publish(
        &mut self,
        request_id: U256,
        invoker: Address,
        output: Bytes,
    ) -> Result<(), Error> {
        let hash = self.vm().native_keccak256(&output);
        let mut w = self.requests.setter(request_id);
        w.output_hash.set(hash);
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
        self.call_back(request_id, Payload::Result(output), false)
    }

    /// Calls the request's callback contract with `payload` and exactly its `gasLimit` of gas. All
    /// state must be written before. A revert emits [`CallbackFailed`] with at most
    /// `imo_common::call::MAX_RETURN_DATA` bytes of its reason, or is returned as
    /// [`Error::CallbackReverted`] when `strict` (then a request without callback is an error too).
    fn call_back(&mut self, request_id: U256, payload: Payload, strict: bool) -> Result<(), Error> {
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
        // A re-delivery (`strict`) may give the callback more than its `gasLimit`: whoever calls
        // `updateResult` pays, and a callback that ran out of gas at delivery can then complete.
        let gas = if strict {
            let usable = gas_left.saturating_sub(CALLBACK_GAS_RESERVE);
            (usable - usable / 64).max(gas_limit)
        } else {
            gas_limit
        };
        if !can_forward_gas(gas_left, gas_limit) {
            return Err(Error::InsufficientGasForCallback(
                InsufficientGasForCallback {
                    gasLeft: U256::from(gas_left),
                    gasLimit: gas_limit,
                },
            ));
        }
        let Err(reason) = call_bounded(self, callback, &calldata, U256::ZERO, gas) else {
            return Ok(());
        };
        let reason: Bytes = reason.into();
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
}
