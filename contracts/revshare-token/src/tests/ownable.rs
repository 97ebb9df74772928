//! Ownership: only the owner moves it; renouncing leaves the revenue sources fixed.

use super::*;

#[motsu::test]
fn ownership_moves_only_by_the_owner_and_can_be_renounced(
    token: Contract<RevShareToken>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    token.assert_emitted(&OwnershipTransferred {
        previousOwner: Address::ZERO,
        newOwner: owner,
    });
    let err = token
        .sender(alice)
        .transfer_ownership(alice)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::UnauthorizedAccount(OwnableUnauthorizedAccount { account }) if account == alice)
    );
    let err = token
        .sender(owner)
        .transfer_ownership(Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidOwner(OwnableInvalidOwner { owner }) if owner.is_zero()));
    token.sender(owner).transfer_ownership(alice).motsu_unwrap();
    token.assert_emitted(&OwnershipTransferred {
        previousOwner: owner,
        newOwner: alice,
    });
    assert_eq!(token.sender(owner).owner(), alice);
    assert!(token
        .sender(owner)
        .renounce_ownership()
        .motsu_res()
        .is_err());
    token.sender(alice).renounce_ownership().motsu_unwrap();
    assert_eq!(token.sender(owner).owner(), Address::ZERO);
    token.assert_emitted(&OwnershipTransferred {
        previousOwner: alice,
        newOwner: Address::ZERO,
    });
    // Without an owner nobody changes the revenue sources.
    let err = token
        .sender(alice)
        .add_revenue_source(Address::repeat_byte(1), u(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::UnauthorizedAccount(_)));
}
