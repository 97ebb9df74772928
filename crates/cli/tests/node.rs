//! `imo deploy` and `imo node` as a user runs them, against the devchain behind a JSON-RPC facade
//! (the same requests a Nitro node gets): the deployment registers the committed generator, and a
//! staked node answers paid requests with the real networks of `imo-model`.

use alloy_primitives::{Address, B256, U256};
use alloy_rpc_types_eth::Filter;
use alloy_sol_types::{SolCall, SolEvent};
use imo_client::bindings::{ai_oracle::IAIOracle, imo_oracle::IImoAIOracle};
use imo_client::node::Network;
use imo_client::Backend;

mod support;

use support::{deploy, text};

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
