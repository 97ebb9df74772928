//! Prints Nitro's activation costs of WASM files: `cargo run -p stylus-wasm --example costs -- FILE...`.

fn main() {
    for path in std::env::args().skip(1) {
        let wasm = std::fs::read(&path).expect("readable file");
        match stylus_wasm::instrument::activate(&wasm) {
            Ok(a) => println!(
                "{path}: init {} cached {} asm {} pages {} activation gas {} (instrumented {} bytes)",
                a.costs.init_cost,
                a.costs.cached_init_cost,
                a.costs.asm_estimate,
                a.costs.footprint,
                a.costs.activation_gas,
                a.module.len()
            ),
            Err(e) => println!("{path}: {e}"),
        }
    }
}
