//! The sale's named Solidity errors, and [`Error`], every way a call can fail.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;
use imo_common::clone::InitError;
use stylus_sdk::prelude::*;

sol! {
    /// `initialize` ran already.
    #[derive(Debug)]
    error AlreadyInitialized();
    /// `initialize` was called on the implementation, which stays locked: use a clone.
    #[derive(Debug)]
    error NotAClone();
    /// The sale was not initialized.
    #[derive(Debug)]
    error NotInitialized();
    /// The sale must start before it ends.
    #[derive(Debug)]
    error InvalidSchedule(uint64 start, uint64 end);
    /// The target must be positive and at least the minimum raise.
    #[derive(Debug)]
    error InvalidTarget(uint256 target, uint256 minimum);
    /// An amount of tokens (for sale, a grant, their sum) is zero where it may not be, or does not
    /// fit 128 bits.
    #[derive(Debug)]
    error InvalidAmount(uint256 amount);
    /// The token, the treasury or a grant's vesting contract is the zero address, or the currency
    /// is the token itself.
    #[derive(Debug)]
    error InvalidAddress(address account);
    /// A liquidity share needs a recipient, and is at most 10,000 bps.
    #[derive(Debug)]
    error InvalidLiquidity(address recipient, uint16 bps);
    /// At most two grants, one amount per grant.
    #[derive(Debug)]
    error InvalidGrants(uint256 grants, uint256 amounts);
    /// The sale holds `held` tokens, less than the `needed` tokens for sale, liquidity and grants.
    #[derive(Debug)]
    error SaleNotFunded(uint256 needed, uint256 held);
    /// The token keeps `window` snapshots claimable, more than the sale collects per call.
    #[derive(Debug)]
    error UnsupportedClaimWindow(uint256 window);
    /// Deposits are taken only while the sale is `Active`; it is in `state`.
    #[derive(Debug)]
    error SaleNotActive(uint8 state);
    /// A deposit of `amount` is below the minimum deposit (or zero).
    #[derive(Debug)]
    error DepositBelowMinimum(uint256 amount, uint256 minimum);
    /// `account` would have deposited `total`, over its `cap`.
    #[derive(Debug)]
    error DepositOverCap(address account, uint256 cap, uint256 total);
    /// The allowlist proof does not prove `(account, cap)`.
    #[derive(Debug)]
    error NotAllowlisted(address account, uint256 cap);
    /// The ETH sent is not what the deposit needs (`amount` for an ETH sale, 0 for an ERC-20 one).
    #[derive(Debug)]
    error WrongValue(uint256 expected, uint256 sent);
    /// The currency delivered `received` for a transfer of `amount` (fee-on-transfer tokens are
    /// refused).
    #[derive(Debug)]
    error FeeOnTransferCurrency(uint256 amount, uint256 received);
    /// The currency's `transferFrom` failed (allowance, balance, or a failing token).
    #[derive(Debug)]
    error CurrencyTransferFailed(address from, uint256 amount);
    /// The sale has not ended yet; it ends at `end`.
    #[derive(Debug)]
    error SaleNotEnded(uint64 end);
    /// `finalize` ran already.
    #[derive(Debug)]
    error AlreadyFinalized();
    /// `account` has nothing in this sale.
    #[derive(Debug)]
    error NothingToClaim(address account);
    /// `account` claimed already.
    #[derive(Debug)]
    error AlreadyClaimed(address account);
    /// Tokens, refunds and revenue cannot go to the zero address.
    #[derive(Debug)]
    error InvalidRecipient();
    /// `claim`, `distribute`, `deposit`, `finalize` or `collectRevenue` was re-entered.
    #[derive(Debug)]
    error ReentrantCall();
    /// Sending `amount` wei to `to` failed.
    #[derive(Debug)]
    error EthTransferFailed(address to, uint256 amount);
    /// Sending `amount` of `asset` (the token or the currency) to `to` failed.
    #[derive(Debug)]
    error TransferFailed(address asset, address to, uint256 amount);
    /// ETH from `from`: the sale only takes deposits through `deposit` and revenue from its token.
    #[derive(Debug)]
    error UnexpectedEth(address from);
    /// Only the sale's creator may cancel it, and only before it starts.
    #[derive(Debug)]
    error CannotCancel(address account, uint8 state);
    /// An amount does not fit the sale's 128-bit accounting.
    #[derive(Debug)]
    error AccountingOverflow();
}

/// Every error of the sale, each a named Solidity error.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`AlreadyInitialized`].
    AlreadyInitialized(AlreadyInitialized),
    /// See [`NotAClone`].
    NotAClone(NotAClone),
    /// See [`NotInitialized`].
    NotInitialized(NotInitialized),
    /// See [`InvalidSchedule`].
    InvalidSchedule(InvalidSchedule),
    /// See [`InvalidTarget`].
    InvalidTarget(InvalidTarget),
    /// See [`InvalidAmount`].
    InvalidAmount(InvalidAmount),
    /// See [`InvalidAddress`].
    InvalidAddress(InvalidAddress),
    /// See [`InvalidLiquidity`].
    InvalidLiquidity(InvalidLiquidity),
    /// See [`InvalidGrants`].
    InvalidGrants(InvalidGrants),
    /// See [`SaleNotFunded`].
    SaleNotFunded(SaleNotFunded),
    /// See [`UnsupportedClaimWindow`].
    UnsupportedClaimWindow(UnsupportedClaimWindow),
    /// See [`SaleNotActive`].
    SaleNotActive(SaleNotActive),
    /// See [`DepositBelowMinimum`].
    DepositBelowMinimum(DepositBelowMinimum),
    /// See [`DepositOverCap`].
    DepositOverCap(DepositOverCap),
    /// See [`NotAllowlisted`].
    NotAllowlisted(NotAllowlisted),
    /// See [`WrongValue`].
    WrongValue(WrongValue),
    /// See [`FeeOnTransferCurrency`].
    FeeOnTransferCurrency(FeeOnTransferCurrency),
    /// See [`CurrencyTransferFailed`].
    CurrencyTransferFailed(CurrencyTransferFailed),
    /// See [`SaleNotEnded`].
    SaleNotEnded(SaleNotEnded),
    /// See [`AlreadyFinalized`].
    AlreadyFinalized(AlreadyFinalized),
    /// See [`NothingToClaim`].
    NothingToClaim(NothingToClaim),
    /// See [`AlreadyClaimed`].
    AlreadyClaimed(AlreadyClaimed),
    /// See [`InvalidRecipient`].
    InvalidRecipient(InvalidRecipient),
    /// See [`ReentrantCall`].
    ReentrantCall(ReentrantCall),
    /// See [`EthTransferFailed`].
    EthTransferFailed(EthTransferFailed),
    /// See [`TransferFailed`].
    TransferFailed(TransferFailed),
    /// See [`UnexpectedEth`].
    UnexpectedEth(UnexpectedEth),
    /// See [`CannotCancel`].
    CannotCancel(CannotCancel),
    /// See [`AccountingOverflow`].
    AccountingOverflow(AccountingOverflow),
}

/// [`Error::AccountingOverflow`].
pub(crate) fn overflow() -> Error {
    Error::AccountingOverflow(AccountingOverflow {})
}

/// [`Error::InvalidAmount`].
pub(crate) fn invalid_amount(amount: alloy_primitives::U256) -> Error {
    Error::InvalidAmount(InvalidAmount { amount })
}

/// [`Error::InvalidAddress`].
pub(crate) fn invalid_address(account: alloy_primitives::Address) -> Error {
    Error::InvalidAddress(InvalidAddress { account })
}

impl From<InitError> for Error {
    fn from(value: InitError) -> Self {
        match value {
            InitError::AlreadyInitialized => Error::AlreadyInitialized(AlreadyInitialized {}),
            InitError::Implementation => Error::NotAClone(NotAClone {}),
        }
    }
}
