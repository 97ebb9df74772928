//! Initialization (the clone's constructor), the parameters and their views, the lock that
//! guards every state-changing entry point, and cancellation before the start.

use alloy_primitives::{Address, B256, U128, U16, U256, U64};
use imo_common::{
    clock, clone, erc20, holder,
    lock::non_reentrant,
    math::{from_stored, to_u128, wide, BPS},
};
use stylus_sdk::prelude::*;

use crate::{
    errors::{invalid_address, invalid_amount, overflow},
    CannotCancel, Error, InvalidGrants, InvalidLiquidity, InvalidSchedule, InvalidTarget,
    NotInitialized, Parameters, ReentrantCall, Sale, SaleNotFunded, Terms, UnsupportedClaimWindow,
    FAILED, MAX_CLAIM_WINDOW, MAX_GRANTS, PENDING,
};

/// The scalar parameters of `initialize` (see it for each one's meaning).
pub struct Params {
    /// The RevShare token sold.
    pub token: Address,
    /// Zero for ETH, or an ERC-20.
    pub currency: Address,
    /// Receives the proceeds, unsold tokens and dust.
    pub treasury: Address,
    /// May cancel before the start.
    pub creator: Address,
    /// First second of the sale.
    pub start: u64,
    /// First second after the sale.
    pub end: u64,
    /// `T`.
    pub target: U256,
    /// `S`.
    pub minimum: U256,
    /// `A`.
    pub tokens_for_sale: U256,
    /// Least deposit.
    pub min_deposit: U256,
    /// Cap per address, 0 for none.
    pub max_per_address: U256,
    /// Allowlist root, zero for none.
    pub allowlist_root: B256,
    /// Liquidity recipient.
    pub liquidity_recipient: Address,
    /// Liquidity share of the proceeds.
    pub liquidity_bps: u16,
}

/// `x` as `u128`, or [`Error::InvalidAmount`].
fn amount(x: U256) -> Result<u128, Error> {
    to_u128(x).ok_or_else(|| invalid_amount(x))
}

impl Sale {
    /// Runs `body` under the sale's lock, on an initialized sale.
    pub(crate) fn guarded<T>(
        &mut self,
        body: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if !self.initialized.get() {
            return Err(Error::NotInitialized(NotInitialized {}));
        }
        non_reentrant(
            self,
            |sale| &mut sale.locked,
            || Error::ReentrantCall(ReentrantCall {}),
            body,
        )
    }

    /// The terms the arithmetic needs.
    pub(crate) fn terms(&self) -> Terms {
        Terms {
            target: from_stored(self.target.get()),
            minimum: from_stored(self.minimum.get()),
            tokens_for_sale: from_stored(self.tokens_for_sale.get()),
            liquidity_bps: self.liquidity_bps.get().to::<u16>(),
        }
    }

    /// Every token the sale must hold at the start: for sale, for liquidity, for the grants.
    pub(crate) fn tokens_held_for(&self, terms: &Terms) -> Option<u128> {
        terms
            .tokens_for_sale
            .checked_add(terms.max_liquidity_tokens())?
            .checked_add(from_stored(self.grant_total.get()))
    }

    /// See `initialize`.
    pub(crate) fn init(
        &mut self,
        p: &Params,
        grants: &[Address],
        grant_amounts: &[U256],
    ) -> Result<(), Error> {
        clone::initializable(self.initialized.get())?;
        if p.token.is_zero() || p.currency == p.token {
            return Err(invalid_address(p.token));
        }
        if p.treasury.is_zero() {
            return Err(invalid_address(p.treasury));
        }
        if p.start >= p.end {
            return Err(Error::InvalidSchedule(InvalidSchedule {
                start: p.start,
                end: p.end,
            }));
        }
        let target = amount(p.target)?;
        let minimum = amount(p.minimum)?;
        if target == 0 || minimum > target {
            return Err(Error::InvalidTarget(InvalidTarget {
                target: p.target,
                minimum: p.minimum,
            }));
        }
        let tokens_for_sale = amount(p.tokens_for_sale)?;
        if tokens_for_sale == 0 {
            return Err(invalid_amount(p.tokens_for_sale));
        }
        if p.liquidity_bps > BPS || (p.liquidity_bps != 0 && p.liquidity_recipient.is_zero()) {
            return Err(Error::InvalidLiquidity(InvalidLiquidity {
                recipient: p.liquidity_recipient,
                bps: p.liquidity_bps,
            }));
        }
        if grants.len() > MAX_GRANTS || grants.len() != grant_amounts.len() {
            return Err(Error::InvalidGrants(InvalidGrants {
                grants: U256::from(grants.len()),
                amounts: U256::from(grant_amounts.len()),
            }));
        }
        let mut grant_total = 0u128;
        for (&vesting, &grant) in grants.iter().zip(grant_amounts) {
            if vesting.is_zero() {
                return Err(invalid_address(vesting));
            }
            let tokens = amount(grant)?;
            if tokens == 0 {
                return Err(invalid_amount(grant));
            }
            grant_total = grant_total.checked_add(tokens).ok_or_else(overflow)?;
            let mut slot = self.grants.grow();
            slot.vesting.set(vesting);
            slot.amount.set(U128::from(tokens));
        }
        let window = holder::claim_window(p.token).unwrap_or(u64::MAX);
        if window > MAX_CLAIM_WINDOW {
            return Err(Error::UnsupportedClaimWindow(UnsupportedClaimWindow {
                window: U256::from(window),
            }));
        }

        self.initialized.set(true);
        self.token.set(p.token);
        self.currency.set(p.currency);
        self.treasury.set(p.treasury);
        self.creator.set(p.creator);
        self.liquidity_recipient.set(p.liquidity_recipient);
        self.liquidity_bps.set(U16::from(p.liquidity_bps));
        self.start.set(U64::from(p.start));
        self.end.set(U64::from(p.end));
        self.target.set(U128::from(target));
        self.minimum.set(U128::from(minimum));
        self.tokens_for_sale.set(U128::from(tokens_for_sale));
        self.min_deposit.set(U128::from(amount(p.min_deposit)?));
        self.max_per_address
            .set(U128::from(amount(p.max_per_address)?));
        self.allowlist_root.set(p.allowlist_root);
        self.grant_total.set(U128::from(grant_total));

        // Funded: the sale holds every token it may have to pay out.
        let needed = self.tokens_held_for(&self.terms()).ok_or_else(overflow)?;
        let held = erc20::balance_of(p.token, self.vm().contract_address()).unwrap_or_default();
        if held < wide(needed) {
            return Err(Error::SaleNotFunded(SaleNotFunded {
                needed: wide(needed),
                held,
            }));
        }
        // Revenue is collected from the first snapshot not final yet: the next one, or one taken
        // in this second (final at its end, when the sale holds its tokens).
        let next = holder::collectable(p.token, 0, self.now()).map_or(1, |(_, end)| end.max(1));
        self.next_snapshot.set(U64::from(next));
        self.emit_initialized(
            p.token,
            p.treasury,
            p.currency,
            p.start,
            p.end,
            target,
            minimum,
            tokens_for_sale,
        );
        Ok(())
    }

    /// See `cancel`.
    pub(crate) fn cancel_sale(&mut self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        let state = self.current_state();
        if caller != self.creator.get() || caller.is_zero() || state != PENDING {
            return Err(Error::CannotCancel(CannotCancel {
                account: caller,
                state,
            }));
        }
        self.outcome.set(alloy_primitives::U8::from(FAILED));
        self.emit_canceled();
        self.emit_finalized(FAILED, 0, 0);
        Ok(())
    }

    /// See `parameters`.
    pub(crate) fn parameter_values(&self) -> Parameters {
        (
            self.token.get(),
            self.currency.get(),
            self.treasury.get(),
            self.creator.get(),
            self.start.get().to::<u64>(),
            self.end.get().to::<u64>(),
            wide(from_stored(self.target.get())),
            wide(from_stored(self.minimum.get())),
            wide(from_stored(self.tokens_for_sale.get())),
            wide(from_stored(self.min_deposit.get())),
            wide(from_stored(self.max_per_address.get())),
            self.allowlist_root.get(),
            self.liquidity_recipient.get(),
            self.liquidity_bps.get().to::<u16>(),
        )
    }

    /// See `grants`.
    pub(crate) fn grant_list(&self) -> ([Address; 2], [U256; 2]) {
        let mut vestings = [Address::ZERO; 2];
        let mut amounts = [U256::ZERO; 2];
        for i in 0..self.grants.len().min(2) {
            if let Some(grant) = self.grants.get(i) {
                vestings[i] = grant.vesting.get();
                amounts[i] = wide(from_stored(grant.amount.get()));
            }
        }
        (vestings, amounts)
    }

    /// See `totalDeposits`.
    pub(crate) fn total(&self) -> U256 {
        wide(from_stored(self.total_deposits.get()))
    }

    /// See `depositOf`.
    pub(crate) fn deposit_of_buyer(&self, account: Address) -> U256 {
        wide(from_stored(self.buyers.getter(account).deposit.get()))
    }

    /// See `accounting`.
    #[allow(clippy::type_complexity)]
    pub(crate) fn books(&self) -> (U256, U256, U256, U256, U256, U256, U256, U256, u64) {
        let w = |x: U128| wide(from_stored(x));
        (
            w(self.claimed_deposits.get()),
            w(self.tokens_claimed.get()),
            w(self.refunds_paid.get()),
            w(self.proceeds_paid.get()),
            w(self.currency_swept.get()),
            w(self.revenue_per_token.get()),
            w(self.revenue_collected.get()),
            w(self.revenue_paid.get()),
            self.next_snapshot.get().to::<u64>(),
        )
    }

    /// The chain's clock.
    pub(crate) fn now(&self) -> u64 {
        clock::now(self.vm())
    }
}
