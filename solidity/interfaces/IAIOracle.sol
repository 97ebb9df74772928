// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IAIOracle
/// @notice The ORA-compatible part of the IMO AI Oracle (contracts/ai-oracle): what an existing dApp
/// written for ORA's AI Oracle calls. Signatures, selectors and event topics are exactly ORA's.
interface IAIOracle {
    /// @notice A single inference request.
    event AICallbackRequest(
        address indexed account,
        uint256 indexed requestId,
        uint256 modelId,
        bytes input,
        address callbackContract,
        uint64 gasLimit,
        bytes callbackData
    );

    /// @notice A batch inference request.
    event AICallbackRequest(
        address indexed account,
        uint256 indexed requestId,
        uint256 modelId,
        bytes input,
        address callbackContract,
        uint64 gasLimit,
        bytes callbackData,
        uint8 inputDA,
        uint8 outputDA,
        uint256 batchSize
    );

    /// @notice A result was delivered (also emitted when a challenge corrects a result).
    event AICallbackResult(address indexed account, uint256 indexed requestId, address invoker, bytes output);

    /// @notice Requests one inference. Pay at least `estimateFee(modelId, gasLimit)`; any excess is
    /// credited to the caller (withdrawable), never sent back. `callbackContract` must be zero exactly
    /// when `gasLimit` is zero. Selector 0x5b953806.
    function requestCallback(
        uint256 modelId,
        bytes calldata input,
        address callbackContract,
        uint64 gasLimit,
        bytes calldata callbackData
    ) external payable returns (uint256 requestId);

    /// @notice Requests `batchSize` inferences. DA: 0 calldata, 1 blob, 2 IPFS (not for inputs).
    /// Selector 0x409694fa.
    function requestBatchInference(
        uint256 batchSize,
        uint256 modelId,
        bytes calldata input,
        address callbackContract,
        uint64 gasLimit,
        bytes calldata callbackData,
        uint8 inputDA,
        uint8 outputDA
    ) external payable returns (uint256 requestId);

    /// @notice `model.fee + max(basefee, minGasPrice) * gasLimit`. Selector 0x00e1d8d0.
    function estimateFee(uint256 modelId, uint256 gasLimit) external view returns (uint256);

    /// @notice `batchSize * model.fee + max(basefee, minGasPrice) * gasLimit`. Selector 0x5170b6af.
    function estimateFeeBatch(uint256 modelId, uint256 gasLimit, uint256 batchSize) external view returns (uint256);

    /// @notice Delivered, no open challenge, and corrected by a challenge or past the challenge window.
    /// Selector 0x33727c4d.
    function isFinalized(uint256 requestId) external view returns (bool);

    /// @notice Selector 0x6d361694.
    function getModel(uint256 modelId)
        external
        view
        returns (
            bytes32 modelHash,
            bytes32 programHash,
            uint256 fee,
            address receiver,
            uint256 receiverPercentage,
            uint256 accumulateRevenue,
            address token,
            bool unverifiable
        );

    /// @notice Pays the model's accrued revenue to its receiver; anyone may call; no-op when zero.
    /// Selector 0x5638101b.
    function claimModelRevenue(uint256 modelId) external;

    /// @notice A whitelisted, staked node delivers a result. Selector 0x55d15d93.
    function invokeCallback(uint256 requestId, bytes calldata output) external;

    /// @notice A node answers a request it cannot serve (codes: 0 InvalidInput, 1 InvalidBatchSize).
    /// Selector 0x67a16913.
    function feedbackError(uint256 requestId, uint8 code, bytes calldata message) external;

    /// @notice Anyone re-delivers the current result (hash-checked). Selector 0x3c785493.
    function updateResult(uint256 requestId, bytes calldata output) external;
}
