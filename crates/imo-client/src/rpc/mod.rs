//! [`Backend`] over a node's JSON-RPC (a Nitro devnode, Arbitrum Sepolia): alloy's provider on its
//! reqwest transport (`http://` and `https://`), transactions signed as EIP-1559 by alloy's
//! Ethereum wallet, Stylus contracts deployed through the StylusDeployer.
//!
//! The [`Backend`] trait is synchronous (the devchain runs on the caller's thread, and the scenarios
//! and the CLI are plain sequential code), so the backend owns a current-thread tokio runtime and
//! blocks on each of alloy's futures.

mod deployer;
mod transact;

pub use transact::Signed;

pub use deployer::{IStylusDeployer, STYLUS_DEPLOYER};

use crate::artifacts::artifact_dir;
use crate::backend::{Backend, TxReceipt};
use alloy_network::EthereumWallet;
use alloy_primitives::{keccak256, Address, Bytes, TxKind, U256};
use alloy_provider::{Provider, RootProvider};
use alloy_rpc_client::RpcClient;
use alloy_rpc_types_eth::{
    BlockId, BlockNumberOrTag, BlockTransactionsKind, Filter, Log, TransactionInput,
    TransactionRequest,
};
use alloy_signer_local::PrivateKeySigner;
use alloy_transport::TransportError;
use alloy_transport_http::{reqwest, Http};
use anyhow::{anyhow, bail, Context};
use std::future::Future;
use std::future::IntoFuture;
use std::path::PathBuf;
use std::time::Duration;

/// A Nitro node over JSON-RPC, sending signed EIP-1559 transactions.
pub struct RpcBackend {
    runtime: tokio::runtime::Runtime,
    provider: RootProvider,
    /// The keys of the deployer and of every account [`Backend::new_account`] made.
    wallet: EthereumWallet,
    /// The deployer's key, the root the other accounts' keys are derived from.
    root: PrivateKeySigner,
    url: String,
    /// Chain id, from `eth_chainId`.
    pub chain_id: u64,
    /// Wei sent with each StylusDeployer deployment to pay the activation data fee (the
    /// deployer refunds the excess to the sender).
    pub activation_value: U256,
    /// How long to wait for a receipt.
    pub receipt_timeout: Duration,
    /// Poll interval for receipts.
    pub poll: Duration,
    /// Where the `target/stylus` artifacts are (default: [`artifact_dir`]).
    pub artifacts: PathBuf,
    /// Print progress while transactions confirm.
    pub progress: bool,
    accounts: u64,
}

/// How long one JSON-RPC request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

impl RpcBackend {
    /// Connects (`eth_chainId`) with the deployer's hex private key (with or without `0x`).
    ///
    /// # Errors
    ///
    /// Unreachable endpoint, invalid key.
    pub fn connect(url: &str, private_key: &str) -> anyhow::Result<Self> {
        let signer: PrivateKeySigner = private_key
            .trim()
            .parse()
            .map_err(|e| anyhow!("invalid private key: {e}"))?;
        Self::with_signer(url, signer)
    }

    /// Connects with an already parsed signer (from a keystore, say).
    ///
    /// # Errors
    ///
    /// A URL that is not `http://` or `https://`, an unreachable endpoint.
    pub fn with_signer(url: &str, signer: PrivateKeySigner) -> anyhow::Result<Self> {
        let parsed = reqwest::Url::parse(url).map_err(|e| anyhow!("{url}: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            bail!("{url}: expected an http:// or https:// URL");
        }
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .context("HTTP client")?;
        let transport = Http::with_client(client, parsed);
        let is_local = transport.guess_local();
        let provider = RootProvider::new(RpcClient::new(transport, is_local));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("starting the tokio runtime")?;
        let chain_id = runtime
            .block_on(provider.get_chain_id().into_future())
            .with_context(|| {
                format!("cannot reach the RPC endpoint {url} (is the node running?)")
            })?;
        Ok(Self {
            runtime,
            provider,
            wallet: EthereumWallet::new(signer.clone()),
            root: signer,
            url: url.to_string(),
            chain_id,
            activation_value: U256::from(10_000_000_000_000_000u64),
            receipt_timeout: Duration::from_secs(120),
            poll: Duration::from_millis(200),
            artifacts: artifact_dir(),
            progress: false,
            accounts: 0,
        })
    }

    /// From `IMO_RPC_URL` and `IMO_PRIVATE_KEY`; `None` when either is unset.
    ///
    /// # Errors
    ///
    /// When they are set but the node cannot be reached or the key is invalid.
    pub fn from_env() -> anyhow::Result<Option<Self>> {
        match (
            std::env::var("IMO_RPC_URL"),
            std::env::var("IMO_PRIVATE_KEY"),
        ) {
            (Ok(url), Ok(key)) => Self::connect(&url, &key).map(Some),
            _ => Ok(None),
        }
    }

    /// alloy's provider, for calls the trait does not cover (run them with [`Self::block_on`]).
    pub fn provider(&self) -> &RootProvider {
        &self.provider
    }

    /// Runs a future (one of the provider's calls) to completion on the backend's runtime.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The latest block number (`eth_blockNumber`).
    ///
    /// # Errors
    ///
    /// Transport errors.
    pub fn block_number(&self) -> anyhow::Result<u64> {
        self.rpc(
            "eth_blockNumber",
            self.provider.get_block_number().into_future(),
        )
    }

    /// The logs matching `filter` (`eth_getLogs`).
    ///
    /// # Errors
    ///
    /// Transport errors.
    pub fn logs(&self, filter: &Filter) -> anyhow::Result<Vec<Log>> {
        self.rpc("eth_getLogs", self.provider.get_logs(filter))
    }

    /// Blocks on a provider call, naming the method in its error.
    fn rpc<T>(
        &self,
        method: &str,
        call: impl Future<Output = Result<T, TransportError>>,
    ) -> anyhow::Result<T> {
        self.block_on(call)
            .with_context(|| format!("{method} on {}", self.url))
    }

    /// The request for `data` from `from` to `to` (`None`: a creation), with the calldata as both
    /// `input` and `data` (nodes read either).
    fn request(from: Address, to: Option<Address>, data: &[u8], value: U256) -> TransactionRequest {
        TransactionRequest {
            from: Some(from),
            to: to.map(TxKind::Call),
            value: Some(value),
            input: TransactionInput::both(Bytes::copy_from_slice(data)),
            ..TransactionRequest::default()
        }
    }
}

impl Backend for RpcBackend {
    fn name(&self) -> String {
        format!("rpc {} (chain {})", self.url, self.chain_id)
    }

    fn deployer(&self) -> Address {
        self.root.address()
    }

    fn new_account(&mut self, label: &str, wei: U256) -> anyhow::Result<Address> {
        self.accounts += 1;
        // A key derived from the deployer's key, the label and a counter: reproducible, and
        // funded from the deployer.
        let mut seed = self.root.to_bytes().to_vec();
        seed.extend_from_slice(label.as_bytes());
        seed.extend_from_slice(&self.accounts.to_be_bytes());
        let signer = PrivateKeySigner::from_bytes(&keccak256(&seed))
            .map_err(|e| anyhow!("derived key: {e}"))?;
        let account = signer.address();
        self.wallet.register_signer(signer);
        if !wei.is_zero() {
            let deployer = self.deployer();
            self.transact(deployer, Some(account), &[], wei)?
                .ok()
                .with_context(|| format!("funding {label} ({account})"))?;
        }
        Ok(account)
    }

    fn deploy_stylus(&mut self, name: &str, constructor_args: &[u8]) -> anyhow::Result<Address> {
        deployer::deploy(self, name, constructor_args)
    }

    fn deploy_evm(&mut self, initcode: &[u8]) -> anyhow::Result<Address> {
        let deployer = self.deployer();
        let r = self.transact(deployer, None, initcode, U256::ZERO)?.ok()?;
        Address::try_from(r.output.as_slice()).map_err(|_| anyhow!("no contractAddress"))
    }

    fn send(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
    ) -> anyhow::Result<TxReceipt> {
        let mut r = self.transact(from, Some(to), calldata, value)?;
        if r.success {
            r.output.clear();
        }
        Ok(r)
    }

    fn call(&mut self, from: Address, to: Address, calldata: &[u8]) -> anyhow::Result<TxReceipt> {
        let tx = Self::request(from, Some(to), calldata, U256::ZERO);
        let call = self.provider.call(&tx).block(BlockId::latest());
        match self.block_on(call.into_future()) {
            Ok(output) => Ok(TxReceipt {
                success: true,
                output: output.to_vec(),
                ..TxReceipt::default()
            }),
            Err(e) => match e.as_error_resp() {
                Some(payload) => Ok(TxReceipt {
                    success: false,
                    output: transact::revert_data(payload),
                    error: Some(payload.to_string()),
                    ..TxReceipt::default()
                }),
                None => Err(e).with_context(|| format!("eth_call on {}", self.url)),
            },
        }
    }

    fn balance(&mut self, account: Address) -> anyhow::Result<U256> {
        let call = self.provider.get_balance(account).latest();
        self.rpc("eth_getBalance", call.into_future())
    }

    fn advance_time(&mut self, _seconds: u64) -> anyhow::Result<bool> {
        Ok(false)
    }

    fn timestamp(&mut self) -> anyhow::Result<u64> {
        let call = self
            .provider
            .get_block_by_number(BlockNumberOrTag::Latest, BlockTransactionsKind::Hashes);
        let block = self.rpc("eth_getBlockByNumber", call)?;
        Ok(block
            .ok_or_else(|| anyhow!("the node has no latest block"))?
            .header
            .timestamp)
    }
}
