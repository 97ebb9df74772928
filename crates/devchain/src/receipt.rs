//! What a transaction left behind: [`Receipt`], and why it failed: [`Failure`].

use std::fmt;

use alloy_primitives::{Address, Bytes};
use anyhow::anyhow;
use revm::primitives::Log;

/// The outcome of a transaction or a read-only call.
#[derive(Clone, Debug)]
pub struct Receipt {
    /// Whether the top-level call succeeded.
    pub success: bool,
    /// Return data on success, revert data on revert (empty after a halt).
    pub output: Bytes,
    /// Logs emitted (empty unless `success`).
    pub logs: Vec<Log>,
    /// Gas used, including the 21,000 intrinsic gas and calldata cost.
    pub gas_used: u64,
    /// The created contract of a creation transaction, or the program a deploy created.
    pub contract_address: Option<Address>,
    /// Why the transaction failed (`None` on success).
    pub error: Option<Failure>,
    /// The block the transaction was included in (the pending block for read-only calls).
    pub block_number: u64,
    /// Where the Stylus frames' gas went.
    pub breakdown: GasBreakdown,
}

impl Receipt {
    /// A one-line description for assertion messages.
    pub fn describe(&self) -> String {
        match &self.error {
            None => format!("success, gas used {}", self.gas_used),
            Some(e) => format!("failed (gas used {}): {e}", self.gas_used),
        }
    }

    /// Returns `self` if the transaction succeeded, else an error with [`Receipt::describe`].
    ///
    /// # Errors
    ///
    /// When the transaction reverted or halted.
    pub fn ok(self) -> anyhow::Result<Self> {
        if self.success {
            Ok(self)
        } else {
            Err(anyhow!("transaction {}", self.describe()))
        }
    }
}

/// Why a transaction failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// How the top-level call ended.
    pub kind: FailureKind,
    /// The most recent Stylus program failure in the transaction: the cause of the failure, or
    /// a failed sub-call the caller survived before failing for its own reason.
    pub program: Option<ProgramFailure>,
}

/// How a failed top-level call ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// It reverted; the data decoded (`Error(string)`, `Panic(uint256)`, a registered error by
    /// name, or hex).
    Revert(String),
    /// It ran out of gas (including a program out of ink).
    OutOfGas,
    /// Another halt (call depth, a program not activated, ...), as revm names it.
    Halt(String),
}

/// A Stylus program that failed in a transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramFailure {
    /// Where the program's code lives.
    pub program: Address,
    /// The address it acted as (differs from `program` in a delegate call).
    pub acting: Address,
    /// What went wrong.
    pub kind: ProgramFailureKind,
}

/// How a Stylus program failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgramFailureKind {
    /// Its code hash was never activated: the call consumes all its gas (as on Nitro).
    NotActivated,
    /// Its activation expired (older than `expiryDays`): all gas consumed.
    Expired {
        /// Seconds since activation.
        age_seconds: u64,
    },
    /// It was activated against an older Stylus version.
    NeedsUpgrade {
        /// The program's version.
        version: u16,
        /// The chain's.
        stylus_version: u16,
    },
    /// The call's gas did not cover the entry cost (program init and memory).
    EntryOutOfGas {
        /// Gas the entry cost.
        cost: u64,
        /// Gas the call had.
        gas: u64,
    },
    /// It ran out of ink (gas).
    OutOfInk,
    /// It exceeded the stack budget (`maxStackDepth` words): all gas consumed.
    OutOfStack,
    /// A WASM trap (`unreachable`, out-of-bounds access, division by zero, ...).
    Trap(String),
    /// A hostio refused (bad pointer, a write in a static call, bad arguments).
    Hostio(String),
}

impl fmt::Display for ProgramFailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotActivated => write!(f, "is not activated (call ArbWasm.activateProgram)"),
            Self::Expired { age_seconds } => {
                write!(
                    f,
                    "expired ({age_seconds} s since activation; reactivate it)"
                )
            }
            Self::NeedsUpgrade {
                version,
                stylus_version,
            } => write!(
                f,
                "needs upgrade: version {version}, chain is at {stylus_version}"
            ),
            Self::EntryOutOfGas { cost, gas } => {
                write!(
                    f,
                    "ran out of gas paying its entry cost ({cost} gas, {gas} given)"
                )
            }
            Self::OutOfInk => write!(f, "ran out of gas"),
            Self::OutOfStack => write!(f, "ran out of stack"),
            Self::Trap(why) => write!(f, "failed: trap: {why}"),
            Self::Hostio(why) => write!(f, "failed: {why}"),
        }
    }
}

impl fmt::Display for ProgramFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.program == self.acting {
            write!(f, "Stylus program {} {}", self.program, self.kind)
        } else {
            write!(
                f,
                "Stylus program {} (at {}) {}",
                self.program, self.acting, self.kind
            )
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FailureKind::Revert(why) => write!(f, "{why}")?,
            FailureKind::OutOfGas => write!(f, "out of gas")?,
            FailureKind::Halt(why) => write!(f, "halted: {why}")?,
        }
        if let Some(p) = &self.program {
            write!(f, "; last Stylus failure: {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

impl Failure {
    /// The failed program when the failure involved one.
    pub fn program_kind(&self) -> Option<&ProgramFailureKind> {
        self.program.as_ref().map(|p| &p.kind)
    }

    /// Whether the top-level call reverted (rather than halted).
    pub fn is_revert(&self) -> bool {
        matches!(self.kind, FailureKind::Revert(_))
    }
}

/// Where a transaction's gas went, for Stylus frames (all frames summed). EVM frames' own gas
/// is in `gas_used` only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GasBreakdown {
    /// 21,000 plus calldata (4 per zero byte, 16 per other byte).
    pub intrinsic: u64,
    /// Program init paid on entering programs (cached and uncached parts).
    pub program_init: u64,
    /// Memory model paid for programs' initial pages.
    pub memory_init: u64,
    /// Program frames entered.
    pub programs_entered: u64,
    /// Memory model paid for `memory.grow`.
    pub memory_grow: u64,
    /// EVM-side storage reads (SLOAD cold/warm on cache misses).
    pub storage_load: u64,
    /// EVM-side storage writes (SSTORE pricing at flushes).
    pub storage_store: u64,
    /// Call base costs (access, value, new account); the callee's gas is in its own parts.
    pub calls: u64,
    /// Account access of `account_*` hostios.
    pub account_access: u64,
    /// Log gas.
    pub logs: u64,
    /// Gas of executing WASM operators (the ink of the instrumented code).
    pub wasm: u64,
    /// Gas of hostios, including the EVM-side parts above.
    pub hostio: u64,
}
