//! The oracle's events: ORA's (`AICallbackRequest` in two overloads, `AICallbackResult`) and ours.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;

sol! {
    /// A single inference request (ORA ABI, topic
    /// `keccak256("AICallbackRequest(address,uint256,uint256,bytes,address,uint64,bytes)")`).
    #[derive(Debug, PartialEq)]
    event AICallbackRequest(address indexed account, uint256 indexed requestId, uint256 modelId, bytes input,
        address callbackContract, uint64 gasLimit, bytes callbackData);
    /// A node delivered `output` for `requestId` (ORA ABI). Also emitted when a challenge corrects a result.
    #[derive(Debug, PartialEq)]
    event AICallbackResult(address indexed account, uint256 indexed requestId, address invoker, bytes output);
    /// The consumer's callback reverted (or ran out of gas); the result stands.
    #[derive(Debug, PartialEq)]
    event CallbackFailed(uint256 indexed requestId, bytes reason);
    /// A node answered `requestId` with an error; the request is closed and its delivery fee
    /// credited back to the requester.
    #[derive(Debug, PartialEq)]
    event RequestErrored(uint256 indexed requestId, address indexed node, uint8 code, bytes message);
    /// Nobody answered `requestId` in time: its delivery fee `amount` was credited back to `requester`.
    #[derive(Debug, PartialEq)]
    event RequestRefunded(uint256 indexed requestId, address indexed requester, uint256 amount);
    /// A model was registered.
    #[derive(Debug, PartialEq)]
    event ModelAdded(uint256 indexed modelId, address indexed receiver, uint256 fee, uint256 receiverPercentage);
    /// A model's configuration changed.
    #[derive(Debug, PartialEq)]
    event ModelUpdated(uint256 indexed modelId, address indexed receiver, uint256 fee, uint256 receiverPercentage);
    /// A model was removed.
    #[derive(Debug, PartialEq)]
    event ModelRemoved(uint256 indexed modelId);
    /// `amount` of a model's accrued revenue was paid (or, if the receiver refused it, credited) to `receiver`.
    #[derive(Debug, PartialEq)]
    event ModelRevenueClaimed(uint256 indexed modelId, address indexed receiver, uint256 amount);
    /// `node` withdrew `amount` of earnings.
    #[derive(Debug, PartialEq)]
    event EarningsWithdrawn(address indexed node, uint256 amount);
    /// `amount` was credited to `account` (overpayment, returned bond, refused payout).
    #[derive(Debug, PartialEq)]
    event RefundCredited(address indexed account, uint256 amount);
    /// `account` withdrew `amount` of credit.
    #[derive(Debug, PartialEq)]
    event RefundWithdrawn(address indexed account, uint256 amount);
    /// The owner withdrew `amount` of protocol revenue.
    #[derive(Debug, PartialEq)]
    event ProtocolRevenueWithdrawn(address indexed to, uint256 amount);
    /// The owner set the parameters.
    #[derive(Debug, PartialEq)]
    event ParametersSet(uint64 challengeWindow, uint256 minGasPrice, address verifier);
    /// The owner paused (`true`) or unpaused (`false`) new requests.
    #[derive(Debug, PartialEq)]
    event PausedSet(bool paused);
    /// A callback contract was (un)blacklisted.
    #[derive(Debug, PartialEq)]
    event BlacklistSet(address indexed account, bool blacklisted);
    /// The owner set the account allowed to register models (zero: none).
    #[derive(Debug, PartialEq)]
    event RegistrarSet(address indexed registrar);
}

/// The batch overload of `AICallbackRequest` lives in its own module: Solidity allows overloaded
/// events, Rust items need distinct paths.
pub mod batch {
    #![allow(missing_docs)]
    use alloy_sol_types::sol;
    sol! {
        /// A batch inference request (ORA ABI, the overload with DA fields and batch size).
        #[derive(Debug, PartialEq)]
        event AICallbackRequest(address indexed account, uint256 indexed requestId, uint256 modelId, bytes input,
            address callbackContract, uint64 gasLimit, bytes callbackData, uint8 inputDA, uint8 outputDA,
            uint256 batchSize);
    }
}

/// Calldata of the consumer callbacks (ORA's `IAIOracleCallbackReceiver`, declared for callers in
/// `imo_common::interfaces`): the oracle encodes it itself so both callbacks share one bounded
/// call path.
pub mod callbacks {
    #![allow(missing_docs)]
    use alloy_sol_types::sol;
    sol! {
        /// `aiOracleCallback` (selector `0xb0347814`).
        function aiOracleCallback(uint256 requestId, bytes output, bytes callbackData);
        /// `aiOracleCallbackError` (selector `0x8e6fd006`).
        function aiOracleCallbackError(uint256 requestId, uint8 code, bytes message, bytes callbackData);
    }
}
