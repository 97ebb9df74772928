//! Property test: random sequences of requests, deliveries, error answers, refunds of expired
//! requests, challenges by several accounts, resolutions, settlements, claims, withdrawals,
//! unstaking and fee changes. After every operation the
//! accounting identity of both contracts holds, and no account has withdrawn more than it was
//! credited (per ledger: refunds, node earnings, verifier credits, stakes).

use alloc::vec::Vec;
use std::collections::HashMap;

use alloy_primitives::{keccak256, Address, U256};
use alloy_sol_types::SolEvent;
use imo_ai_oracle_verifier::{CreditWithdrawn, Credited, StakeWithdrawn, Staked};
use motsu::prelude::*;
use proptest::prelude::*;

use crate::tests::{
    advance, assert_identity, b, track, u, Env, Reverter, Wallet, BOND, GAS, MODEL,
};
use crate::{EarningsWithdrawn, RefundCredited, RefundWithdrawn};

#[derive(Debug, Clone)]
enum Op {
    Request {
        payer: bool,
        overpay: u16,
        callback: u8,
        batch: u8,
    },
    Deliver {
        node: bool,
        pick: u8,
        output: u8,
    },
    Feedback {
        node: bool,
        pick: u8,
    },
    Challenge {
        who: u8,
        pick: u8,
        claim: u8,
        extra: u16,
    },
    Resolve {
        pick: u8,
        challenger_wins: bool,
        claim: u8,
    },
    Settle {
        pick: u8,
        who: u8,
    },
    Refund {
        pick: u8,
    },
    AdvanceDay,
    Advance {
        secs: u16,
    },
    Claim,
    WithdrawRefund {
        who: bool,
    },
    WithdrawEarnings {
        node: bool,
    },
    WithdrawCredit {
        who: u8,
    },
    WithdrawProtocol,
    Unstake {
        node: bool,
        amount: u16,
    },
    WithdrawStake {
        node: bool,
    },
    SetGasPrice {
        price: u8,
    },
    UpdateResult {
        pick: u8,
        output: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<bool>(), any::<u16>(), 0..3u8, 1..4u8)
            .prop_map(|(payer, overpay, callback, batch)| Op::Request { payer, overpay, callback, batch }),
        4 => (any::<bool>(), any::<u8>(), 0..3u8).prop_map(|(node, pick, output)| Op::Deliver { node, pick, output }),
        1 => (any::<bool>(), any::<u8>()).prop_map(|(node, pick)| Op::Feedback { node, pick }),
        4 => (0..4u8, any::<u8>(), 0..3u8, any::<u16>())
            .prop_map(|(who, pick, claim, extra)| Op::Challenge { who, pick, claim, extra }),
        4 => (any::<u8>(), any::<bool>(), 0..3u8)
            .prop_map(|(pick, challenger_wins, claim)| Op::Resolve { pick, challenger_wins, claim }),
        2 => (any::<u8>(), 0..4u8).prop_map(|(pick, who)| Op::Settle { pick, who }),
        1 => any::<u8>().prop_map(|pick| Op::Refund { pick }),
        1 => Just(Op::AdvanceDay),
        2 => (0..2_000u16).prop_map(|secs| Op::Advance { secs }),
        1 => Just(Op::Claim),
        1 => any::<bool>().prop_map(|who| Op::WithdrawRefund { who }),
        1 => any::<bool>().prop_map(|node| Op::WithdrawEarnings { node }),
        1 => (0..4u8).prop_map(|who| Op::WithdrawCredit { who }),
        1 => Just(Op::WithdrawProtocol),
        1 => (any::<bool>(), any::<u16>()).prop_map(|(node, amount)| Op::Unstake { node, amount }),
        1 => any::<bool>().prop_map(|node| Op::WithdrawStake { node }),
        1 => (0..6u8).prop_map(|price| Op::SetGasPrice { price }),
        1 => (any::<u8>(), 0..3u8).prop_map(|(pick, output)| Op::UpdateResult { pick, output }),
    ]
}

/// Sums of an event's amount per account.
fn sums<E: SolEvent>(
    logs: &[alloy_primitives::LogData],
    f: impl Fn(&E) -> (Address, U256),
) -> HashMap<Address, U256> {
    let mut m: HashMap<Address, U256> = HashMap::new();
    for log in logs {
        if let Ok(e) = E::decode_log_data(log, true) {
            let (a, v) = f(&e);
            *m.entry(a).or_default() += v;
        }
    }
    m
}

fn at_most(withdrawn: &HashMap<Address, U256>, credited: &HashMap<Address, U256>, what: &str) {
    for (a, w) in withdrawn {
        let c = credited.get(a).copied().unwrap_or_default();
        assert!(*w <= c, "{what}: {a} withdrew {w} but was credited {c}");
    }
}

fn run(ops: &[Op]) {
    let env = Env::new();
    let payer2: Contract<Wallet> = Contract::new();
    let node2: Contract<Wallet> = Contract::new();
    let reverter: Contract<Reverter> = Contract::new();
    payer2.address().fund(u(1_000_000_000_000));
    track(payer2.address());
    track(node2.address());
    env.add_node(node2.address());
    let payers = [env.user.address(), payer2.address()];
    let nodes = [env.node.address(), node2.address()];
    // Nodes challenge too (their own results among others): they need ETH for bonds.
    for n in nodes {
        n.fund(u(1_000_000_000_000));
    }
    let arbiter = env.arbiter.address();
    let outputs: [&[u8]; 3] = [b"a", b"b", b"c"];
    // Node earnings credited so far (the oracle has no event for the credit itself).
    let mut earned: HashMap<Address, U256> = HashMap::new();
    let mut ids: Vec<U256> = Vec::new();
    let pick = |ids: &Vec<U256>, p: u8| -> Option<U256> {
        if ids.is_empty() {
            None
        } else {
            Some(ids[p as usize % ids.len()])
        }
    };
    for op in ops {
        match op.clone() {
            Op::Request {
                payer,
                overpay,
                callback,
                batch,
            } => {
                let payer = payers[usize::from(payer)];
                let (cb, gas) = match callback {
                    0 => (Address::ZERO, 0),
                    1 => (env.recorder.address(), GAS),
                    _ => (reverter.address(), GAS),
                };
                let fee =
                    env.oracle
                        .sender(payer)
                        .estimate_fee_batch(MODEL, u(gas), u(u64::from(batch)));
                let fee = fee.motsu_unwrap() + u(u64::from(overpay));
                if let Ok(id) = env
                    .oracle
                    .sender_and_value(payer, fee)
                    .request_batch_inference(
                        u(u64::from(batch)),
                        MODEL,
                        b(b"in"),
                        cb,
                        gas,
                        b(b"d"),
                        0,
                        0,
                    )
                    .motsu_res()
                {
                    ids.push(id);
                }
            }
            Op::Deliver {
                node,
                pick: p,
                output,
            } => {
                if let Some(id) = pick(&ids, p) {
                    let node = nodes[usize::from(node)];
                    let fee = env.req(id).3;
                    let ok = env
                        .oracle
                        .sender(node)
                        .invoke_callback(id, b(outputs[usize::from(output)]))
                        .motsu_res()
                        .is_ok();
                    if ok {
                        *earned.entry(node).or_default() += fee;
                    }
                }
            }
            Op::Feedback { node, pick: p } => {
                // An error answer earns the node nothing (the fee goes back to the requester).
                if let Some(id) = pick(&ids, p) {
                    let node = nodes[usize::from(node)];
                    let _ = env
                        .oracle
                        .sender(node)
                        .feedback_error(id, 0, b(b"x"))
                        .motsu_res();
                }
            }
            Op::Refund { pick: p } => {
                if let Some(id) = pick(&ids, p) {
                    let _ = env.oracle.sender(arbiter).refund_request(id).motsu_res();
                }
            }
            Op::AdvanceDay => advance(crate::REQUEST_TIMEOUT),
            Op::Challenge {
                who,
                pick: p,
                claim,
                extra,
            } => {
                if let Some(id) = pick(&ids, p) {
                    // Nodes challenge too (their own results included).
                    let who = [payers[0], payers[1], nodes[0], nodes[1]][usize::from(who)];
                    // Claim an output other than the delivered one (most of the time).
                    let current = env.req(id).8;
                    let claim = (0..3)
                        .map(|k| (usize::from(claim) + k) % 3)
                        .find(|k| keccak256(outputs[*k]) != current)
                        .unwrap_or(0);
                    let claim = u8::try_from(claim).unwrap_or(0);
                    let _ = env
                        .verifier
                        .sender_and_value(who, u(BOND + u64::from(extra)))
                        .challenge(id, keccak256(outputs[usize::from(claim)]), MODEL, b(b"in"))
                        .motsu_res();
                }
            }
            Op::Resolve {
                pick: p,
                challenger_wins,
                claim,
            } => {
                // Resolve a dispute that is open: the arbiter names the true output (the node's,
                // or one of the three outputs, which may equal nobody's claim).
                let open: Vec<U256> = ids
                    .iter()
                    .copied()
                    .filter(|id| {
                        let d = env.verifier.sender(arbiter).get_dispute(*id);
                        !d.0.is_zero() && !d.2
                    })
                    .collect();
                if let Some(id) = pick(&open, p) {
                    let _ = env
                        .verifier
                        .sender(arbiter)
                        .resolve_challenge(id, challenger_wins, b(outputs[usize::from(claim % 3)]))
                        .motsu_res();
                }
            }
            Op::Settle { pick: p, who } => {
                if let Some(id) = pick(&ids, p) {
                    let who = [payers[0], payers[1], nodes[0], nodes[1]][usize::from(who)];
                    let _ = env
                        .verifier
                        .sender(arbiter)
                        .settle_challenge(id, who)
                        .motsu_res();
                }
            }
            Op::Advance { secs } => advance(u64::from(secs)),
            Op::Claim => {
                env.oracle
                    .sender(arbiter)
                    .claim_model_revenue(MODEL)
                    .motsu_unwrap();
            }
            Op::WithdrawRefund { who } => {
                let who = payers[usize::from(who)];
                let _ = env.oracle.sender(who).withdraw_refund().motsu_res();
            }
            Op::WithdrawEarnings { node } => {
                let _ = env
                    .oracle
                    .sender(nodes[usize::from(node)])
                    .withdraw_earnings()
                    .motsu_res();
            }
            Op::WithdrawCredit { who } => {
                let who = [payers[0], payers[1], nodes[0], nodes[1]][usize::from(who)];
                let _ = env.verifier.sender(who).withdraw_credit().motsu_res();
            }
            Op::WithdrawProtocol => {
                let _ = env
                    .oracle
                    .sender(env.owner.address())
                    .withdraw_protocol_revenue()
                    .motsu_res();
            }
            Op::Unstake { node, amount } => {
                let _ = env
                    .verifier
                    .sender(nodes[usize::from(node)])
                    .request_unstake(u(u64::from(amount)))
                    .motsu_res();
            }
            Op::WithdrawStake { node } => {
                let _ = env
                    .verifier
                    .sender(nodes[usize::from(node)])
                    .withdraw_stake()
                    .motsu_res();
            }
            Op::SetGasPrice { price } => env.set_min_gas_price(u64::from(price)),
            Op::UpdateResult { pick: p, output } => {
                if let Some(id) = pick(&ids, p) {
                    let _ = env
                        .oracle
                        .sender(arbiter)
                        .update_result(id, b(outputs[usize::from(output)]))
                        .motsu_res();
                }
            }
        }
        assert_identity(&env, &ids);

        let o_logs = env.oracle.all_events();
        let v_logs = env.verifier.all_events();
        at_most(
            &sums::<RefundWithdrawn>(&o_logs, |e| (e.account, e.amount)),
            &sums::<RefundCredited>(&o_logs, |e| (e.account, e.amount)),
            "refunds",
        );
        at_most(
            &sums::<EarningsWithdrawn>(&o_logs, |e| (e.node, e.amount)),
            &earned,
            "earnings",
        );
        at_most(
            &sums::<CreditWithdrawn>(&v_logs, |e| (e.account, e.amount)),
            &sums::<Credited>(&v_logs, |e| (e.account, e.amount)),
            "verifier credits",
        );
        at_most(
            &sums::<StakeWithdrawn>(&v_logs, |e| (e.node, e.amount)),
            &sums::<Staked>(&v_logs, |e| (e.node, e.amount)),
            "stakes",
        );
        // The node earnings the oracle holds are exactly what was earned minus what was withdrawn.
        let withdrawn = sums::<EarningsWithdrawn>(&o_logs, |e| (e.node, e.amount));
        for n in nodes {
            let e = earned.get(&n).copied().unwrap_or_default();
            let w = withdrawn.get(&n).copied().unwrap_or_default();
            assert_eq!(env.oracle.sender(arbiter).earnings_of(n), e - w);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn accounting_identity_holds_and_nobody_withdraws_more_than_credited(ops in prop::collection::vec(op(), 1..50)) {
        run(&ops);
    }
}
