//! Deploying, activating, caching and measuring Stylus programs on a [`Devchain`].

use alloy_sol_types::SolCall;
use anyhow::{anyhow, bail};
use revm::primitives::{keccak256, AccountInfo, Bytecode};

use crate::{
    chain::Devchain,
    pricing::{self, DataPricer},
    programs::{self, ProgramRecord},
    receipt::Receipt,
    system::{cache, IArbWasm, IStylusDeployer, ARB_WASM, STYLUS_DEPLOYER},
    Address, Bytes, B256, U256,
};

/// What ArbOS knows about a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgramInfo {
    /// The code hash.
    pub code_hash: B256,
    /// ArbOS's record (version 0: not activated).
    pub record: ProgramRecord,
    /// Gas to enter it uncached (program init incl. the cached part), and cached.
    pub init_gas: (u64, u64),
    /// Gas its initial pages cost when it is the first program of a transaction.
    pub memory_gas: u64,
}

/// One transaction run twice from the same state: every program uncached, then every program
/// cached. The chain keeps the uncached run's state.
#[derive(Clone, Debug)]
pub struct Measured {
    /// With Nitro's rules as they are (programs cached only if the CacheManager holds them).
    pub uncached: Receipt,
    /// With every program cached (as if the CacheManager held all of them).
    pub cached: Receipt,
}

fn to_code(code_or_wasm: &[u8]) -> anyhow::Result<Vec<u8>> {
    if code_or_wasm.starts_with(&stylus_wasm::CODE_PREFIX) {
        Ok(code_or_wasm.to_vec())
    } else if code_or_wasm.starts_with(b"\0asm") {
        Ok(stylus_wasm::compress(code_or_wasm))
    } else {
        bail!("expected WASM (\\0asm…) or Stylus code (EF F0 00 00…)")
    }
}

impl Devchain {
    /// Deploys, activates and initializes a Stylus program in one transaction through the
    /// StylusDeployer, from [`Self::DEV_ACCOUNT`], and returns its address.
    ///
    /// `code_or_wasm` is either deployable code (`EF F0 00 00 ‖ brotli(wasm)`) or a WASM module
    /// (compressed here as is: give the processed module `cargo xtask wasm` writes).
    /// `constructor_calldata` is the full calldata of the init call (empty: no call); `value`
    /// goes with it. The activation's data fee is added to the transaction's value.
    ///
    /// # Errors
    ///
    /// When any step fails, with the decoded revert and the Stylus failure.
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
        receipt
            .ok()?
            .contract_address
            .ok_or_else(|| anyhow!("deployer returned no address"))
    }

    /// [`Devchain::deploy_stylus`] with an explicit sender and CREATE2 salt (zero: CREATE);
    /// returns the receipt (`contract_address` is the program). The transaction's value is
    /// `value` plus the data fee activation will need.
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
        let code = to_code(code_or_wasm)?;
        let fee = self.data_fee(&code).unwrap_or_default();
        let call = IStylusDeployer::deployCall {
            bytecode: stylus_wasm::initcode(&code).into(),
            initData: Bytes::copy_from_slice(constructor_calldata),
            initValue: value,
            salt,
        };
        let receipt = self.send(from, STYLUS_DEPLOYER, &call.abi_encode(), value + fee)?;
        Self::with_deployed_address(receipt)
    }

    /// Activates the Stylus program at `program` through ArbWasm, from [`Self::DEV_ACCOUNT`],
    /// paying the data fee.
    ///
    /// # Errors
    ///
    /// When activation fails (not a program, already active, invalid WASM).
    pub fn activate(&mut self, program: Address) -> anyhow::Result<Receipt> {
        let fee = self.data_fee(&self.code(program)).unwrap_or_default();
        let call = IArbWasm::activateProgramCall { program }.abi_encode();
        self.send(Self::DEV_ACCOUNT, ARB_WASM, &call, fee)?.ok()
    }

    /// The data fee (wei) activating `code` would cost in the next block; `None` when its code
    /// hash is already active or the code is not a valid program.
    pub fn data_fee(&self, code: &[u8]) -> Option<U256> {
        let hash = keccak256(code);
        let params = self.stylus_params();
        let record = ProgramRecord::decode(self.arb_wasm_word(programs::record_slot(hash)));
        if record.check_active(self.timestamp, &params).is_ok() {
            return None;
        }
        let compiled = programs::compiled(&self.shared, hash, code).ok()?;
        let mut pricer = DataPricer::from_words(
            self.arb_wasm_word(U256::from(programs::PRICER_DEMAND_SLOT)),
            self.arb_wasm_word(U256::from(programs::PRICER_UPDATE_SLOT)),
        );
        Some(U256::from(
            pricer.update(compiled.costs.asm_estimate, self.timestamp),
        ))
    }

    /// Installs `code_or_wasm` at `address` as an activated program (nonce 1), outside any
    /// transaction: the state a deployment plus activation leaves, for replaying scenarios
    /// with fixed addresses.
    ///
    /// # Errors
    ///
    /// When the code is not a valid program.
    pub fn install_program(&mut self, address: Address, code_or_wasm: &[u8]) -> anyhow::Result<()> {
        let code = to_code(code_or_wasm)?;
        let hash = keccak256(&code);
        let compiled = programs::compiled(&self.shared, hash, &code).map_err(|e| anyhow!("{e}"))?;
        let mut info = self.account(address);
        let bytecode = Bytecode::new_legacy(Bytes::from(code.clone()));
        info = AccountInfo::new(info.balance, info.nonce.max(1), hash, bytecode);
        self.put_account(address, info);
        let params = self.stylus_params();
        let old = ProgramRecord::decode(self.arb_wasm_word(programs::record_slot(hash)));
        let record =
            ProgramRecord::new(params.version, &compiled.costs, self.timestamp, old.cached);
        let db = self.db_mut();
        db.insert_account_storage(ARB_WASM, programs::record_slot(hash), record.encode())
            .map_err(|e| anyhow!("{e:?}"))?;
        db.insert_account_storage(
            ARB_WASM,
            programs::module_hash_slot(hash),
            U256::from_be_bytes(keccak256(&code).0),
        )
        .map_err(|e| anyhow!("{e:?}"))?;
        Ok(())
    }

    /// What ArbOS knows about the program at `address` (`None` when it has no Stylus code).
    pub fn program_info(&self, address: Address) -> Option<ProgramInfo> {
        let code = self.code(address);
        if !crate::is_stylus(&code) {
            return None;
        }
        let hash = keccak256(&code);
        let params = self.stylus_params();
        let record = ProgramRecord::decode(self.arb_wasm_word(programs::record_slot(hash)));
        Some(ProgramInfo {
            code_hash: hash,
            record,
            init_gas: record.init_gas(&params),
            memory_gas: pricing::memory_gas(&params, record.footprint, 0, 0),
        })
    }

    /// Marks the program with this code hash cached or not, as the CacheManager does through
    /// ArbWasmCache (outside any transaction, without its gas).
    ///
    /// # Errors
    ///
    /// When the code hash was never activated.
    pub fn set_codehash_cached(&mut self, code_hash: B256, cached: bool) -> anyhow::Result<()> {
        let slot = programs::record_slot(code_hash);
        let mut record = ProgramRecord::decode(self.arb_wasm_word(slot));
        if record.version == 0 {
            bail!("code hash {code_hash} is not activated");
        }
        record.cached = cached;
        self.db_mut()
            .insert_account_storage(ARB_WASM, slot, record.encode())
            .map_err(|e| anyhow!("{e:?}"))
    }

    /// Marks the program at `address` cached (CacheManager); see [`Self::set_codehash_cached`].
    ///
    /// # Errors
    ///
    /// When `address` holds no activated program.
    pub fn cache_program(&mut self, address: Address) -> anyhow::Result<()> {
        let info = self
            .program_info(address)
            .ok_or_else(|| anyhow!("{address} holds no Stylus program"))?;
        self.set_codehash_cached(info.code_hash, true)
    }

    /// Evicts the program at `address` from the cache.
    ///
    /// # Errors
    ///
    /// When `address` holds no activated program.
    pub fn evict_program(&mut self, address: Address) -> anyhow::Result<()> {
        let info = self
            .program_info(address)
            .ok_or_else(|| anyhow!("{address} holds no Stylus program"))?;
        self.set_codehash_cached(info.code_hash, false)
    }

    /// Makes `manager` a cache manager (may call ArbWasmCache's `cacheProgram`/`evictCodehash`;
    /// the chain owner always may).
    pub fn add_cache_manager(&mut self, manager: Address) {
        cache::add_manager(self.db_mut(), manager);
    }

    /// Treats every program as cached (or not), for measuring the cached case everywhere.
    pub fn set_all_programs_cached(&mut self, cached: bool) {
        self.shared.config.borrow_mut().all_programs_cached = cached;
    }

    /// Runs a transaction twice from the same state, uncached then with every program cached,
    /// and keeps the uncached run (see [`Measured`]).
    ///
    /// # Errors
    ///
    /// As [`Devchain::send`].
    pub fn send_measured(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
    ) -> anyhow::Result<Measured> {
        let saved = (self.db.clone(), self.block_number, self.logs().len());
        let was = self.config().all_programs_cached;
        self.set_all_programs_cached(true);
        let cached = self.send(from, to, calldata, value);
        self.set_all_programs_cached(was);
        let (db, block, logs) = saved;
        self.db = db;
        self.block_number = block;
        self.truncate_logs(logs);
        let cached = cached?;
        let uncached = self.send(from, to, calldata, value)?;
        Ok(Measured { uncached, cached })
    }
}
