//! The compiled sale (the exact WASM of `cargo xtask wasm -p imo-offering`) as EIP-1167 clones on
//! the devchain, with the compiled RevShare token and Solidity buyers and currencies: the clone
//! guard, every refusal of a deposit, a buyer that rejects ETH, buyers that re-enter the sale, an
//! ERC-20 currency (with a fee, without return values), and the gas of each step.
//!
//! Needs `cargo xtask wasm -p imo-offering -p imo-revshare-token` and `scripts/solc.sh`.

mod support;

use alloy_primitives::{keccak256, B256};
use alloy_sol_types::{SolCall, SolError, SolValue};
use stylus_devchain::{Address, U256};
use support::*;

fn leaf(account: Address, cap: U256) -> B256 {
    keccak256(keccak256((account, cap).abi_encode()))
}

fn pair(a: B256, b: B256) -> B256 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    keccak256([lo.as_slice(), hi.as_slice()].concat())
}

fn deposit(amount: U256) -> deposit_0Call {
    deposit_0Call { amount }
}

#[test]
fn the_implementation_is_locked_and_a_clone_initializes_once() {
    let mut c = Chain::new();
    let token = c.token();
    let implementation = c.implementation("imo-offering");
    let treasury = c.account(0x7e);
    let terms = Terms::default();
    let now = c.chain.timestamp();
    let owner = c.owner;
    // Funded or not, the implementation itself never initializes.
    c.send(
        owner,
        token,
        IToken::transferCall {
            to: implementation,
            value: terms.tokens_for_sale,
        },
        U256::ZERO,
    );
    c.fail_with::<NotAClone, _>(
        owner,
        implementation,
        initialize(token, treasury, &terms, now + 10, now + 100),
        U256::ZERO,
    );
    // A clone does, in the transaction after its creation, once.
    let (sale, start, end, [clone_gas, init_gas]) =
        sale(&mut c, implementation, token, treasury, &terms);
    println!("sale clone: create {clone_gas} gas, initialize {init_gas} gas");
    c.fail_with::<AlreadyInitialized, _>(
        owner,
        sale,
        initialize(token, treasury, &terms, start, end),
        U256::ZERO,
    );
    // An unfunded clone cannot start.
    let (empty, _) = c.clone_of(implementation);
    let err = c.fail_with::<SaleNotFunded, _>(
        owner,
        empty,
        initialize(token, treasury, &terms, start, end),
        U256::ZERO,
    );
    assert_eq!((err.needed, err.held), (terms.tokens_for_sale, U256::ZERO));
    assert_eq!(c.view(sale, stateCall {})._0, 0, "Pending");
    let p = c.view(sale, parametersCall {});
    assert_eq!(
        (p.token, p.treasury, p.start, p.end),
        (token, treasury, start, end)
    );
}

#[test]
fn deposits_outside_the_sale_below_the_minimum_over_a_cap_or_off_the_allowlist_are_refused() {
    let mut c = Chain::new();
    let token = c.token();
    let implementation = c.implementation("imo-offering");
    let treasury = c.account(0x7e);
    let (alice, bob, mallory) = (c.account(0xa1), c.account(0xb0), c.account(0x66));
    let cap = u(2 * ETHER);
    let (la, lb) = (leaf(alice, cap), leaf(bob, U256::ZERO));
    let terms = Terms {
        allowlist_root: pair(la, lb),
        ..Terms::default()
    };
    let (sale, start, end, _) = sale(&mut c, implementation, token, treasury, &terms);
    let with_proof =
        |amount: U256, cap: U256, proof: Vec<B256>| deposit_1Call { amount, cap, proof };
    // Before the start.
    let err = c.fail_with::<SaleNotActive, _>(alice, sale, with_proof(cap, cap, vec![lb]), cap);
    assert_eq!(err.state, 0);
    c.chain.advance_time(start - c.chain.timestamp());
    // Below the minimum deposit.
    let small = u(ETHER / 1_000);
    let err =
        c.fail_with::<DepositBelowMinimum, _>(alice, sale, with_proof(small, cap, vec![lb]), small);
    assert_eq!(err.minimum, terms.min_deposit);
    // Over the allowlisted cap, across two deposits.
    let one = u(ETHER);
    c.send(alice, sale, with_proof(one, cap, vec![lb]), one);
    let two = u(ETHER + 1);
    let err = c.fail_with::<DepositOverCap, _>(alice, sale, with_proof(two, cap, vec![lb]), two);
    assert_eq!((err.cap, err.total), (cap, u(2 * ETHER + 1)));
    // A bad proof: a cap the tree does not hold, someone else's leaf, no proof at all.
    c.fail_with::<NotAllowlisted, _>(alice, sale, with_proof(one, u(9 * ETHER), vec![lb]), one);
    c.fail_with::<NotAllowlisted, _>(mallory, sale, with_proof(one, U256::ZERO, vec![la]), one);
    c.fail_with::<NotAllowlisted, _>(mallory, sale, deposit(one), one);
    // The wrong value.
    c.fail_with::<WrongValue, _>(
        bob,
        sale,
        with_proof(one, U256::ZERO, vec![la]),
        u(ETHER - 1),
    );
    // Bob (cap 0 in the tree: no cap) deposits a lot; then the sale ends.
    let big = u(200 * ETHER);
    c.send(bob, sale, with_proof(big, U256::ZERO, vec![la]), big);
    c.chain.advance_time(end - c.chain.timestamp());
    let err =
        c.fail_with::<SaleNotActive, _>(bob, sale, with_proof(one, U256::ZERO, vec![la]), one);
    assert_eq!(err.state, 2, "Ended");
    // Every refused deposit left nothing behind.
    assert_eq!(c.view(sale, totalDepositsCall {})._0, u(201 * ETHER));
    assert_eq!(c.chain.balance(sale), u(201 * ETHER));
}

#[test]
fn a_buyer_that_rejects_eth_waits_and_blocks_nobody() {
    let mut c = Chain::new();
    let token = c.token();
    let implementation = c.implementation("imo-offering");
    let treasury = c.account(0x7e);
    let alice = c.account(0xa1);
    let (sale, start, end, _) = sale(&mut c, implementation, token, treasury, &Terms::default());
    let wallet = c.solidity("RejectingBuyer", sale.abi_encode());
    c.chain.fund(wallet, u(1_000 * ETHER));
    c.chain.advance_time(start - c.chain.timestamp());
    let amount = u(200 * ETHER);
    c.send(
        alice,
        wallet,
        IRejectingBuyer::depositCall { amount },
        amount,
    );
    c.send(alice, sale, deposit(u(100 * ETHER)), u(100 * ETHER));
    c.chain.advance_time(end - c.chain.timestamp());
    // Its refund cannot be pushed to it: its claim reverts and changes nothing ...
    let data = c.fail(
        alice,
        wallet,
        IRejectingBuyer::claimToCall { to: wallet },
        U256::ZERO,
    );
    let err = EthTransferFailed::abi_decode(&data, true).expect("EthTransferFailed");
    assert_eq!((err.to, err.amount), (wallet, u(100 * ETHER)));
    assert!(!c.view(sale, hasClaimedCall { account: wallet })._0);
    // ... nobody else waits: alice claims, the treasury is paid ...
    c.send(alice, sale, claimCall { to: alice }, U256::ZERO);
    c.send(alice, sale, distributeCall {}, U256::ZERO);
    assert_eq!(c.chain.balance(treasury), u(1_150 * ETHER));
    // ... and it claims to an account that takes ETH.
    let to = c.account(0x70);
    c.send(
        alice,
        wallet,
        IRejectingBuyer::claimToCall { to },
        U256::ZERO,
    );
    assert_eq!(c.chain.balance(to), u(1_100 * ETHER));
    assert_eq!(c.tokens_of(token, to), u(500_000 * ETHER * 2 / 3));
}

#[test]
fn a_buyer_cannot_re_enter_the_sale_from_its_payment() {
    for mode in [1u8, 2, 3] {
        let mut c = Chain::new();
        let token = c.token();
        let implementation = c.implementation("imo-offering");
        let treasury = c.account(0x7e);
        let alice = c.account(0xa1);
        let (sale, start, end, _) =
            sale(&mut c, implementation, token, treasury, &Terms::default());
        let buyer = c.solidity("ReentrantBuyer", sale.abi_encode());
        c.chain.advance_time(start - c.chain.timestamp());
        let amount = u(300 * ETHER);
        c.send(
            alice,
            buyer,
            IReentrantBuyer::depositCall { amount },
            amount,
        );
        c.chain.advance_time(end - c.chain.timestamp());
        c.send(
            alice,
            buyer,
            IReentrantBuyer::setModeCall { mode },
            U256::ZERO,
        );
        // The refund (150 ETH) reaches its receive(), which calls back into the sale.
        c.send(alice, buyer, IReentrantBuyer::claimCall {}, U256::ZERO);
        assert!(c.view(buyer, IReentrantBuyer::reenteredCall {})._0);
        assert!(
            !c.view(buyer, IReentrantBuyer::reentrySucceededCall {})._0,
            "mode {mode}: the reentrant call succeeded"
        );
        let reason = c.view(buyer, IReentrantBuyer::reentryErrorCall {})._0;
        assert_eq!(
            &reason[..],
            &ReentrantCall {}.abi_encode()[..],
            "mode {mode}"
        );
        // Paid once, exactly.
        assert_eq!(c.chain.balance(buyer), u(150 * ETHER));
        assert_eq!(c.tokens_of(token, buyer), u(500_000 * ETHER));
        c.fail_with::<AlreadyClaimed, _>(alice, buyer, IReentrantBuyer::claimCall {}, U256::ZERO);
        c.send(alice, sale, distributeCall {}, U256::ZERO);
        assert_eq!(c.chain.balance(sale), U256::ZERO);
    }
}

#[test]
fn an_erc20_currency_is_measured_and_a_fee_on_transfer_is_refused() {
    let mut c = Chain::new();
    let token = c.token();
    let implementation = c.implementation("imo-offering");
    let treasury = c.account(0x7e);
    let (alice, bob) = (c.account(0xa1), c.account(0xb0));
    let currency = c.solidity("TestCurrency", Vec::new());
    let terms = Terms {
        currency,
        ..Terms::default()
    };
    let (sale, start, end, _) = sale(&mut c, implementation, token, treasury, &terms);
    for who in [alice, bob] {
        c.send(
            who,
            currency,
            ICurrency::mintCall {
                to: who,
                amount: u(1_000 * ETHER),
            },
            U256::ZERO,
        );
        c.send(
            who,
            currency,
            ICurrency::approveCall {
                spender: sale,
                amount: U256::MAX,
            },
            U256::ZERO,
        );
    }
    c.chain.advance_time(start - c.chain.timestamp());
    // ETH with an ERC-20 deposit is refused.
    c.fail_with::<WrongValue, _>(alice, sale, deposit(u(ETHER)), u(ETHER));
    c.send(alice, sale, deposit(u(100 * ETHER)), U256::ZERO);
    // A fee on transfer: the sale would receive less than it counts.
    c.send(
        alice,
        currency,
        ICurrency::setFeeBpsCall { feeBps: 100 },
        U256::ZERO,
    );
    let err =
        c.fail_with::<FeeOnTransferCurrency, _>(bob, sale, deposit(u(100 * ETHER)), U256::ZERO);
    assert_eq!((err.amount, err.received), (u(100 * ETHER), u(99 * ETHER)));
    // No fee, no return value (as USDT): accepted.
    c.send(
        alice,
        currency,
        ICurrency::setFeeBpsCall { feeBps: 0 },
        U256::ZERO,
    );
    c.send(
        alice,
        currency,
        ICurrency::setSilentCall { silent: true },
        U256::ZERO,
    );
    c.send(bob, sale, deposit(u(100 * ETHER)), U256::ZERO);
    assert_eq!(
        c.view(currency, ICurrency::balanceOfCall { account: sale })
            ._0,
        u(200 * ETHER)
    );
    c.chain.advance_time(end - c.chain.timestamp());
    // Oversubscribed 200 / 150: each gets its tokens and a quarter of its deposit back.
    c.send(alice, sale, claimCall { to: alice }, U256::ZERO);
    assert_eq!(
        c.view(currency, ICurrency::balanceOfCall { account: alice })
            ._0,
        u(925 * ETHER)
    );
    c.send(bob, sale, claimCall { to: bob }, U256::ZERO);
    c.send(bob, sale, distributeCall {}, U256::ZERO);
    assert_eq!(
        c.view(currency, ICurrency::balanceOfCall { account: treasury })
            ._0,
        u(150 * ETHER)
    );
    assert_eq!(
        c.view(currency, ICurrency::balanceOfCall { account: sale })
            ._0,
        U256::ZERO
    );
    assert_eq!(c.tokens_of(token, sale), U256::ZERO);
}

#[test]
fn gas_of_deposit_claim_with_revenue_and_distribute() {
    let mut c = Chain::new();
    let token = c.token();
    let implementation = c.implementation("imo-offering");
    let treasury = c.account(0x7e);
    let buyers = [c.account(0xa1), c.account(0xb0), c.account(0xc0)];
    let (sale, start, end, [clone_gas, init_gas]) =
        sale(&mut c, implementation, token, treasury, &Terms::default());
    c.chain.advance_time(start - c.chain.timestamp());
    let mut gas = Vec::new();
    for (buyer, eth) in buyers.iter().zip([100u128, 150, 50]) {
        let r = c.send(*buyer, sale, deposit(u(eth * ETHER)), u(eth * ETHER));
        gas.push(("deposit", r.gas_used));
    }
    c.chain.advance_time(end - c.chain.timestamp());
    let r = c.send(buyers[0], sale, finalizeCall {}, U256::ZERO);
    gas.push(("finalize", r.gas_used));
    // Revenue reaches the token; the sale collects it in the first claim.
    c.revenue_and_snapshot(token, u(10 * ETHER));
    let preview = c.view(sale, previewClaimCall { account: buyers[1] });
    assert!(preview.revenue > U256::ZERO);
    for buyer in buyers {
        let r = c.send(buyer, sale, claimCall { to: buyer }, U256::ZERO);
        gas.push(("claim", r.gas_used));
    }
    // Buyer 1 paid 150 ETH, got 75 back and the revenue.
    assert_eq!(
        c.chain.balance(buyers[1]) + u(150 * ETHER) - u(1_075 * ETHER),
        preview.revenue
    );
    let r = c.send(buyers[0], sale, distributeCall {}, U256::ZERO);
    gas.push(("distribute", r.gas_used));
    assert_eq!(c.chain.balance(sale), U256::ZERO);
    assert_eq!(c.tokens_of(token, sale), U256::ZERO);
    println!("sale clone create {clone_gas}, initialize {init_gas}");
    for (step, g) in gas {
        println!("{step:<12} {g:>9} gas");
    }
    let _ = IToken::claimCall::SELECTOR;
}
