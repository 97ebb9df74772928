//! Solidity interfaces that more than one IMO contract calls, in one place.
//!
//! Each contract crate is built for WASM on its own, so a contract never depends on another
//! contract crate; the ABIs they use to talk to each other live here instead. Only add an
//! interface here when at least two crates call it; a contract's own ABI lives in its crate.
#![no_std]
extern crate alloc;

use alloc::vec;

use stylus_sdk::prelude::sol_interface;

sol_interface! {
    /// The part of the AI Oracle that consumers and the RevShare token call.
    interface IAIOracle {
        function requestCallback(uint256 model_id, bytes calldata input, address callback_contract, uint64 gas_limit, bytes calldata callback_data) external payable returns (uint256);
        function estimateFee(uint256 model_id, uint256 gas_limit) external view returns (uint256);
        function isFinalized(uint256 request_id) external view returns (bool);
        function claimModelRevenue(uint256 model_id) external;
    }

    /// What the AI Oracle calls on a consumer's callback contract.
    interface IAIOracleCallbackReceiver {
        function aiOracleCallback(uint256 request_id, bytes calldata output, bytes calldata callback_data) external;
        function aiOracleCallbackError(uint256 request_id, uint8 code, bytes calldata message, bytes calldata callback_data) external;
    }
}

sol_interface! {
    /// The AIGC NFT's stateless `tokenURI` renderer (`imo-aigc-renderer`).
    interface IAigcRenderer {
        function tokenURI(string calldata collection, uint256 token_id, bytes calldata prompt, bytes calldata aigc_data, uint256 request_id) external view returns (string memory);
    }
}
