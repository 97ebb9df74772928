//! Typed transactions and calls (alloy's `sol!` types) on the devchain, for tests and
//! measurements: a call that must succeed, one that must revert (with its raw data or a named
//! error), and a decoded view.

use crate::chain::Devchain;
use crate::receipt::Receipt;
use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::{SolCall, SolError};
use anyhow::{anyhow, bail};

impl Devchain {
    /// Sends `call` from `from` to `to` with `value`, which must succeed: its receipt.
    ///
    /// # Errors
    ///
    /// When the transaction cannot run, or reverts (the error names the call and the revert).
    pub fn send_ok<C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        call: &C,
        value: U256,
    ) -> anyhow::Result<Receipt> {
        let r = self.send(from, to, &call.abi_encode(), value)?;
        if !r.success {
            bail!("{}: {}", C::SIGNATURE, r.describe());
        }
        Ok(r)
    }

    /// Sends `call` from `from` to `to` with `value`, which must revert: its revert data.
    ///
    /// # Errors
    ///
    /// When the transaction cannot run, or succeeds.
    pub fn send_reverting<C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        call: &C,
        value: U256,
    ) -> anyhow::Result<Bytes> {
        let r = self.send(from, to, &call.abi_encode(), value)?;
        if r.success {
            bail!("{} should revert", C::SIGNATURE);
        }
        Ok(r.output)
    }

    /// Sends `call` from `from` to `to` with `value`, which must revert with the error `E`: the
    /// decoded error.
    ///
    /// # Errors
    ///
    /// When the transaction cannot run, succeeds, or reverts with another error (named).
    pub fn send_err<E: SolError, C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        call: &C,
        value: U256,
    ) -> anyhow::Result<E> {
        let data = self.send_reverting(from, to, call, value)?;
        E::abi_decode(&data, true).map_err(|_| {
            anyhow!(
                "{}: expected {}, got {}",
                C::SIGNATURE,
                E::SIGNATURE,
                self.decode_revert(&data)
            )
        })
    }

    /// The read-only call `call` from `from` to `to` (nothing kept), decoded.
    ///
    /// # Errors
    ///
    /// When the call cannot run, reverts, or its return data does not decode.
    pub fn view<C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        call: &C,
    ) -> anyhow::Result<C::Return> {
        let r = self.call(from, to, &call.abi_encode())?;
        if !r.success {
            bail!("{}: {}", C::SIGNATURE, r.describe());
        }
        C::abi_decode_returns(&r.output, true)
            .map_err(|e| anyhow!("decoding {}'s return: {e}", C::SIGNATURE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;
    use alloy_sol_types::sol;

    sol! {
        function answer() external returns (uint256);
        error Nope();
        error Other();
    }

    /// A contract that returns 42 for any call, and one that reverts with `Nope()`.
    fn chain() -> (Devchain, Address, Address) {
        let mut chain = Devchain::new().unwrap();
        let (yes, no) = (
            address!("00000000000000000000000000000000000000a1"),
            address!("00000000000000000000000000000000000000a2"),
        );
        // PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
        chain.set_code(yes, &[0x60, 42, 0x60, 0, 0x52, 0x60, 32, 0x60, 0, 0xf3]);
        // PUSH4 selector PUSH1 224 SHL PUSH1 0 MSTORE PUSH1 4 PUSH1 0 REVERT
        let mut reverts = vec![0x63];
        reverts.extend(Nope::SELECTOR);
        reverts.extend([0x60, 224, 0x1b, 0x60, 0, 0x52, 0x60, 4, 0x60, 0, 0xfd]);
        chain.set_code(no, &reverts);
        (chain, yes, no)
    }

    #[test]
    fn typed_sends_require_the_outcome_they_name() {
        let (mut chain, yes, no) = chain();
        let from = Devchain::DEV_ACCOUNT;
        let call = answerCall {};
        assert!(chain.send_ok(from, yes, &call, U256::ZERO).unwrap().success);
        let err = chain
            .send_ok(from, no, &call, U256::ZERO)
            .expect_err("a revert");
        assert!(err.to_string().contains("answer()"), "{err}");
        assert!(chain.send_reverting(from, yes, &call, U256::ZERO).is_err());
        let _: Nope = chain.send_err(from, no, &call, U256::ZERO).unwrap();
        let err = chain
            .send_err::<Other, _>(from, no, &call, U256::ZERO)
            .err()
            .expect("an error");
        assert!(err.to_string().contains("expected Other()"), "{err}");
    }

    #[test]
    fn a_typed_view_decodes_or_names_the_revert() {
        let (mut chain, yes, no) = chain();
        let from = Devchain::DEV_ACCOUNT;
        assert_eq!(
            chain.view(from, yes, &answerCall {}).unwrap()._0,
            U256::from(42)
        );
        let err = chain
            .view(from, no, &answerCall {})
            .err()
            .expect("an error");
        assert!(err.to_string().contains("answer()"), "{err}");
    }
}
