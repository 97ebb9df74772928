//! libFuzzer target: the ABI decoding of every contract, natively. The first byte picks a
//! contract, the rest is calldata, run through that contract's router exactly as stylus-sdk's
//! entrypoint runs it on chain (empty calldata: `receive` or `fallback`; the constructor
//! selector: the constructor; else the method, or `fallback` for an unknown selector), on a
//! fresh contract under motsu's host. Any panic is a crash (on chain, a trap); a revert must
//! carry no data or an error the contract's interface declares (`solidity/out/`).
//!
//! Run: `cargo +nightly fuzz run abi_decoding` from the repository root (`scripts/fuzz.sh`).

#![no_main]

extern crate alloc;

use alloy_primitives::{Address, FixedBytes};
use libfuzzer_sys::fuzz_target;
use motsu::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;
use stylus_sdk::abi::{Router, CONSTRUCTOR_SELECTOR};
use stylus_sdk::prelude::*;
use stylus_sdk::ArbResult;

/// The contracts, with the interface (in `solidity/out/`) whose errors each may revert with.
const INTERFACES: [&str; 11] = [
    "IImoAIOracle",
    "IImoAIOracleVerifier",
    "IImoDisputeGame",
    "IRevShareToken",
    "IAigcNft",
    "IAigcMinter",
    "IAigcRenderer",
    "IModelGovernor",
    "IImoLaunchpad",
    "IImoSale",
    "IImoVesting",
];

/// Methods motsu cannot run: they create contracts (motsu has no `create` host function). Their
/// ABI decoding runs on the compiled WASM in `tests/tests/malformed.rs` instead.
const NOT_UNDER_MOTSU: [(&str, &str); 1] = [("IImoLaunchpad", "launch")];

/// The selectors of [`NOT_UNDER_MOTSU`], by contract index.
fn skipped() -> &'static BTreeSet<(usize, [u8; 4])> {
    static SKIPPED: OnceLock<BTreeSet<(usize, [u8; 4])>> = OnceLock::new();
    SKIPPED.get_or_init(|| {
        NOT_UNDER_MOTSU
            .iter()
            .flat_map(|(interface, function)| {
                let which = INTERFACES
                    .iter()
                    .position(|i| i == interface)
                    .expect("listed");
                abi(interface)
                    .functions()
                    .filter(|f| f.name == *function)
                    .map(|f| (which, f.selector().0))
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}

/// The compiled ABI of `name` (`solidity/out/<name>.json`).
fn abi(name: &str) -> alloy_json_abi::JsonAbi {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../solidity/out")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/solc.sh)", path.display()));
    let artifact: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    serde_json::from_value(artifact["abi"].clone()).expect("an ABI")
}

/// Each interface's declared error selectors.
fn declared() -> &'static HashMap<&'static str, BTreeSet<FixedBytes<4>>> {
    static ERRORS: OnceLock<HashMap<&'static str, BTreeSet<FixedBytes<4>>>> = OnceLock::new();
    ERRORS.get_or_init(|| {
        INTERFACES
            .iter()
            .map(|name| (*name, abi(name).errors().map(|e| e.selector()).collect()))
            .collect()
    })
}

/// Runs `input` through contract `$ty`'s router as the entrypoint would. `$fallback` false: the
/// contract's fallback delegatecalls its administration extension, a second program motsu cannot
/// run next to it, so an unknown selector ends as a revert without data here.
macro_rules! entry {
    ($ty:ty, $input:expr) => {
        entry!($ty, $input, true)
    };
    ($ty:ty, $input:expr, $fallback:expr) => {{
        let contract = Contract::<$ty>::new();
        let caller = Address::repeat_byte(0xa1);
        let mut call = contract.sender(caller);
        let storage: &mut $ty = &mut call;
        let input: &[u8] = $input;
        let fallback = |storage: &mut $ty, calldata: &[u8]| {
            if $fallback {
                <$ty as Router<$ty>>::fallback(storage, calldata)
            } else {
                None
            }
        };
        let out: Option<ArbResult> = if input.is_empty() {
            <$ty as Router<$ty>>::receive(storage)
                .map(|r| r.map(|()| Vec::new()))
                .or_else(|| fallback(storage, &[]))
        } else if input.len() >= 4 {
            let selector = u32::from_be_bytes([input[0], input[1], input[2], input[3]]);
            if selector == CONSTRUCTOR_SELECTOR {
                <$ty as Router<$ty>>::constructor(storage, &input[4..])
            } else {
                <$ty as Router<$ty>>::route(storage, selector, &input[4..])
                    .or_else(|| fallback(storage, input))
            }
        } else {
            fallback(storage, input)
        };
        out
    }};
}

/// An account without code, as a contract sees it on chain: any call succeeds and returns
/// nothing. motsu panics on a call to an address where it has no contract, so one stands at the
/// zero address, where every address of a fresh contract points.
#[storage]
pub struct Nobody {}

// What `#[entrypoint]` would state: Nobody is a whole contract's storage.
unsafe impl TopLevelStorage for Nobody {}

#[public]
impl Nobody {
    #[receive]
    #[payable]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }

    #[fallback]
    #[payable]
    fn fallback(&mut self, _calldata: &[u8]) -> ArbResult {
        Ok(Vec::new())
    }
}

thread_local! {
    static NOBODY: Contract<Nobody> = Contract::new_at(Address::ZERO);
    static PRECOMPILES: std::cell::OnceCell<Box<dyn std::any::Any>> = const { std::cell::OnceCell::new() };
}

/// Deploys motsu's precompiles once per thread and keeps them.
fn precompiles() {
    PRECOMPILES.with(|p| {
        p.get_or_init(|| Box::new(motsu::prelude::deploy_precompiles()));
    });
}

/// alloy-sol-types 0.8.20's decoder adds a length from the calldata to an offset without a check
/// (`peek_len_at`). This build has overflow checks, so it panics; the contracts are built without
/// them (the release profile), and on wasm32 the sum wraps, the range is empty and the decoder
/// returns `Overrun`: a clean revert (the compiled WASM gets such lengths in
/// `tests/tests/malformed.rs` and never traps). Only that panic is let through.
const ALLOY_UNCHECKED_ADD: (&str, &str) = (
    "attempt to add with overflow",
    "alloy-sol-types-0.8.20/src/abi/decoder.rs",
);

thread_local! {
    /// The message and location of the last panic on this thread.
    static PANIC: std::cell::RefCell<(String, String)> = const { std::cell::RefCell::new((String::new(), String::new())) };
}

fuzz_target!(
    init: {
        std::panic::set_hook(Box::new(|info| {
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let location = info.location().map(ToString::to_string).unwrap_or_default();
            PANIC.with(|p| *p.borrow_mut() = (message.clone(), location.clone()));
            if !(message == ALLOY_UNCHECKED_ADD.0 && location.contains(ALLOY_UNCHECKED_ADD.1)) {
                eprintln!("panicked at {location}: {message}");
            }
        }));
    },
    |data: &[u8]| {
        NOBODY.with(|_| ());
        precompiles();
        if std::panic::catch_unwind(|| run(data)).is_err() {
            let (message, location) = PANIC.with(|p| p.borrow().clone());
            if message == ALLOY_UNCHECKED_ADD.0 && location.contains(ALLOY_UNCHECKED_ADD.1) {
                return;
            }
            std::process::abort();
        }
    }
);

/// A [`Nobody`] at every address the arguments of `input` name (words whose top 12 bytes are zero),
/// at most 32 of them, for as long as the returned contracts live; but not at 0x01, where motsu's
/// `ecrecover` is.
fn accounts_named_in(input: &[u8]) -> Vec<Contract<Nobody>> {
    let mut seen = BTreeSet::new();
    input
        .get(4..)
        .unwrap_or_default()
        .chunks_exact(32)
        .filter(|word| word[..12].iter().all(|b| *b == 0))
        .map(|word| Address::from_slice(&word[12..]))
        .filter(|a| *a > Address::with_last_byte(1) && seen.insert(*a))
        .take(32)
        .map(Contract::<Nobody>::new_at)
        .collect()
}

/// One input: the contract it picks, the calldata, the checks.
fn run(data: &[u8]) {
    let Some((&which, input)) = data.split_first() else {
        return;
    };
    let which = usize::from(which) % INTERFACES.len();
    // Every address the calldata names may be called: an account without code stands there too.
    let _accounts = accounts_named_in(input);
    if let Some(selector) = input.get(..4) {
        let selector = [selector[0], selector[1], selector[2], selector[3]];
        if skipped().contains(&(which, selector)) {
            return;
        }
    }
    let out = match which {
        0 => entry!(imo_ai_oracle::AIOracle, input, false),
        1 => entry!(imo_ai_oracle_verifier::OracleVerifier, input, false),
        2 => entry!(imo_dispute_game::DisputeGame, input),
        3 => entry!(imo_revshare_token::RevShareToken, input),
        4 => entry!(imo_aigc_nft::AigcNft, input),
        5 => entry!(imo_aigc_minter::AigcMinter, input),
        6 => entry!(imo_aigc_renderer::AigcRenderer, input),
        7 => entry!(imo_governor::ModelGovernor, input),
        8 => entry!(imo_launchpad::Launchpad, input),
        9 => entry!(imo_offering::Sale, input),
        _ => entry!(imo_vesting::Vesting, input),
    };
    // No route and no fallback: the entrypoint reverts without data.
    if let Some(Err(revert)) = out {
        if !revert.is_empty() {
            let name = INTERFACES[which];
            let selector = revert.get(..4).map(FixedBytes::<4>::from_slice);
            assert!(
                selector.is_some_and(|s| declared()[name].contains(&s)),
                "{name}: an undeclared revert 0x{} for calldata 0x{}",
                alloy_primitives::hex::encode(&revert),
                alloy_primitives::hex::encode(input)
            );
        }
    }
}
