//! The IMO system on a [`Backend`]: deployment, wiring and typed calls through the bindings.

use crate::backend::{Backend, TxReceipt};
use crate::bindings::{aigc, erc7007, imo_oracle, revshare};
use alloy_primitives::{aliases::U96, Address, B256, U256};
use alloy_sol_types::{SolCall, SolInterface, SolValue};

/// Decodes revert data with the errors of every interface (oracle, verifier, token, NFT, minter),
/// `Error(string)` and `Panic(uint256)`.
pub fn decode_revert(data: &[u8]) -> Option<String> {
    if data.len() < 4 {
        return None;
    }
    if let Ok(e) = imo_oracle::IImoAIOracle::IImoAIOracleErrors::abi_decode(data, true) {
        return Some(format!("oracle: {e:?}"));
    }
    if let Ok(e) =
        imo_oracle::IImoAIOracleVerifier::IImoAIOracleVerifierErrors::abi_decode(data, true)
    {
        return Some(format!("verifier: {e:?}"));
    }
    if let Ok(e) = revshare::IRevShareToken::IRevShareTokenErrors::abi_decode(data, true) {
        return Some(format!("token: {e:?}"));
    }
    if let Ok(e) = aigc::IAigcMinter::IAigcMinterErrors::abi_decode(data, true) {
        return Some(format!("minter: {e:?}"));
    }
    if let Ok(e) = aigc::IAigcNft::IAigcNftErrors::abi_decode(data, true) {
        return Some(format!("nft: {e:?}"));
    }
    alloy_sol_types::GenericContractError::abi_decode(data, true)
        .ok()
        .map(|e| format!("{e:?}"))
}

/// Parameters of a deployment. [`Config::default`] is what `imo demo` and the tests use.
#[derive(Clone, Debug)]
pub struct Config {
    /// The model's id in the oracle.
    pub model_id: u64,
    /// Fee per inference paid to the model (wei).
    pub model_fee: U256,
    /// Percentage of the model fee that accrues to the model's receiver (its token).
    pub receiver_percentage: u64,
    /// Challenge window (seconds).
    pub challenge_window: u64,
    /// Minimum gas price for callback gas (wei).
    pub min_gas_price: U256,
    /// Challenger bond (wei).
    pub challenge_bond: U256,
    /// Minimum node stake (wei).
    pub min_node_stake: U256,
    /// Token name and symbol.
    pub token_name: String,
    /// Token symbol.
    pub token_symbol: String,
    /// Total supply (token units, 18 decimals included).
    pub supply: U256,
    /// Share of each snapshot's revenue claimable pro rata (basis points); the rest goes to the redeem pool.
    pub claimable_bps: u16,
    /// Minimum seconds between snapshots.
    pub snapshot_interval: u64,
    /// Snapshots a claim stays open.
    pub claim_window: u32,
    /// NFT collection name and symbol.
    pub nft_name: String,
    /// NFT symbol.
    pub nft_symbol: String,
    /// Mint price paid to the token (wei), on top of the oracle fee.
    pub mint_price: U256,
    /// Gas the oracle gives the minter's callback.
    pub callback_gas: u64,
    /// Royalty (basis points) paid to the token.
    pub royalty_bps: u64,
}

/// 10^18.
pub const ETHER: u128 = 1_000_000_000_000_000_000;
/// 10^9.
pub const GWEI: u128 = 1_000_000_000;

impl Default for Config {
    fn default() -> Self {
        Self {
            model_id: 1,
            model_fee: U256::from(ETHER / 1_000),
            receiver_percentage: 50,
            challenge_window: 3_600,
            min_gas_price: U256::from(GWEI),
            challenge_bond: U256::from(ETHER / 100),
            min_node_stake: U256::from(ETHER / 10),
            token_name: "IMO Model".into(),
            token_symbol: "MODEL".into(),
            supply: U256::from(1_000u128 * ETHER),
            claimable_bps: 8_000,
            snapshot_interval: 0,
            claim_window: 2,
            nft_name: "IMO Model Art".into(),
            nft_symbol: "ART".into(),
            mint_price: U256::from(ETHER / 100),
            callback_gas: 1_000_000,
            royalty_bps: 500,
        }
    }
}

/// The deployed contracts' addresses.
#[derive(Clone, Copy, Debug, Default)]
pub struct Contracts {
    /// The AI Oracle.
    pub oracle: Address,
    /// Its verifier (nodes, stakes, challenges).
    pub verifier: Address,
    /// The model's RevShare token.
    pub token: Address,
    /// The AIGC NFT's renderer.
    pub renderer: Address,
    /// The AIGC minter (the oracle consumer).
    pub minter: Address,
    /// The AIGC NFT.
    pub nft: Address,
}

impl Contracts {
    /// `{"oracle": "0x…", …}`.
    pub fn to_json(&self) -> String {
        format!(
            "{{\n  \"oracle\": \"{}\",\n  \"verifier\": \"{}\",\n  \"token\": \"{}\",\n  \"renderer\": \"{}\",\n  \"minter\": \"{}\",\n  \"nft\": \"{}\"\n}}",
            self.oracle, self.verifier, self.token, self.renderer, self.minter, self.nft
        )
    }

    /// Every contract with its name.
    pub fn all(&self) -> [(&'static str, Address); 6] {
        [
            ("oracle", self.oracle),
            ("verifier", self.verifier),
            ("token", self.token),
            ("renderer", self.renderer),
            ("minter", self.minter),
            ("nft", self.nft),
        ]
    }
}

/// One narrated step: what ran and the gas it used.
#[derive(Clone, Debug)]
pub struct Step {
    /// What happened.
    pub label: String,
    /// Gas used (0 for deployments through `deploy_stylus`, whose receipt the devchain hides).
    pub gas: u64,
}

/// The IMO system on a backend.
pub struct Imo<B: Backend> {
    /// The chain.
    pub backend: B,
    /// The deployment's parameters.
    pub cfg: Config,
    /// The contracts.
    pub c: Contracts,
    /// The deployer, owner of every contract and arbiter of challenges.
    pub owner: Address,
    /// Steps run so far (with gas), for the summary.
    pub steps: Vec<Step>,
    /// Print every step and note as it happens.
    pub echo: bool,
}

impl<B: Backend> Imo<B> {
    /// Deploys the six contracts and wires them: the oracle's verifier, the model with the token
    /// as its receiver, the token's revenue source (the oracle), the NFT bound to the oracle and
    /// the model through the minter.
    ///
    /// # Errors
    ///
    /// A missing artifact or a failed transaction.
    pub fn deploy(backend: B, cfg: Config, echo: bool) -> anyhow::Result<Self> {
        let owner = backend.deployer();
        let mut imo = Self {
            backend,
            cfg,
            c: Contracts::default(),
            owner,
            steps: Vec::new(),
            echo,
        };
        let cfg = imo.cfg.clone();
        let oracle = imo.deploy_one(
            "imo-ai-oracle",
            (
                owner,
                Address::ZERO,
                cfg.challenge_window,
                cfg.min_gas_price,
            )
                .abi_encode_params(),
        )?;
        let verifier = imo.deploy_one(
            "imo-ai-oracle-verifier",
            (owner, oracle, owner, cfg.challenge_bond, cfg.min_node_stake).abi_encode_params(),
        )?;
        let token = imo.deploy_one(
            "imo-revshare-token",
            (
                cfg.token_name.clone(),
                cfg.token_symbol.clone(),
                cfg.supply,
                owner,
                cfg.claimable_bps,
                cfg.snapshot_interval,
                cfg.claim_window,
                owner,
            )
                .abi_encode_params(),
        )?;
        let renderer = imo.deploy_one("imo-aigc-renderer", Vec::new())?;
        let minter = imo.deploy_one(
            "imo-aigc-minter",
            (
                oracle,
                U256::from(cfg.model_id),
                token,
                cfg.mint_price,
                cfg.callback_gas,
                owner,
            )
                .abi_encode_params(),
        )?;
        let nft = imo.deploy_one(
            "imo-aigc-nft",
            (
                cfg.nft_name.clone(),
                cfg.nft_symbol.clone(),
                oracle,
                renderer,
                minter,
                token,
                U96::from(cfg.royalty_bps),
            )
                .abi_encode_params(),
        )?;
        imo.c = Contracts {
            oracle,
            verifier,
            token,
            renderer,
            minter,
            nft,
        };
        imo.exec(
            "oracle.setParameters (verifier)",
            owner,
            oracle,
            imo_oracle::IImoAIOracle::setParametersCall {
                challengeWindow: cfg.challenge_window,
                minGasPrice: cfg.min_gas_price,
                verifier,
            },
            U256::ZERO,
        )?;
        imo.exec(
            "oracle.addModel (receiver = token)",
            owner,
            oracle,
            imo_oracle::IImoAIOracle::addModelCall {
                modelId: U256::from(cfg.model_id),
                modelHash: alloy_primitives::keccak256(cfg.token_name.as_bytes()),
                programHash: B256::repeat_byte(0x01),
                fee: cfg.model_fee,
                receiver: token,
                receiverPercentage: U256::from(cfg.receiver_percentage),
                token,
                unverifiable: false,
            },
            U256::ZERO,
        )?;
        imo.exec(
            "token.addRevenueSource (oracle, model)",
            owner,
            token,
            revshare::IRevShareToken::addRevenueSourceCall {
                oracle,
                modelId: U256::from(cfg.model_id),
            },
            U256::ZERO,
        )?;
        imo.exec(
            "minter.setCollection (nft)",
            owner,
            minter,
            aigc::IAigcMinter::setCollectionCall { nft },
            U256::ZERO,
        )?;
        // The token's first snapshot comes one interval (at least a second) after its
        // deployment. (A node cannot move time; its blocks' timestamps pass on their own.)
        let first_snapshot = imo.cfg.snapshot_interval.max(1);
        imo.backend.advance_time(first_snapshot)?;
        Ok(imo)
    }

    fn deploy_one(&mut self, name: &str, args: Vec<u8>) -> anyhow::Result<Address> {
        let address = self.backend.deploy_stylus(name, &args)?;
        self.note(&format!("deployed {name} at {address}"));
        Ok(address)
    }

    /// Prints a heading when echoing.
    pub fn section(&self, title: &str) {
        if self.echo {
            println!("\n== {title}");
        }
    }

    /// Prints `text` when echoing.
    pub fn note(&self, text: &str) {
        if self.echo {
            println!("  {text}");
        }
    }

    /// Whitelists `node` in the verifier and stakes the minimum from it.
    ///
    /// # Errors
    ///
    /// A failed transaction.
    pub fn add_node(&mut self, node: Address) -> anyhow::Result<()> {
        let (owner, verifier, stake) = (self.owner, self.c.verifier, self.cfg.min_node_stake);
        self.exec(
            "verifier.addNode",
            owner,
            verifier,
            imo_oracle::IImoAIOracleVerifier::addNodeCall { node },
            U256::ZERO,
        )?;
        self.exec(
            "verifier.stake (node)",
            node,
            verifier,
            imo_oracle::IImoAIOracleVerifier::stakeCall {},
            stake,
        )?;
        Ok(())
    }

    /// Sends `call` and returns the receipt, successful or not.
    ///
    /// # Errors
    ///
    /// Transport errors only.
    pub fn send<C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        call: C,
        value: U256,
    ) -> anyhow::Result<TxReceipt> {
        self.backend.send(from, to, &call.abi_encode(), value)
    }

    /// Sends `call`, requires success, records the step with its gas.
    ///
    /// # Errors
    ///
    /// When the transaction fails (with the decoded reason).
    pub fn exec<C: SolCall>(
        &mut self,
        label: &str,
        from: Address,
        to: Address,
        call: C,
        value: U256,
    ) -> anyhow::Result<TxReceipt> {
        let r = self.send(from, to, call, value)?;
        if !r.success {
            let reason = decode_revert(&r.output).unwrap_or_else(|| r.describe());
            anyhow::bail!("{label}: {reason} ({})", r.describe());
        }
        if self.echo {
            println!("  {label:<52} gas {:>9}", r.gas_used);
        }
        self.steps.push(Step {
            label: label.to_string(),
            gas: r.gas_used,
        });
        Ok(r)
    }

    /// A read-only call, decoded.
    ///
    /// # Errors
    ///
    /// When the call reverts or does not decode.
    pub fn view<C: SolCall>(&mut self, to: Address, call: C) -> anyhow::Result<C::Return> {
        let r = self.backend.call(self.owner, to, &call.abi_encode())?;
        if !r.success {
            anyhow::bail!(
                "view {} on {to}: {}",
                C::SIGNATURE,
                decode_revert(&r.output).unwrap_or_else(|| r.describe())
            );
        }
        C::abi_decode_returns(&r.output, true)
            .map_err(|e| anyhow::anyhow!("decoding {}: {e}", C::SIGNATURE))
    }

    /// A balance.
    ///
    /// # Errors
    ///
    /// Transport errors.
    pub fn balance(&mut self, account: Address) -> anyhow::Result<U256> {
        self.backend.balance(account)
    }

    /// `estimateFee(model, gasLimit)`.
    ///
    /// # Errors
    ///
    /// When the view fails.
    pub fn fee(&mut self, gas_limit: u64) -> anyhow::Result<U256> {
        let (oracle, model) = (self.c.oracle, U256::from(self.cfg.model_id));
        Ok(self
            .view(
                oracle,
                crate::bindings::ai_oracle::IAIOracle::estimateFeeCall {
                    modelId: model,
                    gasLimit: U256::from(gas_limit),
                },
            )?
            ._0)
    }

    /// Requests an inference from `from`, paying exactly the estimated fee. Returns the request id,
    /// the fee paid and the receipt.
    ///
    /// # Errors
    ///
    /// A failed request.
    pub fn request(
        &mut self,
        from: Address,
        input: &[u8],
        callback: Address,
        gas_limit: u64,
    ) -> anyhow::Result<(U256, U256, TxReceipt)> {
        let fee = self.fee(gas_limit)?;
        let (oracle, model) = (self.c.oracle, U256::from(self.cfg.model_id));
        let r = self.exec(
            "oracle.requestCallback",
            from,
            oracle,
            crate::bindings::ai_oracle::IAIOracle::requestCallbackCall {
                modelId: model,
                input: input.to_vec().into(),
                callbackContract: callback,
                gasLimit: gas_limit,
                callbackData: Vec::new().into(),
            },
            fee,
        )?;
        let id = request_id(&r, oracle)?;
        Ok((id, fee, r))
    }

    /// The node delivers `output` for `request_id`.
    ///
    /// # Errors
    ///
    /// A failed delivery.
    pub fn deliver(
        &mut self,
        node: Address,
        request_id: U256,
        output: &[u8],
    ) -> anyhow::Result<TxReceipt> {
        let oracle = self.c.oracle;
        self.exec(
            "oracle.invokeCallback (node delivers)",
            node,
            oracle,
            crate::bindings::ai_oracle::IAIOracle::invokeCallbackCall {
                requestId: request_id,
                output: output.to_vec().into(),
            },
            U256::ZERO,
        )
    }

    /// `isFinalized(requestId)`.
    ///
    /// # Errors
    ///
    /// When the view fails.
    pub fn finalized(&mut self, request_id: U256) -> anyhow::Result<bool> {
        let oracle = self.c.oracle;
        Ok(self
            .view(
                oracle,
                crate::bindings::ai_oracle::IAIOracle::isFinalizedCall {
                    requestId: request_id,
                },
            )?
            ._0)
    }

    /// Deploys an EVM contract with the given runtime code.
    ///
    /// # Errors
    ///
    /// A failed creation.
    pub fn deploy_evm(&mut self, runtime: &[u8]) -> anyhow::Result<Address> {
        self.backend.deploy_evm(&crate::evm::initcode(runtime))
    }

    /// The `CallbackFailed` reason for `request_id` in the receipt, if the callback failed.
    pub fn callback_failed(&self, r: &TxReceipt, request_id: U256) -> Option<Vec<u8>> {
        use alloy_sol_types::SolEvent;
        r.logs
            .iter()
            .filter(|l| l.address == self.c.oracle)
            .filter_map(|l| {
                imo_oracle::IImoAIOracle::CallbackFailed::decode_log_data(&l.data, true).ok()
            })
            .find(|e| e.requestId == request_id)
            .map(|e| e.reason.to_vec())
    }

    /// `verify(prompt, aigcData, "")` on the NFT.
    ///
    /// # Errors
    ///
    /// When the view fails.
    pub fn nft_verifies(&mut self, prompt: &[u8], data: &[u8]) -> anyhow::Result<bool> {
        let nft = self.c.nft;
        Ok(self
            .view(
                nft,
                erc7007::IERC7007::verifyCall {
                    prompt: prompt.to_vec().into(),
                    aigcData: data.to_vec().into(),
                    proof: Vec::new().into(),
                },
            )?
            .success)
    }
}

/// The request id in a `requestCallback` receipt: its `AICallbackRequest` event (a node's receipt
/// has no return data, the event is the same on every backend).
///
/// # Errors
///
/// When the receipt has no such event.
pub fn request_id(r: &TxReceipt, oracle: Address) -> anyhow::Result<U256> {
    use alloy_sol_types::SolEvent;
    r.logs
        .iter()
        .filter(|l| l.address == oracle)
        .find_map(|l| {
            crate::bindings::ai_oracle::IAIOracle::AICallbackRequest_0::decode_log_data(
                &l.data, true,
            )
            .ok()
        })
        .map(|e| e.requestId)
        .ok_or_else(|| anyhow::anyhow!("no AICallbackRequest event in the receipt"))
}
