//! The backend trait the scenarios are written against, and its receipt type.

use alloy_primitives::{hex, Address, Log, U256};

/// The outcome of a transaction or of a read-only call, whichever backend ran it.
#[derive(Clone, Debug, Default)]
pub struct TxReceipt {
    /// Whether the call succeeded.
    pub success: bool,
    /// Return data on success, revert data on failure (a node's receipt carries no return data:
    /// the RPC backend re-runs a transaction with `eth_call` at its block to get it).
    pub output: Vec<u8>,
    /// Logs emitted (empty on failure).
    pub logs: Vec<Log>,
    /// Gas used, including the intrinsic 21,000 and calldata.
    pub gas_used: u64,
    /// What the sender paid for gas (`gas_used * effective gas price`); 0 on the devchain.
    pub fee: U256,
    /// Why it failed, when the backend knows (decoded revert reason, halt, Stylus trap).
    pub error: Option<String>,
}

impl TxReceipt {
    /// A one-line description for messages.
    pub fn describe(&self) -> String {
        match (&self.error, self.success) {
            (_, true) => format!("success, gas used {}", self.gas_used),
            (Some(e), false) => format!("failed (gas used {}): {e}", self.gas_used),
            (None, false) => format!(
                "failed (gas used {}): revert data {}",
                self.gas_used,
                hex::encode_prefixed(&self.output)
            ),
        }
    }

    /// The receipt if it succeeded, else an error describing it.
    ///
    /// # Errors
    ///
    /// When the transaction failed.
    pub fn ok(self) -> anyhow::Result<Self> {
        if self.success {
            Ok(self)
        } else {
            anyhow::bail!("{}", self.describe())
        }
    }
}

/// A chain the scenarios run on: the in-process devchain or a Nitro node over JSON-RPC.
pub trait Backend {
    /// A short name for messages ("devchain", "rpc http://…").
    fn name(&self) -> String;

    /// The account that deploys and administers the contracts (funded).
    fn deployer(&self) -> Address;

    /// A new account the backend can send from, funded with `wei` (from the deployer on a node).
    ///
    /// # Errors
    ///
    /// When funding fails.
    fn new_account(&mut self, label: &str, wei: U256) -> anyhow::Result<Address>;

    /// Deploys the Stylus artifact `name` (`target/stylus/<name>.*` from `cargo xtask wasm`) from the
    /// deployer through the StylusDeployer, calling its `#[constructor]` with the ABI-encoded
    /// `constructor_args` (no constructor call when they are empty).
    ///
    /// # Errors
    ///
    /// A missing artifact (naming the command that builds it), a failed deployment.
    fn deploy_stylus(&mut self, name: &str, constructor_args: &[u8]) -> anyhow::Result<Address>;

    /// Deploys EVM creation bytecode from the deployer.
    ///
    /// # Errors
    ///
    /// When the creation fails.
    fn deploy_evm(&mut self, initcode: &[u8]) -> anyhow::Result<Address>;

    /// Sends a transaction and waits for its receipt. A revert is a receipt with `success == false`.
    ///
    /// # Errors
    ///
    /// Only when the transaction could not be sent or mined (unknown sender, transport error).
    fn send(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
    ) -> anyhow::Result<TxReceipt>;

    /// A read-only call on the latest state.
    ///
    /// # Errors
    ///
    /// Transport errors only; a revert is a receipt with `success == false`.
    fn call(&mut self, from: Address, to: Address, calldata: &[u8]) -> anyhow::Result<TxReceipt>;

    /// The balance of an account.
    ///
    /// # Errors
    ///
    /// Transport errors.
    fn balance(&mut self, account: Address) -> anyhow::Result<U256>;

    /// Moves the chain's clock forward. Returns `false` when the backend cannot (a real node):
    /// scenarios then skip what needs the time to pass, and say so.
    ///
    /// # Errors
    ///
    /// Transport errors.
    fn advance_time(&mut self, seconds: u64) -> anyhow::Result<bool>;

    /// The timestamp of the latest block (what the next transaction sees at least).
    ///
    /// # Errors
    ///
    /// Transport errors.
    fn timestamp(&mut self) -> anyhow::Result<u64>;
}
