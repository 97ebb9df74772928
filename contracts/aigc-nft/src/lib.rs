//! ERC-7007 AIGC NFT on Arbitrum Stylus: one token per prompt, content from the AI Oracle.
//!
//! This contract carries every standard interface of the collection: ERC-721 + metadata (OpenZeppelin),
//! IERC7007, IERC7007Enumerable and IERC7007Updatable, ERC-2981 royalties (paid to the model's RevShare
//! token) and ERC-4906 metadata updates, with ERC-165 for all of them. It stores each token's prompt,
//! its content and the oracle request that produced it; `verify` asks the oracle whether that request
//! is final (ERC-7007's opML variant).
//!
//! Content comes from the oracle only. The oracle consumer is a separate contract, the *minter*
//! (`imo-aigc-minter`): it takes `mint(prompt)` payments, requests the inference and receives the
//! oracle's callbacks, then calls this contract's minter-only `mintTo`, `addAigcData` and `update`.
//! The split keeps each contract under the 24 KiB code limit (see the crate README).
//!
//! Events follow the Final ERC-7007 text: `AigcData(tokenId, prompt, aigcData, proof)` indexes
//! `tokenId`, `prompt` and `aigcData` (the last two are logged as keccak hashes).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{
    aliases::{B32, U96},
    uint, Address, B256, U256,
};
use alloy_sol_types::SolValue;
use imo_interfaces::{IAIOracle, IAigcRenderer};
use openzeppelin_stylus::{
    token::{
        common::erc2981::IErc2981,
        erc721::{
            self,
            extensions::{Erc721Metadata, IErc721Metadata},
            Erc721, IErc721,
        },
    },
    utils::introspection::erc165::IErc165,
};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageBytes, StorageMap, StorageU256, StorageU96},
};

pub use sol::*;
#[allow(missing_docs)]
mod sol {
    use alloy_sol_types::sol;

    sol! {
        /// ERC-7007: content was added to `tokenId` (Final EIP text: prompt and aigcData indexed).
        #[derive(Debug)]
        event AigcData(uint256 indexed tokenId, bytes indexed prompt, bytes indexed aigcData, bytes proof);
        /// ERC-7007 Updatable: the content of `tokenId` was replaced.
        #[derive(Debug)]
        event Update(uint256 indexed tokenId, bytes indexed prompt, bytes indexed aigcData);
        /// ERC-4906: the metadata of `_tokenId` changed.
        #[derive(Debug)]
        event MetadataUpdate(uint256 _tokenId);
        /// The royalty changed (paid to `receiver`, in basis points).
        #[derive(Debug)]
        event RoyaltySet(address indexed receiver, uint96 bps);
    }

    sol! {
        /// Only the collection's minter (the oracle consumer) may do this.
        #[derive(Debug)]
        error NotMinter(address caller);
        /// The minter address is zero.
        #[derive(Debug)]
        error InvalidMinter();
        /// `keccak256(prompt)` is not `tokenId`.
        #[derive(Debug)]
        error PromptMismatch(uint256 tokenId);
        /// A token for this prompt exists already.
        #[derive(Debug)]
        error PromptAlreadyMinted(uint256 tokenId);
        /// The token already has content: use `update`.
        #[derive(Debug)]
        error AigcDataAlreadyAdded(uint256 tokenId);
        /// The token has no content yet: use `addAigcData`.
        #[derive(Debug)]
        error AigcDataMissing(uint256 tokenId);
        /// The proof is not `abi.encode(requestId)`.
        #[derive(Debug)]
        error InvalidProof();
        /// The oracle or renderer address is zero.
        #[derive(Debug)]
        error InvalidOracle();
        /// The renderer's call failed.
        #[derive(Debug)]
        error RenderFailed();
        /// The royalty receiver is zero or the royalty is above 10,000 bps.
        #[derive(Debug)]
        error InvalidRoyalty(address receiver, uint96 bps);
    }
}

/// Every way a call to the collection can fail.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// ERC-721 errors (OpenZeppelin).
    Erc721(erc721::Error),
    /// See [`InvalidRoyalty`].
    InvalidRoyalty(InvalidRoyalty),
    /// See [`NotMinter`].
    NotMinter(NotMinter),
    /// See [`InvalidMinter`].
    InvalidMinter(InvalidMinter),
    /// See [`PromptMismatch`].
    PromptMismatch(PromptMismatch),
    /// See [`PromptAlreadyMinted`].
    PromptAlreadyMinted(PromptAlreadyMinted),
    /// See [`AigcDataAlreadyAdded`].
    AigcDataAlreadyAdded(AigcDataAlreadyAdded),
    /// See [`AigcDataMissing`].
    AigcDataMissing(AigcDataMissing),
    /// See [`InvalidProof`].
    InvalidProof(InvalidProof),
    /// See [`InvalidOracle`].
    InvalidOracle(InvalidOracle),
    /// See [`RenderFailed`].
    RenderFailed(RenderFailed),
}

/// ERC-165 id of IERC7007 (`addAigcData` ^ `verify`).
pub const IERC7007_ID: u32 = 0x702c55a6;
/// ERC-165 id of IERC7007Enumerable (IERC7007 ^ `tokenId` ^ `prompt`).
pub const IERC7007_ENUMERABLE_ID: u32 = 0xfa1a557a;
/// ERC-165 id of IERC7007Updatable (`update`).
pub const IERC7007_UPDATABLE_ID: u32 = 0x3f37dce2;
/// ERC-165 id of ERC-4906 (metadata update events).
pub const ERC4906_ID: u32 = 0x49064906;
/// Royalty denominator: royalties are in basis points.
pub const ROYALTY_DENOMINATOR: U96 = uint!(10_000_U96);
const ROYALTY_DENOMINATOR_U64: u64 = 10_000;

/// What the collection stores per token (the ERC-721 owner lives in OpenZeppelin's `Erc721`).
#[storage]
pub struct TokenContent {
    /// The prompt, whose keccak256 is the token id.
    prompt: StorageBytes,
    /// The generated content; empty until the oracle delivers.
    aigc_data: StorageBytes,
    /// `keccak256(aigc_data)`, zero until content is added (keccak of anything is non-zero).
    aigc_hash: StorageU256,
    /// The oracle request that produced the content.
    request_id: StorageU256,
}

/// The AIGC collection.
#[entrypoint]
#[storage]
pub struct AigcNft {
    erc721: Erc721,
    metadata: Erc721Metadata,
    /// ERC-2981 receiver and rate (basis points), packed in one slot.
    royalty_receiver: StorageAddress,
    royalty_bps: StorageU96,
    /// The AI Oracle whose finality `verify` reports.
    oracle: StorageAddress,
    /// The stateless contract that renders `tokenURI` JSON.
    renderer: StorageAddress,
    /// The oracle consumer allowed to mint, attach content and set the royalty; fixed.
    minter: StorageAddress,
    tokens: StorageMap<U256, TokenContent>,
}

#[public]
#[implements(IErc721<Error = Error>, IErc721Metadata<Error = Error>, IErc2981, IErc165)]
impl AigcNft {
    /// Creates the collection.
    ///
    /// # Arguments
    /// * `name`, `symbol` - ERC-721 metadata.
    /// * `oracle` - the AI Oracle that produces and finalizes content.
    /// * `renderer` - the `imo-aigc-renderer` contract that renders `tokenURI`.
    /// * `minter` - the `imo-aigc-minter` contract: the only account that mints, attaches
    ///   content and sets the royalty (its owner administers the collection through it).
    /// * `royalty_receiver` - where ERC-2981 royalties go (the model's RevShare token).
    /// * `royalty_bps` - royalty in basis points of the sale price.
    ///
    /// # Errors
    /// [`InvalidOracle`] for a zero oracle or renderer; [`InvalidMinter`]; [`InvalidRoyalty`].
    #[constructor]
    #[allow(clippy::too_many_arguments)]
    pub fn constructor(
        &mut self,
        name: String,
        symbol: String,
        oracle: Address,
        renderer: Address,
        minter: Address,
        royalty_receiver: Address,
        royalty_bps: U96,
    ) -> Result<(), Error> {
        if oracle.is_zero() || renderer.is_zero() {
            return Err(Error::InvalidOracle(InvalidOracle {}));
        }
        self.metadata.constructor(name, symbol);
        self.oracle.set(oracle);
        self.renderer.set(renderer);
        if minter.is_zero() {
            return Err(Error::InvalidMinter(InvalidMinter {}));
        }
        self.minter.set(minter);
        self.write_royalty(royalty_receiver, royalty_bps)
    }

    /// Sets the royalty, paid to `receiver`, in basis points. Minter only (the minter's owner
    /// calls it through the minter).
    ///
    /// # Errors
    /// [`NotMinter`]; [`InvalidRoyalty`] (zero receiver, bps above 10,000).
    ///
    /// # Events
    /// [`RoyaltySet`].
    #[selector(name = "setRoyalty")]
    pub fn set_royalty(&mut self, receiver: Address, bps: U96) -> Result<(), Error> {
        self.only_minter()?;
        self.write_royalty(receiver, bps)
    }

    /// Mints the token of `prompt` to `to`, content pending. Minter only.
    ///
    /// # Errors
    /// [`NotMinter`]; [`PromptAlreadyMinted`]; ERC-721 errors (zero receiver).
    ///
    /// # Events
    /// ERC-721 `Transfer`.
    #[selector(name = "mintTo")]
    pub fn mint_to(&mut self, to: Address, prompt: Bytes) -> Result<U256, Error> {
        self.only_minter()?;
        let token_id = self.token_id_of(&prompt);
        if !self.erc721._owner_of(token_id).is_zero() {
            return Err(Error::PromptAlreadyMinted(PromptAlreadyMinted {
                tokenId: token_id,
            }));
        }
        self.tokens.setter(token_id).prompt.set_bytes(&prompt);
        self.erc721._mint(to, token_id)?;
        Ok(token_id)
    }

    /// ERC-7007: attaches the first content to a token. Minter only (content comes from the
    /// oracle); `proof` must be `abi.encode(requestId)` of the request that produced it.
    ///
    /// # Errors
    /// [`NotMinter`]; [`PromptMismatch`]; ERC-721 `NonexistentToken`; [`AigcDataAlreadyAdded`];
    /// [`InvalidProof`].
    ///
    /// # Events
    /// [`AigcData`], [`MetadataUpdate`].
    #[selector(name = "addAigcData")]
    pub fn add_aigc_data(
        &mut self,
        token_id: U256,
        prompt: Bytes,
        aigc_data: Bytes,
        proof: Bytes,
    ) -> Result<(), Error> {
        self.only_minter()?;
        self.check_prompt(token_id, &prompt)?;
        let request_id = decode_proof(&proof).ok_or(Error::InvalidProof(InvalidProof {}))?;
        let (prompt_hash, data_hash) = (self.keccak(&prompt), self.keccak(&aigc_data));
        let mut token = self.tokens.setter(token_id);
        if !token.aigc_hash.get().is_zero() {
            return Err(Error::AigcDataAlreadyAdded(AigcDataAlreadyAdded {
                tokenId: token_id,
            }));
        }
        token.aigc_data.set_bytes(&aigc_data);
        token.aigc_hash.set(U256::from_be_bytes(data_hash.0));
        token.request_id.set(request_id);
        log(
            self.vm(),
            AigcData {
                tokenId: token_id,
                prompt: prompt_hash,
                aigcData: data_hash,
                proof: proof.0.into(),
            },
        );
        log(self.vm(), MetadataUpdate { _tokenId: token_id });
        Ok(())
    }

    /// ERC-7007 Updatable: replaces a token's content (the oracle corrected it after a
    /// challenge). Minter only. The same content again changes nothing and emits nothing.
    ///
    /// # Errors
    /// [`NotMinter`]; ERC-721 `NonexistentToken`; [`AigcDataMissing`].
    ///
    /// # Events
    /// [`Update`], [`MetadataUpdate`] when the content changes.
    pub fn update(&mut self, prompt: Bytes, aigc_data: Bytes) -> Result<(), Error> {
        self.only_minter()?;
        let token_id = self.token_id_of(&prompt);
        self.erc721._require_owned(token_id)?;
        let (prompt_hash, hash) = (self.keccak(&prompt), self.keccak(&aigc_data));
        let mut token = self.tokens.setter(token_id);
        let current = token.aigc_hash.get();
        if current.is_zero() {
            return Err(Error::AigcDataMissing(AigcDataMissing {
                tokenId: token_id,
            }));
        }
        if current == U256::from_be_bytes(hash.0) {
            return Ok(());
        }
        token.aigc_data.set_bytes(&aigc_data);
        token.aigc_hash.set(U256::from_be_bytes(hash.0));
        log(
            self.vm(),
            Update {
                tokenId: token_id,
                prompt: prompt_hash,
                aigcData: hash,
            },
        );
        log(self.vm(), MetadataUpdate { _tokenId: token_id });
        Ok(())
    }

    /// ERC-7007: true iff the token of `prompt` exists, its content is `aigc_data`, and the
    /// oracle says the request that produced it is final. `proof` may be empty or
    /// `abi.encode(requestId)`; any other proof gives false. Never reverts.
    pub fn verify(&self, prompt: Bytes, aigc_data: Bytes, proof: Bytes) -> bool {
        let token_id = self.token_id_of(&prompt);
        if self.erc721._owner_of(token_id).is_zero() {
            return false;
        }
        let token = self.tokens.getter(token_id);
        let stored = token.aigc_hash.get();
        if stored.is_zero() || stored != U256::from_be_bytes(self.keccak(&aigc_data).0) {
            return false;
        }
        let request_id = token.request_id.get();
        if !proof.is_empty() && decode_proof(&proof) != Some(request_id) {
            return false;
        }
        IAIOracle::new(self.oracle.get())
            .is_finalized(self, request_id)
            .unwrap_or(false)
    }

    /// ERC-7007 Enumerable: the token id of a prompt, `uint256(keccak256(prompt))`.
    #[selector(name = "tokenId")]
    pub fn token_id(&self, prompt: Bytes) -> U256 {
        self.token_id_of(&prompt)
    }

    /// ERC-7007 Enumerable: the prompt of a token.
    ///
    /// # Errors
    /// ERC-721 `NonexistentToken`.
    pub fn prompt(&self, token_id: U256) -> Result<String, Error> {
        self.erc721._require_owned(token_id)?;
        // The ABI encodings of `string` and `bytes` are the same: return the stored bytes as
        // they are, even when they are not UTF-8.
        let bytes = self.tokens.getter(token_id).prompt.get_bytes();
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    }

    /// The AI Oracle this collection trusts for finality.
    pub fn oracle(&self) -> Address {
        self.oracle.get()
    }

    /// The minter allowed to mint and attach content (zero until set).
    pub fn minter(&self) -> Address {
        self.minter.get()
    }
}

impl AigcNft {
    fn write_royalty(&mut self, receiver: Address, bps: U96) -> Result<(), Error> {
        if receiver.is_zero() || bps > ROYALTY_DENOMINATOR {
            return Err(Error::InvalidRoyalty(InvalidRoyalty { receiver, bps }));
        }
        self.royalty_receiver.set(receiver);
        self.royalty_bps.set(bps);
        log(self.vm(), RoyaltySet { receiver, bps });
        Ok(())
    }

    /// `keccak256` through the host (cheaper in ink and code than a WASM keccak).
    fn keccak(&self, bytes: &[u8]) -> B256 {
        self.vm().native_keccak256(bytes)
    }

    /// `uint256(keccak256(prompt))`.
    fn token_id_of(&self, prompt: &[u8]) -> U256 {
        U256::from_be_bytes(self.keccak(prompt).0)
    }

    fn only_minter(&self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.minter.get() || caller.is_zero() {
            return Err(Error::NotMinter(NotMinter { caller }));
        }
        Ok(())
    }

    fn check_prompt(&self, token_id: U256, prompt: &[u8]) -> Result<(), Error> {
        if self.token_id_of(prompt) != token_id {
            return Err(Error::PromptMismatch(PromptMismatch { tokenId: token_id }));
        }
        self.erc721._require_owned(token_id)?;
        Ok(())
    }
}

/// `value * bps / 10,000` (floor) for `bps <= 10,000`, without the code of a 256-bit
/// multiplication or division (kilobytes of WASM).
///
/// Splits `value = q * 10,000 + r`, so the result is exactly `q * bps + r * bps / 10,000`;
/// `q * bps <= value` cannot overflow, and `r * bps < 10^8`.
fn royalty_of(value: U256, bps: u64) -> U256 {
    const DEN: u64 = ROYALTY_DENOMINATOR_U64;
    // Long division by 10,000, 32 bits at a time so every step fits in a u64.
    let mut q = [0u64; 4];
    let mut rem = 0u64;
    for i in (0..4).rev() {
        let limb = value.as_limbs()[i];
        let hi = (rem << 32) | (limb >> 32);
        let lo = ((hi % DEN) << 32) | (limb & 0xFFFF_FFFF);
        q[i] = ((hi / DEN) << 32) | (lo / DEN);
        rem = lo % DEN;
    }
    // q * bps, limb by limb; no carry leaves the top limb since q * bps <= value.
    let mut out = [0u64; 4];
    let mut carry = rem * bps / DEN;
    for i in 0..4 {
        let (lo, hi) = mul_wide(q[i], bps);
        let (sum, overflow) = lo.overflowing_add(carry);
        out[i] = sum;
        carry = hi + u64::from(overflow);
    }
    U256::from_limbs(out)
}

/// The 128-bit product of two u64 as (low, high) words, in 32-bit pieces.
fn mul_wide(a: u64, b: u64) -> (u64, u64) {
    let (a_lo, a_hi, b_lo, b_hi) = (a & 0xFFFF_FFFF, a >> 32, b & 0xFFFF_FFFF, b >> 32);
    let (ll, lh, hl, hh) = (a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi);
    let mid = (ll >> 32) + (lh & 0xFFFF_FFFF) + (hl & 0xFFFF_FFFF);
    let lo = (ll & 0xFFFF_FFFF) | (mid << 32);
    let hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    (lo, hi)
}

/// The request id in a proof that is exactly `abi.encode(uint256)`.
fn decode_proof(proof: &[u8]) -> Option<U256> {
    (proof.len() == 32).then(|| U256::from_be_slice(proof))
}

/// `abi.encode(requestId)`: the proof the minter passes with content.
pub fn encode_proof(request_id: U256) -> Vec<u8> {
    request_id.abi_encode()
}

#[public]
impl IErc721 for AigcNft {
    type Error = Error;

    fn balance_of(&self, owner: Address) -> Result<U256, Error> {
        Ok(self.erc721.balance_of(owner)?)
    }

    fn owner_of(&self, token_id: U256) -> Result<Address, Error> {
        Ok(self.erc721.owner_of(token_id)?)
    }

    fn safe_transfer_from(
        &mut self,
        from: Address,
        to: Address,
        token_id: U256,
    ) -> Result<(), Error> {
        Ok(self.erc721.safe_transfer_from(from, to, token_id)?)
    }

    #[selector(name = "safeTransferFrom")]
    fn safe_transfer_from_with_data(
        &mut self,
        from: Address,
        to: Address,
        token_id: U256,
        data: Bytes,
    ) -> Result<(), Error> {
        Ok(self
            .erc721
            .safe_transfer_from_with_data(from, to, token_id, data)?)
    }

    fn transfer_from(&mut self, from: Address, to: Address, token_id: U256) -> Result<(), Error> {
        Ok(self.erc721.transfer_from(from, to, token_id)?)
    }

    fn approve(&mut self, to: Address, token_id: U256) -> Result<(), Error> {
        Ok(self.erc721.approve(to, token_id)?)
    }

    fn set_approval_for_all(&mut self, operator: Address, approved: bool) -> Result<(), Error> {
        Ok(self.erc721.set_approval_for_all(operator, approved)?)
    }

    fn get_approved(&self, token_id: U256) -> Result<Address, Error> {
        Ok(self.erc721.get_approved(token_id)?)
    }

    fn is_approved_for_all(&self, owner: Address, operator: Address) -> bool {
        self.erc721.is_approved_for_all(owner, operator)
    }
}

#[public]
impl IErc721Metadata for AigcNft {
    type Error = Error;

    fn name(&self) -> String {
        self.metadata.name()
    }

    fn symbol(&self) -> String {
        self.metadata.symbol()
    }

    /// On-chain ERC-7007 metadata JSON as a base64 data URI, rendered by the renderer contract.
    #[selector(name = "tokenURI")]
    fn token_uri(&self, token_id: U256) -> Result<String, Error> {
        self.erc721._require_owned(token_id)?;
        let token = self.tokens.getter(token_id);
        IAigcRenderer::new(self.renderer.get())
            .token_uri(
                self,
                self.metadata.name(),
                token_id,
                token.prompt.get_bytes().into(),
                token.aigc_data.get_bytes().into(),
                token.request_id.get(),
            )
            .map_err(|_| Error::RenderFailed(RenderFailed {}))
    }
}

#[public]
impl IErc2981 for AigcNft {
    /// The same royalty for every token: `sale_price * bps / 10,000` (floor) to the receiver.
    fn royalty_info(&self, _token_id: U256, sale_price: U256) -> (Address, U256) {
        let bps = u64::try_from(self.royalty_bps.get()).unwrap_or(0);
        (self.royalty_receiver.get(), royalty_of(sale_price, bps))
    }
}

#[public]
impl IErc165 for AigcNft {
    fn supports_interface(&self, interface_id: B32) -> bool {
        let id = u32::from_be_bytes(interface_id.0);
        self.erc721.supports_interface(interface_id)
            || <Self as IErc721Metadata>::interface_id() == interface_id
            || <Self as IErc2981>::interface_id() == interface_id
            || matches!(
                id,
                IERC7007_ID | IERC7007_ENUMERABLE_ID | IERC7007_UPDATABLE_ID | ERC4906_ID
            )
    }
}

#[cfg(test)]
mod tests;
