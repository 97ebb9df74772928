//! The token's own ERC-20 against OpenZeppelin's: the same random operations on both give the
//! same results, revert data, balances, allowances, supply and events.

extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use imo_revshare_token::{IErc20, RevShareToken};
use imo_testkit::u;
use motsu::prelude::*;
use openzeppelin_stylus::token::erc20::{self as oz, IErc20 as _};
use proptest::prelude::*;
use stylus_sdk::prelude::*;

mod common;
use common::deploy;

/// OpenZeppelin's `Erc20`, deployable in motsu.
#[storage]
pub struct OzToken {
    erc20: oz::Erc20,
}

unsafe impl TopLevelStorage for OzToken {}

#[public]
impl OzToken {
    fn mint(&mut self, to: Address, value: U256) -> Result<(), oz::Error> {
        self.erc20._mint(to, value)
    }

    fn oz_transfer(&mut self, to: Address, value: U256) -> Result<bool, oz::Error> {
        self.erc20.transfer(to, value)
    }

    fn oz_approve(&mut self, spender: Address, value: U256) -> Result<bool, oz::Error> {
        self.erc20.approve(spender, value)
    }

    fn oz_transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, oz::Error> {
        self.erc20.transfer_from(from, to, value)
    }
}

#[derive(Debug, Clone)]
enum Op {
    Transfer {
        by: usize,
        to: usize,
        amount: Amount,
    },
    Approve {
        by: usize,
        spender: usize,
        amount: Amount,
    },
    TransferFrom {
        by: usize,
        from: usize,
        to: usize,
        amount: Amount,
    },
}

#[derive(Debug, Clone, Copy)]
enum Amount {
    Zero,
    Small(u64),
    Max,
}

impl Amount {
    fn value(self) -> U256 {
        match self {
            Amount::Zero => U256::ZERO,
            Amount::Small(x) => U256::from(x),
            Amount::Max => U256::MAX,
        }
    }
}

fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        1 => Just(Amount::Zero),
        6 => (1u64..1_500).prop_map(Amount::Small),
        1 => Just(Amount::Max),
    ]
}

/// Four accounts; the last is the zero address.
const ACCOUNTS: usize = 4;

fn op() -> impl Strategy<Value = Op> {
    let who = 0..ACCOUNTS;
    prop_oneof![
        (who.clone(), who.clone(), amount()).prop_map(|(by, to, amount)| Op::Transfer {
            by,
            to,
            amount
        }),
        (who.clone(), who.clone(), amount()).prop_map(|(by, spender, amount)| Op::Approve {
            by,
            spender,
            amount
        }),
        (who.clone(), who.clone(), who, amount()).prop_map(|(by, from, to, amount)| {
            Op::TransferFrom {
                by,
                from,
                to,
                amount,
            }
        }),
    ]
}

/// A result as the ABI sees it: the return value or the revert data.
fn abi<E: Into<Vec<u8>>>(r: Result<bool, E>) -> Result<bool, Vec<u8>> {
    r.map_err(Into::into)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn behaves_as_openzeppelin_s_erc20(ops in proptest::collection::vec(op(), 1..30)) {
        let ours = Contract::<RevShareToken>::new();
        let theirs = Contract::<OzToken>::new();
        let accounts = [
            Address::repeat_byte(0xa1),
            Address::repeat_byte(0xb2),
            Address::repeat_byte(0xc3),
            Address::ZERO,
        ];
        deploy(&ours, accounts[0], accounts[0], 1_000, 5_000, 0, 1);
        theirs.sender(accounts[0]).mint(accounts[0], u(1_000)).motsu_unwrap();
        let (ours_before, theirs_before) = (ours.all_events().len(), theirs.all_events().len());
        for op in ops {
            let (a, b) = match op {
                Op::Transfer { by, to, amount } => (
                    abi(ours.sender(accounts[by]).transfer(accounts[to], amount.value()).motsu_res()),
                    abi(theirs.sender(accounts[by]).oz_transfer(accounts[to], amount.value()).motsu_res()),
                ),
                Op::Approve { by, spender, amount } => (
                    abi(ours.sender(accounts[by]).approve(accounts[spender], amount.value()).motsu_res()),
                    abi(theirs.sender(accounts[by]).oz_approve(accounts[spender], amount.value()).motsu_res()),
                ),
                Op::TransferFrom { by, from, to, amount } => (
                    abi(ours.sender(accounts[by]).transfer_from(accounts[from], accounts[to], amount.value()).motsu_res()),
                    abi(theirs.sender(accounts[by]).oz_transfer_from(accounts[from], accounts[to], amount.value()).motsu_res()),
                ),
            };
            prop_assert_eq!(a, b, "{:?}", op);
            prop_assert_eq!(
                ours.sender(accounts[0]).total_supply(),
                theirs.sender(accounts[0]).erc20.total_supply()
            );
            for x in accounts {
                prop_assert_eq!(
                    ours.sender(accounts[0]).balance_of(x),
                    theirs.sender(accounts[0]).erc20.balance_of(x)
                );
                for y in accounts {
                    prop_assert_eq!(
                        ours.sender(accounts[0]).allowance(x, y),
                        theirs.sender(accounts[0]).erc20.allowance(x, y)
                    );
                }
            }
        }
        prop_assert_eq!(&ours.all_events()[ours_before..], &theirs.all_events()[theirs_before..]);
    }
}
