//! What the tests of `imo node` share: a deployment through `imo deploy` on a devnode, a staked
//! node key, paid requests and the results delivered.
#![allow(dead_code)] // each test binary uses part of it

use alloy_primitives::{hex, keccak256, Address, U256};
use alloy_provider::Provider;
use alloy_rpc_types_eth::Filter;
use alloy_sol_types::{SolCall, SolEvent};
use imo_client::bindings::{ai_oracle::IAIOracle, imo_oracle::IImoAIOracleVerifier};
use imo_client::{Backend, RpcBackend};
use std::process::{Command, Output};

/// The nitro devnode's public development key (the facade's devchain funds it).
pub const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

/// The `imo` binary with none of its environment variables set (a developer's shell may have them).
pub fn imo_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_imo"));
    for var in ["IMO_PRIVATE_KEY", "IMO_RPC_URL", "IMO_KEYSTORE_PASSWORD"] {
        command.env_remove(var);
    }
    command
}

pub fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A deployment through `imo deploy` (model 7) with a funded, whitelisted, staked node key.
pub struct Deployed {
    pub url: String,
    pub owner: RpcBackend,
    pub oracle: Address,
    pub token: Address,
    pub node_key: String,
    pub node: Address,
}

pub fn deploy() -> Deployed {
    let url = imo_e2e::facade::serve_devchain().unwrap();
    // One file per call: the tests of a binary deploy concurrently, and a file shared between
    // them could be read while another test rewrites or removes it.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let config =
        std::env::temp_dir().join(format!("imo-node-test-{}-{call}.toml", std::process::id()));
    std::fs::write(&config, "model_id = 7\ntoken_name = \"Test Model\"\n").unwrap();
    let out = imo_command()
        .args(["deploy", "--rpc", &url, "--private-key", DEV_KEY])
        .args(["--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    std::fs::remove_file(&config).ok();
    assert!(out.status.success(), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("confirmed"), "progress is shown: {stderr}");
    let addresses: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let get = |name: &str| -> Address { addresses[name].as_str().unwrap().parse().unwrap() };
    for name in ["renderer", "minter", "nft"] {
        assert_ne!(get(name), Address::ZERO);
    }
    let (oracle, verifier, token) = (get("oracle"), get("verifier"), get("token"));

    let node_key = hex::encode_prefixed(keccak256(b"imo node"));
    let node = node_key
        .parse::<alloy_signer_local::PrivateKeySigner>()
        .unwrap()
        .address();
    let mut owner = RpcBackend::connect(&url, DEV_KEY).unwrap();
    let from = owner.deployer();
    let ether = U256::from(10u64).pow(U256::from(18));
    assert!(owner.send(from, node, &[], ether).unwrap().success);
    let add = IImoAIOracleVerifier::addNodeCall { node }.abi_encode();
    assert!(
        owner
            .send(from, verifier, &add, U256::ZERO)
            .unwrap()
            .success
    );
    let mut node_backend = RpcBackend::connect(&url, &node_key).unwrap();
    let stake = IImoAIOracleVerifier::stakeCall {}.abi_encode();
    let r = node_backend
        .send(node, verifier, &stake, ether / U256::from(10))
        .unwrap();
    assert!(r.success, "{}", r.describe());
    Deployed {
        url,
        owner,
        oracle,
        token,
        node_key,
        node,
    }
}

impl Deployed {
    /// A paid request for `model` with `input` (no callback); its id.
    pub fn request(&mut self, model: u64, input: &[u8]) -> U256 {
        let from = self.owner.deployer();
        let estimate = IAIOracle::estimateFeeCall {
            modelId: U256::from(model),
            gasLimit: U256::ZERO,
        };
        let fee = self
            .owner
            .call(from, self.oracle, &estimate.abi_encode())
            .unwrap();
        let fee = IAIOracle::estimateFeeCall::abi_decode_returns(&fee.output, true)
            .unwrap()
            ._0;
        let request = IAIOracle::requestCallbackCall {
            modelId: U256::from(model),
            input: input.to_vec().into(),
            callbackContract: Address::ZERO,
            gasLimit: 0,
            callbackData: Vec::new().into(),
        };
        let r = self
            .owner
            .send(from, self.oracle, &request.abi_encode(), fee)
            .unwrap();
        assert!(r.success, "{}", r.describe());
        imo_client::request_id(&r, self.oracle).unwrap()
    }

    /// `imo node --once` from block 0 with the node key from the environment, and `extra` options.
    pub fn node_once(&self, model: u64, extra: &[&str]) -> Output {
        imo_command()
            .env("IMO_PRIVATE_KEY", &self.node_key)
            .args(["node", "--rpc", &self.url, "--oracle"])
            .arg(self.oracle.to_string())
            .args(["--model", &model.to_string(), "--from-block", "0", "--once"])
            .args(extra)
            .output()
            .unwrap()
    }

    /// The output delivered for `id` (its first `AICallbackResult` event).
    pub fn delivered(&self, id: U256) -> (Address, Vec<u8>) {
        self.results_of(id)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no result for request {id}"))
    }

    /// Every result delivered for `id`, in order (see [`results_of`]).
    pub fn results_of(&self, id: U256) -> Vec<(Address, Vec<u8>)> {
        results_of(&self.owner, self.oracle, id)
    }
}

impl Deployed {
    /// How many results (`AICallbackResult` events) request `id` got.
    pub fn results(&self, id: U256) -> usize {
        self.results_of(id).len()
    }

    /// The transactions `account` sent (its nonce at the latest block).
    pub fn nonce_of(&self, account: Address) -> u64 {
        use std::future::IntoFuture;
        let provider = self.owner.provider();
        self.owner
            .block_on(provider.get_transaction_count(account).into_future())
            .unwrap()
    }

    /// The latest block.
    pub fn block_number(&self) -> u64 {
        self.owner.block_number().unwrap()
    }
}

/// Every result `oracle` delivered for request `id`, in order: `(invoker, output)` of its
/// `AICallbackResult` events.
pub fn results_of(node: &RpcBackend, oracle: Address, id: U256) -> Vec<(Address, Vec<u8>)> {
    let filter = Filter::new()
        .address(oracle)
        .from_block(0)
        .event_signature(IAIOracle::AICallbackResult::SIGNATURE_HASH);
    node.logs(&filter)
        .unwrap()
        .iter()
        .map(|l| IAIOracle::AICallbackResult::decode_log_data(l.data(), true).unwrap())
        .filter(|e| e.requestId == id)
        .map(|e| (e.invoker, e.output.to_vec()))
        .collect()
}
