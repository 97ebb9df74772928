//! The verifier's events.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;

sol! {
    /// `node` was whitelisted.
    #[derive(Debug, PartialEq)]
    event NodeAdded(address indexed node);
    /// `node` was removed from the whitelist.
    #[derive(Debug, PartialEq)]
    event NodeRemoved(address indexed node);
    /// `node` added `amount` to its stake.
    #[derive(Debug, PartialEq)]
    event Staked(address indexed node, uint256 amount);
    /// `node` moved `amount` of stake into unbonding, withdrawable from `availableAt`.
    #[derive(Debug, PartialEq)]
    event UnstakeRequested(address indexed node, uint256 amount, uint64 availableAt);
    /// `node` withdrew `amount` of unbonded stake.
    #[derive(Debug, PartialEq)]
    event StakeWithdrawn(address indexed node, uint256 amount);
    /// `amount` of `node`'s stake was slashed for a wrong result of `requestId`: half rewards the
    /// first challenger who claimed the true output, the rest goes to the protocol.
    #[derive(Debug, PartialEq)]
    event Slashed(address indexed node, uint256 indexed requestId, uint256 amount);
    /// A challenge of `requestId` was settled: its bond went back to `challenger` (`won`) or to the
    /// node (or to the protocol, when the node was wrong too).
    #[derive(Debug, PartialEq)]
    event ChallengeSettled(uint256 indexed requestId, address indexed challenger, bool won, uint256 bond);
    /// `amount` went to the protocol (half of a slash, a lost bond when both sides were wrong).
    #[derive(Debug, PartialEq)]
    event ProtocolCredited(uint256 amount);
    /// The owner withdrew `amount` of the protocol's share to `to`.
    #[derive(Debug, PartialEq)]
    event ProtocolWithdrawn(address indexed to, uint256 amount);
    /// `challenger` disputes the result of `requestId`, claiming the right output hashes to `claimedOutputHash`.
    #[derive(Debug, PartialEq)]
    event ChallengeOpened(uint256 indexed requestId, address indexed challenger, bytes32 claimedOutputHash, uint256 bond);
    /// The arbiter resolved the dispute of `requestId`: `challengerWins` when the node's result
    /// was wrong (the true output then replaces it at the oracle).
    #[derive(Debug, PartialEq)]
    event ChallengeResolved(uint256 indexed requestId, bool challengerWins);
    /// `amount` was credited to `account` (a won bond, a returned bond plus slash).
    #[derive(Debug, PartialEq)]
    event Credited(address indexed account, uint256 amount);
    /// `account` withdrew `amount` of credit.
    #[derive(Debug, PartialEq)]
    event CreditWithdrawn(address indexed account, uint256 amount);
    /// The arbiter changed.
    #[derive(Debug, PartialEq)]
    event ArbiterSet(address indexed arbiter);
    /// The minimum challenge bond changed.
    #[derive(Debug, PartialEq)]
    event ChallengeBondSet(uint256 challengeBond);
    /// The dispute game played for `challenger`'s challenge of `requestId` in `round` ended with
    /// `outcome` (1 the defender was right, 2 the challenger, 3 neither; 0: the result had
    /// been replaced meanwhile, the bond went back).
    #[derive(Debug, PartialEq)]
    event GameSettled(uint256 indexed requestId, address indexed challenger, uint32 round, uint8 outcome);
    /// The minimum node stake (also the slash of a lost challenge) changed.
    #[derive(Debug, PartialEq)]
    event MinNodeStakeSet(uint256 minNodeStake);
}
