//! Deep nesting of EVM and Stylus frames on a small native stack: the frame loop keeps every
//! frame on the heap, so neither the nesting of engines nor the EVM's 1,024-frame limit needs
//! native stack (the old devchain recursed per frame and needed 64-256 MiB threads).

mod common;

use common::*;
use stylus_devchain::{Devchain, U256};

/// Native stack of the test threads: a quarter of a default test thread's.
const SMALL_STACK: usize = 512 * 1024;

/// P -> F -> P -> F ... (100 Stylus and 100 EVM frames), each F counting in storage. Stylus
/// frames are bounded by Nitro's memory model (the pages of every open program add up in a
/// transaction), not by the native stack.
#[test]
fn a_hundred_alternating_stylus_and_evm_pairs_on_a_small_stack() {
    on_small_stack(SMALL_STACK, || {
        let (mut chain, p) = chain_with_hostio();
        let f = deploy_evm_runtime(&mut chain, &forwarder_runtime());
        let pairs = 100;
        let mut data = op(0, &[b"bottom"]);
        for _ in 0..pairs {
            let via_f = [addr_word(p).as_slice(), &data].concat();
            data = op(8, &[f.as_slice(), &word(0), &via_f]);
        }
        let r = send(&mut chain, p, &data, U256::ZERO);
        assert!(r.success, "{}", r.describe());
        assert!(r.output.ends_with(b"bottom"));
        assert_eq!(r.output.len(), 5 * pairs + 6);
        assert_eq!(chain.storage(f, U256::ZERO), U256::from(pairs));
        assert_eq!(r.breakdown.programs_entered, pairs as u64 + 1);
    });
}

/// A program calls an EVM contract that calls itself 2,000 times: frames stop at the EVM's
/// depth limit (1,024 below the transaction's first frame), and the calls beyond it fail
/// without failing their callers.
#[test]
fn the_1024_frame_limit_is_reached_on_a_small_stack() {
    on_small_stack(SMALL_STACK, || {
        let (mut chain, p) = chain_with_hostio();
        // Enough gas that the 63/64 rule still leaves gas 1,024 frames down.
        chain.block_gas_limit = 1_000_000_000_000;
        chain.tx_gas_limit = 1_000_000_000_000;
        let r_addr = deploy_evm_runtime(&mut chain, &recursive_runtime());
        let r = send(
            &mut chain,
            p,
            &op(8, &[r_addr.as_slice(), &word(0), &word(2_000)]),
            U256::ZERO,
        );
        assert!(r.success, "{}", r.describe());
        assert_eq!(r.output[0], 0, "the first recursive frame succeeded");
        // The program is frame 1; frames 2..=1025 are the recursive contract.
        assert_eq!(chain.storage(r_addr, U256::ZERO), U256::from(1_024));
    });
}

/// A program calling itself until Nitro's memory model makes the next frame unaffordable:
/// the innermost call fails (all its gas), every caller goes on.
#[test]
fn stylus_self_recursion_ends_where_memory_gets_too_expensive() {
    on_small_stack(SMALL_STACK, || {
        let (mut chain, p) = chain_with_hostio();
        let depth = 200;
        let mut data = op(0, &[b"bottom"]);
        for _ in 0..depth {
            data = op(8, &[p.as_slice(), &word(0), &data]);
        }
        let r = send(&mut chain, p, &data, U256::ZERO);
        assert!(r.success, "{}", r.describe());
        let deepest = r.breakdown.programs_entered as usize;
        assert!(
            deepest > 60 && deepest < depth,
            "{deepest} programs entered"
        );
        // Every level that ran reports a success of the level below, except the last one.
        assert!(!r.output.ends_with(b"bottom"));
        let failure = r.error.map(|e| e.to_string()).unwrap_or_default();
        assert!(failure.is_empty(), "{failure}");
        let _ = Devchain::DEV_ACCOUNT;
    });
}
