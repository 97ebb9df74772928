//! The oracle's findings: revert data as a weapon (item 4), paid error answers (item 5), ETH stuck
//! in an undeliverable request (item 6), and ORA compatibility (the DA overload, the fee token).

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolError, SolEvent};
use anyhow::{ensure, Context};
use imo_client::bindings::{ai_oracle::IAIOracle, imo_oracle::IImoAIOracle};
use imo_client::{evm, Backend, Imo};

use super::selector_of;
use crate::scenarios::one_node;

/// A consumer whose every call reverts with `size` zero bytes: `PUSH3 size PUSH1 0 REVERT`.
fn reverts_with(size: u32) -> Vec<u8> {
    let [_, a, b, c] = size.to_be_bytes();
    vec![0x62, a, b, c, 0x60, 0x00, 0xfd]
}

fn refund_of<B: Backend>(imo: &mut Imo<B>, account: Address) -> anyhow::Result<U256> {
    let oracle = imo.c.oracle;
    Ok(imo.view(oracle, IImoAIOracle::refundOfCall { account })?._0)
}

fn earnings_of<B: Backend>(imo: &mut Imo<B>, node: Address) -> anyhow::Result<U256> {
    let oracle = imo.c.oracle;
    Ok(imo.view(oracle, IImoAIOracle::earningsOfCall { node })?._0)
}

/// Item 4: a 100,000-gas callback reverting with 200 KB made the node's delivery cost 1,807,035
/// gas (the oracle copied and logged all of it). Now at most 1 KB is copied and logged: the
/// delivery costs the callback's own gas and little more. Returns `(small, large)` delivery gas.
///
/// # Errors
///
/// When the large revert still costs the node more than the callback's gas plus 1 KB.
pub fn huge_revert_data_costs_the_node_little<B: Backend>(
    backend: B,
) -> anyhow::Result<(u64, u64)> {
    let (mut imo, node, user) = one_node(backend)?;
    let small = imo.deploy_evm(&reverts_with(4))?;
    let large = imo.deploy_evm(&reverts_with(200_000))?;
    let (id_small, _, _) = imo.request(user, b"x", small, 100_000)?;
    let (id_large, _, _) = imo.request(user, b"x", large, 100_000)?;
    let r_small = imo.deliver(node, id_small, b"out")?;
    let r_large = imo.deliver(node, id_large, b"out")?;
    let reason = imo
        .callback_failed(&r_large, id_large)
        .context("no CallbackFailed")?;
    ensure!(
        reason.len() == 1_024,
        "the logged reason is bounded to 1 KB, got {}",
        reason.len()
    );
    ensure!(imo.callback_failed(&r_small, id_small) == Some(vec![0; 4]));
    ensure!(
        r_large.gas_used < r_small.gas_used + 100_000 + 20_000,
        "delivery into a 200 KB revert cost {} vs {} for a 4-byte one",
        r_large.gas_used,
        r_small.gas_used
    );
    Ok((r_small.gas_used, r_large.gas_used))
}

/// Item 5: an error answer used to earn the node the delivery fee while the requester got nothing.
/// Now the fee is credited back to the requester and the node earns nothing; a real answer still
/// pays the node.
///
/// # Errors
///
/// When the error answer pays, or the refund is missing.
pub fn error_answers_refund_the_delivery_fee<B: Backend>(backend: B) -> anyhow::Result<()> {
    let (mut imo, node, user) = one_node(backend)?;
    let consumer = imo.deploy_evm(evm::ACCEPT)?;
    let (id, fee, _) = imo.request(user, b"x", consumer, 100_000)?;
    let model_fee = imo.cfg.model_fee;
    let oracle = imo.c.oracle;
    imo.exec(
        "oracle.feedbackError",
        node,
        oracle,
        IAIOracle::feedbackErrorCall {
            requestId: id,
            code: 0,
            message: b"cannot".to_vec().into(),
        },
        U256::ZERO,
    )?;
    ensure!(
        earnings_of(&mut imo, node)?.is_zero(),
        "an error earns nothing"
    );
    ensure!(
        refund_of(&mut imo, user)? == fee - model_fee,
        "the delivery fee is credited back"
    );
    let (id2, fee2, _) = imo.request(user, b"y", consumer, 100_000)?;
    imo.deliver(node, id2, b"out")?;
    ensure!(
        earnings_of(&mut imo, node)? == fee2 - model_fee,
        "a result pays the node"
    );
    Ok(())
}

/// Item 6: a request reserving 31,000,000 callback gas was paid and could never be delivered.
/// Now it is refused, and any request nobody answers is refunded after a day; a late answer is
/// refused. Skips the time-dependent half (returning `false`) on a backend that cannot move time.
///
/// # Errors
///
/// When the 31M request goes through, or the refund path fails.
pub fn stuck_requests_are_refused_or_refunded<B: Backend>(backend: B) -> anyhow::Result<bool> {
    let (mut imo, node, user) = one_node(backend)?;
    let consumer = imo.deploy_evm(evm::ACCEPT)?;
    let fee = imo.fee(31_000_000)?;
    let (oracle, model) = (imo.c.oracle, U256::from(imo.cfg.model_id));
    let r = imo.send(
        user,
        oracle,
        IAIOracle::requestCallbackCall {
            modelId: model,
            input: b"x".to_vec().into(),
            callbackContract: consumer,
            gasLimit: 31_000_000,
            callbackData: Vec::new().into(),
        },
        fee,
    )?;
    ensure!(!r.success, "a 31M-gas callback request was accepted");
    ensure!(selector_of(&r.output)? == IImoAIOracle::GasLimitTooHigh::SELECTOR);
    let (id, fee, _) = imo.request(user, b"x", consumer, 100_000)?;
    let delivery_fee = fee - imo.cfg.model_fee;
    let early = imo.send(
        user,
        oracle,
        IImoAIOracle::refundRequestCall { requestId: id },
        U256::ZERO,
    )?;
    ensure!(
        !early.success && selector_of(&early.output)? == IImoAIOracle::RequestNotExpired::SELECTOR
    );
    if !imo.backend.advance_time(24 * 60 * 60)? {
        return Ok(false);
    }
    imo.exec(
        "oracle.refundRequest (after a day)",
        node,
        oracle,
        IImoAIOracle::refundRequestCall { requestId: id },
        U256::ZERO,
    )?;
    ensure!(
        refund_of(&mut imo, user)? == delivery_fee,
        "refund credited"
    );
    let late = imo.send(
        node,
        oracle,
        IAIOracle::invokeCallbackCall {
            requestId: id,
            output: b"late".to_vec().into(),
        },
        U256::ZERO,
    )?;
    ensure!(
        !late.success && selector_of(&late.output)? == IImoAIOracle::RequestNotPending::SELECTOR
    );
    let before = imo.balance(user)?;
    let w = imo.exec(
        "oracle.withdrawRefund",
        user,
        oracle,
        IImoAIOracle::withdrawRefundCall {},
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(user)? == before + delivery_fee - w.fee,
        "refund paid to the wei"
    );
    Ok(true)
}

/// ORA compatibility: the `requestCallback` overload with DA fields (0x8c2c1ed8) is routed and
/// emits the batch event with `batchSize` 1; a model registered with an ERC-20 fee token is
/// refused (fees are ETH; `getModel(...).token` stays zero).
///
/// # Errors
///
/// When the overload is not routed or the token is accepted.
pub fn ora_da_overload_and_fee_token<B: Backend>(backend: B) -> anyhow::Result<()> {
    let (mut imo, node, user) = one_node(backend)?;
    let consumer = imo.deploy_evm(evm::ACCEPT)?;
    let fee = imo.fee(100_000)?;
    let (oracle, model, owner) = (imo.c.oracle, U256::from(imo.cfg.model_id), imo.owner);
    let r = imo.exec(
        "oracle.requestCallback (ORA's DA overload)",
        user,
        oracle,
        IImoAIOracle::requestCallbackCall {
            modelId: model,
            input: b"x".to_vec().into(),
            callbackContract: consumer,
            gasLimit: 100_000,
            callbackData: Vec::new().into(),
            inputDA: 0,
            outputDA: 2,
        },
        fee,
    )?;
    let event = r
        .logs
        .iter()
        .find_map(|l| IAIOracle::AICallbackRequest_1::decode_log_data(&l.data, true).ok())
        .context("no batch AICallbackRequest")?;
    ensure!(event.batchSize == U256::from(1) && event.outputDA == 2 && event.inputDA == 0);
    imo.deliver(node, event.requestId, b"out")?;
    let bad = imo.send(
        owner,
        oracle,
        IImoAIOracle::addModelCall {
            modelId: U256::from(99),
            modelHash: B256::ZERO,
            programHash: B256::ZERO,
            fee: U256::from(1),
            receiver: owner,
            receiverPercentage: U256::from(10),
            token: Address::repeat_byte(0x77),
            unverifiable: false,
        },
        U256::ZERO,
    )?;
    ensure!(
        !bad.success && selector_of(&bad.output)? == IImoAIOracle::UnsupportedFeeToken::SELECTOR
    );
    let m = imo.view(oracle, IAIOracle::getModelCall { modelId: model })?;
    ensure!(m.token.is_zero(), "model fees are in ETH");
    Ok(())
}
