//! Disputes of verifiable models, settled by dispute games (`imo-dispute-game`): one game per
//! challenge against the result's current defender; each outcome moves the bonds and stakes, and
//! a won game replaces the result at the oracle and starts the next round, in which the winner
//! defends the new result with its bond as collateral.

use alloy_primitives::{aliases::U96, Address, Bytes, B256, U256, U32, U64};
use alloy_sol_types::SolCall;
use imo_common::{
    call::{call_bounded, revert_data},
    interfaces::{
        resolution::{NEW_WINDOW, REPLACE, STILL_CHALLENGED},
        IAIOracle,
    },
    math::{from_stored, to_stored},
};
use stylus_sdk::prelude::*;

use crate::challenges::{Challenged, IDisputeGame};
use crate::{
    challenge_key, errors::oracle_failed, errors::overflow, ChallengeSettled, DisputeNotResolved,
    Error, GameCallFailed, GameSettled, NoChallenge, NotDisputeGame, OracleVerifier,
    OutputHashMismatch, Slashed,
};

/// An address as an ABI word.
fn address_word(a: Address) -> U256 {
    U256::from_be_slice(a.as_slice())
}

/// The game's outcome: the defender was right.
pub const DEFENDER_WINS: u8 = 1;
/// The game's outcome: the challenger was right.
pub const CHALLENGER_WINS: u8 = 2;
/// The game's outcome: neither was right.
pub const BOTH_LOSE: u8 = 3;

impl OracleVerifier {
    /// Starts the dispute game of a challenge just recorded.
    pub(crate) fn start_game(
        &mut self,
        request_id: U256,
        round: u32,
        challenger: Address,
        claim: B256,
        at: &Challenged,
    ) -> Result<(), Error> {
        let mut d = self.disputes.setter(request_id);
        let open = d.open_games.get() + U32::from(1);
        d.open_games.set(open);
        let defender = d.defender.get();
        if round == 0 {
            // One lock per game against the node's result: its stake stays until each ends.
            self.lock_node(at.node, true);
        }
        // `start(...)`: nine static words, encoded by hand (smaller code than a generic encoder).
        let mut call = IDisputeGame::startCall::SELECTOR.to_vec();
        for word in [
            request_id,
            U256::from(round),
            address_word(challenger),
            address_word(defender),
            at.output_hash.into(),
            claim.into(),
            at.commitment.into(),
            at.hashes.0.into(),
            at.hashes.1.into(),
        ] {
            call.extend_from_slice(&word.to_be_bytes::<32>());
        }
        let game = self.dispute_game.get();
        let returned = call_bounded(self, game, &call, U256::ZERO, u64::MAX).map_err(|reason| {
            Error::GameCallFailed(GameCallFailed {
                reason: reason.into(),
            })
        })?;
        let game_id = returned
            .get(24..32)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(0, u64::from_be_bytes);
        self.disputes
            .setter(request_id)
            .challenges
            .setter(challenge_key(round, challenger))
            .game_id
            .set(U64::from(game_id));
        Ok(())
    }

    /// `onGameEnded`: applies a game's outcome.
    pub(crate) fn game_ended(
        &mut self,
        request_id: U256,
        round: u32,
        challenger: Address,
        outcome: u8,
        output: Bytes,
    ) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        if sender != self.dispute_game.get() {
            return Err(Error::NotDisputeGame(NotDisputeGame { account: sender }));
        }
        let key = challenge_key(round, challenger);
        let d = self.disputes.getter(request_id);
        let c = d.challenges.getter(key);
        let bond = from_stored(c.bond.get());
        if bond == 0 || c.settled.get() {
            return Err(Error::NoChallenge(NoChallenge {
                requestId: request_id,
                challenger,
            }));
        }
        let claim = c.claimed_hash.get();
        let (node, defender) = (d.node.get(), d.defender.get());
        let current = d.round.get().to::<u32>() == round;
        let mut d = self.disputes.setter(request_id);
        d.challenges.setter(key).settled.set(true);
        let open = d.open_games.get();
        if current {
            d.open_games.set(open.saturating_sub(U32::from(1)));
        }
        let others_open = current && open > U32::from(1);
        let slashed = d.slashed.get();
        if round == 0 {
            self.lock_node(node, false);
        }
        log(
            self.vm(),
            GameSettled {
                requestId: request_id,
                challenger,
                round,
                outcome: if current { outcome } else { 0 },
            },
        );
        if !current {
            // The result was replaced while this game ran: nothing left to dispute.
            return self.credit(challenger, U256::from(bond));
        }
        match outcome {
            CHALLENGER_WINS => {
                let actual = self.vm().native_keccak256(&output);
                if actual != claim {
                    return Err(Error::OutputHashMismatch(OutputHashMismatch {
                        expected: claim,
                        actual,
                    }));
                }
                if !slashed {
                    self.slash_defender(request_id, round, defender, challenger)?;
                }
                let mut d = self.disputes.setter(request_id);
                d.round.set(U32::from(round + 1));
                d.defender.set(challenger);
                d.collateral.set(to_stored(bond).ok_or_else(overflow)?);
                d.open_games.set(U32::ZERO);
                d.slashed.set(false);
                self.tell_oracle(request_id, REPLACE | NEW_WINDOW, output)
            }
            BOTH_LOSE => {
                if !slashed {
                    self.slash_defender(request_id, round, defender, Address::ZERO)?;
                }
                self.credit_protocol(bond)?;
                let still = if others_open { STILL_CHALLENGED } else { 0 };
                self.tell_oracle(request_id, NEW_WINDOW | still, Bytes::new())
            }
            _ => {
                self.credit(defender, U256::from(bond))?;
                if others_open {
                    return Ok(());
                }
                self.tell_oracle(request_id, 0, Bytes::new())
            }
        }
    }

    /// Slashes the defender of `round` once: the node's stake in round 0, else the defender's
    /// collateral; half to `rewarded` (zero: nobody), the rest to the protocol.
    fn slash_defender(
        &mut self,
        request_id: U256,
        round: u32,
        defender: Address,
        rewarded: Address,
    ) -> Result<(), Error> {
        let mut d = self.disputes.setter(request_id);
        d.slashed.set(true);
        let slash = if round == 0 {
            self.take_stake(defender, request_id)?
        } else {
            let amount = from_stored(d.collateral.get());
            d.collateral.set(U96::ZERO);
            log(
                self.vm(),
                Slashed {
                    node: defender,
                    requestId: request_id,
                    amount: U256::from(amount),
                },
            );
            amount
        };
        self.split_slash(slash, rewarded)
    }

    /// `settleChallenge` of a dispute by game: pays back the collateral of the challenger that
    /// defends the replaced result, once that result is final.
    pub(crate) fn release_collateral(
        &mut self,
        request_id: U256,
        challenger: Address,
    ) -> Result<(), Error> {
        let d = self.disputes.getter(request_id);
        let amount = from_stored(d.collateral.get());
        if amount == 0 || d.defender.get() != challenger {
            return Err(Error::NoChallenge(NoChallenge {
                requestId: request_id,
                challenger,
            }));
        }
        let oracle = IAIOracle::new(self.oracle.get());
        let finalized = oracle
            .is_finalized(&*self, request_id)
            .map_err(|e| oracle_failed(revert_data(e)))?;
        if !finalized {
            return Err(Error::DisputeNotResolved(DisputeNotResolved {
                requestId: request_id,
            }));
        }
        self.disputes.setter(request_id).collateral.set(U96::ZERO);
        log(
            self.vm(),
            ChallengeSettled {
                requestId: request_id,
                challenger,
                won: true,
                bond: U256::from(amount),
            },
        );
        self.credit(challenger, U256::from(amount))
    }
}
