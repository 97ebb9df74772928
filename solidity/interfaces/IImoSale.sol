// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IImoSale
/// @notice The sale of an Initial Model Offering (contracts/offering, a Stylus contract): one sale
/// per contract, an EIP-1167 clone initialized by the launchpad in the transaction that creates it.
/// Buyers deposit ETH or an ERC-20 in [start, end); after the end anyone finalizes (succeeded when
/// the deposits reached the minimum); each buyer claims once its tokens (pro rata when
/// oversubscribed), the unused part of its deposit (all of it on failure) and the revenue its
/// tokens earned while the sale held them; anyone distributes the proceeds, the liquidity share, the
/// grants, the unsold tokens and, once every buyer has claimed, the dust to their recipients.
/// Rounding is always down, against the buyer, by less than one unit.
/// @dev States: 0 Pending, 1 Active, 2 Ended, 3 Succeeded, 4 Failed.
interface IImoSale {
    // ----------------------------------------------------------------- events
    event SaleInitialized(
        address indexed token,
        address indexed treasury,
        address currency,
        uint64 start,
        uint64 end,
        uint256 target,
        uint256 minimum,
        uint256 tokensForSale
    );
    event Deposited(address indexed buyer, uint256 amount, uint256 total);
    /// @notice `outcome` is 3 (succeeded) or 4 (failed); `proceeds` is what the sale keeps.
    event Finalized(uint8 outcome, uint256 totalDeposits, uint256 proceeds);
    event Claimed(address indexed buyer, address indexed to, uint256 tokens, uint256 refund, uint256 revenue);
    event Distributed(address indexed treasury, uint256 proceeds, uint256 tokens, uint256 revenue);
    event LiquidityFunded(address indexed recipient, uint256 currency, uint256 tokens);
    event GrantFunded(address indexed vesting, uint256 amount);
    event RevenueCollected(uint256 indexed snapshotId, uint256 amount);
    event DustSwept(address indexed treasury, uint256 currency, uint256 tokens, uint256 revenue);
    event Canceled();

    // ----------------------------------------------------------------- errors
    error AlreadyInitialized();
    error NotAClone();
    error NotInitialized();
    error InvalidSchedule(uint64 start, uint64 end);
    error InvalidTarget(uint256 target, uint256 minimum);
    error InvalidAmount(uint256 amount);
    error InvalidAddress(address account);
    error InvalidLiquidity(address recipient, uint16 bps);
    error InvalidGrants(uint256 grants, uint256 amounts);
    error SaleNotFunded(uint256 needed, uint256 held);
    error UnsupportedClaimWindow(uint256 window);
    error SaleNotActive(uint8 state);
    error DepositBelowMinimum(uint256 amount, uint256 minimum);
    error DepositOverCap(address account, uint256 cap, uint256 total);
    error NotAllowlisted(address account, uint256 cap);
    error WrongValue(uint256 expected, uint256 sent);
    error FeeOnTransferCurrency(uint256 amount, uint256 received);
    error CurrencyTransferFailed(address from, uint256 amount);
    error SaleNotEnded(uint64 end);
    error AlreadyFinalized();
    error NothingToClaim(address account);
    error AlreadyClaimed(address account);
    error InvalidRecipient();
    error ReentrantCall();
    error EthTransferFailed(address to, uint256 amount);
    error TransferFailed(address asset, address to, uint256 amount);
    error UnexpectedEth(address from);
    error CannotCancel(address account, uint8 state);
    error AccountingOverflow();

    // ----------------------------------------------------------------- setup
    /// @notice Once, on a clone that already holds `tokensForSale` + the liquidity tokens + the
    /// grants. `currency` zero: ETH. `maxPerAddress` 0: no cap. `allowlistRoot` zero: no allowlist
    /// (else OpenZeppelin's standard Merkle tree of (address, uint256 cap), cap 0 = no cap).
    /// `liquidityBps` of the proceeds go to `liquidityRecipient` with tokens at the sale price. Up
    /// to two vesting grants, funded only if the sale succeeds.
    function initialize(
        address token,
        address currency,
        address treasury,
        address creator,
        uint64 start,
        uint64 end,
        uint256 target,
        uint256 minimum,
        uint256 tokensForSale,
        uint256 minDeposit,
        uint256 maxPerAddress,
        bytes32 allowlistRoot,
        address liquidityRecipient,
        uint16 liquidityBps,
        address[] calldata grants,
        uint256[] calldata grantAmounts
    ) external;

    // ----------------------------------------------------------------- buyers
    /// @notice Send exactly `amount` wei for an ETH sale; approve the sale for an ERC-20 one.
    function deposit(uint256 amount) external payable;
    /// @notice With an allowlist: the caller's leaf `(msg.sender, cap)` and its proof.
    function deposit(uint256 amount, uint256 cap, bytes32[] calldata proof) external payable;
    /// @notice Once, after the end: tokens, refund and revenue to `to`.
    function claim(address to) external returns (uint256 tokens, uint256 refund, uint256 revenue);

    // ----------------------------------------------------------------- anyone
    function finalize() external returns (uint8 outcome);
    function distribute() external;
    function collectRevenue() external returns (uint256 collected);
    /// @notice Creator only, before the start.
    function cancel() external;
    /// @notice Only the sale's token, paying the revenue the sale is claiming.
    receive() external payable;

    // ----------------------------------------------------------------- views
    function state() external view returns (uint8);
    function parameters()
        external
        view
        returns (
            address token,
            address currency,
            address treasury,
            address creator,
            uint64 start,
            uint64 end,
            uint256 target,
            uint256 minimum,
            uint256 tokensForSale,
            uint256 minDeposit,
            uint256 maxPerAddress,
            bytes32 allowlistRoot,
            address liquidityRecipient,
            uint16 liquidityBps
        );
    function grants() external view returns (address[] memory vestings, uint256[] memory amounts);
    function totalDeposits() external view returns (uint256);
    function depositOf(address account) external view returns (uint256);
    function hasClaimed(address account) external view returns (bool);
    /// @notice What `claim` would pay now, with the revenue of snapshots not collected yet.
    function previewClaim(address account) external view returns (uint256 tokens, uint256 refund, uint256 revenue);
    function accounting()
        external
        view
        returns (
            uint256 claimedDeposits,
            uint256 tokensClaimed,
            uint256 refundsPaid,
            uint256 proceedsPaid,
            uint256 currencySwept,
            uint256 revenuePerToken,
            uint256 revenueCollected,
            uint256 revenuePaid,
            uint64 nextSnapshot
        );
}
