//! The RevShare token of an AI model: an ERC-7641 Intrinsic RevShare Token
//! (ERC-20 + metadata + EIP-2612 permit + ERC-165) on Arbitrum Stylus.
//!
//! Periodic snapshots freeze balances and split the ETH revenue that arrived since the previous
//! snapshot into a part claimable pro rata by the snapshot's holders (`claimableBps`) and a
//! redeem pool that any holder can draw from by burning tokens. Revenue is any ETH the contract
//! holds that is not reserved: deposits through `receive()` / `depositRevenue()`, fees swept
//! from the AI Oracle (`claimModelRevenue`) at each snapshot, and ETH forced in. See
//! `shared/spec/erc7641.md` and this crate's README for the economics.
//!
//! The contract is built with the SDK's `reentrant` feature (the oracle pays the sweep back into
//! the token while `snapshot()` runs), so it protects its own state: a reentrancy lock around
//! `claim`, `claimBatch`, `burn` and `snapshot`, and checks-effects-interactions on every ETH
//! transfer.
//!
//! This file is the ABI router; the logic lives in one module per concern: [`records`]
//! (balances and supply at past snapshots), [`revenue`] (revenue intake and taking a snapshot),
//! [`claims`], [`redeem`] (burn to redeem), [`sources`] (the oracles swept at each snapshot),
//! [`erc20`] (ERC-20 and its metadata), [`permit`] (EIP-2612), [`ownable`], [`init`] (the
//! constructor's and a clone's setup), [`metadata`],
//! [`checkpoints`], [`errors`] and [`events`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// `#[entrypoint]` emits undocumented fns for wasm and under `export-abi`.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
#![deny(rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod checkpoints;
pub mod claims;
pub mod erc20;
pub mod errors;
pub mod events;
pub mod init;
pub mod metadata;
pub mod ownable;
pub mod permit;
pub mod records;
pub mod redeem;
pub mod revenue;
pub mod sources;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, U256};
use imo_common::{
    lock::non_reentrant,
    math::{from_small, from_stored, to_u64, wide},
};
use stylus_sdk::{
    function_selector,
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageBool, StorageMap, StorageU128, StorageU16, StorageU256,
        StorageU32, StorageU64, StorageU8,
    },
};

pub use checkpoints::Checkpoints;
pub use erc20::{IErc20, IErc20Metadata};
pub use errors::*;
pub use events::{
    Approval, OwnershipTransferred, Redeemed, RevenueClaimed, RevenueReceived, RevenueSourceAdded,
    RevenueSourceFailed, RevenueSourceRemoved, Snapshot, SnapshotRevenue, Transfer,
};
pub use imo_common::math::BPS;
pub use init::Parameters;
pub use ownable::{IOwnable, Ownable};
pub use permit::IErc20Permit;
pub use sources::MAX_REVENUE_SOURCES;

/// ERC-165 id of IERC7641's own five functions (XOR of their selectors).
pub const IERC7641_INTERFACE_ID: [u8; 4] = selector_xor(&[
    function_selector!("claimableRevenue", Address, U256),
    function_selector!("claim", U256),
    function_selector!("snapshot"),
    function_selector!("redeemableOnBurn", U256),
    function_selector!("burn", U256),
])
.to_be_bytes();

/// ERC-165 id of `IERC165` itself (`supportsInterface`): `0x01ffc9a7`.
pub const IERC165_ID: u32 = selector_xor(&[function_selector!("supportsInterface", B32)]);

/// The XOR of function selectors: an ERC-165 interface id.
pub const fn selector_xor(selectors: &[[u8; 4]]) -> u32 {
    let mut id = 0;
    let mut i = 0;
    while i < selectors.len() {
        id ^= u32::from_be_bytes(selectors[i]);
        i += 1;
    }
    id
}

/// The claims of one snapshot: what was assigned and what was claimed (one storage slot).
#[storage]
pub struct SnapshotClaims {
    /// Wei claimable by the snapshot's holders (new share + rollover).
    pub(crate) claimable: StorageU128,
    /// Wei already claimed.
    pub(crate) claimed: StorageU128,
}

/// The RevShare token. Storage layout: see the crate README (slot by slot).
#[entrypoint]
#[storage]
pub struct RevShareToken {
    // ERC-20: balances, allowances, total supply (slots 0, 1, 2). A balance word also carries,
    // above its low 128 bits, the newest snapshot id the balance is recorded for (`erc20`).
    pub(crate) balances: StorageMap<Address, StorageU256>,
    pub(crate) allowances: StorageMap<Address, StorageMap<Address, StorageU256>>,
    pub(crate) total_supply: StorageU256,
    // ERC-20 name and symbol, each packed in one slot (see `metadata`).
    pub(crate) name: StorageB256,
    pub(crate) symbol: StorageB256,
    // EIP-2612 nonces (slot 5).
    pub(crate) nonces: StorageMap<Address, StorageU256>,
    // Slot 6: always zero (the layout's place of OpenZeppelin's empty `Erc20Permit` struct,
    // kept so that every later field stays where it was).
    #[allow(dead_code)] // a placeholder: never read or written
    pub(crate) eip712_slot: StorageB256,
    // The owner (slot 7).
    pub(crate) ownable: Ownable,
    // One packed slot, read by every transfer / claim / burn / snapshot.
    pub(crate) current_snapshot_id: StorageU64,
    pub(crate) last_snapshot_timestamp: StorageU64,
    pub(crate) snapshot_interval: StorageU64,
    pub(crate) claim_window: StorageU32,
    pub(crate) claimable_bps: StorageU16,
    pub(crate) locked: StorageBool,
    pub(crate) source_count: StorageU8,
    // One packed slot: the unclaimed part of the open snapshots, and the redeem pool.
    pub(crate) reserved: StorageU128,
    pub(crate) redeem_pool: StorageU128,
    // What burners took from the redeem share of revenue that arrived since the last snapshot.
    pub(crate) taken_from_pending: StorageU128,
    pub(crate) snapshots: StorageMap<u64, SnapshotClaims>,
    pub(crate) balance_records: StorageMap<Address, Checkpoints>,
    pub(crate) supply_records: Checkpoints,
    // Account -> claimed snapshots, one bit per snapshot id (bucket `id / 256`, bit `id % 256`:
    // OpenZeppelin's `BitMap` layout).
    pub(crate) claimed: StorageMap<Address, StorageMap<u64, StorageU256>>,
    pub(crate) source_oracles: StorageMap<u64, StorageAddress>,
    pub(crate) source_models: StorageMap<u64, StorageU256>,
}

#[public]
#[implements(IErc20, IErc20Metadata, IErc20Permit, IOwnable, IErc165)]
impl RevShareToken {
    /// Mints the whole fixed supply to `initial_holder` and sets the revenue-share parameters.
    ///
    /// # Arguments
    ///
    /// * `name`, `symbol` - ERC-20 metadata (18 decimals), at most 31 bytes each.
    /// * `initial_supply` - The fixed supply, at most `2^128 - 1`.
    /// * `initial_holder` - Receives the supply.
    /// * `claimable_bps` - Share of new revenue claimable by holders, 0..=10000.
    /// * `snapshot_interval` - Minimum seconds between snapshots (may be 0), and from the
    ///   deployment to the first snapshot.
    /// * `claim_window` - Number of newest snapshots that stay claimable, >= 1.
    /// * `owner` - Manages the revenue sources.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidClaimableBps`], [`Error::InvalidClaimWindow`],
    ///   [`Error::InvalidInitialSupply`], [`Error::InvalidMetadata`] on bad parameters.
    /// * [`Error::InvalidReceiver`] if `initial_holder` is zero.
    /// * [`Error::InvalidOwner`] if `owner` is zero.
    /// * [`Error::AlreadyInitialized`] if the token is already set up (a clone called through
    ///   the constructor's selector after `initialize`).
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
        self.init(Parameters {
            name,
            symbol,
            initial_supply,
            initial_holder,
            claimable_bps,
            snapshot_interval,
            claim_window,
            owner,
        })
    }

    /// The constructor of a clone (an EIP-1167 proxy of a deployed token): the same parameters,
    /// checks and events, once. The launchpad creates and initializes a clone in one
    /// transaction. Refused on a token already set up, which includes every token deployed with
    /// the constructor, so the implementation the clones delegate to cannot be initialized.
    ///
    /// # Errors
    ///
    /// * [`Error::AlreadyInitialized`] - the token is already set up.
    /// * The constructor's errors.
    ///
    /// # Events
    ///
    /// * The constructor's.
    #[allow(clippy::too_many_arguments)]
    pub fn initialize(
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
        self.init(Parameters {
            name,
            symbol,
            initial_supply,
            initial_holder,
            claimable_bps,
            snapshot_interval,
            claim_window,
            owner,
        })
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

    /// Answers ERC-5267's `eip712Domain()` (selector `0x84b0196e`) with the domain of `permit`:
    /// `(0x0f, name(), "1", chain id, this contract, 0, [])`. Any other unknown call reverts with
    /// no data, as without a fallback.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
        if calldata.get(..4) == Some(&permit::EIP712_DOMAIN_SELECTOR[..]) {
            return Ok(self.eip712_domain());
        }
        Err(Vec::new())
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

    /// Wei `account` can claim from snapshot `snapshot_id` now: 0 if already claimed, outside
    /// the claim window, unknown, not final yet (taken in the current second), or the
    /// snapshot's supply is 0.
    ///
    /// # Arguments
    ///
    /// * `account` - The holder.
    /// * `snapshot_id` - The snapshot.
    pub fn claimable_revenue(&self, account: Address, snapshot_id: U256) -> U256 {
        self.claim_amount(account, snapshot_id)
            .map(|(_, amount)| wide(amount))
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
    /// * [`Error::SnapshotNotFinal`] - the snapshot was taken in the current second.
    /// * [`Error::AlreadyClaimed`] - the caller already claimed it.
    /// * [`Error::NothingToClaim`] - the caller's share is 0.
    /// * [`Error::ReentrantCall`] - called from inside `claim`, `claimBatch`, `burn` or
    ///   `snapshot`.
    /// * [`Error::EthTransferFailed`] - the caller did not accept the ETH.
    ///
    /// # Events
    ///
    /// * [`RevenueClaimed`].
    pub fn claim(&mut self, snapshot_id: U256) -> Result<(), Error> {
        non_reentrant(self, lock, reentrant_call, |s| s.claim_all(&[snapshot_id]))
    }

    /// Claims several snapshots in one transaction and pays their sum in one transfer. Reverts
    /// as a whole if any of them cannot be claimed.
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
        non_reentrant(self, lock, reentrant_call, |s| s.claim_all(&snapshot_ids))
    }

    /// Takes a new snapshot: sweeps the revenue sources, then assigns the revenue that arrived
    /// since the previous snapshot. Permissionless.
    ///
    /// # Errors
    ///
    /// * [`Error::SnapshotTooEarly`] - less than `snapshotInterval` seconds since the previous
    ///   snapshot, or a snapshot was already taken in this second.
    /// * [`Error::ReentrantCall`] - re-entered.
    /// * [`Error::AccountingOverflow`] - more than `2^32 - 1` snapshots.
    ///
    /// # Events
    ///
    /// * [`Snapshot`] and [`SnapshotRevenue`]; [`RevenueSourceFailed`] for each source that
    ///   reverted; the sources' payments emit [`RevenueReceived`].
    pub fn snapshot(&mut self) -> Result<U256, Error> {
        non_reentrant(self, lock, reentrant_call, Self::take_snapshot)
    }

    /// Wei paid for burning `amount` tokens now: `amount / totalSupply` of the redeem pool plus
    /// `amount / totalSupply` of what is left of the redeem share of the revenue pending since
    /// the last snapshot.
    ///
    /// # Arguments
    ///
    /// * `amount` - Tokens to burn (capped at the total supply).
    pub fn redeemable_on_burn(&self, amount: U256) -> U256 {
        self.redeemable(amount)
    }

    /// Burns `amount` of the caller's tokens and pays what they redeem.
    ///
    /// Burned tokens take no part in later snapshots; past snapshots still pay the burner for
    /// the balance it held then.
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
        non_reentrant(self, lock, reentrant_call, |s| s.burn_and_redeem(amount))
    }

    /// The newest snapshot id (0 before the first snapshot).
    pub fn current_snapshot_id(&self) -> U256 {
        U256::from(self.current_id())
    }

    /// `account`'s balance at snapshot `snapshot_id`: at the end of the second it was taken in.
    ///
    /// # Errors
    ///
    /// * [`Error::SnapshotNotFound`] - the id is 0 or in the future.
    /// * [`Error::SnapshotNotFinal`] - the snapshot was taken in the current second.
    pub fn balance_of_at(&self, account: Address, snapshot_id: U256) -> Result<U256, Error> {
        let id = self.final_snapshot(snapshot_id)?;
        Ok(self.balance_at(account, id))
    }

    /// The total supply at snapshot `snapshot_id`: at the end of the second it was taken in.
    ///
    /// # Errors
    ///
    /// * [`Error::SnapshotNotFound`] - the id is 0 or in the future.
    /// * [`Error::SnapshotNotFinal`] - the snapshot was taken in the current second.
    pub fn total_supply_at(&self, snapshot_id: U256) -> Result<U256, Error> {
        let id = self.final_snapshot(snapshot_id)?;
        Ok(self.supply_at(id))
    }

    /// Wei assigned to snapshot `snapshot_id` (0 for an unknown id).
    pub fn claimable_at(&self, snapshot_id: U256) -> U256 {
        to_u64(snapshot_id)
            .map(|id| wide(from_stored(self.snapshots.getter(id).claimable.get())))
            .unwrap_or_default()
    }

    /// Wei claimed from snapshot `snapshot_id` so far.
    pub fn claimed_at(&self, snapshot_id: U256) -> U256 {
        to_u64(snapshot_id)
            .map(|id| wide(from_stored(self.snapshots.getter(id).claimed.get())))
            .unwrap_or_default()
    }

    /// Wei received since the last snapshot and not yet assigned (net of what burners took from
    /// it).
    pub fn pending_revenue(&self) -> U256 {
        let (gross, taken) = self.pending_gross();
        wide(gross - taken)
    }

    /// Wei in the redeem pool.
    pub fn redeem_pool(&self) -> U256 {
        wide(from_stored(self.redeem_pool.get()))
    }

    /// Number of newest snapshots that are claimable.
    #[allow(clippy::cast_possible_truncation)] // a stored u32
    pub fn claim_window(&self) -> u32 {
        from_small(self.claim_window.get()) as u32
    }

    /// Share of new revenue assigned to claims, in basis points.
    #[allow(clippy::cast_possible_truncation)] // a stored u16
    pub fn claimable_bps(&self) -> u16 {
        from_small(self.claimable_bps.get()) as u16
    }

    /// Minimum seconds between two snapshots.
    pub fn snapshot_interval(&self) -> u64 {
        from_small(self.snapshot_interval.get())
    }

    /// Time of the last snapshot (the deployment's before the first).
    pub fn last_snapshot_timestamp(&self) -> u64 {
        from_small(self.last_snapshot_timestamp.get())
    }

    /// The revenue sources swept by `snapshot()`, as `(oracle, modelId)` pairs.
    ///
    /// One array of pairs rather than two arrays: stylus-sdk 0.9 encodes a returned tuple with
    /// dynamic members as one tuple (an extra offset word), which Solidity callers expecting two
    /// return values would misread; a single dynamic return value encodes as Solidity does.
    pub fn revenue_sources(&self) -> Vec<(Address, U256)> {
        self.sources()
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
        self.only_owner()?;
        self.add_source(oracle, model_id)
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
        self.only_owner()?;
        self.remove_source(oracle, model_id)
    }
}

/// ERC-165.
pub trait IErc165 {
    /// Whether the token implements the interface `interface_id`: IERC20, IERC20Metadata,
    /// IERC7641, IERC20Permit, IOwnable and IERC165.
    fn supports_interface(&self, interface_id: B32) -> bool;
}

#[public]
impl IErc165 for RevShareToken {
    fn supports_interface(&self, interface_id: B32) -> bool {
        let id = u32::from_be_bytes(interface_id.0);
        id == u32::from_be_bytes(IERC7641_INTERFACE_ID)
            || matches!(
                id,
                erc20::IERC20_ID
                    | erc20::IERC20_METADATA_ID
                    | permit::IERC20_PERMIT_ID
                    | ownable::IOWNABLE_ID
                    | IERC165_ID
            )
    }
}

/// The reentrancy lock: a bool in the packed slot that every guarded function reads anyway.
fn lock(token: &mut RevShareToken) -> &mut StorageBool {
    &mut token.locked
}

/// [`Error::ReentrantCall`].
fn reentrant_call() -> Error {
    Error::ReentrantCall(ReentrantCall {})
}

#[cfg(test)]
mod tests;
