//! Stylus deployments through the StylusDeployer (what `cargo stylus deploy` uses): one transaction
//! that creates the program from its init code, activates it (the activation data fee is sent as
//! value; the deployer refunds the excess) and calls its constructor.

use super::RpcBackend;
use crate::backend::Backend;
use alloy_primitives::{address, Address, B256, U256};
use alloy_sol_types::{sol, SolCall, SolEvent};
use anyhow::{anyhow, bail};

/// The StylusDeployer's address on every Arbitrum chain (and in the nitro devnode).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

sol! {
    /// The StylusDeployer's ABI (what `cargo stylus deploy` uses).
    interface IStylusDeployer {
        function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt) external payable returns (address);
        event ContractDeployed(address deployedContract);
    }
}

/// Deploys `<artifacts>/<name>.initcode` with the ABI-encoded `constructor_args` (no constructor
/// call when they are empty); the address comes from the `ContractDeployed` event.
pub(super) fn deploy(
    backend: &mut RpcBackend,
    name: &str,
    constructor_args: &[u8],
) -> anyhow::Result<Address> {
    let path = backend.artifacts.join(format!("{name}.initcode"));
    let initcode = std::fs::read(&path).map_err(|e| {
        anyhow!(
            "cannot read {} ({e}); build it first with `{}`",
            path.display(),
            crate::artifacts::BUILD_COMMAND
        )
    })?;
    let init_data = if constructor_args.is_empty() {
        Vec::new()
    } else {
        stylus_devchain::constructor_calldata(constructor_args)
    };
    let call = IStylusDeployer::deployCall {
        bytecode: initcode.into(),
        initData: init_data.into(),
        initValue: U256::ZERO,
        salt: B256::ZERO,
    };
    let (deployer, value) = (backend.deployer(), backend.activation_value);
    let r = backend.transact(deployer, Some(STYLUS_DEPLOYER), &call.abi_encode(), value)?;
    if !r.success {
        bail!(
            "deploying {name} through the StylusDeployer failed: {} {}",
            r.describe(),
            crate::revert::decode_revert(&r.output).unwrap_or_default()
        );
    }
    r.logs
        .iter()
        .filter(|l| l.address == STYLUS_DEPLOYER)
        .find_map(|l| IStylusDeployer::ContractDeployed::decode_log_data(&l.data, true).ok())
        .map(|e| e.deployedContract)
        .ok_or_else(|| anyhow!("deploying {name}: no ContractDeployed event"))
}
