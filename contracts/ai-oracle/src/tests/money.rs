//! Model revenue, receivers, protocol revenue.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]

use alloy_primitives::{Address, B256, U256};

use imo_testkit::{Rejecter, Wallet};
use motsu::prelude::*;

use super::*;

#[motsu::test]
fn claim_model_revenue_is_permissionless_and_a_noop_when_zero() {
    let env = Env::new();
    let stranger: Contract<Wallet> = Contract::new();
    // Nothing accrued: no-op, also for an unknown model.
    env.oracle
        .sender(stranger.address())
        .claim_model_revenue(MODEL)
        .motsu_unwrap();
    env.oracle
        .sender(stranger.address())
        .claim_model_revenue(u(12345))
        .motsu_unwrap();
    assert_eq!(env.receiver.balance(), U256::ZERO);
    env.request();
    env.request();
    let accrued = u(2 * MODEL_FEE * PCT / 100);
    env.oracle
        .sender(stranger.address())
        .claim_model_revenue(MODEL)
        .motsu_unwrap();
    assert_eq!(env.receiver.balance(), accrued);
    env.oracle.assert_emitted(&ModelRevenueClaimed {
        modelId: MODEL,
        receiver: env.receiver.address(),
        amount: accrued,
    });
    assert_eq!(
        env.oracle.sender(stranger.address()).get_model(MODEL).5,
        U256::ZERO
    );
    env.oracle
        .sender(stranger.address())
        .claim_model_revenue(MODEL)
        .motsu_unwrap();
    assert_eq!(env.receiver.balance(), accrued, "paid once");
}

#[motsu::test]
fn claim_to_a_receiver_that_rejects_eth_reverts_and_keeps_the_revenue() {
    let env = Env::new();
    let rejecter: Contract<Rejecter> = Contract::new();
    env.add_model(u(2), rejecter.address(), 100);
    env.oracle
        .sender_and_value(env.user.address(), u(MODEL_FEE))
        .request_callback(u(2), b(b"x"), Address::ZERO, 0, b(b""))
        .motsu_unwrap();
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .claim_model_revenue(u(2))
            .motsu_unwrap_err(),
        Error::TransferFailed(_)
    ));
    assert_eq!(
        env.oracle.sender(env.user.address()).get_model(u(2)).5,
        u(MODEL_FEE)
    );
}

#[motsu::test]
fn changing_the_receiver_pays_the_old_receiver_first() {
    let env = Env::new();
    env.request();
    let accrued = u(MODEL_FEE * PCT / 100);
    let new_receiver: Contract<Wallet> = Contract::new();
    env.oracle
        .sender(env.owner.address())
        .update_model(
            MODEL,
            B256::ZERO,
            B256::ZERO,
            u(MODEL_FEE),
            new_receiver.address(),
            u(50),
            Address::ZERO,
            true,
        )
        .motsu_unwrap();
    assert_eq!(env.receiver.balance(), accrued);
    assert_eq!(new_receiver.balance(), U256::ZERO);
    env.request();
    env.oracle
        .sender(env.user.address())
        .claim_model_revenue(MODEL)
        .motsu_unwrap();
    assert_eq!(new_receiver.balance(), u(MODEL_FEE / 2));
    let m = env.oracle.sender(env.user.address()).get_model(MODEL);
    assert_eq!((m.3, m.4, m.7), (new_receiver.address(), u(50), true));
    // A receiver that rejects ETH is credited instead, so the owner is never blocked.
    let rejecter: Contract<Rejecter> = Contract::new();
    track(rejecter.address());
    env.oracle
        .sender(env.owner.address())
        .update_model(
            MODEL,
            B256::ZERO,
            B256::ZERO,
            u(MODEL_FEE),
            rejecter.address(),
            u(100),
            Address::ZERO,
            false,
        )
        .motsu_unwrap();
    env.request();
    env.oracle
        .sender(env.owner.address())
        .update_model(
            MODEL,
            B256::ZERO,
            B256::ZERO,
            u(MODEL_FEE),
            env.receiver.address(),
            u(100),
            Address::ZERO,
            false,
        )
        .motsu_unwrap();
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .refund_of(rejecter.address()),
        u(MODEL_FEE)
    );
    assert_identity(&env, &[u(1), u(2), u(3)]);
}

#[motsu::test]
fn remove_model_pays_out_first_and_does_not_revert_when_nothing_accrued() {
    let env = Env::new();
    env.add_model(u(5), env.receiver.address(), 100);
    env.oracle
        .sender(env.owner.address())
        .remove_model(u(5))
        .motsu_unwrap();
    env.oracle.assert_emitted(&ModelRemoved { modelId: u(5) });
    env.request();
    env.oracle
        .sender(env.owner.address())
        .remove_model(MODEL)
        .motsu_unwrap();
    assert_eq!(env.receiver.balance(), u(MODEL_FEE * PCT / 100));
    assert!(matches!(
        env.oracle
            .sender(env.owner.address())
            .remove_model(MODEL)
            .motsu_unwrap_err(),
        Error::ModelNotActive(_)
    ));
    // Pending requests of a removed model are still served.
    env.deliver(u(1), b"still served");
    assert_eq!(env.status(u(1)), Status::Delivered as u8);
}

#[motsu::test]
fn model_validation() {
    let env = Env::new();
    let o = env.oracle.sender(env.owner.address());
    drop(o);
    let owner = env.owner.address();
    assert!(matches!(
        env.oracle
            .sender(owner)
            .add_model(
                MODEL,
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                Address::ZERO,
                U256::ZERO,
                Address::ZERO,
                false
            )
            .motsu_unwrap_err(),
        Error::ModelAlreadyExists(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(owner)
            .add_model(
                u(3),
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                env.receiver.address(),
                u(101),
                Address::ZERO,
                false
            )
            .motsu_unwrap_err(),
        Error::InvalidReceiver(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(owner)
            .add_model(
                u(3),
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                Address::ZERO,
                u(1),
                Address::ZERO,
                false
            )
            .motsu_unwrap_err(),
        Error::InvalidReceiver(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(owner)
            .add_model(
                u(3),
                B256::ZERO,
                B256::ZERO,
                U256::MAX,
                env.receiver.address(),
                u(1),
                Address::ZERO,
                false
            )
            .motsu_unwrap_err(),
        Error::AmountOverflow(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(owner)
            .update_model(
                u(3),
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                Address::ZERO,
                U256::ZERO,
                Address::ZERO,
                false
            )
            .motsu_unwrap_err(),
        Error::ModelNotActive(_)
    ));
    // A free model with no revenue share needs no receiver.
    env.oracle
        .sender(owner)
        .add_model(
            u(3),
            B256::ZERO,
            B256::ZERO,
            U256::ZERO,
            Address::ZERO,
            U256::ZERO,
            Address::ZERO,
            false,
        )
        .motsu_unwrap();
    env.oracle.assert_emitted(&ModelAdded {
        modelId: u(3),
        receiver: Address::ZERO,
        fee: U256::ZERO,
        receiverPercentage: U256::ZERO,
    });
}

#[motsu::test]
fn protocol_revenue_goes_to_the_owner_only() {
    let env = Env::new();
    env.request();
    let protocol = u(MODEL_FEE - MODEL_FEE * PCT / 100);
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .withdraw_protocol_revenue()
            .motsu_unwrap_err(),
        Error::UnauthorizedAccount(_)
    ));
    let before = env.owner.balance();
    env.oracle
        .sender(env.owner.address())
        .withdraw_protocol_revenue()
        .motsu_unwrap();
    assert_eq!(env.owner.balance(), before + protocol);
    env.oracle.assert_emitted(&ProtocolRevenueWithdrawn {
        to: env.owner.address(),
        amount: protocol,
    });
    assert!(matches!(
        env.oracle
            .sender(env.owner.address())
            .withdraw_protocol_revenue()
            .motsu_unwrap_err(),
        Error::NothingToWithdraw(_)
    ));
}
