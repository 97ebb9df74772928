//! System contracts, run natively: the precompiles ArbWasm (`0x…71`) and ArbWasmCache
//! (`0x…72`), and the StylusDeployer at its canonical address (a frame of its own, since it
//! makes sub-calls).
//!
//! Precompiles follow Nitro's `precompiles/precompile.go`: the value moves to the precompile
//! first; an unknown method, value into a non-payable method and a write from a static call
//! revert with all gas consumed; arguments cost 3 gas per word, results 3 gas per word; a
//! Solidity error reverts with its data and returns the gas left.

mod arb_wasm;
pub(crate) mod cache;
mod deployer;

use alloy_sol_types::sol;
use revm::{
    interpreter::{CallInputs, CallOutcome, CallValue, Gas, InstructionResult, InterpreterResult},
    primitives::{address, Address, Bytes},
    FrameResult,
};

use crate::context::{Ctx, EvmErr, Step};

pub use crate::programs::ARB_WASM;
pub use arb_wasm::STYLUS_VERSION;
pub use deployer::init_salt;

/// The ArbWasmCache precompile.
pub const ARB_WASM_CACHE: Address = address!("0000000000000000000000000000000000000072");
/// Where Nitro chains have the StylusDeployer (a CREATE2 address: the same bytecode everywhere).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

sol! {
    /// ArbWasm (`0x…71`), as nitro-contracts' `ArbWasm.sol` declares it.
    interface IArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function codehashKeepalive(bytes32 codehash) external payable;
        function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
        function programVersion(address program) external view returns (uint16 version);
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        function programMemoryFootprint(address program) external view returns (uint16 footprint);
        function programTimeLeft(address program) external view returns (uint64 _secs);
        function inkPrice() external view returns (uint32 price);
        function maxStackDepth() external view returns (uint32 depth);
        function freePages() external view returns (uint16 pages);
        function pageGas() external view returns (uint16 gas);
        function pageRamp() external view returns (uint64 ramp);
        function pageLimit() external view returns (uint16 limit);
        function minInitGas() external view returns (uint64 gas, uint64 cached);
        function initCostScalar() external view returns (uint64 percent);
        function expiryDays() external view returns (uint16 _days);
        function keepaliveDays() external view returns (uint16 _days);
        function blockCacheSize() external view returns (uint16 count);
        function activationGas() external view returns (uint64 gas);
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
        event ProgramLifetimeExtended(bytes32 indexed codehash, uint256 dataFee);
        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        error ProgramExpired(uint64 ageInSeconds);
        error ProgramUpToDate();
        error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }

    /// ArbWasmCache (`0x…72`): the CacheManager's access to the program cache.
    interface IArbWasmCache {
        function isCacheManager(address manager) external view returns (bool);
        function allCacheManagers() external view returns (address[] memory managers);
        function cacheProgram(address addr) external;
        function evictCodehash(bytes32 codehash) external;
        function codehashIsCached(bytes32 codehash) external view returns (bool);
        event UpdateProgramCache(address indexed manager, bytes32 indexed codehash, bool cached);
    }

    /// OffchainLabs' StylusDeployer ABI (nitro-contracts v3.1.1+, the bytecode deployed at
    /// [`STYLUS_DEPLOYER`]): deploy + activate + constructor call in one transaction.
    interface IStylusDeployer {
        function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt) external payable returns (address);
        function initSalt(bytes32 salt, bytes calldata initData) external pure returns (bytes32);
        function requiresActivation(address addr) external view returns (bool);
        event ContractDeployed(address deployedContract);
        error ContractDeploymentError(bytes bytecode);
        error ContractInitializationError(address newContract, bytes data);
        error RefundExcessValueError(uint256 excessValue);
        error EmptyBytecode();
        error InitValueButNotInitData();
    }
}

/// Runs a call to a system contract, or returns `None` for any other address.
pub(crate) fn call(ctx: &mut Ctx, inputs: &CallInputs) -> Result<Option<Step>, EvmErr> {
    let result = match inputs.bytecode_address {
        ARB_WASM => arb_wasm::call(ctx, inputs)?,
        ARB_WASM_CACHE => cache::call(ctx, inputs)?,
        STYLUS_DEPLOYER => return deployer::start(ctx, inputs).map(Some),
        _ => return Ok(None),
    };
    Ok(Some(Step::Done(FrameResult::Call(CallOutcome::new(
        result,
        inputs.return_memory_offset.clone(),
    )))))
}

/// Gas accounting of a precompile call (`precompiles/context.go` `Burn`/`BurnOut`).
pub(crate) struct Burner {
    supplied: u64,
    used: u64,
}

/// The caller could not pay.
pub(crate) struct OutOfGas;

impl Burner {
    fn new(supplied: u64) -> Self {
        Self { supplied, used: 0 }
    }

    fn left(&self) -> u64 {
        self.supplied - self.used
    }

    /// Burns `gas`, or everything (and fails) if that much is not left.
    fn burn(&mut self, gas: u64) -> Result<(), OutOfGas> {
        if self.left() < gas {
            self.used = self.supplied;
            return Err(OutOfGas);
        }
        self.used += gas;
        Ok(())
    }

    fn burn_out(&mut self) {
        self.used = self.supplied;
    }

    fn gas(&self) -> Gas {
        let mut gas = Gas::new(self.supplied);
        let _ = gas.record_cost(self.used);
        gas
    }
}

/// Burns gas in a precompile method; out of gas ends the method with all gas consumed.
macro_rules! burn {
    ($burner:expr, $gas:expr) => {
        if $burner.burn($gas).is_err() {
            return Ok(Outcome::BurnOut);
        }
    };
}
pub(crate) use burn;

/// Copying `len` bytes of arguments or results: 3 gas per word.
fn copy_gas(len: usize) -> u64 {
    3 * (len as u64).div_ceil(32)
}

/// How a precompile method ended.
pub(crate) enum Outcome {
    /// Returned this data.
    Ok(Bytes),
    /// A Solidity error: revert with its data, keep the gas left.
    Error(Bytes),
    /// A plain revert: no data, keep the gas left.
    Revert,
    /// Revert with all gas consumed.
    BurnOut,
}

impl From<OutOfGas> for Outcome {
    fn from(_: OutOfGas) -> Self {
        Outcome::BurnOut
    }
}

/// Runs a precompile method inside its own checkpoint, with the value moved to the precompile
/// first, and turns the [`Outcome`] into the call's result.
fn precompile(
    ctx: &mut Ctx,
    inputs: &CallInputs,
    body: impl FnOnce(&mut Ctx, &mut Burner) -> Result<Outcome, EvmErr>,
) -> Result<InterpreterResult, EvmErr> {
    let mut burner = Burner::new(inputs.gas_limit);
    ctx.evm.load_account(inputs.target_address)?;
    let checkpoint = ctx.evm.journaled_state.checkpoint();
    match inputs.value {
        CallValue::Transfer(value) if !value.is_zero() => {
            if let Some(result) = ctx.evm.inner.journaled_state.transfer(
                &inputs.caller,
                &inputs.target_address,
                value,
                &mut ctx.evm.inner.db,
            )? {
                ctx.evm.journaled_state.checkpoint_revert(checkpoint);
                return Ok(InterpreterResult::new(result, Bytes::new(), burner.gas()));
            }
        }
        _ => ctx.evm.journaled_state.touch(&inputs.target_address),
    }
    let outcome = body(ctx, &mut burner)?;
    let outcome = match outcome {
        Outcome::Ok(data) | Outcome::Error(data) if burner.burn(copy_gas(data.len())).is_err() => {
            Outcome::BurnOut
        }
        other => other,
    };
    let (result, output) = match outcome {
        Outcome::Ok(data) => (InstructionResult::Return, data),
        Outcome::Error(data) => (InstructionResult::Revert, data),
        Outcome::Revert => (InstructionResult::Revert, Bytes::new()),
        Outcome::BurnOut => {
            burner.burn_out();
            (InstructionResult::Revert, Bytes::new())
        }
    };
    if result.is_ok() {
        ctx.evm.journaled_state.checkpoint_commit();
    } else {
        ctx.evm.journaled_state.checkpoint_revert(checkpoint);
    }
    Ok(InterpreterResult::new(result, output, burner.gas()))
}

/// Nitro's ArbOS storage costs (`arbos/storage/storage.go`).
mod storage_gas {
    /// A read.
    pub const READ: u64 = 800;
    /// A write of a non-zero value.
    pub const WRITE: u64 = 20_000;
    /// Opening ArbOS's state (a version read) at every precompile call.
    pub const OPEN: u64 = 800;
    /// Reading the Stylus parameters (assumed warm).
    pub const PARAMS: u64 = 100;
}

/// Gas of an event with `topics` topics (signature included) and `data` bytes.
fn event_gas(topics: u64, data: u64) -> u64 {
    375 + 375 * topics + 8 * data
}
