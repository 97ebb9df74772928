//! Burn to redeem.

use super::*;

// ---------------------------------------------------------------------------
// Burn to redeem
// ---------------------------------------------------------------------------

#[motsu::test]
fn burn_after_snapshot_keeps_past_claims_and_pays_its_share(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    b: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (ha, hb) = (a.address(), b.address());
    deploy(&token, owner, ha, 1_000, 6_000, 0, 2);
    token.sender(ha).transfer(hb, u(500)).motsu_unwrap();
    deposit(&token, alice, 1_000); // 600 claimable, 400 to the pool
    snapshot(&token, alice);
    deposit(&token, alice, 500); // pending: 300 claim share, 200 redeem share
    assert_eq!(token.sender(ha).redeemable_on_burn(u(250)), u(100 + 50));
    token.sender(ha).burn(u(250)).motsu_unwrap();
    assert_eq!(a.balance(), u(150));
    // B's claim on snapshot 1 is untouched; so is A's.
    assert_eq!(token.sender(hb).claimable_revenue(hb, u(1)), u(300));
    assert_eq!(token.sender(ha).claimable_revenue(ha, u(1)), u(300));
    assert_eq!(
        token.sender(ha).total_supply_at(u(1)).motsu_unwrap(),
        u(1_000)
    );
    assert_eq!(
        token.sender(ha).balance_of_at(ha, u(1)).motsu_unwrap(),
        u(500)
    );
    // Later burners share what is left: the pool is 300, the pending redeem
    // share 200 - 50 = 150, over a supply of 750.
    assert_eq!(token.sender(hb).redeemable_on_burn(u(500)), u(200 + 100));
    snapshot(&token, alice);
    // Snapshot 2: the claim share of the 500 (300) is claimable; the redeem
    // share minus what A took (150) joins the pool.
    assert_eq!(token.sender(ha).claimable_at(u(2)), u(300));
    assert_eq!(token.sender(ha).redeem_pool(), u(300 + 150));
    assert_eq!(token.sender(ha).claimable_revenue(ha, u(2)), u(100));
    assert_eq!(token.sender(ha).claimable_revenue(hb, u(2)), u(200));
    let err = token.sender(ha).burn(u(251)).motsu_unwrap_err();
    assert!(matches!(err, Error::InsufficientBalance(_)));
}

#[motsu::test]
fn burning_zero_pays_nothing(token: Contract<RevShareToken>, owner: Address, alice: Address) {
    deploy(&token, owner, alice, 100, 5_000, 0, 1);
    deposit(&token, alice, 100);
    token.sender(alice).burn(U256::ZERO).motsu_unwrap();
    token.assert_emitted(&Redeemed {
        account: alice,
        burned: U256::ZERO,
        paid: U256::ZERO,
    });
    assert_eq!(token.sender(alice).total_supply(), u(100));
}
