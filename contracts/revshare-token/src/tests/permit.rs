//! EIP-2612 permit with real secp256k1 signatures.

use alloy_signer::SignerSync;
use alloy_sol_types::SolCall;

use super::*;

alloy_sol_types::sol! {
    function eip712Domain() external view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions);
}

// ---------------------------------------------------------------------------
// Permit (EIP-2612) with a real secp256k1 signature
// ---------------------------------------------------------------------------

fn permit_typehash() -> B256 {
    keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
}

/// The EIP-712 domain separator a wallet builds for `name`: (name, "1", chain id, contract).
fn domain_of(name: &str, chain_id: u64, contract: Address) -> B256 {
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

/// A permit signed the way a wallet signs it: over the domain built from the token's `name()`.
fn sign_permit(
    token: &Contract<RevShareToken>,
    signer: &Account,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
) -> (u8, B256, B256) {
    let t = token.sender(spender);
    let domain = domain_of(&t.name(), t.vm().chain_id(), token.address());
    drop(t);
    sign_with_domain(domain, signer, spender, value, nonce, deadline)
}

fn sign_with_domain(
    domain: B256,
    signer: &Account,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
) -> (u8, B256, B256) {
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

// ---------------------------------------------------------------------------
// The domain is the token's own (issue 14, info 8)
// ---------------------------------------------------------------------------

#[motsu::test]
fn the_permit_domain_is_built_from_name_and_eip712_domain_returns_it(
    token: Contract<RevShareToken>,
    spender: Address,
) {
    let holder = Account::from_tag("permit-holder-4");
    deploy(&token, spender, holder.address(), 1_000, 5_000, 0, 1);
    let chain_id = token.sender(spender).vm().chain_id();
    assert_eq!(
        token.sender(spender).domain_separator(),
        domain_of("Llama IMO", chain_id, token.address())
    );
    // A permit signed for the domain that used to be fixed ("IMO RevShare Token") is refused.
    let deadline = u(MOTSU_NOW + 600);
    let old = domain_of("IMO RevShare Token", chain_id, token.address());
    let (v, r, s) = sign_with_domain(old, &holder, spender, u(1), U256::ZERO, deadline);
    let err = token
        .sender(spender)
        .permit(holder.address(), spender, u(1), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSigner(_)));
    // ERC-5267: (0x0f, name(), "1", chain id, this contract, 0, []), Solidity's return encoding.
    let calldata = eip712DomainCall {}.abi_encode();
    assert_eq!(calldata[..4], crate::permit::EIP712_DOMAIN_SELECTOR);
    let out = token.sender(spender).fallback(&calldata).expect("answers");
    let d = eip712DomainCall::abi_decode_returns(&out, true).expect("decodes");
    assert_eq!(d.fields, alloy_primitives::FixedBytes::<1>::new([0x0f]));
    assert_eq!(d.name, "Llama IMO");
    assert_eq!(d.version, "1");
    assert_eq!(d.chainId, U256::from(chain_id));
    assert_eq!(d.verifyingContract, token.address());
    assert_eq!(d.salt, B256::ZERO);
    assert!(d.extensions.is_empty());
    // Exactly Solidity's encoding of those values, and re-encoding gives the same bytes.
    assert_eq!(
        out,
        (
            d.fields,
            d.name.clone(),
            d.version.clone(),
            d.chainId,
            d.verifyingContract,
            d.salt,
            d.extensions.clone()
        )
            .abi_encode_params()
    );
    // Any other unknown selector still reverts with no data.
    assert_eq!(
        token.sender(spender).fallback(&[1, 2, 3, 4]),
        Err(Vec::new())
    );
}

#[motsu::test]
fn eip712_domain_encodes_names_of_every_length(owner: Address) {
    for name in ["", "A", "Llama-3.1-70B-Instruct RevShare"] {
        let t = Contract::<RevShareToken>::new();
        t.sender(owner)
            .constructor(name.into(), "S".into(), u(1), owner, 0, 0, 1, owner)
            .motsu_unwrap();
        let out = t
            .sender(owner)
            .fallback(&eip712DomainCall {}.abi_encode())
            .expect("answers");
        let d = eip712DomainCall::abi_decode_returns(&out, true).expect("decodes");
        assert_eq!(d.name, name);
        assert_eq!(
            out,
            (
                d.fields,
                d.name.clone(),
                d.version.clone(),
                d.chainId,
                d.verifyingContract,
                d.salt,
                d.extensions.clone()
            )
                .abi_encode_params()
        );
    }
}
