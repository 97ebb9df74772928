// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IRevShareToken} from "../interfaces/IRevShareToken.sol";

/// @title RevShareVault: holds RevShare tokens for many depositors and claims revenue for them.
/// @notice Depositors lock tokens in the vault; the token pays the vault for the balance it held at
///         each snapshot, and the vault splits what it collects pro rata to the deposits as they
///         stood at that snapshot. Deposits are checkpointed by snapshot id (as the token does for
///         balances), so a deposit made after a snapshot's second earns nothing from it, and withdrawing
///         later does not lose what an earlier snapshot earned.
contract RevShareVault {
    /// A deposit amount valid from snapshot `fromSnapshot` on.
    struct Checkpoint {
        uint64 fromSnapshot;
        uint192 amount;
    }

    IRevShareToken public immutable token;

    mapping(address => Checkpoint[]) internal _deposits;
    Checkpoint[] internal _total;
    /// snapshotId => wei the vault collected for it.
    mapping(uint256 => uint256) public collected;
    mapping(uint256 => bool) public isCollected;
    /// snapshotId => depositor => already paid.
    mapping(uint256 => mapping(address => bool)) public paid;

    event Deposited(address indexed account, uint256 amount);
    event Withdrawn(address indexed account, uint256 amount);
    event Collected(uint256 indexed snapshotId, uint256 amount);
    event Paid(address indexed account, uint256 indexed snapshotId, uint256 amount);

    error NothingToPay(address account, uint256 snapshotId);
    error TransferFailed();
    error InsufficientDeposit(uint256 deposited, uint256 requested);

    constructor(IRevShareToken revShareToken) {
        token = revShareToken;
    }

    /// Moves `amount` tokens from the caller into the vault (approve the vault first).
    function deposit(uint256 amount) external {
        _write(_deposits[msg.sender], depositOf(msg.sender) + amount);
        _write(_total, totalDeposits() + amount);
        if (!token.transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
        emit Deposited(msg.sender, amount);
    }

    /// Returns `amount` of the caller's tokens.
    function withdraw(uint256 amount) external {
        uint256 current = depositOf(msg.sender);
        if (amount > current) revert InsufficientDeposit(current, amount);
        _write(_deposits[msg.sender], current - amount);
        _write(_total, totalDeposits() - amount);
        if (!token.transfer(msg.sender, amount)) revert TransferFailed();
        emit Withdrawn(msg.sender, amount);
    }

    /// Claims the vault's revenue of `snapshotId` from the token; anyone may call it, once.
    function collect(uint256 snapshotId) public {
        if (isCollected[snapshotId]) return;
        isCollected[snapshotId] = true;
        uint256 before = address(this).balance;
        token.claim(snapshotId);
        uint256 amount = address(this).balance - before;
        collected[snapshotId] = amount;
        emit Collected(snapshotId, amount);
    }

    /// Pays the caller's share of snapshot `snapshotId`, collecting it from the token first if needed.
    function claim(uint256 snapshotId) external {
        collect(snapshotId);
        uint256 amount = claimable(msg.sender, snapshotId);
        if (amount == 0) revert NothingToPay(msg.sender, snapshotId);
        paid[snapshotId][msg.sender] = true;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
        emit Paid(msg.sender, snapshotId, amount);
    }

    /// What `account` can take from snapshot `snapshotId` once it is collected.
    function claimable(address account, uint256 snapshotId) public view returns (uint256) {
        if (!isCollected[snapshotId] || paid[snapshotId][account]) return 0;
        uint256 total = _at(_total, snapshotId);
        if (total == 0) return 0;
        return collected[snapshotId] * _at(_deposits[account], snapshotId) / total;
    }

    function depositOf(address account) public view returns (uint256) {
        Checkpoint[] storage c = _deposits[account];
        return c.length == 0 ? 0 : c[c.length - 1].amount;
    }

    function totalDeposits() public view returns (uint256) {
        return _total.length == 0 ? 0 : _total[_total.length - 1].amount;
    }

    /// A deposit as it stood when snapshot `snapshotId` was taken.
    function depositAt(address account, uint256 snapshotId) external view returns (uint256) {
        return _at(_deposits[account], snapshotId);
    }

    /// A change now counts from the first snapshot that is not final yet on: the token's snapshots
    /// hold the balances at the end of the second they were taken in, so a change made in the
    /// second of the newest snapshot counts for that snapshot too (as the vault's token balance
    /// does), and any later change from the next snapshot on.
    function _write(Checkpoint[] storage c, uint256 amount) internal {
        uint256 current = token.currentSnapshotId();
        uint64 from = uint64(token.lastSnapshotTimestamp() == block.timestamp ? current : current + 1);
        if (c.length > 0 && c[c.length - 1].fromSnapshot == from) {
            c[c.length - 1].amount = uint192(amount);
        } else {
            c.push(Checkpoint(from, uint192(amount)));
        }
    }

    /// The last checkpoint whose `fromSnapshot <= snapshotId` (binary search).
    function _at(Checkpoint[] storage c, uint256 snapshotId) internal view returns (uint256) {
        uint256 lo = 0;
        uint256 hi = c.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (c[mid].fromSnapshot <= snapshotId) lo = mid + 1;
            else hi = mid;
        }
        return lo == 0 ? 0 : c[lo - 1].amount;
    }

    receive() external payable {}
}
