//! The game's moves: the start, both traces, the reveals of a proof by row block, timeouts, and
//! the end (telling the reporter).

use alloc::vec::Vec;

use alloy_primitives::{aliases::U16, Address, Bytes, B256, U256, U32, U64, U8};
use imo_common::{call::revert_data, clock::now, interfaces::IDisputeGameReporter, math::to_u64};
use imo_model::{Program, Task};
use stylus_sdk::prelude::*;

use crate::rules::{
    first_divergence, packed, timeout_winner, CHALLENGER_WINS, PHASE_CHALLENGER_TRACE,
    PHASE_DEFENDER_REVEAL, PHASE_DEFENDER_TRACE, PHASE_ENDED, PHASE_NONE, PHASE_ONE_STEP,
    PHASE_ROW_STEP,
};
use crate::{
    ChallengerTracePosted, DeadlineNotPassed, DeadlinePassed, DefenderTracePosted, DisputeGame,
    Error, GameEnded, GameStarted, InvalidGame, InvalidProgram, NotYourMove, OutputMismatch,
    ProgramMismatch, ReporterFailed, StateMismatch, StateRevealed, TraceEnd, TraceLength,
    TraceMismatch, UnknownGame, WrongPhase, WrongStep,
};

/// A trace from the ABI's `bytes32[]`.
pub(crate) fn words(trace: &[B256]) -> Vec<[u8; 32]> {
    trace.iter().map(|h| h.0).collect()
}

impl DisputeGame {
    /// `start`: records a new game, the challenger's trace due first.
    pub(crate) fn begin(
        &mut self,
        request_id: U256,
        round: u32,
        [challenger, defender]: [Address; 2],
        [result_hash, claim]: [B256; 2],
        [request_commitment, model_hash, program_hash]: [B256; 3],
    ) -> Result<u64, Error> {
        let request = to_u64(request_id);
        let Some(request) = request
            .filter(|_| claim != result_hash && !challenger.is_zero() && !defender.is_zero())
        else {
            return Err(Error::InvalidGame(InvalidGame {}));
        };
        let reporter = self.vm().msg_sender();
        let id = self.game_count.get().to::<u64>() + 1;
        self.game_count.set(U64::from(id));
        let deadline = self.next_deadline();
        let mut g = self.games.setter(id);
        g.defender.set(defender);
        g.deadline.set(U64::from(deadline));
        g.phase.set(U8::from(PHASE_CHALLENGER_TRACE));
        g.challenger.set(challenger);
        g.request_id.set(U64::from(request));
        g.round.set(U32::from(round));
        g.reporter.set(reporter);
        g.request_commitment.set(request_commitment);
        g.model_hash.set(model_hash);
        g.program_hash.set(program_hash);
        g.defender_next.set(result_hash);
        g.challenger_next.set(claim);
        log(
            self.vm(),
            GameStarted {
                gameId: id,
                requestId: request_id,
                challenger,
                round,
                defender,
                reporter,
                deadline,
            },
        );
        Ok(id)
    }

    /// `postChallengerTrace`.
    pub(crate) fn challenger_trace(
        &mut self,
        id: u64,
        trace: &[B256],
        program: &[u8],
        output: &[u8],
    ) -> Result<(), Error> {
        let challenger = self.games.getter(id).challenger.get();
        self.check_move(id, PHASE_CHALLENGER_TRACE, Some(challenger))?;
        let g = self.games.getter(id);
        let (program_hash, claim) = (g.program_hash.get(), g.challenger_next.get());
        let actual = self.vm().native_keccak256(program);
        if actual != program_hash {
            return Err(Error::ProgramMismatch(ProgramMismatch {
                expected: program_hash,
                actual,
            }));
        }
        let program =
            Program::parse(program).map_err(|_| Error::InvalidProgram(InvalidProgram {}))?;
        let steps = program.num_layers() + 2;
        check_trace(trace, steps, claim)?;
        let output_hash = self.vm().native_keccak256(output);
        if output_hash != claim || output.len() != program.task().output_len() {
            return Err(Error::OutputMismatch(OutputMismatch {
                expected: claim,
                actual: output_hash,
            }));
        }
        let first_width = program.state_width(0).unwrap_or(0);
        let commitment = self.vm().native_keccak256(&packed(&words(trace)));
        let deadline = self.next_deadline();
        let mut g = self.games.setter(id);
        // At most 16 layers (Program::parse), so `steps` and the width fit.
        #[allow(clippy::cast_possible_truncation)]
        {
            g.steps.set(U8::from(steps as u8));
            g.first_width.set(U16::from(first_width as u16));
        }
        g.task.set(U8::from(program.task().id()));
        g.agreed.set(commitment);
        g.output.set_bytes(output);
        g.phase.set(U8::from(PHASE_DEFENDER_TRACE));
        g.deadline.set(U64::from(deadline));
        log(
            self.vm(),
            ChallengerTracePosted {
                gameId: id,
                trace: trace.to_vec(),
                output: Bytes::copy_from_slice(output),
                deadline,
            },
        );
        Ok(())
    }

    /// `postDefenderTrace`: fixes the disputed step.
    pub(crate) fn defender_trace(
        &mut self,
        id: u64,
        trace: &[B256],
        challenger_trace: &[B256],
    ) -> Result<(), Error> {
        let defender = self.games.getter(id).defender.get();
        self.check_move(id, PHASE_DEFENDER_TRACE, Some(defender))?;
        let g = self.games.getter(id);
        let steps = g.steps.get().to::<usize>();
        let (committed, result_hash) = (g.agreed.get(), g.defender_next.get());
        check_trace(trace, steps, result_hash)?;
        let theirs = words(challenger_trace);
        let actual = self.vm().native_keccak256(&packed(&theirs));
        if actual != committed {
            return Err(Error::TraceMismatch(TraceMismatch {
                expected: committed,
                actual,
            }));
        }
        let ours = words(trace);
        // The last entries differ (the claim is not the result), so the traces part somewhere.
        let d = first_divergence(&ours, &theirs).unwrap_or(steps - 1);
        let agreed = if d == 0 { B256::ZERO } else { trace[d - 1] };
        let deadline = self.next_deadline();
        let mut g = self.games.setter(id);
        g.agreed.set(agreed);
        g.defender_next.set(trace[d]);
        g.challenger_next.set(challenger_trace[d]);
        #[allow(clippy::cast_possible_truncation)] // d < steps <= 18
        g.divergence.set(U8::from(d as u8));
        g.phase.set(U8::from(PHASE_ONE_STEP));
        g.deadline.set(U64::from(deadline));
        log(
            self.vm(),
            DefenderTracePosted {
                gameId: id,
                trace: trace.to_vec(),
                #[allow(clippy::cast_possible_truncation)]
                divergence: d as u8,
                deadline,
            },
        );
        Ok(())
    }

    /// `revealState`: the challenger's `s_d`, then the defender's.
    pub(crate) fn reveal(&mut self, id: u64, state: &[u8]) -> Result<(), Error> {
        let g = self.games.getter(id);
        let phase = g.phase.get().to::<u8>();
        let d = g.divergence.get().to::<u8>();
        let layers = g.steps.get().to::<u8>().saturating_sub(2);
        let (by_defender, expected) = match phase {
            PHASE_ONE_STEP => (false, g.challenger_next.get()),
            PHASE_DEFENDER_REVEAL => (true, g.defender_next.get()),
            _ => (false, B256::ZERO),
        };
        let revealing = phase == PHASE_ONE_STEP || phase == PHASE_DEFENDER_REVEAL;
        self.check_move(id, if revealing { phase } else { PHASE_ONE_STEP }, None)?;
        if d == 0 || d > layers {
            return Err(Error::WrongStep(WrongStep {
                gameId: id,
                divergence: d,
            }));
        }
        let actual = self.vm().native_keccak256(state);
        if actual != expected {
            return Err(Error::StateMismatch(StateMismatch { expected, actual }));
        }
        let next = if by_defender {
            PHASE_ROW_STEP
        } else {
            PHASE_DEFENDER_REVEAL
        };
        let deadline = self.next_deadline();
        let mut g = self.games.setter(id);
        g.phase.set(U8::from(next));
        g.deadline.set(U64::from(deadline));
        log(
            self.vm(),
            StateRevealed {
                gameId: id,
                byDefender: by_defender,
                state: Bytes::copy_from_slice(state),
                deadline,
            },
        );
        Ok(())
    }

    /// `timeout`: the party that moved last wins.
    pub(crate) fn time_out(&mut self, id: u64) -> Result<(), Error> {
        let g = self.games.getter(id);
        let (phase, deadline) = (g.phase.get().to::<u8>(), g.deadline.get().to::<u64>());
        if phase == PHASE_NONE {
            return Err(Error::UnknownGame(UnknownGame { gameId: id }));
        }
        let Some(winner) = timeout_winner(phase) else {
            return Err(Error::WrongPhase(WrongPhase { gameId: id, phase }));
        };
        if now(self.vm()) <= deadline {
            return Err(Error::DeadlineNotPassed(DeadlineNotPassed {
                gameId: id,
                deadline,
            }));
        }
        self.finish(id, winner, true)
    }

    /// Fails unless game `id` is in `phase`, its deadline has not passed and (when given) the
    /// caller is `mover`.
    pub(crate) fn check_move(
        &self,
        id: u64,
        phase: u8,
        mover: Option<Address>,
    ) -> Result<(), Error> {
        let g = self.games.getter(id);
        let (current, deadline) = (g.phase.get().to::<u8>(), g.deadline.get().to::<u64>());
        if current == PHASE_NONE {
            return Err(Error::UnknownGame(UnknownGame { gameId: id }));
        }
        if current != phase {
            return Err(Error::WrongPhase(WrongPhase {
                gameId: id,
                phase: current,
            }));
        }
        if let Some(expected) = mover.filter(|m| *m != self.vm().msg_sender()) {
            return Err(Error::NotYourMove(NotYourMove {
                gameId: id,
                expected,
            }));
        }
        if now(self.vm()) > deadline {
            return Err(Error::DeadlinePassed(DeadlinePassed {
                gameId: id,
                deadline,
            }));
        }
        Ok(())
    }

    /// Records `outcome`, then tells the reporter (with the challenger's output when it won).
    /// A reporter that rejects the outcome reverts the move, which can then be retried (e.g.
    /// with more gas for the consumer's callback that a won challenge re-runs).
    pub(crate) fn finish(&mut self, id: u64, outcome: u8, timed_out: bool) -> Result<(), Error> {
        let mut g = self.games.setter(id);
        g.phase.set(U8::from(PHASE_ENDED));
        g.outcome.set(U8::from(outcome));
        let request_id = U256::from(g.request_id.get().to::<u64>());
        let round = g.round.get().to::<u32>();
        let challenger = g.challenger.get();
        let reporter = g.reporter.get();
        let output = if outcome == CHALLENGER_WINS {
            g.output.get_bytes()
        } else {
            Vec::new()
        };
        log(
            self.vm(),
            GameEnded {
                gameId: id,
                requestId: request_id,
                challenger,
                outcome,
                timedOut: timed_out,
            },
        );
        IDisputeGameReporter::new(reporter)
            .on_game_ended(
                &mut *self,
                request_id,
                round,
                challenger,
                outcome,
                output.into(),
            )
            .map_err(|e| {
                Error::ReporterFailed(ReporterFailed {
                    reason: revert_data(e).into(),
                })
            })
    }

    /// The deadline of a move starting now.
    fn next_deadline(&self) -> u64 {
        now(self.vm()).saturating_add(self.move_time.get().to::<u64>())
    }

    /// The task of a game (a stored id that `Program::parse` accepted).
    pub(crate) fn task_of(&self, id: u64) -> Task {
        match self.games.getter(id).task.get().to::<u8>() {
            0 => Task::Classifier,
            _ => Task::Generator,
        }
    }
}

/// Fails unless `trace` has `steps` entries and ends with `end`.
fn check_trace(trace: &[B256], steps: usize, end: B256) -> Result<(), Error> {
    if trace.len() != steps {
        return Err(Error::TraceLength(TraceLength {
            expected: U256::from(steps),
            actual: U256::from(trace.len()),
        }));
    }
    let last = trace.last().copied().unwrap_or_default();
    if last != end {
        return Err(Error::TraceEnd(TraceEnd {
            expected: end,
            actual: last,
        }));
    }
    Ok(())
}
