// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IModelGovernor
/// @notice The whole ABI of the IMO model governor (contracts/governor, a Stylus contract): an ETH
/// treasury and proposals voted by the holders of the model's RevShare token (ERC-7641) with their
/// balances at the token's newest final snapshot when the proposal was created (a snapshot holds
/// the balances at the end of the second it was taken in and is final after that second; a
/// proposal made in a snapshot's own second uses the snapshot before it).
/// @dev Constructor (Stylus `#[constructor]`, run by the StylusDeployer):
/// `constructor(address token, uint64 votingDelay, uint64 votingPeriod, uint16 quorumBps,
///  uint256 proposalThreshold, uint64 executionDelay, uint64 gracePeriod)`; a clone (EIP-1167
/// proxy of a deployed governor) is set up once with `initialize`, which takes the same parameters.
/// Proposal ids are 1, 2, 3, ... Timeline of a proposal created at time `t`:
/// voting is open from `voteStart = t + votingDelay` to `voteEnd = voteStart + votingPeriod`
/// (both inclusive); a passed proposal is executable from `eta = voteEnd + executionDelay`
/// (and after `voteEnd`) until `deadline = eta + gracePeriod` (exclusive), then it is Expired. It
/// passes when `for + abstain >= quorum` and `for > against`, where
/// `quorum = totalSupplyAt(snapshotId) * quorumBps / 10000` is fixed at creation.
interface IModelGovernor {
    /// @notice OpenZeppelin's `IGovernor.ProposalState` numbering. `Queued` here means "passed,
    /// waiting out the execution delay"; `Succeeded` means "passed and executable now";
    /// `Expired` means "passed, not executed before its deadline".
    enum ProposalState {
        Pending,
        Active,
        Canceled,
        Defeated,
        Succeeded,
        Queued,
        Expired,
        Executed
    }

    /// @notice The return value of `proposalActions`. stylus-sdk 0.9 encodes a returned tuple
    /// that has dynamic members as one tuple, so the ABI of that view is a single struct.
    struct ProposalActions {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
    }

    // ---------------------------------------------------------------- events
    /// @notice OpenZeppelin's `IGovernor` event; `signatures` holds one empty string per call.
    event ProposalCreated(
        uint256 proposalId,
        address proposer,
        address[] targets,
        uint256[] values,
        string[] signatures,
        bytes[] calldatas,
        uint256 voteStart,
        uint256 voteEnd,
        string description
    );
    /// @notice OpenZeppelin's `IGovernor` event; `reason` is empty.
    event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason);
    event ProposalCanceled(uint256 proposalId);
    event ProposalExecuted(uint256 proposalId);
    event ParametersSet(
        uint64 votingDelay,
        uint64 votingPeriod,
        uint16 quorumBps,
        uint256 proposalThreshold,
        uint64 executionDelay,
        uint64 gracePeriod
    );
    event Deposited(address indexed from, uint256 amount);

    // ---------------------------------------------------------------- errors
    error InvalidProposalLength(uint256 targets, uint256 values, uint256 calldatas);
    error ValueTooLarge(uint256 index, uint256 value);
    error NoSnapshot();
    error InsufficientProposerVotes(address proposer, uint256 votes, uint256 threshold);
    error NonexistentProposal(uint256 proposalId);
    error UnexpectedProposalState(uint256 proposalId, uint8 current);
    error AlreadyCastVote(address voter);
    error InvalidVoteType(uint8 support);
    error NoVotingPower(address voter, uint256 snapshotId);
    error OnlyProposer(address account);
    error OnlyGovernance(address account);
    /// @notice Call `index` of the proposal reverted with `reason` (the callee's revert data).
    error CallReverted(uint256 index, bytes reason);
    error TokenCallFailed(address token);
    error InvalidToken();
    error InvalidVotingPeriod();
    error InvalidGracePeriod();
    error AlreadyInitialized();
    error InvalidQuorumBps(uint16 quorumBps);
    error DurationTooLong(uint64 duration, uint64 max);
    error Overflow();

    // -------------------------------------------------------------- treasury
    /// @notice Anyone may fund the treasury by sending ETH with empty call data.
    receive() external payable;

    // ------------------------------------------------------------- proposals
    /// @notice Creates a proposal of 1 to 16 calls (values below 2^96). The caller must hold at
    /// least `proposalThreshold` at the token's current snapshot, which gives the voting weights.
    function propose(address[] calldata targets, uint256[] calldata values, bytes[] calldata calldatas, string calldata description)
        external
        returns (uint256 proposalId);
    /// @notice Votes with the caller's balance at the proposal's snapshot: 0 against, 1 for,
    /// 2 abstain. Returns the weight.
    function castVote(uint256 proposalId, uint8 support) external returns (uint256 weight);
    /// @notice Runs a Succeeded proposal's calls in order (anyone may call it). Any failing call
    /// reverts the whole execution with `CallReverted(index, reason)`.
    function execute(uint256 proposalId) external;
    /// @notice Cancels a Pending or Active proposal. Proposer only.
    function cancel(uint256 proposalId) external;
    /// @notice Sets up a clone: the constructor's parameters, checks and event, once. Reverts
    /// `AlreadyInitialized` on a governor already set up (including every one deployed with the
    /// constructor, so the implementation cannot be initialized).
    function initialize(
        address token,
        uint64 votingDelay,
        uint64 votingPeriod,
        uint16 quorumBps,
        uint256 proposalThreshold,
        uint64 executionDelay,
        uint64 gracePeriod
    ) external;
    /// @notice Sets every parameter. Only the governor itself (a passed proposal).
    function setParameters(
        uint64 votingDelay,
        uint64 votingPeriod,
        uint16 quorumBps,
        uint256 proposalThreshold,
        uint64 executionDelay,
        uint64 gracePeriod
    ) external;

    // ----------------------------------------------------------------- views
    /// @notice A `ProposalState` value; reverts with `NonexistentProposal` for an unknown id.
    function state(uint256 proposalId) external view returns (uint8);
    function proposalVotes(uint256 proposalId)
        external
        view
        returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);
    function proposal(uint256 proposalId)
        external
        view
        returns (
            address proposer,
            uint256 snapshotId,
            uint64 voteStart,
            uint64 voteEnd,
            uint64 eta,
            uint256 quorum,
            bool executed,
            bool canceled
        );
    /// @notice The time from which a passed proposal can no longer be executed (0 for an unknown id).
    function proposalDeadline(uint256 proposalId) external view returns (uint64);
    function proposalActions(uint256 proposalId) external view returns (ProposalActions memory);
    function hasVoted(uint256 proposalId, address account) external view returns (bool);
    function proposalCount() external view returns (uint256);
    function token() external view returns (address);
    function votingDelay() external view returns (uint64);
    function votingPeriod() external view returns (uint64);
    function quorumBps() external view returns (uint16);
    function proposalThreshold() external view returns (uint256);
    function executionDelay() external view returns (uint64);
    /// @notice Seconds a passed proposal stays executable after its execution delay.
    function gracePeriod() external view returns (uint64);
}
