//! The governance parameters: validated and stored at construction and by passed proposals.

use alloy_primitives::{U16, U256, U64};
use imo_common::math::BPS;

use crate::{
    errors::{DurationTooLong, Error, InvalidQuorumBps, InvalidVotingPeriod},
    ModelGovernor,
};

/// The longest voting delay, voting period or execution delay (365 days), so that no parameter
/// change can make every later proposal overflow the clock.
pub const MAX_DURATION: u64 = 365 * 24 * 60 * 60;

impl ModelGovernor {
    /// Validates and stores the parameters; emits `ParametersSet`.
    pub(crate) fn store_parameters(
        &mut self,
        voting_delay: u64,
        voting_period: u64,
        quorum_bps: u16,
        proposal_threshold: U256,
        execution_delay: u64,
    ) -> Result<(), Error> {
        if voting_period == 0 {
            return Err(Error::InvalidVotingPeriod(InvalidVotingPeriod {}));
        }
        if quorum_bps > BPS {
            return Err(Error::InvalidQuorumBps(InvalidQuorumBps {
                quorumBps: quorum_bps,
            }));
        }
        for duration in [voting_delay, voting_period, execution_delay] {
            if duration > MAX_DURATION {
                return Err(Error::DurationTooLong(DurationTooLong {
                    duration,
                    max: MAX_DURATION,
                }));
            }
        }
        self.voting_delay.set(U64::from_limbs([voting_delay]));
        self.voting_period.set(U64::from_limbs([voting_period]));
        self.quorum_bps
            .set(U16::from_limbs([u64::from(quorum_bps)]));
        self.proposal_threshold.set(proposal_threshold);
        self.execution_delay.set(U64::from_limbs([execution_delay]));
        self.emit_parameters_set(
            voting_delay,
            voting_period,
            quorum_bps,
            proposal_threshold,
            execution_delay,
        );
        Ok(())
    }
}
