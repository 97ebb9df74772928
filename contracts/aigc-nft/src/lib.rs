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
//!
//! Modules: [`content`] (minting, content, verification), [`royalty`] (ERC-2981),
//! [`metadata`] (name, symbol, `tokenURI`), [`errors`], [`events`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// `#[entrypoint]` emits undocumented fns for wasm and under `export-abi`.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
#![deny(rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod content;
pub mod errors;
pub mod events;
pub mod metadata;
pub mod royalty;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, U256};
use imo_common::bytes::StoredBytes;
use openzeppelin_stylus::{
    token::{
        common::erc2981::IErc2981,
        erc721::{extensions::IErc721Metadata, Erc721, IErc721},
    },
    utils::introspection::erc165::IErc165,
};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU256, StorageU96},
};

pub use content::encode_proof;
pub use errors::*;
pub use events::*;
pub use metadata::Metadata;
pub use royalty::ROYALTY_DENOMINATOR;

/// ERC-165 id of IERC7007 (`addAigcData` ^ `verify`).
pub const IERC7007_ID: u32 = 0x702c_55a6;
/// ERC-165 id of IERC7007Enumerable (IERC7007 ^ `tokenId` ^ `prompt`).
pub const IERC7007_ENUMERABLE_ID: u32 = 0xfa1a_557a;
/// ERC-165 id of IERC7007Updatable (`update`).
pub const IERC7007_UPDATABLE_ID: u32 = 0x3f37_dce2;
/// ERC-165 id of ERC-4906 (metadata update events).
pub const ERC4906_ID: u32 = 0x4906_4906;

/// What the collection stores per token (the ERC-721 owner lives in OpenZeppelin's `Erc721`).
#[storage]
pub struct TokenContent {
    /// The prompt, whose keccak256 is the token id.
    prompt: StoredBytes,
    /// The generated content; empty until the oracle delivers.
    aigc_data: StoredBytes,
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
    metadata: Metadata,
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
        royalty_bps: alloy_primitives::aliases::U96,
    ) -> Result<(), Error> {
        if oracle.is_zero() || renderer.is_zero() {
            return Err(Error::InvalidOracle(InvalidOracle {}));
        }
        self.metadata.init(&name, &symbol);
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
    pub fn set_royalty(
        &mut self,
        receiver: Address,
        bps: alloy_primitives::aliases::U96,
    ) -> Result<(), Error> {
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
        self.mint_prompt(to, &prompt)
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
        self.add_content(token_id, &prompt, &aigc_data, proof.0.into())
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
        self.replace_content(&prompt, &aigc_data)
    }

    /// ERC-7007: true iff the token of `prompt` exists, its content is `aigc_data`, and the
    /// oracle says the request that produced it is final. `proof` may be empty or
    /// `abi.encode(requestId)`; any other proof gives false. Never reverts.
    pub fn verify(&self, prompt: Bytes, aigc_data: Bytes, proof: Bytes) -> bool {
        self.verify_content(&prompt, &aigc_data, &proof)
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
        // SAFETY: the `String` is only ABI-encoded (as bytes), never used as text.
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
        self.render(token_id)
    }
}

#[public]
impl IErc2981 for AigcNft {
    /// The same royalty for every token: `sale_price * bps / 10,000` (floor) to the receiver.
    fn royalty_info(&self, _token_id: U256, sale_price: U256) -> (Address, U256) {
        self.royalty(sale_price)
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
