//! The accounting identity of both contracts, checked after operations.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};

use motsu::prelude::*;

use super::*;

/// Checks the accounting identity of both contracts.
pub(crate) fn assert_identity(env: &Env, request_ids: &[U256]) {
    let who = env.user.address();
    let o = env.oracle.sender(who);
    let mut accounts: Vec<Address> = vec![
        env.owner.address(),
        env.node.address(),
        env.arbiter.address(),
        env.receiver.address(),
        env.user.address(),
        env.recorder.address(),
    ];
    let count = env.request_count();
    let mut pending = U256::ZERO;
    for id in 1..=count {
        let r = env.req(u(id));
        accounts.push(r.0);
        accounts.push(r.5);
        if r.7 == Status::Pending as u8 {
            pending += r.3;
        }
    }
    let _ = request_ids;
    EXTRA_ACCOUNTS.with(|a| accounts.extend(a.borrow().iter().copied()));
    accounts.sort();
    accounts.dedup();
    let models: U256 = [MODEL, u(2), u(3), u(5)]
        .iter()
        .map(|m| o.get_model(*m).5)
        .sum();
    let earnings: U256 = accounts.iter().map(|a| o.earnings_of(*a)).sum();
    let refunds: U256 = accounts.iter().map(|a| o.refund_of(*a)).sum();
    drop(o);
    assert_eq!(
        env.oracle.balance(),
        models + env.oracle.sender(who).parameters().4 + earnings + refunds + pending,
        "oracle: balance == model revenue + protocol revenue + node earnings + refunds + pending delivery fees"
    );
    let v = env.verifier.sender(who);
    let mut held = v.protocol_balance();
    for a in &accounts {
        let n = v.node_info(*a);
        held += n.1 + n.2 + v.credit_of(*a);
    }
    for id in 1..=count {
        let round = v.get_round(u(id));
        held += round.3;
        for r in 0..=round.1 {
            for a in &accounts {
                let (bond, _, settled, _) = v.get_challenge(u(id), r, *a);
                if !settled {
                    held += bond;
                }
            }
        }
    }
    drop(v);
    assert_eq!(
        env.verifier.balance(),
        held,
        "verifier: balance == stakes + unbonding + unsettled bonds + collateral + credits + protocol"
    );
}

thread_local! {
    static EXTRA_ACCOUNTS: core::cell::RefCell<Vec<Address>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// Accounts outside the environment that may hold a refund (e.g. a rejecting receiver).
pub(crate) fn track(account: Address) {
    EXTRA_ACCOUNTS.with(|a| a.borrow_mut().push(account));
}
