//! motsu tests of the sale, run with the real RevShare token (`imo-revshare-token`).
//!
//! The sale's `initialize` runs directly on the motsu contract: motsu reports every account's
//! code size as 0, which the clone guard accepts (the devchain tests check the guard on a real
//! clone and on the implementation). Actors are `Wallet` contracts: motsu aborts when ETH is sent
//! to an address without a contract.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]
// `Address::balance` (the SDK's `AddressVM`, deprecated in favour of `self.vm()`, which a test
// outside a contract does not have) reads motsu's balances.
#![allow(deprecated)]

use alloy_primitives::{Address, B256, U256};
pub(crate) use imo_revshare_token::{IErc20, RevShareToken};
use imo_testkit::{TestErc20, Wallet};
use motsu::prelude::*;
pub(crate) use stylus_sdk::types::AddressVM;

use crate::{Sale, FAILED, SUCCEEDED};

mod arithmetic;
mod events;
mod flows;
mod proptests;
mod refusals;
mod revenue;

/// motsu's block timestamp (fixed; tests move the shared clock offset).
pub(crate) const T0: u64 = 1_735_689_600;
/// A sale starts 100 s after its environment is created and lasts a day.
pub(crate) const DELAY: u64 = 100;
pub(crate) const DURATION: u64 = 86_400;
/// The token's supply.
pub(crate) const SUPPLY: u128 = 1_000_000_000_000;
/// Plenty of ETH for every actor.
const RICH: u128 = 1_000_000_000_000_000_000_000_000;

pub(crate) fn u(x: u128) -> U256 {
    U256::from(x)
}

/// The clock every contract of this test thread reads.
pub(crate) fn now() -> u64 {
    T0 + imo_testkit::clock::offset()
}

/// Moves every contract's clock to `at` (an absolute time, never backwards).
pub(crate) fn set_time(at: u64) {
    let now = now();
    if at > now {
        imo_testkit::clock::advance(at - now);
    }
}

/// The sale's parameters for a test.
#[derive(Clone, Debug)]
pub(crate) struct SaleParams {
    pub(crate) target: u128,
    pub(crate) minimum: u128,
    pub(crate) tokens_for_sale: u128,
    pub(crate) min_deposit: u128,
    pub(crate) max_per_address: u128,
    pub(crate) allowlist_root: B256,
    pub(crate) liquidity_bps: u16,
    pub(crate) grants: [u128; 2],
    /// Pay in the test ERC-20 instead of ETH.
    pub(crate) erc20: bool,
}

impl Default for SaleParams {
    fn default() -> Self {
        Self {
            target: 150_000,
            minimum: 150_000,
            tokens_for_sale: 500_000_000,
            min_deposit: 1,
            max_per_address: 0,
            allowlist_root: B256::ZERO,
            liquidity_bps: 0,
            grants: [0, 0],
            erc20: false,
        }
    }
}

pub(crate) struct Env {
    pub(crate) token: Contract<RevShareToken>,
    pub(crate) sale: Contract<Sale>,
    pub(crate) currency: Contract<TestErc20>,
    pub(crate) launcher: Contract<Wallet>,
    pub(crate) treasury: Contract<Wallet>,
    pub(crate) liquidity: Contract<Wallet>,
    pub(crate) vestings: [Contract<Wallet>; 2],
    pub(crate) buyers: Vec<Contract<Wallet>>,
    pub(crate) params: SaleParams,
    /// The sale's start and end.
    pub(crate) start: u64,
    pub(crate) end: u64,
}

impl Env {
    /// A token (supply to the launcher, snapshots every second, claim window 2), a sale funded
    /// with its tokens and initialized, and `buyers` funded buyers.
    pub(crate) fn new(params: SaleParams, buyers: usize) -> Self {
        let env = Self {
            token: Contract::new(),
            sale: Contract::new(),
            currency: Contract::new(),
            launcher: Contract::new(),
            treasury: Contract::new(),
            liquidity: Contract::new(),
            vestings: [Contract::new(), Contract::new()],
            buyers: (0..buyers).map(|_| Contract::new()).collect(),
            params,
            start: now() + DELAY,
            end: now() + DELAY + DURATION,
        };
        let launcher = env.launcher.address();
        env.token
            .sender(launcher)
            .constructor(
                "Model".into(),
                "MDL".into(),
                u(SUPPLY),
                launcher,
                8_000,
                0,
                2,
                launcher,
            )
            .motsu_unwrap();
        let held = env.held();
        env.token
            .sender(launcher)
            .transfer(env.sale.address(), u(held))
            .motsu_unwrap();
        env.initialize().motsu_unwrap();
        for buyer in &env.buyers {
            buyer.address().fund(u(RICH));
            env.currency
                .sender(buyer.address())
                .mint(buyer.address(), u(RICH));
            env.currency
                .sender(buyer.address())
                .approve(env.sale.address(), U256::MAX);
        }
        launcher.fund(u(RICH));
        env
    }

    /// The tokens the sale must hold: for sale, for liquidity, for the grants.
    pub(crate) fn held(&self) -> u128 {
        let p = &self.params;
        let terms = crate::Terms {
            target: p.target,
            minimum: p.minimum,
            tokens_for_sale: p.tokens_for_sale,
            liquidity_bps: p.liquidity_bps,
        };
        p.tokens_for_sale + terms.max_liquidity_tokens() + p.grants[0] + p.grants[1]
    }

    /// Initializes the sale with the test's parameters.
    pub(crate) fn initialize(&self) -> Result<(), crate::Error> {
        let p = &self.params;
        let (grants, amounts): (Vec<Address>, Vec<U256>) = p
            .grants
            .iter()
            .zip(&self.vestings)
            .filter(|(amount, _)| **amount != 0)
            .map(|(amount, vesting)| (vesting.address(), u(*amount)))
            .unzip();
        self.sale.sender(self.launcher.address()).initialize(
            self.token.address(),
            if p.erc20 {
                self.currency.address()
            } else {
                Address::ZERO
            },
            self.treasury.address(),
            self.launcher.address(),
            self.start,
            self.end,
            u(p.target),
            u(p.minimum),
            u(p.tokens_for_sale),
            u(p.min_deposit),
            u(p.max_per_address),
            p.allowlist_root,
            self.liquidity.address(),
            p.liquidity_bps,
            grants,
            amounts,
        )
    }

    pub(crate) fn buyer(&self, i: usize) -> Address {
        self.buyers[i].address()
    }

    /// Buyer `i` deposits `amount` (ETH or the ERC-20).
    pub(crate) fn deposit(&self, i: usize, amount: u128) -> Result<(), crate::Error> {
        let buyer = self.buyer(i);
        let value = if self.params.erc20 { 0 } else { amount };
        self.sale
            .sender_and_value(buyer, u(value))
            .deposit(u(amount))
            .motsu_res()
    }

    /// Buyer `i` claims to itself.
    pub(crate) fn claim(&self, i: usize) -> Result<(U256, U256, U256), crate::Error> {
        let buyer = self.buyer(i);
        self.sale.sender(buyer).claim(buyer).motsu_res()
    }

    /// Anyone distributes.
    pub(crate) fn distribute(&self) -> Result<(), crate::Error> {
        self.sale
            .sender(self.launcher.address())
            .distribute()
            .motsu_res()
    }

    /// `amount` wei of revenue reaches the token, a second later a snapshot is taken, then one
    /// more second passes (so the snapshot is final).
    pub(crate) fn revenue_and_snapshot(&self, amount: u128) -> U256 {
        let launcher = self.launcher.address();
        if amount != 0 {
            self.token
                .sender_and_value(launcher, u(amount))
                .deposit_revenue();
        }
        // At most one snapshot per second, the first one a second after the token's deployment.
        imo_testkit::clock::advance(1);
        let id = self.token.sender(launcher).snapshot().motsu_unwrap();
        imo_testkit::clock::advance(1);
        id
    }

    /// The token balance of `account`.
    pub(crate) fn tokens_of(&self, account: Address) -> U256 {
        self.token.sender(account).balance_of(account)
    }

    /// The currency balance of `account` (ETH, or the ERC-20).
    pub(crate) fn currency_of(&self, account: Address) -> U256 {
        if self.params.erc20 {
            self.currency.sender(account).balance_of(account)
        } else {
            account.balance()
        }
    }

    /// Finalizes after the end.
    pub(crate) fn end_sale(&self) -> u8 {
        set_time(self.end);
        self.sale
            .sender(self.launcher.address())
            .finalize()
            .motsu_unwrap()
    }
}

/// The outcome constants, re-exported for the test modules.
pub(crate) const OK: u8 = SUCCEEDED;
pub(crate) const KO: u8 = FAILED;
