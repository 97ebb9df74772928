//! The minter's events.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;

sol! {
    /// `tokenId` was minted to `minter`; inference `requestId` was paid `fee`, the RevShare token `price`.
    #[derive(Debug)]
    event Minted(uint256 indexed tokenId, address indexed minter, uint256 indexed requestId, uint256 price, uint256 fee);
    /// The holder of `tokenId` paid a new inference `requestId` after a failure.
    #[derive(Debug)]
    event GenerationRetried(uint256 indexed tokenId, uint256 indexed requestId, uint256 fee);
    /// The oracle delivered content for `tokenId` (first delivery or a correction).
    #[derive(Debug)]
    event GenerationDelivered(uint256 indexed tokenId, uint256 indexed requestId, bool correction);
    /// The oracle reported that it could not generate `tokenId`'s content.
    #[derive(Debug)]
    event GenerationFailed(uint256 indexed tokenId, uint256 indexed requestId, uint8 code, bytes message);
    /// `amount` wei of overpayment were credited to `account`.
    #[derive(Debug)]
    event RefundCredited(address indexed account, uint256 amount);
    /// `account` withdrew `amount` wei of credit.
    #[derive(Debug)]
    event RefundWithdrawn(address indexed account, uint256 amount);
    /// The owner bound the minter to its collection (once).
    #[derive(Debug)]
    event CollectionSet(address indexed nft);
    /// The owner set the mint price.
    #[derive(Debug)]
    event MintPriceSet(uint256 price);
    /// The owner set the gas the oracle gives each callback.
    #[derive(Debug)]
    event CallbackGasLimitSet(uint64 gasLimit);
}
