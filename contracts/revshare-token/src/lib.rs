//! The RevShare token of an AI model: an ERC-7641 Intrinsic RevShare Token
//! (ERC-20 + metadata + EIP-2612 permit + ERC-165) on Arbitrum Stylus.
//!
//! Periodic snapshots freeze balances and split the ETH revenue that arrived
//! since the previous snapshot into a part claimable pro rata by the
//! snapshot's holders (`claimableBps`) and a redeem pool that any holder can
//! draw from by burning tokens. Revenue is any ETH the contract holds that is
//! not reserved: deposits through `receive()` / `depositRevenue()`, fees swept
//! from the AI Oracle (`claimModelRevenue`) at each snapshot, and ETH forced
//! in. See `shared/spec/erc7641.md` and this crate's README for the economics.
//!
//! The contract is built with the SDK's `reentrant` feature (the oracle pays
//! the sweep back into the token while `snapshot()` runs), so it protects its
//! own state: a reentrancy lock around `claim`, `claimBatch`, `burn` and
//! `snapshot`, and checks-effects-interactions on every ETH transfer.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

pub mod checkpoints;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, B256, U128, U16, U256, U32, U64, U8};
use alloy_sol_types::SolEvent;
use imo_common::interfaces::IAIOracle;
use openzeppelin_stylus::{
    access::ownable::{self, IOwnable, Ownable},
    token::erc20::{
        self,
        extensions::{
            metadata::DEFAULT_DECIMALS, permit, Erc20Permit, IErc20Metadata, IErc20Permit,
        },
        Erc20, IErc20,
    },
    utils::{
        cryptography::eip712::IEip712,
        introspection::erc165::IErc165,
        nonces::{INonces, Nonces},
        structs::bitmap::BitMap,
    },
};
#[allow(deprecated)]
use stylus_sdk::call::Call;
use stylus_sdk::{
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageBool, StorageMap, StorageU128, StorageU16, StorageU256,
        StorageU32, StorageU64, StorageU8,
    },
};

use crate::checkpoints::Checkpoints;

/// Denominator of `claimableBps`.
pub const BPS: u16 = 10_000;

/// At most this many revenue sources `(oracle, modelId)` are swept by
/// `snapshot()`.
pub const MAX_REVENUE_SOURCES: u64 = 4;

/// ERC-165 id of IERC7641's own five functions (XOR of their selectors).
pub const IERC7641_INTERFACE_ID: [u8; 4] = [0xed, 0x7b, 0x2e, 0x4e];

pub use sol::*;
#[allow(missing_docs)]
mod sol {
    use alloy_sol_types::sol;

    sol! {
        /// ETH arrived through `receive()` or `depositRevenue()`.
        #[derive(Debug)]
        event RevenueReceived(address indexed from, uint256 amount);
        /// Snapshot `id` was taken: `claimable` wei are claimable by its
        /// holders (new revenue share + rollover), `toRedeemPool` wei went to
        /// the redeem pool.
        #[derive(Debug)]
        event Snapshot(uint256 indexed id, uint256 claimable, uint256 toRedeemPool);
        /// `account` claimed `amount` wei of snapshot `snapshotId`.
        #[derive(Debug)]
        event RevenueClaimed(address indexed account, uint256 indexed snapshotId, uint256 amount);
        /// `account` burned `burned` tokens and was paid `paid` wei.
        #[derive(Debug)]
        event Redeemed(address indexed account, uint256 burned, uint256 paid);
        /// The owner registered a revenue source.
        #[derive(Debug)]
        event RevenueSourceAdded(address indexed oracle, uint256 indexed modelId);
        /// The owner removed a revenue source.
        #[derive(Debug)]
        event RevenueSourceRemoved(address indexed oracle, uint256 indexed modelId);
        /// `claimModelRevenue(modelId)` on `oracle` reverted during a
        /// snapshot; the snapshot went on without it.
        #[derive(Debug)]
        event RevenueSourceFailed(address indexed oracle, uint256 indexed modelId);
    }

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
    }
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
    /// ERC-20: the sender's balance is too low.
    InsufficientBalance(erc20::ERC20InsufficientBalance),
    /// ERC-20: invalid sender (zero address).
    InvalidSender(erc20::ERC20InvalidSender),
    /// ERC-20: invalid receiver (zero address).
    InvalidReceiver(erc20::ERC20InvalidReceiver),
    /// ERC-20: allowance too low.
    InsufficientAllowance(erc20::ERC20InsufficientAllowance),
    /// ERC-20: invalid spender (zero address).
    InvalidSpender(erc20::ERC20InvalidSpender),
    /// ERC-20: invalid approver (zero address).
    InvalidApprover(erc20::ERC20InvalidApprover),
    /// Ownable: the caller is not the owner.
    UnauthorizedAccount(ownable::OwnableUnauthorizedAccount),
    /// Ownable: invalid owner (zero address).
    InvalidOwner(ownable::OwnableInvalidOwner),
}

impl From<erc20::Error> for Error {
    fn from(value: erc20::Error) -> Self {
        match value {
            erc20::Error::InsufficientBalance(e) => Error::InsufficientBalance(e),
            erc20::Error::InvalidSender(e) => Error::InvalidSender(e),
            erc20::Error::InvalidReceiver(e) => Error::InvalidReceiver(e),
            erc20::Error::InsufficientAllowance(e) => Error::InsufficientAllowance(e),
            erc20::Error::InvalidSpender(e) => Error::InvalidSpender(e),
            erc20::Error::InvalidApprover(e) => Error::InvalidApprover(e),
        }
    }
}

impl From<ownable::Error> for Error {
    fn from(value: ownable::Error) -> Self {
        match value {
            ownable::Error::UnauthorizedAccount(e) => Error::UnauthorizedAccount(e),
            ownable::Error::InvalidOwner(e) => Error::InvalidOwner(e),
        }
    }
}

fn overflow() -> Error {
    Error::AccountingOverflow(AccountingOverflow {})
}

/// A stored small integer (`u8` to `u64`: one limb).
fn small<const BITS: usize>(x: alloy_primitives::Uint<BITS, 1>) -> u64 {
    x.as_limbs()[0]
}

/// A stored 128-bit amount as a native `u128`.
fn get128(x: U128) -> u128 {
    let l = x.as_limbs();
    u128::from(l[0]) | (u128::from(l[1]) << 64)
}

/// A native `u128` for 128-bit storage.
fn put128(x: u128) -> U128 {
    U128::from_limbs([x as u64, (x >> 64) as u64])
}

/// A 256-bit value as `u128`, saturating. Token amounts never exceed
/// `u128::MAX` (the constructor caps the supply) and ETH amounts are far
/// below it.
fn to128(x: U256) -> u128 {
    let l = x.as_limbs();
    if l[2] != 0 || l[3] != 0 {
        return u128::MAX;
    }
    u128::from(l[0]) | (u128::from(l[1]) << 64)
}

/// Packs a string of at most 31 bytes into one word: the bytes, then the
/// length in the last byte (like OpenZeppelin's Solidity `ShortString`).
///
/// OpenZeppelin's `Erc20Metadata` keeps name and symbol in `StorageString`s,
/// whose code (with a 256-bit division it pulls in) costs about 8 KB of WASM;
/// this contract cannot afford that under the 24 KB limit, so it implements
/// `IErc20Metadata` over two packed slots instead.
fn short_string(s: &str) -> Result<B256, Error> {
    let bytes = s.as_bytes();
    if bytes.len() > 31 {
        return Err(Error::InvalidMetadata(InvalidMetadata {}));
    }
    let mut word = B256::ZERO;
    word[..bytes.len()].copy_from_slice(bytes);
    word[31] = bytes.len() as u8;
    Ok(word)
}

/// Unpacks a string packed by [`short_string`].
fn from_short_string(word: B256) -> String {
    let len = usize::from(word[31]).min(31);
    String::from_utf8(word[..len].to_vec()).unwrap_or_default()
}

/// A snapshot id from the ABI, if it fits the `u64` ids used in storage.
fn id_from(snapshot_id: U256) -> Option<u64> {
    let l = snapshot_id.as_limbs();
    if l[1] != 0 || l[2] != 0 || l[3] != 0 {
        return None;
    }
    Some(l[0])
}

/// `a * b / d` rounded down, with a 256-bit intermediate product; `None`
/// when `d` is 0 or the quotient does not fit 128 bits.
///
/// Written with native 64/128-bit operations: ruint's general 256-bit
/// division costs about 4 KB of WASM, which this contract cannot afford.
/// Binary long division over the 256 bits of the product: a few hundred
/// cheap instructions, a negligible amount of ink.
pub fn mul_div(a: u128, b: u128, d: u128) -> Option<u128> {
    if d == 0 {
        return None;
    }
    // 128 x 128 -> 256-bit product as (hi, lo).
    let (a0, a1) = (a as u64 as u128, a >> 64);
    let (b0, b1) = (b as u64 as u128, b >> 64);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 as u64 as u128) + (p10 as u64 as u128);
    let lo = (p00 as u64 as u128) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    if hi >= d {
        return None;
    }
    // Long division of (hi, lo) by d; the remainder starts at hi < d.
    let mut remainder = hi;
    let mut quotient = 0u128;
    for i in (0..128).rev() {
        let carry = remainder >> 127;
        remainder = (remainder << 1) | ((lo >> i) & 1);
        if carry == 1 || remainder >= d {
            remainder = remainder.wrapping_sub(d);
            quotient |= 1 << i;
        }
    }
    Some(quotient)
}

/// EIP-712 domain of `permit`: name "IMO RevShare Token", version "1", the
/// chain id and this contract's address.
#[storage]
pub struct Eip712 {}

impl IEip712 for Eip712 {
    const NAME: &'static str = "IMO RevShare Token";
    const VERSION: &'static str = "1";
}

/// Revenue assigned to one snapshot (one storage slot).
#[storage]
pub struct SnapshotRevenue {
    /// Wei claimable by the snapshot's holders (new share + rollover).
    claimable: StorageU128,
    /// Wei already claimed.
    claimed: StorageU128,
}

/// The RevShare token.
#[entrypoint]
#[storage]
pub struct RevShareToken {
    erc20: Erc20,
    // ERC-20 name and symbol, each packed in one slot (see `short_string`).
    name: StorageB256,
    symbol: StorageB256,
    nonces: Nonces,
    permit: Erc20Permit<Eip712>,
    ownable: Ownable,
    // One packed slot, read by every transfer / claim / burn / snapshot.
    current_snapshot_id: StorageU64,
    last_snapshot_timestamp: StorageU64,
    snapshot_interval: StorageU64,
    claim_window: StorageU32,
    claimable_bps: StorageU16,
    locked: StorageBool,
    source_count: StorageU8,
    // One packed slot: the unclaimed part of the open snapshots, and the
    // redeem pool.
    reserved: StorageU128,
    redeem_pool: StorageU128,
    // What burners took from the redeem share of revenue that arrived since
    // the last snapshot.
    taken_from_pending: StorageU128,
    snapshots: StorageMap<u64, SnapshotRevenue>,
    balance_records: StorageMap<Address, Checkpoints>,
    supply_records: Checkpoints,
    claimed: StorageMap<Address, BitMap>,
    source_oracles: StorageMap<u64, StorageAddress>,
    source_models: StorageMap<u64, StorageU256>,
}

#[public]
#[implements(
    IErc20<Error = erc20::Error>,
    IErc20Metadata,
    IErc20Permit<Error = permit::Error>,
    INonces,
    IOwnable,
    IErc165
)]
impl RevShareToken {
    /// Mints the whole fixed supply to `initial_holder` and sets the
    /// revenue-share parameters.
    ///
    /// # Arguments
    ///
    /// * `name`, `symbol` - ERC-20 metadata (18 decimals).
    /// * `initial_supply` - The fixed supply, at most `2^128 - 1`.
    /// * `initial_holder` - Receives the supply.
    /// * `claimable_bps` - Share of new revenue claimable by holders, 0..=10000.
    /// * `snapshot_interval` - Minimum seconds between snapshots (may be 0).
    /// * `claim_window` - Number of newest snapshots that stay claimable, >= 1.
    /// * `owner` - Manages the revenue sources.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidClaimableBps`], [`Error::InvalidClaimWindow`],
    ///   [`Error::InvalidInitialSupply`] on bad parameters.
    /// * [`Error::InvalidReceiver`] if `initial_holder` is zero.
    /// * [`Error::InvalidOwner`] if `owner` is zero.
    ///
    /// # Events
    ///
    /// * `Transfer(0, initial_holder, initial_supply)`, `OwnershipTransferred`.
    #[constructor]
    #[allow(clippy::too_many_arguments)]
    pub fn constructor(
        &mut self,
        name: String,
        symbol: String,
        initial_supply: U256,
        initial_holder: Address,
        claimable_bps: u16,
        snapshot_interval: u64,
        claim_window: u32,
        owner: Address,
    ) -> Result<(), Error> {
        if claimable_bps > BPS {
            return Err(Error::InvalidClaimableBps(InvalidClaimableBps {
                claimableBps: claimable_bps,
            }));
        }
        if claim_window == 0 {
            return Err(Error::InvalidClaimWindow(InvalidClaimWindow {}));
        }
        if initial_supply > U256::from(u128::MAX) {
            return Err(Error::InvalidInitialSupply(InvalidInitialSupply {
                initialSupply: initial_supply,
            }));
        }
        self.name.set(short_string(&name)?);
        self.symbol.set(short_string(&symbol)?);
        self.ownable.constructor(owner)?;
        self.erc20._mint(initial_holder, initial_supply)?;
        self.claimable_bps
            .set(U16::from_limbs([u64::from(claimable_bps)]));
        self.snapshot_interval
            .set(U64::from_limbs([snapshot_interval]));
        self.claim_window
            .set(U32::from_limbs([u64::from(claim_window)]));
        Ok(())
    }

    /// Accepts ETH sent with no call data as revenue.
    ///
    /// Works while `snapshot()` runs (the oracle's sweep pays through here).
    ///
    /// # Events
    ///
    /// * [`RevenueReceived`].
    #[receive]
    #[payable]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        self.emit_received();
        Ok(())
    }

    /// Deposits the attached ETH as revenue.
    ///
    /// # Events
    ///
    /// * [`RevenueReceived`].
    #[payable]
    pub fn deposit_revenue(&mut self) {
        self.emit_received();
    }

    /// Wei `account` can claim from snapshot `snapshot_id` now: 0 if already
    /// claimed, outside the claim window, unknown, or the snapshot's supply
    /// is 0.
    ///
    /// # Arguments
    ///
    /// * `account` - The holder.
    /// * `snapshot_id` - The snapshot.
    pub fn claimable_revenue(&self, account: Address, snapshot_id: U256) -> U256 {
        self.claim_amount(account, snapshot_id)
            .map(|(_, amount)| U256::from(amount))
            .unwrap_or_default()
    }

    /// Pays the caller its share of snapshot `snapshot_id`.
    ///
    /// # Arguments
    ///
    /// * `snapshot_id` - The snapshot to claim.
    ///
    /// # Errors
    ///
    /// * [`Error::SnapshotNotClaimable`] - unknown or expired snapshot.
    /// * [`Error::AlreadyClaimed`] - the caller already claimed it.
    /// * [`Error::NothingToClaim`] - the caller's share is 0.
    /// * [`Error::ReentrantCall`] - called from inside `claim`, `claimBatch`,
    ///   `burn` or `snapshot`.
    /// * [`Error::EthTransferFailed`] - the caller did not accept the ETH.
    ///
    /// # Events
    ///
    /// * [`RevenueClaimed`].
    pub fn claim(&mut self, snapshot_id: U256) -> Result<(), Error> {
        self.enter()?;
        let result = self.claim_all(&[snapshot_id]);
        self.exit();
        result
    }

    /// Claims several snapshots in one transaction and pays their sum in one
    /// transfer. Reverts as a whole if any of them cannot be claimed.
    ///
    /// # Arguments
    ///
    /// * `snapshot_ids` - The snapshots to claim.
    ///
    /// # Errors
    ///
    /// The errors of [`Self::claim`], for the first failing id.
    ///
    /// # Events
    ///
    /// * One [`RevenueClaimed`] per snapshot.
    pub fn claim_batch(&mut self, snapshot_ids: Vec<U256>) -> Result<(), Error> {
        self.enter()?;
        let result = self.claim_all(&snapshot_ids);
        self.exit();
        result
    }

    /// Takes a new snapshot: sweeps the revenue sources, then assigns the
    /// revenue that arrived since the previous snapshot. Permissionless.
    ///
    /// # Errors
    ///
    /// * [`Error::SnapshotTooEarly`] - less than `snapshotInterval` seconds
    ///   since the previous snapshot.
    /// * [`Error::ReentrantCall`] - re-entered.
    ///
    /// # Events
    ///
    /// * [`Snapshot`]; [`RevenueSourceFailed`] for each source that reverted;
    ///   the sources' payments emit [`RevenueReceived`].
    pub fn snapshot(&mut self) -> Result<U256, Error> {
        self.enter()?;
        let result = self.take_snapshot();
        self.exit();
        result
    }

    /// Wei paid for burning `amount` tokens now: `amount / totalSupply` of
    /// the redeem pool plus `amount / totalSupply` of what is left of the
    /// redeem share of the revenue pending since the last snapshot.
    ///
    /// # Arguments
    ///
    /// * `amount` - Tokens to burn (capped at the total supply).
    pub fn redeemable_on_burn(&self, amount: U256) -> U256 {
        let supply = to128(self.erc20.total_supply());
        let (from_pool, from_pending) = self.redeem_parts(to128(amount).min(supply), supply);
        U256::from(from_pool.saturating_add(from_pending))
    }

    /// Burns `amount` of the caller's tokens and pays what they redeem.
    ///
    /// Burned tokens take no part in later snapshots; past snapshots still pay
    /// the burner for the balance it held then.
    ///
    /// # Arguments
    ///
    /// * `amount` - Tokens to burn.
    ///
    /// # Errors
    ///
    /// * [`Error::InsufficientBalance`] - the caller holds less.
    /// * [`Error::ReentrantCall`] - re-entered.
    /// * [`Error::EthTransferFailed`] - the caller did not accept the ETH.
    ///
    /// # Events
    ///
    /// * `Transfer(caller, 0, amount)`, [`Redeemed`].
    pub fn burn(&mut self, amount: U256) -> Result<(), Error> {
        self.enter()?;
        let result = self.burn_and_redeem(amount);
        self.exit();
        result
    }

    /// The newest snapshot id (0 before the first snapshot).
    pub fn current_snapshot_id(&self) -> U256 {
        U256::from(small(self.current_snapshot_id.get()))
    }

    /// `account`'s balance at snapshot `snapshot_id`.
    ///
    /// # Errors
    ///
    /// * [`Error::SnapshotNotFound`] - the id is 0 or in the future.
    pub fn balance_of_at(&self, account: Address, snapshot_id: U256) -> Result<U256, Error> {
        let id = self.existing_id(snapshot_id)?;
        Ok(self.balance_at(account, id))
    }

    /// The total supply at snapshot `snapshot_id`.
    ///
    /// # Errors
    ///
    /// * [`Error::SnapshotNotFound`] - the id is 0 or in the future.
    pub fn total_supply_at(&self, snapshot_id: U256) -> Result<U256, Error> {
        let id = self.existing_id(snapshot_id)?;
        Ok(self.supply_at(id))
    }

    /// Wei assigned to snapshot `snapshot_id` (0 for an unknown id).
    pub fn claimable_at(&self, snapshot_id: U256) -> U256 {
        id_from(snapshot_id)
            .map(|id| U256::from(get128(self.snapshots.getter(id).claimable.get())))
            .unwrap_or_default()
    }

    /// Wei claimed from snapshot `snapshot_id` so far.
    pub fn claimed_at(&self, snapshot_id: U256) -> U256 {
        id_from(snapshot_id)
            .map(|id| U256::from(get128(self.snapshots.getter(id).claimed.get())))
            .unwrap_or_default()
    }

    /// Wei received since the last snapshot and not yet assigned (net of what
    /// burners took from it).
    pub fn pending_revenue(&self) -> U256 {
        let (gross, taken) = self.pending_gross();
        U256::from(gross - taken)
    }

    /// Wei in the redeem pool.
    pub fn redeem_pool(&self) -> U256 {
        U256::from(get128(self.redeem_pool.get()))
    }

    /// Number of newest snapshots that are claimable.
    pub fn claim_window(&self) -> u32 {
        small(self.claim_window.get()) as u32
    }

    /// Share of new revenue assigned to claims, in basis points.
    pub fn claimable_bps(&self) -> u16 {
        small(self.claimable_bps.get()) as u16
    }

    /// Minimum seconds between two snapshots.
    pub fn snapshot_interval(&self) -> u64 {
        small(self.snapshot_interval.get())
    }

    /// Time of the last snapshot (0 before the first).
    pub fn last_snapshot_timestamp(&self) -> u64 {
        small(self.last_snapshot_timestamp.get())
    }

    /// The revenue sources swept by `snapshot()`, as `(oracle, modelId)` pairs.
    ///
    /// One array of pairs rather than two arrays: stylus-sdk 0.9 encodes a returned tuple with
    /// dynamic members as one tuple (an extra offset word), which Solidity callers expecting two
    /// return values would misread; a single dynamic return value encodes as Solidity does.
    pub fn revenue_sources(&self) -> Vec<(Address, U256)> {
        (0..self.source_count())
            .map(|i| (self.source_oracles.get(i), self.source_models.get(i)))
            .collect()
    }

    /// Registers `(oracle, model_id)` as a revenue source. Owner only.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - not the owner.
    /// * [`Error::InvalidRevenueSource`] - zero oracle address.
    /// * [`Error::RevenueSourceExists`] - already registered.
    /// * [`Error::TooManyRevenueSources`] - already [`MAX_REVENUE_SOURCES`].
    ///
    /// # Events
    ///
    /// * [`RevenueSourceAdded`].
    pub fn add_revenue_source(&mut self, oracle: Address, model_id: U256) -> Result<(), Error> {
        self.ownable.only_owner()?;
        if oracle.is_zero() {
            return Err(Error::InvalidRevenueSource(InvalidRevenueSource { oracle }));
        }
        if self.find_source(oracle, model_id).is_some() {
            return Err(Error::RevenueSourceExists(RevenueSourceExists {
                oracle,
                modelId: model_id,
            }));
        }
        let n = self.source_count();
        if n >= MAX_REVENUE_SOURCES {
            return Err(Error::TooManyRevenueSources(TooManyRevenueSources {
                max: U256::from(MAX_REVENUE_SOURCES),
            }));
        }
        self.source_oracles.setter(n).set(oracle);
        self.source_models.setter(n).set(model_id);
        self.source_count.set(U8::from_limbs([n + 1]));
        self.emit(
            &[
                RevenueSourceAdded::SIGNATURE_HASH,
                oracle.into_word(),
                model_id.into(),
            ],
            &[],
        );
        Ok(())
    }

    /// Removes the revenue source `(oracle, model_id)`. Owner only.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - not the owner.
    /// * [`Error::RevenueSourceNotFound`] - not registered.
    ///
    /// # Events
    ///
    /// * [`RevenueSourceRemoved`].
    pub fn remove_revenue_source(&mut self, oracle: Address, model_id: U256) -> Result<(), Error> {
        self.ownable.only_owner()?;
        let Some(index) = self.find_source(oracle, model_id) else {
            return Err(Error::RevenueSourceNotFound(RevenueSourceNotFound {
                oracle,
                modelId: model_id,
            }));
        };
        // Move the last source into the freed place.
        let last = self.source_count() - 1;
        let last_oracle = self.source_oracles.get(last);
        let last_model = self.source_models.get(last);
        self.source_oracles.setter(index).set(last_oracle);
        self.source_models.setter(index).set(last_model);
        self.source_oracles.delete(last);
        self.source_models.delete(last);
        self.source_count.set(U8::from_limbs([last]));
        self.emit(
            &[
                RevenueSourceRemoved::SIGNATURE_HASH,
                oracle.into_word(),
                model_id.into(),
            ],
            &[],
        );
        Ok(())
    }
}

impl RevShareToken {
    /// Emits [`RevenueReceived`] for the attached ETH. The accounting needs
    /// no write: revenue is measured from the contract's balance.
    fn emit_received(&mut self) {
        let from = self.vm().msg_sender();
        let amount = self.vm().msg_value();
        self.emit(
            &[RevenueReceived::SIGNATURE_HASH, from.into_word()],
            &[amount],
        );
    }

    /// Takes the reentrancy lock.
    fn enter(&mut self) -> Result<(), Error> {
        if self.locked.get() {
            return Err(Error::ReentrantCall(ReentrantCall {}));
        }
        self.locked.set(true);
        Ok(())
    }

    /// Releases the reentrancy lock.
    fn exit(&mut self) {
        self.locked.set(false);
    }

    /// The chain's clock (tests add an offset, since motsu's clock is fixed).
    fn now(&self) -> u64 {
        let now = self.vm().block_timestamp();
        #[cfg(test)]
        let now = now.saturating_add(tests::clock::offset());
        now
    }

    /// This contract's ETH balance.
    fn this_balance(&self) -> U256 {
        self.vm().balance(self.vm().contract_address())
    }

    fn current_id(&self) -> u64 {
        small(self.current_snapshot_id.get())
    }

    /// `snapshot_id` if it names a snapshot that exists.
    fn existing_id(&self, snapshot_id: U256) -> Result<u64, Error> {
        match id_from(snapshot_id) {
            Some(id) if id != 0 && id <= self.current_id() => Ok(id),
            _ => Err(Error::SnapshotNotFound(SnapshotNotFound {
                snapshotId: snapshot_id,
            })),
        }
    }

    fn balance_at(&self, account: Address, id: u64) -> U256 {
        self.balance_records
            .getter(account)
            .value_at(id)
            .unwrap_or_else(|| self.erc20.balance_of(account))
    }

    fn supply_at(&self, id: u64) -> U256 {
        self.supply_records
            .value_at(id)
            .unwrap_or_else(|| self.erc20.total_supply())
    }

    /// Records the balances of `from` and `to` (and nothing else) at the
    /// newest snapshot before a transfer of `value` changes them.
    fn before_transfer(&mut self, from: Address, to: Address, value: U256) {
        let id = self.current_id();
        if id == 0 || value.is_zero() {
            return;
        }
        for account in [from, to] {
            if !account.is_zero() {
                let balance = self.erc20.balance_of(account);
                self.balance_records.setter(account).record(id, balance);
            }
        }
    }

    /// Gross revenue pending since the last snapshot (including what burners
    /// already took from it) and what burners took. `gross >= taken`.
    fn pending_gross(&self) -> (u128, u128) {
        let taken = get128(self.taken_from_pending.get());
        let net = to128(self.this_balance())
            .saturating_sub(get128(self.reserved.get()))
            .saturating_sub(get128(self.redeem_pool.get()));
        (net.saturating_add(taken), taken)
    }

    /// The part of `gross` revenue assigned to claims (rounded down; the
    /// dust belongs to the redeem share).
    fn claim_part(&self, gross: u128) -> u128 {
        let bps = u128::from(small(self.claimable_bps.get()));
        // bps <= 10000, so the quotient is at most `gross`.
        mul_div(gross, bps, u128::from(BPS)).unwrap_or(0)
    }

    /// What burning `amount` of `supply` pays, from the redeem pool and from
    /// the redeem share of the pending revenue. `amount <= supply`.
    fn redeem_parts(&self, amount: u128, supply: u128) -> (u128, u128) {
        let pool = get128(self.redeem_pool.get());
        let (gross, taken) = self.pending_gross();
        let available = (gross - self.claim_part(gross)).saturating_sub(taken);
        // amount <= supply, so each quotient is at most its pool; 0 when the
        // supply is 0.
        (
            mul_div(amount, pool, supply).unwrap_or(0),
            mul_div(amount, available, supply).unwrap_or(0),
        )
    }

    /// The id and amount `account` may claim from `snapshot_id`.
    fn claim_amount(&self, account: Address, snapshot_id: U256) -> Result<(u64, u128), Error> {
        let current = self.current_id();
        let window = small(self.claim_window.get());
        let id = match id_from(snapshot_id) {
            Some(id) if id != 0 && id <= current && current - id < window => id,
            _ => {
                return Err(Error::SnapshotNotClaimable(SnapshotNotClaimable {
                    snapshotId: snapshot_id,
                }))
            }
        };
        if self.claimed.getter(account).get(U256::from(id)) {
            return Err(Error::AlreadyClaimed(AlreadyClaimed {
                account,
                snapshotId: snapshot_id,
            }));
        }
        let claimable = get128(self.snapshots.getter(id).claimable.get());
        // The balance at a snapshot is at most the supply then: the quotient
        // fits, and a zero supply (or nothing assigned) gives 0.
        let amount = mul_div(
            to128(self.balance_at(account, id)),
            claimable,
            to128(self.supply_at(id)),
        )
        .unwrap_or(0);
        if amount == 0 {
            return Err(Error::NothingToClaim(NothingToClaim {
                account,
                snapshotId: snapshot_id,
            }));
        }
        Ok((id, amount))
    }

    /// Claims `snapshot_ids` for the caller and pays the sum (effects first).
    fn claim_all(&mut self, snapshot_ids: &[U256]) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        let mut total = 0u128;
        let mut reserved = get128(self.reserved.get());
        for &snapshot_id in snapshot_ids {
            let (id, amount) = self.claim_amount(account, snapshot_id)?;
            self.claimed.setter(account).set(U256::from(id));
            let mut snapshot = self.snapshots.setter(id);
            let claimed = get128(snapshot.claimed.get())
                .checked_add(amount)
                .ok_or_else(overflow)?;
            snapshot.claimed.set(put128(claimed));
            reserved = reserved.checked_sub(amount).ok_or_else(overflow)?;
            total = total.checked_add(amount).ok_or_else(overflow)?;
            self.emit(
                &[
                    RevenueClaimed::SIGNATURE_HASH,
                    account.into_word(),
                    snapshot_id.into(),
                ],
                &[U256::from(amount)],
            );
        }
        self.reserved.set(put128(reserved));
        self.send(account, total)
    }

    /// Burns `amount` of the caller's tokens and pays the redeemed ETH.
    fn burn_and_redeem(&mut self, amount: U256) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        let supply = self.erc20.total_supply();
        let balance = self.erc20.balance_of(account);
        let id = self.current_id();
        if id != 0 && !amount.is_zero() {
            self.balance_records.setter(account).record(id, balance);
            self.supply_records.record(id, supply);
        }
        // Fails with ERC20InsufficientBalance when amount > balance, so below
        // amount <= balance <= supply <= u128::MAX.
        self.erc20._burn(account, amount)?;
        let (from_pool, from_pending) = self.redeem_parts(to128(amount), to128(supply));
        let pool = get128(self.redeem_pool.get())
            .checked_sub(from_pool)
            .ok_or_else(overflow)?;
        self.redeem_pool.set(put128(pool));
        if from_pending != 0 {
            let taken = get128(self.taken_from_pending.get())
                .checked_add(from_pending)
                .ok_or_else(overflow)?;
            self.taken_from_pending.set(put128(taken));
        }
        let paid = from_pool.checked_add(from_pending).ok_or_else(overflow)?;
        self.emit(
            &[Redeemed::SIGNATURE_HASH, account.into_word()],
            &[amount, U256::from(paid)],
        );
        self.send(account, paid)
    }

    /// Sweeps the revenue sources, then assigns the new revenue to snapshot
    /// `current + 1`.
    fn take_snapshot(&mut self) -> Result<U256, Error> {
        let now = self.now();
        let last = small(self.last_snapshot_timestamp.get());
        let interval = small(self.snapshot_interval.get());
        if now.saturating_sub(last) < interval {
            return Err(Error::SnapshotTooEarly(SnapshotTooEarly {
                nextAllowedAt: last.saturating_add(interval),
            }));
        }

        // Interactions first, under the lock: the oracles pay into
        // `receive()`, so their ETH is part of this snapshot's revenue.
        for i in 0..self.source_count() {
            let oracle = self.source_oracles.get(i);
            let model_id = self.source_models.get(i);
            #[allow(deprecated)]
            let ctx = Call::new_in(self);
            if IAIOracle::new(oracle)
                .claim_model_revenue(ctx, model_id)
                .is_err()
            {
                self.emit(
                    &[
                        RevenueSourceFailed::SIGNATURE_HASH,
                        oracle.into_word(),
                        model_id.into(),
                    ],
                    &[],
                );
            }
        }

        // Balance records keep 32-bit ids (over 4 billion snapshots).
        let id = self.current_id() + 1;
        if id > u64::from(u32::MAX) {
            return Err(overflow());
        }
        let (gross, taken) = self.pending_gross();
        let mut reserved = get128(self.reserved.get());

        // The snapshot leaving the claim window gives its unclaimed rest to
        // the new one.
        let window = small(self.claim_window.get());
        let rollover = if id > window {
            let expired = self.snapshots.getter(id - window);
            get128(expired.claimable.get()).saturating_sub(get128(expired.claimed.get()))
        } else {
            0
        };

        // What burners took came out of the redeem share, which is
        // `gross - new_claims >= taken`.
        let (claimable, to_pool) = if self.erc20.total_supply().is_zero() {
            // Nobody can claim: everything goes to the redeem pool.
            reserved = reserved.checked_sub(rollover).ok_or_else(overflow)?;
            (0, gross - taken + rollover)
        } else {
            let new_claims = self.claim_part(gross);
            reserved = reserved.checked_add(new_claims).ok_or_else(overflow)?;
            (
                new_claims.checked_add(rollover).ok_or_else(overflow)?,
                (gross - new_claims).saturating_sub(taken),
            )
        };
        let pool = get128(self.redeem_pool.get())
            .checked_add(to_pool)
            .ok_or_else(overflow)?;

        self.snapshots.setter(id).claimable.set(put128(claimable));
        self.reserved.set(put128(reserved));
        self.redeem_pool.set(put128(pool));
        if taken != 0 {
            self.taken_from_pending.set(U128::ZERO);
        }
        self.current_snapshot_id.set(U64::from_limbs([id]));
        self.last_snapshot_timestamp.set(U64::from_limbs([now]));
        let id = U256::from(id);
        self.emit(
            &[Snapshot::SIGNATURE_HASH, id.into()],
            &[U256::from(claimable), U256::from(to_pool)],
        );
        Ok(id)
    }

    /// Sends `amount` wei to `to` (nothing when 0). Call last.
    fn send(&mut self, to: Address, amount: u128) -> Result<(), Error> {
        if amount == 0 {
            return Ok(());
        }
        let amount = U256::from(amount);
        #[allow(deprecated)]
        stylus_sdk::call::transfer_eth(self, to, amount)
            .map_err(|_| Error::EthTransferFailed(EthTransferFailed { to, amount }))
    }

    /// Index of the revenue source `(oracle, model_id)`.
    fn find_source(&self, oracle: Address, model_id: U256) -> Option<u64> {
        (0..self.source_count()).find(|&i| {
            self.source_oracles.get(i) == oracle && self.source_models.get(i) == model_id
        })
    }

    fn source_count(&self) -> u64 {
        small(self.source_count.get())
    }

    /// Emits a log with `topics` and the 32-byte words `data`: the encoding
    /// of the `sol!` events above, without a generic encoder per event (the
    /// tests check the bytes against `SolEvent` encoding).
    fn emit(&self, topics: &[B256], data: &[U256]) {
        let mut bytes = Vec::with_capacity(data.len() * 32);
        for word in data {
            bytes.extend_from_slice(&word.to_be_bytes::<32>());
        }
        // `raw_log` only fails with more than 4 topics; ours have at most 3.
        let _ = self.vm().raw_log(topics, &bytes);
    }
}

#[public]
impl IErc20 for RevShareToken {
    type Error = erc20::Error;

    fn total_supply(&self) -> U256 {
        self.erc20.total_supply()
    }

    fn balance_of(&self, account: Address) -> U256 {
        self.erc20.balance_of(account)
    }

    fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Self::Error> {
        let from = self.vm().msg_sender();
        self.before_transfer(from, to, value);
        self.erc20.transfer(to, value)
    }

    fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.erc20.allowance(owner, spender)
    }

    fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Self::Error> {
        self.erc20.approve(spender, value)
    }

    fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Self::Error> {
        self.before_transfer(from, to, value);
        self.erc20.transfer_from(from, to, value)
    }
}

#[public]
impl IErc20Metadata for RevShareToken {
    fn name(&self) -> String {
        from_short_string(self.name.get())
    }

    fn symbol(&self) -> String {
        from_short_string(self.symbol.get())
    }

    fn decimals(&self) -> U8 {
        DEFAULT_DECIMALS
    }
}

#[public]
impl INonces for RevShareToken {
    fn nonces(&self, owner: Address) -> U256 {
        self.nonces.nonces(owner)
    }
}

#[public]
impl IErc20Permit for RevShareToken {
    type Error = permit::Error;

    #[selector(name = "DOMAIN_SEPARATOR")]
    fn domain_separator(&self) -> B256 {
        self.permit.domain_separator()
    }

    fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Self::Error> {
        self.permit.permit(
            owner,
            spender,
            value,
            deadline,
            v,
            r,
            s,
            &mut self.erc20,
            &mut self.nonces,
        )
    }
}

#[public]
impl IOwnable for RevShareToken {
    fn owner(&self) -> Address {
        self.ownable.owner()
    }

    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Vec<u8>> {
        Ok(self.ownable.transfer_ownership(new_owner)?)
    }

    fn renounce_ownership(&mut self) -> Result<(), Vec<u8>> {
        Ok(self.ownable.renounce_ownership()?)
    }
}

#[public]
impl IErc165 for RevShareToken {
    fn supports_interface(&self, interface_id: B32) -> bool {
        interface_id == B32::new(IERC7641_INTERFACE_ID)
            || <Self as IErc20>::interface_id() == interface_id
            || <Self as IErc20Metadata>::interface_id() == interface_id
            || <Self as IErc20Permit>::interface_id() == interface_id
            || <Self as IOwnable>::interface_id() == interface_id
            || <Self as IErc165>::interface_id() == interface_id
    }
}

#[cfg(test)]
mod tests;
