//! The StylusDeployer at `0xcEcba2F1…A990`, with the behaviour and errors of the Solidity
//! contract deployed there (nitro-contracts v3.1.1+: `ContractInitializationError(address,bytes)`,
//! `initSalt(bytes32,bytes)`): create, activate if needed, call the constructor, refund.
//!
//! It is a frame of its own: each step's sub-call goes back to the frame loop.

use alloy_sol_types::{SolCall, SolError, SolEvent, SolInterface};
use revm::{
    interpreter::{
        CallInputs, CallOutcome, CallScheme, CallValue, CreateInputs, Gas, InstructionResult,
        InterpreterResult,
    },
    primitives::{keccak256, Address, Bytes, CreateScheme, Log, B256, U256},
    FrameResult, JournalCheckpoint,
};

use super::{
    IArbWasm, IStylusDeployer, IStylusDeployer::IStylusDeployerCalls as Calls, STYLUS_DEPLOYER,
};
use crate::{
    context::{Action, Ctx, EvmErr, Frame, LoopEnv, Resume, Step},
    programs,
};

/// Gas the deployer's own EVM code is charged per transaction (an estimate: it is native here).
const DEPLOYER_GAS: u64 = 2_600;

/// The deployer's CREATE2 salt: `keccak256(salt ‖ initData)`.
pub fn init_salt(salt: B256, init_data: &[u8]) -> B256 {
    keccak256([salt.as_slice(), init_data].concat())
}

/// Solidity's `Panic(uint256)` for arithmetic underflow.
fn panic_underflow() -> Bytes {
    let mut out = vec![0x4e, 0x48, 0x7b, 0x71];
    out.extend(U256::from(0x11).to_be_bytes::<32>());
    Bytes::from(out)
}

/// Where a `deploy` is.
enum Stage {
    Start,
    Creating,
    Activating { program: Address },
    Initializing { program: Address, data_fee: U256 },
    Refunding { program: Address, amount: U256 },
}

/// A `deploy(bytecode, initData, initValue, salt)` in progress.
struct Deploy {
    call: IStylusDeployer::deployCall,
    sender: Address,
    msg_value: U256,
    gas: Gas,
    checkpoint: JournalCheckpoint,
    return_memory: core::ops::Range<usize>,
    stage: Stage,
}

fn result(inputs: &CallInputs, result: InstructionResult, output: Bytes, gas: Gas) -> Step {
    Step::Done(FrameResult::Call(CallOutcome::new(
        InterpreterResult::new(result, output, gas),
        inputs.return_memory_offset.clone(),
    )))
}

/// Starts a call to the deployer.
pub(super) fn start(ctx: &mut Ctx, inputs: &CallInputs) -> Result<Step, EvmErr> {
    let mut gas = Gas::new(inputs.gas_limit);
    let Ok(call) = Calls::abi_decode(&inputs.input, true) else {
        return Ok(result(inputs, InstructionResult::Revert, Bytes::new(), gas));
    };
    if !gas.record_cost(DEPLOYER_GAS) {
        return Ok(result(
            inputs,
            InstructionResult::OutOfGas,
            Bytes::new(),
            Gas::new_spent(inputs.gas_limit),
        ));
    }
    let call = match call {
        Calls::initSalt(c) => {
            let salt = init_salt(c.salt, &c.initData);
            let out = IStylusDeployer::initSaltCall::abi_encode_returns(&(salt,));
            return Ok(result(inputs, InstructionResult::Return, out.into(), gas));
        }
        Calls::requiresActivation(c) => {
            let needs = requires_activation(ctx, c.addr)?;
            let out = IStylusDeployer::requiresActivationCall::abi_encode_returns(&(needs,));
            return Ok(result(inputs, InstructionResult::Return, out.into(), gas));
        }
        Calls::deploy(c) => c,
    };
    if inputs.is_static {
        return Ok(result(inputs, InstructionResult::Revert, Bytes::new(), gas));
    }
    ctx.evm.load_account(STYLUS_DEPLOYER)?;
    let checkpoint = ctx.evm.journaled_state.checkpoint();
    let msg_value = inputs.call_value();
    if let CallValue::Transfer(value) = inputs.value {
        if !value.is_zero() {
            if let Some(r) = ctx.evm.inner.journaled_state.transfer(
                &inputs.caller,
                &STYLUS_DEPLOYER,
                value,
                &mut ctx.evm.inner.db,
            )? {
                ctx.evm.journaled_state.checkpoint_revert(checkpoint);
                return Ok(result(inputs, r, Bytes::new(), gas));
            }
        }
    }
    Ok(Step::Frame(Box::new(Deploy {
        call,
        sender: inputs.caller,
        msg_value,
        gas,
        checkpoint,
        return_memory: inputs.return_memory_offset.clone(),
        stage: Stage::Start,
    })))
}

/// Whether `addr`'s code hash is not active (`requiresActivation`).
fn requires_activation(ctx: &mut Ctx, addr: Address) -> Result<bool, EvmErr> {
    let hash = ctx.evm.code_hash(addr)?.data;
    let params = ctx.external.shared.params.borrow().clone();
    let time = ctx.evm.env.block.timestamp.saturating_to::<u64>();
    Ok(programs::record(ctx, hash)?
        .check_active(time, &params)
        .is_err())
}

impl Deploy {
    /// A call from the deployer with all but 1/64 of the gas left.
    fn sub_call(&mut self, to: Address, input: Bytes, value: U256) -> Action {
        let give = self.gas.remaining() - self.gas.remaining() / 64;
        Action::Call(Box::new(CallInputs {
            input,
            return_memory_offset: 0..0,
            gas_limit: give,
            bytecode_address: to,
            target_address: to,
            caller: STYLUS_DEPLOYER,
            value: CallValue::Transfer(value),
            scheme: CallScheme::Call,
            is_static: false,
            is_eof: false,
        }))
    }

    /// Charges what a sub-call used (its gas limit minus what it returned).
    fn charge(&mut self, limit: u64, result: &InterpreterResult) -> bool {
        let returned = if result.result.is_ok() || result.result.is_revert() {
            result.gas.remaining()
        } else {
            0
        };
        self.gas.record_cost(limit.saturating_sub(returned))
    }

    fn end(&mut self, ctx: &mut Ctx, result: InstructionResult, output: Bytes) -> Action {
        if result.is_ok() {
            ctx.evm.journaled_state.checkpoint_commit();
        } else {
            ctx.evm.journaled_state.checkpoint_revert(self.checkpoint);
        }
        if result == InstructionResult::OutOfGas {
            self.gas = Gas::new_spent(self.gas.limit());
        }
        Action::Return(FrameResult::Call(CallOutcome::new(
            InterpreterResult::new(result, output, self.gas),
            self.return_memory.clone(),
        )))
    }

    fn revert(&mut self, ctx: &mut Ctx, data: Bytes) -> Action {
        self.end(ctx, InstructionResult::Revert, data)
    }

    /// After activation (or none needed): the constructor call, if any.
    fn init(&mut self, ctx: &mut Ctx, program: Address, data_fee: U256) -> Action {
        if !self.call.initData.is_empty() {
            self.stage = Stage::Initializing { program, data_fee };
            return self.sub_call(program, self.call.initData.clone(), self.call.initValue);
        }
        if !self.call.initValue.is_zero() {
            return self.revert(
                ctx,
                IStylusDeployer::InitValueButNotInitData {}
                    .abi_encode()
                    .into(),
            );
        }
        self.refund(ctx, program, data_fee)
    }

    /// Sends back what activation and the constructor did not use.
    fn refund(&mut self, ctx: &mut Ctx, program: Address, data_fee: U256) -> Action {
        let Some(amount) = self
            .msg_value
            .checked_sub(data_fee)
            .and_then(|v| v.checked_sub(self.call.initValue))
        else {
            return self.revert(ctx, panic_underflow());
        };
        if !amount.is_zero() {
            self.stage = Stage::Refunding { program, amount };
            return self.sub_call(self.sender, Bytes::new(), amount);
        }
        self.deployed(ctx, program)
    }

    fn deployed(&mut self, ctx: &mut Ctx, program: Address) -> Action {
        let event = IStylusDeployer::ContractDeployed {
            deployedContract: program,
        };
        ctx.evm.journaled_state.log(Log {
            address: STYLUS_DEPLOYER,
            data: event.encode_log_data(),
        });
        let out = IStylusDeployer::deployCall::abi_encode_returns(&(program,));
        self.end(ctx, InstructionResult::Return, out.into())
    }
}

impl Frame for Deploy {
    fn resume(&mut self, env: &mut LoopEnv, input: Resume) -> Result<Action, EvmErr> {
        let ctx = &mut *env.ctx;
        let stage = std::mem::replace(&mut self.stage, Stage::Start);
        Ok(match (stage, input) {
            (Stage::Start, Resume::Start) => {
                if self.call.bytecode.is_empty() {
                    return Ok(
                        self.revert(ctx, IStylusDeployer::EmptyBytecode {}.abi_encode().into())
                    );
                }
                let scheme = if self.call.salt.is_zero() {
                    CreateScheme::Create
                } else {
                    let salt = init_salt(self.call.salt, &self.call.initData);
                    CreateScheme::Create2 {
                        salt: U256::from_be_bytes(salt.0),
                    }
                };
                self.stage = Stage::Creating;
                let give = self.gas.remaining() - self.gas.remaining() / 64;
                Action::Create(Box::new(CreateInputs {
                    caller: STYLUS_DEPLOYER,
                    scheme,
                    value: U256::ZERO,
                    init_code: self.call.bytecode.clone(),
                    gas_limit: give,
                }))
            }
            (Stage::Creating, Resume::Create(outcome)) => {
                let limit = self.gas.remaining() - self.gas.remaining() / 64;
                if !self.charge(limit, &outcome.result) {
                    return Ok(self.end(ctx, InstructionResult::OutOfGas, Bytes::new()));
                }
                let program = match outcome.address {
                    Some(address) if outcome.result.result.is_ok() => address,
                    _ if !outcome.result.output.is_empty() => {
                        return Ok(self.revert(ctx, outcome.result.output));
                    }
                    _ => {
                        let e = IStylusDeployer::ContractDeploymentError {
                            bytecode: self.call.bytecode.clone(),
                        };
                        return Ok(self.revert(ctx, e.abi_encode().into()));
                    }
                };
                if requires_activation(ctx, program)? {
                    let Some(value) = self.msg_value.checked_sub(self.call.initValue) else {
                        return Ok(self.revert(ctx, panic_underflow()));
                    };
                    self.stage = Stage::Activating { program };
                    let call = IArbWasm::activateProgramCall { program }.abi_encode();
                    return Ok(self.sub_call(super::ARB_WASM, call.into(), value));
                }
                self.init(ctx, program, U256::ZERO)
            }
            (Stage::Activating { program }, Resume::Call(outcome)) => {
                let limit = self.gas.remaining() - self.gas.remaining() / 64;
                if !self.charge(limit, &outcome.result) {
                    return Ok(self.end(ctx, InstructionResult::OutOfGas, Bytes::new()));
                }
                if !outcome.result.result.is_ok() {
                    return Ok(self.revert(ctx, outcome.result.output));
                }
                let fee =
                    IArbWasm::activateProgramCall::abi_decode_returns(&outcome.result.output, true)
                        .map(|r| r.dataFee)
                        .unwrap_or_default();
                self.init(ctx, program, fee)
            }
            (Stage::Initializing { program, data_fee }, Resume::Call(outcome)) => {
                let limit = self.gas.remaining() - self.gas.remaining() / 64;
                if !self.charge(limit, &outcome.result) {
                    return Ok(self.end(ctx, InstructionResult::OutOfGas, Bytes::new()));
                }
                if !outcome.result.result.is_ok() {
                    let e = IStylusDeployer::ContractInitializationError {
                        newContract: program,
                        data: outcome.result.output,
                    };
                    return Ok(self.revert(ctx, e.abi_encode().into()));
                }
                self.refund(ctx, program, data_fee)
            }
            (Stage::Refunding { program, amount }, Resume::Call(outcome)) => {
                let limit = self.gas.remaining() - self.gas.remaining() / 64;
                if !self.charge(limit, &outcome.result) {
                    return Ok(self.end(ctx, InstructionResult::OutOfGas, Bytes::new()));
                }
                if !outcome.result.result.is_ok() {
                    let e = IStylusDeployer::RefundExcessValueError {
                        excessValue: amount,
                    };
                    return Ok(self.revert(ctx, e.abi_encode().into()));
                }
                self.deployed(ctx, program)
            }
            _ => {
                return Err(revm::primitives::EVMError::Custom(
                    "StylusDeployer resumed out of order".into(),
                ))
            }
        })
    }
}
