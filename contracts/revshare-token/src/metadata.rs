//! ERC-20 name and symbol, each packed into one storage word.
//!
//! OpenZeppelin's `Erc20Metadata` keeps them in `StorageString`s, whose code (with the 256-bit
//! division it pulls in) costs about 8 KB of WASM; this contract cannot afford that under the
//! 24 KB limit, so it implements `IErc20Metadata` over two packed slots instead (like
//! OpenZeppelin's Solidity `ShortString`: the bytes, then the length in the last byte).

use alloc::string::String;

use alloy_primitives::B256;

use crate::errors::{Error, InvalidMetadata};

/// Packs a string of at most 31 bytes into one word; [`Error::InvalidMetadata`] when longer.
pub fn short_string(s: &str) -> Result<B256, Error> {
    let bytes = s.as_bytes();
    if bytes.len() > 31 {
        return Err(Error::InvalidMetadata(InvalidMetadata {}));
    }
    let mut word = B256::ZERO;
    word[..bytes.len()].copy_from_slice(bytes);
    #[allow(clippy::cast_possible_truncation)] // at most 31
    {
        word[31] = bytes.len() as u8;
    }
    Ok(word)
}

/// The bytes of a string packed by [`short_string`].
#[must_use]
pub fn short_bytes(word: &B256) -> &[u8] {
    &word[..usize::from(word[31]).min(31)]
}

/// Unpacks a string packed by [`short_string`].
#[must_use]
pub fn from_short_string(word: B256) -> String {
    String::from_utf8(short_bytes(&word).to_vec()).unwrap_or_default()
}
