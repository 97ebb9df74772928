// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IERC7641
/// @notice ERC-7641 Intrinsic RevShare Token: an ERC-20 whose holders share the revenue the token
/// contract receives, through periodic snapshots (pro-rata claims) and burn-to-redeem.
/// @dev The EIP publishes no ERC-165 id; the IMO project uses the XOR of the five selectors
/// below, 0xed7b2e4e. The EIP declares `IERC7641 is IERC20`; the ERC-20 part is in
/// IRevShareToken.sol so that this file stands alone.
interface IERC7641 {
    /// @notice Wei `account` can claim from snapshot `snapshotId` (0 when already claimed, outside
    /// the claim window, unknown, or when the snapshot's supply is 0).
    function claimableRevenue(address account, uint256 snapshotId) external view returns (uint256); // 0x2be2bb11

    /// @notice Pays the caller its share of snapshot `snapshotId`, once.
    function claim(uint256 snapshotId) external; // 0x379607f5

    /// @notice Takes a snapshot of balances and of the revenue received since the previous one.
    /// @return The new snapshot id.
    function snapshot() external returns (uint256); // 0x9711715a

    /// @notice Wei paid for burning `amount` tokens now.
    function redeemableOnBurn(uint256 amount) external view returns (uint256); // 0x24888f98

    /// @notice Burns `amount` of the caller's tokens and pays what they redeem.
    function burn(uint256 amount) external; // 0x42966c68
}
