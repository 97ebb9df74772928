//! The collection's named Solidity errors.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;
use openzeppelin_stylus::token::erc721;
use stylus_sdk::prelude::*;

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
