//! Claims: a holder's pro-rata share of a snapshot's claimable revenue, paid once per snapshot
//! while the snapshot is inside the claim window.

use alloy_primitives::{Address, U128, U256};
use imo_common::{
    eth,
    math::{from_small, from_stored, mul_div, to_u128, to_u64, wide},
};
use stylus_sdk::prelude::*;

use crate::{
    errors::{
        overflow, AlreadyClaimed, Error, EthTransferFailed, NothingToClaim, SnapshotNotClaimable,
    },
    records::not_final,
    RevShareToken,
};

impl RevShareToken {
    /// The id and amount `account` may claim from `snapshot_id`:
    /// `balanceOfAt * claimableAt / totalSupplyAt`, rounded down.
    pub(crate) fn claim_amount(
        &self,
        account: Address,
        snapshot_id: U256,
    ) -> Result<(u64, u128), Error> {
        let current = self.current_id();
        let window = from_small(self.claim_window.get());
        let id = match to_u64(snapshot_id) {
            Some(id) if id != 0 && id <= current && current - id < window => id,
            _ => {
                return Err(Error::SnapshotNotClaimable(SnapshotNotClaimable {
                    snapshotId: snapshot_id,
                }))
            }
        };
        if id > self.final_id() {
            return Err(not_final(snapshot_id));
        }
        if self.claimed_bits(account, id) & claimed_bit(id) != U256::ZERO {
            return Err(Error::AlreadyClaimed(AlreadyClaimed {
                account,
                snapshotId: snapshot_id,
            }));
        }
        let claimable = from_stored(self.snapshots.getter(id).claimable.get());
        // The balance at a snapshot is at most the supply then: the quotient fits, and a zero
        // supply (or nothing assigned) gives 0.
        let amount = mul_div(
            to_u128(self.balance_at(account, id)).unwrap_or(u128::MAX),
            claimable,
            to_u128(self.supply_at(id)).unwrap_or(u128::MAX),
        )
        .unwrap_or(0);
        if amount == 0 {
            return Err(Error::NothingToClaim(NothingToClaim {
                account,
                snapshotId: snapshot_id,
            }));
        }
        Ok((id, amount))
    }

    /// Claims `snapshot_ids` for the caller and pays the sum (effects first).
    pub(crate) fn claim_all(&mut self, snapshot_ids: &[U256]) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        let mut total = 0u128;
        let mut reserved = from_stored(self.reserved.get());
        for &snapshot_id in snapshot_ids {
            let (id, amount) = self.claim_amount(account, snapshot_id)?;
            let bits = self.claimed_bits(account, id) | claimed_bit(id);
            self.claimed.setter(account).setter(id >> 8).set(bits);
            let mut snapshot = self.snapshots.setter(id);
            let claimed = from_stored(snapshot.claimed.get())
                .checked_add(amount)
                .ok_or_else(overflow)?;
            snapshot.claimed.set(U128::from(claimed));
            reserved = reserved.checked_sub(amount).ok_or_else(overflow)?;
            total = total.checked_add(amount).ok_or_else(overflow)?;
            self.emit_revenue_claimed(account, snapshot_id, wide(amount));
        }
        self.reserved.set(U128::from(reserved));
        self.pay(account, total)
    }

    /// The word of `account`'s claimed-snapshot bits that holds snapshot `id`.
    fn claimed_bits(&self, account: Address, id: u64) -> U256 {
        self.claimed.getter(account).get(id >> 8)
    }

    /// Sends `amount` wei to `to` (nothing when 0). Call last.
    pub(crate) fn pay(&mut self, to: Address, amount: u128) -> Result<(), Error> {
        let amount = wide(amount);
        eth::send(self, to, amount)
            .map_err(|_| Error::EthTransferFailed(EthTransferFailed { to, amount }))
    }
}

/// The bit of snapshot `id` in its word of claimed-snapshot bits.
fn claimed_bit(id: u64) -> U256 {
    let mut limbs = [0u64; 4];
    #[allow(clippy::cast_possible_truncation)] // (id % 256) / 64 < 4
    {
        limbs[(id & 0xff) as usize / 64] = 1 << (id % 64);
    }
    U256::from_limbs(limbs)
}
