//! Issue 16 on the devchain: the launchpad creates a model's token and governor as EIP-1167
//! minimal proxies (EVM code that delegates every call to a deployed implementation) and sets
//! them up with `initialize`. A clone initializes once, then works end to end (transfer, revenue,
//! snapshot, claim, permit over its own EIP-712 domain; a governor clone votes and pays a grant
//! from its own treasury); the implementation cannot be initialized, and the constructor's
//! selector on an initialized clone is refused.
//!
//! Needs `cargo xtask wasm -p imo-revshare-token -p imo-governor`.

use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolValue};
use stylus_devchain::{
    constructor_calldata, constructor_selector, load_artifact, Address, Devchain, Receipt, U256,
};

mod common;

sol! {
    interface IToken {
        function initialize(string name, string symbol, uint256 initialSupply, address initialHolder, uint16 claimableBps, uint64 snapshotInterval, uint32 claimWindow, address owner) external;
        function name() external view returns (string);
        function owner() external view returns (address);
        function totalSupply() external view returns (uint256);
        function balanceOf(address account) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function snapshot() external returns (uint256);
        function claim(uint256 snapshotId) external;
        function claimableRevenue(address account, uint256 snapshotId) external view returns (uint256);
        function DOMAIN_SEPARATOR() external view returns (bytes32);
        function eip712Domain() external view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions);
        function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;
        function allowance(address owner, address spender) external view returns (uint256);
        event Transfer(address indexed from, address indexed to, uint256 value);
        error AlreadyInitialized();
        error ERC2612InvalidSigner(address signer, address owner);
    }

    interface IGovernor {
        function initialize(address token, uint64 votingDelay, uint64 votingPeriod, uint16 quorumBps, uint256 proposalThreshold, uint64 executionDelay, uint64 gracePeriod) external;
        function token() external view returns (address);
        function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) external returns (uint256);
        function castVote(uint256 proposalId, uint8 support) external returns (uint256);
        function execute(uint256 proposalId) external;
    }
}

const ETHER: u64 = 1_000_000_000_000_000_000;

fn eth(n: u64) -> U256 {
    U256::from(n) * U256::from(ETHER)
}

/// Creation code of an EIP-1167 minimal proxy of `implementation`.
fn eip1167(implementation: Address) -> Vec<u8> {
    let mut code = alloy_primitives::hex!("3d602d80600a3d3981f3").to_vec();
    code.extend_from_slice(&alloy_primitives::hex!("363d3d373d3d3d363d73"));
    code.extend_from_slice(implementation.as_slice());
    code.extend_from_slice(&alloy_primitives::hex!("5af43d82803e903d91602b57fd5bf3"));
    code
}

struct World {
    chain: Devchain,
}

impl World {
    fn send(&mut self, from: Address, to: Address, data: Vec<u8>, value: U256) -> Receipt {
        let r = self.chain.send(from, to, &data, value).expect("valid tx");
        assert!(r.success, "{}", r.describe());
        r
    }

    fn fail(&mut self, from: Address, to: Address, data: Vec<u8>) -> Vec<u8> {
        let r = self
            .chain
            .send(from, to, &data, U256::ZERO)
            .expect("valid tx");
        assert!(!r.success, "should revert");
        r.output.to_vec()
    }

    fn view<C: SolCall>(&mut self, to: Address, call: C) -> C::Return {
        self.chain.view(Devchain::DEV_ACCOUNT, to, &call).unwrap()
    }
}

fn token_args(name: &str, supply: U256, holder: Address, owner: Address) -> Vec<u8> {
    (
        String::from(name),
        String::from("LLAMA"),
        supply,
        holder,
        8_000u16,
        0u64,
        2u32,
        owner,
    )
        .abi_encode_params()
}

#[test]
fn clones_initialize_once_and_work_end_to_end() {
    let token_wasm = load_artifact(
        "imo-revshare-token",
        "cargo xtask wasm -p imo-revshare-token",
    )
    .unwrap_or_else(|e| panic!("{e:#}"));
    let gov_wasm = load_artifact("imo-governor", "cargo xtask wasm -p imo-governor")
        .unwrap_or_else(|e| panic!("{e:#}"));
    let mut w = World {
        chain: Devchain::new().expect("devchain"),
    };
    w.chain.register_sol_error::<IToken::AlreadyInitialized>();
    let dev = Devchain::DEV_ACCOUNT;
    let (alice, mallory) = (Address::repeat_byte(0xa1), Address::repeat_byte(0x66));
    w.chain.fund(mallory, eth(1));

    // The implementation: deployed with its constructor, which locks it.
    let implementation = w
        .chain
        .deploy_stylus(
            &token_wasm,
            &constructor_calldata(&token_args("Implementation", U256::from(1), dev, dev)),
            U256::ZERO,
        )
        .expect("implementation");
    let clone = w
        .chain
        .deploy_evm(&eip1167(implementation), U256::ZERO)
        .expect("clone");
    let init = IToken::initializeCall {
        name: "Llama IMO".into(),
        symbol: "LLAMA".into(),
        initialSupply: eth(1_000_000),
        initialHolder: dev,
        claimableBps: 8_000,
        snapshotInterval: 0,
        claimWindow: 2,
        owner: dev,
    };
    let r = w.send(dev, clone, init.abi_encode(), U256::ZERO);
    // The clone's events come from the clone.
    assert!(r.logs.iter().any(
        |l| l.address == clone && l.topics().first() == Some(&IToken::Transfer::SIGNATURE_HASH)
    ));
    assert_eq!(w.view(clone, IToken::nameCall {})._0, "Llama IMO");
    assert_eq!(w.view(clone, IToken::totalSupplyCall {})._0, eth(1_000_000));
    assert_eq!(
        w.view(implementation, IToken::nameCall {})._0,
        "Implementation"
    );

    // Once only: again, through the constructor's selector, or on the implementation.
    let again = IToken::initializeCall {
        owner: mallory,
        initialHolder: mallory,
        ..init.clone()
    };
    let refused = IToken::AlreadyInitialized {}.abi_encode();
    assert_eq!(w.fail(mallory, clone, again.abi_encode()), refused);
    assert_eq!(w.fail(mallory, implementation, again.abi_encode()), refused);
    let mut via_constructor = constructor_selector().to_vec();
    via_constructor.extend_from_slice(&token_args("Stolen", eth(1), mallory, mallory));
    assert_eq!(w.fail(mallory, clone, via_constructor), refused);
    assert_eq!(w.view(clone, IToken::ownerCall {})._0, dev);
    assert_eq!(
        w.view(clone, IToken::balanceOfCall { account: mallory })._0,
        U256::ZERO
    );

    // End to end on the clone: a holder, revenue in plain ETH, a snapshot, a claim.
    let transfer = IToken::transferCall {
        to: alice,
        value: eth(300_000),
    };
    let transferred = w.send(dev, clone, transfer.abi_encode(), U256::ZERO);
    w.send(dev, clone, Vec::new(), eth(10));
    assert_eq!(w.chain.balance(clone), eth(10));
    w.chain.advance_time(1);
    w.send(dev, clone, IToken::snapshotCall {}.abi_encode(), U256::ZERO);
    w.chain.advance_time(1);
    let share = w
        .view(
            clone,
            IToken::claimableRevenueCall {
                account: alice,
                snapshotId: U256::from(1),
            },
        )
        ._0;
    assert_eq!(share, eth(8) * U256::from(3) / U256::from(10));
    let claimed = w.send(
        alice,
        clone,
        IToken::claimCall {
            snapshotId: U256::from(1),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert_eq!(w.chain.balance(alice), share);
    assert_eq!(w.chain.balance(clone), eth(10) - share);
    assert_eq!(w.chain.balance(implementation), U256::ZERO);

    // Permit over the clone's own domain: its name, its address.
    let domain = w.view(clone, IToken::eip712DomainCall {});
    assert_eq!(domain.verifyingContract, clone);
    assert_eq!(domain.name, "Llama IMO");
    let separator = common::domain_of("Llama IMO", w.chain.chain_id, clone);
    assert_eq!(w.view(clone, IToken::DOMAIN_SEPARATORCall {})._0, separator);
    assert_ne!(
        w.view(implementation, IToken::DOMAIN_SEPARATORCall {})._0,
        separator
    );
    let signer = alloy_signer_local::PrivateKeySigner::random();
    w.send(
        dev,
        clone,
        IToken::transferCall {
            to: signer.address(),
            value: eth(5),
        }
        .abi_encode(),
        U256::ZERO,
    );
    let deadline = U256::from(w.chain.timestamp() + 60);
    let permit = |domain| {
        let (v, r, s) = common::sign_permit(domain, &signer, alice, eth(5), U256::ZERO, deadline);
        IToken::permitCall {
            owner: signer.address(),
            spender: alice,
            value: eth(5),
            deadline,
            v,
            r,
            s,
        }
        .abi_encode()
    };
    // A signature for the implementation's domain does not work on the clone.
    let other = common::domain_of("Llama IMO", w.chain.chain_id, implementation);
    let wrong = permit(other);
    let out = w.fail(alice, clone, wrong);
    assert_eq!(&out[..4], IToken::ERC2612InvalidSigner::SELECTOR);
    let right = permit(separator);
    w.send(alice, clone, right, U256::ZERO);
    assert_eq!(
        w.view(
            clone,
            IToken::allowanceCall {
                owner: signer.address(),
                spender: alice
            }
        )
        ._0,
        eth(5)
    );

    // A governor clone over the token clone: initialized once, it votes and pays a grant.
    let gov_implementation = w
        .chain
        .deploy_stylus(
            &gov_wasm,
            &constructor_calldata(
                &(clone, 0u64, 60u64, 2_000u16, U256::ZERO, 0u64, 600u64).abi_encode_params(),
            ),
            U256::ZERO,
        )
        .expect("governor implementation");
    let gov = w
        .chain
        .deploy_evm(&eip1167(gov_implementation), U256::ZERO)
        .expect("governor clone");
    let init = IGovernor::initializeCall {
        token: clone,
        votingDelay: 0,
        votingPeriod: 60,
        quorumBps: 2_000,
        proposalThreshold: eth(1),
        executionDelay: 0,
        gracePeriod: 600,
    };
    w.send(dev, gov, init.abi_encode(), U256::ZERO);
    assert_eq!(w.view(gov, IGovernor::tokenCall {})._0, clone);
    let again = IGovernor::initializeCall {
        token: mallory,
        ..init.clone()
    };
    assert_eq!(w.fail(mallory, gov, again.abi_encode()), refused);
    assert_eq!(
        w.fail(mallory, gov_implementation, again.abi_encode()),
        refused
    );
    w.send(dev, gov, Vec::new(), eth(2));
    let propose = IGovernor::proposeCall {
        targets: vec![alice],
        values: vec![eth(1)],
        calldatas: vec![Default::default()],
        description: "grant".into(),
    };
    let r = w.send(alice, gov, propose.abi_encode(), U256::ZERO);
    let id = IGovernor::proposeCall::abi_decode_returns(&r.output, true)
        .expect("id")
        ._0;
    let vote = IGovernor::castVoteCall {
        proposalId: id,
        support: 1,
    };
    w.send(alice, gov, vote.abi_encode(), U256::ZERO);
    w.chain.advance_time(61);
    let before = w.chain.balance(alice);
    w.send(
        dev,
        gov,
        IGovernor::executeCall { proposalId: id }.abi_encode(),
        U256::ZERO,
    );
    assert_eq!(w.chain.balance(alice) - before, eth(1));
    assert_eq!(w.chain.balance(gov), eth(1));

    println!(
        "through the clone (an EVM delegatecall in front): transfer to a new holder {} gas, claim {} gas",
        transferred.gas_used, claimed.gas_used
    );
}
