//! Stakes, unbonding and credits (pull payments).

use alloy_primitives::{Address, U256, U64};
use imo_common::{
    call::revert_data, clock::now, eth::send, interfaces::IImoAIOracle, math::from_stored,
};
use stylus_sdk::prelude::*;

use crate::{
    amount128, errors::oracle_failed, errors::overflow, wide, AmountExceedsStake, CreditWithdrawn,
    Credited, Error, NodeHasOpenChallenges, NothingToWithdraw, OracleVerifier, StakeWithdrawn,
    Staked, TransferFailed, UnbondingNotOver, UnstakeRequested,
};

impl OracleVerifier {
    /// `stake`: adds the value sent to the caller's stake.
    pub(crate) fn add_stake(&mut self) -> Result<(), Error> {
        let node = self.vm().msg_sender();
        let amount = self.vm().msg_value();
        let mut n = self.nodes.setter(node);
        let stake = wide(n.stake.get())
            .checked_add(amount)
            .ok_or_else(overflow)?;
        n.stake.set(amount128(stake)?);
        log(self.vm(), Staked { node, amount });
        Ok(())
    }

    /// `requestUnstake`: moves stake into unbonding for one of the oracle's challenge windows.
    pub(crate) fn start_unbonding(&mut self, amount: U256) -> Result<(), Error> {
        let node = self.vm().msg_sender();
        let oracle = IImoAIOracle::new(self.oracle.get());
        let window = oracle
            .parameters(&*self)
            .map_err(|e| oracle_failed(revert_data(e)))?
            .1;
        let available_at = now(self.vm()).saturating_add(window);
        let mut n = self.nodes.setter(node);
        let stake = wide(n.stake.get());
        if amount > stake {
            return Err(Error::AmountExceedsStake(AmountExceedsStake {
                amount,
                stake,
            }));
        }
        let unbonding = wide(n.unbonding.get())
            .checked_add(amount)
            .ok_or_else(overflow)?;
        n.stake.set(amount128(stake - amount)?);
        n.unbonding.set(amount128(unbonding)?);
        n.unbonding_end.set(U64::from(available_at));
        log(
            self.vm(),
            UnstakeRequested {
                node,
                amount,
                availableAt: available_at,
            },
        );
        Ok(())
    }

    /// `withdrawStake`: pays out the unbonded stake after the delay, with no challenge open.
    pub(crate) fn withdraw_unbonded(&mut self) -> Result<(), Error> {
        let node = self.vm().msg_sender();
        let now = now(self.vm());
        let mut n = self.nodes.setter(node);
        let amount = U256::from(from_stored(n.unbonding.get()));
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        let end = n.unbonding_end.get().to::<u64>();
        if now < end {
            return Err(Error::UnbondingNotOver(UnbondingNotOver {
                availableAt: end,
            }));
        }
        if !n.open_challenges.get().is_zero() {
            return Err(Error::NodeHasOpenChallenges(NodeHasOpenChallenges { node }));
        }
        n.unbonding.erase();
        log(self.vm(), StakeWithdrawn { node, amount });
        self.send_to(node, amount)
    }

    /// `withdrawCredit`: pays out the caller's credit.
    pub(crate) fn withdraw_credits(&mut self) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        let amount = self.credits.take(account);
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        log(self.vm(), CreditWithdrawn { account, amount });
        self.send_to(account, amount)
    }

    /// Credits `amount` to `account`, with [`Credited`].
    pub(crate) fn credit(&mut self, account: Address, amount: U256) -> Result<(), Error> {
        self.credits.add(account, amount).ok_or_else(overflow)?;
        log(self.vm(), Credited { account, amount });
        Ok(())
    }

    /// Sends `amount` to `to` (all state must be written before), reverting if it is rejected.
    fn send_to(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        send(self, to, amount).map_err(|_| Error::TransferFailed(TransferFailed { to, amount }))
    }
}
