//! Stateless `tokenURI` renderer for the AIGC NFT.
//!
//! The NFT keeps every standard interface but not the JSON and base64 code: with OpenZeppelin's
//! ERC-721 it would not fit under the 24 KiB code limit (measured: 25.6 KB with rendering inside).
//! The NFT's `tokenURI` static-calls [`AigcRenderer::token_uri`] with the token's stored fields.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

pub mod render;

use alloc::{string::String, vec::Vec};

use alloy_primitives::U256;
use stylus_sdk::{abi::Bytes, prelude::*};

/// The renderer: no storage, one view.
#[entrypoint]
#[storage]
pub struct AigcRenderer {}

#[public]
impl AigcRenderer {
    /// ERC-7007 metadata of a token as `data:application/json;base64,...` (see [`render`]).
    ///
    /// # Arguments
    /// * `collection` - the collection's name.
    /// * `token_id` - `keccak256(prompt)`.
    /// * `prompt` - the prompt bytes (any bytes: escaped, invalid UTF-8 becomes U+FFFD).
    /// * `aigc_data` - the content, empty while pending.
    /// * `request_id` - the oracle request that produced the content.
    #[selector(name = "tokenURI")]
    pub fn token_uri(
        &self,
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
        });
        // SAFETY: the prefix and base64 are ASCII.
        unsafe { String::from_utf8_unchecked(uri) }
    }
}
