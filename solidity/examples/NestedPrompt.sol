// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {AIOracleCallbackReceiver} from "../src/AIOracleCallbackReceiver.sol";

/// @title NestedPrompt: the first answer becomes the second prompt.
/// @notice `ask` pays for a first inference; its callback requests a second inference on the
///         answer, paid from this contract's balance (pre-fund it). This is a request made from
///         inside a callback: the oracle is re-entered, which the IMO oracle supports.
contract NestedPrompt is AIOracleCallbackReceiver {
    uint64 public constant CALLBACK_GAS_LIMIT = 1_000_000;

    /// requestId => 1 for a first request, 2 for a nested one.
    mapping(uint256 => uint8) public depth;
    /// requestId => answer.
    mapping(uint256 => bytes) public answers;
    /// first requestId => the nested requestId it started.
    mapping(uint256 => uint256) public nestedOf;
    uint256 public immutable modelId;

    event FirstAnswer(uint256 indexed requestId, uint256 nestedRequestId, bytes output);
    event SecondAnswer(uint256 indexed requestId, bytes output);

    error UnknownRequest(uint256 requestId);
    error CannotPayNestedFee(uint256 fee, uint256 balance);

    constructor(IAIOracle oracle, uint256 model) AIOracleCallbackReceiver(oracle) {
        modelId = model;
    }

    /// Fee of one request (send it with `ask`; pre-fund the contract with another for the nested one).
    function estimateFee() public view returns (uint256) {
        return aiOracle.estimateFee(modelId, CALLBACK_GAS_LIMIT);
    }

    function ask(bytes calldata prompt) external payable returns (uint256 requestId) {
        requestId = aiOracle.requestCallback{value: msg.value}(modelId, prompt, address(this), CALLBACK_GAS_LIMIT, "");
        depth[requestId] = 1;
    }

    function aiOracleCallback(uint256 requestId, bytes calldata output, bytes calldata)
        external
        override
        onlyAIOracleCallback
    {
        uint8 d = depth[requestId];
        if (d == 0) revert UnknownRequest(requestId);
        answers[requestId] = output;
        if (d == 1) {
            if (nestedOf[requestId] != 0) return; // a re-delivery: the nested request exists already
            uint256 fee = estimateFee();
            if (address(this).balance < fee) revert CannotPayNestedFee(fee, address(this).balance);
            uint256 nested =
                aiOracle.requestCallback{value: fee}(modelId, output, address(this), CALLBACK_GAS_LIMIT, "");
            depth[nested] = 2;
            nestedOf[requestId] = nested;
            emit FirstAnswer(requestId, nested, output);
        } else {
            emit SecondAnswer(requestId, output);
        }
    }

    receive() external payable {}
}
