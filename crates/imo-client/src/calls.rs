//! Typed calls of the IMO system through the bindings: nodes, inference requests and deliveries,
//! finality, the NFT's `verify`.

use crate::backend::{Backend, TxReceipt};
use crate::bindings::{ai_oracle::IAIOracle, erc7007, imo_oracle};
use crate::imo::Imo;
use crate::node::{self, Answer, Model, Seen};
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolEvent;

impl<B: Backend> Imo<B> {
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

    /// Registers the deployment's model again as `unverifiable` (same hashes, fee and receiver):
    /// its disputes from now on are resolved by the arbiter instead of dispute games.
    ///
    /// # Errors
    ///
    /// A failed transaction.
    pub fn make_unverifiable(&mut self) -> anyhow::Result<()> {
        let (owner, oracle) = (self.owner, self.c.oracle);
        let generator = crate::node::Network::generator();
        let call = imo_oracle::IImoAIOracle::updateModelCall {
            modelId: U256::from(self.cfg.model_id),
            modelHash: generator.model_hash(),
            programHash: generator.program_hash(),
            fee: self.cfg.model_fee,
            receiver: self.c.token,
            receiverPercentage: U256::from(self.cfg.receiver_percentage),
            token: Address::ZERO,
            unverifiable: true,
        };
        self.exec(
            "oracle.updateModel (unverifiable: the arbiter decides)",
            owner,
            oracle,
            call,
            U256::ZERO,
        )?;
        Ok(())
    }

    /// `from` challenges the result of `request_id` (whose input was `input`) with the
    /// configured bond, claiming the true output hashes to `claim`.
    ///
    /// # Errors
    ///
    /// A failed transaction.
    pub fn challenge(
        &mut self,
        from: Address,
        request_id: U256,
        claim: B256,
        input: &[u8],
    ) -> anyhow::Result<TxReceipt> {
        let (verifier, bond) = (self.c.verifier, self.cfg.challenge_bond);
        let call = imo_oracle::IImoAIOracleVerifier::challengeCall {
            requestId: request_id,
            claimedOutputHash: claim,
            modelId: U256::from(self.cfg.model_id),
            input: input.to_vec().into(),
        };
        self.exec("verifier.challenge", from, verifier, call, bond)
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
                IAIOracle::estimateFeeCall {
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
            IAIOracle::requestCallbackCall {
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
            IAIOracle::invokeCallbackCall {
                requestId: request_id,
                output: output.to_vec().into(),
            },
            U256::ZERO,
        )
    }

    /// The node answers the requests of the deployment's model found in `receipt` by running
    /// `model` (the code of `imo node`: [`node::requests`], [`node::answer`]); each delivery is
    /// a recorded step. Returns `(request id, delivered output, receipt)` per request.
    ///
    /// # Errors
    ///
    /// A request the model rejects, or a delivery the oracle refuses.
    pub fn serve(
        &mut self,
        node: Address,
        model: &mut dyn Model,
        receipt: &TxReceipt,
        label: &str,
    ) -> anyhow::Result<Vec<(U256, Vec<u8>, TxReceipt)>> {
        let (oracle, model_id) = (self.c.oracle, U256::from(self.cfg.model_id));
        let mut served = Vec::new();
        for seen in node::requests(&receipt.logs, oracle, model_id) {
            let request = match seen {
                Seen::Request(request) => request,
                Seen::Skipped(what) => anyhow::bail!("{label}: the node skipped {what}"),
            };
            let (answer, r) = node::answer(&mut self.backend, node, oracle, &request, model)?;
            let output = match answer {
                Answer::Delivered(output) => output,
                Answer::Rejected(reason) => {
                    anyhow::bail!("{label}: request {} rejected: {reason}", request.id)
                }
            };
            let r = self.record(label, r)?;
            served.push((request.id, output, r));
        }
        Ok(served)
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
                IAIOracle::isFinalizedCall {
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
    r.logs
        .iter()
        .filter(|l| l.address == oracle)
        .find_map(|l| IAIOracle::AICallbackRequest_0::decode_log_data(&l.data, true).ok())
        .map(|e| e.requestId)
        .ok_or_else(|| anyhow::anyhow!("no AICallbackRequest event in the receipt"))
}
