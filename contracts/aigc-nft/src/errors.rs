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
    /// OpenZeppelin's ERC-721: [`erc721::ERC721InvalidOwner`].
    ERC721InvalidOwner(erc721::ERC721InvalidOwner),
    /// OpenZeppelin's ERC-721: [`erc721::ERC721NonexistentToken`].
    ERC721NonexistentToken(erc721::ERC721NonexistentToken),
    /// OpenZeppelin's ERC-721: [`erc721::ERC721IncorrectOwner`].
    ERC721IncorrectOwner(erc721::ERC721IncorrectOwner),
    /// OpenZeppelin's ERC-721: [`erc721::ERC721InvalidSender`].
    ERC721InvalidSender(erc721::ERC721InvalidSender),
    /// OpenZeppelin's ERC-721: [`erc721::ERC721InvalidReceiver`].
    ERC721InvalidReceiver(erc721::ERC721InvalidReceiver),
    /// OpenZeppelin's ERC-721: [`erc721::InvalidReceiverWithReason`].
    InvalidReceiverWithReason(erc721::InvalidReceiverWithReason),
    /// OpenZeppelin's ERC-721: [`erc721::ERC721InsufficientApproval`].
    ERC721InsufficientApproval(erc721::ERC721InsufficientApproval),
    /// OpenZeppelin's ERC-721: [`erc721::ERC721InvalidApprover`].
    ERC721InvalidApprover(erc721::ERC721InvalidApprover),
    /// OpenZeppelin's ERC-721: [`erc721::ERC721InvalidOperator`].
    ERC721InvalidOperator(erc721::ERC721InvalidOperator),
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

/// OpenZeppelin's ERC-721 errors, each as its own variant (so `export-abi` lists them).
impl From<erc721::Error> for Error {
    fn from(e: erc721::Error) -> Self {
        match e {
            erc721::Error::InvalidOwner(e) => Self::ERC721InvalidOwner(e),
            erc721::Error::NonexistentToken(e) => Self::ERC721NonexistentToken(e),
            erc721::Error::IncorrectOwner(e) => Self::ERC721IncorrectOwner(e),
            erc721::Error::InvalidSender(e) => Self::ERC721InvalidSender(e),
            erc721::Error::InvalidReceiver(e) => Self::ERC721InvalidReceiver(e),
            erc721::Error::InvalidReceiverWithReason(e) => Self::InvalidReceiverWithReason(e),
            erc721::Error::InsufficientApproval(e) => Self::ERC721InsufficientApproval(e),
            erc721::Error::InvalidApprover(e) => Self::ERC721InvalidApprover(e),
            erc721::Error::InvalidOperator(e) => Self::ERC721InvalidOperator(e),
        }
    }
}
