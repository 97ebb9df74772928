//! The token's named Solidity errors, and [`Error`], every way a call can fail.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

sol! {
    /// `snapshot()` was called before `nextAllowedAt`.
    #[derive(Debug)]
    error SnapshotTooEarly(uint64 nextAllowedAt);
    /// The snapshot id is 0, in the future, or outside the claim window.
    #[derive(Debug)]
    error SnapshotNotClaimable(uint256 snapshotId);
    /// `account` already claimed snapshot `snapshotId`.
    #[derive(Debug)]
    error AlreadyClaimed(address account, uint256 snapshotId);
    /// `account`'s share of snapshot `snapshotId` is 0.
    #[derive(Debug)]
    error NothingToClaim(address account, uint256 snapshotId);
    /// The snapshot id is 0 or in the future.
    #[derive(Debug)]
    error SnapshotNotFound(uint256 snapshotId);
    /// Snapshot `snapshotId` was taken in the current second: its balances are those at the end
    /// of that second, so they are not known yet.
    #[derive(Debug)]
    error SnapshotNotFinal(uint256 snapshotId);
    /// `claim`, `claimBatch`, `burn` or `snapshot` was re-entered.
    #[derive(Debug)]
    error ReentrantCall();
    /// Sending `amount` wei to `to` failed.
    #[derive(Debug)]
    error EthTransferFailed(address to, uint256 amount);
    /// `claimableBps` is above 10000.
    #[derive(Debug)]
    error InvalidClaimableBps(uint16 claimableBps);
    /// `claimWindow` is 0.
    #[derive(Debug)]
    error InvalidClaimWindow();
    /// The initial supply is above `2^128 - 1`.
    #[derive(Debug)]
    error InvalidInitialSupply(uint256 initialSupply);
    /// The revenue source list is full.
    #[derive(Debug)]
    error TooManyRevenueSources(uint256 max);
    /// The revenue source is already registered.
    #[derive(Debug)]
    error RevenueSourceExists(address oracle, uint256 modelId);
    /// The revenue source is not registered.
    #[derive(Debug)]
    error RevenueSourceNotFound(address oracle, uint256 modelId);
    /// The oracle address is zero.
    #[derive(Debug)]
    error InvalidRevenueSource(address oracle);
    /// The token name or symbol is longer than 31 bytes.
    #[derive(Debug)]
    error InvalidMetadata();
    /// An amount does not fit the accounting (beyond any real ETH supply).
    #[derive(Debug)]
    error AccountingOverflow();
    /// The token is already set up (constructor or `initialize`).
    #[derive(Debug)]
    error AlreadyInitialized();
}

// The standard errors of the ERC-20, permit and ownership interfaces, with OpenZeppelin's
// signatures (ERC-6093 for ERC-20).
sol! {
    /// ERC-20: `sender` holds `balance`, less than the `needed` amount.
    #[derive(Debug)]
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// ERC-20: tokens cannot come from `sender` (the zero address).
    #[derive(Debug)]
    error ERC20InvalidSender(address sender);
    /// ERC-20: tokens cannot go to `receiver` (the zero address).
    #[derive(Debug)]
    error ERC20InvalidReceiver(address receiver);
    /// ERC-20: `spender`'s `allowance` is less than the `needed` amount.
    #[derive(Debug)]
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// ERC-20: `spender` (the zero address) cannot be approved.
    #[derive(Debug)]
    error ERC20InvalidSpender(address spender);
    /// ERC-20: `approver` (the zero address) cannot approve.
    #[derive(Debug)]
    error ERC20InvalidApprover(address approver);
    /// EIP-2612: the permit's `deadline` has passed.
    #[derive(Debug)]
    error ERC2612ExpiredSignature(uint256 deadline);
    /// EIP-2612: the permit was signed by `signer`, not by `owner`.
    #[derive(Debug)]
    error ERC2612InvalidSigner(address signer, address owner);
    /// ECDSA: the signature does not recover an address.
    #[derive(Debug)]
    error ECDSAInvalidSignature();
    /// ECDSA: the signature's `s` is in the upper half of the curve order (malleable).
    #[derive(Debug)]
    error ECDSAInvalidSignatureS(bytes32 s);
    /// Ownable: `account` is not the owner.
    #[derive(Debug)]
    error OwnableUnauthorizedAccount(address account);
    /// Ownable: `owner` (the zero address) cannot own the token.
    #[derive(Debug)]
    error OwnableInvalidOwner(address owner);
}

/// Every error of the token, each a named Solidity error.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`SnapshotTooEarly`].
    SnapshotTooEarly(SnapshotTooEarly),
    /// See [`SnapshotNotClaimable`].
    SnapshotNotClaimable(SnapshotNotClaimable),
    /// See [`AlreadyClaimed`].
    AlreadyClaimed(AlreadyClaimed),
    /// See [`NothingToClaim`].
    NothingToClaim(NothingToClaim),
    /// See [`SnapshotNotFound`].
    SnapshotNotFound(SnapshotNotFound),
    /// See [`SnapshotNotFinal`].
    SnapshotNotFinal(SnapshotNotFinal),
    /// See [`ReentrantCall`].
    ReentrantCall(ReentrantCall),
    /// See [`EthTransferFailed`].
    EthTransferFailed(EthTransferFailed),
    /// See [`InvalidClaimableBps`].
    InvalidClaimableBps(InvalidClaimableBps),
    /// See [`InvalidClaimWindow`].
    InvalidClaimWindow(InvalidClaimWindow),
    /// See [`InvalidInitialSupply`].
    InvalidInitialSupply(InvalidInitialSupply),
    /// See [`TooManyRevenueSources`].
    TooManyRevenueSources(TooManyRevenueSources),
    /// See [`RevenueSourceExists`].
    RevenueSourceExists(RevenueSourceExists),
    /// See [`RevenueSourceNotFound`].
    RevenueSourceNotFound(RevenueSourceNotFound),
    /// See [`InvalidRevenueSource`].
    InvalidRevenueSource(InvalidRevenueSource),
    /// See [`AccountingOverflow`].
    AccountingOverflow(AccountingOverflow),
    /// See [`InvalidMetadata`].
    InvalidMetadata(InvalidMetadata),
    /// See [`AlreadyInitialized`].
    AlreadyInitialized(AlreadyInitialized),
    /// See [`ERC20InsufficientBalance`].
    InsufficientBalance(ERC20InsufficientBalance),
    /// See [`ERC20InvalidSender`].
    InvalidSender(ERC20InvalidSender),
    /// See [`ERC20InvalidReceiver`].
    InvalidReceiver(ERC20InvalidReceiver),
    /// See [`ERC20InsufficientAllowance`].
    InsufficientAllowance(ERC20InsufficientAllowance),
    /// See [`ERC20InvalidSpender`].
    InvalidSpender(ERC20InvalidSpender),
    /// See [`ERC20InvalidApprover`].
    InvalidApprover(ERC20InvalidApprover),
    /// See [`ERC2612ExpiredSignature`].
    ExpiredSignature(ERC2612ExpiredSignature),
    /// See [`ERC2612InvalidSigner`].
    InvalidSigner(ERC2612InvalidSigner),
    /// See [`ECDSAInvalidSignature`].
    InvalidSignature(ECDSAInvalidSignature),
    /// See [`ECDSAInvalidSignatureS`].
    InvalidSignatureS(ECDSAInvalidSignatureS),
    /// See [`OwnableUnauthorizedAccount`].
    UnauthorizedAccount(OwnableUnauthorizedAccount),
    /// See [`OwnableInvalidOwner`].
    InvalidOwner(OwnableInvalidOwner),
}

/// [`Error::AccountingOverflow`].
pub(crate) fn overflow() -> Error {
    Error::AccountingOverflow(AccountingOverflow {})
}
