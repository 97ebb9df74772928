//! The opML dispute game (`imo-dispute-game`): each move on the project's model (the generator,
//! 3 layers), then the one-step proof of one layer by size, whole and by one block of 16 rows.
//! Every row is a fresh game brought to the move measured by ordinary transactions; the move is
//! measured uncached and cached from the same pre-state ([`Bench::measure`]).

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use imo_client::bindings::{dispute_game::IImoDisputeGame, imo_oracle::IImoAIOracle};
use imo_client::game;
use imo_client::node::Network;
use imo_model::dispute::{row_block, Trace};
use imo_model::{build, Activation, Task, TinyKeccak};

use super::Bench;
use crate::Row;

/// The sizes `N` of the `N x N` layers whose one-step proofs are measured (256 is the format's
/// widest layer, `imo_model::MAX_WIDTH`).
pub const LAYER_SIZES: [usize; 4] = [32, 64, 128, 256];

/// The prompt every measured request carries.
const PROMPT: &[u8] = b"a 3, seed 11";

/// A game of `model_id` (running `network`) brought up to its one-step proof: the node
/// delivered an output wrong from step `wrong`, the challenger (honest) challenged, both traces
/// are in. Returns the game, the honest trace and the node's.
fn game_at_proof(
    b: &mut Bench,
    [node, challenger]: [Address; 2],
    model_id: u64,
    network: &Network,
    wrong: usize,
) -> anyhow::Result<(u64, Trace, Trace)> {
    let saved = b.imo.cfg.model_id;
    b.imo.cfg.model_id = model_id;
    let (id, _, _) = b.imo.request(challenger, PROMPT, Address::ZERO, 0)?;
    let honest = game::trace(network, PROMPT, None, 0)?;
    let lie = game::trace(network, PROMPT, Some(wrong), 64)?;
    b.imo.deliver(node, id, &lie.output)?;
    b.imo
        .challenge(challenger, id, B256::from(honest.output_hash()), PROMPT)?;
    b.imo.cfg.model_id = saved;
    let game = b.imo.game_of(id, 0, challenger)?;
    b.imo
        .post_challenger_trace(game, challenger, network, &honest)?;
    b.imo.post_defender_trace(game, node, &lie, &honest)?;
    Ok((game, honest, lie))
}

/// A generator-task model `18 -> n -> n -> 64` whose middle layer is `n x n` (pseudo-random
/// weights, 16 rows per block), registered in the oracle as `model_id`.
fn square_model(b: &mut Bench, n: usize, model_id: u64) -> anyhow::Result<Network> {
    let err = |e: imo_model::Error| anyhow::anyhow!("building the {n}x{n} model: {e}");
    let blocks = [
        build::random_layer(Activation::Relu, 18, n, 16, 1).map_err(err)?,
        build::random_layer(Activation::Relu, n, n, 16, 2).map_err(err)?,
        build::random_layer(Activation::Relu, n, 64, 16, 3).map_err(err)?,
    ];
    let file = build::model_file(Task::Generator, &blocks).map_err(err)?;
    let network = Network::from_bytes(&format!("{n}x{n} benchmark model"), file)?;
    let (owner, oracle, token) = (b.imo.owner, b.imo.c.oracle, b.imo.c.token);
    b.imo.exec(
        "oracle.addModel (benchmark model)",
        owner,
        oracle,
        IImoAIOracle::addModelCall {
            modelId: U256::from(model_id),
            modelHash: network.model_hash(),
            programHash: network.program_hash(),
            fee: b.imo.cfg.model_fee,
            receiver: token,
            receiverPercentage: U256::from(50),
            token: Address::ZERO,
            unverifiable: false,
        },
        U256::ZERO,
    )?;
    Ok(network)
}

/// The dispute game's rows.
///
/// # Errors
///
/// A failed step.
pub fn rows() -> anyhow::Result<Vec<Row>> {
    let mut b = Bench::new()?;
    let node = b.account("node")?;
    b.imo.add_node(node)?;
    // The node restakes after each lost game (a slash takes its whole minimum stake).
    let restake = |b: &mut Bench| -> anyhow::Result<()> {
        let (verifier, stake) = (b.imo.c.verifier, b.imo.cfg.min_node_stake);
        b.imo.exec(
            "verifier.stake (node restakes)",
            node,
            verifier,
            imo_client::bindings::imo_oracle::IImoAIOracleVerifier::stakeCall {},
            stake,
        )?;
        Ok(())
    };
    let (game_address, model) = (b.imo.c.dispute_game, b.imo.cfg.model_id);
    let generator = Network::generator();
    let parsed = generator.parsed();
    let layers = parsed.num_layers();

    // The moves of one game on the generator, wrong at its middle layer.
    let challenger = b.account("challenger")?;
    let saved = b.imo.cfg.model_id;
    let (id, _, _) = b.imo.request(challenger, PROMPT, Address::ZERO, 0)?;
    let honest = game::trace(&generator, PROMPT, None, 0)?;
    let lie = game::trace(&generator, PROMPT, Some(2), 64)?;
    b.imo.deliver(node, id, &lie.output)?;
    let bond = b.imo.cfg.challenge_bond;
    let verifier = b.imo.c.verifier;
    b.measure(
        "dispute `challenge` of a verifiable model's result (bond; starts its game)",
        None,
        challenger,
        verifier,
        imo_client::bindings::imo_oracle::IImoAIOracleVerifier::challengeCall {
            requestId: id,
            claimedOutputHash: B256::from(honest.output_hash()),
            modelId: U256::from(saved),
            input: PROMPT.to_vec().into(),
        },
        bond,
    )?;
    let game = b.imo.game_of(id, 0, challenger)?;
    let words = |t: &Trace| -> Vec<B256> { t.hashes.iter().map(|h| B256::from(*h)).collect() };
    b.measure(
        &format!(
            "game `postChallengerTrace` ({} hashes, program, 64-byte output)",
            layers + 2
        ),
        None,
        challenger,
        game_address,
        IImoDisputeGame::postChallengerTraceCall {
            gameId: game,
            trace: words(&honest),
            program: generator.program_descriptor().into(),
            output: honest.output.clone().into(),
        },
        U256::ZERO,
    )?;
    b.measure(
        "game `postDefenderTrace` (both traces; fixes the disputed step)",
        None,
        node,
        game_address,
        IImoDisputeGame::postDefenderTraceCall {
            gameId: game,
            trace: words(&lie),
            challengerTrace: words(&honest),
        },
        U256::ZERO,
    )?;
    let call = b.imo.proof_call(game, &generator, PROMPT, &honest)?;
    b.measure_raw(
        "game `proveLayer`: generator layer 1 (64 -> 128) re-executed, the node slashed",
        None,
        challenger,
        game_address,
        &call,
        U256::ZERO,
    )?;
    restake(&mut b)?;

    // The one-step proof at every step of the generator.
    for step in [0, 1, 3, 4] {
        let c = b.account("challenger")?;
        let (g, honest, _) = game_at_proof(&mut b, [node, c], model, &generator, step)?;
        let label = match step {
            0 => "game `proveInput`: the prompt encoded (step 0)".to_string(),
            s if s <= layers => {
                let h = parsed.header(s - 1).map_err(|e| anyhow::anyhow!("{e}"))?;
                format!(
                    "game `proveLayer`: generator layer {} ({} -> {}) re-executed",
                    s - 1,
                    h.in_dim(),
                    h.out_dim()
                )
            }
            _ => "game `proveOutput`: the last state decoded (step L + 1)".to_string(),
        };
        let call = b.imo.proof_call(g, &generator, PROMPT, &honest)?;
        b.measure_raw(&label, None, c, game_address, &call, U256::ZERO)?;
        restake(&mut b)?;
    }

    // Reveals, the proof by one row block, and a timeout.
    let c = b.account("challenger")?;
    let (g, honest, lie) = game_at_proof(&mut b, [node, c], model, &generator, 2)?;
    for (label, by, state) in [
        (
            "game `revealState` (challenger, 128 bytes)",
            c,
            &honest.states[2],
        ),
        (
            "game `revealState` (defender, 128 bytes)",
            node,
            &lie.states[2],
        ),
    ] {
        let call = IImoDisputeGame::revealStateCall {
            gameId: g,
            state: state.clone().into(),
        };
        b.measure(label, None, by, game_address, call, U256::ZERO)?;
    }
    let by_rows = rows_call(g, &generator, 1, &honest, &lie)?;
    b.measure_raw(
        "game `proveRowBlock`: 16 rows of generator layer 1 re-executed",
        None,
        c,
        game_address,
        &by_rows,
        U256::ZERO,
    )?;
    restake(&mut b)?;
    let c = b.account("challenger")?;
    let (g, _, _) = game_at_proof(&mut b, [node, c], model, &generator, 2)?;
    imo_client::Backend::advance_time(&mut b.imo.backend, b.imo.cfg.move_time + 1)?;
    b.measure(
        "game `timeout` (the challenger did not prove: the node wins)",
        None,
        node,
        game_address,
        IImoDisputeGame::timeoutCall { gameId: g },
        U256::ZERO,
    )?;

    // The one-step proof of one N x N layer, whole and by one block of 16 rows.
    for (i, n) in LAYER_SIZES.into_iter().enumerate() {
        let model_id = 100 + i as u64;
        let network = square_model(&mut b, n, model_id)?;
        let params = network
            .parsed()
            .layer_block(1)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .len();
        let c = b.account("challenger")?;
        let (g, honest, _) = game_at_proof(&mut b, [node, c], model_id, &network, 2)?;
        let call = b.imo.proof_call(g, &network, PROMPT, &honest)?;
        b.measure_raw(
            &format!("one-step `proveLayer`: a {n}x{n} layer ({params} B of parameters)"),
            None,
            c,
            game_address,
            &call,
            U256::ZERO,
        )?;
        restake(&mut b)?;
        let c = b.account("challenger")?;
        let (g, honest, lie) = game_at_proof(&mut b, [node, c], model_id, &network, 2)?;
        b.imo.reveal_state(g, c, &honest.states[2])?;
        b.imo.reveal_state(g, node, &lie.states[2])?;
        let call = rows_call(g, &network, 1, &honest, &lie)?;
        b.measure_raw(
            &format!("one-step `proveRowBlock`: 16 rows of a {n}x{n} layer"),
            None,
            c,
            game_address,
            &call,
            U256::ZERO,
        )?;
        restake(&mut b)?;
    }
    Ok(b.rows)
}

/// The calldata of `proveRowBlock` for game `g` disputed at layer `layer`: the first row block
/// in which the defender's (`lie`) and the challenger's (`honest`) states differ.
fn rows_call(
    g: u64,
    network: &Network,
    layer: usize,
    honest: &Trace,
    lie: &Trace,
) -> anyhow::Result<Vec<u8>> {
    let model = network.parsed();
    let header = model.header(layer).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (ours, theirs) = (&honest.states[layer + 1], &lie.states[layer + 1]);
    let row = ours
        .iter()
        .zip(theirs)
        .position(|(a, b)| a != b)
        .ok_or_else(|| anyhow::anyhow!("the states do not differ"))?;
    let rb = row_block(&model, layer, row / header.rows_per_block(), &TinyKeccak)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(IImoDisputeGame::proveRowBlockCall {
        gameId: g,
        state: honest.states[layer].clone().into(),
        defenderNext: theirs.clone().into(),
        challengerNext: ours.clone().into(),
        header: rb.header.to_vec().into(),
        rowsRoot: rb.rows_root.into(),
        modelPath: rb.model_path.into_iter().map(B256::from).collect(),
        rows: rb.rows.into(),
        rowPath: rb.row_path.into_iter().map(B256::from).collect(),
    }
    .abi_encode())
}
