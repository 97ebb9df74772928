//! Stateless `tokenURI` renderer for the AIGC NFT.
//!
//! The NFT keeps every standard interface but not the JSON, SVG and base64 code: with OpenZeppelin's
//! ERC-721 it would not fit under the 24 KiB code limit (measured: 25.6 KB with rendering inside).
//! The NFT's `tokenURI` static-calls [`AigcRenderer::token_uri`] with the token's stored fields and
//! its minter; the renderer asks the minter for its oracle and model id and the oracle's
//! `getModel` for the model's `modelHash` and `programHash`, and draws the content as SVG
//! ([`svg`]: an 8x8 grayscale image, or text when the content is not an image).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// `#[entrypoint]` emits undocumented fns for wasm and under `export-abi`.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
#![deny(rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod render;
pub mod svg;

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use stylus_sdk::{abi::Bytes, prelude::*};

pub use render::ModelHashes;

#[allow(missing_docs)] // `sol!` generates undocumented items; only their selectors are used.
mod selectors {
    alloy_sol_types::sol! {
        /// The minter's oracle (`imo-aigc-minter`).
        function oracle() external view returns (address);
        /// The minter's model id.
        function modelId() external view returns (uint256);
        /// ORA's `getModel`: the first two words are `modelHash` and `programHash`.
        function getModel(uint256 modelId) external view returns (bytes32, bytes32, uint256, address, uint256, uint256, address, bool);
    }
}

/// The renderer: no storage, one view.
#[entrypoint]
#[storage]
pub struct AigcRenderer {}

#[public]
impl AigcRenderer {
    /// ERC-7007 metadata of a token as `data:application/json;base64,...` (see [`render`]).
    /// Never reverts: content that is not an image is drawn as text, and when the model's
    /// registration cannot be read the hashes are left out.
    ///
    /// # Arguments
    /// * `minter` - the collection's minter (`imo-aigc-minter`), whose `oracle()` and `modelId()`
    ///   name the model registration shown (`modelHash`, `programHash`).
    /// * `collection` - the collection's name.
    /// * `token_id` - `keccak256(prompt)`.
    /// * `prompt` - the prompt bytes (any bytes: escaped, invalid UTF-8 becomes U+FFFD).
    /// * `aigc_data` - the content, empty while pending.
    /// * `request_id` - the oracle request that produced the content.
    #[selector(name = "tokenURI")]
    pub fn token_uri(
        &self,
        minter: Address,
        collection: String,
        token_id: U256,
        prompt: Bytes,
        aigc_data: Bytes,
        request_id: U256,
    ) -> String {
        let uri: Vec<u8> = render::token_uri(&render::TokenView {
            collection: collection.as_bytes(),
            token_id,
            prompt: &prompt,
            aigc_data: &aigc_data,
            request_id,
            model: self.model_hashes(minter),
        });
        // SAFETY: the prefix and base64 are ASCII.
        unsafe { String::from_utf8_unchecked(uri) }
    }
}

impl AigcRenderer {
    /// The registration of `minter`'s model in `minter`'s oracle; `None` when any call fails or
    /// returns too little (no contract there, a removed model) or the model has no hashes.
    ///
    /// Raw static calls reading fixed words of the return data: `sol_interface!` with its ABI
    /// tuple decoding measured 1.5 KB more compressed code (8,403 B against 6,883 B).
    fn model_hashes(&self, minter: Address) -> Option<ModelHashes> {
        let oracle = self.returned(minter, &selectors::oracleCall::SELECTOR, 1)?;
        let model_id = self.returned(minter, &selectors::modelIdCall::SELECTOR, 1)?;
        let mut get_model = selectors::getModelCall::SELECTOR.to_vec();
        get_model.extend_from_slice(&model_id[..32]);
        let oracle = Address::from_slice(&oracle[12..32]);
        let hashes = self.returned(oracle, &get_model, 2)?;
        let (model_hash, program_hash) = (word(&hashes, 0)?, word(&hashes, 1)?);
        if model_hash == [0u8; 32] && program_hash == [0u8; 32] {
            return None;
        }
        Some(ModelHashes {
            model_hash,
            program_hash,
        })
    }

    /// What a static call of `to` with `calldata` returns, when it succeeds with at least
    /// `words` words.
    fn returned(&self, to: Address, calldata: &[u8], words: usize) -> Option<Vec<u8>> {
        let out = self.vm().static_call(&self, to, calldata).ok()?;
        (out.len() >= words * 32).then_some(out)
    }
}

/// Word `index` of `data`.
fn word(data: &[u8], index: usize) -> Option<[u8; 32]> {
    data.get(index * 32..index * 32 + 32)?.try_into().ok()
}

#[cfg(test)]
mod tests;
