// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC7641} from "./IERC7641.sol";

/// @title IRevShareToken
/// @notice The whole ABI of the IMO RevShare token (contracts/revshare-token, a Stylus contract):
/// ERC-20 + metadata, EIP-2612 permit, ERC-165, Ownable, ERC-7641 and the IMO additions.
/// @dev Constructor (Stylus `#[constructor]`, run by the StylusDeployer):
/// `constructor(string name, string symbol, uint256 initialSupply, address initialHolder,
///  uint16 claimableBps, uint64 snapshotInterval, uint32 claimWindow, address owner)`.
/// Name and symbol are at most 31 bytes each; initialSupply at most 2^128 - 1; claimableBps at
/// most 10000; claimWindow at least 1. A clone (EIP-1167 proxy of a deployed token) is set up once
/// with `initialize`, which takes the constructor's parameters. The EIP-712 domain of `permit` is
/// (name(), version "1", chain id, this contract), as `eip712Domain()` (ERC-5267) reports.
interface IRevShareToken is IERC7641 {
    // ---------------------------------------------------------------- ERC-20
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function totalSupply() external view returns (uint256);
    function balanceOf(address account) external view returns (uint256);
    function transfer(address to, uint256 value) external returns (bool);
    function allowance(address owner, address spender) external view returns (uint256);
    function approve(address spender, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);

    // ------------------------------------------------------- ERC-20 metadata
    function name() external view returns (string memory);
    function symbol() external view returns (string memory);
    function decimals() external view returns (uint8);

    // ------------------------------------------------------ EIP-2612 permit
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external;
    function nonces(address owner) external view returns (uint256);
    function DOMAIN_SEPARATOR() external view returns (bytes32);

    // ------------------------------------------------------------- ERC-5267
    /// @notice The EIP-712 domain of `permit`: fields 0x0f (name, version, chainId,
    /// verifyingContract), name(), "1", the chain id, this contract, no salt, no extensions.
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        );

    // --------------------------------------------------------------- ERC-165
    /// @notice True for IERC20 (0x36372b07), IERC7641 (0xed7b2e4e), IERC165 (0x01ffc9a7),
    /// IERC20Metadata, IERC20Permit and IOwnable (OpenZeppelin's ids).
    function supportsInterface(bytes4 interfaceId) external view returns (bool);

    // --------------------------------------------------------------- Ownable
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    function owner() external view returns (address);
    function transferOwnership(address newOwner) external;
    function renounceOwnership() external;

    // ----------------------------------------------------- IMO additions
    /// @notice ETH arrived through `receive()` or `depositRevenue()`.
    event RevenueReceived(address indexed from, uint256 amount);
    /// @notice Snapshot `id` was taken (OpenZeppelin's `ERC20Snapshot` event, as ORA's token emits).
    event Snapshot(uint256 id);
    /// @notice What snapshot `id` assigned: `claimable` wei for its holders, `toRedeemPool` wei to the pool.
    event SnapshotRevenue(uint256 indexed id, uint256 claimable, uint256 toRedeemPool);
    /// @notice `account` claimed `amount` wei of snapshot `snapshotId`.
    event RevenueClaimed(address indexed account, uint256 indexed snapshotId, uint256 amount);
    /// @notice `account` burned `burned` tokens and was paid `paid` wei.
    event Redeemed(address indexed account, uint256 burned, uint256 paid);
    event RevenueSourceAdded(address indexed oracle, uint256 indexed modelId);
    event RevenueSourceRemoved(address indexed oracle, uint256 indexed modelId);
    /// @notice `claimModelRevenue(modelId)` on `oracle` reverted during a snapshot, which went on.
    event RevenueSourceFailed(address indexed oracle, uint256 indexed modelId);

    /// @notice Sets up a clone (an EIP-1167 proxy of a deployed token): the constructor's parameters,
    /// checks and events, once. Reverts `AlreadyInitialized` on a token already set up, including every
    /// token deployed with the constructor (so the implementation cannot be initialized).
    function initialize(
        string calldata name,
        string calldata symbol,
        uint256 initialSupply,
        address initialHolder,
        uint16 claimableBps,
        uint64 snapshotInterval,
        uint32 claimWindow,
        address owner
    ) external;

    /// @notice Any ETH sent with no call data is revenue.
    receive() external payable;

    /// @notice Deposits the attached ETH as revenue.
    function depositRevenue() external payable;

    /// @notice Claims several snapshots in one transaction (reverts as a whole). Selector 0x62abebce.
    function claimBatch(uint256[] calldata snapshotIds) external;

    function currentSnapshotId() external view returns (uint256);
    /// @notice `account`'s balance at the end of the second (block.timestamp) in which snapshot
    /// `snapshotId` was taken; reverts `SnapshotNotFinal` during that second. A balance held only
    /// within one transaction or one second (a flash loan) never counts.
    function balanceOfAt(address account, uint256 snapshotId) external view returns (uint256);
    /// @notice The total supply at the end of the snapshot's second; `SnapshotNotFinal` during it.
    function totalSupplyAt(uint256 snapshotId) external view returns (uint256);
    function claimableAt(uint256 snapshotId) external view returns (uint256);
    function claimedAt(uint256 snapshotId) external view returns (uint256);
    /// @notice Wei received since the last snapshot and not yet assigned. A snapshot taken while the
    /// total supply is 0 assigns nothing: that revenue stays pending (nobody can ever claim it).
    function pendingRevenue() external view returns (uint256);
    function redeemPool() external view returns (uint256);
    function claimWindow() external view returns (uint32);
    function claimableBps() external view returns (uint16);
    function snapshotInterval() external view returns (uint64);
    /// @notice Time of the last snapshot (the deployment's before the first: the first snapshot comes
    /// one interval after the deployment). A snapshot is final once this second has passed; at most
    /// one snapshot is taken per second.
    function lastSnapshotTimestamp() external view returns (uint64);
    /// A revenue source: `snapshot()` calls `oracle.claimModelRevenue(modelId)`.
    struct RevenueSource {
        address oracle;
        uint256 modelId;
    }

    /// @notice The revenue sources swept by `snapshot()` (at most 4).
    function revenueSources() external view returns (RevenueSource[] memory);
    /// @notice Owner only.
    function addRevenueSource(address oracle, uint256 modelId) external;
    /// @notice Owner only.
    function removeRevenueSource(address oracle, uint256 modelId) external;

    // ---------------------------------------------------------------- errors
    error SnapshotTooEarly(uint64 nextAllowedAt);
    error SnapshotNotClaimable(uint256 snapshotId);
    error AlreadyClaimed(address account, uint256 snapshotId);
    error NothingToClaim(address account, uint256 snapshotId);
    error SnapshotNotFound(uint256 snapshotId);
    /// @notice The snapshot was taken in the current second: its balances are not final yet.
    error SnapshotNotFinal(uint256 snapshotId);
    error ReentrantCall();
    error EthTransferFailed(address to, uint256 amount);
    error InvalidClaimableBps(uint16 claimableBps);
    error InvalidClaimWindow();
    error InvalidInitialSupply(uint256 initialSupply);
    error TooManyRevenueSources(uint256 max);
    error RevenueSourceExists(address oracle, uint256 modelId);
    error RevenueSourceNotFound(address oracle, uint256 modelId);
    error InvalidRevenueSource(address oracle);
    error InvalidMetadata();
    error AccountingOverflow();
    error AlreadyInitialized();
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    error ERC20InvalidSender(address sender);
    error ERC20InvalidReceiver(address receiver);
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    error ERC20InvalidSpender(address spender);
    error ERC20InvalidApprover(address approver);
    error ERC2612ExpiredSignature(uint256 deadline);
    error ERC2612InvalidSigner(address signer, address owner);
    error ECDSAInvalidSignature();
    error ECDSAInvalidSignatureS(bytes32 s);
    error OwnableUnauthorizedAccount(address account);
    error OwnableInvalidOwner(address owner);
}
