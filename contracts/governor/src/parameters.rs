//! The governance parameters: validated and stored at construction (or a clone's
//! initialization) and by passed proposals.

use alloy_primitives::{Address, U16, U256, U32, U64};
use imo_common::math::BPS;

use crate::{
    errors::{
        AlreadyInitialized, DurationTooLong, Error, InvalidGracePeriod, InvalidQuorumBps,
        InvalidToken, InvalidVotingPeriod,
    },
    ModelGovernor,
};

/// The longest voting delay, voting period, execution delay or grace period (365 days), so that
/// no parameter change can make every later proposal overflow the clock.
pub const MAX_DURATION: u64 = 365 * 24 * 60 * 60;

/// The governance parameters, as `setParameters` (and the constructor) take them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parameters {
    /// Seconds from proposal to the start of voting.
    pub voting_delay: u64,
    /// Seconds voting stays open (> 0).
    pub voting_period: u64,
    /// For + abstain votes needed, in basis points of the snapshot's supply (<= 10,000).
    pub quorum_bps: u16,
    /// Tokens the proposer must hold at the snapshot.
    pub proposal_threshold: U256,
    /// Seconds between the end of voting and the earliest execution.
    pub execution_delay: u64,
    /// Seconds a passed proposal stays executable after its earliest execution time (> 0);
    /// then it is Expired.
    pub grace_period: u64,
}

impl ModelGovernor {
    /// Sets the governor up, once: the constructor of a direct deployment and `initialize` of a
    /// clone (an EIP-1167 proxy, whose storage starts empty). A governor is set up when its
    /// token is non-zero; the constructor checks too, because on a clone the SDK's constructor
    /// guard (in the clone's storage) would let the constructor's selector through.
    pub(crate) fn init(&mut self, token: Address, parameters: Parameters) -> Result<(), Error> {
        if !self.token.get().is_zero() {
            return Err(Error::AlreadyInitialized(AlreadyInitialized {}));
        }
        if token.is_zero() {
            return Err(Error::InvalidToken(InvalidToken {}));
        }
        self.token.set(token);
        self.store_parameters(parameters)
    }

    /// Validates and stores the parameters; emits `ParametersSet`.
    pub(crate) fn store_parameters(&mut self, parameters: Parameters) -> Result<(), Error> {
        let Parameters {
            voting_delay,
            voting_period,
            quorum_bps,
            proposal_threshold,
            execution_delay,
            grace_period,
        } = parameters;
        if voting_period == 0 {
            return Err(Error::InvalidVotingPeriod(InvalidVotingPeriod {}));
        }
        if quorum_bps > BPS {
            return Err(Error::InvalidQuorumBps(InvalidQuorumBps {
                quorumBps: quorum_bps,
            }));
        }
        if grace_period == 0 {
            return Err(Error::InvalidGracePeriod(InvalidGracePeriod {}));
        }
        for duration in [voting_delay, voting_period, execution_delay, grace_period] {
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
        self.grace_period.set(U32::from_limbs([grace_period]));
        self.emit_parameters_set(parameters);
        Ok(())
    }
}
