//! `imo watch` as a user runs it, against the devchain behind a JSON-RPC facade: a TEST-ONLY
//! dishonest node (`imo node --test-only-wrong-step 2`) delivers a wrong image, the watcher
//! re-executes it, challenges and plays the whole dispute game (against the node defending with
//! its wrong trace through `imo watch --test-only-wrong-step 2`, or stalling) to the one-step
//! proof or the timeout; and an honest node's `imo watch` defends its result against a false
//! challenger.

use alloy_primitives::{hex, keccak256, Address, U256, U64};
use alloy_provider::Provider;
use alloy_sol_types::SolCall;
use imo_client::bindings::{
    ai_oracle::IAIOracle, dispute_game::IImoDisputeGame, imo_oracle::IImoAIOracleVerifier,
};
use imo_client::{Backend, RpcBackend};
use std::process::{Command, Output};

mod support;

/// The nitro devnode's public development key (the facade's devchain funds it).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

/// The prompt of the disputed request.
const PROMPT: &[u8] = b"a 3, seed 11";

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

fn call<C: SolCall>(owner: &mut RpcBackend, to: Address, call: C) -> C::Return {
    let from = owner.deployer();
    let r = owner.call(from, to, &call.abi_encode()).unwrap();
    assert!(r.success, "{}", r.describe());
    C::abi_decode_returns(&r.output, true).unwrap()
}

/// `imo deploy` on a fresh facade, a staked node and a funded watcher, one paid request for
/// [`PROMPT`].
struct Setup {
    url: String,
    owner: RpcBackend,
    oracle: Address,
    verifier: Address,
    game: Address,
    node: (String, Address),
    watcher: (String, Address),
    request: U256,
    honest: Vec<u8>,
}

impl Setup {
    fn new() -> Self {
        let url = imo_e2e::facade::serve_devchain().unwrap();
        let (json, _) = imo(DEV_KEY, &["deploy", "--rpc", &url]);
        let addresses: serde_json::Value = serde_json::from_str(&json).unwrap();
        let get = |name: &str| -> Address { addresses[name].as_str().unwrap().parse().unwrap() };
        let (oracle, verifier, game) = (get("oracle"), get("verifier"), get("dispute_game"));
        let mut owner = RpcBackend::connect(&url, DEV_KEY).unwrap();
        let node = Self::account(&mut owner, "imo node");
        let watcher = Self::account(&mut owner, "imo watcher");
        let from = owner.deployer();
        let add = IImoAIOracleVerifier::addNodeCall { node: node.1 }.abi_encode();
        assert!(
            owner
                .send(from, verifier, &add, U256::ZERO)
                .unwrap()
                .success
        );
        let mut node_backend = RpcBackend::connect(&url, &node.0).unwrap();
        let stake = IImoAIOracleVerifier::stakeCall {}.abi_encode();
        let r = node_backend
            .send(
                node.1,
                verifier,
                &stake,
                U256::from(10u64).pow(U256::from(17)),
            )
            .unwrap();
        assert!(r.success, "{}", r.describe());
        let estimate = IAIOracle::estimateFeeCall {
            modelId: U256::from(1),
            gasLimit: U256::ZERO,
        };
        let fee = call(&mut owner, oracle, estimate)._0;
        let request = IAIOracle::requestCallbackCall {
            modelId: U256::from(1),
            input: PROMPT.to_vec().into(),
            callbackContract: Address::ZERO,
            gasLimit: 0,
            callbackData: Vec::new().into(),
        };
        let r = owner
            .send(from, oracle, &request.abi_encode(), fee)
            .unwrap();
        let request = imo_client::request_id(&r, oracle).unwrap();
        let generator = imo_model::Model::parse(imo_model::bundled::GENERATOR).unwrap();
        let mut out = [0u8; imo_model::MAX_OUTPUT];
        let n = generator.infer(PROMPT, &mut out).unwrap();
        Self {
            url,
            owner,
            oracle,
            verifier,
            game,
            node,
            watcher,
            request,
            honest: out[..n].to_vec(),
        }
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

    /// `imo COMMAND --rpc … --oracle … --model 1 --from-block 0 --once EXTRA…` with `key`.
    fn run(&self, key: &str, command: &str, extra: &[&str]) -> String {
        let oracle = self.oracle.to_string();
        let mut args = vec![command, "--rpc", &self.url, "--oracle", &oracle];
        args.extend(["--model", "1", "--from-block", "0", "--once"]);
        args.extend(extra);
        imo(key, &args).1
    }

    /// The last result delivered for the request: `(invoker, output)`.
    fn result(&self) -> (Address, Vec<u8>) {
        support::results_of(&self.owner, self.oracle, self.request)
            .pop()
            .expect("a result")
    }

    /// `(challenger, defender, divergence, outcome)` of game 1.
    fn game(&mut self) -> (Address, Address, u8, u8) {
        let g = call(
            &mut self.owner,
            self.game,
            IImoDisputeGame::getGameCall { gameId: 1 },
        );
        (g.challenger, g.defender, g.divergence, g.outcome)
    }

    /// The node's active stake.
    fn node_stake(&mut self) -> U256 {
        let node = self.node.1;
        call(
            &mut self.owner,
            self.verifier,
            IImoAIOracleVerifier::nodeInfoCall { node },
        )
        .stake
    }
}

#[test]
fn the_watcher_plays_a_dishonest_node_to_the_one_step_proof_and_wins() {
    let mut s = Setup::new();
    let (node, watcher) = (s.node.clone(), s.watcher.clone());
    let out = s.run(&node.0, "node", &["--test-only-wrong-step", "2"]);
    assert!(out.contains("TEST ONLY"), "{out}");
    let (invoker, wrong) = s.result();
    assert_eq!(invoker, node.1);
    assert_ne!(
        wrong, s.honest,
        "the dishonest node delivered a wrong image"
    );

    // The watcher challenges and posts its trace; the node answers with its wrong trace; the
    // watcher's one-step proof ends the game.
    let first = s.run(&watcher.0, "watch", &[]);
    let id = s.request;
    assert!(
        first.contains(&format!("request {id}: wrong result, challenged (game 1)")),
        "{first}"
    );
    assert!(
        first.contains("game 1: sent the challenger trace"),
        "{first}"
    );
    let defence = ["--no-challenge", "--test-only-wrong-step", "2"];
    let node_move = s.run(&node.0, "watch", &defence);
    assert!(
        node_move.contains("game 1: sent the defender trace"),
        "{node_move}"
    );
    assert_eq!(s.game(), (watcher.1, node.1, 2, 0));
    let proof = s.run(&watcher.0, "watch", &[]);
    assert!(proof.contains("game 1: sent the one-step proof"), "{proof}");
    assert_eq!(s.game().3, 2, "the watcher won");
    assert_eq!(
        s.result(),
        (s.verifier, s.honest.clone()),
        "the true output"
    );
    assert!(s.node_stake().is_zero(), "the node is slashed");
    // The node's watcher sees the game ended; nothing else to do.
    let after = s.run(&node.0, "watch", &defence);
    assert!(after.contains("game 1 ended: outcome 2"), "{after}");
}

#[test]
fn the_watcher_times_out_a_stalling_node() {
    let mut s = Setup::new();
    let (node, watcher) = (s.node.clone(), s.watcher.clone());
    s.run(&node.0, "node", &["--test-only-wrong-step", "1"]);
    let first = s.run(&watcher.0, "watch", &[]);
    assert!(
        first.contains("game 1: sent the challenger trace"),
        "{first}"
    );
    // The node's TEST-ONLY stalling watcher never moves; the watcher waits for the deadline.
    let stall = s.run(&node.0, "watch", &["--no-challenge", "--test-only-stall"]);
    assert!(!stall.contains("sent"), "{stall}");
    let early = s.run(&watcher.0, "watch", &[]);
    assert!(
        !early.contains("timed out"),
        "no timeout before the deadline: {early}"
    );
    let seconds = U64::from(600 + 1);
    let moved: U64 = s
        .owner
        .block_on(
            s.owner
                .provider()
                .raw_request("evm_increaseTime".into(), (seconds,)),
        )
        .unwrap();
    assert_eq!(moved, seconds);
    let late = s.run(&watcher.0, "watch", &[]);
    assert!(
        late.contains("game 1: the other party missed its deadline, timed out"),
        "{late}"
    );
    assert_eq!(s.game(), (watcher.1, node.1, 0, 2));
    assert_eq!(s.result(), (s.verifier, s.honest.clone()));
    assert!(s.node_stake().is_zero());
}

#[test]
fn an_honest_nodes_watch_defends_its_result_against_a_false_challenger() {
    let mut s = Setup::new();
    let (node, liar) = (s.node.clone(), s.watcher.clone());
    s.run(&node.0, "node", &[]);
    assert_eq!(s.result(), (node.1, s.honest.clone()));
    // A TEST-ONLY dishonest challenger (its last layer wrong) challenges the right result.
    let out = s.run(&liar.0, "watch", &["--test-only-wrong-step", "3"]);
    assert!(out.contains("wrong result, challenged (game 1)"), "{out}");
    let defence = s.run(&node.0, "watch", &["--no-challenge"]);
    assert!(
        defence.contains("game 1: sent the defender trace"),
        "{defence}"
    );
    let proof = s.run(&node.0, "watch", &["--no-challenge"]);
    assert!(proof.contains("game 1: sent the one-step proof"), "{proof}");
    assert_eq!(s.game(), (liar.1, node.1, 3, 1), "the node won at step 3");
    assert_eq!(s.result(), (node.1, s.honest.clone()), "the result stands");
    let bond = call(
        &mut s.owner,
        s.verifier,
        IImoAIOracleVerifier::creditOfCall { account: node.1 },
    )
    ._0;
    assert_eq!(
        bond,
        U256::from(10u64).pow(U256::from(16)),
        "the bond goes to the node"
    );
}
