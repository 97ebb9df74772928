// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IRevShareToken} from "../interfaces/IRevShareToken.sol";
import {IModelGovernor} from "../interfaces/IModelGovernor.sol";

/// @title The flash-loan snapshot attack of issue 14 (attack 2), as a test fixture.
/// @notice A contract that holds no tokens borrows a large share of the supply, calls
///         `snapshot()`, proposes a grant of the governor's treasury to itself, votes on an open
///         proposal and claims the new snapshot, then repays, all in one transaction. Against a
///         token whose snapshots read balances at the moment they are taken, it would collect the
///         snapshot's revenue and pass the proposal with borrowed weight. The IMO token's
///         snapshots hold the balances at the end of their second, so every step gets nothing:
///         the tests (contracts/revshare-token/tests/flash_loan.rs) run it on the devchain and
///         check what each step got.

/// @notice Receives a flash loan.
interface IFlashBorrower {
    function onFlashLoan(IRevShareToken token, uint256 amount, bytes calldata data) external;
}

/// @notice Lends the tokens it holds for the duration of one call, fee-free.
contract FlashLender {
    error NotRepaid(uint256 had, uint256 has);

    /// @notice Sends `amount` of `token` to `borrower`, calls it back, and requires the tokens
    ///         back by the end of the call.
    function flashLoan(IRevShareToken token, uint256 amount, IFlashBorrower borrower, bytes calldata data)
        external
    {
        uint256 had = token.balanceOf(address(this));
        require(token.transfer(address(borrower), amount));
        borrower.onFlashLoan(token, amount, data);
        uint256 has = token.balanceOf(address(this));
        if (has < had) revert NotRepaid(had, has);
    }
}

/// @notice The attacker. It records what each step returned or the revert data it got.
contract FlashSnapshotAttacker is IFlashBorrower {
    /// @notice Outcome of one step: `ok`, the value it returned, or the revert data.
    struct Step {
        bool ok;
        uint256 value;
        bytes revertData;
    }

    IModelGovernor public immutable governor;
    Step public snapshot;
    Step public proposal;
    Step public vote;
    Step public claim;
    uint256 public heldDuringLoan;

    constructor(IModelGovernor modelGovernor) {
        governor = modelGovernor;
    }

    /// @notice Borrows `amount` from `lender` and runs the attack inside the loan; votes for
    ///         proposal `openProposal` (0 for none).
    function attack(FlashLender lender, IRevShareToken token, uint256 amount, uint256 openProposal) external {
        lender.flashLoan(token, amount, this, abi.encode(openProposal));
    }

    /// @inheritdoc IFlashBorrower
    function onFlashLoan(IRevShareToken token, uint256 amount, bytes calldata data) external {
        uint256 openProposal = abi.decode(data, (uint256));
        heldDuringLoan = token.balanceOf(address(this));

        try token.snapshot() returns (uint256 id) {
            snapshot = Step(true, id, "");
        } catch (bytes memory reason) {
            snapshot = Step(false, 0, reason);
        }

        address[] memory targets = new address[](1);
        targets[0] = address(this);
        uint256[] memory values = new uint256[](1);
        values[0] = address(governor).balance;
        bytes[] memory calldatas = new bytes[](1);
        try governor.propose(targets, values, calldatas, "Grant the treasury to the attacker") returns (uint256 id) {
            proposal = Step(true, id, "");
        } catch (bytes memory reason) {
            proposal = Step(false, 0, reason);
        }

        if (openProposal != 0) {
            try governor.castVote(openProposal, 1) returns (uint256 weight) {
                vote = Step(true, weight, "");
            } catch (bytes memory reason) {
                vote = Step(false, 0, reason);
            }
        }

        uint256 before = address(this).balance;
        try token.claim(snapshot.value) {
            claim = Step(true, address(this).balance - before, "");
        } catch (bytes memory reason) {
            claim = Step(false, 0, reason);
        }

        require(token.transfer(msg.sender, amount));
    }

    /// @notice After the loan: claims snapshot `id` (the revenue of the snapshot it took).
    function claimLater(IRevShareToken token, uint256 id) external {
        uint256 before = address(this).balance;
        try token.claim(id) {
            claim = Step(true, address(this).balance - before, "");
        } catch (bytes memory reason) {
            claim = Step(false, 0, reason);
        }
    }

    /// @notice After the loan: votes for proposal `id`.
    function voteLater(uint256 id) external {
        try governor.castVote(id, 1) returns (uint256 weight) {
            vote = Step(true, weight, "");
        } catch (bytes memory reason) {
            vote = Step(false, 0, reason);
        }
    }

    /// @notice Accepts claims and grants.
    receive() external payable {}
}
