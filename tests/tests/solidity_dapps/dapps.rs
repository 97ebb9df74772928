//! The Solidity dApp scenarios, on any backend.

use super::*;
use alloy_primitives::Bytes;
use alloy_sol_types::SolValue;

pub(crate) fn prompt_round_trip<B: Backend>(mut imo: Imo<B>) {
    let node = node(&mut imo);
    let (oracle, token, owner, model) = (
        imo.c.oracle,
        imo.c.token,
        imo.owner,
        U256::from(imo.cfg.model_id),
    );
    let user = imo.backend.new_account("user", U256::from(ETHER)).unwrap();
    imo.steps.clear();
    let prompt = deploy_solidity(&mut imo, "Prompt", oracle.abi_encode());
    let fee = view(
        &mut imo,
        prompt,
        IPrompt::estimateFeeCall { modelId: model },
    )
    ._0;
    assert_eq!(
        fee,
        imo.cfg.model_fee + imo.cfg.min_gas_price * U256::from(500_000u64)
    );
    let request = exec(
        &mut imo,
        "Prompt.calculateAIResult (Solidity -> oracle)",
        user,
        prompt,
        IPrompt::calculateAIResultCall {
            modelId: model,
            prompt: "What is 2+2?".into(),
        },
        fee,
    );
    let ids = requests(&request);
    assert_eq!(ids.len(), 1);
    deliver(&mut imo, node, ids[0], b"4");
    let answer = view(
        &mut imo,
        prompt,
        IPrompt::getAIResultCall {
            modelId: model,
            prompt: "What is 2+2?".into(),
        },
    )
    ._0;
    assert_eq!(answer, "4");

    // The model's share of the fee reaches the RevShare token at the next snapshot.
    let snap = exec(
        &mut imo,
        "RevShare snapshot (sweeps the oracle)",
        owner,
        token,
        IToken::snapshotCall {},
        U256::ZERO,
    );
    let _ = snap;
    let id = view(&mut imo, token, IToken::currentSnapshotIdCall {})._0;
    let share = imo.cfg.model_fee * U256::from(imo.cfg.receiver_percentage) / U256::from(100u64);
    let expected = share * U256::from(imo.cfg.claimable_bps) / U256::from(10_000u64);
    assert_eq!(
        view(&mut imo, token, IToken::claimableAtCall { snapshotId: id })._0,
        expected
    );
    report(&imo, "Prompt.sol on the Stylus oracle:");
}

pub(crate) fn nested_inference<B: Backend>(mut imo: Imo<B>) {
    let node = node(&mut imo);
    let (oracle, model) = (imo.c.oracle, U256::from(imo.cfg.model_id));
    let user = imo.backend.new_account("user", U256::from(ETHER)).unwrap();
    imo.steps.clear();
    let nested = deploy_solidity(
        &mut imo,
        "NestedPrompt",
        (oracle, model).abi_encode_params(),
    );
    let fee = view(&mut imo, nested, INestedPrompt::estimateFeeCall {})._0;
    // Pre-fund the nested request through the contract's receive().
    assert!(imo.backend.send(user, nested, &[], fee).unwrap().success);
    let first = exec(
        &mut imo,
        "NestedPrompt.ask",
        user,
        nested,
        INestedPrompt::askCall {
            prompt: b"seed".to_vec().into(),
        },
        fee,
    );
    let first_id = requests(&first)[0];
    let delivery = deliver(&mut imo, node, first_id, b"first answer");
    let nested_ids = requests(&delivery);
    assert_eq!(
        nested_ids.len(),
        1,
        "the callback made a request inside the oracle's invokeCallback"
    );
    assert_eq!(
        view(
            &mut imo,
            nested,
            INestedPrompt::nestedOfCall {
                requestId: first_id
            }
        )
        ._0,
        nested_ids[0]
    );
    let second = deliver(&mut imo, node, nested_ids[0], b"second answer");
    assert!(second
        .logs
        .iter()
        .any(|l| INestedPrompt::SecondAnswer::decode_log(l, true).is_ok()));
    assert_eq!(
        view(
            &mut imo,
            nested,
            INestedPrompt::answersCall {
                requestId: nested_ids[0]
            }
        )
        ._0,
        Bytes::from_static(b"second answer")
    );
    assert_eq!(
        imo.balance(nested).unwrap(),
        U256::ZERO,
        "the nested fee came from the pre-funding"
    );
    report(&imo, "NestedPrompt.sol:");
}

pub(crate) fn vault_claims<B: Backend>(mut imo: Imo<B>) {
    let (owner, token) = (imo.owner, imo.c.token);
    let user = imo.backend.new_account("user", U256::from(ETHER)).unwrap();
    let bob = imo.backend.new_account("bob", U256::from(ETHER)).unwrap();
    imo.steps.clear();
    let vault = deploy_solidity(&mut imo, "RevShareVault", token.abi_encode());
    // Of the supply the owner holds, the user gets 30% and Bob 10%; both deposit into the vault.
    let supply = imo.cfg.supply;
    let pct = |p: u64| supply * U256::from(p) / U256::from(100u64);
    exec(
        &mut imo,
        "token.transfer",
        owner,
        token,
        IToken::transferCall {
            to: user,
            value: pct(30),
        },
        U256::ZERO,
    );
    exec(
        &mut imo,
        "token.transfer",
        owner,
        token,
        IToken::transferCall {
            to: bob,
            value: pct(10),
        },
        U256::ZERO,
    );
    for (who, amount) in [(user, pct(30)), (bob, pct(10))] {
        exec(
            &mut imo,
            "token.approve",
            who,
            token,
            IToken::approveCall {
                spender: vault,
                value: amount,
            },
            U256::ZERO,
        );
        exec(
            &mut imo,
            "RevShareVault.deposit",
            who,
            vault,
            IVault::depositCall { amount },
            U256::ZERO,
        );
    }
    // 1 ETH of revenue, then a snapshot: the vault holds 40% of the supply.
    assert!(
        imo.backend
            .send(owner, token, &[], U256::from(ETHER))
            .unwrap()
            .success
    );
    let snap = exec(
        &mut imo,
        "token.snapshot",
        owner,
        token,
        IToken::snapshotCall {},
        U256::ZERO,
    );
    let _ = snap;
    // The snapshot is final (claimable) once its second is over.
    imo_e2e::scenarios::next_second(&mut imo.backend).unwrap();
    let id = view(&mut imo, token, IToken::currentSnapshotIdCall {})._0;
    let vault_share = view(
        &mut imo,
        token,
        IToken::claimableRevenueCall {
            account: vault,
            snapshotId: id,
        },
    )
    ._0;
    let claimable = U256::from(ETHER) * U256::from(imo.cfg.claimable_bps) / U256::from(10_000u64);
    assert_eq!(
        vault_share,
        claimable * U256::from(40u64) / U256::from(100u64)
    );
    // A deposit change after the snapshot does not move what the snapshot pays.
    exec(
        &mut imo,
        "RevShareVault.withdraw",
        bob,
        vault,
        IVault::withdrawCall { amount: pct(5) },
        U256::ZERO,
    );

    let before = imo.balance(user).unwrap();
    let r = exec(
        &mut imo,
        "RevShareVault.claim (collects from the token, pays)",
        user,
        vault,
        IVault::claimCall { snapshotId: id },
        U256::ZERO,
    );
    assert_eq!(
        imo.balance(user).unwrap() + r.fee - before,
        vault_share * U256::from(3u64) / U256::from(4u64)
    );
    let before = imo.balance(bob).unwrap();
    let r = exec(
        &mut imo,
        "RevShareVault.claim (already collected)",
        bob,
        vault,
        IVault::claimCall { snapshotId: id },
        U256::ZERO,
    );
    assert_eq!(
        imo.balance(bob).unwrap() + r.fee - before,
        vault_share / U256::from(4u64)
    );
    let again = imo
        .send(bob, vault, IVault::claimCall { snapshotId: id }, U256::ZERO)
        .unwrap();
    assert!(!again.success, "paid once");
    report(&imo, "RevShareVault.sol:");
}
