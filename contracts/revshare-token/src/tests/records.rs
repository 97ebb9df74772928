//! Balances at snapshots: transfers after a snapshot change nothing about who is paid.

use super::*;

#[motsu::test]
fn transfer_after_snapshot_does_not_change_who_is_paid(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    b: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (ha, hb) = (a.address(), b.address());
    deploy(&token, owner, ha, 1_000, 5_000, 0, 2);
    token.sender(ha).transfer(hb, u(400)).motsu_unwrap();
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    // After the snapshot A gives everything to B.
    token.sender(ha).transfer(hb, u(600)).motsu_unwrap();
    assert_eq!(
        token.sender(ha).balance_of_at(ha, u(1)).motsu_unwrap(),
        u(600)
    );
    assert_eq!(
        token.sender(ha).balance_of_at(hb, u(1)).motsu_unwrap(),
        u(400)
    );
    assert_eq!(token.sender(ha).claimable_revenue(ha, u(1)), u(300));
    assert_eq!(token.sender(ha).claimable_revenue(hb, u(1)), u(200));
    token.sender(ha).claim(u(1)).motsu_unwrap();
    token.sender(hb).claim(u(1)).motsu_unwrap();
    assert_eq!((a.balance(), b.balance()), (u(300), u(200)));
    // The next snapshot sees the new balances.
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    assert_eq!(
        token.sender(ha).balance_of_at(ha, u(2)).motsu_unwrap(),
        U256::ZERO
    );
    assert!(matches!(
        token.sender(ha).claim(u(2)).motsu_unwrap_err(),
        Error::NothingToClaim(_)
    ));
    token.sender(hb).claim(u(2)).motsu_unwrap();
    assert_eq!(b.balance(), u(250));
}

#[motsu::test]
fn transfer_from_records_balances_lazily(
    token: Contract<RevShareToken>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&token, owner, alice, 1_000, 5_000, 0, 3);
    // No snapshot yet: nothing to record.
    token.sender(alice).transfer(bob, u(100)).motsu_unwrap();
    assert!(token.sender(alice).balance_records.getter(alice).is_empty());
    snapshot(&token, alice);
    token.sender(alice).approve(carol, u(300)).motsu_unwrap();
    token
        .sender(carol)
        .transfer_from(alice, bob, u(100))
        .motsu_unwrap();
    token
        .sender(carol)
        .transfer_from(alice, bob, u(100))
        .motsu_unwrap();
    token.sender(bob).transfer(alice, u(50)).motsu_unwrap();
    // One record per account per snapshot, however many transfers.
    assert_eq!(token.sender(alice).balance_records.getter(alice).len(), 1);
    assert_eq!(token.sender(alice).balance_records.getter(bob).len(), 1);
    assert!(token.sender(alice).supply_records.is_empty());
    snapshot(&token, alice);
    snapshot(&token, alice);
    token.sender(alice).transfer(bob, u(1)).motsu_unwrap();
    let t = token.sender(alice);
    assert_eq!(t.balance_of_at(alice, u(1)).motsu_unwrap(), u(900));
    assert_eq!(t.balance_of_at(alice, u(2)).motsu_unwrap(), u(750));
    assert_eq!(t.balance_of_at(alice, u(3)).motsu_unwrap(), u(750));
    assert_eq!(t.balance_of(alice), u(749));
    assert_eq!(t.balance_of_at(bob, u(1)).motsu_unwrap(), u(100));
    assert_eq!(t.balance_of_at(bob, u(3)).motsu_unwrap(), u(250));
    assert_eq!(t.total_supply_at(u(2)).motsu_unwrap(), u(1_000));
    assert_eq!(t.allowance(alice, carol), u(100));
    // Failed transfers change nothing.
    drop(t);
    let err = token
        .sender(bob)
        .transfer(alice, u(10_000))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InsufficientBalance(_)));
}

// ---------------------------------------------------------------------------
// Snapshots hold the balances at the end of their second (issue 14, attack 2)
// ---------------------------------------------------------------------------

#[motsu::test]
fn a_balance_borrowed_within_the_snapshot_second_counts_for_nothing(
    token: Contract<RevShareToken>,
    lender: Contract<Wallet>,
    borrower: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (hl, hb) = (lender.address(), borrower.address());
    deploy(&token, owner, hl, 1_000, 10_000, 0, 2);
    deposit(&token, alice, 1_000);
    // One second: borrow 40% of the supply, take the snapshot, try to claim it, repay.
    token.sender(hl).transfer(hb, u(400)).motsu_unwrap();
    let id = token.sender(hb).snapshot().motsu_unwrap();
    assert_eq!(token.sender(hb).claimable_revenue(hb, id), U256::ZERO);
    let err = token.sender(hb).claim(id).motsu_unwrap_err();
    assert!(
        matches!(err, Error::SnapshotNotFinal(SnapshotNotFinal { snapshotId }) if snapshotId == id)
    );
    let err = token.sender(hb).balance_of_at(hb, id).motsu_unwrap_err();
    assert!(matches!(err, Error::SnapshotNotFinal(_)));
    let err = token.sender(hb).total_supply_at(id).motsu_unwrap_err();
    assert!(matches!(err, Error::SnapshotNotFinal(_)));
    token.sender(hb).transfer(hl, u(400)).motsu_unwrap();
    // Once the second is over: the borrower held nothing at the snapshot, the lender all.
    clock::advance(1);
    assert_eq!(
        token.sender(hb).balance_of_at(hb, id).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        token.sender(hb).balance_of_at(hl, id).motsu_unwrap(),
        u(1_000)
    );
    assert_eq!(token.sender(hb).claimable_revenue(hb, id), U256::ZERO);
    assert!(matches!(
        token.sender(hb).claim(id).motsu_unwrap_err(),
        Error::NothingToClaim(_)
    ));
    token.sender(hl).claim(id).motsu_unwrap();
    assert_eq!(lender.balance(), u(1_000));
    assert_eq!(borrower.balance(), U256::ZERO);
}

#[motsu::test]
fn changes_before_and_after_the_snapshot_in_its_second_both_count(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    b: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (ha, hb) = (a.address(), b.address());
    deploy(&token, owner, ha, 1_000, 10_000, 0, 2);
    deposit(&token, alice, 100);
    clock::advance(5);
    // In one second: a transfer, the snapshot, another transfer and a burn.
    token.sender(ha).transfer(hb, u(100)).motsu_unwrap();
    let id = token.sender(alice).snapshot().motsu_unwrap();
    token.sender(ha).transfer(hb, u(200)).motsu_unwrap();
    token.sender(hb).burn(u(50)).motsu_unwrap();
    clock::advance(1);
    // A change one second later does not.
    token.sender(ha).transfer(hb, u(1)).motsu_unwrap();
    let t = token.sender(alice);
    assert_eq!(t.balance_of_at(ha, id).motsu_unwrap(), u(700));
    assert_eq!(t.balance_of_at(hb, id).motsu_unwrap(), u(250));
    assert_eq!(t.total_supply_at(id).motsu_unwrap(), u(950));
    assert_eq!(t.claimable_revenue(ha, id), u(100 * 700 / 950));
    assert_eq!(t.claimable_revenue(hb, id), u(100 * 250 / 950));
}

#[motsu::test]
fn at_most_one_snapshot_per_second(token: Contract<RevShareToken>, owner: Address) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    clock::advance(1);
    let now = MOTSU_NOW + clock::offset();
    assert_eq!(token.sender(owner).snapshot().motsu_unwrap(), u(1));
    let err = token.sender(owner).snapshot().motsu_unwrap_err();
    assert!(
        matches!(err, Error::SnapshotTooEarly(SnapshotTooEarly { nextAllowedAt }) if nextAllowedAt == now + 1)
    );
    clock::advance(1);
    assert_eq!(token.sender(owner).snapshot().motsu_unwrap(), u(2));
    // Snapshot 1 is final, snapshot 2 (this second) is not.
    assert_eq!(
        token
            .sender(owner)
            .balance_of_at(owner, u(1))
            .motsu_unwrap(),
        u(100)
    );
    assert!(matches!(
        token
            .sender(owner)
            .balance_of_at(owner, u(2))
            .motsu_unwrap_err(),
        Error::SnapshotNotFinal(_)
    ));
}
