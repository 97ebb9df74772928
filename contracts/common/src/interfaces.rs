//! Every Solidity interface that one IMO contract calls on another, declared once on the callee's
//! behalf. Each is the subset of the callee's ABI (`solidity/interfaces/`) that callers use;
//! parameter names are snake_case because `sol_interface!` turns them into Rust arguments.
// `sol_interface!` generates undocumented methods and constructors, with one Rust argument per
// Solidity parameter plus the call context (the renderer's `tokenURI`: 7 + 1).
#![allow(missing_docs, clippy::too_many_arguments)]

use alloc::vec;

use stylus_sdk::prelude::sol_interface;

sol_interface! {
    /// The AI Oracle as consumers and the RevShare token call it (ORA's ABI).
    interface IAIOracle {
        function requestCallback(uint256 model_id, bytes calldata input, address callback_contract, uint64 gas_limit, bytes calldata callback_data) external payable returns (uint256);
        function estimateFee(uint256 model_id, uint256 gas_limit) external view returns (uint256);
        function isFinalized(uint256 request_id) external view returns (bool);
        function claimModelRevenue(uint256 model_id) external;
    }

    /// What the AI Oracle calls on a consumer's callback contract (ORA's ABI).
    interface IAIOracleCallbackReceiver {
        function aiOracleCallback(uint256 request_id, bytes calldata output, bytes calldata callback_data) external;
        function aiOracleCallbackError(uint256 request_id, uint8 code, bytes calldata message, bytes calldata callback_data) external;
    }

    /// The AI Oracle's hooks for its verifier (`imo-ai-oracle`, verifier only) and the parameters
    /// the verifier reads.
    interface IImoAIOracle {
        function parameters() external view returns (bool, uint64, uint256, address, uint256);
        function onChallengeOpened(uint256 request_id) external returns (address, bytes32, bytes32);
        function onChallengeResolved(uint256 request_id, uint8 resolution, bytes calldata output) external;
    }

    /// What the dispute game calls on the contract that started a game when the game ends
    /// (`imo-ai-oracle-verifier`). `outcome`: 1 the defender won, 2 the challenger won, 3 both
    /// lost; `output` is the challenger's revealed output when it won, empty otherwise.
    interface IDisputeGameReporter {
        function onGameEnded(uint256 request_id, uint32 round, address challenger, uint8 outcome, bytes calldata output) external;
    }

    /// The verifier as the oracle asks it who may deliver (`imo-ai-oracle-verifier`).
    interface IOracleVerifier {
        function isActiveNode(address node) external view returns (bool);
    }

    /// The RevShare token's snapshot views that voting reads (`imo-revshare-token`). A snapshot
    /// is final (its balances readable) once the second of `lastSnapshotTimestamp` has passed.
    interface IRevShareVotes {
        function currentSnapshotId() external view returns (uint256);
        function lastSnapshotTimestamp() external view returns (uint64);
        function balanceOfAt(address account, uint256 snapshot_id) external view returns (uint256);
        function totalSupplyAt(uint256 snapshot_id) external view returns (uint256);
    }

    /// The AIGC NFT's minter-only side (`imo-aigc-nft`), as its minter calls it.
    interface IAigcNftForMinter {
        function mintTo(address to, bytes calldata prompt) external returns (uint256);
        function addAigcData(uint256 token_id, bytes calldata prompt, bytes calldata aigc_data, bytes calldata proof) external;
        function update(bytes calldata prompt, bytes calldata aigc_data) external;
        function setRoyalty(address receiver, uint96 bps) external;
        /// Declared `string` on the NFT; the ABI encoding is the same, and bytes keep any prompt intact.
        function prompt(uint256 token_id) external view returns (bytes memory);
        function ownerOf(uint256 token_id) external view returns (address);
    }

    /// The AIGC NFT's stateless `tokenURI` renderer (`imo-aigc-renderer`); `minter` names the
    /// model whose hashes the metadata shows.
    interface IAigcRenderer {
        function tokenURI(address minter, string calldata collection, uint256 token_id, bytes calldata prompt, bytes calldata aigc_data, uint256 request_id) external view returns (string memory);
    }
}

/// The calls the IMO launchpad makes on the clones it creates and on the oracle, as `sol!`
/// call types (the launchpad encodes them with `abi_encode` and sends them raw: a
/// `sol_interface!` per callee would add a generic call path for each).
pub mod launch {
    #![allow(missing_docs)]
    use alloy_sol_types::sol;

    sol! {
        /// The RevShare token (`imo-revshare-token`), set up by the launchpad.
        interface ITokenSetup {
            function initialize(string name, string symbol, uint256 initialSupply, address initialHolder, uint16 claimableBps, uint64 snapshotInterval, uint32 claimWindow, address owner) external;
            function transfer(address to, uint256 value) external returns (bool);
            function addRevenueSource(address oracle, uint256 modelId) external;
            function transferOwnership(address newOwner) external;
        }

        /// The governor (`imo-governor`).
        interface IGovernorSetup {
            function initialize(address token, uint64 votingDelay, uint64 votingPeriod, uint16 quorumBps, uint256 proposalThreshold, uint64 executionDelay, uint64 gracePeriod) external;
        }

        /// The sale (`imo-offering`).
        interface ISaleSetup {
            function initialize(address token, address currency, address treasury, address creator, uint64 start, uint64 end, uint256 target, uint256 minimum, uint256 tokensForSale, uint256 minDeposit, uint256 maxPerAddress, bytes32 allowlistRoot, address liquidityRecipient, uint16 liquidityBps, address[] grants, uint256[] grantAmounts) external;
        }

        /// A vesting grant (`imo-vesting`).
        interface IVestingSetup {
            function initialize(address token, address beneficiary, address revenueRecipient, uint64 start, uint64 cliff, uint64 duration, uint256 amount) external;
        }

        /// The AI Oracle's registration by its registrar (`imo-ai-oracle`'s extension).
        interface IOracleRegistrar {
            function registerModel(uint256 modelId, bytes32 modelHash, bytes32 programHash, uint256 fee, address receiver, uint256 receiverPercentage, address token, bool unverifiable) external;
        }
    }
}

/// The `resolution` flags of the oracle's `onChallengeResolved(requestId, resolution, output)`,
/// which the verifier sets and the oracle applies (together, in this order).
pub mod resolution {
    /// The result becomes `output`: its hash is recorded, `AICallbackResult` emitted and the
    /// consumer's callback run again.
    pub const REPLACE: u8 = 1;
    /// The result is final (status `Corrected`): the arbiter's resolution.
    pub const FINAL: u8 = 2;
    /// A fresh challenge window starts now (a corrected result of a verifiable model, or one
    /// whose dispute both sides lost, can be challenged again).
    pub const NEW_WINDOW: u8 = 4;
    /// Other challenges of the result are still being played: it stays challenged.
    pub const STILL_CHALLENGED: u8 = 8;
}
