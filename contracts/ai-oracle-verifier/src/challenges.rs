//! Challenges: bonds, the oracle's window check, arbiter resolution and slashing.

use alloy_primitives::{aliases::U96, Bytes, B256, U256, U32};
use imo_common::{
    call::revert_data,
    interfaces::IImoAIOracle,
    math::{from_stored, to_stored, to_u128},
};
use stylus_sdk::prelude::*;

use crate::{
    amount128, errors::oracle_failed, errors::overflow, wide, ChallengeAlreadyOpen,
    ChallengeOpened, ChallengeResolved, ClaimMatchesResult, Error, InsufficientBond,
    NoOpenChallenge, NotArbiter, OracleVerifier, OutputHashMismatch, Slashed,
};

impl OracleVerifier {
    /// `challenge`: records the challenge and its bond, then asks the oracle to mark the result.
    pub(crate) fn open(
        &mut self,
        request_id: U256,
        claimed_output_hash: B256,
    ) -> Result<(), Error> {
        if !self
            .challenges
            .getter(request_id)
            .challenger
            .get()
            .is_zero()
        {
            return Err(Error::ChallengeAlreadyOpen(ChallengeAlreadyOpen {
                requestId: request_id,
            }));
        }
        let bond = self.vm().msg_value();
        let required = wide(self.challenge_bond.get());
        if bond < required {
            return Err(Error::InsufficientBond(InsufficientBond {
                required,
                paid: bond,
            }));
        }
        let challenger = self.vm().msg_sender();
        let stored_bond: U96 = to_u128(bond).and_then(to_stored).ok_or_else(overflow)?;
        let mut c = self.challenges.setter(request_id);
        c.challenger.set(challenger);
        c.bond.set(stored_bond);
        c.claimed_hash.set(claimed_output_hash);
        // The oracle validates (delivered, unchallenged, inside the window) and makes no external call.
        let oracle = IImoAIOracle::new(self.oracle.get());
        let (node, output_hash) = oracle
            .on_challenge_opened(&mut *self, request_id)
            .map_err(|e| oracle_failed(revert_data(e)))?;
        if output_hash == claimed_output_hash {
            return Err(Error::ClaimMatchesResult(ClaimMatchesResult {
                requestId: request_id,
            }));
        }
        self.challenges.setter(request_id).node.set(node);
        let mut n = self.nodes.setter(node);
        let open = n.open_challenges.get();
        n.open_challenges.set(open + U32::from(1));
        log(
            self.vm(),
            ChallengeOpened {
                requestId: request_id,
                challenger,
                claimedOutputHash: claimed_output_hash,
                bond,
            },
        );
        Ok(())
    }

    /// `resolveChallenge`: settles the bond and the slash, then tells the oracle.
    pub(crate) fn resolve(
        &mut self,
        request_id: U256,
        challenger_wins: bool,
        correct_output: Bytes,
    ) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        if sender != self.arbiter.get() {
            return Err(Error::NotArbiter(NotArbiter { account: sender }));
        }
        let c = self.challenges.getter(request_id);
        let challenger = c.challenger.get();
        if challenger.is_zero() {
            return Err(Error::NoOpenChallenge(NoOpenChallenge {
                requestId: request_id,
            }));
        }
        let (bond, node, claimed) = (wide(c.bond.get()), c.node.get(), c.claimed_hash.get());
        if challenger_wins {
            let actual = self.vm().native_keccak256(&correct_output);
            if actual != claimed {
                return Err(Error::OutputHashMismatch(OutputHashMismatch {
                    expected: claimed,
                    actual,
                }));
            }
        }
        let mut ch = self.challenges.setter(request_id);
        ch.challenger.erase();
        ch.bond.erase();
        ch.node.erase();
        ch.claimed_hash.erase();
        let cap = from_stored(self.min_node_stake.get());
        let mut n = self.nodes.setter(node);
        let open = n.open_challenges.get();
        n.open_challenges.set(open.saturating_sub(U32::from(1)));
        if challenger_wins {
            // Slash from the active stake first, then from the unbonding part.
            let stake = from_stored(n.stake.get());
            let unbonding = from_stored(n.unbonding.get());
            let from_stake = stake.min(cap);
            let from_unbonding = unbonding.min(cap - from_stake);
            n.stake.set(amount128(U256::from(stake - from_stake))?);
            n.unbonding
                .set(amount128(U256::from(unbonding - from_unbonding))?);
            let slash = U256::from(from_stake + from_unbonding);
            self.credit(challenger, bond.checked_add(slash).ok_or_else(overflow)?)?;
            log(
                self.vm(),
                Slashed {
                    node,
                    requestId: request_id,
                    amount: slash,
                },
            );
        } else {
            self.credit(node, bond)?;
        }
        log(
            self.vm(),
            ChallengeResolved {
                requestId: request_id,
                challengerWins: challenger_wins,
            },
        );
        let oracle = IImoAIOracle::new(self.oracle.get());
        oracle
            .on_challenge_resolved(&mut *self, request_id, challenger_wins, correct_output)
            .map_err(|e| oracle_failed(revert_data(e)))
    }
}
