//! `imo watch` as a user runs it, against the devchain behind a JSON-RPC facade: a TEST-ONLY
//! dishonest node (`imo node --test-only-wrong-step 2`) delivers a wrong image, the watcher
//! re-executes it, challenges and plays the whole dispute game against the node (which defends
//! with its wrong trace through `imo watch --test-only-wrong-step 2`) up to the one-step proof
//! that the chain re-executes; the node is slashed and the true output replaces the wrong one.

use alloy_primitives::{hex, keccak256, Address, U256};
use alloy_rpc_types_eth::Filter;
use alloy_sol_types::{SolCall, SolEvent};
use imo_client::bindings::{
    ai_oracle::IAIOracle, dispute_game::IImoDisputeGame, imo_oracle::IImoAIOracleVerifier,
};
use imo_client::{Backend, RpcBackend};
use std::process::{Command, Output};

/// The nitro devnode's public development key (the facade's devchain funds it).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `imo` with `args` and the key `key`, none of the user's environment; must succeed. Returns
/// its stdout and its whole output.
fn imo(key: &str, args: &[&str]) -> (String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_imo"));
    for var in ["IMO_PRIVATE_KEY", "IMO_RPC_URL", "IMO_KEYSTORE_PASSWORD"] {
        command.env_remove(var);
    }
    let out = command
        .env("IMO_PRIVATE_KEY", key)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "imo {args:?}: {}", text(&out));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        text(&out),
    )
}

/// A funded account's key and address.
fn account(owner: &mut RpcBackend, label: &str) -> (String, Address) {
    let key = hex::encode_prefixed(keccak256(label.as_bytes()));
    let address = key
        .parse::<alloy_signer_local::PrivateKeySigner>()
        .unwrap()
        .address();
    let from = owner.deployer();
    let ether = U256::from(10u64).pow(U256::from(18));
    assert!(owner.send(from, address, &[], ether).unwrap().success);
    (key, address)
}

fn call<C: SolCall>(owner: &mut RpcBackend, to: Address, call: C) -> C::Return {
    let from = owner.deployer();
    let r = owner.call(from, to, &call.abi_encode()).unwrap();
    assert!(r.success, "{}", r.describe());
    C::abi_decode_returns(&r.output, true).unwrap()
}

#[test]
fn the_watcher_plays_a_dishonest_node_to_the_one_step_proof_and_wins() {
    let url = imo_e2e::facade::serve_devchain().unwrap();
    let (json, _) = imo(DEV_KEY, &["deploy", "--rpc", &url]);
    let addresses: serde_json::Value = serde_json::from_str(&json).unwrap();
    let get = |name: &str| -> Address { addresses[name].as_str().unwrap().parse().unwrap() };
    let (oracle, verifier, game) = (get("oracle"), get("verifier"), get("dispute_game"));
    let mut owner = RpcBackend::connect(&url, DEV_KEY).unwrap();
    let from = owner.deployer();
    let (node_key, node) = account(&mut owner, "imo dishonest node");
    let (watcher_key, watcher) = account(&mut owner, "imo watcher");
    let add = IImoAIOracleVerifier::addNodeCall { node }.abi_encode();
    assert!(
        owner
            .send(from, verifier, &add, U256::ZERO)
            .unwrap()
            .success
    );
    let mut node_backend = RpcBackend::connect(&url, &node_key).unwrap();
    let stake = U256::from(10u64).pow(U256::from(17));
    let r = node_backend
        .send(
            node,
            verifier,
            &IImoAIOracleVerifier::stakeCall {}.abi_encode(),
            stake,
        )
        .unwrap();
    assert!(r.success, "{}", r.describe());

    // A paid request, answered wrong by the TEST-ONLY dishonest node.
    let prompt = b"a 3, seed 11".to_vec();
    let fee = call(
        &mut owner,
        oracle,
        IAIOracle::estimateFeeCall {
            modelId: U256::from(1),
            gasLimit: U256::ZERO,
        },
    )
    ._0;
    let request = IAIOracle::requestCallbackCall {
        modelId: U256::from(1),
        input: prompt.clone().into(),
        callbackContract: Address::ZERO,
        gasLimit: 0,
        callbackData: Vec::new().into(),
    };
    let r = owner
        .send(from, oracle, &request.abi_encode(), fee)
        .unwrap();
    let id = imo_client::request_id(&r, oracle).unwrap();
    let oracle_arg = oracle.to_string();
    let common = ["--rpc", &url, "--oracle", &oracle_arg, "--model", "1"];
    let once = ["--from-block", "0", "--once"];
    let (_, node_out) = imo(
        &node_key,
        &[
            &["node"],
            &common[..],
            &once,
            &["--test-only-wrong-step", "2"],
        ]
        .concat(),
    );
    assert!(node_out.contains("TEST ONLY"), "{node_out}");
    let generator = imo_model::Model::parse(imo_model::bundled::GENERATOR).unwrap();
    let mut honest = [0u8; imo_model::MAX_OUTPUT];
    let n = generator.infer(&prompt, &mut honest).unwrap();
    let honest = honest[..n].to_vec();
    let result = |owner: &mut RpcBackend| -> (Address, Vec<u8>) {
        let filter = Filter::new()
            .address(oracle)
            .from_block(0)
            .event_signature(IAIOracle::AICallbackResult::SIGNATURE_HASH);
        owner
            .logs(&filter)
            .unwrap()
            .iter()
            .map(|l| IAIOracle::AICallbackResult::decode_log_data(l.data(), true).unwrap())
            .filter(|e| e.requestId == id)
            .last()
            .map(|e| (e.invoker, e.output.to_vec()))
            .unwrap()
    };
    let (invoker, wrong) = result(&mut owner);
    assert_eq!(invoker, node);
    assert_ne!(wrong, honest, "the dishonest node delivered a wrong image");

    // The watcher challenges and posts its trace; the node answers with its wrong trace; the
    // watcher's one-step proof ends the game.
    let watch = [&["watch"], &common[..], &once].concat();
    let (_, first) = imo(&watcher_key, &watch);
    assert!(
        first.contains(&format!("request {id}: wrong result, challenged (game 1)")),
        "{first}"
    );
    assert!(
        first.contains("game 1: sent the challenger trace"),
        "{first}"
    );
    let defence = [
        &watch[..],
        &["--no-challenge", "--test-only-wrong-step", "2"],
    ]
    .concat();
    let (_, node_move) = imo(&node_key, &defence);
    assert!(
        node_move.contains("game 1: sent the defender trace"),
        "{node_move}"
    );
    let g = call(&mut owner, game, IImoDisputeGame::getGameCall { gameId: 1 });
    assert_eq!((g.challenger, g.defender, g.divergence), (watcher, node, 2));
    let (_, proof) = imo(&watcher_key, &watch);
    assert!(proof.contains("game 1: sent the one-step proof"), "{proof}");
    let g = call(&mut owner, game, IImoDisputeGame::getGameCall { gameId: 1 });
    assert_eq!(g.outcome, 2, "the watcher won");
    assert_eq!(
        result(&mut owner),
        (verifier, honest),
        "the true output replaces the wrong one"
    );
    let info = call(
        &mut owner,
        verifier,
        IImoAIOracleVerifier::nodeInfoCall { node },
    );
    assert!(info.stake.is_zero(), "the node is slashed");
    // The node's watcher now sees the game ended and leaves it; nothing else to do.
    let (_, after) = imo(&node_key, &defence);
    assert!(after.contains("game 1 ended: outcome 2"), "{after}");
}
