//! The project's operations that ORA's contracts have no equivalent for: the AIGC mint and its
//! delivery, batch requests, refunds of unanswered requests, disputes.

use alloy_primitives::{keccak256, Bytes, U256};
use imo_client::bindings::{
    ai_oracle::IAIOracle,
    aigc::IAigcMinter,
    imo_oracle::{IImoAIOracle, IImoAIOracleVerifier},
};
use imo_client::Backend;

use super::Bench;
use crate::Row;

/// The project's rows.
///
/// # Errors
///
/// A failed step.
pub fn rows() -> anyhow::Result<Vec<Row>> {
    let mut b = Bench::new()?;
    let (owner, oracle, minter, verifier) = (
        b.imo.owner,
        b.imo.c.oracle,
        b.imo.c.minter,
        b.imo.c.verifier,
    );
    let model = U256::from(b.imo.cfg.model_id);
    let node = b.account("node")?;
    b.imo.add_node(node)?;
    let user = b.account("user")?;

    // The AIGC NFT: a mint (NFT + price to the token + oracle request) and its delivery.
    let cost = b.imo.view(minter, IAigcMinter::mintCostCall {})?._0;
    b.imo.exec(
        "minter.mint (warm-up)",
        user,
        minter,
        IAigcMinter::mintCall {
            prompt: b"warm-up".to_vec().into(),
        },
        cost,
    )?;
    let prompt = vec![b'p'; 200];
    b.measure(
        "minter `mint(prompt)`: NFT, mint price to the token, oracle request (200-byte prompt)",
        None,
        user,
        minter,
        IAigcMinter::mintCall {
            prompt: prompt.clone().into(),
        },
        cost,
    )?;
    let r = b.imo.exec(
        "minter.mint (to deliver)",
        user,
        minter,
        IAigcMinter::mintCall {
            prompt: b"an image".to_vec().into(),
        },
        cost,
    )?;
    let id = imo_client::request_id(&r, oracle)?;
    b.measure(
        "oracle `invokeCallback` of a mint: the minter attaches a 64-byte image to the NFT",
        None,
        node,
        oracle,
        IAIOracle::invokeCallbackCall {
            requestId: id,
            output: vec![7u8; 64].into(),
        },
        U256::ZERO,
    )?;

    // A batch request of 4 inferences.
    let fee = b
        .imo
        .view(
            oracle,
            IAIOracle::estimateFeeBatchCall {
                modelId: model,
                gasLimit: U256::ZERO,
                batchSize: U256::from(4),
            },
        )?
        ._0;
    b.measure(
        "oracle `requestBatchInference`, 4 inferences, no callback, 200-byte input",
        None,
        user,
        oracle,
        IAIOracle::requestBatchInferenceCall {
            batchSize: U256::from(4),
            modelId: model,
            input: vec![b'a'; 200].into(),
            callbackContract: alloy_primitives::Address::ZERO,
            gasLimit: 0,
            callbackData: Bytes::new(),
            inputDA: 0,
            outputDA: 0,
        },
        fee,
    )?;

    // A request nobody answers, refunded after a day.
    let consumer = b.imo.deploy_evm(imo_client::evm::ACCEPT)?;
    let (stale, _, _) = b.imo.request(user, b"unanswered", consumer, 100_000)?;
    b.imo.backend.advance_time(24 * 60 * 60)?;
    b.measure(
        "oracle `refundRequest` of a request unanswered for a day",
        None,
        user,
        oracle,
        IImoAIOracle::refundRequestCall { requestId: stale },
        U256::ZERO,
    )?;

    // A dispute of an unverifiable model: a wrong answer, a challenge, the arbiter's correction
    // (re-delivered), settlement. (A verifiable model's disputes are games: `dispute.rs`.)
    b.imo.make_unverifiable()?;
    let (disputed, _, _) = b.imo.request(user, b"2 + 2", consumer, 100_000)?;
    b.imo.deliver(node, disputed, b"5")?;
    let bond = b.imo.cfg.challenge_bond;
    b.measure(
        "verifier `challenge` (bond, the oracle marks the result)",
        None,
        user,
        verifier,
        IImoAIOracleVerifier::challengeCall {
            requestId: disputed,
            claimedOutputHash: keccak256(b"4"),
            modelId: model,
            input: b"2 + 2".to_vec().into(),
        },
        bond,
    )?;
    b.measure(
        "verifier `resolveChallenge` for the challenger: slash, correction re-delivered",
        None,
        owner,
        verifier,
        IImoAIOracleVerifier::resolveChallengeCall {
            requestId: disputed,
            challengerWins: true,
            correctOutput: b"4".to_vec().into(),
        },
        U256::ZERO,
    )?;
    b.measure(
        "verifier `settleChallenge` (bond back)",
        None,
        user,
        verifier,
        IImoAIOracleVerifier::settleChallengeCall {
            requestId: disputed,
            challenger: user,
        },
        U256::ZERO,
    )?;
    b.measure(
        "oracle `withdrawEarnings` (node)",
        None,
        node,
        oracle,
        IImoAIOracle::withdrawEarningsCall {},
        U256::ZERO,
    )?;
    Ok(b.rows)
}
