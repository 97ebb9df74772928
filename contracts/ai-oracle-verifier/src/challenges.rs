//! Challenges: bonds, the oracle's window and request checks, the arbiter's resolution of an
//! unverifiable model's dispute, slashing and the settlement of each bond. A verifiable model's
//! dispute goes to its dispute games instead (`games`). See the crate docs for why no party can
//! capture a dispute.

use alloy_primitives::{aliases::U96, Address, Bytes, B256, U256, U32};
use imo_common::{
    call::{call_bounded, revert_data},
    interfaces::{
        resolution::{FINAL, REPLACE},
        IImoAIOracle,
    },
    math::{from_stored, to_stored, to_u128},
};
use stylus_sdk::prelude::*;

use crate::{
    challenge_key, errors::oracle_failed, errors::overflow, wide, ChallengeAlreadyOpen,
    ChallengeOpened, ChallengeResolved, ChallengeSettled, ClaimMatchesResult, DisputeByGame,
    DisputeNotResolved, DisputeResolved, Error, InsufficientBond, NoChallenge, NoOpenChallenge,
    NotArbiter, OracleVerifier, ProtocolCredited, RequestMismatch, Slashed,
};

pub(crate) mod calls {
    //! The calls the verifier encodes by hand (their selectors only).
    #![allow(missing_docs)]
    alloy_sol_types::sol! {
        interface IDisputeGame {
            function start(uint256 requestId, uint32 round, address challenger, address defender, bytes32 resultHash, bytes32 claim, bytes32 requestCommitment, bytes32 modelHash, bytes32 programHash) external returns (uint64);
        }
    }
}
pub(crate) use calls::IDisputeGame;

/// `getModel(uint256)`'s selector (ORA's ABI).
const GET_MODEL_SELECTOR: [u8; 4] = [0x6d, 0x36, 0x16, 0x94];

/// What the oracle and the registry say about a challenged result.
pub(crate) struct Challenged {
    /// The node that delivered it.
    pub(crate) node: Address,
    /// The current result's hash.
    pub(crate) output_hash: B256,
    /// The request's commitment.
    pub(crate) commitment: B256,
    /// The model's `modelHash` and `programHash`.
    pub(crate) hashes: (B256, B256),
    /// Registered as verifiable: `modelHash != 0` and not `unverifiable`.
    pub(crate) verifiable: bool,
}

impl OracleVerifier {
    /// `challenge`: checks the bond, has the oracle check the window and mark the result, checks
    /// the request, records the caller's challenge, then leaves it to the arbiter or starts its
    /// dispute game.
    pub(crate) fn open(
        &mut self,
        request_id: U256,
        claimed_output_hash: B256,
        model_id: U256,
        input: &[u8],
    ) -> Result<(), Error> {
        let challenger = self.vm().msg_sender();
        let d = self.disputes.getter(request_id);
        if d.resolved.get() {
            return Err(Error::DisputeResolved(DisputeResolved {
                requestId: request_id,
            }));
        }
        let round = d.round.get().to::<u32>();
        let key = challenge_key(round, challenger);
        if !d.challenges.getter(key).bond.get().is_zero() {
            return Err(Error::ChallengeAlreadyOpen(ChallengeAlreadyOpen {
                requestId: request_id,
            }));
        }
        let first_dispute = d.node.get().is_zero();
        let bond = self.vm().msg_value();
        let required = wide(self.challenge_bond.get());
        if bond < required || bond.is_zero() {
            return Err(Error::InsufficientBond(InsufficientBond {
                required,
                paid: bond,
            }));
        }
        let stored_bond: U96 = to_u128(bond).and_then(to_stored).ok_or_else(overflow)?;
        let at = self.challenged(request_id, model_id, input)?;
        if at.output_hash == claimed_output_hash {
            return Err(Error::ClaimMatchesResult(ClaimMatchesResult {
                requestId: request_id,
            }));
        }
        let mut d = self.disputes.setter(request_id);
        if first_dispute {
            d.node.set(at.node);
            d.node_hash.set(at.output_hash);
            d.by_game.set(at.verifiable);
            d.defender.set(at.node);
        }
        let by_game = d.by_game.get();
        let mut c = d.challenges.setter(key);
        c.bond.set(stored_bond);
        c.claimed_hash.set(claimed_output_hash);
        if !by_game {
            let unsettled = d.unsettled.get() + U32::from(1);
            d.unsettled.set(unsettled);
            let mut first = d.first_claimant.setter(claimed_output_hash);
            if first.get().is_zero() {
                first.set(challenger);
            }
        }
        log(
            self.vm(),
            ChallengeOpened {
                requestId: request_id,
                challenger,
                claimedOutputHash: claimed_output_hash,
                bond,
            },
        );
        if by_game {
            return self.start_game(request_id, round, challenger, claimed_output_hash, &at);
        }
        if first_dispute {
            // The node's stake stays locked while a dispute over its result is open.
            self.lock_node(at.node, true);
        }
        Ok(())
    }

    /// The oracle's view of `request_id`'s result (it checks the window and marks the result
    /// as challenged; no external call), the request checked against `model_id` and `input`,
    /// and the model's registration.
    fn challenged(
        &mut self,
        request_id: U256,
        model_id: U256,
        input: &[u8],
    ) -> Result<Challenged, Error> {
        let oracle = IImoAIOracle::new(self.oracle.get());
        let (node, output_hash, commitment) = oracle
            .on_challenge_opened(&mut *self, request_id)
            .map_err(|e| oracle_failed(revert_data(e)))?;
        let mut request = alloc::vec::Vec::with_capacity(32 + input.len());
        request.extend_from_slice(&model_id.to_be_bytes::<32>());
        request.extend_from_slice(input);
        if self.vm().native_keccak256(&request) != commitment {
            return Err(Error::RequestMismatch(RequestMismatch {
                requestId: request_id,
            }));
        }
        // `getModel(modelId)`: only words 0 (modelHash), 1 (programHash) and 7 (unverifiable)
        // are read, straight from the return data (decoding the whole tuple costs code size).
        let mut call = GET_MODEL_SELECTOR.to_vec();
        call.extend_from_slice(&model_id.to_be_bytes::<32>());
        let model = call_bounded(self, self.oracle.get(), &call, U256::ZERO, u64::MAX)
            .map_err(oracle_failed)?;
        let word = |i: usize| B256::from_slice(model.get(32 * i..32 * i + 32).unwrap_or(&[0; 32]));
        let model_hash = word(0);
        Ok(Challenged {
            node,
            output_hash,
            commitment,
            hashes: (model_hash, word(1)),
            verifiable: !model_hash.is_zero() && word(7).is_zero(),
        })
    }

    /// Counts a dispute over `node`'s result as open (`true`) or closed; its stake cannot be
    /// withdrawn while any is open.
    pub(crate) fn lock_node(&mut self, node: Address, open: bool) {
        let mut n = self.nodes.setter(node);
        let count = n.open_challenges.get();
        n.open_challenges.set(if open {
            count + U32::from(1)
        } else {
            count.saturating_sub(U32::from(1))
        });
    }

    /// `resolveChallenge`: records the true output, slashes a wrong node, then tells the oracle.
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
        let d = self.disputes.getter(request_id);
        let node = d.node.get();
        if node.is_zero() || d.resolved.get() {
            return Err(Error::NoOpenChallenge(NoOpenChallenge {
                requestId: request_id,
            }));
        }
        if d.by_game.get() {
            return Err(Error::DisputeByGame(DisputeByGame {
                requestId: request_id,
            }));
        }
        let node_hash = d.node_hash.get();
        let truth = if challenger_wins {
            let hash = self.vm().native_keccak256(&correct_output);
            if hash == node_hash {
                return Err(Error::ClaimMatchesResult(ClaimMatchesResult {
                    requestId: request_id,
                }));
            }
            hash
        } else {
            node_hash
        };
        let rewarded = d.first_claimant.get(truth);
        let mut d = self.disputes.setter(request_id);
        d.resolved.set(true);
        d.node_right.set(!challenger_wins);
        d.truth.set(truth);
        self.lock_node(node, false);
        if challenger_wins {
            let slash = self.take_stake(node, request_id)?;
            self.split_slash(slash, rewarded)?;
        }
        log(
            self.vm(),
            ChallengeResolved {
                requestId: request_id,
                challengerWins: challenger_wins,
            },
        );
        let (resolution, replacement) = if challenger_wins {
            (REPLACE | FINAL, correct_output)
        } else {
            (0, Bytes::new())
        };
        self.tell_oracle(request_id, resolution, replacement)
    }

    /// Has the oracle apply `resolution` (`imo_common::interfaces::resolution`) to `request_id`.
    pub(crate) fn tell_oracle(
        &mut self,
        request_id: U256,
        resolution: u8,
        output: Bytes,
    ) -> Result<(), Error> {
        IImoAIOracle::new(self.oracle.get())
            .on_challenge_resolved(&mut *self, request_id, resolution, output)
            .map_err(|e| oracle_failed(revert_data(e)))
    }

    /// Takes `min(minNodeStake, stake + unbonding)` from `node` (active stake first); returns it.
    pub(crate) fn take_stake(&mut self, node: Address, request_id: U256) -> Result<u128, Error> {
        let cap = from_stored(self.min_node_stake.get());
        let mut n = self.nodes.setter(node);
        let stake = from_stored(n.stake.get());
        let unbonding = from_stored(n.unbonding.get());
        let from_stake = stake.min(cap);
        let from_unbonding = unbonding.min(cap - from_stake);
        n.stake
            .set(to_stored(stake - from_stake).ok_or_else(overflow)?);
        n.unbonding
            .set(to_stored(unbonding - from_unbonding).ok_or_else(overflow)?);
        let slash = from_stake + from_unbonding;
        log(
            self.vm(),
            Slashed {
                node,
                requestId: request_id,
                amount: U256::from(slash),
            },
        );
        Ok(slash)
    }

    /// Half of `slash` to `rewarded` (zero: nobody), the rest to the protocol.
    pub(crate) fn split_slash(&mut self, slash: u128, rewarded: Address) -> Result<(), Error> {
        let reward = if rewarded.is_zero() { 0 } else { slash / 2 };
        if reward != 0 {
            self.credit(rewarded, U256::from(reward))?;
        }
        self.credit_protocol(slash - reward)
    }

    /// `settleChallenge`: returns or forfeits one challenge's bond after the arbiter's
    /// resolution (or releases a game winner's collateral).
    pub(crate) fn settle(&mut self, request_id: U256, challenger: Address) -> Result<(), Error> {
        let d = self.disputes.getter(request_id);
        if d.by_game.get() {
            return self.release_collateral(request_id, challenger);
        }
        if !d.resolved.get() {
            return Err(Error::DisputeNotResolved(DisputeNotResolved {
                requestId: request_id,
            }));
        }
        let key = challenge_key(0, challenger);
        let c = d.challenges.getter(key);
        let bond = from_stored(c.bond.get());
        if bond == 0 || c.settled.get() {
            return Err(Error::NoChallenge(NoChallenge {
                requestId: request_id,
                challenger,
            }));
        }
        let won = c.claimed_hash.get() == d.truth.get();
        let (node, node_right) = (d.node.get(), d.node_right.get());
        let mut d = self.disputes.setter(request_id);
        d.challenges.setter(key).settled.set(true);
        let unsettled = d.unsettled.get();
        d.unsettled.set(unsettled.saturating_sub(U32::from(1)));
        log(
            self.vm(),
            ChallengeSettled {
                requestId: request_id,
                challenger,
                won,
                bond: U256::from(bond),
            },
        );
        if won {
            self.credit(challenger, U256::from(bond))
        } else if node_right {
            self.credit(node, U256::from(bond))
        } else {
            self.credit_protocol(bond)
        }
    }

    /// Adds `amount` to the protocol's share.
    pub(crate) fn credit_protocol(&mut self, amount: u128) -> Result<(), Error> {
        if amount == 0 {
            return Ok(());
        }
        let total = from_stored(self.protocol.get())
            .checked_add(amount)
            .ok_or_else(overflow)?;
        self.protocol.set(to_stored(total).ok_or_else(overflow)?);
        log(
            self.vm(),
            ProtocolCredited {
                amount: U256::from(amount),
            },
        );
        Ok(())
    }
}
