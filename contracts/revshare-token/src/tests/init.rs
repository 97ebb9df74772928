//! Setting up a clone with `initialize`: once, with the constructor's checks and events; never on
//! a token deployed with the constructor (the implementation clones delegate to).

use super::*;

fn params(owner: Address, holder: Address) -> Parameters {
    Parameters {
        name: String::from("Clone IMO"),
        symbol: String::from("CLONE"),
        initial_supply: u(1_000),
        initial_holder: holder,
        claimable_bps: 8_000,
        snapshot_interval: 60,
        claim_window: 2,
        owner,
    }
}

fn initialize(token: &Contract<RevShareToken>, by: Address, p: Parameters) -> Result<(), Error> {
    token
        .sender(by)
        .initialize(
            p.name,
            p.symbol,
            p.initial_supply,
            p.initial_holder,
            p.claimable_bps,
            p.snapshot_interval,
            p.claim_window,
            p.owner,
        )
        .motsu_res()
}

#[motsu::test]
fn initialize_sets_a_fresh_token_up_once(
    token: Contract<RevShareToken>,
    owner: Address,
    holder: Address,
    mallory: Address,
) {
    let now = MOTSU_NOW + clock::offset();
    // Bad parameters are refused as by the constructor (and leave the token fresh).
    let mut bad = params(owner, holder);
    bad.claim_window = 0;
    assert!(matches!(
        initialize(&token, owner, bad),
        Err(Error::InvalidClaimWindow(_))
    ));
    let mut bad = params(owner, holder);
    bad.claimable_bps = 10_001;
    assert!(matches!(
        initialize(&token, owner, bad),
        Err(Error::InvalidClaimableBps(_))
    ));
    let mut bad = params(owner, holder);
    bad.owner = Address::ZERO;
    assert!(matches!(
        initialize(&token, owner, bad),
        Err(Error::InvalidOwner(_))
    ));
    initialize(&token, owner, params(owner, holder)).expect("initializes");
    token.assert_emitted(&OwnershipTransferred {
        previousOwner: Address::ZERO,
        newOwner: owner,
    });
    token.assert_emitted(&Transfer {
        from: Address::ZERO,
        to: holder,
        value: u(1_000),
    });
    let t = token.sender(owner);
    assert_eq!(t.name(), "Clone IMO");
    assert_eq!(t.symbol(), "CLONE");
    assert_eq!(t.total_supply(), u(1_000));
    assert_eq!(t.balance_of(holder), u(1_000));
    assert_eq!(t.claimable_bps(), 8_000);
    assert_eq!(t.snapshot_interval(), 60);
    assert_eq!(t.claim_window(), 2);
    assert_eq!(t.last_snapshot_timestamp(), now);
    assert_eq!(t.owner(), owner);
    drop(t);
    // Once: neither again nor through the constructor.
    assert!(matches!(
        initialize(&token, mallory, params(mallory, mallory)),
        Err(Error::AlreadyInitialized(_))
    ));
    let err = token
        .sender(mallory)
        .constructor("X".into(), "X".into(), u(1), mallory, 0, 0, 1, mallory)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyInitialized(_)));
    assert_eq!(token.sender(owner).total_supply(), u(1_000));
    assert_eq!(token.sender(owner).owner(), owner);
}

#[motsu::test]
fn a_token_deployed_with_the_constructor_cannot_be_initialized(
    token: Contract<RevShareToken>,
    owner: Address,
    mallory: Address,
) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    assert!(matches!(
        initialize(&token, mallory, params(mallory, mallory)),
        Err(Error::AlreadyInitialized(_))
    ));
    assert_eq!(token.sender(owner).total_supply(), u(100));
    assert_eq!(token.sender(owner).owner(), owner);
}
