//! Reading the AIGC NFT's on-chain metadata: `tokenURI`'s `data:` URIs decoded (base64, JSON)
//! and the picture's SVG taken out of it.

use crate::backend::Backend;
use crate::bindings::aigc;
use crate::imo::Imo;
use alloy_primitives::U256;
use anyhow::Context;
use base64::{engine::general_purpose::STANDARD, Engine};

/// The prefix of `tokenURI`.
pub const JSON_URI_PREFIX: &str = "data:application/json;base64,";
/// The prefix of the metadata's `image`.
pub const SVG_URI_PREFIX: &str = "data:image/svg+xml;base64,";

/// The metadata JSON inside a `data:application/json;base64,` URI.
///
/// # Errors
///
/// Another URI, bad base64, invalid JSON.
pub fn decode_token_uri(uri: &str) -> anyhow::Result<serde_json::Value> {
    let b64 = uri
        .strip_prefix(JSON_URI_PREFIX)
        .with_context(|| format!("tokenURI is not a base64 JSON data URI: {uri:.60}"))?;
    let json = STANDARD.decode(b64).context("tokenURI's base64")?;
    serde_json::from_slice(&json).context("tokenURI's JSON")
}

/// The SVG document inside a `data:image/svg+xml;base64,` URI.
///
/// # Errors
///
/// Another URI, bad base64, not UTF-8.
pub fn decode_svg_uri(uri: &str) -> anyhow::Result<String> {
    let b64 = uri
        .strip_prefix(SVG_URI_PREFIX)
        .with_context(|| format!("not a base64 SVG data URI: {uri:.60}"))?;
    let svg = STANDARD.decode(b64).context("the image's base64")?;
    String::from_utf8(svg).context("the SVG is not UTF-8")
}

impl<B: Backend> Imo<B> {
    /// The NFT's `tokenURI(token_id)`, decoded.
    ///
    /// # Errors
    ///
    /// A failed view or a URI that does not decode.
    pub fn token_metadata(&mut self, token_id: U256) -> anyhow::Result<serde_json::Value> {
        let nft = self.c.nft;
        let uri = self
            .view(nft, aigc::IAigcNft::tokenURICall { tokenId: token_id })?
            ._0;
        decode_token_uri(&uri)
    }
}
