//! Administration: the constructor's state, the model registry's changes, parameters, pause,
//! blacklist, protocol revenue and ownership. Served by the `admin` build (see the crate docs);
//! natively every function here is an ordinary method.

use alloy_primitives::{aliases::U32, Address, B256, U256, U64};
use imo_common::math::{from_stored, to_stored, to_u128, wide};
use stylus_sdk::prelude::*;

use crate::{
    errors::overflow, models::ModelParams, AIOracle, BlacklistSet, Error, ModelAdded,
    ModelAlreadyExists, ModelRemoved, ModelUpdated, NothingToWithdraw, ParametersSet, PausedSet,
    ProtocolRevenueWithdrawn,
};

impl AIOracle {
    /// The constructor's state: owner, parameters and the administration extension.
    pub(crate) fn init(
        &mut self,
        owner: Address,
        verifier: Address,
        challenge_window: u64,
        min_gas_price: U256,
        admin: Address,
    ) -> Result<(), Error> {
        self.ownable.init(owner)?;
        self.verifier.set(verifier);
        self.challenge_window.set(U64::from(challenge_window));
        let price = to_u128(min_gas_price).ok_or_else(overflow)?;
        self.min_gas_price
            .set(to_stored(price).ok_or_else(overflow)?);
        self.admin.set(admin);
        Ok(())
    }

    /// `(paused, challengeWindow, minGasPrice, verifier, protocolRevenue)`.
    pub(crate) fn parameter_values(&self) -> (bool, u64, U256, Address, U256) {
        (
            self.paused.get(),
            self.challenge_window.get().to::<u64>(),
            wide(from_stored(self.min_gas_price.get())),
            self.verifier.get(),
            wide(from_stored(self.protocol_revenue.get())),
        )
    }

    /// Fails unless the caller is the owner; returns the owner.
    pub(crate) fn only_owner(&self) -> Result<Address, Error> {
        Ok(self.ownable.only_owner()?)
    }

    /// Registers a model (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::ModelAlreadyExists`], [`Error::InvalidReceiver`],
    ///   [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`ModelAdded`].
    #[allow(clippy::too_many_arguments)]
    pub fn add_model(
        &mut self,
        model_id: U256,
        model_hash: B256,
        program_hash: B256,
        fee: U256,
        receiver: Address,
        receiver_percentage: U256,
        token: Address,
        unverifiable: bool,
    ) -> Result<(), Error> {
        self.only_owner()?;
        let params = ModelParams {
            model_hash,
            program_hash,
            fee,
            receiver,
            receiver_percentage,
            token,
            unverifiable,
        };
        self.insert_model(model_id, &params)
    }

    /// Registers a new model: `addModel` without the permission check (the owner's `addModel`
    /// and the registrar's `registerModel` both end here).
    pub(crate) fn insert_model(
        &mut self,
        model_id: U256,
        params: &ModelParams,
    ) -> Result<(), Error> {
        if self.models.getter(model_id).active.get() {
            return Err(Error::ModelAlreadyExists(ModelAlreadyExists {
                modelId: model_id,
            }));
        }
        self.write_model(model_id, params)?;
        log(
            self.vm(),
            ModelAdded {
                modelId: model_id,
                receiver: params.receiver,
                fee: params.fee,
                receiverPercentage: params.receiver_percentage,
            },
        );
        Ok(())
    }

    /// Changes a model (owner only). Revenue accrued so far is paid to the old receiver first
    /// (credited to it if it rejects the ETH).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::ModelNotActive`], [`Error::InvalidReceiver`],
    ///   [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`ModelUpdated`], and `ModelRevenueClaimed` if revenue was paid out.
    #[allow(clippy::too_many_arguments)]
    pub fn update_model(
        &mut self,
        model_id: U256,
        model_hash: B256,
        program_hash: B256,
        fee: U256,
        receiver: Address,
        receiver_percentage: U256,
        token: Address,
        unverifiable: bool,
    ) -> Result<(), Error> {
        self.only_owner()?;
        self.only_active_model(model_id)?;
        let (old_receiver, amount) = self.take_model_revenue(model_id);
        let params = ModelParams {
            model_hash,
            program_hash,
            fee,
            receiver,
            receiver_percentage,
            token,
            unverifiable,
        };
        self.write_model(model_id, &params)?;
        log(
            self.vm(),
            ModelUpdated {
                modelId: model_id,
                receiver,
                fee,
                receiverPercentage: receiver_percentage,
            },
        );
        self.pay_or_credit(old_receiver, amount)
    }

    /// Removes a model (owner only), paying its accrued revenue to its receiver first (credited to
    /// it if it rejects the ETH). Pending requests of the model can still be answered.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::ModelNotActive`].
    ///
    /// # Events
    ///
    /// * [`ModelRemoved`], and `ModelRevenueClaimed` if revenue was paid out.
    pub fn remove_model(&mut self, model_id: U256) -> Result<(), Error> {
        self.only_owner()?;
        self.only_active_model(model_id)?;
        let (receiver, amount) = self.take_model_revenue(model_id);
        let mut m = self.models.setter(model_id);
        m.active.erase();
        m.fee.erase();
        log(self.vm(), ModelRemoved { modelId: model_id });
        self.pay_or_credit(receiver, amount)
    }

    /// Sets the parameters (owner only).
    ///
    /// # Arguments
    ///
    /// * `challenge_window` - Seconds a result can be challenged; applies to results delivered afterwards.
    /// * `min_gas_price` - Lower bound of the gas price used for fees.
    /// * `verifier` - Node registry and stakes, challenges, slashing.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`ParametersSet`].
    pub fn set_parameters(
        &mut self,
        challenge_window: u64,
        min_gas_price: U256,
        verifier: Address,
    ) -> Result<(), Error> {
        self.only_owner()?;
        self.challenge_window.set(U64::from(challenge_window));
        let price = to_u128(min_gas_price).ok_or_else(overflow)?;
        self.min_gas_price
            .set(to_stored(price).ok_or_else(overflow)?);
        self.verifier.set(verifier);
        log(
            self.vm(),
            ParametersSet {
                challengeWindow: challenge_window,
                minGasPrice: min_gas_price,
                verifier,
            },
        );
        Ok(())
    }

    /// Pauses (`true`) or unpauses new requests (owner only). Deliveries, challenges and
    /// withdrawals go on while paused.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`PausedSet`].
    pub fn set_paused(&mut self, paused: bool) -> Result<(), Error> {
        self.only_owner()?;
        self.paused.set(paused);
        log(self.vm(), PausedSet { paused });
        Ok(())
    }

    /// (Un)blacklists a callback contract (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`BlacklistSet`].
    pub fn set_blacklist(&mut self, account: Address, blacklisted: bool) -> Result<(), Error> {
        self.only_owner()?;
        if self.blacklist.get(account) != blacklisted {
            let count = self.blacklisted.get();
            let count = if blacklisted {
                count.checked_add(U32::from(1))
            } else {
                count.checked_sub(U32::from(1))
            };
            self.blacklisted.set(count.ok_or_else(overflow)?);
        }
        self.blacklist.setter(account).set(blacklisted);
        log(
            self.vm(),
            BlacklistSet {
                account,
                blacklisted,
            },
        );
        Ok(())
    }

    /// Sends the protocol revenue to the owner (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::NothingToWithdraw`], [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`ProtocolRevenueWithdrawn`].
    pub fn withdraw_protocol_revenue(&mut self) -> Result<(), Error> {
        let owner = self.only_owner()?;
        let amount = wide(from_stored(self.protocol_revenue.get()));
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        self.protocol_revenue.erase();
        log(self.vm(), ProtocolRevenueWithdrawn { to: owner, amount });
        self.send(owner, amount)
    }

    /// The owner.
    pub fn owner(&self) -> Address {
        self.ownable.owner()
    }

    /// The account that may accept ownership.
    pub fn pending_owner(&self) -> Address {
        self.ownable.pending_owner()
    }

    /// Starts an ownership transfer (owner only; zero cancels).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        Ok(self.ownable.transfer_ownership(new_owner)?)
    }

    /// Completes an ownership transfer (pending owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        Ok(self.ownable.accept_ownership()?)
    }

    /// Leaves the oracle without an owner (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    pub fn renounce_ownership(&mut self) -> Result<(), Error> {
        Ok(self.ownable.renounce_ownership()?)
    }
}
