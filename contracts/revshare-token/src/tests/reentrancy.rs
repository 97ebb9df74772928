//! Attackers that re-enter the guarded functions from `receive()` or as a revenue source.

use super::*;

// ---------------------------------------------------------------------------
// Reentrancy
// ---------------------------------------------------------------------------

#[motsu::test]
fn reentrant_claim_gains_nothing(
    token: Contract<RevShareToken>,
    attacker: Contract<Attacker>,
    other: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (ha, ho) = (attacker.address(), other.address());
    deploy(&token, owner, ha, 100, 5_000, 0, 2);
    token.sender(ha).transfer(ho, u(50)).motsu_unwrap();
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    deposit(&token, alice, 1_000);
    attacker.sender(alice).setup(token.address(), u(1));
    token.sender(ha).claim(u(1)).motsu_unwrap();
    // Four re-entries (claim, claimBatch, burn, snapshot), all refused.
    assert_eq!(attacker.sender(alice).attempts(), u(4));
    assert_eq!(attacker.sender(alice).locked_out(), u(4));
    assert_eq!(attacker.sender(alice).successes(), U256::ZERO);
    assert_eq!(attacker.balance(), u(250));
    assert_eq!(token.sender(ha).balance_of(ha), u(50));
    assert_eq!(token.sender(ha).current_snapshot_id(), u(1));
    assert_eq!(token.sender(ha).claimed_at(u(1)), u(250));
    token.sender(ho).claim(u(1)).motsu_unwrap();
    assert_eq!(other.balance(), u(250));
    assert_eq!(token.balance(), u(1_500));
    assert_eq!(open_unclaimed(&token), U256::ZERO);
}

#[motsu::test]
fn reentrant_burn_gains_nothing(
    token: Contract<RevShareToken>,
    attacker: Contract<Attacker>,
    other: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (ha, ho) = (attacker.address(), other.address());
    deploy(&token, owner, ha, 100, 5_000, 0, 2);
    token.sender(ha).transfer(ho, u(50)).motsu_unwrap();
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    attacker.sender(alice).setup(token.address(), u(1));
    let expected = token.sender(ha).redeemable_on_burn(u(50));
    assert_eq!(expected, u(250));
    token.sender(ha).burn(u(50)).motsu_unwrap();
    assert_eq!(attacker.sender(alice).successes(), U256::ZERO);
    assert_eq!(attacker.sender(alice).attempts(), u(4));
    assert_eq!(attacker.sender(alice).locked_out(), u(4));
    assert_eq!(attacker.balance(), expected);
    // The other holder's claim and redeem are whole.
    assert_eq!(token.sender(ho).claimable_revenue(ho, u(1)), u(250));
    assert_eq!(token.sender(ho).redeemable_on_burn(u(50)), u(250));
    token.sender(ho).burn(u(50)).motsu_unwrap();
    token.sender(ho).claim(u(1)).motsu_unwrap();
    token.sender(ha).claim(u(1)).motsu_unwrap();
    assert_eq!(other.balance(), u(500));
    assert_eq!(attacker.balance(), u(500));
    assert_eq!(token.balance(), U256::ZERO);
}

#[motsu::test]
fn reentrant_revenue_source_cannot_disturb_the_snapshot(
    token: Contract<RevShareToken>,
    attacker: Contract<Attacker>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, holder.address(), 100, 5_000, 0, 2);
    token
        .sender(owner)
        .add_revenue_source(attacker.address(), u(1))
        .motsu_unwrap();
    attacker.sender(alice).setup(token.address(), u(1));
    attacker.fund(u(300));
    deposit(&token, alice, 100);
    assert_eq!(snapshot(&token, alice), u(1));
    assert_eq!(attacker.sender(alice).attempts(), u(4));
    assert_eq!(attacker.sender(alice).locked_out(), u(4));
    assert_eq!(attacker.sender(alice).successes(), U256::ZERO);
    // The source's payment, made while the snapshot held the lock, counts.
    token.assert_emitted(&Snapshot { id: u(1) });
    token.assert_emitted(&SnapshotRevenue {
        id: u(1),
        claimable: u(200),
        toRedeemPool: u(200),
    });
    assert_eq!(token.sender(alice).current_snapshot_id(), u(1));
    assert_eq!(
        token.sender(alice).redeem_pool() + open_unclaimed(&token),
        token.balance()
    );
}
