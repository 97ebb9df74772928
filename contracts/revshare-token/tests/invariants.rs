//! The spec's five invariants as property tests: random sequences of deposit / forced ETH /
//! transfer / snapshot / claim / claimBatch / burn / flash round trip / time advance among four
//! holders, with every invariant checked after every operation against an independent model.
//!
//! The clock moves by 0, 1, 2 or more seconds at a time, so several operations often share a
//! second with a snapshot, before and after it. The model records a snapshot's balances when
//! its second is over (the balances at the end of that second), and checks that the token
//! reports exactly those at every final snapshot, refuses the snapshot of the current second
//! (`SnapshotNotFinal`), and pays from final snapshots only.

use std::collections::BTreeMap;

use alloy_primitives::{Address, U256};
use imo_revshare_token::{Error, IErc20, RevShareToken};
use imo_testkit::{clock, Wallet};
use motsu::prelude::*;
use proptest::prelude::*;

mod common;
use common::{deploy, open_unclaimed, MOTSU_NOW};

const HOLDERS: usize = 4;

#[derive(Debug, Clone)]
enum Op {
    Deposit(u64),
    Receive(u64),
    Force(u64),
    Transfer {
        from: usize,
        to: usize,
        pct: u8,
    },
    Snapshot,
    Claim {
        holder: usize,
        back: u8,
    },
    ClaimBatch {
        holder: usize,
    },
    Burn {
        holder: usize,
        pct: u8,
    },
    /// `lender` lends `pct`% of its balance to `borrower`, who takes a snapshot, tries to claim
    /// it and gives the tokens back, all in one second (a flash loan).
    Flash {
        lender: usize,
        borrower: usize,
        pct: u8,
    },
    Advance(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1u64..1_000_000).prop_map(Op::Deposit),
        1 => (1u64..1_000).prop_map(Op::Receive),
        1 => (1u64..1_000).prop_map(Op::Force),
        3 => (0..HOLDERS, 0..HOLDERS, 0u8..=100).prop_map(|(from, to, pct)| Op::Transfer { from, to, pct }),
        3 => Just(Op::Snapshot),
        6 => (0..HOLDERS, 0u8..3).prop_map(|(holder, back)| Op::Claim { holder, back }),
        2 => (0..HOLDERS).prop_map(|holder| Op::ClaimBatch { holder }),
        2 => (0..HOLDERS, 0u8..=100).prop_map(|(holder, pct)| Op::Burn { holder, pct }),
        2 => (0..HOLDERS, 0..HOLDERS, 1u8..=100).prop_map(|(lender, borrower, pct)| Op::Flash { lender, borrower, pct }),
        4 => prop_oneof![Just(0u64), Just(1u64), Just(2u64), 0u64..200].prop_map(Op::Advance),
    ]
}

/// What the test knows independently of the contract.
#[derive(Default)]
struct Model {
    /// Every wei that entered the token.
    total_in: U256,
    /// The time of each snapshot (index `id - 1`).
    snapshot_time: Vec<u64>,
    /// Balances of the holders and the supply at the end of each snapshot's second (index
    /// `id - 1`), known once that second is over.
    snapshot_balances: Vec<[U256; HOLDERS]>,
    snapshot_supply: Vec<U256>,
    /// Claims paid, per (holder, snapshot) and per snapshot.
    paid: BTreeMap<(usize, u64), U256>,
    paid_per_snapshot: BTreeMap<u64, U256>,
}

struct World {
    token: Contract<RevShareToken>,
    holders: Vec<Contract<Wallet>>,
    depositor: Address,
    model: Model,
    interval: u64,
    /// Time of the last snapshot (the deployment's before the first).
    last_snapshot: u64,
}

/// The test clock now.
fn now() -> u64 {
    MOTSU_NOW + clock::offset()
}

impl World {
    fn h(&self, i: usize) -> Address {
        self.holders[i].address()
    }

    fn current(&self) -> u64 {
        self.token
            .sender(self.depositor)
            .current_snapshot_id()
            .to::<u64>()
    }

    /// Whether snapshot `id` is final: its second is over.
    fn is_final(&self, id: u64) -> bool {
        self.model.snapshot_time[id as usize - 1] < now()
    }

    /// Records the end-of-second balances of the newest snapshot once its second is over
    /// (before anything in a later second can change them).
    fn settle(&mut self) {
        let known = self.model.snapshot_balances.len();
        if known < self.model.snapshot_time.len() && self.is_final(known as u64 + 1) {
            let t = self.token.sender(self.depositor);
            let balances = core::array::from_fn(|i| t.balance_of(self.holders[i].address()));
            let supply = t.total_supply();
            self.model.snapshot_balances.push(balances);
            self.model.snapshot_supply.push(supply);
        }
    }

    /// The ids inside the claim window.
    fn open_ids(&self) -> Vec<u64> {
        let current = self.current();
        let window = u64::from(self.token.sender(self.depositor).claim_window());
        (current.saturating_sub(window) + 1..=current).collect()
    }

    /// What the model says `holder` may claim from snapshot `id`.
    fn expected_claim(&self, holder: usize, id: u64) -> U256 {
        if !self.open_ids().contains(&id) || !self.is_final(id) {
            return U256::ZERO;
        }
        let t = self.token.sender(self.depositor);
        let supply = self.model.snapshot_supply[id as usize - 1];
        if self.model.paid.contains_key(&(holder, id)) || supply.is_zero() {
            return U256::ZERO;
        }
        self.model.snapshot_balances[id as usize - 1][holder] * t.claimable_at(U256::from(id))
            / supply
    }

    fn paid_out(&self) -> U256 {
        self.holders
            .iter()
            .map(|h| h.balance())
            .fold(U256::ZERO, |a, b| a + b)
    }

    fn snapshot(&mut self) -> Result<(), TestCaseError> {
        let d = self.depositor;
        let early = now() <= self.last_snapshot || now() - self.last_snapshot < self.interval;
        match self.token.sender(d).snapshot().motsu_res() {
            Ok(id) => {
                prop_assert!(!early);
                prop_assert_eq!(id.to::<u64>(), self.model.snapshot_time.len() as u64 + 1);
                self.model.snapshot_time.push(now());
                self.last_snapshot = now();
            }
            Err(e) => {
                prop_assert!(early);
                prop_assert!(matches!(e, Error::SnapshotTooEarly(_)));
            }
        }
        Ok(())
    }

    fn claim(&mut self, holder: usize, id: u64) -> Result<(), TestCaseError> {
        let h = self.h(holder);
        let expected = if id == 0 {
            U256::ZERO
        } else {
            self.expected_claim(holder, id)
        };
        prop_assert_eq!(
            self.token.sender(h).claimable_revenue(h, U256::from(id)),
            expected
        );
        let before = self.holders[holder].balance();
        let result = self.token.sender(h).claim(U256::from(id)).motsu_res();
        if expected.is_zero() {
            if id != 0 && id == self.current() && !self.is_final(id) {
                prop_assert!(matches!(result, Err(Error::SnapshotNotFinal(_))));
            } else {
                prop_assert!(result.is_err());
            }
            prop_assert_eq!(self.holders[holder].balance(), before);
        } else {
            prop_assert!(result.is_ok());
            prop_assert_eq!(self.holders[holder].balance() - before, expected);
            self.model.paid.insert((holder, id), expected);
            *self.model.paid_per_snapshot.entry(id).or_default() += expected;
        }
        Ok(())
    }

    fn apply(&mut self, op: &Op) -> Result<(), TestCaseError> {
        self.settle();
        let d = self.depositor;
        match *op {
            Op::Deposit(amount) => {
                d.fund(U256::from(amount));
                self.token
                    .sender_and_value(d, U256::from(amount))
                    .deposit_revenue();
                self.model.total_in += U256::from(amount);
            }
            Op::Receive(amount) => {
                d.fund(U256::from(amount));
                self.token
                    .sender_and_value(d, U256::from(amount))
                    .receive()
                    .motsu_unwrap();
                self.model.total_in += U256::from(amount);
            }
            Op::Force(amount) => {
                self.token.fund(U256::from(amount));
                self.model.total_in += U256::from(amount);
            }
            Op::Transfer { from, to, pct } => {
                let (hf, ht) = (self.h(from), self.h(to));
                let amount =
                    self.token.sender(hf).balance_of(hf) * U256::from(pct) / U256::from(100);
                self.token.sender(hf).transfer(ht, amount).motsu_unwrap();
            }
            Op::Snapshot => self.snapshot()?,
            Op::Claim { holder, back } => {
                let id = self.current().saturating_sub(u64::from(back));
                self.claim(holder, id)?;
            }
            Op::ClaimBatch { holder } => {
                let h = self.h(holder);
                let ids: Vec<u64> = self
                    .open_ids()
                    .into_iter()
                    .filter(|&id| !self.expected_claim(holder, id).is_zero())
                    .collect();
                if ids.is_empty() {
                    return Ok(());
                }
                let amounts: Vec<U256> = ids
                    .iter()
                    .map(|&id| self.expected_claim(holder, id))
                    .collect();
                let before = self.holders[holder].balance();
                self.token
                    .sender(h)
                    .claim_batch(ids.iter().map(|&id| U256::from(id)).collect())
                    .motsu_unwrap();
                let total = amounts.iter().fold(U256::ZERO, |a, &b| a + b);
                prop_assert_eq!(self.holders[holder].balance() - before, total);
                for (&id, &amount) in ids.iter().zip(&amounts) {
                    self.model.paid.insert((holder, id), amount);
                    *self.model.paid_per_snapshot.entry(id).or_default() += amount;
                }
            }
            Op::Burn { holder, pct } => {
                let h = self.h(holder);
                let amount = self.token.sender(h).balance_of(h) * U256::from(pct) / U256::from(100);
                let expected = self.token.sender(h).redeemable_on_burn(amount);
                // Invariant 5: burning never lowers another holder's claim.
                let claims = |w: &World| -> Vec<U256> {
                    w.open_ids()
                        .iter()
                        .flat_map(|&id| (0..HOLDERS).map(move |i| (i, id)))
                        .map(|(i, id)| w.token.sender(d).claimable_revenue(w.h(i), U256::from(id)))
                        .collect()
                };
                let claims_before = claims(self);
                let before = self.holders[holder].balance();
                self.token.sender(h).burn(amount).motsu_unwrap();
                prop_assert_eq!(self.holders[holder].balance() - before, expected);
                prop_assert_eq!(claims_before, claims(self));
            }
            Op::Flash {
                lender,
                borrower,
                pct,
            } => {
                let (hl, hb) = (self.h(lender), self.h(borrower));
                let amount =
                    self.token.sender(hl).balance_of(hl) * U256::from(pct) / U256::from(100);
                self.token.sender(hl).transfer(hb, amount).motsu_unwrap();
                self.snapshot()?;
                let id = self.current();
                self.claim(borrower, id)?;
                self.token.sender(hb).transfer(hl, amount).motsu_unwrap();
            }
            Op::Advance(seconds) => {
                clock::advance(seconds);
                self.settle();
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), TestCaseError> {
        let current = self.current();
        let reserved = open_unclaimed(&self.token);
        let t = self.token.sender(self.depositor);
        let pool = t.redeem_pool();
        let balance = self.token.balance();
        // 1. Solvency.
        prop_assert!(balance >= reserved + pool);
        // 3. Conservation: paid out + reserved + pool + pending = all that came in. (As
        // `pendingRevenue` is the balance minus the *stored* reserve and the pool, this also
        // checks that the stored reserve is the sum over the open snapshots.)
        prop_assert_eq!(
            self.paid_out() + reserved + pool + t.pending_revenue(),
            self.model.total_in
        );
        for id in 1..=current {
            let s = U256::from(id);
            // 2. Claims never exceed the assignment, and match what was paid.
            prop_assert!(t.claimed_at(s) <= t.claimable_at(s));
            prop_assert_eq!(
                t.claimed_at(s),
                self.model
                    .paid_per_snapshot
                    .get(&id)
                    .copied()
                    .unwrap_or_default()
            );
            if !self.is_final(id) {
                // The snapshot of the current second: nothing is known or paid yet.
                prop_assert!(matches!(
                    t.total_supply_at(s).motsu_res(),
                    Err(Error::SnapshotNotFinal(_))
                ));
                for i in 0..HOLDERS {
                    let h = self.holders[i].address();
                    prop_assert!(matches!(
                        t.balance_of_at(h, s).motsu_res(),
                        Err(Error::SnapshotNotFinal(_))
                    ));
                    prop_assert_eq!(t.claimable_revenue(h, s), U256::ZERO);
                }
                continue;
            }
            // 4 and 5. Balances at final snapshots (hence who is paid) are those at the end of
            // the snapshot's second, whatever transfers, flash loans and burns followed.
            prop_assert_eq!(
                t.total_supply_at(s).motsu_unwrap(),
                self.model.snapshot_supply[id as usize - 1]
            );
            for i in 0..HOLDERS {
                let h = self.holders[i].address();
                prop_assert_eq!(
                    t.balance_of_at(h, s).motsu_unwrap(),
                    self.model.snapshot_balances[id as usize - 1][i]
                );
                prop_assert_eq!(t.claimable_revenue(h, s), self.expected_claim(i, id));
            }
        }
        // The supply is the sum of the holders' balances (tokens only move between them or
        // are burned).
        let sum = (0..HOLDERS)
            .map(|i| t.balance_of(self.h(i)))
            .fold(U256::ZERO, |a, b| a + b);
        prop_assert_eq!(t.total_supply(), sum);
        Ok(())
    }
}

fn run(
    bps: u16,
    window: u32,
    interval: u64,
    supply: u64,
    split: [u8; HOLDERS - 1],
    ops: &[Op],
) -> Result<(), TestCaseError> {
    let token = Contract::<RevShareToken>::new();
    let holders: Vec<Contract<Wallet>> = (0..HOLDERS).map(|_| Contract::new()).collect();
    let owner = Address::random();
    let mut world = World {
        token,
        holders,
        depositor: Address::random(),
        model: Model::default(),
        interval,
        last_snapshot: 0,
    };
    deploy(
        &world.token,
        owner,
        world.h(0),
        supply,
        bps,
        interval,
        window,
    );
    world.last_snapshot = world.token.sender(owner).last_snapshot_timestamp();
    for (i, pct) in split.iter().enumerate() {
        let amount = U256::from(supply) * U256::from(*pct) / U256::from(100);
        let (from, to) = (world.h(0), world.h(i + 1));
        world.token.sender(from).transfer(to, amount).motsu_unwrap();
    }
    world.check()?;
    for op in ops {
        world.apply(op)?;
        world.check()?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn invariants_hold_for_random_operation_sequences(
        bps in prop_oneof![Just(0u16), Just(10_000u16), 0u16..=10_000],
        window in 1u32..4,
        interval in prop_oneof![Just(0u64), Just(100u64)],
        supply in prop_oneof![Just(1u64), 1u64..1_000, 1u64..u64::MAX],
        split in proptest::array::uniform3(5u8..=33),
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        run(bps, window, interval, supply, split, &ops)?;
    }
}
