//! The parameters of a launch, as Solidity structs (the `launch` function takes one of each).
//!
//! The SDK's `#[derive(AbiType)]` names a struct by its Rust name in the function signature, which
//! gives a selector Solidity does not compute; each struct here declares its tuple type instead
//! (`(string,string,uint256,…)`), so `launch`'s selector is Solidity's (tested against the `sol!`
//! interface).
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;
use stylus_sdk::abi::{AbiType, ConstString};

sol! {
    /// The model's RevShare token.
    #[derive(Debug)]
    struct TokenParams {
        string name;
        string symbol;
        /// The fixed supply: the sale's tokens, the liquidity tokens and the grants come out of
        /// it; the rest goes to the treasury.
        uint256 supply;
        uint16 claimableBps;
        uint64 snapshotInterval;
        uint32 claimWindow;
    }

    /// The model's governor, which is the IMO's treasury.
    #[derive(Debug)]
    struct GovernorParams {
        uint64 votingDelay;
        uint64 votingPeriod;
        uint16 quorumBps;
        uint256 proposalThreshold;
        uint64 executionDelay;
        uint64 gracePeriod;
    }

    /// The sale (see IImoSale.initialize; the treasury is the governor, the creator the caller).
    #[derive(Debug)]
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

    /// A vesting grant, starting at the sale's end, funded when the sale succeeds.
    #[derive(Debug)]
    struct GrantParams {
        address beneficiary;
        uint256 amount;
        uint64 cliff;
        uint64 duration;
        /// The locked tokens' revenue to the treasury instead of the beneficiary.
        bool revenueToTreasury;
    }

    /// The model in the AI Oracle. `modelId` 0: no oracle at all. `register`: the launchpad
    /// registers the model (it must be the oracle's registrar); otherwise the oracle's owner adds
    /// it in a second transaction, with the token as its receiver.
    #[derive(Debug)]
    struct ModelParams {
        uint256 modelId;
        bytes32 modelHash;
        bytes32 programHash;
        uint256 fee;
        uint256 receiverPercentage;
        bool register;
    }
}

impl AbiType for TokenParams {
    type SolType = Self;
    const ABI: ConstString = ConstString::new("(string,string,uint256,uint16,uint64,uint32)");
}

impl AbiType for GovernorParams {
    type SolType = Self;
    const ABI: ConstString = ConstString::new("(uint64,uint64,uint16,uint256,uint64,uint64)");
}

impl AbiType for SaleParams {
    type SolType = Self;
    const ABI: ConstString = ConstString::new(
        "(address,uint64,uint64,uint256,uint256,uint256,uint256,uint256,bytes32,address,uint16)",
    );
}

impl AbiType for GrantParams {
    type SolType = Self;
    const ABI: ConstString = ConstString::new("(address,uint256,uint64,uint64,bool)");
}

impl AbiType for ModelParams {
    type SolType = Self;
    const ABI: ConstString = ConstString::new("(uint256,bytes32,bytes32,uint256,uint256,bool)");
}
