//! `launch`: one transaction creates and wires a model's whole IMO.
//!
//! 1. Clones the token, the governor, one vesting contract per grant and the sale, each at its
//!    predictable CREATE2 address, and initializes each right after creating it (so nobody can
//!    initialize them first). The token's whole supply is minted to the launchpad, which owns the
//!    token for the rest of the launch.
//! 2. Moves the supply: the sale receives the tokens for sale, the liquidity tokens (the
//!    liquidity share of the whole target, at the sale price) and the grants' tokens (it funds the
//!    grants only if it succeeds); the treasury (the governor) receives the rest.
//! 3. Registers the oracle as the token's revenue source (`addRevenueSource(oracle, modelId)`)
//!    and, if asked, the model in the oracle with the token as its receiver (`registerModel`:
//!    the launchpad must be the oracle's registrar).
//! 4. Hands the token's ownership to the governor, and emits `Launched` with every address.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use imo_common::{
    erc20,
    interfaces::launch::{
        IGovernorSetup, IOracleRegistrar, ISaleSetup, ITokenSetup, IVestingSetup,
    },
    math::{mul_div, to_u128, wide, BPS},
};
use stylus_sdk::prelude::*;

use crate::{
    clones::role,
    errors::overflow,
    events::Launch,
    params::{GovernorParams, GrantParams, ModelParams, SaleParams, TokenParams},
    Error, InsufficientSupply, Launchpad, SetupFailed, TooManyGrants,
};

/// The most grants a launch funds (the sale's limit).
pub const MAX_GRANTS: usize = 2;

/// The tokens a sale must hold for liquidity: the liquidity share of its whole target, at the
/// sale price (the sale's own formula: `floor(floor(T * bps / 10,000) * A / T)`).
#[must_use]
pub fn liquidity_tokens(target: u128, tokens_for_sale: u128, bps: u16) -> u128 {
    let currency = mul_div(target, u128::from(bps.min(BPS)), u128::from(BPS)).unwrap_or(0);
    mul_div(currency, tokens_for_sale, target).unwrap_or(0)
}

impl Launchpad {
    /// Calls `target` with `call`; a revert becomes [`Error::SetupFailed`] with its reason.
    fn setup<C: SolCall>(&mut self, target: Address, call: &C) -> Result<(), Error> {
        erc20::call(self, target, &call.abi_encode())
            .map(|_| ())
            .map_err(|reason| {
                Error::SetupFailed(SetupFailed {
                    target,
                    reason: reason.into(),
                })
            })
    }

    /// See `launch`.
    pub(crate) fn run_launch(
        &mut self,
        token_params: TokenParams,
        governor_params: GovernorParams,
        sale_params: SaleParams,
        grants: Vec<GrantParams>,
        model: ModelParams,
        salt: B256,
    ) -> Result<Launch, Error> {
        if grants.len() > MAX_GRANTS {
            return Err(Error::TooManyGrants(TooManyGrants {
                grants: U256::from(grants.len()),
            }));
        }
        let creator = self.vm().msg_sender();
        let this = self.vm().contract_address();

        // The supply's destinations.
        let supply = to_u128(token_params.supply).ok_or_else(overflow)?;
        let for_sale = to_u128(sale_params.tokensForSale).ok_or_else(overflow)?;
        let target = to_u128(sale_params.target).ok_or_else(overflow)?;
        let mut needed = for_sale
            .checked_add(liquidity_tokens(target, for_sale, sale_params.liquidityBps))
            .ok_or_else(overflow)?;
        for grant in &grants {
            let amount = to_u128(grant.amount).ok_or_else(overflow)?;
            needed = needed.checked_add(amount).ok_or_else(overflow)?;
        }
        if needed > supply {
            return Err(Error::InsufficientSupply(InsufficientSupply {
                supply: token_params.supply,
                needed: wide(needed),
            }));
        }

        // The token: the supply to the launchpad, which owns it until the end.
        let token = self.create_clone(self.token_impl.get(), creator, salt, role::TOKEN)?;
        self.setup(
            token,
            &ITokenSetup::initializeCall {
                name: token_params.name,
                symbol: token_params.symbol,
                initialSupply: token_params.supply,
                initialHolder: this,
                claimableBps: token_params.claimableBps,
                snapshotInterval: token_params.snapshotInterval,
                claimWindow: token_params.claimWindow,
                owner: this,
            },
        )?;

        // The governor: the treasury.
        let governor =
            self.create_clone(self.governor_impl.get(), creator, salt, role::GOVERNOR)?;
        self.setup(
            governor,
            &IGovernorSetup::initializeCall {
                token,
                votingDelay: governor_params.votingDelay,
                votingPeriod: governor_params.votingPeriod,
                quorumBps: governor_params.quorumBps,
                proposalThreshold: governor_params.proposalThreshold,
                executionDelay: governor_params.executionDelay,
                gracePeriod: governor_params.gracePeriod,
            },
        )?;

        // The grants, vesting from the sale's end.
        let mut launch = Launch {
            token,
            governor,
            ..Launch::default()
        };
        let mut grant_amounts = Vec::with_capacity(grants.len());
        let vesting_impl = self.vesting_impl.get();
        for (i, grant) in grants.iter().enumerate() {
            // `i < MAX_GRANTS`: the role fits.
            let vesting =
                self.create_clone(vesting_impl, creator, salt, role::VESTING + i as u8)?;
            self.setup(
                vesting,
                &IVestingSetup::initializeCall {
                    token,
                    beneficiary: grant.beneficiary,
                    revenueRecipient: if grant.revenueToTreasury {
                        governor
                    } else {
                        grant.beneficiary
                    },
                    start: sale_params.end,
                    cliff: grant.cliff,
                    duration: grant.duration,
                    amount: grant.amount,
                },
            )?;
            launch.vestings[i] = vesting;
            grant_amounts.push(grant.amount);
        }

        // The sale, funded before its initialization checks it.
        let sale = self.create_clone(self.sale_impl.get(), creator, salt, role::SALE)?;
        launch.sale = sale;
        self.setup(
            token,
            &ITokenSetup::transferCall {
                to: sale,
                value: wide(needed),
            },
        )?;
        self.setup(
            sale,
            &ISaleSetup::initializeCall {
                token,
                currency: sale_params.currency,
                treasury: governor,
                creator,
                start: sale_params.start,
                end: sale_params.end,
                target: sale_params.target,
                minimum: sale_params.minimum,
                tokensForSale: sale_params.tokensForSale,
                minDeposit: sale_params.minDeposit,
                maxPerAddress: sale_params.maxPerAddress,
                allowlistRoot: sale_params.allowlistRoot,
                liquidityRecipient: sale_params.liquidityRecipient,
                liquidityBps: sale_params.liquidityBps,
                grants: launch.vestings[..grants.len()].to_vec(),
                grantAmounts: grant_amounts,
            },
        )?;
        // The rest of the supply to the treasury.
        if supply > needed {
            self.setup(
                token,
                &ITokenSetup::transferCall {
                    to: governor,
                    value: wide(supply - needed),
                },
            )?;
        }

        // The oracle: the token's revenue source, and the model if asked.
        let oracle = self.oracle.get();
        if !oracle.is_zero() && !model.modelId.is_zero() {
            self.setup(
                token,
                &ITokenSetup::addRevenueSourceCall {
                    oracle,
                    modelId: model.modelId,
                },
            )?;
            if model.register {
                self.setup(
                    oracle,
                    &IOracleRegistrar::registerModelCall {
                        modelId: model.modelId,
                        modelHash: model.modelHash,
                        programHash: model.programHash,
                        fee: model.fee,
                        receiver: token,
                        receiverPercentage: model.receiverPercentage,
                        // ORA's fee token: zero, the oracle's fees are in ETH.
                        token: Address::ZERO,
                        unverifiable: false,
                    },
                )?;
            }
        }

        // The governor owns the token from now on.
        self.setup(
            token,
            &ITokenSetup::transferOwnershipCall { newOwner: governor },
        )?;
        let count = self.launches.get() + alloy_primitives::U64::from(1);
        self.launches.set(count);
        self.emit_launched(creator, &launch, model.modelId, salt);
        Ok(launch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liquidity_tokens_follow_the_sales_formula() {
        assert_eq!(liquidity_tokens(150, 500_000_000, 2_000), 100_000_000);
        assert_eq!(liquidity_tokens(150, 500_000_000, 0), 0);
        assert_eq!(liquidity_tokens(7, 1_000, 3_333), 285);
    }
}
