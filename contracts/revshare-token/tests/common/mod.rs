//! What the token's property tests share (each runs in its own test binary: motsu keeps every
//! test thread's contracts in one process-wide map, and long property tests next to others in
//! one binary made that map's locks time out under load).

#![allow(dead_code)] // each test binary uses a part

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::SolValue;
use imo_revshare_token::RevShareToken;
use imo_testkit::u;
use motsu::prelude::*;

/// motsu's fixed block timestamp.
pub const MOTSU_NOW: u64 = 1_735_689_600;

/// Deploys the token with `supply` minted to `holder`, owned by `owner`.
pub fn deploy(
    token: &Contract<RevShareToken>,
    owner: Address,
    holder: Address,
    supply: u64,
    bps: u16,
    interval: u64,
    window: u32,
) {
    token
        .sender(owner)
        .constructor(
            String::from("Llama IMO"),
            String::from("LLAMA"),
            u(supply),
            holder,
            bps,
            interval,
            window,
            owner,
        )
        .motsu_unwrap();
}

/// Sum over open snapshots of (claimable - claimed), from the views.
pub fn open_unclaimed(token: &Contract<RevShareToken>) -> U256 {
    let current = token
        .sender(Address::ZERO)
        .current_snapshot_id()
        .to::<u64>();
    let window = u64::from(token.sender(Address::ZERO).claim_window());
    let first = current.saturating_sub(window) + 1;
    (first..=current).fold(U256::ZERO, |acc, s| {
        acc + token.sender(Address::ZERO).claimable_at(u(s))
            - token.sender(Address::ZERO).claimed_at(u(s))
    })
}

/// The EIP-712 domain separator a wallet builds for a token named `name`: (name, "1", chain id,
/// contract).
pub fn domain_of(name: &str, chain_id: u64, contract: Address) -> B256 {
    keccak256(
        (
            keccak256(
                "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
            ),
            keccak256(name),
            keccak256("1"),
            U256::from(chain_id),
            contract,
        )
            .abi_encode(),
    )
}

/// `(v, r, s)` of `signer`'s EIP-2612 permit for `spender` over `domain`.
pub fn sign_permit(
    domain: B256,
    signer: &PrivateKeySigner,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
) -> (u8, B256, B256) {
    let typehash = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)",
    );
    let struct_hash =
        keccak256((typehash, signer.address(), spender, value, nonce, deadline).abi_encode());
    let mut preimage = vec![0x19, 0x01];
    preimage.extend_from_slice(domain.as_slice());
    preimage.extend_from_slice(struct_hash.as_slice());
    let sig = signer.sign_hash_sync(&keccak256(preimage)).expect("signs");
    (27 + u8::from(sig.v()), sig.r().into(), sig.s().into())
}
