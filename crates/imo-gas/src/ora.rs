//! ORA's reference contracts' measured gas: the figures to beat.
//!
//! Source: the team's measurement of ORA's own Solidity contracts, unmodified (`ERC7641.sol` from
//! ora-io/imo-token-contract cc1cf9a6, solc 0.8.24, 200 runs, OpenZeppelin 4.9.5 `ERC20Snapshot`;
//! `AIOracle.sol` with `Prompt.sol` / `SimplePrompt.sol` from ora-io/OAO 8f763310, via-IR, 200 runs),
//! one transaction per block, every slot and account cold at the start of its transaction, Cancun
//! rules, `gasUsed` as a receipt reports it. Two EVM implementations agreed to the unit on all of them
//! (EVM gas is deterministic), so they are constants.

/// ORA's `gasUsed` for each row the project measures beside it.
pub mod gas {
    /// Token `transfer` to a new address, the sender's first transfer after a snapshot.
    pub const TRANSFER_FIRST_AFTER_SNAPSHOT: u64 = 212_200;
    /// Token `transfer` to a new address, the second in the same period.
    pub const TRANSFER_NEW_ADDRESS_SAME_PERIOD: u64 = 128_101;
    /// Token `transfer` between two holders already recorded this period.
    pub const TRANSFER_RECORDED_HOLDERS: u64 = 46_802;
    /// Token `transfer` before any snapshot exists.
    pub const TRANSFER_BEFORE_SNAPSHOT: u64 = 58_972;
    /// Plain OpenZeppelin 4.9.5 ERC-20 `transfer` to a new recipient (reference row).
    pub const OZ_TRANSFER_NEW: u64 = 51_494;
    /// Plain OpenZeppelin 4.9.5 ERC-20 `transfer` to an existing recipient (reference row).
    pub const OZ_TRANSFER_EXISTING: u64 = 34_394;
    /// Token `snapshot()`, the first.
    pub const SNAPSHOT_FIRST: u64 = 101_752;
    /// Token `snapshot()`, the second.
    pub const SNAPSHOT_SECOND: u64 = 72_224;
    /// Token `claim(id)`, the first claimer of a snapshot.
    pub const CLAIM_FIRST: u64 = 92_772;
    /// Token `claim(id)`, a later claimer.
    pub const CLAIM_LATER: u64 = 75_672;
    /// Token `burn(amount)`, the first burn in a period.
    pub const BURN_FIRST: u64 = 150_561;
    /// Token `burn(amount)`, a later burn.
    pub const BURN_LATER: u64 = 66_462;
    /// Token receives ETH (a plain send).
    pub const RECEIVE: u64 = 21_055;
    /// Oracle `requestCallback` called directly, 200-byte input.
    pub const REQUEST_200: u64 = 340_032;
    /// Oracle `requestCallback` called directly, 1000-byte input.
    pub const REQUEST_1000: u64 = 917_381;
    /// `Prompt.calculateAIResult` (-> `requestCallback`), 200-byte prompt.
    pub const PROMPT_200: u64 = 578_936;
    /// `Prompt.calculateAIResult`, 1000-byte prompt.
    pub const PROMPT_1000: u64 = 1_719_720;
    /// Oracle `invokeCallback`, 200-byte output into `Prompt` (stores the output).
    pub const DELIVER_PROMPT: u64 = 500_703;
    /// Oracle `invokeCallback`, 200-byte output into an event-only consumer.
    pub const DELIVER_EVENT_ONLY: u64 = 118_206;
    /// Oracle `claimModelRevenue`, ETH to the token.
    pub const CLAIM_MODEL_REVENUE: u64 = 37_911;
    /// Oracle `uploadModel` (model registration).
    pub const REGISTER_MODEL: u64 = 211_729;
}
