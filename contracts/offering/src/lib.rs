//! The sale that funds an AI model: one Initial Model Offering per contract, on Arbitrum Stylus.
//!
//! Buyers deposit the raise currency (ETH, or an ERC-20 whose received amount is measured, so
//! fee-on-transfer tokens are refused) while the sale is active. After its end anyone finalizes
//! it: it succeeded when the deposits reached the minimum raise. Each buyer then claims once, for
//! itself or another address: its tokens at the sale price (pro rata when oversubscribed), the
//! unused part of its deposit (all of it when the sale failed), and the revenue its tokens earned
//! while the sale held them. Anyone distributes the proceeds to the treasury, the liquidity share
//! to its recipient, the grants to their vesting contracts, the unsold tokens to the treasury, and,
//! once every buyer has claimed, the rounding dust. Pull payments only: no loop over buyers, and
//! one buyer that cannot take a payment blocks nobody else. See `shared/spec/offering.md` and this
//! crate's README.
//!
//! The sale is an EIP-1167 clone of a deployed implementation, created and initialized by the
//! launchpad in one transaction ([`imo_common::clone`]): `initialize` replaces the constructor and
//! the implementation itself can never be initialized.
//!
//! Revenue follows allocation: the sale holds the buyers' tokens until they claim, so the
//! RevShare token's snapshots pay the sale. The sale claims every snapshot it holds tokens in (on
//! each claim and distribution, or through `collectRevenue`) and adds `amount * 1e18 / balance` to
//! a revenue-per-token accumulator; a buyer receives `tokens * accumulator / 1e18` when it claims,
//! the treasury the same for the tokens that were never sold (and the liquidity and grant tokens
//! until they leave).
//!
//! The contract is built with the SDK's `reentrant` feature (the token pays the revenue into
//! `receive()` while the sale claims it, and a clone runs the code by delegate call); every
//! state-changing entry point takes a lock and writes its effects before any transfer.
//!
//! This file is the ABI router; the logic is in one module per concern: [`setup`]
//! (initialization, parameters, cancellation), [`deposits`], [`settlement`] (state, outcome),
//! [`claims`], [`distribution`], [`revenue`], [`transfers`], [`allocation`] (the arithmetic),
//! [`errors`] and [`events`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// `#[entrypoint]` emits undocumented fns for wasm and under `export-abi`.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
#![deny(rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod allocation;
pub mod claims;
pub mod deposits;
pub mod distribution;
pub mod errors;
pub mod events;
pub mod revenue;
pub mod settlement;
pub mod setup;
pub mod transfers;

#[cfg(test)]
mod tests;

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::{
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageBool, StorageMap, StorageU128, StorageU16, StorageU64,
        StorageU8, StorageVec,
    },
};

pub use allocation::Terms;
pub use errors::*;
pub use events::*;

/// `parameters()`: `(token, currency, treasury, creator, start, end, target, minimum,
/// tokensForSale, minDeposit, maxPerAddress, allowlistRoot, liquidityRecipient, liquidityBps)`.
pub type Parameters = (
    Address,
    Address,
    Address,
    Address,
    u64,
    u64,
    U256,
    U256,
    U256,
    U256,
    U256,
    B256,
    Address,
    u16,
);

/// `state()`: before the start.
pub const PENDING: u8 = 0;
/// `state()`: taking deposits, in `[start, end)`.
pub const ACTIVE: u8 = 1;
/// `state()`: past the end, not finalized yet.
pub const ENDED: u8 = 2;
/// `state()`: finalized, the minimum was raised.
pub const SUCCEEDED: u8 = 3;
/// `state()`: finalized, the minimum was missed (or the sale was canceled before its start).
pub const FAILED: u8 = 4;

/// The revenue accumulator's unit: revenue per token is kept in wei per `10^18` token units.
pub const REVENUE_SCALE: u128 = 1_000_000_000_000_000_000;

/// The most snapshots the sale's token may keep claimable (`claimWindow`): collecting revenue
/// looks at each of them once per call.
pub const MAX_CLAIM_WINDOW: u64 = 16;

/// The most vesting grants a sale funds.
pub const MAX_GRANTS: usize = 2;

/// A buyer (one slot).
#[storage]
pub struct Buyer {
    /// The currency it deposited.
    pub(crate) deposit: StorageU128,
    /// Whether it claimed.
    pub(crate) claimed: StorageBool,
}

/// A vesting grant the sale funds when it succeeds (two slots).
#[storage]
pub struct Grant {
    /// The grant's vesting contract.
    pub(crate) vesting: StorageAddress,
    /// Its tokens.
    pub(crate) amount: StorageU128,
}

/// The sale. Slot by slot: see the crate README.
#[entrypoint]
#[storage]
pub struct Sale {
    // Slot 0: read by every entry point.
    pub(crate) token: StorageAddress,
    pub(crate) initialized: StorageBool,
    pub(crate) locked: StorageBool,
    pub(crate) outcome: StorageU8,
    pub(crate) distributed: StorageBool,
    pub(crate) liquidity_bps: StorageU16,
    // Slots 1 to 4: addresses with the schedule and the revenue cursor.
    pub(crate) currency: StorageAddress,
    pub(crate) start: StorageU64,
    pub(crate) treasury: StorageAddress,
    pub(crate) end: StorageU64,
    pub(crate) creator: StorageAddress,
    pub(crate) next_snapshot: StorageU64,
    pub(crate) liquidity_recipient: StorageAddress,
    // Slots 5 to 8: the terms.
    pub(crate) target: StorageU128,
    pub(crate) minimum: StorageU128,
    pub(crate) tokens_for_sale: StorageU128,
    pub(crate) min_deposit: StorageU128,
    pub(crate) max_per_address: StorageU128,
    pub(crate) grant_total: StorageU128,
    pub(crate) allowlist_root: StorageB256,
    // Slots 9 to 13: the accounting.
    pub(crate) total_deposits: StorageU128,
    pub(crate) claimed_deposits: StorageU128,
    pub(crate) revenue_per_token: StorageU128,
    pub(crate) revenue_collected: StorageU128,
    pub(crate) revenue_paid: StorageU128,
    pub(crate) tokens_claimed: StorageU128,
    pub(crate) refunds_paid: StorageU128,
    pub(crate) proceeds_paid: StorageU128,
    pub(crate) currency_swept: StorageU128,
    pub(crate) grants: StorageVec<Grant>,
    pub(crate) buyers: StorageMap<Address, Buyer>,
}

#[public]
impl Sale {
    /// Sets up the sale, once, on a clone that already holds its tokens.
    ///
    /// # Arguments
    ///
    /// * `token` - The RevShare token sold; its `claimWindow()` must be at most
    ///   [`MAX_CLAIM_WINDOW`].
    /// * `currency` - The raise currency: zero for ETH, or an ERC-20 (not the token).
    /// * `treasury` - Receives the proceeds, the unsold tokens and the dust (for an IMO: the
    ///   model's governor).
    /// * `creator` - May cancel the sale before it starts (zero: nobody).
    /// * `start`, `end` - Deposits are taken in `[start, end)`.
    /// * `target` - `T`, the most the sale keeps (> 0); `minimum` - `S <= T`.
    /// * `tokens_for_sale` - `A`, the tokens sold for `T` (> 0).
    /// * `min_deposit` - The least one deposit may be.
    /// * `max_per_address` - Cap on one address's deposits, 0 for none (ignored with an
    ///   allowlist, whose leaves carry each address's cap).
    /// * `allowlist_root` - Merkle root of the `(address, cap)` allowlist, zero for none
    ///   (OpenZeppelin's standard tree: leaf `keccak256(keccak256(abi.encode(account, cap)))`,
    ///   sorted pairs).
    /// * `liquidity_recipient`, `liquidity_bps` - Share of the proceeds, with tokens at the sale
    ///   price, for a liquidity pool (0 bps: none).
    /// * `grants`, `grant_amounts` - Up to two vesting contracts and their tokens, funded only if
    ///   the sale succeeds.
    ///
    /// The sale must already hold `A + liquidity tokens + Σ grants` of `token`.
    ///
    /// # Errors
    ///
    /// * [`Error::NotAClone`], [`Error::AlreadyInitialized`].
    /// * [`Error::InvalidAddress`], [`Error::InvalidSchedule`], [`Error::InvalidTarget`],
    ///   [`Error::InvalidAmount`], [`Error::InvalidLiquidity`], [`Error::InvalidGrants`],
    ///   [`Error::UnsupportedClaimWindow`], [`Error::SaleNotFunded`].
    ///
    /// # Events
    ///
    /// * [`SaleInitialized`].
    #[allow(clippy::too_many_arguments)]
    pub fn initialize(
        &mut self,
        token: Address,
        currency: Address,
        treasury: Address,
        creator: Address,
        start: u64,
        end: u64,
        target: U256,
        minimum: U256,
        tokens_for_sale: U256,
        min_deposit: U256,
        max_per_address: U256,
        allowlist_root: B256,
        liquidity_recipient: Address,
        liquidity_bps: u16,
        grants: Vec<Address>,
        grant_amounts: Vec<U256>,
    ) -> Result<(), Error> {
        let params = setup::Params {
            token,
            currency,
            treasury,
            creator,
            start,
            end,
            target,
            minimum,
            tokens_for_sale,
            min_deposit,
            max_per_address,
            allowlist_root,
            liquidity_recipient,
            liquidity_bps,
        };
        self.init(&params, &grants, &grant_amounts)
    }

    /// Deposits `amount` of the currency (send exactly `amount` wei for an ETH sale; approve the
    /// sale for an ERC-20 one). Not with an allowlist: use the overload with a proof.
    ///
    /// # Errors
    ///
    /// * [`Error::SaleNotActive`], [`Error::DepositBelowMinimum`], [`Error::DepositOverCap`],
    ///   [`Error::NotAllowlisted`], [`Error::WrongValue`], [`Error::CurrencyTransferFailed`],
    ///   [`Error::FeeOnTransferCurrency`], [`Error::ReentrantCall`],
    ///   [`Error::AccountingOverflow`], [`Error::NotInitialized`].
    ///
    /// # Events
    ///
    /// * [`Deposited`].
    #[payable]
    pub fn deposit(&mut self, amount: U256) -> Result<(), Error> {
        self.guarded(|sale| sale.take_deposit(amount, None))
    }

    /// Deposits `amount` as an allowlisted address whose cap is `cap`, proven by `proof`.
    ///
    /// # Errors
    ///
    /// As [`Self::deposit`].
    #[payable]
    #[selector(name = "deposit")]
    pub fn deposit_allowlisted(
        &mut self,
        amount: U256,
        cap: U256,
        proof: Vec<B256>,
    ) -> Result<(), Error> {
        self.guarded(|sale| sale.take_deposit(amount, Some((cap, &proof))))
    }

    /// Fixes the outcome once the sale has ended (anyone; the first claim or distribution does
    /// it too). Moves no funds. Returns the outcome ([`SUCCEEDED`] or [`FAILED`]).
    ///
    /// # Errors
    ///
    /// * [`Error::SaleNotEnded`], [`Error::AlreadyFinalized`], [`Error::ReentrantCall`],
    ///   [`Error::NotInitialized`].
    ///
    /// # Events
    ///
    /// * [`Finalized`].
    pub fn finalize(&mut self) -> Result<u8, Error> {
        self.guarded(|sale| {
            if sale.outcome.get() != 0 {
                return Err(Error::AlreadyFinalized(AlreadyFinalized {}));
            }
            sale.settle()
        })
    }

    /// Pays the caller's tokens, refund and revenue to `to`, once. Returns
    /// `(tokens, refund, revenue)`.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidRecipient`], [`Error::SaleNotEnded`], [`Error::NothingToClaim`],
    ///   [`Error::AlreadyClaimed`], [`Error::TransferFailed`], [`Error::EthTransferFailed`] (the
    ///   claim waits: claim again, or to another address), [`Error::ReentrantCall`],
    ///   [`Error::NotInitialized`].
    ///
    /// # Events
    ///
    /// * [`Claimed`], and [`Finalized`] / [`RevenueCollected`] on the way.
    pub fn claim(&mut self, to: Address) -> Result<(U256, U256, U256), Error> {
        self.guarded(|sale| sale.claim_to(to))
    }

    /// Pays the treasury, the liquidity recipient and the grants what is theirs (anyone; does
    /// what has not been done yet, so calling it again is harmless), and once every buyer has
    /// claimed, sweeps the dust to the treasury.
    ///
    /// # Errors
    ///
    /// * [`Error::SaleNotEnded`], [`Error::TransferFailed`], [`Error::EthTransferFailed`],
    ///   [`Error::ReentrantCall`], [`Error::NotInitialized`].
    ///
    /// # Events
    ///
    /// * [`Distributed`], [`LiquidityFunded`], [`GrantFunded`], [`DustSwept`].
    pub fn distribute(&mut self) -> Result<(), Error> {
        self.guarded(Self::distribute_all)
    }

    /// Collects the revenue of every final snapshot still claimable from the token (anyone; the
    /// sale does it on every claim and distribution). Returns the wei collected.
    ///
    /// # Errors
    ///
    /// * [`Error::ReentrantCall`], [`Error::NotInitialized`].
    ///
    /// # Events
    ///
    /// * [`RevenueCollected`] per snapshot that paid.
    pub fn collect_revenue(&mut self) -> Result<U256, Error> {
        self.guarded(|sale| Ok(sale.collect()))
    }

    /// Cancels the sale before it starts (creator only): it fails with no deposits, and
    /// `distribute` returns every token to the treasury.
    ///
    /// # Errors
    ///
    /// * [`Error::CannotCancel`], [`Error::ReentrantCall`], [`Error::NotInitialized`].
    ///
    /// # Events
    ///
    /// * [`Canceled`], [`Finalized`].
    pub fn cancel(&mut self) -> Result<(), Error> {
        self.guarded(Self::cancel_sale)
    }

    /// Takes the revenue the token pays while the sale claims a snapshot; refuses any other ETH.
    ///
    /// # Errors
    ///
    /// * [`Error::UnexpectedEth`].
    #[receive]
    #[payable]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(self.accept_revenue()?)
    }

    /// [`PENDING`], [`ACTIVE`], [`ENDED`], [`SUCCEEDED`] or [`FAILED`].
    pub fn state(&self) -> u8 {
        self.current_state()
    }

    /// `(token, currency, treasury, creator, start, end, target, minimum, tokensForSale,
    /// minDeposit, maxPerAddress, allowlistRoot, liquidityRecipient, liquidityBps)`.
    pub fn parameters(&self) -> Parameters {
        self.parameter_values()
    }

    /// The grants' vesting contracts and amounts (zero where there is no grant). Fixed-size
    /// arrays: the SDK encodes a returned tuple with a dynamic member as one tuple value (a
    /// leading offset), not as Solidity's return parameters.
    pub fn grants(&self) -> ([Address; 2], [U256; 2]) {
        self.grant_list()
    }

    /// The total deposited, `D`.
    pub fn total_deposits(&self) -> U256 {
        self.total()
    }

    /// What `account` deposited.
    pub fn deposit_of(&self, account: Address) -> U256 {
        self.deposit_of_buyer(account)
    }

    /// Whether `account` claimed.
    pub fn has_claimed(&self, account: Address) -> bool {
        self.buyers.getter(account).claimed.get()
    }

    /// What `claim` would pay `account` now: `(tokens, refund, revenue)`, with the revenue of
    /// snapshots not yet collected; before the end, as if the sale ended now. Zeros after its
    /// claim.
    pub fn preview_claim(&self, account: Address) -> (U256, U256, U256) {
        self.preview(account)
    }

    /// `(claimedDeposits, tokensClaimed, refundsPaid, proceedsPaid, currencySwept,
    /// revenuePerToken, revenueCollected, revenuePaid, nextSnapshot)`: the sale's books.
    #[allow(clippy::type_complexity)]
    pub fn accounting(&self) -> (U256, U256, U256, U256, U256, U256, U256, U256, u64) {
        self.books()
    }
}
