//! Tests of the RevShare token (motsu), including the spec's worked example,
//! every error path, the revenue sweep, reentrancy attackers, permit with a
//! real secp256k1 signature, and property tests of the spec's invariants.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{aliases::B32, keccak256, uint, Address, B256, U256};
use alloy_signer::SignerSync;
use alloy_sol_types::{SolError, SolEvent, SolValue};
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::ownable,
    token::erc20::{self, extensions::IErc20Metadata, extensions::IErc20Permit, IErc20},
    utils::{introspection::erc165::IErc165, nonces::INonces},
};
#[allow(deprecated)]
use stylus_sdk::call::Call;
use stylus_sdk::{
    function_selector,
    prelude::*,
    storage::{StorageAddress, StorageU256},
};

use super::*;

/// A test clock: motsu's block timestamp is fixed, so tests advance time by
/// adding an offset that `RevShareToken::now` reads.
pub(crate) mod clock {
    use std::cell::Cell;

    thread_local! {
        static OFFSET: Cell<u64> = const { Cell::new(0) };
    }

    /// Seconds added to the block timestamp on this thread.
    pub(crate) fn offset() -> u64 {
        OFFSET.with(Cell::get)
    }

    /// Moves this thread's clock forward.
    pub(crate) fn advance(seconds: u64) {
        OFFSET.with(|o| o.set(o.get().saturating_add(seconds)));
    }
}

/// motsu's fixed block timestamp.
const MOTSU_NOW: u64 = 1_735_689_600;

fn u(x: u64) -> U256 {
    U256::from(x)
}

// ---------------------------------------------------------------------------
// Test contracts
// ---------------------------------------------------------------------------

/// A holder that accepts ETH (motsu aborts on ETH sent to a non-contract).
#[storage]
pub struct Wallet {}

unsafe impl TopLevelStorage for Wallet {}

#[public]
impl Wallet {
    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

/// An oracle whose `claimModelRevenue` pays what it owes to the caller.
#[storage]
pub struct PayingSource {
    owed: StorageU256,
    calls: StorageU256,
}

unsafe impl TopLevelStorage for PayingSource {}

#[public]
impl PayingSource {
    fn set_owed(&mut self, owed: U256) {
        self.owed.set(owed);
    }

    fn calls(&self) -> U256 {
        self.calls.get()
    }

    fn claim_model_revenue(&mut self, _model_id: U256) -> Result<(), Vec<u8>> {
        self.calls.set(self.calls.get() + U256::from(1));
        let owed = self.owed.get();
        self.owed.set(U256::ZERO);
        let to = self.vm().msg_sender();
        if !owed.is_zero() {
            #[allow(deprecated)]
            stylus_sdk::call::transfer_eth(self, to, owed)?;
        }
        Ok(())
    }
}

/// An oracle that owes nothing.
#[storage]
pub struct SilentSource {
    calls: StorageU256,
}

unsafe impl TopLevelStorage for SilentSource {}

#[public]
impl SilentSource {
    fn calls(&self) -> U256 {
        self.calls.get()
    }

    fn claim_model_revenue(&mut self, _model_id: U256) -> Result<(), Vec<u8>> {
        self.calls.set(self.calls.get() + U256::from(1));
        Ok(())
    }
}

/// An oracle whose `claimModelRevenue` always reverts.
#[storage]
pub struct RevertingSource {}

unsafe impl TopLevelStorage for RevertingSource {}

#[public]
impl RevertingSource {
    fn claim_model_revenue(&mut self, _model_id: U256) -> Result<(), Vec<u8>> {
        Err(b"source broken".to_vec())
    }
}

stylus_sdk::prelude::sol_interface! {
    interface IToken {
        function claim(uint256 snapshot_id) external;
        function claimBatch(uint256[] calldata snapshot_ids) external;
        function burn(uint256 amount) external;
        function snapshot() external returns (uint256);
    }
}

/// A holder (and revenue source) whose `receive` and `claimModelRevenue`
/// re-enter `claim`, `claimBatch`, `burn` and `snapshot`, counting which
/// attempts succeeded.
#[storage]
pub struct Attacker {
    token: StorageAddress,
    target: StorageU256,
    attempts: StorageU256,
    successes: StorageU256,
    locked_out: StorageU256,
}

unsafe impl TopLevelStorage for Attacker {}

impl Attacker {
    /// Tries all four guarded entry points; counts the attempts, the
    /// successes, and the refusals that are exactly `ReentrantCall()`.
    fn reenter(&mut self) {
        let token = IToken::new(self.token.get());
        let target = self.target.get();
        #[allow(deprecated)]
        let results = [
            token.claim(Call::new_in(self), target),
            token.claim_batch(Call::new_in(self), vec![target]),
            token.burn(Call::new_in(self), U256::from(1)),
            token.snapshot(Call::new_in(self)).map(|_| ()),
        ];
        let (mut ok, mut locked) = (0u64, 0u64);
        for result in results {
            #[allow(deprecated)]
            match result {
                Ok(()) => ok += 1,
                Err(stylus_sdk::call::Error::Revert(data)) if data == ReentrantCall::SELECTOR => {
                    locked += 1
                }
                Err(_) => {}
            }
        }
        self.attempts.set(self.attempts.get() + U256::from(4));
        self.successes.set(self.successes.get() + U256::from(ok));
        self.locked_out
            .set(self.locked_out.get() + U256::from(locked));
    }
}

#[public]
impl Attacker {
    fn setup(&mut self, token: Address, target: U256) {
        self.token.set(token);
        self.target.set(target);
    }

    fn attempts(&self) -> U256 {
        self.attempts.get()
    }

    fn successes(&self) -> U256 {
        self.successes.get()
    }

    fn locked_out(&self) -> U256 {
        self.locked_out.get()
    }

    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        self.reenter();
        Ok(())
    }

    /// As a revenue source: re-enter, then pay everything it holds.
    fn claim_model_revenue(&mut self, _model_id: U256) -> Result<(), Vec<u8>> {
        self.reenter();
        let to = self.vm().msg_sender();
        let amount = self.vm().balance(self.vm().contract_address());
        #[allow(deprecated)]
        stylus_sdk::call::transfer_eth(self, to, amount)?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Deploys the token with `supply` minted to `holder`, owned by `owner`.
fn deploy(
    token: &Contract<RevShareToken>,
    owner: Address,
    holder: Address,
    supply: u64,
    bps: u16,
    interval: u64,
    window: u32,
) {
    token
        .sender(owner)
        .constructor(
            String::from("Llama IMO"),
            String::from("LLAMA"),
            u(supply),
            holder,
            bps,
            interval,
            window,
            owner,
        )
        .motsu_unwrap();
}

fn deposit(token: &Contract<RevShareToken>, from: Address, amount: u64) {
    from.fund(u(amount));
    token.sender_and_value(from, u(amount)).deposit_revenue();
}

fn snapshot(token: &Contract<RevShareToken>, by: Address) -> U256 {
    token.sender(by).snapshot().motsu_unwrap()
}

/// Sum over open snapshots of (claimable - claimed), from the views.
fn open_unclaimed(token: &Contract<RevShareToken>) -> U256 {
    let t = token.sender(Address::ZERO);
    let current = t.current_snapshot_id().to::<u64>();
    let window = u64::from(t.claim_window());
    let first = current.saturating_sub(window) + 1;
    (first..=current).fold(U256::ZERO, |acc, s| {
        acc + t.claimable_at(u(s)) - t.claimed_at(u(s))
    })
}

// ---------------------------------------------------------------------------
// The spec's worked example
// ---------------------------------------------------------------------------

#[motsu::test]
fn worked_example_rolls_expired_snapshots_into_new_ones(
    token: Contract<RevShareToken>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, holder.address(), 1_000, 8_000, 0, 2);
    for amount in [100, 200, 300, 400] {
        deposit(&token, alice, amount);
        snapshot(&token, alice);
    }
    let t = token.sender(alice);
    let claimable: Vec<U256> = (1..=4).map(|s| t.claimable_at(u(s))).collect();
    assert_eq!(claimable, vec![u(80), u(160), u(320), u(480)]);
    // Snapshots 1 and 2 are out of the window; 3 and 4 pay the holder fully.
    assert_eq!(t.claimable_revenue(holder.address(), u(1)), U256::ZERO);
    assert_eq!(t.claimable_revenue(holder.address(), u(2)), U256::ZERO);
    assert_eq!(t.claimable_revenue(holder.address(), u(3)), u(320));
    assert_eq!(t.claimable_revenue(holder.address(), u(4)), u(480));
    // The redeem pool got 20% of each deposit.
    assert_eq!(t.redeem_pool(), u(20 + 40 + 60 + 80));
    assert_eq!(t.pending_revenue(), U256::ZERO);
    drop(t);
    let err = token
        .sender(holder.address())
        .claim(u(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::SnapshotNotClaimable(_)));
    token.sender(holder.address()).claim(u(3)).motsu_unwrap();
    token.sender(holder.address()).claim(u(4)).motsu_unwrap();
    assert_eq!(holder.balance(), u(800));
    assert_eq!(token.balance(), u(200));
}

// ---------------------------------------------------------------------------
// Deployment and metadata
// ---------------------------------------------------------------------------

#[motsu::test]
fn constructor_mints_fixed_supply_and_sets_parameters(
    token: Contract<RevShareToken>,
    owner: Address,
    holder: Address,
) {
    deploy(&token, owner, holder, 1_000_000, 2_500, 3_600, 3);
    let t = token.sender(owner);
    assert_eq!(t.total_supply(), u(1_000_000));
    assert_eq!(t.balance_of(holder), u(1_000_000));
    assert_eq!(t.name(), "Llama IMO");
    assert_eq!(t.symbol(), "LLAMA");
    assert_eq!(t.decimals(), uint!(18_U8));
    assert_eq!(t.claimable_bps(), 2_500);
    assert_eq!(t.snapshot_interval(), 3_600);
    assert_eq!(t.claim_window(), 3);
    assert_eq!(t.current_snapshot_id(), U256::ZERO);
    assert_eq!(t.last_snapshot_timestamp(), 0);
    assert_eq!(IOwnable::owner(&*t), owner);
    drop(t);
    token.assert_emitted(&erc20::Transfer {
        from: Address::ZERO,
        to: holder,
        value: u(1_000_000),
    });
}

#[motsu::test]
fn constructor_rejects_bad_parameters(token: Contract<RevShareToken>, owner: Address) {
    let name = || String::from("N");
    let mut t = token.sender(owner);
    let err = t
        .constructor(name(), name(), u(1), owner, 10_001, 0, 1, owner)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidClaimableBps(InvalidClaimableBps {
            claimableBps: 10_001
        })
    ));
    let err = t
        .constructor(name(), name(), u(1), owner, 0, 0, 0, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidClaimWindow(_)));
    let too_big = U256::from(u128::MAX) + U256::from(1);
    let err = t
        .constructor(name(), name(), too_big, owner, 0, 0, 1, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidInitialSupply(_)));
    // Names and symbols are at most 31 bytes.
    let long = String::from("a name that is longer than 31 by");
    assert_eq!(long.len(), 32);
    let err = t
        .constructor(long.clone(), name(), u(1), owner, 0, 0, 1, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidMetadata(_)));
    let err = t
        .constructor(name(), long, u(1), owner, 0, 0, 1, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidMetadata(_)));
    let err = t
        .constructor(name(), name(), u(1), Address::ZERO, 0, 0, 1, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidReceiver(_)));
    let err = t
        .constructor(name(), name(), u(1), owner, 0, 0, 1, Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidOwner(_)));
}

#[motsu::test]
fn metadata_keeps_names_up_to_31_bytes(token: Contract<RevShareToken>, owner: Address) {
    let name = String::from("Llama-3.1-70B-Instruct RevShare");
    assert_eq!(name.len(), 31);
    token
        .sender(owner)
        .constructor(
            name.clone(),
            String::from("ΛLLAMA"),
            u(1),
            owner,
            0,
            0,
            1,
            owner,
        )
        .motsu_unwrap();
    assert_eq!(token.sender(owner).name(), name);
    assert_eq!(token.sender(owner).symbol(), "ΛLLAMA");
}

#[motsu::test]
fn supports_erc20_erc7641_metadata_permit_and_erc165_ids(
    token: Contract<RevShareToken>,
    owner: Address,
) {
    // The spec's IERC7641 id is the XOR of its five selectors.
    let xor = [
        function_selector!("claimableRevenue", Address, U256),
        function_selector!("claim", U256),
        function_selector!("snapshot"),
        function_selector!("redeemableOnBurn", U256),
        function_selector!("burn", U256),
    ]
    .iter()
    .fold([0u8; 4], |acc, s| {
        [acc[0] ^ s[0], acc[1] ^ s[1], acc[2] ^ s[2], acc[3] ^ s[3]]
    });
    assert_eq!(xor, IERC7641_INTERFACE_ID);
    assert_eq!(
        function_selector!("claimBatch", Vec<U256>),
        [0x62, 0xab, 0xeb, 0xce]
    );

    let t = token.sender(owner);
    for id in [
        [0x36, 0x37, 0x2b, 0x07], // IERC20
        [0xed, 0x7b, 0x2e, 0x4e], // IERC7641
        [0x01, 0xff, 0xc9, 0xa7], // IERC165
        *<RevShareToken as IErc20Metadata>::interface_id(),
        *<RevShareToken as IErc20Permit>::interface_id(),
        *<RevShareToken as IOwnable>::interface_id(),
    ] {
        assert!(t.supports_interface(B32::new(id)), "{id:?}");
    }
    assert!(!t.supports_interface(B32::new([0xff; 4])));
}

// ---------------------------------------------------------------------------
// Revenue intake
// ---------------------------------------------------------------------------

#[motsu::test]
fn eth_sent_with_no_call_data_is_revenue(
    token: Contract<RevShareToken>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    alice.fund(u(70));
    token
        .sender_and_value(alice, u(70))
        .receive()
        .motsu_unwrap();
    token.assert_emitted(&RevenueReceived {
        from: alice,
        amount: u(70),
    });
    assert_eq!(token.sender(alice).pending_revenue(), u(70));
    deposit(&token, alice, 30);
    token.assert_emitted(&RevenueReceived {
        from: alice,
        amount: u(30),
    });
    assert_eq!(snapshot(&token, alice), u(1));
    token.assert_emitted(&Snapshot {
        id: u(1),
        claimable: u(50),
        toRedeemPool: u(50),
    });
}

#[motsu::test]
fn forced_eth_counts_as_revenue(token: Contract<RevShareToken>, owner: Address) {
    deploy(&token, owner, owner, 100, 10_000, 0, 1);
    // ETH arriving without any call (selfdestruct, coinbase) is revenue too.
    token.fund(u(1_000));
    assert_eq!(token.sender(owner).pending_revenue(), u(1_000));
    snapshot(&token, owner);
    assert_eq!(token.sender(owner).claimable_at(u(1)), u(1_000));
}

// ---------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------

#[motsu::test]
fn snapshot_respects_the_interval(token: Contract<RevShareToken>, owner: Address) {
    deploy(&token, owner, owner, 100, 5_000, 3_600, 1);
    let now = MOTSU_NOW + clock::offset();
    snapshot(&token, owner);
    assert_eq!(token.sender(owner).last_snapshot_timestamp(), now);
    let err = token.sender(owner).snapshot().motsu_unwrap_err();
    assert!(
        matches!(err, Error::SnapshotTooEarly(SnapshotTooEarly { nextAllowedAt }) if nextAllowedAt == now + 3_600)
    );
    clock::advance(3_599);
    assert!(matches!(
        token.sender(owner).snapshot().motsu_unwrap_err(),
        Error::SnapshotTooEarly(_)
    ));
    clock::advance(1);
    assert_eq!(snapshot(&token, owner), u(2));
}

#[motsu::test]
fn snapshot_ids_stop_at_u32_max(token: Contract<RevShareToken>, owner: Address) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    // Balance records keep 32-bit ids; the 4,294,967,296th snapshot is refused.
    token
        .sender(owner)
        .current_snapshot_id
        .set(alloy_primitives::U64::from(u32::MAX - 1));
    assert_eq!(snapshot(&token, owner), u(u64::from(u32::MAX)));
    token
        .sender(owner)
        .transfer(Address::repeat_byte(1), u(1))
        .motsu_unwrap();
    assert_eq!(
        token
            .sender(owner)
            .balance_of_at(owner, u(u64::from(u32::MAX)))
            .motsu_unwrap(),
        u(100)
    );
    let err = token.sender(owner).snapshot().motsu_unwrap_err();
    assert!(matches!(err, Error::AccountingOverflow(_)));
}

#[motsu::test]
fn snapshot_ids_zero_and_future_are_unknown(
    token: Contract<RevShareToken>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, holder.address(), 100, 5_000, 0, 4);
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    let h = holder.address();
    for id in [U256::ZERO, u(2), U256::MAX] {
        assert_eq!(token.sender(h).claimable_revenue(h, id), U256::ZERO);
        assert_eq!(token.sender(h).claimable_at(id), U256::ZERO);
        let err = token.sender(h).claim(id).motsu_unwrap_err();
        assert!(
            matches!(err, Error::SnapshotNotClaimable(SnapshotNotClaimable { snapshotId }) if snapshotId == id)
        );
        let err = token.sender(h).balance_of_at(h, id).motsu_unwrap_err();
        assert!(matches!(err, Error::SnapshotNotFound(_)));
        let err = token.sender(h).total_supply_at(id).motsu_unwrap_err();
        assert!(matches!(err, Error::SnapshotNotFound(_)));
    }
    assert_eq!(token.sender(h).claimable_revenue(h, u(1)), u(50));
}

#[motsu::test]
fn claiming_twice_fails(
    token: Contract<RevShareToken>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, holder.address(), 100, 5_000, 0, 2);
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    let h = holder.address();
    token.sender(h).claim(u(1)).motsu_unwrap();
    token.assert_emitted(&RevenueClaimed {
        account: h,
        snapshotId: u(1),
        amount: u(50),
    });
    assert_eq!(holder.balance(), u(50));
    assert_eq!(token.sender(h).claimable_revenue(h, u(1)), U256::ZERO);
    let err = token.sender(h).claim(u(1)).motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyClaimed(AlreadyClaimed { account, .. }) if account == h));
    assert_eq!(holder.balance(), u(50));
    assert_eq!(token.sender(h).claimed_at(u(1)), u(50));
}

#[motsu::test]
fn claim_after_expiry_fails_and_the_rest_rolls_over(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, a.address(), 100, 10_000, 0, 1);
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    deposit(&token, alice, 10);
    snapshot(&token, alice);
    let err = token.sender(a.address()).claim(u(1)).motsu_unwrap_err();
    assert!(matches!(err, Error::SnapshotNotClaimable(_)));
    assert_eq!(token.sender(alice).claimable_at(u(2)), u(110));
    token.sender(a.address()).claim(u(2)).motsu_unwrap();
    assert_eq!(a.balance(), u(110));
}

#[motsu::test]
fn nothing_to_claim_for_an_account_without_balance(
    token: Contract<RevShareToken>,
    owner: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&token, owner, alice, 100, 5_000, 0, 1);
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    let err = token.sender(bob).claim(u(1)).motsu_unwrap_err();
    assert!(matches!(err, Error::NothingToClaim(NothingToClaim { account, .. }) if account == bob));
}

#[motsu::test]
fn transfer_after_snapshot_does_not_change_who_is_paid(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    b: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (ha, hb) = (a.address(), b.address());
    deploy(&token, owner, ha, 1_000, 5_000, 0, 2);
    token.sender(ha).transfer(hb, u(400)).motsu_unwrap();
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    // After the snapshot A gives everything to B.
    token.sender(ha).transfer(hb, u(600)).motsu_unwrap();
    assert_eq!(
        token.sender(ha).balance_of_at(ha, u(1)).motsu_unwrap(),
        u(600)
    );
    assert_eq!(
        token.sender(ha).balance_of_at(hb, u(1)).motsu_unwrap(),
        u(400)
    );
    assert_eq!(token.sender(ha).claimable_revenue(ha, u(1)), u(300));
    assert_eq!(token.sender(ha).claimable_revenue(hb, u(1)), u(200));
    token.sender(ha).claim(u(1)).motsu_unwrap();
    token.sender(hb).claim(u(1)).motsu_unwrap();
    assert_eq!((a.balance(), b.balance()), (u(300), u(200)));
    // The next snapshot sees the new balances.
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    assert_eq!(
        token.sender(ha).balance_of_at(ha, u(2)).motsu_unwrap(),
        U256::ZERO
    );
    assert!(matches!(
        token.sender(ha).claim(u(2)).motsu_unwrap_err(),
        Error::NothingToClaim(_)
    ));
    token.sender(hb).claim(u(2)).motsu_unwrap();
    assert_eq!(b.balance(), u(250));
}

#[motsu::test]
fn transfer_from_records_balances_lazily(
    token: Contract<RevShareToken>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&token, owner, alice, 1_000, 5_000, 0, 3);
    // No snapshot yet: nothing to record.
    token.sender(alice).transfer(bob, u(100)).motsu_unwrap();
    assert!(token.sender(alice).balance_records.getter(alice).is_empty());
    snapshot(&token, alice);
    token.sender(alice).approve(carol, u(300)).motsu_unwrap();
    token
        .sender(carol)
        .transfer_from(alice, bob, u(100))
        .motsu_unwrap();
    token
        .sender(carol)
        .transfer_from(alice, bob, u(100))
        .motsu_unwrap();
    token.sender(bob).transfer(alice, u(50)).motsu_unwrap();
    // One record per account per snapshot, however many transfers.
    assert_eq!(token.sender(alice).balance_records.getter(alice).len(), 1);
    assert_eq!(token.sender(alice).balance_records.getter(bob).len(), 1);
    assert!(token.sender(alice).supply_records.is_empty());
    snapshot(&token, alice);
    snapshot(&token, alice);
    token.sender(alice).transfer(bob, u(1)).motsu_unwrap();
    let t = token.sender(alice);
    assert_eq!(t.balance_of_at(alice, u(1)).motsu_unwrap(), u(900));
    assert_eq!(t.balance_of_at(alice, u(2)).motsu_unwrap(), u(750));
    assert_eq!(t.balance_of_at(alice, u(3)).motsu_unwrap(), u(750));
    assert_eq!(t.balance_of(alice), u(749));
    assert_eq!(t.balance_of_at(bob, u(1)).motsu_unwrap(), u(100));
    assert_eq!(t.balance_of_at(bob, u(3)).motsu_unwrap(), u(250));
    assert_eq!(t.total_supply_at(u(2)).motsu_unwrap(), u(1_000));
    assert_eq!(t.allowance(alice, carol), u(100));
    // Failed transfers change nothing.
    drop(t);
    let err = token
        .sender(bob)
        .transfer(alice, u(10_000))
        .motsu_unwrap_err();
    assert!(matches!(err, erc20::Error::InsufficientBalance(_)));
}

#[motsu::test]
fn snapshot_while_supply_is_zero_assigns_nothing_to_claims(
    token: Contract<RevShareToken>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let h = holder.address();
    deploy(&token, owner, h, 100, 5_000, 0, 1);
    deposit(&token, alice, 100);
    snapshot(&token, alice);
    // Burning the whole supply pays the pool share and the pending share.
    token.sender(h).burn(u(100)).motsu_unwrap();
    assert_eq!(holder.balance(), u(50));
    assert_eq!(token.sender(h).total_supply(), U256::ZERO);
    assert_eq!(token.sender(h).redeemable_on_burn(u(1)), U256::ZERO);
    // Past snapshots still pay the burner.
    token.sender(h).claim(u(1)).motsu_unwrap();
    assert_eq!(holder.balance(), u(100));
    deposit(&token, alice, 40);
    snapshot(&token, alice);
    assert_eq!(token.sender(h).claimable_at(u(2)), U256::ZERO);
    assert_eq!(token.sender(h).redeem_pool(), u(40));
    assert_eq!(
        token.sender(h).total_supply_at(u(2)).motsu_unwrap(),
        U256::ZERO
    );
    assert!(matches!(
        token.sender(h).claim(u(2)).motsu_unwrap_err(),
        Error::NothingToClaim(_)
    ));
}

#[motsu::test]
fn zero_percent_claimable_sends_everything_to_the_redeem_pool(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    b: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, a.address(), 100, 0, 0, 1);
    token
        .sender(a.address())
        .transfer(b.address(), u(25))
        .motsu_unwrap();
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    assert_eq!(token.sender(alice).claimable_at(u(1)), U256::ZERO);
    assert_eq!(token.sender(alice).redeem_pool(), u(1_000));
    assert!(matches!(
        token.sender(a.address()).claim(u(1)).motsu_unwrap_err(),
        Error::NothingToClaim(_)
    ));
    assert_eq!(token.sender(alice).redeemable_on_burn(u(25)), u(250));
    token.sender(b.address()).burn(u(25)).motsu_unwrap();
    token.assert_emitted(&Redeemed {
        account: b.address(),
        burned: u(25),
        paid: u(250),
    });
    assert_eq!(b.balance(), u(250));
    assert_eq!(token.sender(alice).redeem_pool(), u(750));
}

#[motsu::test]
fn hundred_percent_claimable_leaves_nothing_to_redeem(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, a.address(), 100, 10_000, 0, 1);
    deposit(&token, alice, 1_000);
    assert_eq!(token.sender(alice).redeemable_on_burn(u(100)), U256::ZERO);
    snapshot(&token, alice);
    assert_eq!(token.sender(alice).claimable_at(u(1)), u(1_000));
    assert_eq!(token.sender(alice).redeem_pool(), U256::ZERO);
    token.sender(a.address()).burn(u(10)).motsu_unwrap();
    assert_eq!(a.balance(), U256::ZERO);
    token.sender(a.address()).claim(u(1)).motsu_unwrap();
    assert_eq!(a.balance(), u(1_000));
}

// ---------------------------------------------------------------------------
// Burn to redeem
// ---------------------------------------------------------------------------

#[motsu::test]
fn burn_after_snapshot_keeps_past_claims_and_pays_its_share(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    b: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (ha, hb) = (a.address(), b.address());
    deploy(&token, owner, ha, 1_000, 6_000, 0, 2);
    token.sender(ha).transfer(hb, u(500)).motsu_unwrap();
    deposit(&token, alice, 1_000); // 600 claimable, 400 to the pool
    snapshot(&token, alice);
    deposit(&token, alice, 500); // pending: 300 claim share, 200 redeem share
    assert_eq!(token.sender(ha).redeemable_on_burn(u(250)), u(100 + 50));
    token.sender(ha).burn(u(250)).motsu_unwrap();
    assert_eq!(a.balance(), u(150));
    // B's claim on snapshot 1 is untouched; so is A's.
    assert_eq!(token.sender(hb).claimable_revenue(hb, u(1)), u(300));
    assert_eq!(token.sender(ha).claimable_revenue(ha, u(1)), u(300));
    assert_eq!(
        token.sender(ha).total_supply_at(u(1)).motsu_unwrap(),
        u(1_000)
    );
    assert_eq!(
        token.sender(ha).balance_of_at(ha, u(1)).motsu_unwrap(),
        u(500)
    );
    // Later burners share what is left: the pool is 300, the pending redeem
    // share 200 - 50 = 150, over a supply of 750.
    assert_eq!(token.sender(hb).redeemable_on_burn(u(500)), u(200 + 100));
    snapshot(&token, alice);
    // Snapshot 2: the claim share of the 500 (300) is claimable; the redeem
    // share minus what A took (150) joins the pool.
    assert_eq!(token.sender(ha).claimable_at(u(2)), u(300));
    assert_eq!(token.sender(ha).redeem_pool(), u(300 + 150));
    assert_eq!(token.sender(ha).claimable_revenue(ha, u(2)), u(100));
    assert_eq!(token.sender(ha).claimable_revenue(hb, u(2)), u(200));
    let err = token.sender(ha).burn(u(251)).motsu_unwrap_err();
    assert!(matches!(err, Error::InsufficientBalance(_)));
}

#[motsu::test]
fn burning_zero_pays_nothing(token: Contract<RevShareToken>, owner: Address, alice: Address) {
    deploy(&token, owner, alice, 100, 5_000, 0, 1);
    deposit(&token, alice, 100);
    token.sender(alice).burn(U256::ZERO).motsu_unwrap();
    token.assert_emitted(&Redeemed {
        account: alice,
        burned: U256::ZERO,
        paid: U256::ZERO,
    });
    assert_eq!(token.sender(alice).total_supply(), u(100));
}

// ---------------------------------------------------------------------------
// claimBatch
// ---------------------------------------------------------------------------

#[motsu::test]
fn claim_batch_pays_the_sum_or_reverts_as_a_whole(
    token: Contract<RevShareToken>,
    a: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let h = a.address();
    deploy(&token, owner, h, 100, 5_000, 0, 3);
    for amount in [100, 200] {
        deposit(&token, alice, amount);
        snapshot(&token, alice);
    }
    let err = token
        .sender(h)
        .claim_batch(vec![u(1), u(3)])
        .motsu_unwrap_err();
    assert!(matches!(err, Error::SnapshotNotClaimable(_)));
    let err = token
        .sender(h)
        .claim_batch(vec![u(1), u(1)])
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyClaimed(_)));
    assert_eq!(a.balance(), U256::ZERO);
    token.sender(h).claim_batch(vec![u(1), u(2)]).motsu_unwrap();
    assert_eq!(a.balance(), u(150));
    token.assert_emitted(&RevenueClaimed {
        account: h,
        snapshotId: u(2),
        amount: u(100),
    });
    token.sender(h).claim_batch(vec![]).motsu_unwrap();
    assert_eq!(a.balance(), u(150));
}

// ---------------------------------------------------------------------------
// Revenue sources and the sweep
// ---------------------------------------------------------------------------

#[motsu::test]
fn only_the_owner_manages_up_to_four_distinct_sources(
    token: Contract<RevShareToken>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    let src = |i: u8| Address::repeat_byte(i);
    let err = token
        .sender(alice)
        .add_revenue_source(src(1), u(7))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::UnauthorizedAccount(_)));
    let err = token
        .sender(owner)
        .add_revenue_source(Address::ZERO, u(7))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidRevenueSource(_)));
    for i in 1..=4 {
        token
            .sender(owner)
            .add_revenue_source(src(i), u(7))
            .motsu_unwrap();
    }
    token.assert_emitted(&RevenueSourceAdded {
        oracle: src(4),
        modelId: u(7),
    });
    let err = token
        .sender(owner)
        .add_revenue_source(src(1), u(7))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::RevenueSourceExists(_)));
    let err = token
        .sender(owner)
        .add_revenue_source(src(5), u(7))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::TooManyRevenueSources(_)));
    let err = token
        .sender(alice)
        .remove_revenue_source(src(1), u(7))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::UnauthorizedAccount(_)));
    let err = token
        .sender(owner)
        .remove_revenue_source(src(1), u(8))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::RevenueSourceNotFound(_)));
    token
        .sender(owner)
        .remove_revenue_source(src(2), u(7))
        .motsu_unwrap();
    token.assert_emitted(&RevenueSourceRemoved {
        oracle: src(2),
        modelId: u(7),
    });
    let sources = token.sender(owner).revenue_sources();
    assert_eq!(
        sources,
        vec![(src(1), u(7)), (src(4), u(7)), (src(3), u(7))]
    );
    token
        .sender(owner)
        .add_revenue_source(src(5), u(9))
        .motsu_unwrap();
    token
        .sender(owner)
        .remove_revenue_source(src(5), u(9))
        .motsu_unwrap();
    assert_eq!(token.sender(owner).revenue_sources().len(), 3);
}

#[motsu::test]
fn snapshot_sweeps_sources_that_pay_pay_nothing_or_revert(
    token: Contract<RevShareToken>,
    paying: Contract<PayingSource>,
    silent: Contract<SilentSource>,
    reverting: Contract<RevertingSource>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, holder.address(), 100, 8_000, 0, 2);
    for (src, model) in [
        (reverting.address(), 1),
        (paying.address(), 2),
        (silent.address(), 3),
    ] {
        token
            .sender(owner)
            .add_revenue_source(src, u(model))
            .motsu_unwrap();
    }
    paying.fund(u(500));
    paying.sender(owner).set_owed(u(500));
    deposit(&token, alice, 100);
    assert_eq!(snapshot(&token, alice), u(1));
    // The oracle's 500 landed in this snapshot: 80% of 600.
    token.assert_emitted(&RevenueSourceFailed {
        oracle: reverting.address(),
        modelId: u(1),
    });
    token.assert_emitted(&RevenueReceived {
        from: paying.address(),
        amount: u(500),
    });
    token.assert_emitted(&Snapshot {
        id: u(1),
        claimable: u(480),
        toRedeemPool: u(120),
    });
    assert_eq!(paying.balance(), U256::ZERO);
    assert_eq!(paying.sender(owner).calls(), u(1));
    assert_eq!(silent.sender(owner).calls(), u(1));
    assert!(!token.emitted(&RevenueSourceFailed {
        oracle: silent.address(),
        modelId: u(3)
    }));
    // A second snapshot with nothing owed is still fine.
    assert_eq!(snapshot(&token, alice), u(2));
    assert_eq!(token.sender(alice).claimable_at(u(2)), U256::ZERO);
    token.sender(holder.address()).claim(u(1)).motsu_unwrap();
    assert_eq!(holder.balance(), u(480));
}

// ---------------------------------------------------------------------------
// Reentrancy
// ---------------------------------------------------------------------------

#[motsu::test]
fn reentrant_claim_gains_nothing(
    token: Contract<RevShareToken>,
    attacker: Contract<Attacker>,
    other: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (ha, ho) = (attacker.address(), other.address());
    deploy(&token, owner, ha, 100, 5_000, 0, 2);
    token.sender(ha).transfer(ho, u(50)).motsu_unwrap();
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    deposit(&token, alice, 1_000);
    attacker.sender(alice).setup(token.address(), u(1));
    token.sender(ha).claim(u(1)).motsu_unwrap();
    // Four re-entries (claim, claimBatch, burn, snapshot), all refused.
    assert_eq!(attacker.sender(alice).attempts(), u(4));
    assert_eq!(attacker.sender(alice).locked_out(), u(4));
    assert_eq!(attacker.sender(alice).successes(), U256::ZERO);
    assert_eq!(attacker.balance(), u(250));
    assert_eq!(token.sender(ha).balance_of(ha), u(50));
    assert_eq!(token.sender(ha).current_snapshot_id(), u(1));
    assert_eq!(token.sender(ha).claimed_at(u(1)), u(250));
    token.sender(ho).claim(u(1)).motsu_unwrap();
    assert_eq!(other.balance(), u(250));
    assert_eq!(token.balance(), u(1_500));
    assert_eq!(open_unclaimed(&token), U256::ZERO);
}

#[motsu::test]
fn reentrant_burn_gains_nothing(
    token: Contract<RevShareToken>,
    attacker: Contract<Attacker>,
    other: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    let (ha, ho) = (attacker.address(), other.address());
    deploy(&token, owner, ha, 100, 5_000, 0, 2);
    token.sender(ha).transfer(ho, u(50)).motsu_unwrap();
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    attacker.sender(alice).setup(token.address(), u(1));
    let expected = token.sender(ha).redeemable_on_burn(u(50));
    assert_eq!(expected, u(250));
    token.sender(ha).burn(u(50)).motsu_unwrap();
    assert_eq!(attacker.sender(alice).successes(), U256::ZERO);
    assert_eq!(attacker.sender(alice).attempts(), u(4));
    assert_eq!(attacker.sender(alice).locked_out(), u(4));
    assert_eq!(attacker.balance(), expected);
    // The other holder's claim and redeem are whole.
    assert_eq!(token.sender(ho).claimable_revenue(ho, u(1)), u(250));
    assert_eq!(token.sender(ho).redeemable_on_burn(u(50)), u(250));
    token.sender(ho).burn(u(50)).motsu_unwrap();
    token.sender(ho).claim(u(1)).motsu_unwrap();
    token.sender(ha).claim(u(1)).motsu_unwrap();
    assert_eq!(other.balance(), u(500));
    assert_eq!(attacker.balance(), u(500));
    assert_eq!(token.balance(), U256::ZERO);
}

#[motsu::test]
fn reentrant_revenue_source_cannot_disturb_the_snapshot(
    token: Contract<RevShareToken>,
    attacker: Contract<Attacker>,
    holder: Contract<Wallet>,
    owner: Address,
    alice: Address,
) {
    deploy(&token, owner, holder.address(), 100, 5_000, 0, 2);
    token
        .sender(owner)
        .add_revenue_source(attacker.address(), u(1))
        .motsu_unwrap();
    attacker.sender(alice).setup(token.address(), u(1));
    attacker.fund(u(300));
    deposit(&token, alice, 100);
    assert_eq!(snapshot(&token, alice), u(1));
    assert_eq!(attacker.sender(alice).attempts(), u(4));
    assert_eq!(attacker.sender(alice).locked_out(), u(4));
    assert_eq!(attacker.sender(alice).successes(), U256::ZERO);
    // The source's payment, made while the snapshot held the lock, counts.
    token.assert_emitted(&Snapshot {
        id: u(1),
        claimable: u(200),
        toRedeemPool: u(200),
    });
    assert_eq!(token.sender(alice).current_snapshot_id(), u(1));
    assert_eq!(
        token.sender(alice).redeem_pool() + open_unclaimed(&token),
        token.balance()
    );
}

// ---------------------------------------------------------------------------
// Permit (EIP-2612) with a real secp256k1 signature
// ---------------------------------------------------------------------------

fn permit_typehash() -> B256 {
    keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
}

fn sign_permit(
    token: &Contract<RevShareToken>,
    signer: &Account,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
) -> (u8, B256, B256) {
    let domain = token.sender(spender).domain_separator();
    let struct_hash = keccak256(
        (
            permit_typehash(),
            signer.address(),
            spender,
            value,
            nonce,
            deadline,
        )
            .abi_encode(),
    );
    let mut preimage = vec![0x19, 0x01];
    preimage.extend_from_slice(domain.as_slice());
    preimage.extend_from_slice(struct_hash.as_slice());
    let sig = signer
        .signer()
        .sign_hash_sync(&keccak256(preimage))
        .expect("signs");
    (27 + u8::from(sig.v()), sig.r().into(), sig.s().into())
}

#[motsu::test]
fn permit_accepts_a_real_signature_once(token: Contract<RevShareToken>, spender: Address) {
    let holder = Account::from_tag("permit-holder");
    deploy(&token, spender, holder.address(), 1_000, 5_000, 0, 1);
    let deadline = u(MOTSU_NOW + 60);
    let (v, r, s) = sign_permit(&token, &holder, spender, u(300), U256::ZERO, deadline);
    assert_eq!(token.sender(spender).nonces(holder.address()), U256::ZERO);
    token
        .sender(spender)
        .permit(holder.address(), spender, u(300), deadline, v, r, s)
        .motsu_unwrap();
    assert_eq!(
        token.sender(spender).allowance(holder.address(), spender),
        u(300)
    );
    assert_eq!(token.sender(spender).nonces(holder.address()), u(1));
    token.assert_emitted(&erc20::Approval {
        owner: holder.address(),
        spender,
        value: u(300),
    });
    // Replaying the same signature fails: the nonce moved on.
    let err = token
        .sender(spender)
        .permit(holder.address(), spender, u(300), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, permit::Error::InvalidSigner(_)));
    token
        .sender(spender)
        .transfer_from(holder.address(), spender, u(300))
        .motsu_unwrap();
    assert_eq!(token.sender(spender).balance_of(spender), u(300));
}

#[motsu::test]
fn permit_rejects_an_expired_deadline(token: Contract<RevShareToken>, spender: Address) {
    let holder = Account::from_tag("permit-holder-2");
    deploy(&token, spender, holder.address(), 1_000, 5_000, 0, 1);
    let deadline = u(MOTSU_NOW - 1);
    let (v, r, s) = sign_permit(&token, &holder, spender, u(1), U256::ZERO, deadline);
    let err = token
        .sender(spender)
        .permit(holder.address(), spender, u(1), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, permit::Error::ExpiredSignature(_)));
    assert_eq!(token.sender(spender).nonces(holder.address()), U256::ZERO);
}

#[motsu::test]
fn permit_rejects_a_signature_by_someone_else(token: Contract<RevShareToken>, spender: Address) {
    let holder = Account::from_tag("permit-holder-3");
    let thief = Account::from_tag("permit-thief");
    deploy(&token, spender, holder.address(), 1_000, 5_000, 0, 1);
    let deadline = u(MOTSU_NOW + 60);
    let (v, r, s) = sign_permit(&token, &thief, spender, u(1), U256::ZERO, deadline);
    let err = token
        .sender(spender)
        .permit(holder.address(), spender, u(1), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, permit::Error::InvalidSigner(_)));
}

// ---------------------------------------------------------------------------
// Encodings and arithmetic
// ---------------------------------------------------------------------------

#[test]
fn errors_encode_as_their_solidity_signatures() {
    let err: Vec<u8> = Error::AlreadyClaimed(AlreadyClaimed {
        account: Address::repeat_byte(1),
        snapshotId: u(3),
    })
    .into();
    assert_eq!(&err[..4], AlreadyClaimed::SELECTOR);
    assert_eq!(
        &err[..4],
        &keccak256("AlreadyClaimed(address,uint256)")[..4]
    );
    let err: Vec<u8> = Error::ReentrantCall(ReentrantCall {}).into();
    assert_eq!(err, keccak256("ReentrantCall()")[..4].to_vec());
    let inner = erc20::Error::InsufficientBalance(erc20::ERC20InsufficientBalance {
        sender: Address::ZERO,
        balance: u(1),
        needed: u(2),
    });
    let expected: Vec<u8> = erc20::Error::InsufficientBalance(erc20::ERC20InsufficientBalance {
        sender: Address::ZERO,
        balance: u(1),
        needed: u(2),
    })
    .into();
    let err: Vec<u8> = Error::from(inner).into();
    assert_eq!(err, expected);
}

#[test]
fn mul_div_handles_256_bit_products() {
    assert_eq!(mul_div(10, 20, 0), None);
    assert_eq!(mul_div(7, 3, 2), Some(10));
    assert_eq!(mul_div(u128::MAX, u128::MAX, u128::MAX), Some(u128::MAX));
    assert_eq!(mul_div(u128::MAX, 2, 1), None);
    assert_eq!(
        mul_div(u128::MAX, u128::MAX - 1, u128::MAX),
        Some(u128::MAX - 1)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    #[test]
    fn mul_div_matches_wide_arithmetic(a: u128, b: u128, d in 1u128..) {
        let wide = U256::from(a) * U256::from(b) / U256::from(d);
        let expected = if wide > U256::from(u128::MAX) { None } else { Some(wide.to::<u128>()) };
        proptest::prop_assert_eq!(mul_div(a, b, d), expected);
    }
}

// ---------------------------------------------------------------------------
// Storage layout
// ---------------------------------------------------------------------------

#[motsu::test]
fn hot_fields_share_one_slot(token: Contract<RevShareToken>, owner: Address, alice: Address) {
    deploy(&token, owner, owner, 100, 2_500, 60, 3);
    deposit(&token, alice, 1_000);
    snapshot(&token, alice);
    // (Added after the snapshot: a source without code would abort motsu.)
    token
        .sender(owner)
        .add_revenue_source(Address::repeat_byte(9), u(1))
        .motsu_unwrap();
    let t = token.sender(owner);
    let slot = |n: u64| U256::from_be_bytes(t.vm().storage_load_bytes32(U256::from(n)).0);
    // Slot 8, low to high bytes: snapshot id, last timestamp, interval (u64 each), claim window
    // (u32), claimable bps (u16), lock (bool), source count (u8).
    let now = U256::from(MOTSU_NOW + clock::offset());
    let expected = U256::from(1)
        | now << 64
        | U256::from(60) << 128
        | U256::from(3) << 192
        | U256::from(2_500) << 224
        | U256::from(1) << 248;
    assert_eq!(slot(8), expected);
    // Slot 9: reserved claims (low 128 bits) and the redeem pool (high 128 bits).
    assert_eq!(slot(9), U256::from(250) | U256::from(750) << 128);
    // Slots 0..=7: OpenZeppelin's ERC-20 (0: balances, 1: allowances, 2: total supply),
    // name (3), symbol (4), nonces (5), the empty EIP-712 struct (6), owner (7).
    assert_eq!(slot(2), u(100));
    assert_eq!(slot(7), U256::from_be_slice(owner.as_slice()));
    assert_eq!(
        slot(3),
        U256::from_be_slice(&short_string("Llama IMO").unwrap().0)
    );
}

// ---------------------------------------------------------------------------
// The Solidity interface files match the contract
// ---------------------------------------------------------------------------

const IERC7641_SOL: &str = include_str!("../../../solidity/interfaces/IERC7641.sol");
const IREVSHARE_SOL: &str = include_str!("../../../solidity/interfaces/IRevShareToken.sol");

/// `name(type,type)` signatures of the `kind` ("function", "event",
/// "error") declarations in Solidity source, without names and locations.
fn sol_signatures(source: &str, kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    let needle = format!("{kind} ");
    while let Some(at) = rest.find(&needle) {
        let decl = &rest[at + needle.len()..];
        let open = decl.find('(').expect("(");
        let close = decl.find(')').expect(")");
        let name = decl[..open].trim();
        let params: Vec<&str> = decl[open + 1..close]
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| p.split_whitespace().next().expect("type"))
            .collect();
        if !name.contains(' ') && !name.is_empty() {
            out.push(format!("{name}({})", params.join(",")));
        }
        rest = &decl[close..];
    }
    out.sort();
    out.dedup();
    out
}

/// Well-formed call data for `signature` with zero / empty arguments (the
/// router rejects malformed arguments the same way as unknown selectors).
fn zero_call(signature: &str) -> Vec<u8> {
    let mut data = keccak256(signature.as_bytes())[..4].to_vec();
    let params = &signature[signature.find('(').expect("(") + 1..signature.len() - 1];
    let types: Vec<&str> = params.split(',').filter(|t| !t.is_empty()).collect();
    let mut tail = Vec::new();
    for ty in &types {
        if ty.ends_with("[]") || *ty == "string" || *ty == "bytes" {
            let offset = 32 * types.len() + tail.len();
            data.extend_from_slice(&U256::from(offset).to_be_bytes::<32>());
            tail.extend_from_slice(&[0u8; 32]);
        } else {
            data.extend_from_slice(&[0u8; 32]);
        }
    }
    data.extend_from_slice(&tail);
    data
}

/// Calls a contract with raw call data and tells whether its router knows
/// the selector.
#[storage]
pub struct Prober {}

unsafe impl TopLevelStorage for Prober {}

#[public]
impl Prober {
    fn knows(&mut self, target: Address, calldata: stylus_sdk::abi::Bytes) -> bool {
        self.vm().flush_cache(true);
        // SAFETY: a plain call; the cache was flushed above.
        match unsafe { stylus_sdk::call::RawCall::new().call(target, &calldata) } {
            Ok(_) => true,
            Err(e) => !String::from_utf8_lossy(&e).contains("function not found"),
        }
    }
}

#[motsu::test]
fn solidity_interfaces_match_the_contract(
    token: Contract<RevShareToken>,
    prober: Contract<Prober>,
    owner: Address,
) {
    deploy(&token, owner, owner, 100, 5_000, 0, 1);
    let mut functions = sol_signatures(IREVSHARE_SOL, "function");
    functions.extend(sol_signatures(IERC7641_SOL, "function"));
    functions.sort();
    assert_eq!(functions.len(), 37, "{functions:?}");
    for signature in &functions {
        assert!(
            prober
                .sender(owner)
                .knows(token.address(), zero_call(signature).into()),
            "{signature} is not routed"
        );
    }
    // An unknown selector is reported as such (the probe can fail).
    assert!(!prober
        .sender(owner)
        .knows(token.address(), vec![1, 2, 3, 4].into()));

    let events = sol_signatures(IREVSHARE_SOL, "event");
    let mut expected_events: Vec<String> = [
        erc20::Transfer::SIGNATURE,
        erc20::Approval::SIGNATURE,
        "OwnershipTransferred(address,address)",
        RevenueReceived::SIGNATURE,
        Snapshot::SIGNATURE,
        RevenueClaimed::SIGNATURE,
        Redeemed::SIGNATURE,
        RevenueSourceAdded::SIGNATURE,
        RevenueSourceRemoved::SIGNATURE,
        RevenueSourceFailed::SIGNATURE,
    ]
    .iter()
    .map(|s| String::from(*s))
    .collect();
    expected_events.sort();
    assert_eq!(events, expected_events);

    let errors = sol_signatures(IREVSHARE_SOL, "error");
    let mut expected_errors: Vec<String> = [
        SnapshotTooEarly::SIGNATURE,
        SnapshotNotClaimable::SIGNATURE,
        AlreadyClaimed::SIGNATURE,
        NothingToClaim::SIGNATURE,
        SnapshotNotFound::SIGNATURE,
        ReentrantCall::SIGNATURE,
        EthTransferFailed::SIGNATURE,
        InvalidClaimableBps::SIGNATURE,
        InvalidClaimWindow::SIGNATURE,
        InvalidInitialSupply::SIGNATURE,
        TooManyRevenueSources::SIGNATURE,
        RevenueSourceExists::SIGNATURE,
        RevenueSourceNotFound::SIGNATURE,
        InvalidRevenueSource::SIGNATURE,
        InvalidMetadata::SIGNATURE,
        AccountingOverflow::SIGNATURE,
        erc20::ERC20InsufficientBalance::SIGNATURE,
        erc20::ERC20InvalidSender::SIGNATURE,
        erc20::ERC20InvalidReceiver::SIGNATURE,
        erc20::ERC20InsufficientAllowance::SIGNATURE,
        erc20::ERC20InvalidSpender::SIGNATURE,
        erc20::ERC20InvalidApprover::SIGNATURE,
        permit::ERC2612ExpiredSignature::SIGNATURE,
        permit::ERC2612InvalidSigner::SIGNATURE,
        "ECDSAInvalidSignature()",
        "ECDSAInvalidSignatureS(bytes32)",
        ownable::OwnableUnauthorizedAccount::SIGNATURE,
        ownable::OwnableInvalidOwner::SIGNATURE,
    ]
    .iter()
    .map(|s| String::from(*s))
    .collect();
    expected_errors.sort();
    assert_eq!(errors, expected_errors);
}

mod invariants;
