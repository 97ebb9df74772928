//! Revenue intake and snapshots: what a snapshot assigns, its interval and ids.

use super::*;

// ---------------------------------------------------------------------------
// Revenue intake
// ---------------------------------------------------------------------------

#[motsu::test]
fn eth_sent_with_no_call_data_is_revenue(
    token: Contract<RevShareToken>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    alice.fund(u(70));
    token
        .sender_and_value(alice, u(70))
        .receive()
        .motsu_unwrap();
    token.assert_emitted(&RevenueReceived {
        from: alice,
        amount: u(70),
    });
    assert_eq!(token.sender(alice).pending_revenue(), u(70));
    deposit(&token, alice, 30);
    token.assert_emitted(&RevenueReceived {
        from: alice,
        amount: u(30),
    });
    assert_eq!(snapshot(&token, alice), u(1));
    token.assert_emitted(&Snapshot { id: u(1) });
    token.assert_emitted(&SnapshotRevenue {
        id: u(1),
        claimable: u(50),
        toRedeemPool: u(50),
    });
}

#[motsu::test]
fn forced_eth_counts_as_revenue(token: Contract<RevShareToken>, owner: Address) {
    deploy(&token, owner, owner, 100, 10_000, 0, 1);
    // ETH arriving without any call (selfdestruct, coinbase) is revenue too.
    token.fund(u(1_000));
    assert_eq!(token.sender(owner).pending_revenue(), u(1_000));
    snapshot(&token, owner);
    assert_eq!(token.sender(owner).claimable_at(u(1)), u(1_000));
}

// ---------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------

#[motsu::test]
fn snapshot_respects_the_interval(token: Contract<RevShareToken>, owner: Address) {
    deploy(&token, owner, owner, 100, 5_000, 3_600, 1);
    let now = MOTSU_NOW + clock::offset();
    snapshot(&token, owner);
    assert_eq!(token.sender(owner).last_snapshot_timestamp(), now);
    let err = token.sender(owner).snapshot().motsu_unwrap_err();
    assert!(
        matches!(err, Error::SnapshotTooEarly(SnapshotTooEarly { nextAllowedAt }) if nextAllowedAt == now + 3_600)
    );
    // (The helper let one second pass after the snapshot.)
    clock::advance(3_598);
    assert!(matches!(
        token.sender(owner).snapshot().motsu_unwrap_err(),
        Error::SnapshotTooEarly(_)
    ));
    clock::advance(1);
    assert_eq!(snapshot(&token, owner), u(2));
}

#[motsu::test]
fn the_first_snapshot_comes_one_interval_after_the_deployment(
    token: Contract<RevShareToken>,
    fast: Contract<RevShareToken>,
    owner: Address,
) {
    let deployed_at = MOTSU_NOW + clock::offset();
    let name = || String::from("Llama IMO");
    token
        .sender(owner)
        .constructor(name(), name(), u(100), owner, 5_000, 3_600, 1, owner)
        .motsu_unwrap();
    fast.sender(owner)
        .constructor(name(), name(), u(100), owner, 5_000, 0, 1, owner)
        .motsu_unwrap();
    let err = token.sender(owner).snapshot().motsu_unwrap_err();
    assert!(
        matches!(err, Error::SnapshotTooEarly(SnapshotTooEarly { nextAllowedAt }) if nextAllowedAt == deployed_at + 3_600)
    );
    // Without an interval: not in the deployment's second.
    let err = fast.sender(owner).snapshot().motsu_unwrap_err();
    assert!(
        matches!(err, Error::SnapshotTooEarly(SnapshotTooEarly { nextAllowedAt }) if nextAllowedAt == deployed_at + 1)
    );
    clock::advance(1);
    assert_eq!(fast.sender(owner).snapshot().motsu_unwrap(), u(1));
    clock::advance(3_598);
    assert!(matches!(
        token.sender(owner).snapshot().motsu_unwrap_err(),
        Error::SnapshotTooEarly(_)
    ));
    clock::advance(1);
    assert_eq!(token.sender(owner).snapshot().motsu_unwrap(), u(1));
}

#[motsu::test]
fn snapshot_ids_stop_at_u32_max(token: Contract<RevShareToken>, owner: Address) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    // Balance records keep 32-bit ids; the 4,294,967,296th snapshot is refused.
    token
        .sender(owner)
        .current_snapshot_id
        .set(alloy_primitives::U64::from(u32::MAX - 1));
    assert_eq!(snapshot(&token, owner), u(u64::from(u32::MAX)));
    token
        .sender(owner)
        .transfer(Address::repeat_byte(1), u(1))
        .motsu_unwrap();
    assert_eq!(
        token
            .sender(owner)
            .balance_of_at(owner, u(u64::from(u32::MAX)))
            .motsu_unwrap(),
        u(100)
    );
    let err = token.sender(owner).snapshot().motsu_unwrap_err();
    assert!(matches!(err, Error::AccountingOverflow(_)));
}

#[motsu::test]
fn snapshot_ids_zero_and_future_are_unknown(
    token: Contract<RevShareToken>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, holder.address(), 100, 5_000, 0, 4);
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    let h = holder.address();
    for id in [U256::ZERO, u(2), U256::MAX] {
        assert_eq!(token.sender(h).claimable_revenue(h, id), U256::ZERO);
        assert_eq!(token.sender(h).claimable_at(id), U256::ZERO);
        let err = token.sender(h).claim(id).motsu_unwrap_err();
        assert!(
            matches!(err, Error::SnapshotNotClaimable(SnapshotNotClaimable { snapshotId }) if snapshotId == id)
        );
        let err = token.sender(h).balance_of_at(h, id).motsu_unwrap_err();
        assert!(matches!(err, Error::SnapshotNotFound(_)));
        let err = token.sender(h).total_supply_at(id).motsu_unwrap_err();
        assert!(matches!(err, Error::SnapshotNotFound(_)));
    }
    assert_eq!(token.sender(h).claimable_revenue(h, u(1)), u(50));
}

#[motsu::test]
fn a_snapshot_at_zero_supply_assigns_nothing_and_the_revenue_stays_pending(
    token: Contract<RevShareToken>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let h = holder.address();
    deploy(&token, owner, h, 100, 5_000, 0, 1);
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    // Burning the whole supply pays the pool share and the pending share.
    token.sender(h).burn(u(100)).motsu_unwrap();
    assert_eq!(holder.balance(), u(50));
    assert_eq!(token.sender(h).total_supply(), U256::ZERO);
    assert_eq!(token.sender(h).redeemable_on_burn(u(1)), U256::ZERO);
    // Past snapshots still pay the burner.
    token.sender(h).claim(u(1)).motsu_unwrap();
    assert_eq!(holder.balance(), u(100));
    deposit(&token, alice, 40);
    snapshot(&token, alice);
    token.assert_emitted(&SnapshotRevenue {
        id: u(2),
        claimable: U256::ZERO,
        toRedeemPool: U256::ZERO,
    });
    // Nobody holds a token: the revenue is not assigned (it used to go to a redeem pool that
    // nobody could redeem); it stays pending, in plain sight.
    assert_eq!(token.sender(h).claimable_at(u(2)), U256::ZERO);
    assert_eq!(token.sender(h).redeem_pool(), U256::ZERO);
    assert_eq!(token.sender(h).pending_revenue(), u(40));
    assert_eq!(token.balance(), u(40));
    assert_eq!(
        token.sender(h).total_supply_at(u(2)).motsu_unwrap(),
        U256::ZERO
    );
    assert!(matches!(
        token.sender(h).claim(u(2)).motsu_unwrap_err(),
        Error::NothingToClaim(_)
    ));
}

#[motsu::test]
fn unclaimed_revenue_expiring_at_zero_supply_returns_to_pending(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    b: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (ha, hb) = (a.address(), b.address());
    deploy(&token, owner, ha, 100, 5_000, 0, 1);
    token.sender(ha).transfer(hb, u(40)).motsu_unwrap();
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    // Both burn everything; b never claims its 200 of snapshot 1.
    token.sender(ha).claim(u(1)).motsu_unwrap();
    token.sender(ha).burn(u(60)).motsu_unwrap();
    token.sender(hb).burn(u(40)).motsu_unwrap();
    assert_eq!(token.sender(ha).redeem_pool(), U256::ZERO);
    assert_eq!(token.sender(ha).pending_revenue(), U256::ZERO);
    deposit(&token, alice, 10);
    // Snapshot 2 at zero supply: snapshot 1 leaves the window, its unclaimed 200 and the new 10
    // stay pending; nothing is claimable or redeemable, nothing is reserved.
    snapshot(&token, alice);
    assert_eq!(token.sender(ha).claimable_at(u(2)), U256::ZERO);
    assert_eq!(token.sender(ha).redeem_pool(), U256::ZERO);
    assert_eq!(token.sender(ha).pending_revenue(), u(210));
    assert_eq!(open_unclaimed(&token), U256::ZERO);
    assert!(matches!(
        token.sender(hb).claim(u(1)).motsu_unwrap_err(),
        Error::SnapshotNotClaimable(_)
    ));
    assert_eq!(token.balance(), u(210));
    assert_eq!(a.balance() + b.balance(), u(300 + 500));
}

#[motsu::test]
fn zero_percent_claimable_sends_everything_to_the_redeem_pool(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    b: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, a.address(), 100, 0, 0, 1);
    token
        .sender(a.address())
        .transfer(b.address(), u(25))
        .motsu_unwrap();
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    assert_eq!(token.sender(alice).claimable_at(u(1)), U256::ZERO);
    assert_eq!(token.sender(alice).redeem_pool(), u(1_000));
    assert!(matches!(
        token.sender(a.address()).claim(u(1)).motsu_unwrap_err(),
        Error::NothingToClaim(_)
    ));
    assert_eq!(token.sender(alice).redeemable_on_burn(u(25)), u(250));
    token.sender(b.address()).burn(u(25)).motsu_unwrap();
    token.assert_emitted(&Redeemed {
        account: b.address(),
        burned: u(25),
        paid: u(250),
    });
    assert_eq!(b.balance(), u(250));
    assert_eq!(token.sender(alice).redeem_pool(), u(750));
}

#[motsu::test]
fn hundred_percent_claimable_leaves_nothing_to_redeem(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, a.address(), 100, 10_000, 0, 1);
    deposit(&token, alice, 1_000);
    assert_eq!(token.sender(alice).redeemable_on_burn(u(100)), U256::ZERO);
    snapshot(&token, alice);
    assert_eq!(token.sender(alice).claimable_at(u(1)), u(1_000));
    assert_eq!(token.sender(alice).redeem_pool(), U256::ZERO);
    token.sender(a.address()).burn(u(10)).motsu_unwrap();
    assert_eq!(a.balance(), U256::ZERO);
    token.sender(a.address()).claim(u(1)).motsu_unwrap();
    assert_eq!(a.balance(), u(1_000));
}
