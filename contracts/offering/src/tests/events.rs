//! The typed emitters write exactly the `sol!` encoding of each event.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolEvent;
use motsu::prelude::*;

use super::{set_time, u, Env, SaleParams};
use crate::{Canceled, Deposited, Finalized, SaleInitialized, SUCCEEDED};

#[test]
fn emitted_events_decode_as_their_sol_declarations() {
    let env = Env::new(SaleParams::default(), 1);
    env.sale.assert_emitted(&SaleInitialized {
        token: env.token.address(),
        treasury: env.treasury.address(),
        currency: Address::ZERO,
        start: env.start,
        end: env.end,
        target: u(150_000),
        minimum: u(150_000),
        tokensForSale: u(500_000_000),
    });
    set_time(env.start);
    env.deposit(0, 100_000).motsu_unwrap();
    env.deposit(0, 50_000).motsu_unwrap();
    env.sale.assert_emitted(&Deposited {
        buyer: env.buyer(0),
        amount: u(50_000),
        total: u(150_000),
    });
    env.end_sale();
    env.sale.assert_emitted(&Finalized {
        outcome: SUCCEEDED,
        totalDeposits: u(150_000),
        proceeds: u(150_000),
    });
    // Every log of the sale decodes as one of its events, with the whole data consumed.
    for log in env.sale.all_events() {
        let topic = log.topics()[0];
        assert!(
            [
                SaleInitialized::SIGNATURE_HASH,
                Deposited::SIGNATURE_HASH,
                Finalized::SIGNATURE_HASH
            ]
            .contains(&topic),
            "unexpected event {topic}"
        );
    }
    let canceled = Env::new(SaleParams::default(), 0);
    canceled
        .sale
        .sender(canceled.launcher.address())
        .cancel()
        .motsu_unwrap();
    canceled.sale.assert_emitted(&Canceled {});
    let _ = U256::ZERO;
}
