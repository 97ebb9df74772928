//! The IMO system on a [`Backend`]: deployment of the contracts, their wiring, and sending,
//! recording and reading calls through the bindings (the typed calls are in `calls.rs`).

use crate::backend::{Backend, TxReceipt};
use crate::bindings::{aigc, imo_oracle, revshare};
use crate::config::{Config, Contracts};
use crate::node::Network;
use crate::revert::decode_revert;
use alloy_primitives::{aliases::U96, Address, U256};
use alloy_sol_types::{SolCall, SolValue};

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
    /// Deploys the contracts and wires them: the oracle and its verifier (with their
    /// administration extensions) and the dispute game, the model (the committed
    /// generator's `modelHash` and `programHash`, fees in ETH) with the token as its receiver, the token's revenue source (the oracle), the NFT bound to the oracle and
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
        // The oracle's administration extension first: the oracle fixes its address at construction.
        let oracle_admin = imo.deploy_one("imo-ai-oracle-admin", Vec::new())?;
        let oracle = imo.deploy_one(
            "imo-ai-oracle",
            (
                owner,
                Address::ZERO,
                cfg.challenge_window,
                cfg.min_gas_price,
                oracle_admin,
            )
                .abi_encode_params(),
        )?;
        // The verifier's extension and the dispute game first: the verifier fixes both addresses.
        let verifier_admin = imo.deploy_one("imo-ai-oracle-verifier-admin", Vec::new())?;
        let dispute_game =
            imo.deploy_one("imo-dispute-game", (cfg.move_time,).abi_encode_params())?;
        let verifier = imo.deploy_one(
            "imo-ai-oracle-verifier",
            (
                owner,
                oracle,
                owner,
                cfg.challenge_bond,
                cfg.min_node_stake,
                dispute_game,
                verifier_admin,
            )
                .abi_encode_params(),
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
            oracle_admin,
            verifier,
            verifier_admin,
            dispute_game,
            token,
            renderer,
            minter,
            nft,
            launchpad: Address::ZERO,
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
        // The AIGC NFT's model is the committed generator: its registration carries the hashes
        // computed from the weights. ORA's `token` is the ERC-20 the fee is paid in, 0 = ETH (the
        // only currency of this oracle); the fee share goes to the RevShare token as `receiver`.
        let generator = Network::generator();
        imo.exec(
            "oracle.addModel (generator, receiver = token)",
            owner,
            oracle,
            imo_oracle::IImoAIOracle::addModelCall {
                modelId: U256::from(cfg.model_id),
                modelHash: generator.model_hash(),
                programHash: generator.program_hash(),
                fee: cfg.model_fee,
                receiver: token,
                receiverPercentage: U256::from(cfg.receiver_percentage),
                // ORA's `token`: the ERC-20 the fee is paid in, zero for ETH (the only option here).
                token: Address::ZERO,
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

    /// Deploys (and activates) the artifact `name` with its constructor's `args`.
    pub(crate) fn deploy_one(&mut self, name: &str, args: Vec<u8>) -> anyhow::Result<Address> {
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
        self.record(label, r)
    }

    /// Requires `r` to be a success and records it as the step `label` with its gas.
    ///
    /// # Errors
    ///
    /// When the transaction failed (with the decoded reason).
    pub fn record(&mut self, label: &str, r: TxReceipt) -> anyhow::Result<TxReceipt> {
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
}
