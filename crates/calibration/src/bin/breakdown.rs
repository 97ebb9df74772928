//! Prints where the gas of every calibration operation goes on the devchain (uncached and all
//! programs cached): `cargo run -p imo-calibration --bin breakdown`.

use stylus_devchain::scenario::Scenario;

fn main() -> anyhow::Result<()> {
    let dir = imo_calibration::data_dir().join("scenarios");
    println!(
        "{:<58} {:>8} {:>8} | {:>7} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6} {:>6} {:>6}",
        "operation",
        "uncached",
        "cached",
        "intrin.",
        "init",
        "memory",
        "sload",
        "sstore",
        "logs",
        "calls",
        "wasm",
        "hostio"
    );
    for scenario in imo_calibration::scenarios() {
        let scenario = Scenario::load(&dir.join(format!("{}.json", scenario.name)))?;
        for m in scenario.run(&dir)? {
            let b = m.breakdown_cached;
            let hostio_rest = b.hostio.saturating_sub(
                b.storage_load + b.storage_store + b.logs + b.calls + b.account_access,
            );
            println!(
                "{:<58} {:>8} {:>8} | {:>7} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6} {:>6} {:>6}",
                m.label,
                m.gas_uncached,
                m.gas_cached,
                b.intrinsic,
                b.program_init,
                b.memory_init + b.memory_grow,
                b.storage_load,
                b.storage_store,
                b.logs,
                b.calls + b.account_access,
                b.wasm,
                hostio_rest
            );
        }
    }
    println!(
        "\n(cached run; init = program init paid entering programs, memory = memory model, sload/sstore/logs/calls = EVM-side\n costs, wasm = WASM operators, hostio = hostio ink besides those; the rest is sub-call EVM gas and refunds)"
    );
    Ok(())
}
