//! Error encodings, the arithmetic the accounting relies on, and the storage layout.

use imo_common::math::mul_div;
use openzeppelin_stylus as oz;

use super::*;

// ---------------------------------------------------------------------------
// Encodings and arithmetic
// ---------------------------------------------------------------------------

#[test]
fn errors_encode_as_their_solidity_signatures() {
    let err: Vec<u8> = Error::AlreadyClaimed(AlreadyClaimed {
        account: Address::repeat_byte(1),
        snapshotId: u(3),
    })
    .into();
    assert_eq!(&err[..4], AlreadyClaimed::SELECTOR);
    assert_eq!(
        &err[..4],
        &keccak256("AlreadyClaimed(address,uint256)")[..4]
    );
    let err: Vec<u8> = Error::ReentrantCall(ReentrantCall {}).into();
    assert_eq!(err, keccak256("ReentrantCall()")[..4].to_vec());
}

/// The standard errors, written here instead of taken from OpenZeppelin, encode exactly as
/// OpenZeppelin's.
#[test]
fn standard_errors_encode_as_openzeppelin_s() {
    use oz::{
        access::ownable, token::erc20, token::erc20::extensions::permit, utils::cryptography::ecdsa,
    };
    let (a, b) = (Address::repeat_byte(1), Address::repeat_byte(2));
    let s = B256::repeat_byte(3);
    let pairs: Vec<(Vec<u8>, Vec<u8>)> = vec![
        (
            Error::InsufficientBalance(ERC20InsufficientBalance {
                sender: a,
                balance: u(1),
                needed: u(2),
            })
            .into(),
            erc20::Error::InsufficientBalance(erc20::ERC20InsufficientBalance {
                sender: a,
                balance: u(1),
                needed: u(2),
            })
            .into(),
        ),
        (
            Error::InvalidSender(ERC20InvalidSender { sender: a }).into(),
            erc20::Error::InvalidSender(erc20::ERC20InvalidSender { sender: a }).into(),
        ),
        (
            Error::InvalidReceiver(ERC20InvalidReceiver { receiver: a }).into(),
            erc20::Error::InvalidReceiver(erc20::ERC20InvalidReceiver { receiver: a }).into(),
        ),
        (
            Error::InsufficientAllowance(ERC20InsufficientAllowance {
                spender: a,
                allowance: u(1),
                needed: u(2),
            })
            .into(),
            erc20::Error::InsufficientAllowance(erc20::ERC20InsufficientAllowance {
                spender: a,
                allowance: u(1),
                needed: u(2),
            })
            .into(),
        ),
        (
            Error::InvalidSpender(ERC20InvalidSpender { spender: a }).into(),
            erc20::Error::InvalidSpender(erc20::ERC20InvalidSpender { spender: a }).into(),
        ),
        (
            Error::InvalidApprover(ERC20InvalidApprover { approver: a }).into(),
            erc20::Error::InvalidApprover(erc20::ERC20InvalidApprover { approver: a }).into(),
        ),
        (
            Error::ExpiredSignature(ERC2612ExpiredSignature { deadline: u(9) }).into(),
            permit::Error::ExpiredSignature(permit::ERC2612ExpiredSignature { deadline: u(9) })
                .into(),
        ),
        (
            Error::InvalidSigner(ERC2612InvalidSigner {
                signer: a,
                owner: b,
            })
            .into(),
            permit::Error::InvalidSigner(permit::ERC2612InvalidSigner {
                signer: a,
                owner: b,
            })
            .into(),
        ),
        (
            Error::InvalidSignature(ECDSAInvalidSignature {}).into(),
            ecdsa::Error::InvalidSignature(ecdsa::ECDSAInvalidSignature {}).into(),
        ),
        (
            Error::InvalidSignatureS(ECDSAInvalidSignatureS { s }).into(),
            ecdsa::Error::InvalidSignatureS(ecdsa::ECDSAInvalidSignatureS { s }).into(),
        ),
        (
            Error::UnauthorizedAccount(OwnableUnauthorizedAccount { account: a }).into(),
            ownable::Error::UnauthorizedAccount(ownable::OwnableUnauthorizedAccount { account: a })
                .into(),
        ),
        (
            Error::InvalidOwner(OwnableInvalidOwner { owner: a }).into(),
            ownable::Error::InvalidOwner(ownable::OwnableInvalidOwner { owner: a }).into(),
        ),
    ];
    for (ours, theirs) in pairs {
        assert_eq!(ours, theirs);
    }
}

#[test]
fn mul_div_handles_256_bit_products() {
    assert_eq!(mul_div(10, 20, 0), None);
    assert_eq!(mul_div(7, 3, 2), Some(10));
    assert_eq!(mul_div(u128::MAX, u128::MAX, u128::MAX), Some(u128::MAX));
    assert_eq!(mul_div(u128::MAX, 2, 1), None);
    assert_eq!(
        mul_div(u128::MAX, u128::MAX - 1, u128::MAX),
        Some(u128::MAX - 1)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    #[test]
    fn mul_div_matches_wide_arithmetic(a: u128, b: u128, d in 1u128..) {
        let wide = U256::from(a) * U256::from(b) / U256::from(d);
        let expected = if wide > U256::from(u128::MAX) { None } else { Some(wide.to::<u128>()) };
        proptest::prop_assert_eq!(mul_div(a, b, d), expected);
    }
}

// ---------------------------------------------------------------------------
// Storage layout
// ---------------------------------------------------------------------------

#[motsu::test]
fn hot_fields_share_one_slot(token: Contract<RevShareToken>, owner: Address, alice: Address) {
    deploy(&token, owner, owner, 100, 2_500, 60, 3);
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    // (Added after the snapshot: a source without code would abort motsu.)
    token
        .sender(owner)
        .add_revenue_source(Address::repeat_byte(9), u(1))
        .motsu_unwrap();
    let t = token.sender(owner);
    let slot = |n: u64| U256::from_be_bytes(t.vm().storage_load_bytes32(U256::from(n)).0);
    // Slot 8, low to high bytes: snapshot id, last timestamp, interval (u64 each), claim window
    // (u32), claimable bps (u16), lock (bool), source count (u8).
    // (The snapshot helper let one second pass after the snapshot.)
    let now = U256::from(MOTSU_NOW + clock::offset() - 1);
    let expected = U256::from(1)
        | now << 64
        | U256::from(60) << 128
        | U256::from(3) << 192
        | U256::from(2_500) << 224
        | U256::from(1) << 248;
    assert_eq!(slot(8), expected);
    // Slot 9: reserved claims (low 128 bits) and the redeem pool (high 128 bits).
    assert_eq!(slot(9), U256::from(250) | U256::from(750) << 128);
    // Slots 0..=7: OpenZeppelin's ERC-20 (0: balances, 1: allowances, 2: total supply),
    // name (3), symbol (4), nonces (5), the empty EIP-712 struct (6), owner (7).
    assert_eq!(slot(2), u(100));
    assert_eq!(slot(7), U256::from_be_slice(owner.as_slice()));
    assert_eq!(
        slot(3),
        U256::from_be_slice(&crate::metadata::short_string("Llama IMO").unwrap().0)
    );
}
