//! The oracle's rows of ORA's table: direct requests, ORA's `Prompt.sol` consumer (compiled from
//! `solidity/examples/Prompt.sol`, committed in `solidity/out/`), deliveries into it and into an
//! event-only consumer, the revenue sweep, model registration.

use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolValue};
use anyhow::Context;
use imo_client::bindings::{ai_oracle::IAIOracle, imo_oracle::IImoAIOracle};
use imo_client::{artifacts::workspace_root, Backend};

use super::Bench;
use crate::{ora::gas, Row};

sol! {
    /// ORA's example consumer (solidity/examples/Prompt.sol).
    interface IPrompt {
        function estimateFee(uint256 modelId) external view returns (uint256);
        function calculateAIResult(uint256 modelId, string prompt) external payable returns (uint256);
    }
}

/// An EVM consumer that logs its whole calldata and stops (as ORA's event-only consumers do):
/// `CALLDATASIZE PUSH1 0 PUSH1 0 CALLDATACOPY PUSH32 topic CALLDATASIZE PUSH1 0 LOG1 STOP`.
fn event_only_consumer() -> Vec<u8> {
    let mut code = vec![0x36, 0x60, 0x00, 0x60, 0x00, 0x37, 0x7f];
    code.extend_from_slice(alloy_primitives::keccak256("Answered(bytes)").as_slice());
    code.extend_from_slice(&[0x36, 0x60, 0x00, 0xa1, 0x00]);
    code
}

/// `Prompt.sol`'s creation code from `solidity/out/Prompt.json`, with its constructor argument.
fn prompt_initcode(oracle: Address) -> anyhow::Result<Vec<u8>> {
    let path = workspace_root().join("solidity/out/Prompt.json");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?,
    )?;
    let hex = json["bytecode"]
        .as_str()
        .context("Prompt.json has no bytecode")?;
    let mut code = alloy_primitives::hex::decode(hex)?;
    code.extend_from_slice(&oracle.abi_encode());
    Ok(code)
}

/// The oracle's rows, in ORA's order.
///
/// # Errors
///
/// A failed step.
pub fn rows() -> anyhow::Result<Vec<Row>> {
    let mut b = Bench::new()?;
    let (owner, oracle, token) = (b.imo.owner, b.imo.c.oracle, b.imo.c.token);
    let model = U256::from(b.imo.cfg.model_id);
    let node = b.account("node")?;
    b.imo.add_node(node)?;
    let user = b.account("user")?;
    let consumer = b
        .imo
        .backend
        .deploy_evm(&imo_client::evm::initcode(&event_only_consumer()))?;
    let prompt = b.imo.backend.deploy_evm(&prompt_initcode(oracle)?)?;
    let gas_limit = 100_000;

    // One request first, so the rows are steady-state (the request counter already exists).
    b.imo.request(user, b"warm-up", consumer, gas_limit)?;
    let fee = b.imo.fee(gas_limit)?;
    let request = |input: Vec<u8>| IAIOracle::requestCallbackCall {
        modelId: model,
        input: input.into(),
        callbackContract: consumer,
        gasLimit: gas_limit,
        callbackData: Bytes::new(),
    };
    b.measure(
        "oracle `requestCallback` direct, 200-byte input",
        Some(gas::REQUEST_200),
        user,
        oracle,
        request(vec![b'a'; 200]),
        fee,
    )?;
    b.measure(
        "oracle `requestCallback` direct, 1000-byte input",
        Some(gas::REQUEST_1000),
        user,
        oracle,
        request(vec![b'a'; 1_000]),
        fee,
    )?;

    let prompt_fee = b
        .imo
        .view(prompt, IPrompt::estimateFeeCall { modelId: model })?
        ._0;
    let ask = |len: usize| IPrompt::calculateAIResultCall {
        modelId: model,
        prompt: "a".repeat(len),
    };
    b.measure(
        "`Prompt.calculateAIResult` (-> `requestCallback`), 200-byte prompt",
        Some(gas::PROMPT_200),
        user,
        prompt,
        ask(200),
        prompt_fee,
    )?;
    b.measure(
        "`Prompt.calculateAIResult`, 1000-byte prompt",
        Some(gas::PROMPT_1000),
        user,
        prompt,
        ask(1_000),
        prompt_fee,
    )?;

    // Deliveries: into Prompt (it stores the answer) and into the event-only consumer.
    let r = b.imo.exec(
        "Prompt.calculateAIResult (to deliver)",
        user,
        prompt,
        ask(200),
        prompt_fee,
    )?;
    let to_prompt = imo_client::request_id(&r, oracle)?;
    let (to_event, _, _) = b.imo.request(user, &[b'a'; 200], consumer, gas_limit)?;
    let deliver = |id: U256| IAIOracle::invokeCallbackCall {
        requestId: id,
        output: vec![b'z'; 200].into(),
    };
    b.measure(
        "oracle `invokeCallback`, 200-byte output into `Prompt` (stores the output)",
        Some(gas::DELIVER_PROMPT),
        node,
        oracle,
        deliver(to_prompt),
        U256::ZERO,
    )?;
    b.measure(
        "oracle `invokeCallback`, 200-byte output into an event-only consumer",
        Some(gas::DELIVER_EVENT_ONLY),
        node,
        oracle,
        deliver(to_event),
        U256::ZERO,
    )?;

    b.measure(
        "oracle `claimModelRevenue` -> ETH to the token",
        Some(gas::CLAIM_MODEL_REVENUE),
        user,
        oracle,
        IAIOracle::claimModelRevenueCall { modelId: model },
        U256::ZERO,
    )?;
    b.measure(
        "oracle `uploadModel` (ours: `addModel`, through the administration extension)",
        Some(gas::REGISTER_MODEL),
        owner,
        oracle,
        IImoAIOracle::addModelCall {
            modelId: U256::from(2),
            modelHash: B256::repeat_byte(1),
            programHash: B256::repeat_byte(2),
            fee: U256::from(10u64.pow(15)),
            receiver: token,
            receiverPercentage: U256::from(50),
            token: Address::ZERO,
            unverifiable: false,
        },
        U256::ZERO,
    )?;
    Ok(b.rows)
}
