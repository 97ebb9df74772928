// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IAIOracle} from "./IAIOracle.sol";

/// @title IImoAIOracle
/// @notice The whole ABI of the IMO AI Oracle (contracts/ai-oracle): the ORA-compatible part
/// (IAIOracle) plus money, administration, the verifier hooks, events and errors. Challenges, stakes and
/// slashing live in the verifier (IImoAIOracleVerifier below, contracts/ai-oracle-verifier).
interface IImoAIOracle is IAIOracle {
    // ----------------------------------------------------------------- events
    event CallbackFailed(uint256 indexed requestId, bytes reason);
    event RequestErrored(uint256 indexed requestId, address indexed node, uint8 code, bytes message);
    event ModelAdded(uint256 indexed modelId, address indexed receiver, uint256 fee, uint256 receiverPercentage);
    event ModelUpdated(uint256 indexed modelId, address indexed receiver, uint256 fee, uint256 receiverPercentage);
    event ModelRemoved(uint256 indexed modelId);
    event ModelRevenueClaimed(uint256 indexed modelId, address indexed receiver, uint256 amount);
    event EarningsWithdrawn(address indexed node, uint256 amount);
    event RefundCredited(address indexed account, uint256 amount);
    event RefundWithdrawn(address indexed account, uint256 amount);
    event ProtocolRevenueWithdrawn(address indexed to, uint256 amount);
    event ParametersSet(uint64 challengeWindow, uint256 minGasPrice, address verifier);
    event PausedSet(bool paused);
    event BlacklistSet(address indexed account, bool blacklisted);
    /// @notice Nobody answered `requestId` in time: its delivery fee was credited back to `requester`.
    event RequestRefunded(uint256 indexed requestId, address indexed requester, uint256 amount);
    event RegistrarSet(address indexed registrar);
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    // ----------------------------------------------------------------- errors
    error OwnableUnauthorizedAccount(address account);
    error OwnableInvalidOwner(address owner);
    error ModelNotActive(uint256 modelId);
    error ModelAlreadyExists(uint256 modelId);
    error InvalidReceiver(address receiver, uint256 receiverPercentage);
    error RequestsPaused();
    error EmptyInput();
    error InvalidCallback(address callbackContract, uint64 gasLimit);
    error CallbackBlacklisted(address callbackContract);
    error InvalidBatchSize(uint256 batchSize);
    error InvalidDataAvailability(uint8 inputDA, uint8 outputDA);
    error InsufficientFee(uint256 required, uint256 paid);
    error AmountOverflow();
    error UnknownRequest(uint256 requestId);
    error RequestNotPending(uint256 requestId);
    error RequestNotDelivered(uint256 requestId);
    error NotNode(address account);
    error InsufficientGasForCallback(uint256 gasLeft, uint64 gasLimit);
    error OutputHashMismatch(bytes32 expected, bytes32 actual);
    error CallbackReverted(bytes reason);
    error ChallengeWindowClosed(uint256 requestId);
    error NoOpenChallenge(uint256 requestId);
    error NothingToWithdraw();
    error TransferFailed(address to, uint256 amount);
    /// @notice `gasLimit` is above the most a callback may reserve (10,000,000).
    error GasLimitTooHigh(uint64 gasLimit, uint64 max);
    /// @notice The request can be refunded from `refundableAt` (one day after it was made).
    error RequestNotExpired(uint256 requestId, uint64 refundableAt);
    /// @notice Model fees are paid in ETH: ORA's `token` (an ERC-20 fee token) must be zero.
    error UnsupportedFeeToken(address token);

    // ----------------------------------------------------------------- ORA's overload with DA fields
    /// @notice ORA's `requestCallback` with data availability (selector 0x8c2c1ed8): emits the batch
    /// `AICallbackRequest` with `batchSize` 1. DA: 0 calldata, 1 blob, 2 IPFS (not for inputs).
    function requestCallback(
        uint256 modelId,
        bytes calldata input,
        address callbackContract,
        uint64 gasLimit,
        bytes calldata callbackData,
        uint8 inputDA,
        uint8 outputDA
    ) external payable returns (uint256 requestId);

    /// @notice Anyone: closes a request nobody answered within a day and credits its delivery fee back
    /// to the requester (`withdrawRefund`). The model fee is not refunded.
    function refundRequest(uint256 requestId) external;

    // ----------------------------------------------------------------- verifier hooks (verifier only)
    /// @notice Marks a delivered (or already challenged) result as challenged; returns the node, the
    /// output hash and the request's commitment keccak256(abi.encodePacked(modelId, input)).
    function onChallengeOpened(uint256 requestId)
        external
        returns (address node, bytes32 outputHash, bytes32 requestCommitment);
    /// @notice Applies the verifier's resolution flags: REPLACE (1) makes `output` the result and re-runs
    /// the callback, FINAL (2) makes it final (the arbiter's resolution), NEW_WINDOW (4) starts a fresh
    /// challenge window, STILL_CHALLENGED (8) keeps it challenged while other games are played.
    function onChallengeResolved(uint256 requestId, uint8 resolution, bytes calldata output) external;

    // ----------------------------------------------------------------- withdrawals
    function withdrawEarnings() external;
    function withdrawRefund() external;
    /// @notice Owner only: sends the protocol revenue to the owner.
    function withdrawProtocolRevenue() external;

    // ----------------------------------------------------------------- administration (owner only)
    function addModel(
        uint256 modelId,
        bytes32 modelHash,
        bytes32 programHash,
        uint256 fee,
        address receiver,
        uint256 receiverPercentage,
        address token,
        bool unverifiable
    ) external;
    /// @notice Pays the accrued revenue to the old receiver first (credited if it rejects ETH).
    function updateModel(
        uint256 modelId,
        bytes32 modelHash,
        bytes32 programHash,
        uint256 fee,
        address receiver,
        uint256 receiverPercentage,
        address token,
        bool unverifiable
    ) external;
    /// @notice Pays out the accrued revenue first; does not revert when nothing accrued.
    function removeModel(uint256 modelId) external;
    function setParameters(uint64 challengeWindow, uint256 minGasPrice, address verifier) external;
    function setPaused(bool paused) external;
    function setBlacklist(address account, bool blacklisted) external;
    /// @notice Names the account (for an IMO, the launchpad) that may call `registerModel`; zero
    /// for none.
    function setRegistrar(address registrar) external;

    // ----------------------------------------------------------------- registration (registrar only)
    /// @notice `addModel` for the registrar: a new model id only; every other change stays with
    /// the owner.
    function registerModel(
        uint256 modelId,
        bytes32 modelHash,
        bytes32 programHash,
        uint256 fee,
        address receiver,
        uint256 receiverPercentage,
        address token,
        bool unverifiable
    ) external;
    function registrar() external view returns (address);

    // ----------------------------------------------------------------- views
    function earningsOf(address node) external view returns (uint256);
    function refundOf(address account) external view returns (uint256);
    function parameters()
        external
        view
        returns (bool paused, uint64 challengeWindow, uint256 minGasPrice, address verifier, uint256 protocolRevenue);

    // ----------------------------------------------------------------- two-step ownership
    function owner() external view returns (address);
    function pendingOwner() external view returns (address);
    function transferOwnership(address newOwner) external;
    function acceptOwnership() external;
    function renounceOwnership() external;
}

/// @title IImoAIOracleVerifier
/// @notice Node registry and stakes, challenges with bonds, dispute games and slashing
/// (contracts/ai-oracle-verifier). Any number of accounts may challenge one result (one challenge
/// each per round). A verifiable model's dispute (modelHash != 0, not unverifiable) is settled by
/// dispute games (IImoDisputeGame), one per challenge, whose outcomes the game reports with
/// `onGameEnded`; the arbiter cannot resolve it. Any other model's dispute is resolved by the
/// arbiter, who names the true output; a wrong node's slash goes half to the first challenger proven
/// right, half to the protocol; each bond is then settled on its own.
interface IImoAIOracleVerifier {
    event NodeAdded(address indexed node);
    event NodeRemoved(address indexed node);
    event Staked(address indexed node, uint256 amount);
    event UnstakeRequested(address indexed node, uint256 amount, uint64 availableAt);
    event StakeWithdrawn(address indexed node, uint256 amount);
    event Slashed(address indexed node, uint256 indexed requestId, uint256 amount);
    event ChallengeOpened(uint256 indexed requestId, address indexed challenger, bytes32 claimedOutputHash, uint256 bond);
    event ChallengeResolved(uint256 indexed requestId, bool challengerWins);
    event ChallengeSettled(uint256 indexed requestId, address indexed challenger, bool won, uint256 bond);
    event ProtocolCredited(uint256 amount);
    event ProtocolWithdrawn(address indexed to, uint256 amount);
    event Credited(address indexed account, uint256 amount);
    event CreditWithdrawn(address indexed account, uint256 amount);
    event ArbiterSet(address indexed arbiter);
    event ChallengeBondSet(uint256 challengeBond);
    event MinNodeStakeSet(uint256 minNodeStake);
    /// @notice The game of `challenger`'s challenge in `round` ended with `outcome` (1 the defender was
    /// right, 2 the challenger, 3 neither; 0 the result had been replaced meanwhile: the bond came back).
    event GameSettled(uint256 indexed requestId, address indexed challenger, uint32 round, uint8 outcome);
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error OwnableUnauthorizedAccount(address account);
    error OwnableInvalidOwner(address owner);
    error NotArbiter(address account);
    error ChallengeAlreadyOpen(uint256 requestId);
    error NoOpenChallenge(uint256 requestId);
    error DisputeResolved(uint256 requestId);
    error DisputeNotResolved(uint256 requestId);
    error NoChallenge(uint256 requestId, address challenger);
    error InsufficientBond(uint256 required, uint256 paid);
    error ClaimMatchesResult(uint256 requestId);
    error OutputHashMismatch(bytes32 expected, bytes32 actual);
    error AmountOverflow();
    error AmountExceedsStake(uint256 amount, uint256 stake);
    error UnbondingNotOver(uint64 availableAt);
    error NodeHasOpenChallenges(address node);
    error NothingToWithdraw();
    error TransferFailed(address to, uint256 amount);
    /// @notice The oracle rejected the call (e.g. not delivered, window closed); `reason` is its revert data.
    error OracleCallFailed(bytes reason);
    /// @notice The model id and input are not the request's (its commitment differs).
    error RequestMismatch(uint256 requestId);
    /// @notice A verifiable model's dispute: only its dispute games decide it.
    error DisputeByGame(uint256 requestId);
    /// @notice Only the dispute game reports game outcomes.
    error NotDisputeGame(address account);
    /// @notice The dispute game refused to start a game; `reason` is its revert data.
    error GameCallFailed(bytes reason);

    function isActiveNode(address node) external view returns (bool);
    /// @notice Payable: the value sent is the bond (at least challengeBond). `modelId` and `input` are
    /// the request's (checked against the oracle's commitment). A verifiable model's challenge starts
    /// a dispute game against the result's current defender.
    function challenge(uint256 requestId, bytes32 claimedOutputHash, uint256 modelId, bytes calldata input)
        external
        payable;
    /// @notice Arbiter only, models not registered as verifiable: names the true output (the node's, or
    /// `correctOutput`).
    function resolveChallenge(uint256 requestId, bool challengerWins, bytes calldata correctOutput) external;
    /// @notice The dispute game only: applies the outcome of the game played for `challenger`'s
    /// challenge in `round` (`output`: the challenger's revealed output when it won).
    function onGameEnded(uint256 requestId, uint32 round, address challenger, uint8 outcome, bytes calldata output)
        external;
    /// @notice Anyone. Arbiter's disputes, after the resolution: returns or forfeits `challenger`'s bond.
    /// Disputes by game: releases the collateral of the challenger defending a replaced result once
    /// that result is final.
    function settleChallenge(uint256 requestId, address challenger) external;
    function stake() external payable;
    function requestUnstake(uint256 amount) external;
    function withdrawStake() external;
    function withdrawCredit() external;
    function addNode(address node) external;
    function removeNode(address node) external;
    function setArbiter(address arbiter) external;
    function setChallengeBond(uint256 challengeBond) external;
    function setMinNodeStake(uint256 minNodeStake) external;
    function nodeInfo(address node)
        external
        view
        returns (bool whitelisted, uint256 stake, uint256 unbonding, uint64 unbondingEnd, uint32 openChallenges);
    function getChallenge(uint256 requestId, uint32 round, address challenger)
        external
        view
        returns (uint256 bond, bytes32 claimedOutputHash, bool settled, uint64 gameId);
    function getDispute(uint256 requestId)
        external
        view
        returns (address node, uint32 unsettledChallenges, bool resolved, bool nodeRight, bytes32 trueOutputHash);
    /// @notice A dispute by game: the current round, its defender, the defender's collateral (a
    /// challenger that replaced the result), the games still open and whether it was slashed.
    function getRound(uint256 requestId)
        external
        view
        returns (bool byGame, uint32 round, address defender, uint256 collateral, uint32 openGames, bool slashed);
    function protocolBalance() external view returns (uint256);
    /// @notice Owner only: sends the protocol's share to the owner.
    function withdrawProtocol() external;
    function creditOf(address account) external view returns (uint256);
    function oracle() external view returns (address);
    function arbiter() external view returns (address);
    function disputeGame() external view returns (address);
    function challengeBond() external view returns (uint256);
    function minNodeStake() external view returns (uint256);
    function owner() external view returns (address);
    function pendingOwner() external view returns (address);
    function transferOwnership(address newOwner) external;
    function acceptOwnership() external;
    function renounceOwnership() external;
}
