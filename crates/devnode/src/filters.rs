//! Log and block filters (`eth_newFilter`, `eth_newBlockFilter`, `eth_getFilterChanges`,
//! `eth_getFilterLogs`, `eth_uninstallFilter`): what ethers' event listeners poll by default.

use super::methods::{error, json, Answer, State};
use alloy_primitives::{B256, U256};
use alloy_rpc_types_eth::Filter;
use std::collections::HashMap;

/// One installed filter.
#[derive(Clone, Debug)]
pub(super) enum Installed {
    /// Logs matching a filter, from `next` on.
    Logs { filter: Box<Filter>, next: u64 },
    /// New blocks, from `next` on.
    Blocks { next: u64 },
}

/// The installed filters by id.
#[derive(Clone, Debug, Default)]
pub(super) struct Filters {
    installed: HashMap<U256, Installed>,
    last_id: u64,
}

impl Filters {
    fn install(&mut self, filter: Installed) -> U256 {
        self.last_id += 1;
        let id = U256::from(self.last_id);
        self.installed.insert(id, filter);
        id
    }
}

impl State {
    /// `eth_newFilter`: changes are the matching logs of the blocks mined from now on.
    pub(super) fn new_filter(&mut self, filter: Filter) -> Answer {
        let next = self.history.latest() + 1;
        json(self.filters.install(Installed::Logs {
            filter: Box::new(filter),
            next,
        }))
    }

    /// `eth_newBlockFilter`: changes are the hashes of the blocks mined from now on.
    pub(super) fn new_block_filter(&mut self) -> Answer {
        let next = self.history.latest() + 1;
        json(self.filters.install(Installed::Blocks { next }))
    }

    /// `eth_uninstallFilter`.
    pub(super) fn uninstall_filter(&mut self, id: U256) -> Answer {
        json(self.filters.installed.remove(&id).is_some())
    }

    /// `eth_getFilterChanges`: what happened since the last poll of filter `id`.
    pub(super) fn filter_changes(&mut self, id: U256) -> Answer {
        let latest = self.history.latest();
        let installed = self
            .filters
            .installed
            .get(&id)
            .cloned()
            .ok_or_else(|| error(-32000, format!("filter {id} not found")))?;
        match installed {
            Installed::Logs { filter, next } => {
                let range = (*filter).clone().from_block(next).to_block(latest);
                let answer = if next > latest {
                    json(Vec::<()>::new())
                } else {
                    self.logs(range)
                };
                self.filters.installed.insert(
                    id,
                    Installed::Logs {
                        filter,
                        next: latest + 1,
                    },
                );
                answer
            }
            Installed::Blocks { next } => {
                let hashes: Vec<B256> = (next..=latest)
                    .filter_map(|n| self.history.block(n, false).map(|b| b.header.hash))
                    .collect();
                self.filters
                    .installed
                    .insert(id, Installed::Blocks { next: latest + 1 });
                json(hashes)
            }
        }
    }

    /// `eth_getFilterLogs`: every log matching log filter `id`.
    pub(super) fn filter_logs(&mut self, id: U256) -> Answer {
        match self.filters.installed.get(&id) {
            Some(Installed::Logs { filter, .. }) => {
                let filter = (**filter).clone();
                self.logs(filter)
            }
            Some(Installed::Blocks { .. }) => {
                Err(error(-32000, format!("filter {id} is a block filter")))
            }
            None => Err(error(-32000, format!("filter {id} not found"))),
        }
    }
}
