//! The demo's fraud proof (opML, issue 18): a TEST-ONLY dishonest node serves an AIGC mint with a
//! wrong image (its middle layer computed wrong), a watcher re-executes the request with
//! `imo-model`, challenges, both post their traces, the chain re-executes the disputed layer in
//! the compiled dispute game, the node is slashed and the true image replaces the wrong one on the
//! NFT (ERC-7007 `Update`). Every outcome is checked exactly; [`run`] narrates it.

use crate::backend::Backend;
use crate::bindings::{aigc, dispute_game::IImoDisputeGame, erc7007, imo_oracle};
use crate::game::{self, DishonestNetwork, CHALLENGER_WINS};
use crate::imo::Imo;
use crate::lifecycle::format_eth;
use crate::node::{shade_lines, Network};
use crate::ETHER;
use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::SolEvent;
use anyhow::{ensure, Context};

/// The layer step the dishonest node gets wrong (the generator's middle layer).
const WRONG_STEP: usize = 2;

/// Prints an 8x8 image as shades.
fn show<B: Backend>(imo: &Imo<B>, image: &[u8]) {
    for line in shade_lines(image).unwrap_or_default() {
        imo.note(&format!("    |{line}|"));
    }
}

/// `creditOf(account)` at the verifier.
fn credit<B: Backend>(imo: &mut Imo<B>, account: Address) -> anyhow::Result<U256> {
    let verifier = imo.c.verifier;
    let call = imo_oracle::IImoAIOracleVerifier::creditOfCall { account };
    Ok(imo.view(verifier, call)?._0)
}

/// Runs the fraud proof on a deployed system (new accounts: the dishonest node, the watcher and
/// a collector who mints).
///
/// # Errors
///
/// A failed step or an outcome that differs.
pub fn run<B: Backend>(imo: &mut Imo<B>) -> anyhow::Result<()> {
    imo.section("9. Fraud proof: a dishonest node's wrong image, disputed and replaced (opML)");
    let c = imo.c;
    let cfg = imo.cfg.clone();
    let node = imo
        .backend
        .new_account("dishonest node", U256::from(ETHER))?;
    let watcher = imo.backend.new_account("watcher", U256::from(ETHER))?;
    let collector = imo.backend.new_account("collector", U256::from(ETHER))?;
    let verifier_before = imo.balance(c.verifier)?;
    imo.add_node(node)?;
    let network = Network::generator();
    let cost = imo.view(c.minter, aigc::IAigcMinter::mintCostCall {})?._0;
    let prompt = b"a two for the fraud proof, seed 7".to_vec();
    let mint = imo.exec(
        "minter.mint (collector)",
        collector,
        c.minter,
        aigc::IAigcMinter::mintCall {
            prompt: prompt.clone().into(),
        },
        cost,
    )?;
    let token_id = U256::from_be_bytes(keccak256(&prompt).0);
    let mut dishonest = DishonestNetwork {
        network: network.clone(),
        wrong: WRONG_STEP,
    };
    let served = imo.serve(
        node,
        &mut dishonest,
        &mint,
        "oracle.invokeCallback (TEST-ONLY dishonest node)",
    )?;
    let (id, wrong_image, _) = served.first().context("the node served the mint")?.clone();
    imo.note(&format!(
        "a TEST-ONLY dishonest node computes layer {} (the middle one) wrong and delivers this image for {:?}:",
        WRONG_STEP - 1,
        String::from_utf8_lossy(&prompt)
    ));
    show(imo, &wrong_image);

    // The watcher re-executes the request natively with imo-model and disagrees.
    let honest = game::trace(&network, &prompt, None, 0)?;
    let lie = game::trace(&network, &prompt, Some(WRONG_STEP), 64)?;
    ensure!(lie.output == wrong_image && honest.output != wrong_image);
    imo.note("the watcher re-executes the request with imo-model: the true image differs");
    imo.challenge(watcher, id, B256::from(honest.output_hash()), &prompt)?;
    let game = imo.game_of(id, 0, watcher)?;
    imo.note(&format!(
        "challenged with a bond of {}: dispute game {game}",
        format_eth(cfg.challenge_bond)
    ));
    imo.post_challenger_trace(game, watcher, &network, &honest)?;
    imo.post_defender_trace(game, node, &lie, &honest)?;
    let g = imo.game(game)?;
    ensure!(
        usize::from(g.divergence) == WRONG_STEP,
        "the traces part at the wrong layer"
    );
    let header = network
        .parsed()
        .header(WRONG_STEP - 1)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    imo.note(&format!(
        "the traces agree on h_0..h_{} and part at step {}: layer {} ({} -> {})",
        WRONG_STEP - 1,
        WRONG_STEP,
        WRONG_STEP - 1,
        header.in_dim(),
        header.out_dim()
    ));
    let r = imo.prove_step(game, watcher, &network, &prompt, &honest)?;
    let ended = r
        .logs
        .iter()
        .find_map(|l| IImoDisputeGame::GameEnded::decode_log_data(&l.data, true).ok())
        .context("no GameEnded")?;
    ensure!(
        ended.outcome == CHALLENGER_WINS && !ended.timedOut,
        "the watcher wins"
    );
    imo.note(&format!(
        "the chain re-executed layer {} in WASM from its Merkle-proven weights ({} gas): the \
         watcher's state hash matches, the node's does not",
        WRONG_STEP - 1,
        r.gas_used
    ));
    let updated = r.logs.iter().any(|l| {
        l.address == c.nft
            && l.topics().first() == Some(&erc7007::IERC7007Updatable::Update::SIGNATURE_HASH)
            && l.topics().get(1) == Some(&B256::from(token_id))
            && l.topics().get(3) == Some(&keccak256(&honest.output))
    });
    ensure!(updated, "the NFT emits ERC-7007 Update with the true image");
    imo.note("the oracle re-delivered the true image; the NFT emitted ERC-7007 Update:");
    show(imo, &honest.output);

    // The money, exactly: the node's stake is slashed, half to the watcher, half to the
    // protocol; the watcher's bond stays as collateral for the corrected result's new window.
    let slash = cfg.min_node_stake;
    let info = imo.view(
        c.verifier,
        imo_oracle::IImoAIOracleVerifier::nodeInfoCall { node },
    )?;
    ensure!(
        info.stake.is_zero(),
        "the dishonest node's stake is slashed"
    );
    ensure!(
        credit(imo, watcher)? == slash / U256::from(2),
        "the watcher's reward"
    );
    ensure!(
        imo.balance(c.verifier)? == verifier_before + slash + cfg.challenge_bond,
        "the verifier holds the slash (credits) and the bond (collateral)"
    );
    imo.note(&format!(
        "the node lost its stake of {}: {} to the watcher, the rest to the protocol",
        format_eth(slash),
        format_eth(slash / U256::from(2))
    ));
    if imo.backend.advance_time(cfg.challenge_window)? {
        ensure!(
            imo.nft_verifies(&prompt, &honest.output)?
                && !imo.nft_verifies(&prompt, &wrong_image)?,
            "after the new window the NFT verifies the true image only"
        );
        imo.note("after the new window: verify(prompt, true image) = true, the wrong one false");
    }
    Ok(())
}
