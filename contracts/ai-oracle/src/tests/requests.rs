//! Requests: storage, events, fees, validation.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]

use alloy_primitives::{keccak256, Address, Bytes, U256};

use motsu::prelude::*;

use super::*;

#[motsu::test]
fn request_stores_hashes_emits_input_and_routes_fees() {
    let env = Env::new();
    let id = env.request();
    assert_eq!(id, u(1));
    let r = env.req(id);
    assert_eq!(r.0, env.user.address());
    assert_eq!(r.1, env.recorder.address());
    assert_eq!(r.2, GAS);
    assert_eq!(r.3, u(MIN_GAS_PRICE * GAS));
    let mut committed = MODEL.to_be_bytes::<32>().to_vec();
    committed.extend_from_slice(b"prompt");
    assert_eq!(
        r.4,
        keccak256(committed),
        "keccak256(abi.encodePacked(modelId, input))"
    );
    assert_eq!(r.7, Status::Pending as u8);
    env.oracle.assert_emitted(&AICallbackRequest {
        account: env.user.address(),
        requestId: id,
        modelId: MODEL,
        input: Bytes::from_static(b"prompt"),
        callbackContract: env.recorder.address(),
        gasLimit: GAS,
        callbackData: Bytes::from_static(b"data"),
    });
    let model = env.oracle.sender(env.user.address()).get_model(MODEL);
    assert_eq!(model.5, u(MODEL_FEE * PCT / 100));
    assert_eq!(
        env.oracle.sender(env.user.address()).parameters().4,
        u(MODEL_FEE - MODEL_FEE * PCT / 100)
    );
    assert_eq!(env.oracle.balance(), env.fee());
    assert_eq!(env.request(), u(2), "ids increase");
}

#[motsu::test]
fn batch_request_charges_per_item_and_emits_the_batch_event() {
    let env = Env::new();
    let fee = env
        .oracle
        .sender(env.user.address())
        .estimate_fee_batch(MODEL, u(GAS), u(4))
        .motsu_unwrap();
    assert_eq!(fee, u(4 * MODEL_FEE + MIN_GAS_PRICE * GAS));
    let id = env
        .oracle
        .sender_and_value(env.user.address(), fee)
        .request_batch_inference(
            u(4),
            MODEL,
            b(b"in"),
            env.recorder.address(),
            GAS,
            b(b""),
            1,
            2,
        )
        .motsu_unwrap();
    env.oracle.assert_emitted(&batch::AICallbackRequest {
        account: env.user.address(),
        requestId: id,
        modelId: MODEL,
        input: Bytes::from_static(b"in"),
        callbackContract: env.recorder.address(),
        gasLimit: GAS,
        callbackData: Bytes::new(),
        inputDA: 1,
        outputDA: 2,
        batchSize: u(4),
    });
    assert_eq!(
        env.oracle.sender(env.user.address()).get_model(MODEL).5,
        u(4 * MODEL_FEE * PCT / 100)
    );
}

#[motsu::test]
fn every_request_validation_error() {
    let env = Env::new();
    let user = env.user.address();
    let rec = env.recorder.address();
    let fee = env.fee();
    let o = &env.oracle;
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(u(99), b(b"x"), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::ModelNotActive(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b""), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::EmptyInput(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), Address::ZERO, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::InvalidCallback(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), rec, 0, b(b""))
            .motsu_unwrap_err(),
        Error::InvalidCallback(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee - u(1)).request_callback(MODEL, b(b"x"), rec, GAS, b(b"")).motsu_unwrap_err(),
        Error::InsufficientFee(InsufficientFee { required, paid }) if required == fee && paid == fee - u(1)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_batch_inference(U256::ZERO, MODEL, b(b"x"), rec, GAS, b(b""), 0, 0)
            .motsu_unwrap_err(),
        Error::InvalidBatchSize(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_batch_inference(u(1), MODEL, b(b"x"), rec, GAS, b(b""), DA_IPFS, 0)
            .motsu_unwrap_err(),
        Error::InvalidDataAvailability(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_batch_inference(u(1), MODEL, b(b"x"), rec, GAS, b(b""), 0, 3)
            .motsu_unwrap_err(),
        Error::InvalidDataAvailability(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_batch_inference(U256::MAX, MODEL, b(b"x"), rec, GAS, b(b""), 0, 0)
            .motsu_unwrap_err(),
        Error::AmountOverflow(_)
    ));
    o.sender(env.owner.address())
        .set_blacklist(rec, true)
        .motsu_unwrap();
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::CallbackBlacklisted(_)
    ));
    // The count of blacklisted contracts (which lets requests skip the blacklist's slot while it
    // is zero) follows changes only: blacklisting twice, removing another contract, or one never
    // blacklisted, leave `rec` refused.
    let owner = env.owner.address();
    let other = Address::repeat_byte(0x5c);
    for (account, blacklisted) in [(rec, true), (other, false), (other, true), (other, false)] {
        o.sender(owner)
            .set_blacklist(account, blacklisted)
            .motsu_unwrap();
    }
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::CallbackBlacklisted(_)
    ));
    o.sender(env.owner.address())
        .set_blacklist(rec, false)
        .motsu_unwrap();
    o.sender(env.owner.address())
        .set_paused(true)
        .motsu_unwrap();
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::RequestsPaused(_)
    ));
    o.sender(env.owner.address())
        .set_paused(false)
        .motsu_unwrap();
    o.sender(env.owner.address())
        .remove_model(MODEL)
        .motsu_unwrap();
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::ModelNotActive(_)
    ));
    assert_eq!(env.request_count(), 0, "nothing was stored");
    assert_eq!(
        o.balance(),
        U256::ZERO,
        "every failed request was rolled back"
    );
}

#[motsu::test]
fn gas_price_is_max_of_basefee_and_min_gas_price_never_zero() {
    let env = Env::new();
    // motsu's basefee is 0: a fresh deployment still charges minGasPrice (the reference charged 0).
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .estimate_fee(MODEL, u(GAS))
            .motsu_unwrap(),
        env.fee()
    );
    env.set_min_gas_price(7);
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .estimate_fee(MODEL, u(GAS))
            .motsu_unwrap(),
        u(MODEL_FEE + 7 * GAS)
    );
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .estimate_fee(MODEL, U256::MAX)
            .motsu_unwrap_err(),
        Error::AmountOverflow(_)
    ));
}

#[motsu::test]
fn fee_changes_between_estimate_and_request_give_refund_credit_or_revert() {
    let env = Env::new();
    let user = env.user.address();
    let estimate = env
        .oracle
        .sender(user)
        .estimate_fee(MODEL, u(GAS))
        .motsu_unwrap();
    // The price goes down after the estimate: the difference is credited, not kept.
    env.set_min_gas_price(1);
    env.oracle
        .sender_and_value(user, estimate)
        .request_callback(MODEL, b(b"x"), env.recorder.address(), GAS, b(b""))
        .motsu_unwrap();
    let excess = u(GAS);
    assert_eq!(env.oracle.sender(user).refund_of(user), excess);
    env.oracle.assert_emitted(&RefundCredited {
        account: user,
        amount: excess,
    });
    // The price goes up after the estimate: the request reverts, nothing is taken.
    env.set_min_gas_price(5);
    assert!(matches!(
        env.oracle
            .sender_and_value(user, estimate)
            .request_callback(MODEL, b(b"x"), env.recorder.address(), GAS, b(b""))
            .motsu_unwrap_err(),
        Error::InsufficientFee(_)
    ));
    // The credit is withdrawable once.
    let before = env.user.balance();
    env.oracle.sender(user).withdraw_refund().motsu_unwrap();
    assert_eq!(env.user.balance(), before + excess);
    assert!(matches!(
        env.oracle.sender(user).withdraw_refund().motsu_unwrap_err(),
        Error::NothingToWithdraw(_)
    ));
    assert_identity(&env, &[]);
}
