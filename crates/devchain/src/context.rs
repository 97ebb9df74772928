//! The leaf every engine shares: revm's context with this crate's data, the actions a frame
//! hands to the frame loop, and [`Frame`], the trait the loop drives.
//!
//! The split follows revm's `Host` / `InterpreterAction`: a frame never runs its sub-calls. An
//! EVM interpreter, a Stylus program (a hostio) or a system contract that needs a call or a
//! create stops and returns an [`Action`]; the loop in `frames` starts the callee as a new frame
//! on an explicit stack, and resumes the caller with the outcome. Nothing recurses on the native
//! stack, whatever the nesting of EVM and Stylus frames.

use std::{cell::RefCell, collections::HashMap, convert::Infallible, rc::Rc};

use revm::{
    db::{CacheDB, EmptyDB},
    interpreter::{CallInputs, CallOutcome, CreateInputs, CreateOutcome, SharedMemory},
    primitives::{Address, EVMError, SpecId, B256},
    Context, FrameResult,
};

use crate::{
    params::{ChainConfig, StylusParams},
    receipt::{GasBreakdown, ProgramFailure},
};

/// The state database: everything in memory.
pub type Db = CacheDB<EmptyDB>;
/// revm's context with this crate's external data.
pub(crate) type Ctx = Context<Ext, Db>;
/// revm's error type for [`Db`].
pub(crate) type EvmErr = EVMError<Infallible>;

/// The EVM specification the devchain runs.
pub const SPEC: SpecId = SpecId::PRAGUE;

/// `EF F0 00`: the code prefix that marks a Stylus program.
pub const STYLUS_MAGIC: [u8; 3] = [0xEF, 0xF0, 0x00];

/// Whether `code` is a Stylus program.
pub fn is_stylus(code: &[u8]) -> bool {
    code.starts_with(&STYLUS_MAGIC)
}

/// An activated program ready to run: the instrumented module compiled for wasmi, and the costs
/// recorded at activation.
pub(crate) struct Compiled {
    /// The instrumented module.
    pub module: wasmi::Module,
    /// Nitro's costs of the program.
    pub costs: stylus_wasm::instrument::ProgramCosts,
}

/// What the chain shares across transactions (not journaled: caches and settings).
pub(crate) struct Shared {
    /// The wasmi engine every program is compiled with.
    pub engine: wasmi::Engine,
    /// Compiled programs by code hash.
    pub modules: RefCell<HashMap<B256, Rc<Compiled>>>,
    /// ArbOS's Stylus parameters.
    pub params: RefCell<StylusParams>,
    /// The devchain's switches.
    pub config: RefCell<ChainConfig>,
}

/// Per-transaction Stylus state (Nitro keeps it in the StateDB, outside the journal).
#[derive(Debug, Default)]
pub(crate) struct TxState {
    /// WASM pages open in the transaction (`GetStylusPages`).
    pub pages_open: u16,
    /// Most pages open at once so far.
    pub pages_ever: u16,
    /// Open frames per acting address, delegate calls excluded (`tx_processor.go` `Programs`).
    pub frames: HashMap<Address, u32>,
    /// Code hashes entered in this block, most recent last (ArbOS 60 `RecentWasms`).
    pub recent: Vec<B256>,
    /// The most recent program failure.
    pub failure: Option<ProgramFailure>,
    /// Where the Stylus frames' gas went.
    pub gas: GasBreakdown,
}

impl TxState {
    /// A frame acting as `address` starts (not a delegate call).
    pub fn enter(&mut self, address: Address) {
        *self.frames.entry(address).or_default() += 1;
    }

    /// A frame acting as `address` ended.
    pub fn leave(&mut self, address: Address) {
        if let Some(count) = self.frames.get_mut(&address) {
            *count = count.saturating_sub(1);
        }
    }

    /// Whether more than one frame acting as `address` is open (Nitro's `msg_reentrant`).
    pub fn reentrant(&self, address: Address) -> bool {
        self.frames.get(&address).copied().unwrap_or(0) > 1
    }

    /// Records a program failure (the newest wins).
    pub fn fail(&mut self, failure: ProgramFailure) {
        self.failure = Some(failure);
    }

    /// `RecentWasms.Insert`: whether `hash` was already among the `size` most recent programs;
    /// it becomes the most recent.
    pub fn recent_hit(&mut self, hash: B256, size: usize) -> bool {
        let hit = match self.recent.iter().position(|h| *h == hash) {
            Some(at) => {
                self.recent.remove(at);
                true
            }
            None => false,
        };
        self.recent.push(hash);
        if self.recent.len() > size {
            self.recent.remove(0);
        }
        hit
    }
}

/// External data revm carries for us in its context.
pub(crate) struct Ext {
    /// Chain-wide caches and settings.
    pub shared: Rc<Shared>,
    /// This transaction's Stylus state.
    pub tx: TxState,
}

/// What a frame asks of the frame loop when it stops (revm's `InterpreterAction`, for every
/// engine).
pub(crate) enum Action {
    /// Run this call as a new frame, then resume me with its outcome.
    Call(Box<CallInputs>),
    /// Run this create as a new frame, then resume me with its outcome.
    Create(Box<CreateInputs>),
    /// I am done: my frame's result (journal checkpoint already settled).
    Return(FrameResult),
}

/// What the frame loop hands a frame it resumes.
pub(crate) enum Resume {
    /// The frame runs for the first time.
    Start,
    /// The call it asked for ended.
    Call(CallOutcome),
    /// The create it asked for ended.
    Create(CreateOutcome),
}

impl From<FrameResult> for Resume {
    fn from(result: FrameResult) -> Self {
        match result {
            FrameResult::Call(outcome) => Resume::Call(outcome),
            FrameResult::Create(outcome) | FrameResult::EOFCreate(outcome) => {
                Resume::Create(outcome)
            }
        }
    }
}

/// What the frame loop lends the frame it resumes.
pub(crate) struct LoopEnv {
    /// revm's context (journal, database, environment, [`Ext`]).
    pub ctx: Box<Ctx>,
    /// The EVM frames' shared memory (other engines leave it alone).
    pub memory: SharedMemory,
    /// A stand-in context, swapped in while a wasmi store holds the real one.
    spare: Option<Box<Ctx>>,
}

impl LoopEnv {
    /// Takes the context for a transaction's frame loop.
    pub fn new(ctx: Box<Ctx>, spare: Box<Ctx>) -> Self {
        Self {
            ctx,
            memory: SharedMemory::new(),
            spare: Some(spare),
        }
    }

    /// Lends the context out (to a wasmi store) until [`LoopEnv::give_back`].
    pub fn lend(&mut self) -> Box<Ctx> {
        let spare = self
            .spare
            .take()
            .expect("the context is lent once at a time");
        std::mem::replace(&mut self.ctx, spare)
    }

    /// Takes the lent context back.
    pub fn give_back(&mut self, ctx: Box<Ctx>) {
        let spare = std::mem::replace(&mut self.ctx, ctx);
        self.spare = Some(spare);
    }

    /// Gives the context and the stand-in back.
    pub fn into_parts(self) -> (Box<Ctx>, Option<Box<Ctx>>) {
        (self.ctx, self.spare)
    }
}

/// A started frame of any engine (EVM interpreter, Stylus program, system contract).
pub(crate) trait Frame {
    /// Runs the frame until it needs a sub-call or ends.
    fn resume(&mut self, env: &mut LoopEnv, input: Resume) -> Result<Action, EvmErr>;
}

/// The result of starting a call or create: a frame to run, or an immediate outcome.
pub(crate) enum Step {
    /// A new frame; the loop resumes it with [`Resume::Start`].
    Frame(Box<dyn Frame>),
    /// Done without a frame (a precompile, a failed transfer, an empty account, ...).
    Done(FrameResult),
}
