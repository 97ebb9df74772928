//! EIP-2612 `permit`: approvals signed off-chain (EIP-712 typed data), with per-owner nonces.
//! The signature is checked by the `ecrecover` precompile, with OpenZeppelin's rules (no
//! malleable `s`, no `v` of 0 or 1) and errors.

use alloc::vec::Vec;

use alloy_primitives::{address, uint, Address, B256, U256};
use imo_common::clock;
use stylus_sdk::{function_selector, keccak_const::Keccak256, prelude::*};

use crate::{
    errors::{
        ECDSAInvalidSignature, ECDSAInvalidSignatureS, ERC2612ExpiredSignature,
        ERC2612InvalidSigner, Error,
    },
    selector_xor, RevShareToken,
};

/// ERC-165 id of OpenZeppelin's `IERC20Permit` (`DOMAIN_SEPARATOR`, `nonces`, `permit`):
/// `0x9d8ff7da`.
pub const IERC20_PERMIT_ID: u32 = selector_xor(&[
    function_selector!("DOMAIN_SEPARATOR"),
    function_selector!("nonces", Address),
    function_selector!("permit", Address, Address, U256, U256, u8, B256, B256),
]);

/// The EIP-712 domain's name.
pub const DOMAIN_NAME: &str = "IMO RevShare Token";
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
const NAME_HASH: [u8; 32] = Keccak256::new().update(DOMAIN_NAME.as_bytes()).finalize();
const VERSION_HASH: [u8; 32] = Keccak256::new()
    .update(DOMAIN_VERSION.as_bytes())
    .finalize();

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
    /// The EIP-712 domain separator: name, version, chain id, this contract.
    pub(crate) fn domain(&self) -> B256 {
        self.keccak_words(&[
            B256::new(DOMAIN_TYPEHASH),
            B256::new(NAME_HASH),
            B256::new(VERSION_HASH),
            U256::from(self.vm().chain_id()).into(),
            self.vm().contract_address().into_word(),
        ])
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
