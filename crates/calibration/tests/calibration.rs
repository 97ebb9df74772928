//! Holds the devchain to Nitro's own Stylus runtime: every measured operation of every scenario
//! in `data/scenarios/` runs on the devchain and must use within [`TOLERANCE`] of the gas
//! Nitro's runtime measured (`data/nitro/`), uncached and cached, with the same outcome, return
//! data and logs; activating each contract must cost within [`TOLERANCE`] of Nitro's activation.

use std::path::Path;

use alloy_sol_types::SolCall;
use imo_calibration::{data_dir, PROGRAMS};
use serde_json::Value;
use stylus_devchain::{
    scenario::{LogEntry, Scenario},
    Bytes, Devchain, IArbWasm, ARB_WASM, U256,
};

/// Largest relative difference allowed between the devchain and Nitro, per operation.
const TOLERANCE: f64 = 0.02;

fn nitro(name: &str) -> Value {
    let path = data_dir().join("nitro").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("nitro-meter JSON")
}

fn within(ours: u64, theirs: u64) -> bool {
    (ours as f64 - theirs as f64).abs() <= TOLERANCE * theirs as f64
}

fn bytes(v: &Value) -> Bytes {
    v.as_str().expect("hex string").parse().expect("hex")
}

fn logs(v: &Value) -> Vec<LogEntry> {
    serde_json::from_value(v.clone()).expect("logs")
}

/// Runs one scenario on the devchain and compares every measured step with Nitro's figures;
/// returns the rows that differ.
fn compare(name: &str) -> Vec<String> {
    let dir = data_dir().join("scenarios");
    let scenario = Scenario::load(&dir.join(format!("{name}.json"))).unwrap();
    let ours = scenario.run(&dir).unwrap();
    let theirs = nitro(name)["measured"].as_array().unwrap().clone();
    assert_eq!(ours.len(), theirs.len(), "{name}: measured steps");
    let mut errors = Vec::new();
    println!("{name}:");
    for (o, t) in ours.iter().zip(&theirs) {
        assert_eq!(o.label, t["label"].as_str().unwrap(), "{name}: step order");
        let (tu, tc) = (
            t["gas_uncached"].as_u64().unwrap(),
            t["gas_cached"].as_u64().unwrap(),
        );
        let pct = |ours: u64, theirs: u64| 100.0 * (ours as f64 - theirs as f64) / theirs as f64;
        println!(
            "  {:<58} uncached {:>7} vs {:>7} ({:+.2}%)  cached {:>7} vs {:>7} ({:+.2}%)",
            o.label,
            o.gas_uncached,
            tu,
            pct(o.gas_uncached, tu),
            o.gas_cached,
            tc,
            pct(o.gas_cached, tc)
        );
        if o.success != t["success"].as_bool().unwrap() {
            errors.push(format!(
                "{}: success {} on the devchain",
                o.label, o.success
            ));
        }
        if o.output != bytes(&t["output"]) {
            errors.push(format!(
                "{}: output {} vs {}",
                o.label, o.output, t["output"]
            ));
        }
        if o.logs != logs(&t["logs"]) {
            errors.push(format!("{}: logs differ", o.label));
        }
        if !within(o.gas_uncached, tu) || !within(o.gas_cached, tc) {
            errors.push(format!(
                "{}: gas {} / {} vs Nitro {tu} / {tc}",
                o.label, o.gas_uncached, o.gas_cached
            ));
        }
    }
    errors
}

#[test]
fn revshare_token_operations_cost_what_they_cost_on_nitro() {
    let errors = compare("revshare-token");
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn oracle_and_nft_operations_cost_what_they_cost_on_nitro() {
    let errors = compare("ai-oracle");
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn governor_operations_cost_what_they_cost_on_nitro() {
    let errors = compare("governor");
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn activating_each_contract_costs_what_it_costs_on_nitro() {
    let modules = nitro("activation")["modules"].as_array().unwrap().clone();
    let mut errors = Vec::new();
    for (_, file) in PROGRAMS {
        let wasm = std::fs::read(data_dir().join("artifacts").join(file)).unwrap();
        let theirs = modules
            .iter()
            .find(|m| Path::new(m["file"].as_str().unwrap()).file_name() == Some(file.as_ref()))
            .unwrap_or_else(|| panic!("{file}: no Nitro activation figure"));
        let mut chain = Devchain::new().unwrap();
        let init = stylus_wasm::initcode(&stylus_wasm::compress(&wasm));
        let program = chain
            .create(Devchain::DEV_ACCOUNT, &init, U256::ZERO)
            .unwrap()
            .contract_address
            .unwrap();
        let r = chain.activate(program).unwrap();
        let calldata = IArbWasm::activateProgramCall { program }.abi_encode();
        let intrinsic: u64 = 21_000
            + calldata
                .iter()
                .map(|b| if *b == 0 { 4 } else { 16 })
                .sum::<u64>();
        let ours = r.gas_used - intrinsic;
        let nitro = theirs["activate_program_gas"].as_u64().unwrap();
        println!(
            "  activate {file:<30} {ours:>9} vs {nitro:>9} ({:+.3}%)",
            100.0 * (ours as f64 - nitro as f64) / nitro as f64
        );
        if !within(ours, nitro) {
            errors.push(format!("{file}: {ours} vs {nitro}"));
        }
        let _ = ARB_WASM;
    }
    assert!(errors.is_empty(), "{errors:#?}");
}
