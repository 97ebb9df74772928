//! What several end-to-end tests share: the compiled Solidity artifacts (`solidity/out/`), the
//! interface of each deployed contract, and a small launch for the launchpad.

use alloy_json_abi::JsonAbi;
use alloy_primitives::Address;
use imo_client::launch::LaunchConfig;
use imo_client::Contracts;

/// The compiled artifact `solidity/out/<name>.json` (ABI, bytecode, method identifiers).
///
/// # Panics
///
/// When the artifact is missing or not JSON (run `scripts/solc.sh`).
pub fn artifact(name: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../solidity/out")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/solc.sh)", path.display()));
    serde_json::from_str(&text).expect("artifact JSON")
}

/// The ABI of a compiled interface, parsed by alloy-json-abi.
///
/// # Panics
///
/// As [`artifact`], or when its `abi` is not an ABI.
pub fn interface_abi(name: &str) -> JsonAbi {
    serde_json::from_value(artifact(name)["abi"].clone()).expect("a JSON ABI")
}

/// A launch of 1,000,000 tokens named `name` / `symbol`: 300,000 for sale for 30 ETH (minimum
/// 10), starting a minute after the launch for an hour, one grant of 100,000 vesting over 2,400
/// seconds, model `model_id` registered (fee 0.001 ETH, half to the token).
///
/// # Panics
///
/// Never for a plain name and symbol (the TOML is fixed).
pub fn launch(name: &str, symbol: &str, model_id: u64) -> LaunchConfig {
    LaunchConfig::parse(&format!(
        r#"
[token]
name = "{name}"
symbol = "{symbol}"
supply = "1_000_000_000_000_000_000_000_000"
[sale]
duration = 3600
target = "30_000_000_000_000_000_000"
minimum = "10_000_000_000_000_000_000"
tokens_for_sale = "300_000_000_000_000_000_000_000"
[[grants]]
beneficiary = "0x7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a"
amount = "100_000_000_000_000_000_000_000"
duration = 2400
[model]
model_id = {model_id}
fee = 1_000_000_000_000_000
receiver_percentage = 50
"#
    ))
    .expect("the fixture launch parses")
}

/// The contracts `imo deploy` deploys that have an interface in `solidity/out/`, each with the name
/// of that interface.
pub fn deployed_interfaces(c: &Contracts) -> [(&'static str, Address); 7] {
    [
        ("IImoAIOracle", c.oracle),
        ("IImoAIOracleVerifier", c.verifier),
        ("IImoDisputeGame", c.dispute_game),
        ("IRevShareToken", c.token),
        ("IAigcNft", c.nft),
        ("IAigcMinter", c.minter),
        ("IAigcRenderer", c.renderer),
    ]
}
