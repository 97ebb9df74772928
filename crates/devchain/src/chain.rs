//! [`Devchain`]: state, transactions, revert decoding.

use std::{cell::RefCell, collections::HashMap, fmt, mem, rc::Rc};

use anyhow::{anyhow, Context as _};
use revm::{
    db::AccountState,
    primitives::{
        AccountInfo, Bytecode, Env, ExecutionResult, HaltReason, Output, ResultAndState, TxKind,
    },
    Context, DatabaseCommit, DatabaseRef, Evm, EvmContext,
};

use crate::{
    context::{Db, Ext, Shared, TxState},
    frames::{self, Runtime},
    host,
    params::{ChainConfig, StylusParams},
    receipt::{Failure, FailureKind, Receipt},
    system::{IArbWasm, IStylusDeployer, ARB_WASM, ARB_WASM_CACHE, STYLUS_DEPLOYER},
    Address, Bytes, Log, B256, U256,
};

pub use crate::programs_api::{Measured, ProgramInfo};

/// The state of a [`Devchain`] at one moment ([`Devchain::snapshot`]).
#[derive(Clone)]
pub struct Snapshot {
    db: Db,
    block_number: u64,
    timestamp: u64,
    logs: usize,
}

impl fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snapshot")
            .field("block_number", &self.block_number)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// The chain: state, block environment, the Stylus runtime, and known error ABIs.
pub struct Devchain {
    pub(crate) db: Db,
    pub(crate) rt: Rc<Runtime>,
    pub(crate) shared: Rc<Shared>,
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
    pub(crate) block_number: u64,
    pub(crate) timestamp: u64,
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
    pub const DEV_ACCOUNT: Address =
        alloy_primitives::address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");

    /// A fresh chain at block 0, timestamp 1,700,000,000, with [`Self::DEV_ACCOUNT`] holding
    /// 1,000,000 ETH and ArbWasm, ArbWasmCache and the StylusDeployer in place.
    ///
    /// # Errors
    ///
    /// If the wasmi host cannot be set up (a bug).
    pub fn new() -> anyhow::Result<Self> {
        let mut config = wasmi::Config::default();
        config.compilation_mode(wasmi::CompilationMode::Lazy);
        // Nitro's depth checker bounds recursion (a frame is at least 4 of 22,000 words).
        config.set_max_recursion_depth(6_000);
        let engine = wasmi::Engine::new(&config);
        let rt = Rc::new(Runtime {
            linker: host::linker(&engine)?,
        });
        let shared = Rc::new(Shared {
            engine,
            modules: RefCell::new(HashMap::new()),
            params: RefCell::new(StylusParams::default()),
            config: RefCell::new(ChainConfig::default()),
        });
        let mut chain = Self {
            db: Db::default(),
            rt,
            shared,
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
        for system in [ARB_WASM, ARB_WASM_CACHE, STYLUS_DEPLOYER] {
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
        chain.register_sol_error::<IArbWasm::ProgramNeedsUpgrade>();
        chain.register_sol_error::<IArbWasm::ProgramExpired>();
        chain.register_sol_error::<IArbWasm::ProgramUpToDate>();
        chain.register_sol_error::<IArbWasm::ProgramKeepaliveTooSoon>();
        chain.register_sol_error::<IArbWasm::ProgramInsufficientValue>();
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
        self.put_account(address, info);
    }

    /// Writes `info` as the account at `address`, which then exists. (revm's cache keeps an
    /// account it saw absent or deleted as non-existing, and `insert_account_info` alone leaves
    /// it so: a balance, nonce or code set on it would read as nothing.)
    pub(crate) fn put_account(&mut self, address: Address, mut info: AccountInfo) {
        self.db.insert_contract(&mut info);
        let account = self.db.accounts.entry(address).or_default();
        account.info = info;
        if account.account_state == AccountState::NotExisting {
            account.account_state = AccountState::StorageCleared;
        }
    }

    pub(crate) fn account(&self, address: Address) -> AccountInfo {
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
        self.timestamp = self.timestamp.saturating_add(seconds);
    }

    /// Sets the last block's number (the next transaction is mined at `number + 1`) and the
    /// timestamp the next transaction sees.
    pub fn set_block(&mut self, number: u64, timestamp: u64) {
        self.block_number = number;
        self.timestamp = timestamp;
    }

    /// Sets the code of `address` (EVM bytecode, or a Stylus program's `EF F0 00` code, which
    /// still needs activation); empty code makes it an account without code.
    pub fn set_code(&mut self, address: Address, code: &[u8]) {
        let mut info = self.account(address);
        let code = Bytecode::new_raw(Bytes::copy_from_slice(code));
        info.code_hash = code.hash_slow();
        info.code = Some(code);
        self.put_account(address, info);
    }

    /// Sets storage slot `slot` of `address`.
    pub fn set_storage(&mut self, address: Address, slot: U256, value: U256) {
        // An account the database does not know yet gets created first.
        let info = self.account(address);
        self.put_account(address, info);
        let _ = self.db.insert_account_storage(address, slot, value);
    }

    /// Replaces the whole storage of `address` with `slots` (every other slot reads zero).
    pub fn replace_storage(
        &mut self,
        address: Address,
        slots: impl IntoIterator<Item = (U256, U256)>,
    ) {
        let info = self.account(address);
        self.put_account(address, info);
        let _ = self
            .db
            .replace_account_storage(address, slots.into_iter().collect());
    }

    /// Sets the nonce of `address`.
    pub fn set_nonce(&mut self, address: Address, nonce: u64) {
        let mut info = self.account(address);
        info.nonce = nonce;
        self.put_account(address, info);
    }

    /// A copy of the chain's state (accounts, code, storage, block, clock and log count) that
    /// [`Self::restore`] returns to: what `evm_snapshot` and a fuzzer's replays need. Compiled
    /// programs are shared, not copied.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            db: self.db.clone(),
            block_number: self.block_number,
            timestamp: self.timestamp,
            logs: self.logs.len(),
        }
    }

    /// Returns the chain to `snapshot` (taken from this chain): later accounts, storage, blocks
    /// and logs are gone.
    pub fn restore(&mut self, snapshot: &Snapshot) {
        self.db = snapshot.db.clone();
        self.block_number = snapshot.block_number;
        self.timestamp = snapshot.timestamp;
        self.logs.truncate(snapshot.logs);
    }

    /// Sets the balance of `address`.
    pub fn set_balance(&mut self, address: Address, wei: U256) {
        let mut info = self.account(address);
        info.balance = wei;
        self.put_account(address, info);
    }

    /// ArbOS's Stylus parameters in force.
    pub fn stylus_params(&self) -> StylusParams {
        self.shared.params.borrow().clone()
    }

    /// Changes ArbOS's Stylus parameters (as the chain owner could, through ArbOwner).
    pub fn set_stylus_params(&mut self, params: StylusParams) {
        *self.shared.params.borrow_mut() = params;
    }

    /// The devchain's switches.
    pub fn config(&self) -> ChainConfig {
        self.shared.config.borrow().clone()
    }

    /// Changes the devchain's switches.
    pub fn set_config(&mut self, config: ChainConfig) {
        *self.shared.config.borrow_mut() = config;
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

    pub(crate) fn execute(
        &mut self,
        from: Address,
        to: TxKind,
        data: &[u8],
        value: U256,
        commit: bool,
    ) -> anyhow::Result<Receipt> {
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
                shared: self.shared.clone(),
                tx: TxState::default(),
            },
        );
        let mut evm = Evm::new(ctx, frames::handler(self.rt.clone()));
        let outcome = evm.transact();
        let context = evm.into_context();
        self.db = context.evm.inner.db;
        let tx = context.external.tx;
        let ResultAndState { result, state } =
            outcome.map_err(|e| anyhow!("transaction rejected: {e}"))?;
        if commit {
            self.db.commit(state);
            self.block_number = number;
        }
        let mut breakdown = tx.gas;
        breakdown.intrinsic = 21_000
            + data
                .iter()
                .map(|b| if *b == 0 { 4 } else { 16 })
                .sum::<u64>();
        let mut receipt = Receipt {
            success: false,
            output: Bytes::new(),
            logs: Vec::new(),
            gas_used: result.gas_used(),
            contract_address: None,
            error: None,
            block_number: number,
            breakdown,
        };
        let kind = match result {
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
                None
            }
            ExecutionResult::Revert { output, .. } => {
                let why = self.decode_revert(&output);
                receipt.output = output;
                Some(FailureKind::Revert(why))
            }
            ExecutionResult::Halt { reason, .. } => Some(match reason {
                HaltReason::OutOfGas(_) => FailureKind::OutOfGas,
                other => FailureKind::Halt(format!("{other:?}")),
            }),
        };
        receipt.error = kind.map(|kind| Failure {
            kind,
            program: tx.failure,
        });
        if commit {
            self.logs.extend(receipt.logs.iter().cloned());
        }
        Ok(receipt)
    }

    /// A StylusDeployer deployment's receipt with the program's address filled in.
    pub(crate) fn with_deployed_address(mut receipt: Receipt) -> anyhow::Result<Receipt> {
        use alloy_sol_types::SolCall;
        if receipt.success {
            let ret = IStylusDeployer::deployCall::abi_decode_returns(&receipt.output, true)
                .context("decoding the deployer's return")?;
            receipt.contract_address = Some(ret._0);
        }
        Ok(receipt)
    }

    /// Drops the logs after the first `len` (a run that was undone).
    pub(crate) fn truncate_logs(&mut self, len: usize) {
        self.logs.truncate(len);
    }

    /// The database, for the programs API.
    pub(crate) fn db_mut(&mut self) -> &mut Db {
        &mut self.db
    }

    /// A code hash's storage word in ArbWasm, for the programs API.
    pub(crate) fn arb_wasm_word(&self, slot: U256) -> U256 {
        self.storage(ARB_WASM, slot)
    }

    /// A hash of the state, for callers that compare runs.
    pub fn code_hash(&self, address: Address) -> B256 {
        let info = self.account(address);
        if info.is_empty() && info.code.as_ref().is_none_or(|c| c.is_empty()) {
            B256::ZERO
        } else {
            info.code_hash
        }
    }
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}
