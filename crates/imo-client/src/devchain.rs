//! [`Backend`] over the in-process [`stylus_devchain::Devchain`].

use crate::artifacts::BUILD_COMMAND;
use crate::backend::{Backend, TxReceipt};
use alloy_primitives::{Address, U256};
use stylus_devchain::{constructor_calldata, load_artifact, Devchain, Receipt};

/// The in-process devchain (the default backend): runs the exact WASM of `cargo xtask wasm`.
pub struct DevchainBackend {
    /// The chain itself, for what the trait does not cover (storage, time, revert decoding).
    pub chain: Devchain,
    next_account: u64,
}

impl DevchainBackend {
    /// A fresh devchain.
    ///
    /// # Errors
    ///
    /// When the devchain cannot start.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            chain: Devchain::new()?,
            next_account: 0,
        })
    }
}

fn convert(r: Receipt) -> TxReceipt {
    TxReceipt {
        success: r.success,
        output: r.output.to_vec(),
        logs: r.logs,
        gas_used: r.gas_used,
        fee: U256::ZERO,
        error: r.error.map(|e| e.to_string()),
    }
}

impl Backend for DevchainBackend {
    fn name(&self) -> String {
        "devchain".into()
    }

    fn deployer(&self) -> Address {
        Devchain::DEV_ACCOUNT
    }

    fn new_account(&mut self, _label: &str, wei: U256) -> anyhow::Result<Address> {
        self.next_account += 1;
        let mut bytes = [0u8; 20];
        bytes[0] = 0xa0;
        bytes[12..].copy_from_slice(&self.next_account.to_be_bytes());
        let account = Address::from(bytes);
        self.chain.fund(account, wei);
        Ok(account)
    }

    fn deploy_stylus(&mut self, name: &str, constructor_args: &[u8]) -> anyhow::Result<Address> {
        let code = load_artifact(name, BUILD_COMMAND)?;
        let init = if constructor_args.is_empty() {
            Vec::new()
        } else {
            constructor_calldata(constructor_args)
        };
        self.chain
            .deploy_stylus(&code, &init, U256::ZERO)
            .map_err(|e| anyhow::anyhow!("deploying {name}: {e:#}"))
    }

    fn deploy_evm(&mut self, initcode: &[u8]) -> anyhow::Result<Address> {
        self.chain.deploy_evm(initcode, U256::ZERO)
    }

    fn send(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
    ) -> anyhow::Result<TxReceipt> {
        self.chain.send(from, to, calldata, value).map(convert)
    }

    fn call(&mut self, from: Address, to: Address, calldata: &[u8]) -> anyhow::Result<TxReceipt> {
        self.chain.call(from, to, calldata).map(convert)
    }

    fn balance(&mut self, account: Address) -> anyhow::Result<U256> {
        Ok(self.chain.balance(account))
    }

    fn advance_time(&mut self, seconds: u64) -> anyhow::Result<bool> {
        self.chain.advance_time(seconds);
        Ok(true)
    }
}
