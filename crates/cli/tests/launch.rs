//! `imo launch` as a user runs it: `imo deploy` (which deploys the launchpad and makes it the
//! oracle's registrar), then a launch file sent through the launchpad, against the devchain behind
//! the JSON-RPC facade.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use imo_client::bindings::{
    ai_oracle::IAIOracle, launchpad::IImoLaunchpad, revshare::IRevShareToken, sale::IImoSale,
};
use imo_client::{Backend, RpcBackend};
use std::process::{Command, Output};

/// The nitro devnode's public development key (the facade's devchain funds it).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

const LAUNCH: &str = r#"
[token]
name = "Launched Model #3"
symbol = "LM3"
supply = "1_000_000_000_000_000_000_000_000"

[sale]
starts_in = 600
duration = 3600
target = "30_000_000_000_000_000_000"
minimum = "10_000_000_000_000_000_000"
tokens_for_sale = "300_000_000_000_000_000_000_000"

[[grants]]
beneficiary = "0x7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a"
amount = "100_000_000_000_000_000_000_000"
cliff = 600
duration = 2400

[model]
model_id = 3
fee = 1_000_000_000_000_000
receiver_percentage = 50
"#;

fn imo(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_imo"));
    for var in ["IMO_PRIVATE_KEY", "IMO_RPC_URL", "IMO_KEYSTORE_PASSWORD"] {
        command.env_remove(var);
    }
    command.args(args).output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn view<C: SolCall>(chain: &mut RpcBackend, to: Address, call: C) -> C::Return {
    let r = chain
        .call(chain.deployer(), to, &call.abi_encode())
        .unwrap();
    assert!(r.success, "{}: {}", C::SIGNATURE, r.describe());
    C::abi_decode_returns(&r.output, true).unwrap()
}

#[test]
fn launch_starts_an_imo_through_the_deployed_launchpad() {
    let url = imo_e2e::facade::serve_devchain().unwrap();
    let dir = std::env::temp_dir().join(format!("imo-launch-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (deployment, launch_file, launched_file) = (
        dir.join("deployment.json"),
        dir.join("launch.toml"),
        dir.join("launched.json"),
    );
    let path = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    let out = imo(&[
        "deploy",
        "--rpc",
        &url,
        "--private-key",
        DEV_KEY,
        "--out",
        &path(&deployment),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let addresses: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let get = |v: &serde_json::Value, name: &str| -> Address {
        v[name].as_str().unwrap().parse().unwrap()
    };
    let (oracle, pad) = (get(&addresses, "oracle"), get(&addresses, "launchpad"));
    assert_ne!(pad, Address::ZERO, "imo deploy deploys the launchpad");

    std::fs::write(&launch_file, LAUNCH).unwrap();
    let args = [
        "launch",
        "--rpc",
        &url,
        "--private-key",
        DEV_KEY,
        "--deployment",
        &path(&deployment),
        "--config",
        &path(&launch_file),
    ];
    let mut with_out = args.to_vec();
    let launched_path = path(&launched_file);
    with_out.extend(["--out", &launched_path]);
    let out = imo(&with_out);
    assert!(out.status.success(), "{}", text(&out));
    let launched: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        std::fs::read_to_string(&launched_file).unwrap().trim(),
        String::from_utf8_lossy(&out.stdout).trim()
    );
    let (token, governor, sale) = (
        get(&launched, "token"),
        get(&launched, "governor"),
        get(&launched, "sale"),
    );

    let mut chain = RpcBackend::with_signer(&url, DEV_KEY.parse().unwrap()).unwrap();
    assert_eq!(
        view(&mut chain, token, IRevShareToken::nameCall {})._0,
        "Launched Model #3"
    );
    assert_eq!(
        view(&mut chain, token, IRevShareToken::ownerCall {})._0,
        governor
    );
    assert_eq!(
        view(
            &mut chain,
            token,
            IRevShareToken::balanceOfCall { account: sale }
        )
        ._0,
        U256::from(400_000u128 * imo_client::ETHER),
        "the sale holds the tokens for sale and the grant until it ends"
    );
    assert_eq!(
        view(&mut chain, sale, IImoSale::stateCall {})._0,
        0,
        "pending"
    );
    let model = view(
        &mut chain,
        oracle,
        IAIOracle::getModelCall {
            modelId: U256::from(3),
        },
    );
    assert_eq!(
        model.receiver, token,
        "the model registered with the token as receiver"
    );
    assert_eq!(view(&mut chain, pad, IImoLaunchpad::launchesCall {})._0, 1);

    // The same launch again: the same salt, the same addresses, refused and named.
    let out = imo(&args);
    assert!(!out.status.success());
    assert!(text(&out).contains("CloneFailed"), "{}", text(&out));
    // A mistake in the file names itself; a deployment without a launchpad is refused.
    std::fs::write(&launch_file, LAUNCH.replace("cliff", "clif")).unwrap();
    let out = imo(&args);
    assert!(
        text(&out).contains("unknown field `clif`"),
        "{}",
        text(&out)
    );
    std::fs::write(&deployment, r#"{"oracle":"0x0000000000000000000000000000000000000001","verifier":"0x0000000000000000000000000000000000000001","token":"0x0000000000000000000000000000000000000001","renderer":"0x0000000000000000000000000000000000000001","minter":"0x0000000000000000000000000000000000000001","nft":"0x0000000000000000000000000000000000000001"}"#).unwrap();
    std::fs::write(&launch_file, LAUNCH).unwrap();
    let out = imo(&args);
    assert!(text(&out).contains("names no launchpad"), "{}", text(&out));
    std::fs::remove_dir_all(&dir).ok();
}
