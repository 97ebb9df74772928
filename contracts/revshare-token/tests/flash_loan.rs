//! Issue 14, attack 2, on the compiled token and governor: a Solidity contract that holds no
//! tokens borrows 40% of the supply from a Solidity flash lender and, inside the loan, takes a
//! snapshot, proposes a grant of the treasury to itself, votes on an open proposal and claims the
//! new snapshot, then repays. Every step gets nothing, in the loan and afterwards, while a holder
//! who held before the snapshot claims and votes. (On the token as it was before, whose snapshot
//! read balances at the moment it was taken, the in-loan claim paid the attacker 40% of the
//! snapshot's revenue.)
//!
//! Needs `cargo xtask wasm -p imo-revshare-token -p imo-governor` and the solc-js artifacts in
//! `solidity/out/` (`scripts/solc.sh`).

use alloy_sol_types::{sol, SolCall, SolError, SolValue};
use stylus_devchain::{constructor_calldata, load_artifact, Address, Devchain, Receipt, U256};

sol! {
    interface IToken {
        function transfer(address to, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
        function depositRevenue() external payable;
        function snapshot() external returns (uint256);
        function claim(uint256 snapshotId) external;
        function claimableAt(uint256 snapshotId) external view returns (uint256);
        function claimableRevenue(address account, uint256 snapshotId) external view returns (uint256);
        function balanceOfAt(address account, uint256 snapshotId) external view returns (uint256);
        error SnapshotNotFinal(uint256 snapshotId);
        error NothingToClaim(address account, uint256 snapshotId);
    }

    interface IGovernor {
        function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) external returns (uint256);
        function castVote(uint256 proposalId, uint8 support) external returns (uint256);
        function proposal(uint256 proposalId) external view returns (address, uint256, uint64, uint64, uint64, uint256, bool, bool);
        error InsufficientProposerVotes(address proposer, uint256 votes, uint256 threshold);
        error NoVotingPower(address voter, uint256 snapshotId);
    }

    interface IAttacker {
        function attack(address lender, address token, uint256 amount, uint256 openProposal) external;
        function claimLater(address token, uint256 id) external;
        function voteLater(uint256 id) external;
        function snapshot() external view returns (bool ok, uint256 value, bytes revertData);
        function proposal() external view returns (bool ok, uint256 value, bytes revertData);
        function vote() external view returns (bool ok, uint256 value, bytes revertData);
        function claim() external view returns (bool ok, uint256 value, bytes revertData);
        function heldDuringLoan() external view returns (uint256);
    }
}

use IGovernor::*;
use IToken::*;

const ETHER: u64 = 1_000_000_000_000_000_000;

fn eth(n: u64) -> U256 {
    U256::from(n) * U256::from(ETHER)
}

/// The creation bytecode of a contract compiled by `scripts/solc.sh`, with constructor `args`.
fn solidity(name: &str, args: &[u8]) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../solidity/out")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/solc.sh)", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("artifact JSON");
    let hex = json["bytecode"].as_str().expect("bytecode");
    let mut code = alloy_primitives::hex::decode(hex).expect("hex");
    code.extend_from_slice(args);
    code
}

struct World {
    chain: Devchain,
    token: Address,
    gov: Address,
}

impl World {
    fn send(&mut self, from: Address, to: Address, data: Vec<u8>, value: U256) -> Receipt {
        let r = self.chain.send(from, to, &data, value).expect("valid tx");
        assert!(r.success, "{}", r.describe());
        r
    }

    fn view<C: SolCall>(&mut self, to: Address, call: C) -> C::Return {
        self.chain.view(Devchain::DEV_ACCOUNT, to, &call).unwrap()
    }
}

/// The token (1,000,000 units, 80% of revenue claimable, no interval, window 2) and its governor
/// (no voting delay, a one-hour vote, quorum 20%, proposal threshold 1% of the supply, a day to
/// execute a passed proposal).
fn world() -> World {
    let token_wasm = load_artifact(
        "imo-revshare-token",
        "cargo xtask wasm -p imo-revshare-token",
    )
    .unwrap_or_else(|e| panic!("{e:#}"));
    let gov_wasm = load_artifact("imo-governor", "cargo xtask wasm -p imo-governor")
        .unwrap_or_else(|e| panic!("{e:#}"));
    let mut chain = Devchain::new().expect("devchain");
    for e in [
        SnapshotNotFinal::SIGNATURE,
        NothingToClaim::SIGNATURE,
        InsufficientProposerVotes::SIGNATURE,
        NoVotingPower::SIGNATURE,
    ] {
        chain.register_error(e);
    }
    let dev = Devchain::DEV_ACCOUNT;
    let args = (
        String::from("Llama IMO"),
        String::from("LLAMA"),
        eth(1_000_000),
        dev,
        8_000u16,
        0u64,
        2u32,
        dev,
    )
        .abi_encode_params();
    let token = chain
        .deploy_stylus(&token_wasm, &constructor_calldata(&args), U256::ZERO)
        .expect("token deploys");
    let args = (
        token,
        0u64,
        3_600u64,
        2_000u16,
        eth(10_000),
        60u64,
        86_400u64,
    )
        .abi_encode_params();
    let gov = chain
        .deploy_stylus(&gov_wasm, &constructor_calldata(&args), U256::ZERO)
        .expect("governor deploys");
    World { chain, token, gov }
}

#[test]
fn a_flash_loan_around_a_snapshot_gets_no_revenue_and_no_votes() {
    let mut w = world();
    let (token, gov, dev) = (w.token, w.gov, Devchain::DEV_ACCOUNT);
    let alice = Address::repeat_byte(0xa1);
    w.chain.fund(alice, eth(10));

    // A lender holds 40% of the supply; alice 30% (she held it before every snapshot below).
    let lender = w
        .chain
        .deploy_evm(&solidity("FlashLender", &[]), U256::ZERO)
        .expect("lender");
    let attacker = w
        .chain
        .deploy_evm(
            &solidity("FlashSnapshotAttacker", &gov.abi_encode()),
            U256::ZERO,
        )
        .expect("attacker");
    for (to, amount) in [(lender, 400_000), (alice, 300_000)] {
        let call = transferCall {
            to,
            value: eth(amount),
        };
        w.send(dev, token, call.abi_encode(), U256::ZERO);
    }
    // Snapshot 1, then an open proposal voted with it; the treasury holds 10 ETH.
    w.chain.advance_time(1);
    w.send(
        alice,
        token,
        IToken::snapshotCall {}.abi_encode(),
        U256::ZERO,
    );
    w.chain.advance_time(1);
    w.send(dev, gov, Vec::new(), eth(10));
    let grant = proposeCall {
        targets: vec![alice],
        values: vec![eth(1)],
        calldatas: vec![Default::default()],
        description: String::from("a grant"),
    };
    let r = w.send(alice, gov, grant.abi_encode(), U256::ZERO);
    let open = proposeCall::abi_decode_returns(&r.output, true)
        .expect("id")
        ._0;
    // Revenue for the next snapshot.
    w.send(dev, token, depositRevenueCall {}.abi_encode(), eth(5));
    w.chain.advance_time(1);

    // The attack, in one transaction.
    let call = IAttacker::attackCall {
        lender,
        token,
        amount: eth(400_000),
        openProposal: open,
    };
    let attack = w.send(dev, attacker, call.abi_encode(), U256::ZERO);
    assert_eq!(
        w.view(attacker, IAttacker::heldDuringLoanCall {})._0,
        eth(400_000)
    );
    // It took snapshot 2 ...
    let s = w.view(attacker, IAttacker::snapshotCall {});
    assert!(s.ok);
    let id = s.value;
    assert_eq!(id, U256::from(2));
    assert_eq!(w.view(token, claimableAtCall { snapshotId: id })._0, eth(4));
    // ... could not claim it (its balances are those at the end of this second) ...
    let c = w.view(attacker, IAttacker::claimCall {});
    assert!(!c.ok);
    assert_eq!(
        c.revertData.to_vec(),
        SnapshotNotFinal { snapshotId: id }.abi_encode()
    );
    // ... its proposal was weighed at snapshot 1, where it held nothing ...
    let p = w.view(attacker, IAttacker::proposalCall {});
    assert!(!p.ok);
    assert_eq!(
        p.revertData.to_vec(),
        InsufficientProposerVotes {
            proposer: attacker,
            votes: U256::ZERO,
            threshold: eth(10_000),
        }
        .abi_encode()
    );
    // ... and so was its vote.
    let v = w.view(attacker, IAttacker::voteCall {});
    assert!(!v.ok);
    assert_eq!(
        v.revertData.to_vec(),
        NoVotingPower {
            voter: attacker,
            snapshotId: U256::from(1),
        }
        .abi_encode()
    );
    assert_eq!(
        w.view(token, balanceOfCall { account: attacker })._0,
        U256::ZERO
    );
    assert_eq!(
        w.view(token, balanceOfCall { account: lender })._0,
        eth(400_000)
    );

    // Afterwards: at the end of snapshot 2's second the attacker held nothing.
    w.chain.advance_time(1);
    assert_eq!(
        w.view(
            token,
            balanceOfAtCall {
                account: attacker,
                snapshotId: id
            }
        )
        ._0,
        U256::ZERO
    );
    w.send(
        dev,
        attacker,
        IAttacker::claimLaterCall { token, id }.abi_encode(),
        U256::ZERO,
    );
    let c = w.view(attacker, IAttacker::claimCall {});
    assert!(!c.ok);
    assert_eq!(
        c.revertData.to_vec(),
        NothingToClaim {
            account: attacker,
            snapshotId: id
        }
        .abi_encode()
    );
    assert_eq!(w.chain.balance(attacker), U256::ZERO);

    // The legitimate path: alice held 30% through snapshot 2; she claims 30% of its revenue
    // and votes a new proposal (voted with snapshot 2) with her 30%, where the attacker has no
    // weight.
    let before = w.chain.balance(alice);
    w.send(
        alice,
        token,
        IToken::claimCall { snapshotId: id }.abi_encode(),
        U256::ZERO,
    );
    assert_eq!(
        w.chain.balance(alice) - before,
        eth(4) * U256::from(3) / U256::from(10)
    );
    let r = w.send(alice, gov, grant.abi_encode(), U256::ZERO);
    let next = proposeCall::abi_decode_returns(&r.output, true)
        .expect("id")
        ._0;
    assert_eq!(
        w.view(gov, IGovernor::proposalCall { proposalId: next })._1,
        id
    );
    let vote = castVoteCall {
        proposalId: next,
        support: 1,
    };
    let r = w.send(alice, gov, vote.abi_encode(), U256::ZERO);
    assert_eq!(
        castVoteCall::abi_decode_returns(&r.output, true)
            .expect("weight")
            ._0,
        eth(300_000)
    );
    w.send(
        dev,
        attacker,
        IAttacker::voteLaterCall { id: next }.abi_encode(),
        U256::ZERO,
    );
    let v = w.view(attacker, IAttacker::voteCall {});
    assert!(!v.ok);
    assert_eq!(
        v.revertData.to_vec(),
        NoVotingPower {
            voter: attacker,
            snapshotId: id,
        }
        .abi_encode()
    );
    // The treasury is whole.
    assert_eq!(w.chain.balance(gov), eth(10));
    println!(
        "the whole attack in one transaction: {} gas",
        attack.gas_used
    );
}
