//! Claims: once per account and snapshot, inside the claim window, in batches.

use super::*;

#[motsu::test]
fn claiming_twice_fails(
    token: Contract<RevShareToken>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, holder.address(), 100, 5_000, 0, 2);
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    let h = holder.address();
    token.sender(h).claim(u(1)).motsu_unwrap();
    token.assert_emitted(&RevenueClaimed {
        account: h,
        snapshotId: u(1),
        amount: u(50),
    });
    assert_eq!(holder.balance(), u(50));
    assert_eq!(token.sender(h).claimable_revenue(h, u(1)), U256::ZERO);
    let err = token.sender(h).claim(u(1)).motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyClaimed(AlreadyClaimed { account, .. }) if account == h));
    assert_eq!(holder.balance(), u(50));
    assert_eq!(token.sender(h).claimed_at(u(1)), u(50));
}

#[motsu::test]
fn claim_after_expiry_fails_and_the_rest_rolls_over(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, a.address(), 100, 10_000, 0, 1);
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    deposit(&token, alice, 10);
    snapshot(&token, alice);
    let err = token.sender(a.address()).claim(u(1)).motsu_unwrap_err();
    assert!(matches!(err, Error::SnapshotNotClaimable(_)));
    assert_eq!(token.sender(alice).claimable_at(u(2)), u(110));
    token.sender(a.address()).claim(u(2)).motsu_unwrap();
    assert_eq!(a.balance(), u(110));
}

#[motsu::test]
fn nothing_to_claim_for_an_account_without_balance(
    token: Contract<RevShareToken>,
    owner: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&token, owner, alice, 100, 5_000, 0, 1);
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    let err = token.sender(bob).claim(u(1)).motsu_unwrap_err();
    assert!(matches!(err, Error::NothingToClaim(NothingToClaim { account, .. }) if account == bob));
}

// ---------------------------------------------------------------------------
// claimBatch
// ---------------------------------------------------------------------------

#[motsu::test]
fn claim_batch_pays_the_sum_or_reverts_as_a_whole(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let h = a.address();
    deploy(&token, owner, h, 100, 5_000, 0, 3);
    for amount in [100, 200] {
        deposit(&token, alice, amount);
        snapshot(&token, alice);
    }
    let err = token
        .sender(h)
        .claim_batch(vec![u(1), u(3)])
        .motsu_unwrap_err();
    assert!(matches!(err, Error::SnapshotNotClaimable(_)));
    let err = token
        .sender(h)
        .claim_batch(vec![u(1), u(1)])
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyClaimed(_)));
    assert_eq!(a.balance(), U256::ZERO);
    token.sender(h).claim_batch(vec![u(1), u(2)]).motsu_unwrap();
    assert_eq!(a.balance(), u(150));
    token.assert_emitted(&RevenueClaimed {
        account: h,
        snapshotId: u(2),
        amount: u(100),
    });
    token.sender(h).claim_batch(vec![]).motsu_unwrap();
    assert_eq!(a.balance(), u(150));
}
