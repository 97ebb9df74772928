//! Revenue sources and the sweep at each snapshot.

use super::*;

// ---------------------------------------------------------------------------
// Revenue sources and the sweep
// ---------------------------------------------------------------------------

#[motsu::test]
fn only_the_owner_manages_up_to_four_distinct_sources(
    token: Contract<RevShareToken>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    let src = |i: u8| Address::repeat_byte(i);
    let err = token
        .sender(alice)
        .add_revenue_source(src(1), u(7))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::UnauthorizedAccount(_)));
    let err = token
        .sender(owner)
        .add_revenue_source(Address::ZERO, u(7))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidRevenueSource(_)));
    for i in 1..=4 {
        token
            .sender(owner)
            .add_revenue_source(src(i), u(7))
            .motsu_unwrap();
    }
    token.assert_emitted(&RevenueSourceAdded {
        oracle: src(4),
        modelId: u(7),
    });
    let err = token
        .sender(owner)
        .add_revenue_source(src(1), u(7))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::RevenueSourceExists(_)));
    let err = token
        .sender(owner)
        .add_revenue_source(src(5), u(7))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::TooManyRevenueSources(_)));
    let err = token
        .sender(alice)
        .remove_revenue_source(src(1), u(7))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::UnauthorizedAccount(_)));
    let err = token
        .sender(owner)
        .remove_revenue_source(src(1), u(8))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::RevenueSourceNotFound(_)));
    token
        .sender(owner)
        .remove_revenue_source(src(2), u(7))
        .motsu_unwrap();
    token.assert_emitted(&RevenueSourceRemoved {
        oracle: src(2),
        modelId: u(7),
    });
    let sources = token.sender(owner).revenue_sources();
    assert_eq!(
        sources,
        vec![(src(1), u(7)), (src(4), u(7)), (src(3), u(7))]
    );
    token
        .sender(owner)
        .add_revenue_source(src(5), u(9))
        .motsu_unwrap();
    token
        .sender(owner)
        .remove_revenue_source(src(5), u(9))
        .motsu_unwrap();
    assert_eq!(token.sender(owner).revenue_sources().len(), 3);
}

#[motsu::test]
fn snapshot_sweeps_sources_that_pay_pay_nothing_or_revert(
    token: Contract<RevShareToken>,
    paying: Contract<PayingSource>,
    silent: Contract<SilentSource>,
    reverting: Contract<RevertingSource>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, holder.address(), 100, 8_000, 0, 2);
    for (src, model) in [
        (reverting.address(), 1),
        (paying.address(), 2),
        (silent.address(), 3),
    ] {
        token
            .sender(owner)
            .add_revenue_source(src, u(model))
            .motsu_unwrap();
    }
    paying.fund(u(500));
    paying.sender(owner).set_owed(u(500));
    deposit(&token, alice, 100);
    assert_eq!(snapshot(&token, alice), u(1));
    // The oracle's 500 landed in this snapshot: 80% of 600.
    token.assert_emitted(&RevenueSourceFailed {
        oracle: reverting.address(),
        modelId: u(1),
    });
    token.assert_emitted(&RevenueReceived {
        from: paying.address(),
        amount: u(500),
    });
    token.assert_emitted(&Snapshot { id: u(1) });
    token.assert_emitted(&SnapshotRevenue {
        id: u(1),
        claimable: u(480),
        toRedeemPool: u(120),
    });
    assert_eq!(paying.balance(), U256::ZERO);
    assert_eq!(paying.sender(owner).calls(), u(1));
    assert_eq!(silent.sender(owner).calls(), u(1));
    assert!(!token.emitted(&RevenueSourceFailed {
        oracle: silent.address(),
        modelId: u(3)
    }));
    // A second snapshot with nothing owed is still fine.
    assert_eq!(snapshot(&token, alice), u(2));
    assert_eq!(token.sender(alice).claimable_at(u(2)), U256::ZERO);
    token.sender(holder.address()).claim(u(1)).motsu_unwrap();
    assert_eq!(holder.balance(), u(480));
}
