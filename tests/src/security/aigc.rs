//! Item 3 (medium): an AIGC mint whose first callback ran out of gas could never be completed (the
//! oracle's re-delivery used the same stored gas limit, `retry` refused, the NFT never verified);
//! a node could cause it on purpose by padding its output.

use alloy_primitives::{keccak256, U256};
use alloy_sol_types::SolError;
use anyhow::ensure;
use imo_client::bindings::{ai_oracle::IAIOracle, aigc};
use imo_client::Backend;

use super::selector_of;
use crate::scenarios::one_node;

/// The node delivers a 4 KB output for a mint: the minter's callback runs out of gas and the
/// result stands without content. The holder re-delivers it with `updateResult` and enough gas
/// (the re-delivery forwards all the gas it is given): the content is attached and the NFT
/// verifies once the window has passed. Returns the gas of that re-delivery.
///
/// # Errors
///
/// When the way out does not work.
pub fn an_out_of_gas_mint_callback_can_be_completed_by_the_holder<B: Backend>(
    backend: B,
) -> anyhow::Result<u64> {
    let (mut imo, node, user) = one_node(backend)?;
    let (minter, oracle) = (imo.c.minter, imo.c.oracle);
    let cost = imo.view(minter, aigc::IAigcMinter::mintCostCall {})?._0;
    let prompt = b"a padded answer".to_vec();
    let mint = imo.exec(
        "minter.mint",
        user,
        minter,
        aigc::IAigcMinter::mintCall {
            prompt: prompt.clone().into(),
        },
        cost,
    )?;
    let id = imo_client::request_id(&mint, oracle)?;
    let token_id = U256::from_be_bytes(keccak256(&prompt).0);
    let padded: Vec<u8> = (0..4_096u32).map(|i| (i % 253) as u8).collect();
    let r = imo.deliver(node, id, &padded)?;
    ensure!(
        imo.callback_failed(&r, id).is_some(),
        "the padded output was expected to exhaust the callback's gas"
    );
    let (_, status) = {
        let s = imo.view(
            minter,
            aigc::IAigcMinter::requestOfCall { tokenId: token_id },
        )?;
        (s.requestId, s.status)
    };
    ensure!(status == 1, "still pending at the minter");
    let retry = imo.send(
        user,
        minter,
        aigc::IAigcMinter::retryCall { tokenId: token_id },
        cost,
    )?;
    ensure!(
        !retry.success && selector_of(&retry.output)? == aigc::IAigcMinter::NotRetryable::SELECTOR
    );
    let redeliver = imo.exec(
        "oracle.updateResult (the holder re-delivers with more gas)",
        user,
        oracle,
        IAIOracle::updateResultCall {
            requestId: id,
            output: padded.clone().into(),
        },
        U256::ZERO,
    )?;
    let status = imo
        .view(
            minter,
            aigc::IAigcMinter::requestOfCall { tokenId: token_id },
        )?
        .status;
    ensure!(status == 2, "delivered at the minter after the re-delivery");
    if imo.backend.advance_time(imo.cfg.challenge_window)? {
        ensure!(
            imo.nft_verifies(&prompt, &padded)?,
            "the NFT verifies its content once final"
        );
    }
    Ok(redeliver.gas_used)
}
