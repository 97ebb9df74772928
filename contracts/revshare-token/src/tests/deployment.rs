//! Deployment, metadata and ERC-165, and the spec's worked example.

use alloy_primitives::aliases::B32;
use openzeppelin_stylus as oz;
use stylus_sdk::function_selector;

use super::*;

// ---------------------------------------------------------------------------
// The spec's worked example
// ---------------------------------------------------------------------------

#[motsu::test]
fn worked_example_rolls_expired_snapshots_into_new_ones(
    token: Contract<RevShareToken>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, holder.address(), 1_000, 8_000, 0, 2);
    for amount in [100, 200, 300, 400] {
        deposit(&token, alice, amount);
        snapshot(&token, alice);
    }
    let t = token.sender(alice);
    let claimable: Vec<U256> = (1..=4).map(|s| t.claimable_at(u(s))).collect();
    assert_eq!(claimable, vec![u(80), u(160), u(320), u(480)]);
    // Snapshots 1 and 2 are out of the window; 3 and 4 pay the holder fully.
    assert_eq!(t.claimable_revenue(holder.address(), u(1)), U256::ZERO);
    assert_eq!(t.claimable_revenue(holder.address(), u(2)), U256::ZERO);
    assert_eq!(t.claimable_revenue(holder.address(), u(3)), u(320));
    assert_eq!(t.claimable_revenue(holder.address(), u(4)), u(480));
    // The redeem pool got 20% of each deposit.
    assert_eq!(t.redeem_pool(), u(20 + 40 + 60 + 80));
    assert_eq!(t.pending_revenue(), U256::ZERO);
    drop(t);
    let err = token
        .sender(holder.address())
        .claim(u(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::SnapshotNotClaimable(_)));
    token.sender(holder.address()).claim(u(3)).motsu_unwrap();
    token.sender(holder.address()).claim(u(4)).motsu_unwrap();
    assert_eq!(holder.balance(), u(800));
    assert_eq!(token.balance(), u(200));
}

// ---------------------------------------------------------------------------
// Deployment and metadata
// ---------------------------------------------------------------------------

#[motsu::test]
fn constructor_mints_fixed_supply_and_sets_parameters(
    token: Contract<RevShareToken>,
    owner: Address,
    holder: Address,
) {
    let deployed_at = MOTSU_NOW + clock::offset();
    deploy(&token, owner, holder, 1_000_000, 2_500, 3_600, 3);
    let t = token.sender(owner);
    assert_eq!(t.total_supply(), u(1_000_000));
    assert_eq!(t.balance_of(holder), u(1_000_000));
    assert_eq!(t.name(), "Llama IMO");
    assert_eq!(t.symbol(), "LLAMA");
    assert_eq!(t.decimals(), 18);
    assert_eq!(t.claimable_bps(), 2_500);
    assert_eq!(t.snapshot_interval(), 3_600);
    assert_eq!(t.claim_window(), 3);
    assert_eq!(t.current_snapshot_id(), U256::ZERO);
    // The deployment counts as the last snapshot's time (issue 14: as ORA's token).
    assert_eq!(t.last_snapshot_timestamp(), deployed_at);
    assert_eq!(IOwnable::owner(&*t), owner);
    drop(t);
    token.assert_emitted(&Transfer {
        from: Address::ZERO,
        to: holder,
        value: u(1_000_000),
    });
}

#[motsu::test]
fn constructor_rejects_bad_parameters(token: Contract<RevShareToken>, owner: Address) {
    let name = || String::from("N");
    let mut t = token.sender(owner);
    let err = t
        .constructor(name(), name(), u(1), owner, 10_001, 0, 1, owner)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidClaimableBps(InvalidClaimableBps {
            claimableBps: 10_001
        })
    ));
    let err = t
        .constructor(name(), name(), u(1), owner, 0, 0, 0, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidClaimWindow(_)));
    let too_big = U256::from(u128::MAX) + U256::from(1);
    let err = t
        .constructor(name(), name(), too_big, owner, 0, 0, 1, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidInitialSupply(_)));
    // Names and symbols are at most 31 bytes.
    let long = String::from("a name that is longer than 31 by");
    assert_eq!(long.len(), 32);
    let err = t
        .constructor(long.clone(), name(), u(1), owner, 0, 0, 1, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidMetadata(_)));
    let err = t
        .constructor(name(), long, u(1), owner, 0, 0, 1, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidMetadata(_)));
    let err = t
        .constructor(name(), name(), u(1), Address::ZERO, 0, 0, 1, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidReceiver(_)));
    let err = t
        .constructor(name(), name(), u(1), owner, 0, 0, 1, Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidOwner(_)));
}

#[motsu::test]
fn metadata_keeps_names_up_to_31_bytes(token: Contract<RevShareToken>, owner: Address) {
    let name = String::from("Llama-3.1-70B-Instruct RevShare");
    assert_eq!(name.len(), 31);
    token
        .sender(owner)
        .constructor(
            name.clone(),
            String::from("ΛLLAMA"),
            u(1),
            owner,
            0,
            0,
            1,
            owner,
        )
        .motsu_unwrap();
    assert_eq!(token.sender(owner).name(), name);
    assert_eq!(token.sender(owner).symbol(), "ΛLLAMA");
}

#[motsu::test]
fn supports_erc20_erc7641_metadata_permit_and_erc165_ids(
    token: Contract<RevShareToken>,
    owner: Address,
) {
    // The spec's IERC7641 id is the XOR of its five selectors.
    let xor = [
        function_selector!("claimableRevenue", Address, U256),
        function_selector!("claim", U256),
        function_selector!("snapshot"),
        function_selector!("redeemableOnBurn", U256),
        function_selector!("burn", U256),
    ]
    .iter()
    .fold([0u8; 4], |acc, s| {
        [acc[0] ^ s[0], acc[1] ^ s[1], acc[2] ^ s[2], acc[3] ^ s[3]]
    });
    assert_eq!(xor, IERC7641_INTERFACE_ID);
    assert_eq!(
        function_selector!("claimBatch", Vec<U256>),
        [0x62, 0xab, 0xeb, 0xce]
    );

    let t = token.sender(owner);
    for id in [
        [0x36, 0x37, 0x2b, 0x07], // IERC20
        [0xed, 0x7b, 0x2e, 0x4e], // IERC7641
        [0x01, 0xff, 0xc9, 0xa7], // IERC165
        // OpenZeppelin's ids of its ERC-20 metadata, permit and ownable interfaces.
        *<oz::token::erc20::extensions::Erc20Metadata as oz::token::erc20::extensions::IErc20Metadata>::interface_id(),
        [0x9d, 0x8f, 0xf7, 0xda], // IERC20Permit (DOMAIN_SEPARATOR ^ nonces ^ permit)
        *<oz::access::ownable::Ownable as oz::access::ownable::IOwnable>::interface_id(),
        *<oz::token::erc20::Erc20 as oz::token::erc20::IErc20>::interface_id(),
    ] {
        assert!(t.supports_interface(B32::new(id)), "{id:?}");
    }
    assert!(!t.supports_interface(B32::new([0xff; 4])));
}
