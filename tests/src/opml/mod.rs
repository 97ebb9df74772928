//! opML fraud proofs end to end (issue 18): disputes of the verifiable generator's results played
//! to the end through the ABI, the one-step proof re-executing the disputed layer in the compiled
//! `imo-dispute-game`, and the outcome applied by the verifier and the oracle. Written once
//! against [`Backend`]; the devchain runs them in `tests/tests/opml.rs`.
//!
//! - [`games`]: who wins in every position (honest node or honest challenger, a wrong step at the
//!   encoding, each layer and the decoding, both wrong), the NFT's correction;
//! - [`attacks`]: stalling, two challengers, a node challenging itself, forged proofs, a
//!   re-challenge of a corrected result, the arbiter.

pub mod attacks;
pub mod games;

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::SolEvent;
use anyhow::{ensure, Context};
use imo_client::bindings::{
    dispute_game::IImoDisputeGame, erc7007::IERC7007Updatable, imo_oracle::IImoAIOracleVerifier,
};
use imo_client::game::{self, GameView};
use imo_client::node::Network;
use imo_client::{evm, Backend, Imo, TxReceipt, ETHER};
use imo_model::dispute::Trace;

use crate::scenarios::one_node;

/// The deployed system with a staked node, a user, a consumer that accepts callbacks, and the
/// generator (the deployment's verifiable model).
pub struct Fixture<B: Backend> {
    /// The system.
    pub imo: Imo<B>,
    /// The staked node.
    pub node: Address,
    /// Pays for requests.
    pub user: Address,
    /// Accepts every callback.
    pub consumer: Address,
    /// The registered model.
    pub network: Network,
}

/// One delivered request: its id, input and the node's trace.
pub struct Delivered {
    /// The request.
    pub id: U256,
    /// Its input.
    pub input: Vec<u8>,
    /// The node's trace (its last entry hashes the delivered output).
    pub node: Trace,
    /// The honest trace.
    pub honest: Trace,
}

impl<B: Backend> Fixture<B> {
    /// Deploys the system.
    ///
    /// # Errors
    ///
    /// A failed deployment.
    pub fn new(backend: B) -> anyhow::Result<Self> {
        let (mut imo, node, user) = one_node(backend)?;
        let consumer = imo.deploy_evm(evm::ACCEPT)?;
        Ok(Self {
            imo,
            node,
            user,
            consumer,
            network: Network::generator(),
        })
    }

    /// A funded account.
    ///
    /// # Errors
    ///
    /// When funding fails.
    pub fn account(&mut self, label: &str) -> anyhow::Result<Address> {
        self.imo.backend.new_account(label, U256::from(ETHER))
    }

    /// A trace of `input`, wrong from step `wrong` by `delta` (`None`: honest).
    ///
    /// # Errors
    ///
    /// A model error.
    pub fn trace(&self, input: &[u8], wrong: Option<usize>, delta: u8) -> anyhow::Result<Trace> {
        game::trace(&self.network, input, wrong, delta)
    }

    /// The user requests `input` (callback: the accepting consumer) and the node delivers the
    /// output of its trace, wrong from step `wrong` (`None`: honest).
    ///
    /// # Errors
    ///
    /// A failed request or delivery.
    pub fn delivered(&mut self, input: &[u8], wrong: Option<usize>) -> anyhow::Result<Delivered> {
        let (user, consumer, node) = (self.user, self.consumer, self.node);
        let (id, _, _) = self.imo.request(user, input, consumer, 200_000)?;
        let node_trace = self.trace(input, wrong, 64)?;
        self.imo.deliver(node, id, &node_trace.output)?;
        Ok(Delivered {
            id,
            input: input.to_vec(),
            node: node_trace,
            honest: self.trace(input, None, 0)?,
        })
    }

    /// `who` challenges `d` in `round` claiming `claim`'s output; returns the game's id.
    ///
    /// # Errors
    ///
    /// A refused challenge.
    pub fn challenge(
        &mut self,
        who: Address,
        d: &Delivered,
        round: u32,
        claim: &Trace,
    ) -> anyhow::Result<u64> {
        self.imo
            .challenge(who, d.id, B256::from(claim.output_hash()), &d.input)?;
        self.imo.game_of(d.id, round, who)
    }

    /// Plays game `id` through both traces; returns the game (its disputed step known).
    ///
    /// # Errors
    ///
    /// A refused move.
    pub fn traces(
        &mut self,
        id: u64,
        [challenger, defender]: [(Address, &Trace); 2],
    ) -> anyhow::Result<GameView> {
        let network = self.network.clone();
        self.imo
            .post_challenger_trace(id, challenger.0, &network, challenger.1)?;
        self.imo
            .post_defender_trace(id, defender.0, defender.1, challenger.1)?;
        self.imo.game(id)
    }

    /// The one-step proof of game `id` by `by` from `prover`'s states; returns the receipt.
    ///
    /// # Errors
    ///
    /// A refused proof.
    pub fn prove(
        &mut self,
        id: u64,
        by: Address,
        d: &Delivered,
        prover: &Trace,
    ) -> anyhow::Result<TxReceipt> {
        let network = self.network.clone();
        self.imo.prove_step(id, by, &network, &d.input, prover)
    }

    /// Lets the current move's deadline pass.
    ///
    /// # Errors
    ///
    /// A backend that cannot move time.
    pub fn let_deadline_pass(&mut self) -> anyhow::Result<()> {
        let seconds = self.imo.cfg.move_time + 1;
        ensure!(
            self.imo.backend.advance_time(seconds)?,
            "the backend cannot move time"
        );
        Ok(())
    }

    /// Lets the request's challenge window pass.
    ///
    /// # Errors
    ///
    /// A backend that cannot move time.
    pub fn let_window_pass(&mut self) -> anyhow::Result<()> {
        let seconds = self.imo.cfg.challenge_window + 1;
        ensure!(
            self.imo.backend.advance_time(seconds)?,
            "the backend cannot move time"
        );
        Ok(())
    }

    /// `creditOf(account)` at the verifier.
    ///
    /// # Errors
    ///
    /// A failed view.
    pub fn credit(&mut self, account: Address) -> anyhow::Result<U256> {
        let verifier = self.imo.c.verifier;
        Ok(self
            .imo
            .view(verifier, IImoAIOracleVerifier::creditOfCall { account })?
            ._0)
    }

    /// The verifier's protocol share.
    ///
    /// # Errors
    ///
    /// A failed view.
    pub fn protocol(&mut self) -> anyhow::Result<U256> {
        let verifier = self.imo.c.verifier;
        Ok(self
            .imo
            .view(verifier, IImoAIOracleVerifier::protocolBalanceCall {})?
            ._0)
    }

    /// The node's active stake.
    ///
    /// # Errors
    ///
    /// A failed view.
    pub fn stake(&mut self, node: Address) -> anyhow::Result<U256> {
        let verifier = self.imo.c.verifier;
        Ok(self
            .imo
            .view(verifier, IImoAIOracleVerifier::nodeInfoCall { node })?
            .stake)
    }

    /// `getRound(id)`: `(round, defender, collateral, open games, slashed)`.
    ///
    /// # Errors
    ///
    /// A failed view.
    pub fn round(&mut self, id: U256) -> anyhow::Result<(u32, Address, U256, u32, bool)> {
        let verifier = self.imo.c.verifier;
        let r = self.imo.view(
            verifier,
            IImoAIOracleVerifier::getRoundCall { requestId: id },
        )?;
        ensure!(r.byGame, "request {id}: not a dispute by game");
        Ok((r.round, r.defender, r.collateral, r.openGames, r.slashed))
    }

    /// The challenge bond and the slash (the minimum node stake).
    pub fn bond_and_slash(&self) -> (U256, U256) {
        (self.imo.cfg.challenge_bond, self.imo.cfg.min_node_stake)
    }
}

/// The outcome and timeout flag of the `GameEnded` event in `r`.
///
/// # Errors
///
/// When `r` has no `GameEnded`.
pub fn ended(r: &TxReceipt) -> anyhow::Result<(u8, bool)> {
    r.logs
        .iter()
        .find_map(|l| IImoDisputeGame::GameEnded::decode_log_data(&l.data, true).ok())
        .map(|e| (e.outcome, e.timedOut))
        .context("no GameEnded event")
}

/// The output the oracle re-delivered for `id` in `r` (its `AICallbackResult`), if any.
pub fn redelivered(r: &TxReceipt, id: U256) -> Option<Vec<u8>> {
    use imo_client::bindings::ai_oracle::IAIOracle;
    r.logs
        .iter()
        .filter_map(|l| IAIOracle::AICallbackResult::decode_log_data(&l.data, true).ok())
        .find(|e| e.requestId == id)
        .map(|e| e.output.to_vec())
}

/// Whether `r` has the NFT's ERC-7007 `Update` of `token_id` with `prompt` and `data`.
pub fn nft_updated(
    r: &TxReceipt,
    nft: Address,
    token_id: U256,
    prompt: &[u8],
    data: &[u8],
) -> bool {
    r.logs.iter().filter(|l| l.address == nft).any(|l| {
        l.topics().first() == Some(&IERC7007Updatable::Update::SIGNATURE_HASH)
            && l.topics().get(1) == Some(&B256::from(token_id))
            && l.topics().get(2) == Some(&keccak256(prompt))
            && l.topics().get(3) == Some(&keccak256(data))
    })
}
