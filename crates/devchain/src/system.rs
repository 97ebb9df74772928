//! System contracts: the ArbWasm precompile and the StylusDeployer, run natively.

use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolInterface};
use revm::{
    interpreter::{
        CallInputs, CallScheme, CallValue, CreateInputs, Gas, InstructionResult, InterpreterResult,
    },
    primitives::{address, keccak256, Address, Bytes, CreateScheme, Log, B256, U256},
};

use crate::runtime::{self, is_stylus, Ctx, EvmErr};

/// The ArbWasm precompile.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// Where Nitro dev nodes (and this devchain) have the StylusDeployer.
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");
/// The Stylus version ArbWasm reports and stamps on activated programs.
pub const STYLUS_VERSION: u16 = 2;
/// Flat gas charged for an activation (Nitro charges by module size; an estimate).
pub const ACTIVATION_GAS: u64 = 1_000_000;
/// Gas charged for each ArbWasm view call.
const VIEW_GAS: u64 = 2_600;

sol! {
    /// The part of ArbWasm (`0x…71`) the devchain implements.
    interface IArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function programVersion(address program) external view returns (uint16 version);
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramUpToDate();
    }

    /// OffchainLabs' StylusDeployer ABI (deploy + activate + constructor call in one transaction).
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

/// Solidity's `Error(string)`.
fn error_string(msg: &str) -> Bytes {
    let mut out = vec![0x08, 0xc3, 0x79, 0xa0];
    out.extend(alloy_sol_types::SolValue::abi_encode(&(msg.to_string(),)));
    Bytes::from(out)
}

/// Solidity's `Panic(uint256)` for arithmetic underflow.
fn panic_underflow() -> Bytes {
    let mut out = vec![0x4e, 0x48, 0x7b, 0x71];
    out.extend(U256::from(0x11).to_be_bytes::<32>());
    Bytes::from(out)
}

/// Outcome of a system-contract body: return data, or revert data.
type Body = Result<Bytes, Bytes>;

/// Runs a system-contract body inside its own checkpoint.
fn frame(
    ctx: &mut Ctx,
    inputs: &CallInputs,
    take_value: bool,
    body: impl FnOnce(&mut Ctx, &mut Gas) -> Result<Option<Body>, EvmErr>,
) -> Result<InterpreterResult, EvmErr> {
    let mut gas = Gas::new(inputs.gas_limit);
    ctx.evm.load_account(inputs.target_address)?;
    let checkpoint = ctx.evm.journaled_state.checkpoint();
    if let CallValue::Transfer(value) = inputs.value {
        if take_value && !value.is_zero() {
            if let Some(result) = ctx.evm.inner.journaled_state.transfer(
                &inputs.caller,
                &inputs.target_address,
                value,
                &mut ctx.evm.inner.db,
            )? {
                ctx.evm.journaled_state.checkpoint_revert(checkpoint);
                return Ok(InterpreterResult::new(result, Bytes::new(), gas));
            }
        }
    }
    let (result, output) = match body(ctx, &mut gas)? {
        None => {
            gas.spend_all();
            (InstructionResult::OutOfGas, Bytes::new())
        }
        Some(Ok(data)) => (InstructionResult::Return, data),
        Some(Err(data)) => (InstructionResult::Revert, data),
    };
    if result.is_ok() {
        ctx.evm.journaled_state.checkpoint_commit();
    } else {
        ctx.evm.journaled_state.checkpoint_revert(checkpoint);
    }
    Ok(InterpreterResult::new(result, output, gas))
}

/// Code hash of `program`, if it holds a Stylus program.
fn stylus_code(ctx: &mut Ctx, program: Address) -> Result<Option<(B256, Bytes)>, EvmErr> {
    let account = ctx
        .evm
        .inner
        .journaled_state
        .load_code(program, &mut ctx.evm.inner.db)?;
    Ok(match &account.info.code {
        Some(code) if is_stylus(code.original_byte_slice()) => {
            Some((account.info.code_hash, code.original_bytes()))
        }
        _ => None,
    })
}

/// ArbWasm at `0x…71`: `activateProgram`, `stylusVersion`, `codehashVersion`, `programVersion`.
pub(crate) fn arb_wasm(ctx: &mut Ctx, inputs: &CallInputs) -> Result<InterpreterResult, EvmErr> {
    let is_static = inputs.is_static;
    let input = inputs.input.clone();
    // ArbWasm keeps only the data fee (zero here) and refunds the rest: it takes no value.
    frame(ctx, inputs, false, |ctx, gas| {
        let Ok(call) = IArbWasm::IArbWasmCalls::abi_decode(&input, true) else {
            return Ok(Some(Err(error_string(
                "ArbWasm: unknown or malformed call",
            ))));
        };
        let cost = match call {
            IArbWasm::IArbWasmCalls::activateProgram(_) => ACTIVATION_GAS,
            _ => VIEW_GAS,
        };
        if !gas.record_cost(cost) {
            return Ok(None);
        }
        let version_of = |ctx: &mut Ctx, hash: B256| -> Result<Body, EvmErr> {
            Ok(if runtime::is_activated(ctx, hash)? {
                Ok(Bytes::from(
                    IArbWasm::codehashVersionCall::abi_encode_returns(&(STYLUS_VERSION,)),
                ))
            } else {
                Err(Bytes::from(IArbWasm::ProgramNotActivated {}.abi_encode()))
            })
        };
        Ok(Some(match call {
            IArbWasm::IArbWasmCalls::stylusVersion(_) => Ok(Bytes::from(
                IArbWasm::stylusVersionCall::abi_encode_returns(&(STYLUS_VERSION,)),
            )),
            IArbWasm::IArbWasmCalls::codehashVersion(c) => version_of(ctx, c.codehash)?,
            IArbWasm::IArbWasmCalls::programVersion(c) => match stylus_code(ctx, c.program)? {
                Some((hash, _)) => version_of(ctx, hash)?,
                None => Err(Bytes::from(IArbWasm::ProgramNotWasm {}.abi_encode())),
            },
            IArbWasm::IArbWasmCalls::activateProgram(c) => {
                if is_static {
                    Err(error_string("ArbWasm: activateProgram in a static call"))
                } else {
                    activate(ctx, c.program)?
                }
            }
        }))
    })
}

/// Validates (Nitro's rules), compiles and marks a program activated.
fn activate(ctx: &mut Ctx, program: Address) -> Result<Body, EvmErr> {
    let Some((hash, code)) = stylus_code(ctx, program)? else {
        return Ok(Err(Bytes::from(IArbWasm::ProgramNotWasm {}.abi_encode())));
    };
    if runtime::is_activated(ctx, hash)? {
        return Ok(Err(Bytes::from(IArbWasm::ProgramUpToDate {}.abi_encode())));
    }
    let rt = ctx.external.rt.clone();
    let module = match rt.compile(&code) {
        Ok(module) => module,
        Err(why) => {
            let why = format!("activation of {program} failed: {why}");
            rt.fail(why.clone());
            return Ok(Err(error_string(&why)));
        }
    };
    rt.modules.borrow_mut().insert(hash, module);
    ctx.evm.load_account(ARB_WASM)?;
    ctx.evm.sstore(
        ARB_WASM,
        U256::from_be_bytes(hash.0),
        U256::from(STYLUS_VERSION),
    )?;
    // Only touched accounts are committed.
    ctx.evm.journaled_state.touch(&ARB_WASM);
    let event = IArbWasm::ProgramActivated {
        codehash: hash,
        moduleHash: keccak256(&code),
        program,
        dataFee: U256::ZERO,
        version: STYLUS_VERSION,
    };
    ctx.evm.journaled_state.log(Log {
        address: ARB_WASM,
        data: event.encode_log_data(),
    });
    Ok(Ok(Bytes::from(
        IArbWasm::activateProgramCall::abi_encode_returns(&(STYLUS_VERSION, U256::ZERO)),
    )))
}

/// Runs a sub-call with all but 1/64 of the remaining gas, charging what it used.
fn sub_call(
    ctx: &mut Ctx,
    gas: &mut Gas,
    caller: Address,
    to: Address,
    input: Bytes,
    value: U256,
) -> Result<Option<InterpreterResult>, EvmErr> {
    let give = gas.remaining() - gas.remaining() / 64;
    let inputs = CallInputs {
        input,
        return_memory_offset: 0..0,
        gas_limit: give,
        bytecode_address: to,
        target_address: to,
        caller,
        value: CallValue::Transfer(value),
        scheme: CallScheme::Call,
        is_static: false,
        is_eof: false,
    };
    let result = runtime::call(ctx, Box::new(inputs))?;
    if !gas.record_cost(give - result.gas.remaining()) {
        return Ok(None);
    }
    Ok(Some(result))
}

/// The StylusDeployer at `0xcEcb…A990`, with the Solidity contract's behaviour.
pub(crate) fn stylus_deployer(
    ctx: &mut Ctx,
    inputs: &CallInputs,
) -> Result<InterpreterResult, EvmErr> {
    let input = inputs.input.clone();
    let sender = inputs.caller;
    let msg_value = inputs.call_value();
    let is_static = inputs.is_static;
    frame(ctx, inputs, true, |ctx, gas| {
        let Ok(call) = IStylusDeployer::IStylusDeployerCalls::abi_decode(&input, true) else {
            return Ok(Some(Err(Bytes::new())));
        };
        if !gas.record_cost(VIEW_GAS) {
            return Ok(None);
        }
        let c = match call {
            IStylusDeployer::IStylusDeployerCalls::initSalt(c) => {
                let salt = init_salt(c.salt, &c.initData);
                return Ok(Some(Ok(Bytes::from(
                    IStylusDeployer::initSaltCall::abi_encode_returns(&(salt,)),
                ))));
            }
            IStylusDeployer::IStylusDeployerCalls::requiresActivation(c) => {
                let needs = match stylus_code(ctx, c.addr)? {
                    Some((hash, _)) => !runtime::is_activated(ctx, hash)?,
                    None => true,
                };
                return Ok(Some(Ok(Bytes::from(
                    IStylusDeployer::requiresActivationCall::abi_encode_returns(&(needs,)),
                ))));
            }
            IStylusDeployer::IStylusDeployerCalls::deploy(c) => c,
        };
        if is_static {
            return Ok(Some(Err(Bytes::new())));
        }
        if c.bytecode.is_empty() {
            return Ok(Some(Err(Bytes::from(
                IStylusDeployer::EmptyBytecode {}.abi_encode(),
            ))));
        }
        let scheme = if c.salt.is_zero() {
            CreateScheme::Create
        } else {
            CreateScheme::Create2 {
                salt: U256::from_be_bytes(init_salt(c.salt, &c.initData).0),
            }
        };
        let give = gas.remaining() - gas.remaining() / 64;
        let outcome = runtime::create(
            ctx,
            Box::new(CreateInputs {
                caller: STYLUS_DEPLOYER,
                scheme,
                value: U256::ZERO,
                init_code: c.bytecode.clone(),
                gas_limit: give,
            }),
        )?;
        if !gas.record_cost(give - outcome.result.gas.remaining()) {
            return Ok(None);
        }
        let program = match outcome.address {
            Some(address) if outcome.result.result.is_ok() => address,
            _ if !outcome.result.output.is_empty() => {
                return Ok(Some(Err(outcome.result.output)));
            }
            _ => {
                return Ok(Some(Err(Bytes::from(
                    IStylusDeployer::ContractDeploymentError {
                        bytecode: c.bytecode,
                    }
                    .abi_encode(),
                ))));
            }
        };
        let needs_activation = match stylus_code(ctx, program)? {
            Some((hash, _)) => !runtime::is_activated(ctx, hash)?,
            None => true,
        };
        let data_fee = U256::ZERO;
        if needs_activation {
            let Some(activation_value) = msg_value.checked_sub(c.initValue) else {
                return Ok(Some(Err(panic_underflow())));
            };
            let call = IArbWasm::activateProgramCall { program }.abi_encode();
            let Some(result) = sub_call(
                ctx,
                gas,
                STYLUS_DEPLOYER,
                ARB_WASM,
                call.into(),
                activation_value,
            )?
            else {
                return Ok(None);
            };
            if !result.result.is_ok() {
                return Ok(Some(Err(result.output)));
            }
        }
        if !c.initData.is_empty() {
            let Some(result) = sub_call(
                ctx,
                gas,
                STYLUS_DEPLOYER,
                program,
                c.initData.clone(),
                c.initValue,
            )?
            else {
                return Ok(None);
            };
            if !result.result.is_ok() {
                return Ok(Some(Err(Bytes::from(
                    IStylusDeployer::ContractInitializationError {
                        newContract: program,
                        data: result.output,
                    }
                    .abi_encode(),
                ))));
            }
        } else if !c.initValue.is_zero() {
            return Ok(Some(Err(Bytes::from(
                IStylusDeployer::InitValueButNotInitData {}.abi_encode(),
            ))));
        }
        let Some(refund) = msg_value
            .checked_sub(data_fee)
            .and_then(|v| v.checked_sub(c.initValue))
        else {
            return Ok(Some(Err(panic_underflow())));
        };
        if !refund.is_zero() {
            let Some(result) = sub_call(ctx, gas, STYLUS_DEPLOYER, sender, Bytes::new(), refund)?
            else {
                return Ok(None);
            };
            if !result.result.is_ok() {
                return Ok(Some(Err(Bytes::from(
                    IStylusDeployer::RefundExcessValueError {
                        excessValue: refund,
                    }
                    .abi_encode(),
                ))));
            }
        }
        let event = IStylusDeployer::ContractDeployed {
            deployedContract: program,
        };
        ctx.evm.journaled_state.log(Log {
            address: STYLUS_DEPLOYER,
            data: event.encode_log_data(),
        });
        Ok(Some(Ok(Bytes::from(
            IStylusDeployer::deployCall::abi_encode_returns(&(program,)),
        ))))
    })
}

/// The deployer's CREATE2 salt: `keccak256(salt ‖ initData)`.
pub fn init_salt(salt: B256, init_data: &[u8]) -> B256 {
    let mut buf = salt.to_vec();
    buf.extend_from_slice(init_data);
    keccak256(buf)
}
