//! The compiled interfaces against what the WASM contracts route, answer and emit.

use super::*;
use alloy_json_abi::JsonAbi;
use alloy_primitives::{Log, Selector, B256};
use alloy_sol_types::SolValue;
use std::collections::BTreeSet;

/// ABI-encodes default (zero / empty) arguments for the given Solidity parameter types.
fn default_args(types: &[&str]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    let dynamic = |t: &str| t == "bytes" || t == "string" || t.ends_with("[]");
    let head_len = 32 * types.len();
    for t in types {
        if dynamic(t) {
            head.extend_from_slice(&U256::from(head_len + tail.len()).to_be_bytes::<32>());
            tail.extend_from_slice(&[0u8; 32]); // length 0
        } else if t.starts_with("uint")
            || t.starts_with("int")
            || t.starts_with("bytes")
            || *t == "address"
            || *t == "bool"
        {
            head.extend_from_slice(&[0u8; 32]);
        } else {
            panic!("default_args: unsupported parameter type {t}");
        }
    }
    head.extend_from_slice(&tail);
    head
}

/// The ABI of a compiled interface (`solidity/out/<name>.json`), parsed by alloy-json-abi.
fn abi(name: &str) -> JsonAbi {
    serde_json::from_value(artifact(name)["abi"].clone()).expect("a JSON ABI")
}

#[test]
fn compiled_interfaces_match_what_the_wasm_contracts_route_and_emit() {
    let mut imo = imo();
    let node = node(&mut imo);
    let c = imo.c;
    let (owner, model) = (imo.owner, U256::from(imo.cfg.model_id));
    let governor = imo
        .backend
        .deploy_stylus(
            "imo-governor",
            &(
                c.token,
                1u64,
                100u64,
                400u16,
                U256::from(1u64),
                10u64,
                1_000u64,
            )
                .abi_encode_params(),
        )
        .unwrap_or_else(|e| panic!("{e:#}"));
    // The interface that describes each deployed contract.
    let cases = [
        ("IImoAIOracle", c.oracle),
        ("IImoAIOracleVerifier", c.verifier),
        ("IImoDisputeGame", c.dispute_game),
        ("IRevShareToken", c.token),
        ("IAigcNft", c.nft),
        ("IAigcMinter", c.minter),
        ("IAigcRenderer", c.renderer),
        ("IModelGovernor", governor),
    ];
    let stranger = Address::repeat_byte(0x77);
    for (interface, contract) in cases {
        let abi = abi(interface);
        let listed = artifact(interface)["methodIdentifiers"]
            .as_object()
            .unwrap()
            .len();
        let errors: BTreeSet<Selector> = abi.errors().map(|e| e.selector()).collect();
        assert_eq!(
            abi.functions().count(),
            listed,
            "{interface}: every function has a selector"
        );
        for function in abi.functions() {
            let signature = function.signature();
            let types: Vec<_> = function.inputs.iter().map(|p| p.selector_type()).collect();
            let types: Vec<&str> = types.iter().map(AsRef::as_ref).collect();
            let mut calldata = function.selector().to_vec();
            calldata.extend_from_slice(&default_args(&types));
            // A routed function answers well-formed calldata with success or a named error; an
            // unknown selector reverts with no data.
            let r = imo.backend.call(stranger, contract, &calldata).unwrap();
            assert!(
                r.success || !r.output.is_empty(),
                "{interface}: {signature} is not routed by the contract ({})",
                r.describe()
            );
            // Every error the contract answers with is declared in its interface.
            if !r.success {
                let got = Selector::from_slice(&r.output[..4]);
                assert!(
                    errors.contains(&got),
                    "{interface}: {signature} reverted with an undeclared error {} ({})",
                    hex::encode(got),
                    r.describe()
                );
            }
        }
    }
    // Unknown selectors do revert with no data, so the check above can fail.
    let r = imo
        .backend
        .call(stranger, c.token, &[0xde, 0xad, 0xbe, 0xef])
        .unwrap();
    assert!(!r.success && r.output.is_empty());

    // Every event the contracts emit during a Prompt.sol round trip and a snapshot is declared.
    let user = imo.backend.new_account("user", U256::from(ETHER)).unwrap();
    let prompt = deploy_solidity(&mut imo, "Prompt", c.oracle.abi_encode());
    let fee = view(
        &mut imo,
        prompt,
        IPrompt::estimateFeeCall { modelId: model },
    )
    ._0;
    let r = exec(
        &mut imo,
        "request",
        user,
        prompt,
        IPrompt::calculateAIResultCall {
            modelId: model,
            prompt: "hi".into(),
        },
        fee,
    );
    let id = requests(&r)[0];
    let mut logs: Vec<Log> = r.logs.clone();
    logs.extend(deliver(&mut imo, node, id, b"hello").logs);
    logs.extend(
        exec(
            &mut imo,
            "snapshot",
            owner,
            c.token,
            IToken::snapshotCall {},
            U256::ZERO,
        )
        .logs,
    );
    let declared =
        [("IImoAIOracle", c.oracle), ("IRevShareToken", c.token)].map(|(name, address)| {
            let topics: BTreeSet<B256> = abi(name).events().map(|e| e.selector()).collect();
            (address, topics)
        });
    let mut seen = 0;
    for log in &logs {
        if let Some((_, topics)) = declared.iter().find(|(a, _)| *a == log.address) {
            let topic0 = log.topics()[0];
            assert!(
                topics.contains(&topic0),
                "{}: event {topic0} is not declared in its interface",
                log.address
            );
            seen += 1;
        }
    }
    assert!(seen >= 4, "the scenario emitted events to check ({seen})");
}
