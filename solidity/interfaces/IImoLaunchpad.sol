// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IImoLaunchpad
/// @notice The IMO launchpad (contracts/launchpad, a Stylus contract): `launch` creates a model's
/// RevShare token, its governor (the treasury), its vesting grants and its sale as EIP-1167 clones
/// (CREATE2) of deployed implementations, initializes each in the same transaction, moves the
/// supply (the sale gets the tokens for sale, the liquidity tokens and the grants; the governor the
/// rest), makes the AI Oracle the token's revenue source, registers the model in the oracle when
/// asked (the launchpad must be the oracle's registrar: `IImoAIOracle.setRegistrar`), hands the
/// token's ownership to the governor and emits `Launched`.
/// @dev Constructor (Stylus `#[constructor]`):
/// `constructor(address token, address governor, address sale, address vesting, address oracle)`:
/// the implementations (token and governor deployed with their constructors, so they are locked)
/// and the oracle (zero: none).
interface IImoLaunchpad {
    struct TokenParams {
        string name;
        string symbol;
        uint256 supply;
        uint16 claimableBps;
        uint64 snapshotInterval;
        uint32 claimWindow;
    }

    struct GovernorParams {
        uint64 votingDelay;
        uint64 votingPeriod;
        uint16 quorumBps;
        uint256 proposalThreshold;
        uint64 executionDelay;
        uint64 gracePeriod;
    }

    /// @notice The sale's terms (see IImoSale.initialize): the treasury is the governor and the
    /// creator (who may cancel before the start) the caller of `launch`.
    struct SaleParams {
        address currency;
        uint64 start;
        uint64 end;
        uint256 target;
        uint256 minimum;
        uint256 tokensForSale;
        uint256 minDeposit;
        uint256 maxPerAddress;
        bytes32 allowlistRoot;
        address liquidityRecipient;
        uint16 liquidityBps;
    }

    /// @notice A vesting grant from the sale's end; its locked tokens' revenue to the beneficiary,
    /// or to the treasury.
    struct GrantParams {
        address beneficiary;
        uint256 amount;
        uint64 cliff;
        uint64 duration;
        bool revenueToTreasury;
    }

    /// @notice The model in the oracle: `modelId` 0 for none; `register` to register it now
    /// (otherwise the oracle's owner adds it with `receiver = token` in a second transaction).
    struct ModelParams {
        uint256 modelId;
        bytes32 modelHash;
        bytes32 programHash;
        uint256 fee;
        uint256 receiverPercentage;
        bool register;
    }

    event Launched(
        address indexed creator,
        address indexed token,
        address indexed governor,
        address sale,
        address vesting0,
        address vesting1,
        uint256 modelId,
        bytes32 salt
    );

    error InvalidImplementation();
    error TooManyGrants(uint256 grants);
    error InsufficientSupply(uint256 supply, uint256 needed);
    error AmountOverflow();
    error CloneFailed(bytes32 salt);
    /// @notice A clone refused its parameters, or the oracle its registration; `reason` is their
    /// revert data.
    error SetupFailed(address target, bytes reason);

    /// @notice Returns the clones; `vestings[i]` is zero where there is no i-th grant.
    function launch(
        TokenParams calldata token,
        GovernorParams calldata governor,
        SaleParams calldata sale,
        GrantParams[] calldata grants,
        ModelParams calldata model,
        bytes32 salt
    ) external returns (address tokenAddress, address governorAddress, address saleAddress, address[2] memory vestings);

    /// @notice The addresses `creator`'s launch with `salt` uses (CREATE2 of the clones).
    function predict(address creator, bytes32 salt)
        external
        view
        returns (address token, address governor, address sale, address[2] memory vestings);

    function implementations()
        external
        view
        returns (address token, address governor, address sale, address vesting, address oracle);

    function launches() external view returns (uint64);
}
