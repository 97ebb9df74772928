// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {IAIOracleCallbackReceiver} from "../interfaces/IAIOracleCallbackReceiver.sol";

/// @title Base for contracts that receive AI Oracle callbacks (in the spirit of ORA's).
/// @notice Stores the oracle, restricts the callbacks to it, and gives a default error hook.
///         Implement `aiOracleCallback` with the `onlyAIOracleCallback` modifier. The oracle may
///         deliver a request more than once (a correction after a won challenge, `updateResult`):
///         make the callback idempotent.
abstract contract AIOracleCallbackReceiver is IAIOracleCallbackReceiver {
    /// The oracle this contract trusts.
    IAIOracle public immutable aiOracle;

    /// A callback came from `found`, not from the oracle.
    error UnauthorizedCallbackSource(IAIOracle expected, address found);

    /// The oracle reported that it could not serve `requestId`.
    event AIOracleCallbackError(uint256 indexed requestId, uint8 code, bytes message);

    constructor(IAIOracle oracle) {
        aiOracle = oracle;
    }

    /// Only the oracle may call.
    modifier onlyAIOracleCallback() {
        if (msg.sender != address(aiOracle)) revert UnauthorizedCallbackSource(aiOracle, msg.sender);
        _;
    }

    /// @inheritdoc IAIOracleCallbackReceiver
    function aiOracleCallback(uint256 requestId, bytes calldata output, bytes calldata callbackData) external virtual;

    /// @inheritdoc IAIOracleCallbackReceiver
    /// @dev Default: record the error. Override to retry or refund.
    function aiOracleCallbackError(uint256 requestId, uint8 code, bytes calldata message, bytes calldata)
        external
        virtual
        onlyAIOracleCallback
    {
        emit AIOracleCallbackError(requestId, code, message);
    }
}
