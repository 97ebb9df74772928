// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IAIOracleCallbackReceiver
/// @notice What the IMO AI Oracle calls on a consumer (ORA-compatible). The oracle forwards exactly the
/// request's `gasLimit`. A consumer must accept a second delivery of the same request: `updateResult`
/// re-delivers, and a successful challenge delivers the corrected output.
interface IAIOracleCallbackReceiver {
    /// @notice The result of `requestId`. Selector 0xb0347814.
    function aiOracleCallback(uint256 requestId, bytes calldata output, bytes calldata callbackData) external;

    /// @notice The node could not serve `requestId`; the request is closed. Selector 0x8e6fd006.
    function aiOracleCallbackError(uint256 requestId, uint8 code, bytes calldata message, bytes calldata callbackData)
        external;
}
