//! Games played to the end: the honest party wins in every tested position, the money moves as
//! the verifier's rules say, a corrected result is re-delivered (the NFT's `Update`).

use alloy_primitives::{keccak256, U256};
use alloy_sol_types::SolEvent;
use anyhow::{ensure, Context};
use imo_client::bindings::{aigc::IAigcMinter, erc7007::IERC7007};
use imo_client::game::{
    DishonestNetwork, BOTH_LOSE, CHALLENGER_WINS, DEFENDER_WINS, PHASE_ENDED, PHASE_ONE_STEP,
};
use imo_client::Backend;

use super::{ended, nft_updated, redelivered, Fixture};

/// An honest node against a false challenger (its trace wrong from step `wrong`): the game stops
/// at that step, the node's one-step proof wins, the challenger's bond goes to the node, the
/// node keeps its stake and the result finalizes when its window ends.
///
/// # Errors
///
/// When an outcome differs.
pub fn honest_node_beats_a_false_challenger<B: Backend>(
    backend: B,
    wrong: usize,
) -> anyhow::Result<()> {
    let mut f = Fixture::new(backend)?;
    let (node, challenger) = (f.node, f.account("false challenger")?);
    let d = f.delivered(b"a 3, seed 11", None)?;
    let claim = f.trace(&d.input, Some(wrong), 64)?;
    let game = f.challenge(challenger, &d, 0, &claim)?;
    ensure!(!f.imo.finalized(d.id)?, "final while challenged");
    let g = f.traces(game, [(challenger, &claim), (node, &d.node)])?;
    ensure!(
        (g.phase, usize::from(g.divergence)) == (PHASE_ONE_STEP, wrong),
        "the traces part at step {wrong}: {g:?}"
    );
    let r = f.prove(game, node, &d, &d.honest)?;
    ensure!(ended(&r)? == (DEFENDER_WINS, false), "the node wins");
    ensure!(redelivered(&r, d.id).is_none(), "the result stands");
    let (bond, slash) = f.bond_and_slash();
    ensure!(f.credit(node)? == bond, "the bond goes to the node");
    ensure!(
        f.credit(challenger)?.is_zero(),
        "the challenger gets nothing"
    );
    ensure!(f.stake(node)? == slash, "the node keeps its stake");
    ensure!(f.protocol()?.is_zero(), "nothing to the protocol");
    f.let_window_pass()?;
    ensure!(
        f.imo.finalized(d.id)?,
        "the result finalizes after its window"
    );
    Ok(())
}

/// A node wrong at step `wrong` against an honest watcher: the game stops at that step, the
/// watcher's one-step proof (the chain re-executes that step) wins, the node is slashed (half to
/// the watcher), the watcher's output replaces the result and is re-delivered, a new window
/// opens in which the watcher defends it with its bond, released once the result is final.
///
/// # Errors
///
/// When an outcome differs.
pub fn honest_watcher_beats_a_wrong_node<B: Backend>(
    backend: B,
    wrong: usize,
) -> anyhow::Result<()> {
    let mut f = Fixture::new(backend)?;
    let (node, watcher) = (f.node, f.account("watcher")?);
    let d = f.delivered(b"nine, seed 5", Some(wrong))?;
    ensure!(
        d.node.output != d.honest.output,
        "the node's output is wrong"
    );
    let game = f.challenge(watcher, &d, 0, &d.honest)?;
    let g = f.traces(game, [(watcher, &d.honest), (node, &d.node)])?;
    ensure!(
        usize::from(g.divergence) == wrong,
        "parted at {wrong}: {g:?}"
    );
    let r = f.prove(game, watcher, &d, &d.honest)?;
    ensure!(ended(&r)? == (CHALLENGER_WINS, false), "the watcher wins");
    ensure!(
        redelivered(&r, d.id).as_deref() == Some(&d.honest.output[..]),
        "the true output is re-delivered"
    );
    let (bond, slash) = f.bond_and_slash();
    ensure!(f.stake(node)?.is_zero(), "the node is slashed");
    ensure!(
        f.credit(watcher)? == slash / U256::from(2),
        "half the slash"
    );
    ensure!(
        f.protocol()? == slash - slash / U256::from(2),
        "half to the protocol"
    );
    ensure!(
        f.round(d.id)? == (1, watcher, bond, 0, false),
        "round 1: the watcher defends the new result with its bond"
    );
    ensure!(!f.imo.finalized(d.id)?, "a new window is open");
    f.let_window_pass()?;
    ensure!(f.imo.finalized(d.id)?, "final after the new window");
    let verifier = f.imo.c.verifier;
    f.imo.exec(
        "verifier.settleChallenge (collateral back)",
        watcher,
        verifier,
        imo_client::bindings::imo_oracle::IImoAIOracleVerifier::settleChallengeCall {
            requestId: d.id,
            challenger: watcher,
        },
        U256::ZERO,
    )?;
    ensure!(
        f.credit(watcher)? == bond + slash / U256::from(2),
        "bond back"
    );
    Ok(())
}

/// The NFT: a TEST-ONLY dishonest node (its second layer wrong) serves a mint with a wrong image;
/// the watcher challenges, both traces are posted, the chain re-executes the disputed layer, the
/// node is slashed, the true image replaces the wrong one on the NFT (ERC-7007 `Update`).
///
/// # Errors
///
/// When an outcome differs.
pub fn the_nft_gets_the_true_image<B: Backend>(backend: B) -> anyhow::Result<()> {
    let mut f = Fixture::new(backend)?;
    let (node, user, watcher) = (f.node, f.user, f.account("watcher")?);
    let (minter, nft) = (f.imo.c.minter, f.imo.c.nft);
    let cost = f.imo.view(minter, IAigcMinter::mintCostCall {})?._0;
    let prompt = b"a seven for Arbitrum, seed 42".to_vec();
    let mint = f.imo.exec(
        "minter.mint",
        user,
        minter,
        IAigcMinter::mintCall {
            prompt: prompt.clone().into(),
        },
        cost,
    )?;
    let mut dishonest = DishonestNetwork {
        network: f.network.clone(),
        wrong: 2,
    };
    let served = f
        .imo
        .serve(node, &mut dishonest, &mint, "dishonest node delivers")?;
    let (id, wrong_image, delivery) = served.first().context("the node served the mint")?.clone();
    let token_id = U256::from_be_bytes(keccak256(&prompt).0);
    ensure!(
        delivery.logs.iter().any(|l| l.address == nft
            && l.topics().first() == Some(&IERC7007::AigcData::SIGNATURE_HASH)
            && l.topics().get(3) == Some(&keccak256(&wrong_image))),
        "the NFT got the wrong image (ERC-7007 AigcData)"
    );
    let d = super::Delivered {
        id,
        input: prompt.clone(),
        node: f.trace(&prompt, Some(2), 64)?,
        honest: f.trace(&prompt, None, 0)?,
    };
    ensure!(d.node.output == wrong_image && d.honest.output != wrong_image);
    let game = f.challenge(watcher, &d, 0, &d.honest)?;
    f.traces(game, [(watcher, &d.honest), (node, &d.node)])?;
    let r = f.prove(game, watcher, &d, &d.honest)?;
    ensure!(ended(&r)?.0 == CHALLENGER_WINS, "the watcher wins");
    ensure!(
        nft_updated(&r, nft, token_id, &prompt, &d.honest.output),
        "the NFT emits ERC-7007 Update with the true image"
    );
    ensure!(f.stake(node)?.is_zero(), "the node is slashed");
    f.let_window_pass()?;
    ensure!(
        f.imo.nft_verifies(&prompt, &d.honest.output)?,
        "after the new window the NFT verifies the true image"
    );
    ensure!(
        !f.imo.nft_verifies(&prompt, &wrong_image)?,
        "and not the wrong one"
    );
    Ok(())
}

/// Both parties wrong at the same step in different ways: the proof (by a third party) matches
/// neither, both lose: the node's slash and the bond go to the protocol, the window restarts, and
/// an honest watcher then challenges and corrects the result (no second slash in the round).
///
/// # Errors
///
/// When an outcome differs.
pub fn both_wrong_both_lose<B: Backend>(backend: B) -> anyhow::Result<()> {
    let mut f = Fixture::new(backend)?;
    let (node, challenger) = (f.node, f.account("wrong challenger")?);
    let (prover, watcher) = (f.account("anyone")?, f.account("watcher")?);
    let d = f.delivered(b"a 3, seed 11", Some(2))?;
    let claim = f.trace(&d.input, Some(2), 32)?;
    ensure!(claim.output != d.node.output && claim.output != d.honest.output);
    let game = f.challenge(challenger, &d, 0, &claim)?;
    let g = f.traces(game, [(challenger, &claim), (node, &d.node)])?;
    ensure!(g.divergence == 2, "{g:?}");
    let r = f.prove(game, prover, &d, &d.honest)?;
    ensure!(ended(&r)? == (BOTH_LOSE, false), "both lose");
    ensure!(redelivered(&r, d.id).is_none(), "nothing replaced");
    let (bond, slash) = f.bond_and_slash();
    ensure!(f.stake(node)?.is_zero(), "the node is slashed");
    ensure!(
        f.protocol()? == slash + bond,
        "slash and bond to the protocol"
    );
    ensure!(f.credit(challenger)?.is_zero() && f.credit(prover)?.is_zero());
    ensure!(
        f.round(d.id)? == (0, node, U256::ZERO, 0, true),
        "same round, slashed"
    );
    // The window restarted: an honest watcher still corrects the result.
    let game = f.challenge(watcher, &d, 0, &d.honest)?;
    f.traces(game, [(watcher, &d.honest), (node, &d.node)])?;
    let r = f.prove(game, watcher, &d, &d.honest)?;
    ensure!(ended(&r)?.0 == CHALLENGER_WINS);
    ensure!(redelivered(&r, d.id).as_deref() == Some(&d.honest.output[..]));
    ensure!(
        f.protocol()? == slash + bond,
        "no second slash in one round"
    );
    ensure!(f.imo.game(game)?.phase == PHASE_ENDED);
    Ok(())
}

/// The disputed layer proven by one block of its output rows (the path for a layer too large for
/// one transaction): both parties reveal their states after the layer, a forged row path is
/// refused, and the chain re-executes only the first block of rows the states differ in.
///
/// # Errors
///
/// When an outcome differs.
pub fn a_layer_proven_by_one_row_block<B: Backend>(backend: B) -> anyhow::Result<()> {
    use alloy_sol_types::{SolCall, SolError};
    use imo_client::bindings::dispute_game::IImoDisputeGame;
    use imo_client::game::{PHASE_DEFENDER_REVEAL, PHASE_ROW_STEP};
    let mut f = Fixture::new(backend)?;
    let (node, watcher) = (f.node, f.account("watcher")?);
    let d = f.delivered(b"a 3, seed 11", Some(2))?;
    let game = f.challenge(watcher, &d, 0, &d.honest)?;
    f.traces(game, [(watcher, &d.honest), (node, &d.node)])?;
    f.imo.reveal_state(game, watcher, &d.honest.states[2])?;
    ensure!(f.imo.game(game)?.phase == PHASE_DEFENDER_REVEAL);
    f.imo.reveal_state(game, node, &d.node.states[2])?;
    ensure!(f.imo.game(game)?.phase == PHASE_ROW_STEP);
    let network = f.network.clone();
    let states = [&d.node.states[2][..], &d.honest.states[2][..]];
    // A forged row path first (block 0's proof, where the states first differ, with its first
    // sibling changed).
    let forged = {
        let agreed = &d.honest.states[1];
        let model = network.parsed();
        let header = model.header(1).map_err(|e| anyhow::anyhow!("{e}"))?;
        let rb = imo_model::dispute::row_block(&model, 1, 0, &imo_model::TinyKeccak)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        ensure!(header.row_blocks() > 1, "the layer has several row blocks");
        let mut row_path: Vec<alloy_primitives::B256> =
            rb.row_path.iter().map(|h| (*h).into()).collect();
        row_path[0] = keccak256(row_path[0]);
        IImoDisputeGame::proveRowBlockCall {
            gameId: game,
            state: agreed.clone().into(),
            defenderNext: states[0].to_vec().into(),
            challengerNext: states[1].to_vec().into(),
            header: rb.header.to_vec().into(),
            rowsRoot: rb.rows_root.into(),
            modelPath: rb.model_path.iter().map(|h| (*h).into()).collect(),
            rows: rb.rows.clone().into(),
            rowPath: row_path,
        }
    };
    let address = f.imo.c.dispute_game;
    let r = f
        .imo
        .backend
        .send(watcher, address, &forged.abi_encode(), U256::ZERO)?;
    ensure!(
        !r.success && r.output.get(..4) == Some(&IImoDisputeGame::InvalidRowProof::SELECTOR[..]),
        "a forged row path: {}",
        r.describe()
    );
    let r = f
        .imo
        .prove_rows(game, watcher, &network, &d.honest.states[1], states)?;
    ensure!(ended(&r)? == (CHALLENGER_WINS, false), "the watcher wins");
    ensure!(redelivered(&r, d.id).as_deref() == Some(&d.honest.output[..]));
    Ok(())
}
