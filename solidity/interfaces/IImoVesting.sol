// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IImoVesting
/// @notice A vesting grant of an IMO's RevShare tokens (contracts/vesting, a Stylus contract), an
/// EIP-1167 clone initialized by the launchpad. Nothing is released before `start + cliff`, then the
/// tokens vest linearly until `start + duration`; anyone may `release()` them to the beneficiary.
/// The sale funds the grant only when it succeeds. The locked tokens' revenue: anyone may
/// `claimRevenue()`, which claims every final snapshot still claimable and forwards it to the
/// revenue recipient (the beneficiary, or the treasury).
interface IImoVesting {
    event VestingInitialized(
        address indexed token,
        address indexed beneficiary,
        address revenueRecipient,
        uint64 start,
        uint64 cliff,
        uint64 duration,
        uint256 amount
    );
    event Released(address indexed beneficiary, uint256 amount);
    event RevenueForwarded(uint256 indexed snapshotId, address indexed to, uint256 amount);

    error AlreadyInitialized();
    error NotAClone();
    error NotInitialized();
    error InvalidAddress(address account);
    error InvalidSchedule(uint64 cliff, uint64 duration);
    error InvalidAmount(uint256 amount);
    error UnsupportedClaimWindow(uint256 window);
    error NothingToRelease();
    error ReentrantCall();
    error TransferFailed(address to, uint256 amount);
    error EthTransferFailed(address to, uint256 amount);
    error UnexpectedEth(address from);

    /// @notice Once, on a clone. `revenueRecipient` zero: the beneficiary.
    function initialize(
        address token,
        address beneficiary,
        address revenueRecipient,
        uint64 start,
        uint64 cliff,
        uint64 duration,
        uint256 amount
    ) external;
    function release() external returns (uint256 amount);
    function claimRevenue() external returns (uint256 forwarded);
    /// @notice Only the grant's token, paying the revenue the grant is claiming.
    receive() external payable;

    function vestedAmount(uint64 timestamp) external view returns (uint256);
    function releasable() external view returns (uint256);
    function grant()
        external
        view
        returns (
            address token,
            address beneficiary,
            address revenueRecipient,
            uint64 start,
            uint64 cliff,
            uint64 duration,
            uint256 amount,
            uint256 released
        );
}
