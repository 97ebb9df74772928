//! EIP-2612 `permit`: approvals signed off-chain (EIP-712 typed data), with per-owner nonces.
//! The signature is checked by the `ecrecover` precompile, with OpenZeppelin's rules (no
//! malleable `s`, no `v` of 0 or 1) and errors.
//!
//! The EIP-712 domain is `(name(), "1", chain id, this contract)`, the domain wallets build from
//! the token's `name()`; ERC-5267's `eip712Domain()` returns it. A clone (EIP-1167) has its own
//! name and address, hence its own domain.

use alloc::vec::Vec;

use alloy_primitives::{address, uint, Address, B256, U256};
use imo_common::clock;
use stylus_sdk::{function_selector, keccak_const::Keccak256, prelude::*};

use crate::{
    errors::{
        ECDSAInvalidSignature, ECDSAInvalidSignatureS, ERC2612ExpiredSignature,
        ERC2612InvalidSigner, Error,
    },
    metadata::short_bytes,
    selector_xor, RevShareToken,
};

/// ERC-165 id of OpenZeppelin's `IERC20Permit` (`DOMAIN_SEPARATOR`, `nonces`, `permit`):
/// `0x9d8ff7da`.
pub const IERC20_PERMIT_ID: u32 = selector_xor(&[
    function_selector!("DOMAIN_SEPARATOR"),
    function_selector!("nonces", Address),
    function_selector!("permit", Address, Address, U256, U256, u8, B256, B256),
]);

/// The EIP-712 domain's version.
pub const DOMAIN_VERSION: &str = "1";

/// `keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")`.
const DOMAIN_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    .finalize();
/// `keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")`.
const PERMIT_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
    .finalize();
/// `keccak256("1")`.
const VERSION_HASH: [u8; 32] = Keccak256::new()
    .update(DOMAIN_VERSION.as_bytes())
    .finalize();

/// `eip712Domain()` (ERC-5267).
pub const EIP712_DOMAIN_SELECTOR: [u8; 4] = function_selector!("eip712Domain");

/// The `ecrecover` precompile.
const ECRECOVER: Address = address!("0000000000000000000000000000000000000001");
/// The largest `s` of a non-malleable signature (half the secp256k1 order).
const MAX_S: U256 = uint!(0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0_U256);

/// EIP-2612.
pub trait IErc20Permit {
    /// The next nonce of `owner`'s permits.
    fn nonces(&self, owner: Address) -> U256;

    /// The EIP-712 domain separator of this contract's permits (`DOMAIN_SEPARATOR()`).
    fn domain_separator(&self) -> B256;

    /// Sets `owner`'s allowance for `spender` to `value`, authorised by `owner`'s signature
    /// `(v, r, s)` over the EIP-712 `Permit` with the owner's current nonce, valid until
    /// `deadline` (a timestamp).
    ///
    /// # Errors
    ///
    /// [`Error::ExpiredSignature`], [`Error::InvalidSignatureS`], [`Error::InvalidSignature`],
    /// [`Error::InvalidSigner`], [`Error::InvalidSpender`].
    #[allow(clippy::too_many_arguments)]
    fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Error>;
}

#[public]
impl IErc20Permit for RevShareToken {
    fn nonces(&self, owner: Address) -> U256 {
        self.nonces.get(owner)
    }

    #[selector(name = "DOMAIN_SEPARATOR")]
    fn domain_separator(&self) -> B256 {
        self.domain()
    }

    fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Error> {
        if U256::from(clock::now(self.vm())) > deadline {
            return Err(Error::ExpiredSignature(ERC2612ExpiredSignature {
                deadline,
            }));
        }
        let nonce = self.nonces.get(owner);
        self.nonces.setter(owner).set(nonce + U256::from(1));
        let struct_hash = self.keccak_words(&[
            B256::new(PERMIT_TYPEHASH),
            owner.into_word(),
            spender.into_word(),
            value.into(),
            nonce.into(),
            deadline.into(),
        ]);
        let mut typed = Vec::with_capacity(66);
        typed.extend_from_slice(&[0x19, 0x01]);
        typed.extend_from_slice(self.domain().as_slice());
        typed.extend_from_slice(struct_hash.as_slice());
        let digest = self.vm().native_keccak256(&typed);
        let signer = self.recover(digest, v, r, s)?;
        if signer != owner {
            return Err(Error::InvalidSigner(ERC2612InvalidSigner { signer, owner }));
        }
        self.set_allowance(owner, spender, value, true)
    }
}

impl RevShareToken {
    /// The EIP-712 domain separator: `name()`, version, chain id, this contract.
    pub(crate) fn domain(&self) -> B256 {
        let name = self.name.get();
        self.keccak_words(&[
            B256::new(DOMAIN_TYPEHASH),
            self.vm().native_keccak256(short_bytes(&name)),
            B256::new(VERSION_HASH),
            U256::from(self.vm().chain_id()).into(),
            self.vm().contract_address().into_word(),
        ])
    }

    /// The return data of ERC-5267's `eip712Domain()`: `(bytes1 fields, string name,
    /// string version, uint256 chainId, address verifyingContract, bytes32 salt,
    /// uint256[] extensions)` = `(0x0f, name(), "1", chain id, this, 0, [])`, encoded as
    /// Solidity encodes return values. (It is answered by the fallback with these bytes:
    /// stylus-sdk 0.9 would encode a returned tuple with dynamic members as one tuple, behind an
    /// extra offset word.)
    pub(crate) fn eip712_domain(&self) -> Vec<u8> {
        let name = self.name.get();
        let name = short_bytes(&name);
        // Head: 7 words; then name (length + one word at most: names are <= 31 bytes), version
        // (length + one word), extensions (length 0).
        let name_words = if name.is_empty() { 1 } else { 2 };
        let word = |x: usize| U256::from(x).to_be_bytes::<32>();
        let mut out = Vec::with_capacity(32 * (7 + name_words + 3));
        let mut fields = [0u8; 32];
        fields[0] = 0x0f; // name, version, chainId, verifyingContract
        out.extend_from_slice(&fields);
        out.extend_from_slice(&word(7 * 32));
        out.extend_from_slice(&word((7 + name_words) * 32));
        out.extend_from_slice(&U256::from(self.vm().chain_id()).to_be_bytes::<32>());
        out.extend_from_slice(self.vm().contract_address().into_word().as_slice());
        out.extend_from_slice(&[0u8; 32]);
        out.extend_from_slice(&word((7 + name_words + 2) * 32));
        for text in [name, DOMAIN_VERSION.as_bytes()] {
            out.extend_from_slice(&word(text.len()));
            if !text.is_empty() {
                let mut padded = [0u8; 32];
                padded[..text.len()].copy_from_slice(text);
                out.extend_from_slice(&padded);
            }
        }
        out.extend_from_slice(&[0u8; 32]);
        out
    }

    /// `keccak256` of 32-byte words (`abi.encode` of static values), through the host.
    fn keccak_words(&self, words: &[B256]) -> B256 {
        let mut data = Vec::with_capacity(words.len() * 32);
        for word in words {
            data.extend_from_slice(word.as_slice());
        }
        self.vm().native_keccak256(&data)
    }

    /// The signer of `hash`, by the `ecrecover` precompile.
    fn recover(&self, hash: B256, v: u8, r: B256, s: B256) -> Result<Address, Error> {
        if U256::from_be_bytes(s.0) > MAX_S {
            return Err(Error::InvalidSignatureS(ECDSAInvalidSignatureS { s }));
        }
        let invalid = || Error::InvalidSignature(ECDSAInvalidSignature {});
        if v < 2 {
            return Err(invalid());
        }
        let mut input = Vec::with_capacity(128);
        input.extend_from_slice(hash.as_slice());
        input.extend_from_slice(&U256::from(v).to_be_bytes::<32>());
        input.extend_from_slice(r.as_slice());
        input.extend_from_slice(s.as_slice());
        let output = self
            .vm()
            .static_call(&self, ECRECOVER, &input)
            .map_err(|_| invalid())?;
        match output.get(12..32) {
            Some(word) if word.iter().any(|b| *b != 0) => Ok(Address::from_slice(word)),
            _ => Err(invalid()),
        }
    }
}
