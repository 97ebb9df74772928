//! ERC-721 metadata: name, symbol and the rendered `tokenURI`.

use alloc::string::String;

use alloy_primitives::U256;
use imo_common::{bytes::StoredBytes, interfaces::IAigcRenderer};
use stylus_sdk::prelude::*;

use crate::{AigcNft, Error, RenderFailed};

/// Name, symbol and (unused) base URI, in the storage layout of OpenZeppelin's `Erc721Metadata`
/// (three `string` slots), held in [`StoredBytes`] (see that type for why).
#[storage]
pub struct Metadata {
    name: StoredBytes,
    symbol: StoredBytes,
    base_uri: StoredBytes,
}

impl Metadata {
    /// Stores the name and the symbol (constructor).
    pub fn init(&mut self, name: &str, symbol: &str) {
        self.name.set_str(name);
        self.symbol.set_str(symbol);
    }

    /// The collection's name.
    #[must_use]
    pub fn name(&self) -> String {
        self.name.get_string()
    }

    /// The collection's symbol.
    #[must_use]
    pub fn symbol(&self) -> String {
        self.symbol.get_string()
    }

    /// The base URI (never set by this collection: `tokenURI` is rendered on chain).
    #[must_use]
    pub fn base_uri(&self) -> String {
        self.base_uri.get_string()
    }
}

impl AigcNft {
    /// On-chain ERC-7007 metadata JSON as a base64 data URI, from the renderer contract (given the
    /// minter, whose oracle and model id name the model hashes shown).
    pub(crate) fn render(&self, token_id: U256) -> Result<String, Error> {
        self.erc721._require_owned(token_id)?;
        let token = self.tokens.getter(token_id);
        IAigcRenderer::new(self.renderer.get())
            .token_uri(
                self,
                self.minter.get(),
                self.metadata.name(),
                token_id,
                token.prompt.get_bytes().into(),
                token.aigc_data.get_bytes().into(),
                token.request_id.get(),
            )
            .map_err(|_| Error::RenderFailed(RenderFailed {}))
    }
}
