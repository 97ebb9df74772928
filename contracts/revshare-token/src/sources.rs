//! Revenue sources: up to [`MAX_REVENUE_SOURCES`] `(oracle, modelId)` pairs that `snapshot()`
//! sweeps first (`claimModelRevenue(modelId)`: the AI Oracle pays the model's accrued fees back
//! into `receive()`), so fees land in the snapshot without a keeper.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256, U8};
use imo_common::{interfaces::IAIOracle, math::from_small};

use crate::{
    errors::{
        Error, InvalidRevenueSource, RevenueSourceExists, RevenueSourceNotFound,
        TooManyRevenueSources,
    },
    RevShareToken,
};

/// At most this many revenue sources `(oracle, modelId)` are swept by `snapshot()`.
pub const MAX_REVENUE_SOURCES: u64 = 4;

impl RevShareToken {
    /// Calls `claimModelRevenue` on every source; a source that reverts is skipped with a
    /// [`RevenueSourceFailed`](crate::RevenueSourceFailed) event.
    pub(crate) fn sweep_sources(&mut self) {
        for i in 0..self.source_count() {
            let oracle = self.source_oracles.get(i);
            let model_id = self.source_models.get(i);
            if IAIOracle::new(oracle)
                .claim_model_revenue(&mut *self, model_id)
                .is_err()
            {
                self.emit_revenue_source_failed(oracle, model_id);
            }
        }
    }

    /// The sources as `(oracle, modelId)` pairs.
    pub(crate) fn sources(&self) -> Vec<(Address, U256)> {
        (0..self.source_count())
            .map(|i| (self.source_oracles.get(i), self.source_models.get(i)))
            .collect()
    }

    /// Registers a source (the caller checked ownership).
    pub(crate) fn add_source(&mut self, oracle: Address, model_id: U256) -> Result<(), Error> {
        if oracle.is_zero() {
            return Err(Error::InvalidRevenueSource(InvalidRevenueSource { oracle }));
        }
        if self.find_source(oracle, model_id).is_some() {
            return Err(Error::RevenueSourceExists(RevenueSourceExists {
                oracle,
                modelId: model_id,
            }));
        }
        let n = self.source_count();
        if n >= MAX_REVENUE_SOURCES {
            return Err(Error::TooManyRevenueSources(TooManyRevenueSources {
                max: U256::from(MAX_REVENUE_SOURCES),
            }));
        }
        self.source_oracles.setter(n).set(oracle);
        self.source_models.setter(n).set(model_id);
        self.source_count.set(U8::from_limbs([n + 1]));
        self.emit_revenue_source_added(oracle, model_id);
        Ok(())
    }

    /// Removes a source (the caller checked ownership); the last one takes its place.
    pub(crate) fn remove_source(&mut self, oracle: Address, model_id: U256) -> Result<(), Error> {
        let Some(index) = self.find_source(oracle, model_id) else {
            return Err(Error::RevenueSourceNotFound(RevenueSourceNotFound {
                oracle,
                modelId: model_id,
            }));
        };
        let last = self.source_count() - 1;
        let last_oracle = self.source_oracles.get(last);
        let last_model = self.source_models.get(last);
        self.source_oracles.setter(index).set(last_oracle);
        self.source_models.setter(index).set(last_model);
        self.source_oracles.delete(last);
        self.source_models.delete(last);
        self.source_count.set(U8::from_limbs([last]));
        self.emit_revenue_source_removed(oracle, model_id);
        Ok(())
    }

    /// Index of the revenue source `(oracle, model_id)`.
    fn find_source(&self, oracle: Address, model_id: U256) -> Option<u64> {
        (0..self.source_count()).find(|&i| {
            self.source_oracles.get(i) == oracle && self.source_models.get(i) == model_id
        })
    }

    /// Number of registered sources.
    fn source_count(&self) -> u64 {
        from_small(self.source_count.get())
    }
}
