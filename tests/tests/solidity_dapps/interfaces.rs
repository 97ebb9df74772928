//! The compiled interfaces against what the WASM contracts route, answer and emit.

use super::*;
use alloy_primitives::{Log, Selector, B256};
use alloy_sol_types::SolValue;
use imo_e2e::calldata::default_args;
use imo_e2e::fixtures::{deployed_interfaces, interface_abi};
use std::collections::BTreeSet;

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
    let cases = deployed_interfaces(&c)
        .into_iter()
        .chain([("IModelGovernor", governor)]);
    for (interface, contract) in cases {
        check_routes(&mut imo, interface, contract);
    }
    // Unknown selectors do revert with no data, so the check above can fail.
    let r = imo
        .backend
        .call(
            Address::repeat_byte(0x77),
            c.token,
            &[0xde, 0xad, 0xbe, 0xef],
        )
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
            let topics: BTreeSet<B256> =
                interface_abi(name).events().map(|e| e.selector()).collect();
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

/// Calls every function of `interface` on `contract` with well-formed default arguments: each is
/// routed (success or a named error), and every error it answers is declared in the interface.
fn check_routes(imo: &mut Imo<DevchainBackend>, interface: &str, contract: Address) {
    let stranger = Address::repeat_byte(0x77);
    let abi = interface_abi(interface);
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

#[test]
fn offering_interfaces_match_what_the_wasm_contracts_route_and_emit() {
    use imo_client::bindings::{sale::IImoSale, vesting::IImoVesting};
    let mut imo = imo();
    let pad = imo.deploy_launchpad().unwrap_or_else(|e| panic!("{e:#}"));
    let creator = imo.owner;
    let cfg = imo_e2e::fixtures::launch("Interface model", "IFM", 9);
    let l = imo
        .launch(creator, &cfg)
        .unwrap_or_else(|e| panic!("{e:#}"));
    for (interface, contract) in [
        ("IImoLaunchpad", pad),
        ("IImoSale", l.sale),
        ("IImoVesting", l.vestings[0]),
    ] {
        check_routes(&mut imo, interface, contract);
    }
    // A whole sale: every event the launchpad, the sale and the grant emit is declared.
    let buyer = imo
        .backend
        .new_account("buyer", U256::from(40 * ETHER))
        .unwrap();
    let now = imo.backend.timestamp().unwrap();
    imo.backend.advance_time(l.start - now).unwrap();
    let amount = U256::from(35 * ETHER);
    let mut logs = Vec::new();
    logs.extend(
        exec(
            &mut imo,
            "deposit",
            buyer,
            l.sale,
            IImoSale::deposit_0Call { amount },
            amount,
        )
        .logs,
    );
    imo.backend.advance_time(l.end - l.start + 1).unwrap();
    for call in [
        IImoSale::finalizeCall {}.abi_encode(),
        IImoSale::distributeCall {}.abi_encode(),
    ] {
        let r = imo.backend.send(buyer, l.sale, &call, U256::ZERO).unwrap();
        assert!(r.success, "{}", r.describe());
        logs.extend(r.logs);
    }
    logs.extend(
        exec(
            &mut imo,
            "claim",
            buyer,
            l.sale,
            IImoSale::claimCall { to: buyer },
            U256::ZERO,
        )
        .logs,
    );
    imo.backend.advance_time(2_400).unwrap();
    logs.extend(
        exec(
            &mut imo,
            "release",
            buyer,
            l.vestings[0],
            IImoVesting::releaseCall {},
            U256::ZERO,
        )
        .logs,
    );
    let declared = [
        ("IImoSale", l.sale),
        ("IImoVesting", l.vestings[0]),
        ("IRevShareToken", l.token),
    ]
    .map(|(name, address)| {
        let topics: BTreeSet<B256> = interface_abi(name).events().map(|e| e.selector()).collect();
        (address, topics)
    });
    let mut seen = 0;
    for log in &logs {
        if let Some((_, topics)) = declared.iter().find(|(a, _)| *a == log.address) {
            assert!(
                topics.contains(&log.topics()[0]),
                "{}: event {} is not declared in its interface",
                log.address,
                log.topics()[0]
            );
            seen += 1;
        }
    }
    assert!(seen >= 8, "the sale emitted events to check ({seen})");
}
