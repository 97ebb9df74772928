//! EIP-2612 permit with real secp256k1 signatures.

use alloy_signer::SignerSync;

use super::*;

// ---------------------------------------------------------------------------
// Permit (EIP-2612) with a real secp256k1 signature
// ---------------------------------------------------------------------------

fn permit_typehash() -> B256 {
    keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
}

fn sign_permit(
    token: &Contract<RevShareToken>,
    signer: &Account,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
) -> (u8, B256, B256) {
    let domain = token.sender(spender).domain_separator();
    let struct_hash = keccak256(
        (
            permit_typehash(),
            signer.address(),
            spender,
            value,
            nonce,
            deadline,
        )
            .abi_encode(),
    );
    let mut preimage = vec![0x19, 0x01];
    preimage.extend_from_slice(domain.as_slice());
    preimage.extend_from_slice(struct_hash.as_slice());
    let sig = signer
        .signer()
        .sign_hash_sync(&keccak256(preimage))
        .expect("signs");
    (27 + u8::from(sig.v()), sig.r().into(), sig.s().into())
}

#[motsu::test]
fn permit_accepts_a_real_signature_once(token: Contract<RevShareToken>, spender: Address) {
    let holder = Account::from_tag("permit-holder");
    deploy(&token, spender, holder.address(), 1_000, 5_000, 0, 1);
    let deadline = u(MOTSU_NOW + 60);
    let (v, r, s) = sign_permit(&token, &holder, spender, u(300), U256::ZERO, deadline);
    assert_eq!(token.sender(spender).nonces(holder.address()), U256::ZERO);
    token
        .sender(spender)
        .permit(holder.address(), spender, u(300), deadline, v, r, s)
        .motsu_unwrap();
    assert_eq!(
        token.sender(spender).allowance(holder.address(), spender),
        u(300)
    );
    assert_eq!(token.sender(spender).nonces(holder.address()), u(1));
    token.assert_emitted(&Approval {
        owner: holder.address(),
        spender,
        value: u(300),
    });
    // Replaying the same signature fails: the nonce moved on.
    let err = token
        .sender(spender)
        .permit(holder.address(), spender, u(300), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSigner(_)));
    token
        .sender(spender)
        .transfer_from(holder.address(), spender, u(300))
        .motsu_unwrap();
    assert_eq!(token.sender(spender).balance_of(spender), u(300));
}

#[motsu::test]
fn permit_rejects_an_expired_deadline(token: Contract<RevShareToken>, spender: Address) {
    let holder = Account::from_tag("permit-holder-2");
    deploy(&token, spender, holder.address(), 1_000, 5_000, 0, 1);
    let deadline = u(MOTSU_NOW - 1);
    let (v, r, s) = sign_permit(&token, &holder, spender, u(1), U256::ZERO, deadline);
    let err = token
        .sender(spender)
        .permit(holder.address(), spender, u(1), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ExpiredSignature(_)));
    assert_eq!(token.sender(spender).nonces(holder.address()), U256::ZERO);
}

#[motsu::test]
fn permit_rejects_a_signature_by_someone_else(token: Contract<RevShareToken>, spender: Address) {
    let holder = Account::from_tag("permit-holder-3");
    let thief = Account::from_tag("permit-thief");
    deploy(&token, spender, holder.address(), 1_000, 5_000, 0, 1);
    let deadline = u(MOTSU_NOW + 60);
    let (v, r, s) = sign_permit(&token, &thief, spender, u(1), U256::ZERO, deadline);
    let err = token
        .sender(spender)
        .permit(holder.address(), spender, u(1), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSigner(_)));
}
