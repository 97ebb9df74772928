//! `imo deploy` and `imo node` as a user runs them, against the devchain behind a JSON-RPC facade
//! (the same requests a Nitro node gets): the deployment registers the committed generator, and a
//! staked node answers paid requests with the real networks of `imo-model`.

use alloy_primitives::{hex, keccak256, Address, B256, U256};
use alloy_rpc_types_eth::Filter;
use alloy_sol_types::{SolCall, SolEvent};
use imo_client::bindings::{
    ai_oracle::IAIOracle,
    imo_oracle::{IImoAIOracle, IImoAIOracleVerifier},
};
use imo_client::node::Network;
use imo_client::{Backend, RpcBackend};
use std::process::{Command, Output};

/// The nitro devnode's public development key (the facade's devchain funds it).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

/// The `imo` binary with none of its environment variables set (a developer's shell may have them).
fn imo_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_imo"));
    for var in ["IMO_PRIVATE_KEY", "IMO_RPC_URL", "IMO_KEYSTORE_PASSWORD"] {
        command.env_remove(var);
    }
    command
}

fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A deployment through `imo deploy` (model 7) with a funded, whitelisted, staked node key.
struct Deployed {
    url: String,
    owner: RpcBackend,
    oracle: Address,
    token: Address,
    node_key: String,
    node: Address,
}

fn deploy() -> Deployed {
    let url = imo_e2e::facade::serve_devchain().unwrap();
    let config = std::env::temp_dir().join(format!("imo-node-test-{}.toml", std::process::id()));
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
    fn request(&mut self, model: u64, input: &[u8]) -> U256 {
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
    fn node_once(&self, model: u64, extra: &[&str]) -> Output {
        imo_command()
            .env("IMO_PRIVATE_KEY", &self.node_key)
            .args(["node", "--rpc", &self.url, "--oracle"])
            .arg(self.oracle.to_string())
            .args(["--model", &model.to_string(), "--from-block", "0", "--once"])
            .args(extra)
            .output()
            .unwrap()
    }

    /// The output delivered for `id` (its `AICallbackResult` event).
    fn delivered(&self, id: U256) -> (Address, Vec<u8>) {
        let filter = Filter::new()
            .address(self.oracle)
            .from_block(0)
            .event_signature(IAIOracle::AICallbackResult::SIGNATURE_HASH);
        self.owner
            .logs(&filter)
            .unwrap()
            .iter()
            .map(|l| IAIOracle::AICallbackResult::decode_log_data(l.data(), true).unwrap())
            .find(|e| e.requestId == id)
            .map(|e| (e.invoker, e.output.to_vec()))
            .unwrap_or_else(|| panic!("no result for request {id}"))
    }
}

/// What `imo-model` itself computes: `decode(s_L)` of `file` for `input`.
fn imo_model_output(file: &[u8], input: &[u8]) -> Vec<u8> {
    let model = imo_model::Model::parse(file).unwrap();
    let mut out = [0u8; imo_model::MAX_OUTPUT];
    let n = model.infer(input, &mut out).unwrap();
    out[..n].to_vec()
}

#[test]
fn the_node_answers_with_the_generator_registered_by_its_real_hashes() {
    let mut d = deploy();
    // The registration: the generator's hashes from the committed weights, fees in ETH
    // (token = 0), the fee share to the RevShare token.
    let generator = imo_model::Model::parse(imo_model::bundled::GENERATOR).unwrap();
    let get = IAIOracle::getModelCall {
        modelId: U256::from(7),
    };
    let r = d.owner.call(d.node, d.oracle, &get.abi_encode()).unwrap();
    let m = IAIOracle::getModelCall::abi_decode_returns(&r.output, true).unwrap();
    assert_eq!(
        m.modelHash,
        B256::from(generator.model_hash(&imo_model::TinyKeccak))
    );
    assert_eq!(
        m.programHash,
        B256::from(generator.program_hash(&imo_model::TinyKeccak))
    );
    assert_eq!(m.token, Address::ZERO, "fees are paid in ETH");
    assert_eq!(m.receiver, d.token);

    let prompts: [&[u8]; 2] = [b"a 4, seed 9", b"hello node \xff"];
    let ids: Vec<U256> = prompts.iter().map(|p| d.request(7, p)).collect();
    let out = d.node_once(7, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", text(&out));
    for (prompt, id) in prompts.iter().zip(ids) {
        assert!(
            stdout.contains(&format!("request {id} answered (64 bytes")),
            "{stdout}"
        );
        let (invoker, output) = d.delivered(id);
        assert_eq!(invoker, d.node);
        assert_eq!(
            output,
            imo_model_output(imo_model::bundled::GENERATOR, prompt),
            "the delivered bytes are imo-model's generation for {prompt:?}"
        );
    }
}

#[test]
fn the_node_can_run_the_classifier_and_rejects_what_it_cannot_read() {
    let mut d = deploy();
    // The owner registers the classifier as model 8.
    let classifier = Network::classifier();
    let add = IImoAIOracle::addModelCall {
        modelId: U256::from(8),
        modelHash: classifier.model_hash(),
        programHash: classifier.program_hash(),
        fee: U256::from(1_000u64),
        receiver: d.token,
        receiverPercentage: U256::from(50),
        token: Address::ZERO,
        unverifiable: false,
    };
    let from = d.owner.deployer();
    let r = d
        .owner
        .send(from, d.oracle, &add.abi_encode(), U256::ZERO)
        .unwrap();
    assert!(r.success, "{}", r.describe());

    // The classifier against the generator's registration: refused before answering anything.
    let out = d.node_once(7, &["--network", "classifier"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("would lose every dispute"),
        "{}",
        text(&out)
    );

    let image = imo_model_output(imo_model::bundled::GENERATOR, b"a 4, seed 9");
    let good = d.request(8, &image);
    let bad = d.request(8, b"not an image");
    let out = d.node_once(8, &["--network", "classifier"]);
    assert!(out.status.success(), "{}", text(&out));
    let (_, output) = d.delivered(good);
    assert_eq!(
        output,
        imo_model_output(imo_model::bundled::CLASSIFIER, &image)
    );
    assert_eq!(output, [4], "the classifier reads the generated 4");
    assert!(
        text(&out).contains(&format!("request {bad} rejected with feedbackError")),
        "{}",
        text(&out)
    );
    let filter = Filter::new()
        .address(d.oracle)
        .from_block(0)
        .event_signature(IImoAIOracle::RequestErrored::SIGNATURE_HASH);
    let errored: Vec<_> = d
        .owner
        .logs(&filter)
        .unwrap()
        .iter()
        .map(|l| IImoAIOracle::RequestErrored::decode_log_data(l.data(), true).unwrap())
        .collect();
    assert_eq!(errored.len(), 1);
    assert_eq!((errored[0].requestId, errored[0].code), (bad, 0));

    // A model file given by path: the committed generator's bytes, copied.
    let file = std::env::temp_dir().join(format!("imo-node-gen-{}.bin", std::process::id()));
    std::fs::write(&file, imo_model::bundled::GENERATOR).unwrap();
    let id = d.request(7, b"zero, seed 1");
    let out = d.node_once(7, &["--network-file", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        d.delivered(id).1,
        imo_model_output(imo_model::bundled::GENERATOR, b"zero, seed 1")
    );
    std::fs::write(&file, b"IMOM broken").unwrap();
    let out = d.node_once(7, &["--network-file", file.to_str().unwrap()]);
    std::fs::remove_file(&file).ok();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("is not an imo-model file"),
        "{}",
        text(&out)
    );
}
