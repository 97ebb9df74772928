//! The launchpad's one event: every address of a launch.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolEvent};
use imo_common::{erc20::word, log::emit_words};
use stylus_sdk::prelude::*;

use crate::Launchpad;

sol! {
    /// `creator` launched a model's IMO: its token, governor (the treasury), sale and vesting
    /// grants (zero when fewer than two), the oracle model id (0: none) and the launch's salt.
    #[derive(Debug)]
    event Launched(address indexed creator, address indexed token, address indexed governor, address sale, address vesting0, address vesting1, uint256 modelId, bytes32 salt);
}

/// The addresses of one launch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Launch {
    /// The RevShare token.
    pub token: Address,
    /// The governor, the treasury.
    pub governor: Address,
    /// The sale.
    pub sale: Address,
    /// The vesting grants (zero when absent).
    pub vestings: [Address; 2],
}

impl Launchpad {
    /// Emits [`Launched`].
    pub(crate) fn emit_launched(
        &self,
        creator: Address,
        launch: &Launch,
        model_id: U256,
        salt: B256,
    ) {
        emit_words(
            self.vm(),
            &[
                Launched::SIGNATURE_HASH,
                creator.into_word(),
                launch.token.into_word(),
                launch.governor.into_word(),
            ],
            &[
                word(launch.sale),
                word(launch.vestings[0]),
                word(launch.vestings[1]),
                model_id,
                U256::from_be_bytes(salt.0),
            ],
        );
    }
}
