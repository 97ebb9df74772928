//! motsu tests of the vesting grant with the real RevShare token, and property tests of the
//! schedule. `initialize` runs directly on the motsu contract (motsu reports code size 0, which
//! the clone guard accepts; the devchain tests check the guard on a real clone).
#![allow(clippy::unreadable_literal)]
// `Address::balance` (the SDK's `AddressVM`) reads motsu's balances in tests.
#![allow(deprecated)]

use alloy_primitives::{Address, U256};
use imo_revshare_token::{IErc20, RevShareToken};
use imo_testkit::Wallet;
use motsu::prelude::*;
use stylus_sdk::types::AddressVM;

use crate::{Error, Vesting};

mod grant;
mod proptests;

const T0: u64 = 1_735_689_600;
const SUPPLY: u128 = 1_000_000_000;
const CLIFF: u64 = 1_000;
const DURATION: u64 = 4_000;
const AMOUNT: u128 = 1_000_000;

fn u(x: u128) -> U256 {
    U256::from(x)
}

fn now() -> u64 {
    T0 + imo_testkit::clock::offset()
}

fn set_time(at: u64) {
    if at > now() {
        imo_testkit::clock::advance(at - now());
    }
}

struct Env {
    token: Contract<RevShareToken>,
    grant: Contract<Vesting>,
    funder: Contract<Wallet>,
    beneficiary: Contract<Wallet>,
    treasury: Contract<Wallet>,
    start: u64,
}

impl Env {
    /// A token (supply to the funder), a grant starting in 10 s; `to_treasury` sends its
    /// revenue to the treasury instead of the beneficiary.
    fn new(to_treasury: bool) -> Self {
        let env = Self {
            token: Contract::new(),
            grant: Contract::new(),
            funder: Contract::new(),
            beneficiary: Contract::new(),
            treasury: Contract::new(),
            start: now() + 10,
        };
        let funder = env.funder.address();
        funder.fund(u(1_000_000_000_000_000_000_000));
        env.token
            .sender(funder)
            .constructor(
                "M".into(),
                "M".into(),
                u(SUPPLY),
                funder,
                8_000,
                0,
                2,
                funder,
            )
            .motsu_unwrap();
        let recipient = if to_treasury {
            env.treasury.address()
        } else {
            Address::ZERO
        };
        env.grant
            .sender(funder)
            .initialize(
                env.token.address(),
                env.beneficiary.address(),
                recipient,
                env.start,
                CLIFF,
                DURATION,
                u(AMOUNT),
            )
            .motsu_unwrap();
        env
    }

    /// The sale's distribution: the grant receives its tokens.
    fn fund(&self, amount: u128) {
        self.token
            .sender(self.funder.address())
            .transfer(self.grant.address(), u(amount))
            .motsu_unwrap();
    }

    fn release(&self) -> Result<U256, Error> {
        self.grant
            .sender(self.funder.address())
            .release()
            .motsu_res()
    }

    fn tokens_of(&self, account: Address) -> U256 {
        self.token.sender(account).balance_of(account)
    }

    /// Revenue into the token, a second later a snapshot, then one more second (so it is final).
    fn revenue_and_snapshot(&self, amount: u128) -> U256 {
        let funder = self.funder.address();
        self.token
            .sender_and_value(funder, u(amount))
            .deposit_revenue();
        // At most one snapshot per second, the first one a second after the token's deployment.
        imo_testkit::clock::advance(1);
        let id = self.token.sender(funder).snapshot().motsu_unwrap();
        imo_testkit::clock::advance(1);
        id
    }
}
