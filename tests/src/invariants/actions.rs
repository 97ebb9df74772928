//! The calls the fuzzer makes. An [`Action`] names its arguments by small numbers that are
//! resolved against the current state when it runs (an actor index, the n-th request seen, a
//! fraction of a balance), so that any subsequence of a failing run still runs: what the
//! shrinker needs.

use rand::Rng;
use serde::{Deserialize, Serialize};

/// One call (or the clock moving). Small numbers pick actors, requests, fractions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Action {
    /// The clock moves (1 s, 10 s, a minute, a move time, an hour, a day).
    Wait {
        step: u8,
    },
    /// An inference request: model (3 = unknown), callback gas bucket (0 = no callback),
    /// consumer, payment (0 exact, 1 over, 2 under), input (0 = empty).
    Request {
        by: u8,
        model: u8,
        gas: u8,
        consumer: u8,
        pay: u8,
        input: u8,
    },
    Deliver {
        by: u8,
        request: u8,
        output: u8,
    },
    Feedback {
        by: u8,
        request: u8,
    },
    Refund {
        by: u8,
        request: u8,
    },
    UpdateResult {
        by: u8,
        request: u8,
        output: u8,
    },
    WithdrawEarnings {
        by: u8,
    },
    WithdrawRefund {
        by: u8,
    },
    ClaimModelRevenue {
        by: u8,
        model: u8,
    },
    WithdrawProtocolRevenue {
        by: u8,
    },
    Stake {
        by: u8,
        tenths: u8,
    },
    RequestUnstake {
        by: u8,
        tenths: u8,
    },
    WithdrawStake {
        by: u8,
    },
    /// A challenge with claim `output` and the bond (`bond` 0) or a wrong one.
    Challenge {
        by: u8,
        request: u8,
        output: u8,
        bond: u8,
    },
    /// The arbiter (or someone else, `by`) resolves.
    Resolve {
        by: u8,
        request: u8,
        challenger_wins: bool,
        output: u8,
    },
    Settle {
        by: u8,
        request: u8,
        challenger: u8,
    },
    WithdrawCredit {
        by: u8,
    },
    WithdrawProtocol {
        by: u8,
    },
    GameTimeout {
        by: u8,
        game: u8,
    },
    /// `token` 0 the demo's, 1 the launched one; `eighths` of the sender's balance (9 = more).
    Transfer {
        token: u8,
        by: u8,
        to: u8,
        eighths: u8,
    },
    Snapshot {
        token: u8,
        by: u8,
    },
    Claim {
        token: u8,
        by: u8,
        back: u8,
    },
    Burn {
        token: u8,
        by: u8,
        eighths: u8,
    },
    DepositRevenue {
        token: u8,
        by: u8,
        milli: u8,
    },
    SaleDeposit {
        by: u8,
        ether: u8,
        wrong_value: bool,
    },
    SaleFinalize {
        by: u8,
    },
    SaleClaim {
        by: u8,
    },
    SaleDistribute {
        by: u8,
    },
    SaleCollect {
        by: u8,
    },
    VestingRelease {
        by: u8,
    },
    GovernorFund {
        by: u8,
        milli: u8,
    },
    Propose {
        by: u8,
        to: u8,
        milli: u8,
    },
    Vote {
        by: u8,
        proposal: u8,
        support: u8,
    },
    Execute {
        by: u8,
        proposal: u8,
    },
}

/// The clock steps of [`Action::Wait`].
pub(super) const WAITS: [u64; 6] = [1, 10, 60, 601, 3_601, 86_401];

impl Action {
    /// A random action, weighted towards the oracle's and the verifier's flows.
    pub fn random(rng: &mut impl Rng) -> Self {
        let mut b = || rng.gen::<u8>();
        let (b0, b1, b2, b3, b4, b5) = (b(), b(), b(), b(), b(), b());
        match b0 % 40 {
            0..=3 => Self::Wait { step: b1 % 6 },
            4..=8 => Self::Request {
                by: b1,
                model: b2 % 4,
                gas: b3 % 6,
                consumer: b4 % 3,
                pay: b5 % 3,
                input: b1 ^ b2,
            },
            9..=12 => Self::Deliver {
                by: b1,
                request: b2,
                output: b3 % 3,
            },
            13 => Self::Feedback {
                by: b1,
                request: b2,
            },
            14 => Self::Refund {
                by: b1,
                request: b2,
            },
            15 => Self::UpdateResult {
                by: b1,
                request: b2,
                output: b3 % 3,
            },
            16 => Self::WithdrawEarnings { by: b1 },
            17 => Self::WithdrawRefund { by: b1 },
            18 => Self::ClaimModelRevenue {
                by: b1,
                model: b2 % 4,
            },
            19 => Self::WithdrawProtocolRevenue { by: b1 },
            20 => Self::Stake {
                by: b1,
                tenths: b2 % 12,
            },
            21 => Self::RequestUnstake {
                by: b1,
                tenths: b2 % 12,
            },
            22 => Self::WithdrawStake { by: b1 },
            23 | 24 => Self::Challenge {
                by: b1,
                request: b2,
                output: b3 % 3,
                bond: b4 % 6,
            },
            25 => Self::Resolve {
                by: if b1 % 4 == 0 { b2 } else { 0 },
                request: b3,
                challenger_wins: b4 % 2 == 0,
                output: b5 % 3,
            },
            26 => Self::Settle {
                by: b1,
                request: b2,
                challenger: b3,
            },
            27 => Self::WithdrawCredit { by: b1 },
            28 => Self::WithdrawProtocol { by: b1 },
            29 => Self::GameTimeout { by: b1, game: b2 },
            30 | 31 => Self::Transfer {
                token: b1 % 2,
                by: b2,
                to: b3,
                eighths: b4 % 10,
            },
            32 => Self::Snapshot {
                token: b1 % 2,
                by: b2,
            },
            33 => Self::Claim {
                token: b1 % 2,
                by: b2,
                back: b3 % 4,
            },
            34 => Self::Burn {
                token: b1 % 2,
                by: b2,
                eighths: b3 % 10,
            },
            35 => Self::DepositRevenue {
                token: b1 % 2,
                by: b2,
                milli: b3,
            },
            36 => Self::SaleDeposit {
                by: b1,
                ether: b2 % 25,
                wrong_value: b3 % 10 == 0,
            },
            37 => match b1 % 5 {
                0 => Self::SaleFinalize { by: b2 },
                1 => Self::SaleClaim { by: b2 },
                2 => Self::SaleDistribute { by: b2 },
                3 => Self::SaleCollect { by: b2 },
                _ => Self::VestingRelease { by: b2 },
            },
            38 => match b1 % 2 {
                0 => Self::GovernorFund { by: b2, milli: b3 },
                _ => Self::Propose {
                    by: b2,
                    to: b3,
                    milli: b4,
                },
            },
            _ => match b1 % 2 {
                0 => Self::Vote {
                    by: b2,
                    proposal: b3,
                    support: b4 % 4,
                },
                _ => Self::Execute {
                    by: b2,
                    proposal: b3,
                },
            },
        }
    }
}
