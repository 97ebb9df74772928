//! Revert data decoded with the errors of every IMO interface.

use crate::bindings::{aigc, imo_oracle, launchpad, revshare, sale, vesting};
use alloy_sol_types::SolInterface;

/// Decodes revert data with the errors of every interface (oracle, verifier, token, NFT, minter,
/// launchpad, sale, vesting), `Error(string)` and `Panic(uint256)`.
pub fn decode_revert(data: &[u8]) -> Option<String> {
    if data.len() < 4 {
        return None;
    }
    if let Ok(e) = imo_oracle::IImoAIOracle::IImoAIOracleErrors::abi_decode(data, true) {
        return Some(format!("oracle: {e:?}"));
    }
    if let Ok(e) =
        imo_oracle::IImoAIOracleVerifier::IImoAIOracleVerifierErrors::abi_decode(data, true)
    {
        return Some(format!("verifier: {e:?}"));
    }
    if let Ok(e) = revshare::IRevShareToken::IRevShareTokenErrors::abi_decode(data, true) {
        return Some(format!("token: {e:?}"));
    }
    if let Ok(e) = aigc::IAigcMinter::IAigcMinterErrors::abi_decode(data, true) {
        return Some(format!("minter: {e:?}"));
    }
    if let Ok(e) = aigc::IAigcNft::IAigcNftErrors::abi_decode(data, true) {
        return Some(format!("nft: {e:?}"));
    }
    if let Ok(e) = launchpad::IImoLaunchpad::IImoLaunchpadErrors::abi_decode(data, true) {
        return Some(format!("launchpad: {e:?}"));
    }
    if let Ok(e) = sale::IImoSale::IImoSaleErrors::abi_decode(data, true) {
        return Some(format!("sale: {e:?}"));
    }
    if let Ok(e) = vesting::IImoVesting::IImoVestingErrors::abi_decode(data, true) {
        return Some(format!("vesting: {e:?}"));
    }
    alloy_sol_types::GenericContractError::abi_decode(data, true)
        .ok()
        .map(|e| format!("{e:?}"))
}
