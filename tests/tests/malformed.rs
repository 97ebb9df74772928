//! Malformed input at scale on the compiled WASM: every contract of a deployed, launched system
//! (the dispute game included) gets random and ABI-shaped-but-wrong calldata (truncated arguments, dirty high bits, huge
//! offsets and lengths, trailing garbage, unknown selectors, random bytes, value sent along) as
//! transactions from a stranger. Each is answered with success or a clean revert: empty revert
//! data or an error its interface declares, never a WASM trap, a refused hostio or a blown
//! stack. (A failed transaction's state is rolled back by the chain.)
//!
//! `IMO_MALFORMED_CALLS` (calls per contract, default 100,000) and `IMO_MALFORMED_SEED` (default
//! fixed, printed with each contract's figures) scale and vary the run.

use alloy_primitives::{hex, Selector, U256};
use imo_client::{Backend, Config, DevchainBackend, Imo, ETHER};
use imo_e2e::calldata::malformed;
use imo_e2e::fixtures::{deployed_interfaces, interface_abi, launch};
use rand::{rngs::StdRng, Rng, SeedableRng};
use std::collections::BTreeSet;
use stylus_devchain::ProgramFailureKind;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The deployed system: the six contracts of `imo deploy`, the launchpad and one launch.
struct System {
    imo: Imo<DevchainBackend>,
    stranger: alloy_primitives::Address,
    targets: Vec<(&'static str, alloy_primitives::Address)>,
}

fn system() -> System {
    let backend = DevchainBackend::new().expect("devchain");
    let mut imo =
        Imo::deploy(backend, Config::default(), false).unwrap_or_else(|e| panic!("{e:#}"));
    let pad = imo.deploy_launchpad().unwrap_or_else(|e| panic!("{e:#}"));
    let cfg = launch("Fuzzed model", "FUZ", 5);
    let creator = imo.owner;
    let l = imo
        .launch(creator, &cfg)
        .unwrap_or_else(|e| panic!("{e:#}"));
    let c = imo.c;
    let stranger = imo
        .backend
        .new_account("stranger", U256::from(1_000_000 * ETHER))
        .unwrap();
    System {
        imo,
        stranger,
        targets: deployed_interfaces(&c)
            .into_iter()
            .chain([
                ("IModelGovernor", l.governor),
                ("IImoLaunchpad", pad),
                ("IImoSale", l.sale),
                ("IImoVesting", l.vestings[0]),
            ])
            .collect(),
    }
}

/// Sends `IMO_MALFORMED_CALLS` malformed transactions to the contract `interface` describes.
fn fuzz(interface: &str) {
    let calls = env_or("IMO_MALFORMED_CALLS", 100_000);
    let seed = env_or("IMO_MALFORMED_SEED", 0x1005eed) ^ u64::from(interface.len() as u32);
    let System {
        mut imo,
        stranger,
        targets,
    } = system();
    let contract = targets
        .iter()
        .find(|(name, _)| *name == interface)
        .map(|(_, address)| *address)
        .expect("a target");
    let abi = interface_abi(interface);
    let errors: BTreeSet<Selector> = abi.errors().map(|e| e.selector()).collect();
    let functions: Vec<_> = abi.functions().collect();
    let mut rng = StdRng::seed_from_u64(seed);
    let started = std::time::Instant::now();
    let (mut ok, mut reverted) = (0u64, 0u64);
    for i in 0..calls {
        let function = functions[rng.gen_range(0..functions.len())];
        let types: Vec<String> = function
            .inputs
            .iter()
            .map(|p| p.selector_type().into_owned())
            .collect();
        let types: Vec<&str> = types.iter().map(String::as_str).collect();
        let calldata = malformed(&mut rng, function.selector().0, &types);
        let value = if rng.gen_ratio(1, 10) {
            U256::from(1)
        } else {
            U256::ZERO
        };
        let r = imo
            .backend
            .chain
            .send(stranger, contract, &calldata, value)
            .expect("a transaction the chain accepts");
        let context = || {
            format!(
                "{interface} call {i} (seed {seed}) {} with {value} wei: {}\n  calldata 0x{}",
                function.signature(),
                r.describe(),
                hex::encode(&calldata)
            )
        };
        if r.success {
            ok += 1;
            continue;
        }
        reverted += 1;
        if let Some(program) = r.error.as_ref().and_then(|e| e.program.as_ref()) {
            assert!(
                !matches!(
                    program.kind,
                    ProgramFailureKind::Trap(_)
                        | ProgramFailureKind::Hostio(_)
                        | ProgramFailureKind::OutOfStack
                ),
                "not a clean revert: {}",
                context()
            );
        }
        assert!(
            r.output.is_empty()
                || (r.output.len() >= 4 && errors.contains(&Selector::from_slice(&r.output[..4]))),
            "an undeclared revert: {}",
            context()
        );
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{interface}: {calls} malformed calls (seed {seed}) in {seconds:.1} s ({:.0}/s): \
         {ok} succeeded, {reverted} reverted cleanly",
        calls as f64 / seconds
    );
}

#[test]
fn the_oracle_reverts_cleanly_on_malformed_calldata() {
    fuzz("IImoAIOracle");
}

#[test]
fn the_verifier_reverts_cleanly_on_malformed_calldata() {
    fuzz("IImoAIOracleVerifier");
}

#[test]
fn the_dispute_game_reverts_cleanly_on_malformed_calldata() {
    fuzz("IImoDisputeGame");
}

#[test]
fn the_token_reverts_cleanly_on_malformed_calldata() {
    fuzz("IRevShareToken");
}

#[test]
fn the_nft_reverts_cleanly_on_malformed_calldata() {
    fuzz("IAigcNft");
}

#[test]
fn the_minter_reverts_cleanly_on_malformed_calldata() {
    fuzz("IAigcMinter");
}

#[test]
fn the_renderer_reverts_cleanly_on_malformed_calldata() {
    fuzz("IAigcRenderer");
}

#[test]
fn the_governor_reverts_cleanly_on_malformed_calldata() {
    fuzz("IModelGovernor");
}

#[test]
fn the_launchpad_reverts_cleanly_on_malformed_calldata() {
    fuzz("IImoLaunchpad");
}

#[test]
fn the_sale_reverts_cleanly_on_malformed_calldata() {
    fuzz("IImoSale");
}

#[test]
fn the_vesting_grant_reverts_cleanly_on_malformed_calldata() {
    fuzz("IImoVesting");
}
