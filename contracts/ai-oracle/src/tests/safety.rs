//! The security review's findings on the oracle (items 4, 5, 6) and ORA compatibility (the DA
//! overload, the `token` field), each as an attack that now fails plus the legitimate path.
//! (Gas-dependent behaviour, such as a re-delivery with more gas, runs on the devchain.)
#![allow(clippy::too_many_lines)]

use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolValue};
use motsu::prelude::*;

use super::*;
use crate::{MAX_CALLBACK_GAS_LIMIT, REQUEST_TIMEOUT};

sol! {
    /// ORA's requestCallback overload with data-availability fields (selector 0x8c2c1ed8).
    function requestCallback(uint256 modelId, bytes input, address callbackContract, uint64 gasLimit, bytes callbackData, uint8 inputDA, uint8 outputDA) external payable returns (uint256);
}

/// Item 5: a node answering a valid request with an error used to earn the delivery fee while the
/// requester got nothing back. Now the error earns the node nothing and the fee is credited back.
#[motsu::test]
fn an_error_answer_earns_the_node_nothing_and_refunds_the_delivery_fee() {
    let env = Env::new();
    let id = env.request();
    let delivery_fee = env.req(id).3;
    assert_eq!(delivery_fee, u(MIN_GAS_PRICE * GAS));
    let node = env.node.address();
    env.oracle
        .sender(node)
        .feedback_error(id, 0, b(b"cannot"))
        .motsu_unwrap();
    let o = env.oracle.sender(node);
    assert_eq!(o.earnings_of(node), U256::ZERO, "no pay for an error");
    assert_eq!(o.refund_of(env.user.address()), delivery_fee);
    drop(o);
    env.oracle.assert_emitted(&RefundCredited {
        account: env.user.address(),
        amount: delivery_fee,
    });
    // The legitimate path still pays the node.
    let id2 = env.request();
    env.deliver(id2, b"out");
    assert_eq!(env.oracle.sender(node).earnings_of(node), delivery_fee);
    assert_identity(&env, &[id, id2]);
}

/// Item 6: a request reserving 31,000,000 gas for its callback was paid but could never be
/// delivered, and its ETH was stuck. Now such a gas limit is refused.
#[motsu::test]
fn a_callback_gas_limit_above_the_cap_is_refused() {
    let env = Env::new();
    let user = env.user.address();
    let rec = env.recorder.address();
    let o = &env.oracle;
    let fee = o
        .sender(user)
        .estimate_fee(MODEL, u(31_000_000))
        .motsu_unwrap();
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), rec, 31_000_000, b(b""))
            .motsu_unwrap_err(),
        Error::GasLimitTooHigh(GasLimitTooHigh { gasLimit: 31_000_000, max }) if max == MAX_CALLBACK_GAS_LIMIT
    ));
    let fee = o
        .sender(user)
        .estimate_fee(MODEL, u(MAX_CALLBACK_GAS_LIMIT))
        .motsu_unwrap();
    let id = o
        .sender_and_value(user, fee)
        .request_callback(MODEL, b(b"x"), rec, MAX_CALLBACK_GAS_LIMIT, b(b""))
        .motsu_unwrap();
    assert_eq!(env.req(id).2, MAX_CALLBACK_GAS_LIMIT);
    assert_identity(&env, &[id]);
}

/// Item 6: any request nobody answers can be refunded after the timeout; a late answer is then
/// refused, and nothing is paid twice.
#[motsu::test]
fn an_unanswered_request_is_refunded_after_the_timeout_and_a_late_answer_is_refused() {
    let env = Env::new();
    let id = env.request();
    let fee = env.req(id).3;
    let anyone = env.arbiter.address();
    let refundable_at = match env
        .oracle
        .sender(anyone)
        .refund_request(id)
        .motsu_unwrap_err()
    {
        Error::RequestNotExpired(RequestNotExpired { refundableAt, .. }) => refundableAt,
        e => panic!("unexpected {e:?}"),
    };
    advance(REQUEST_TIMEOUT - 1);
    assert!(matches!(
        env.oracle
            .sender(anyone)
            .refund_request(id)
            .motsu_unwrap_err(),
        Error::RequestNotExpired(_)
    ));
    advance(1);
    env.oracle.sender(anyone).refund_request(id).motsu_unwrap();
    env.oracle.assert_emitted(&RequestRefunded {
        requestId: id,
        requester: env.user.address(),
        amount: fee,
    });
    assert!(refundable_at > 0);
    assert_eq!(env.status(id), Status::Refunded as u8);
    assert_eq!(env.oracle.sender(anyone).refund_of(env.user.address()), fee);
    assert!(matches!(
        env.oracle
            .sender(anyone)
            .refund_request(id)
            .motsu_unwrap_err(),
        Error::RequestNotPending(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id, b(b"late"))
            .motsu_unwrap_err(),
        Error::RequestNotPending(_)
    ));
    assert!(!env.oracle.sender(anyone).is_finalized(id));
    assert!(matches!(
        env.oracle
            .sender(anyone)
            .refund_request(u(999))
            .motsu_unwrap_err(),
        Error::UnknownRequest(_)
    ));
    // An answered request is never refundable.
    let id2 = env.request();
    env.deliver(id2, b"out");
    advance(REQUEST_TIMEOUT);
    assert!(matches!(
        env.oracle
            .sender(anyone)
            .refund_request(id2)
            .motsu_unwrap_err(),
        Error::RequestNotPending(_)
    ));
    let before = env.user.balance();
    env.oracle
        .sender(env.user.address())
        .withdraw_refund()
        .motsu_unwrap();
    assert_eq!(env.user.balance(), before + fee);
    assert_identity(&env, &[id, id2]);
}

/// Item 4: a callback reverting with 200 KB made the node pay for copying and logging all of it.
/// Now at most `MAX_RETURN_DATA` bytes are copied and logged; short reasons are kept whole.
#[motsu::test]
fn a_callbacks_revert_data_is_bounded_in_what_is_copied_and_logged() {
    let env = Env::new();
    let big: Contract<BigReverter> = Contract::new();
    big.sender(env.user.address()).size.set(u(5_000));
    let id = env.request_to(big.address(), GAS);
    env.deliver(id, b"out");
    let max = imo_common::call::MAX_RETURN_DATA;
    let reason: Vec<u8> = (0..max).map(|i| (i % 251) as u8).collect();
    env.oracle.assert_emitted(&CallbackFailed {
        requestId: id,
        reason: Bytes::from(reason),
    });
    assert_eq!(env.status(id), Status::Delivered as u8, "the result stands");
    assert_identity(&env, &[id]);
}

/// ORA compatibility: the `requestCallback` overload with DA fields is routed and emits the batch
/// event with `batchSize` 1, as ORA's oracle does.
#[motsu::test]
fn oras_requestcallback_overload_with_data_availability_is_routed() {
    assert_eq!(requestCallbackCall::SELECTOR, 0x8c2c_1ed8_u32.to_be_bytes());
    let env = Env::new();
    let caller: Contract<RawCaller> = Contract::new();
    caller.address().fund(RICH);
    let call = requestCallbackCall {
        modelId: MODEL,
        input: Bytes::from_static(b"prompt"),
        callbackContract: env.recorder.address(),
        gasLimit: GAS,
        callbackData: Bytes::from_static(b"data"),
        inputDA: 0,
        outputDA: 2,
    };
    let out = caller
        .sender_and_value(env.user.address(), env.fee())
        .raw(env.oracle.address(), call.abi_encode().into())
        .motsu_unwrap();
    let id = U256::abi_decode(&out.0, true).unwrap();
    env.oracle.assert_emitted(&batch::AICallbackRequest {
        account: caller.address(),
        requestId: id,
        modelId: MODEL,
        input: Bytes::from_static(b"prompt"),
        callbackContract: env.recorder.address(),
        gasLimit: GAS,
        callbackData: Bytes::from_static(b"data"),
        inputDA: 0,
        outputDA: 2,
        batchSize: u(1),
    });
    // An IPFS input is refused, as in ORA's.
    let bad = requestCallbackCall { inputDA: 2, ..call };
    assert!(caller
        .sender_and_value(env.user.address(), env.fee())
        .raw(env.oracle.address(), bad.abi_encode().into())
        .motsu_res()
        .is_err());
    env.deliver(id, b"out");
    assert_eq!(env.recorder.sender(env.user.address()).calls.get(), u(1));
}

/// ORA compatibility: `getModel(...).token` is the ERC-20 a model's fee is paid in (zero = ETH).
/// This oracle takes ETH only, so registering a model with a fee token is refused: a consumer
/// written for ORA never asks its users for an allowance they would pay twice.
#[motsu::test]
fn a_model_with_an_erc20_fee_token_is_refused() {
    let env = Env::new();
    let token = Address::repeat_byte(0x77);
    assert!(matches!(
        env.oracle
            .sender(env.owner.address())
            .add_model(
                u(42),
                B256::ZERO,
                B256::ZERO,
                u(MODEL_FEE),
                env.receiver.address(),
                u(10),
                token,
                false,
            )
            .motsu_unwrap_err(),
        Error::UnsupportedFeeToken(UnsupportedFeeToken { token: t }) if t == token
    ));
    let m = env.oracle.sender(env.user.address()).get_model(MODEL);
    assert_eq!(m.6, Address::ZERO, "fees in ETH");
}
