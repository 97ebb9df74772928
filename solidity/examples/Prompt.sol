// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {AIOracleCallbackReceiver} from "../src/AIOracleCallbackReceiver.sol";

/// @title Prompt: ask a model, keep its answer.
/// @notice One inference per call of `calculateAIResult`; the oracle's callback stores the answer
///         under (modelId, prompt). Works unchanged against ORA's oracle and the IMO Stylus oracle.
contract Prompt is AIOracleCallbackReceiver {
    /// Gas the oracle gives each callback.
    uint64 public constant CALLBACK_GAS_LIMIT = 500_000;

    /// What a request was for.
    struct AIOracleRequest {
        address sender;
        uint256 modelId;
        bytes input;
        bytes output;
    }

    /// requestId => request.
    mapping(uint256 => AIOracleRequest) public requests;
    /// modelId => prompt => answer.
    mapping(uint256 => mapping(string => string)) public prompts;

    event PromptRequest(uint256 requestId, address sender, uint256 modelId, string prompt);
    event PromptsUpdated(uint256 requestId, uint256 modelId, string input, string output, bytes callbackData);

    error UnknownRequest(uint256 requestId);

    constructor(IAIOracle oracle) AIOracleCallbackReceiver(oracle) {}

    /// The fee to send with `calculateAIResult`.
    function estimateFee(uint256 modelId) public view returns (uint256) {
        return aiOracle.estimateFee(modelId, CALLBACK_GAS_LIMIT);
    }

    /// Requests an inference of `prompt` on `modelId`; send `estimateFee(modelId)` (the oracle
    /// credits any excess to this contract).
    function calculateAIResult(uint256 modelId, string calldata prompt) external payable returns (uint256) {
        bytes memory input = bytes(prompt);
        uint256 requestId = aiOracle.requestCallback{value: msg.value}(
            modelId, input, address(this), CALLBACK_GAS_LIMIT, ""
        );
        AIOracleRequest storage request = requests[requestId];
        request.input = input;
        request.sender = msg.sender;
        request.modelId = modelId;
        emit PromptRequest(requestId, msg.sender, modelId, prompt);
        return requestId;
    }

    /// The oracle's delivery (and any corrected re-delivery): stores the answer.
    function aiOracleCallback(uint256 requestId, bytes calldata output, bytes calldata callbackData)
        external
        override
        onlyAIOracleCallback
    {
        AIOracleRequest storage request = requests[requestId];
        if (request.sender == address(0)) revert UnknownRequest(requestId);
        request.output = output;
        prompts[request.modelId][string(request.input)] = string(output);
        emit PromptsUpdated(requestId, request.modelId, string(request.input), string(output), callbackData);
    }

    /// The stored answer for `prompt` on `modelId` ("" until delivered).
    function getAIResult(uint256 modelId, string calldata prompt) external view returns (string memory) {
        return prompts[modelId][prompt];
    }

    /// Accepts the oracle's refunds and pre-funding.
    receive() external payable {}
}
