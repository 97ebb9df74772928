//! The compiled vesting grant (the exact WASM of `cargo xtask wasm -p imo-vesting`) as an
//! EIP-1167 clone on the devchain, with the compiled RevShare token: the implementation is locked,
//! a clone initializes once, releases follow the schedule, the locked tokens' revenue is claimed
//! from the token and forwarded; the gas of each step.
//!
//! Needs `cargo xtask wasm -p imo-vesting -p imo-revshare-token`.

use alloy_sol_types::{sol, SolCall, SolError, SolValue};
use stylus_devchain::{constructor_calldata, load_artifact, Address, Devchain, Receipt, U256};

sol!(
    #[sol(all_derives)]
    "../../solidity/interfaces/IImoVesting.sol"
);
sol! {
    interface IToken {
        function transfer(address to, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
        function snapshot() external returns (uint256);
        function depositRevenue() external payable;
    }
}
use IImoVesting::*;

const ETHER: u128 = 1_000_000_000_000_000_000;
const SUPPLY: u128 = 1_000_000 * ETHER;
const AMOUNT: u128 = 100_000 * ETHER;
const CLIFF: u64 = 1_000;
const DURATION: u64 = 4_000;

fn u(x: u128) -> U256 {
    U256::from(x)
}

struct Chain {
    chain: Devchain,
    owner: Address,
}

impl Chain {
    fn send<C: SolCall>(&mut self, from: Address, to: Address, call: C, value: U256) -> Receipt {
        self.chain.send_ok(from, to, &call, value).unwrap()
    }

    fn fail<E: SolError, C: SolCall>(&mut self, to: Address, call: C) -> E {
        self.chain
            .send_err(self.owner, to, &call, U256::ZERO)
            .unwrap()
    }

    fn view<C: SolCall>(&mut self, to: Address, call: C) -> C::Return {
        self.chain.view(self.owner, to, &call).unwrap()
    }
}

#[test]
fn a_cloned_grant_vests_releases_and_forwards_the_locked_tokens_revenue() {
    let mut c = Chain {
        chain: Devchain::new().unwrap(),
        owner: Devchain::DEV_ACCOUNT,
    };
    let owner = c.owner;
    let beneficiary = Address::repeat_byte(0xbe);
    let treasury = Address::repeat_byte(0x7e);
    let token_code = load_artifact("imo-revshare-token", "cargo xtask wasm").unwrap();
    let args = (
        String::from("Model"),
        String::from("MDL"),
        u(SUPPLY),
        owner,
        8_000u16,
        0u64,
        2u32,
        owner,
    )
        .abi_encode_params();
    let token = c
        .chain
        .deploy_stylus(&token_code, &constructor_calldata(&args), U256::ZERO)
        .unwrap();
    let code = load_artifact("imo-vesting", "cargo xtask wasm").unwrap();
    let implementation = c.chain.deploy_stylus(&code, &[], U256::ZERO).unwrap();
    let start = c.chain.timestamp() + 10;
    let init = initializeCall {
        token,
        beneficiary,
        revenueRecipient: treasury,
        start,
        cliff: CLIFF,
        duration: DURATION,
        amount: u(AMOUNT),
    };
    // The implementation is locked; a clone initializes once.
    c.fail::<NotAClone, _>(implementation, init.clone());
    let clone = c
        .chain
        .create(
            owner,
            &imo_common::clone::init_code(implementation),
            U256::ZERO,
        )
        .unwrap();
    assert!(clone.success, "{}", clone.describe());
    let grant = clone.contract_address.unwrap();
    let r = c.send(owner, grant, init.clone(), U256::ZERO);
    println!(
        "vesting clone: create {} gas, initialize {} gas",
        clone.gas_used, r.gas_used
    );
    c.fail::<AlreadyInitialized, _>(grant, init);

    // Not funded yet (the sale funds it when it succeeds): nothing to release.
    c.chain.advance_time(CLIFF + 10);
    c.fail::<NothingToRelease, _>(grant, releaseCall {});
    c.send(
        owner,
        token,
        IToken::transferCall {
            to: grant,
            value: u(AMOUNT),
        },
        U256::ZERO,
    );
    // At the cliff a quarter is vested; anyone releases it, to the beneficiary.
    let r = c.send(owner, grant, releaseCall {}, U256::ZERO);
    println!("release {} gas", r.gas_used);
    let quarter = c
        .view(
            token,
            IToken::balanceOfCall {
                account: beneficiary,
            },
        )
        ._0;
    assert_eq!(quarter, u(AMOUNT / 4));

    // Revenue: the grant holds 75,000 of 1,000,000 tokens when the snapshot is taken.
    c.send(owner, token, IToken::depositRevenueCall {}, u(10 * ETHER));
    c.send(owner, token, IToken::snapshotCall {}, U256::ZERO);
    c.chain.advance_time(1);
    let r = c.send(owner, grant, claimRevenueCall {}, U256::ZERO);
    println!("claimRevenue {} gas", r.gas_used);
    let share = u(8 * ETHER) * u(AMOUNT * 3 / 4) / u(SUPPLY);
    assert_eq!(c.chain.balance(treasury), share);
    assert_eq!(c.chain.balance(grant), U256::ZERO);

    // At the end everything is released.
    c.chain.advance_time(DURATION);
    c.send(owner, grant, releaseCall {}, U256::ZERO);
    assert_eq!(
        c.view(
            token,
            IToken::balanceOfCall {
                account: beneficiary
            }
        )
        ._0,
        u(AMOUNT)
    );
    let g = c.view(grant, grantCall {});
    assert_eq!((g.amount, g.released), (u(AMOUNT), u(AMOUNT)));
    c.fail::<NothingToRelease, _>(grant, releaseCall {});
}
