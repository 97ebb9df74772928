//! An in-process chain that runs compiled Stylus WASM (on wasmi) and EVM bytecode (on revm)
//! together, so tests and demos execute the exact bytes that would be deployed on Nitro.
//!
//! See the crate README for the design, the gas model and every known difference from Nitro.
//!
//! ```no_run
//! use stylus_devchain::{Devchain, U256};
//! # fn main() -> anyhow::Result<()> {
//! let mut chain = Devchain::new()?;
//! let wasm = stylus_devchain::load_artifact(
//!     "imo-revshare-token",
//!     "cargo xtask wasm -p imo-revshare-token",
//! )?;
//! let program = chain.deploy_stylus(&wasm, &[], U256::ZERO)?;
//! let receipt = chain.send(Devchain::DEV_ACCOUNT, program, &[0x12, 0x34, 0x56, 0x78], U256::ZERO)?;
//! assert!(receipt.success, "{}", receipt.describe());
//! # Ok(()) }
//! ```

mod gas;
mod host;
mod runtime;
mod system;

use std::{collections::HashMap, fmt, mem, path::PathBuf, rc::Rc};

use anyhow::{anyhow, bail, Context as _};
use revm::{
    primitives::{
        AccountInfo, Bytecode, Env, ExecutionResult, HaltReason, Output, ResultAndState, TxKind,
    },
    Context, DatabaseCommit, DatabaseRef, Evm, EvmContext,
};

pub use alloy_primitives::{address, Address, Bytes, B256, U256};
pub use revm::primitives::Log;
pub use system::{
    init_salt, IArbWasm, IStylusDeployer, ACTIVATION_GAS, ARB_WASM, STYLUS_DEPLOYER, STYLUS_VERSION,
};

pub use gas::{FUEL_PER_GAS, HOSTIO_INK, INK_PER_FUEL, INK_PER_GAS};
pub use runtime::{is_stylus, Db, SPEC, STYLUS_MAGIC};

use runtime::{Ext, Runtime};

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
    /// Why the transaction failed: the decoded revert, the halt reason, and the innermost
    /// Stylus failure (trap, unknown import, invalid program, out of gas) when there was one.
    pub error: Option<String>,
    /// The block the transaction was included in (the pending block for read-only calls).
    pub block_number: u64,
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

/// The chain: state, block environment, the Stylus runtime, and known error ABIs.
pub struct Devchain {
    db: Db,
    rt: Rc<Runtime>,
    /// Chain id (default 412346, a Nitro dev node's).
    pub chain_id: u64,
    /// Base fee in wei (default 0, so transactions cost no ETH).
    pub base_fee: U256,
    /// The block's coinbase.
    pub coinbase: Address,
    /// Block gas limit reported to programs.
    pub block_gas_limit: u64,
    /// Gas limit given to every transaction.
    pub tx_gas_limit: u64,
    block_number: u64,
    timestamp: u64,
    logs: Vec<Log>,
    errors: HashMap<[u8; 4], String>,
}

impl fmt::Debug for Devchain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Devchain")
            .field("chain_id", &self.chain_id)
            .field("block_number", &self.block_number)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

impl Devchain {
    /// The pre-funded account (a Nitro dev node's dev account address).
    pub const DEV_ACCOUNT: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");

    /// A fresh chain at block 0, timestamp 1,700,000,000, with [`Self::DEV_ACCOUNT`] holding
    /// 1,000,000 ETH and ArbWasm and the StylusDeployer in place.
    ///
    /// # Errors
    ///
    /// If the wasmi host cannot be set up (a bug).
    pub fn new() -> anyhow::Result<Self> {
        let mut chain = Self {
            db: Db::default(),
            rt: Rc::new(Runtime::new()?),
            chain_id: 412_346,
            base_fee: U256::ZERO,
            coinbase: Address::ZERO,
            block_gas_limit: 32_000_000,
            tx_gas_limit: 30_000_000,
            block_number: 0,
            timestamp: 1_700_000_000,
            logs: Vec::new(),
            errors: HashMap::new(),
        };
        // System contracts carry code (`INVALID`, as Nitro's precompiles) and a nonce, so
        // they are never "empty" accounts and their storage survives EIP-161 clearing.
        for system in [ARB_WASM, STYLUS_DEPLOYER] {
            let code = Bytecode::new_legacy(Bytes::from_static(&[0xFE]));
            chain.db.insert_account_info(
                system,
                AccountInfo::new(U256::ZERO, 1, code.hash_slow(), code),
            );
        }
        // The system contracts' errors are always decoded by name.
        chain.register_sol_error::<IStylusDeployer::ContractDeploymentError>();
        chain.register_sol_error::<IStylusDeployer::ContractInitializationError>();
        chain.register_sol_error::<IStylusDeployer::RefundExcessValueError>();
        chain.register_sol_error::<IStylusDeployer::EmptyBytecode>();
        chain.register_sol_error::<IStylusDeployer::InitValueButNotInitData>();
        chain.register_sol_error::<IArbWasm::ProgramNotWasm>();
        chain.register_sol_error::<IArbWasm::ProgramNotActivated>();
        chain.register_sol_error::<IArbWasm::ProgramUpToDate>();
        chain.fund(
            Self::DEV_ACCOUNT,
            U256::from(1_000_000u64) * U256::from(10u64).pow(U256::from(18u64)),
        );
        Ok(chain)
    }

    /// Adds `wei` to the balance of `address`.
    pub fn fund(&mut self, address: Address, wei: U256) {
        let mut info = self.account(address);
        info.balance = info.balance.saturating_add(wei);
        self.db.insert_account_info(address, info);
    }

    fn account(&self, address: Address) -> AccountInfo {
        self.db
            .basic_ref(address)
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// The balance of `address` in wei.
    pub fn balance(&self, address: Address) -> U256 {
        self.account(address).balance
    }

    /// The nonce of `address`.
    pub fn nonce(&self, address: Address) -> u64 {
        self.account(address).nonce
    }

    /// The code of `address` (a Stylus program's is `EF F0 00 00 ‖ brotli(wasm)`).
    pub fn code(&self, address: Address) -> Bytes {
        let info = self.account(address);
        match info.code {
            Some(code) => code.original_bytes(),
            None => self
                .db
                .code_by_hash_ref(info.code_hash)
                .map(|c| c.original_bytes())
                .unwrap_or_default(),
        }
    }

    /// The storage slot `slot` of `address`.
    pub fn storage(&self, address: Address, slot: U256) -> U256 {
        self.db.storage_ref(address, slot).unwrap_or_default()
    }

    /// Every log of every successful transaction so far, in order.
    pub fn logs(&self) -> &[Log] {
        &self.logs
    }

    /// The number of the last block (each transaction is one block).
    pub fn block_number(&self) -> u64 {
        self.block_number
    }

    /// The timestamp the next transaction sees.
    pub fn timestamp(&self) -> u64 {
        self.timestamp
    }

    /// Moves the clock forward.
    pub fn advance_time(&mut self, seconds: u64) {
        self.timestamp += seconds;
    }

    /// Registers a Solidity error so reverts carrying it are reported by name, e.g.
    /// `"InsufficientBalance(address,uint256,uint256)"`.
    pub fn register_error(&mut self, signature: &str) {
        let selector = alloy_primitives::keccak256(signature.as_bytes());
        self.errors.insert(
            [selector[0], selector[1], selector[2], selector[3]],
            signature.into(),
        );
    }

    /// Registers an `alloy_sol_types` error type (as `sol!` generates) by its signature.
    pub fn register_sol_error<E: alloy_sol_types::SolError>(&mut self) {
        self.errors.insert(E::SELECTOR, E::SIGNATURE.into());
    }

    /// Describes revert data: `Error(string)`, `Panic(uint256)`, a registered error by name,
    /// or the raw bytes.
    pub fn decode_revert(&self, data: &[u8]) -> String {
        use alloy_sol_types::{Panic, Revert, SolError};
        if data.is_empty() {
            return "reverted without data".into();
        }
        if let Ok(r) = Revert::abi_decode(data, true) {
            return format!("reverted: Error({:?})", r.reason);
        }
        if let Ok(p) = Panic::abi_decode(data, true) {
            return format!("reverted: Panic({:#x})", p.code);
        }
        if data.len() >= 4 {
            if let Some(sig) = self.errors.get(&[data[0], data[1], data[2], data[3]]) {
                return format!("reverted: {sig} args 0x{}", hex(&data[4..]));
            }
        }
        format!("reverted with data 0x{}", hex(data))
    }

    /// Sends a transaction from `from` (which needs no signature) and mines it as a block.
    ///
    /// # Errors
    ///
    /// When the transaction is invalid (for example the sender cannot pay the value); a
    /// revert or halt is a receipt with `success == false`, not an error.
    pub fn send(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
    ) -> anyhow::Result<Receipt> {
        self.execute(from, TxKind::Call(to), calldata, value, true)
    }

    /// Runs a call without committing anything (like `eth_call` on the pending block).
    ///
    /// # Errors
    ///
    /// As [`Devchain::send`].
    pub fn call(&mut self, from: Address, to: Address, calldata: &[u8]) -> anyhow::Result<Receipt> {
        self.execute(from, TxKind::Call(to), calldata, U256::ZERO, false)
    }

    /// Sends a creation transaction with EVM init code from [`Self::DEV_ACCOUNT`].
    ///
    /// # Errors
    ///
    /// When the transaction is invalid or the creation fails (with the decoded reason).
    pub fn deploy_evm(&mut self, initcode: &[u8], value: U256) -> anyhow::Result<Address> {
        let receipt = self.create(Self::DEV_ACCOUNT, initcode, value)?.ok()?;
        receipt
            .contract_address
            .ok_or_else(|| anyhow!("creation returned no address"))
    }

    /// Sends a creation transaction with `initcode` from `from`. Init code returning
    /// `EF F0 00 ‖ …` installs a Stylus program (which still needs activation).
    ///
    /// # Errors
    ///
    /// As [`Devchain::send`].
    pub fn create(
        &mut self,
        from: Address,
        initcode: &[u8],
        value: U256,
    ) -> anyhow::Result<Receipt> {
        self.execute(from, TxKind::Create, initcode, value, true)
    }

    /// Deploys, activates and initializes a Stylus program in one transaction through the
    /// StylusDeployer, from [`Self::DEV_ACCOUNT`], and returns its address.
    ///
    /// `code_or_wasm` is either deployable code (`EF F0 00 00 ‖ brotli(wasm)`) or a WASM module
    /// (compressed here as is: give the processed module `cargo xtask wasm` writes; raw rustc
    /// output needs `stylus_wasm::repair` first, as on Nitro). `constructor_calldata` is the full calldata of the init call (empty:
    /// no call); `value` goes with it.
    ///
    /// # Errors
    ///
    /// When any step fails, with the decoded revert and the Stylus failure (invalid program…).
    pub fn deploy_stylus(
        &mut self,
        code_or_wasm: &[u8],
        constructor_calldata: &[u8],
        value: U256,
    ) -> anyhow::Result<Address> {
        let receipt = self.deploy_stylus_from(
            Self::DEV_ACCOUNT,
            code_or_wasm,
            constructor_calldata,
            value,
            B256::ZERO,
        )?;
        let receipt = receipt.ok()?;
        receipt
            .contract_address
            .ok_or_else(|| anyhow!("deployer returned no address"))
    }

    /// [`Devchain::deploy_stylus`] with an explicit sender and CREATE2 salt (zero: CREATE);
    /// returns the receipt (`contract_address` is the program).
    ///
    /// # Errors
    ///
    /// As [`Devchain::send`].
    pub fn deploy_stylus_from(
        &mut self,
        from: Address,
        code_or_wasm: &[u8],
        constructor_calldata: &[u8],
        value: U256,
        salt: B256,
    ) -> anyhow::Result<Receipt> {
        let code = if code_or_wasm.starts_with(&stylus_wasm::CODE_PREFIX) {
            code_or_wasm.to_vec()
        } else if code_or_wasm.starts_with(b"\0asm") {
            stylus_wasm::compress(code_or_wasm)
        } else {
            bail!("deploy_stylus expects WASM (\\0asm…) or Stylus code (EF F0 00 00…)");
        };
        let call = IStylusDeployer::deployCall {
            bytecode: stylus_wasm::initcode(&code).into(),
            initData: Bytes::copy_from_slice(constructor_calldata),
            initValue: value,
            salt,
        };
        use alloy_sol_types::SolCall;
        let mut receipt = self.send(from, STYLUS_DEPLOYER, &call.abi_encode(), value)?;
        if receipt.success {
            let ret = IStylusDeployer::deployCall::abi_decode_returns(&receipt.output, true)
                .context("decoding the deployer's return")?;
            receipt.contract_address = Some(ret._0);
        }
        Ok(receipt)
    }

    /// Activates the Stylus program at `program` through ArbWasm, from [`Self::DEV_ACCOUNT`].
    ///
    /// # Errors
    ///
    /// When activation fails (not a program, already active, invalid WASM).
    pub fn activate(&mut self, program: Address) -> anyhow::Result<Receipt> {
        use alloy_sol_types::SolCall;
        let call = IArbWasm::activateProgramCall { program }.abi_encode();
        self.send(Self::DEV_ACCOUNT, ARB_WASM, &call, U256::ZERO)?
            .ok()
    }

    fn execute(
        &mut self,
        from: Address,
        to: TxKind,
        data: &[u8],
        value: U256,
        commit: bool,
    ) -> anyhow::Result<Receipt> {
        *self.rt.failure.borrow_mut() = None;
        self.rt.active.borrow_mut().clear();
        let number = self.block_number + 1;
        let mut env = Env::default();
        env.cfg.chain_id = self.chain_id;
        env.block.number = U256::from(number);
        env.block.timestamp = U256::from(self.timestamp);
        env.block.coinbase = self.coinbase;
        env.block.basefee = self.base_fee;
        env.block.gas_limit = U256::from(self.block_gas_limit);
        env.tx.caller = from;
        env.tx.gas_limit = self.tx_gas_limit;
        env.tx.gas_price = self.base_fee;
        env.tx.transact_to = to;
        env.tx.value = value;
        env.tx.data = Bytes::copy_from_slice(data);
        env.tx.nonce = None;

        let ctx = Context::new(
            EvmContext::new_with_env(mem::take(&mut self.db), Box::new(env)),
            Ext {
                rt: self.rt.clone(),
            },
        );
        let mut evm = Evm::new(ctx, runtime::handler());
        let outcome = evm.transact();
        self.db = evm.into_context().evm.inner.db;
        let ResultAndState { result, state } =
            outcome.map_err(|e| anyhow!("transaction rejected: {e}"))?;
        if commit {
            self.db.commit(state);
            self.block_number = number;
        }
        let failure = self.rt.failure.borrow_mut().take();
        let mut receipt = Receipt {
            success: false,
            output: Bytes::new(),
            logs: Vec::new(),
            gas_used: result.gas_used(),
            contract_address: None,
            error: None,
            block_number: number,
        };
        match result {
            ExecutionResult::Success { logs, output, .. } => {
                receipt.success = true;
                receipt.logs = logs;
                match output {
                    Output::Call(out) => receipt.output = out,
                    Output::Create(out, address) => {
                        receipt.output = out;
                        receipt.contract_address = address;
                    }
                }
            }
            ExecutionResult::Revert { output, .. } => {
                let mut why = self.decode_revert(&output);
                if let Some(f) = failure {
                    why = format!("{why}; last Stylus failure: {f}");
                }
                receipt.error = Some(why);
                receipt.output = output;
            }
            ExecutionResult::Halt { reason, .. } => {
                let mut why = halt_reason(reason);
                if let Some(f) = failure {
                    why = format!("{why}; last Stylus failure: {f}");
                }
                receipt.error = Some(why);
            }
        }
        if commit {
            self.logs.extend(receipt.logs.iter().cloned());
        }
        Ok(receipt)
    }
}

fn halt_reason(reason: HaltReason) -> String {
    match reason {
        HaltReason::OutOfGas(_) => "out of gas".into(),
        other => format!("halted: {other:?}"),
    }
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

/// The selector stylus-sdk 0.9 routes to a `#[constructor]`: `keccak256("stylus_constructor()")[..4]`.
pub fn constructor_selector() -> [u8; 4] {
    let hash = alloy_primitives::keccak256(b"stylus_constructor()");
    [hash[0], hash[1], hash[2], hash[3]]
}

/// Calldata for an sdk 0.9 `#[constructor]` taking ABI-encoded `args` (the parameters'
/// encoding, as `SolValue::abi_encode_params` gives), for [`Devchain::deploy_stylus`].
pub fn constructor_calldata(args: &[u8]) -> Vec<u8> {
    let mut data = constructor_selector().to_vec();
    data.extend_from_slice(args);
    data
}

/// Reads a WASM artifact built by `cargo xtask wasm` from `target/stylus/<name>.wasm`
/// (honouring `CARGO_TARGET_DIR`).
///
/// # Errors
///
/// When the file is missing: the message names `build_command`, which produces it.
pub fn load_artifact(name: &str, build_command: &str) -> anyhow::Result<Vec<u8>> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let path = target.join("stylus").join(format!("{name}.wasm"));
    std::fs::read(&path).map_err(|e| {
        anyhow!(
            "cannot read {} ({e}); build it first with `{build_command}`",
            path.display()
        )
    })
}
