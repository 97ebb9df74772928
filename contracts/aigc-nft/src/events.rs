//! The collection's events (besides OpenZeppelin's ERC-721 `Transfer`, `Approval`,
//! `ApprovalForAll`).
#![allow(missing_docs)] // `sol!` generates the fields.

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
