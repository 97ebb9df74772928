//! The security review's attacks (issue 14), each replayed against the deployed system through the
//! ABI and shown to fail, next to the legitimate path. Written once against [`Backend`]; the
//! devchain runs them in `tests/tests/security.rs`.
//!
//! - [`disputes`]: a node squatting or challenging its own wrong result (item 1).
//! - [`oracle`]: revert data as a weapon (4), error answers (5), stuck requests (6), ORA's DA
//!   overload and fee token (compatibility).
//! - [`aigc`]: an AIGC mint whose callback ran out of gas (3).

pub mod aigc;
pub mod disputes;
pub mod oracle;

use alloy_primitives::{Address, U256};
use anyhow::Context;
use imo_client::bindings::imo_oracle::IImoAIOracleVerifier;
use imo_client::{Backend, Imo};

/// `creditOf(account)` at the verifier.
pub(crate) fn verifier_credit<B: Backend>(
    imo: &mut Imo<B>,
    account: Address,
) -> anyhow::Result<U256> {
    let verifier = imo.c.verifier;
    Ok(imo
        .view(verifier, IImoAIOracleVerifier::creditOfCall { account })?
        ._0)
}

/// The first 4 bytes of revert data, as a named-error check.
pub(crate) fn selector_of(data: &[u8]) -> anyhow::Result<[u8; 4]> {
    data.get(..4)
        .and_then(|s| s.try_into().ok())
        .context("revert data shorter than a selector")
}
