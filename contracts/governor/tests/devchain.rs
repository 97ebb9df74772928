//! The compiled governor and RevShare token (the exact WASM `cargo xtask wasm` produces) on the
//! in-process devchain: holders of a freshly offered model vote a grant from the treasury and it
//! is paid; a proposal makes the governor, as the token's owner, register a revenue source and,
//! in the same execution, change the governor's own parameters (a reentrant call into the
//! governor, which only works because it is built with `reentrant`); a failing call reverts the
//! whole execution with the callee's reason. Prints the gas of propose / castVote / execute.
//!
//! Needs the artifacts from `cargo xtask wasm -p imo-revshare-token` and
//! `cargo xtask wasm -p imo-governor` (scripts/test.sh builds them before the tests).

use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolValue};
use stylus_devchain::{load_artifact, Address, Devchain, Receipt, U256};

sol! {
    interface IToken {
        function transfer(address to, uint256 value) external returns (bool);
        function snapshot() external returns (uint256);
        function transferOwnership(address newOwner) external;
        function addRevenueSource(address oracle, uint256 modelId) external;
        struct RevenueSource { address oracle; uint256 modelId; }
        function revenueSources() external view returns (RevenueSource[] memory);
        error OwnableUnauthorizedAccount(address account);
    }

    interface IOracle {
        function owner() external view returns (address);
        function transferOwnership(address newOwner) external;
        function acceptOwnership() external;
        function setPaused(bool paused) external;
        event PausedSet(bool paused);
    }

    interface IGovernor {
        function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) external returns (uint256);
        function castVote(uint256 proposalId, uint8 support) external returns (uint256);
        function execute(uint256 proposalId) external;
        function state(uint256 proposalId) external view returns (uint8);
        function proposalVotes(uint256 proposalId) external view returns (uint256, uint256, uint256);
        function setParameters(uint64 votingDelay, uint64 votingPeriod, uint16 quorumBps, uint256 proposalThreshold, uint64 executionDelay, uint64 gracePeriod) external;
        function proposalDeadline(uint256 proposalId) external view returns (uint64);
        function votingPeriod() external view returns (uint64);
        function quorumBps() external view returns (uint16);
        error UnexpectedProposalState(uint256 proposalId, uint8 current);
        error CallReverted(uint256 index, bytes reason);
        error OnlyGovernance(address account);
    }
}

use IGovernor::*;
use IOracle::{acceptOwnershipCall, setPausedCall, PausedSet};
use IToken::*;

const ETHER: u64 = 1_000_000_000_000_000_000;
const DELAY: u64 = 60;
const PERIOD: u64 = 3_600;
const EXEC_DELAY: u64 = 86_400;
const GRACE: u64 = 7 * 86_400;

fn eth(n: u64) -> U256 {
    U256::from(n) * U256::from(ETHER)
}

struct Chain {
    chain: Devchain,
    token: Address,
    gov: Address,
}

impl Chain {
    fn send(&mut self, from: Address, to: Address, data: Vec<u8>, value: U256) -> Receipt {
        let receipt = self.chain.send(from, to, &data, value).expect("valid tx");
        assert!(receipt.success, "{}", receipt.describe());
        receipt
    }

    fn fail(&mut self, from: Address, to: Address, data: Vec<u8>) -> Vec<u8> {
        let receipt = self
            .chain
            .send(from, to, &data, U256::ZERO)
            .expect("valid tx");
        assert!(!receipt.success, "should revert");
        receipt.output.to_vec()
    }

    fn view<C: SolCall>(&mut self, to: Address, call: C) -> C::Return {
        self.chain.view(Devchain::DEV_ACCOUNT, to, &call).unwrap()
    }

    fn state(&mut self, id: U256) -> u8 {
        let gov = self.gov;
        self.view(gov, stateCall { proposalId: id })._0
    }

    fn propose(
        &mut self,
        by: Address,
        targets: Vec<Address>,
        values: Vec<U256>,
        calldatas: Vec<Vec<u8>>,
    ) -> (U256, Receipt) {
        let gov = self.gov;
        let call = proposeCall {
            targets,
            values,
            calldatas: calldatas.into_iter().map(Into::into).collect(),
            description: String::from("# Grant\nFund the fine-tuning of the model."),
        };
        let r = self.send(by, gov, call.abi_encode(), U256::ZERO);
        let id = proposeCall::abi_decode_returns(&r.output, true)
            .expect("id")
            ._0;
        (id, r)
    }
}

/// `stylus_constructor()`: the selector the SDK routes to `#[constructor]`.
fn constructor(args: Vec<u8>) -> Vec<u8> {
    let hash = alloy_primitives::keccak256("stylus_constructor()");
    let mut data = hash[..4].to_vec();
    data.extend_from_slice(&args);
    data
}

/// A freshly offered model: the token (1,000,000 units to the dev account, which sells 300,000
/// to alice, 200,000 to bob, 100,000 to carol), its first snapshot, and the governor.
fn offer() -> (Chain, [Address; 3]) {
    let token_wasm = load_artifact(
        "imo-revshare-token",
        "cargo xtask wasm -p imo-revshare-token",
    )
    .unwrap_or_else(|e| panic!("{e:#}"));
    let gov_wasm = load_artifact("imo-governor", "cargo xtask wasm -p imo-governor")
        .unwrap_or_else(|e| panic!("{e:#}"));
    let mut chain = Devchain::new().expect("devchain");
    chain.register_sol_error::<UnexpectedProposalState>();
    chain.register_sol_error::<CallReverted>();
    chain.register_sol_error::<OnlyGovernance>();
    chain.register_sol_error::<OwnableUnauthorizedAccount>();
    let owner = Devchain::DEV_ACCOUNT;
    let args = (
        String::from("Llama IMO"),
        String::from("LLAMA"),
        eth(1_000_000),
        owner,
        8_000u16,
        0u64,
        2u32,
        owner,
    )
        .abi_encode_params();
    let token = chain
        .deploy_stylus(&token_wasm, &constructor(args), U256::ZERO)
        .expect("token deploys");
    let args = (
        token,
        DELAY,
        PERIOD,
        2_000u16,
        eth(1_000),
        EXEC_DELAY,
        GRACE,
    )
        .abi_encode_params();
    let gov = chain
        .deploy_stylus(&gov_wasm, &constructor(args), U256::ZERO)
        .expect("governor deploys");
    let mut c = Chain { chain, token, gov };
    let holders = [
        Address::repeat_byte(0xa1),
        Address::repeat_byte(0xb0),
        Address::repeat_byte(0xc0),
    ];
    for (holder, amount) in holders.iter().zip([300_000, 200_000, 100_000]) {
        c.chain.fund(*holder, eth(100));
        c.send(
            owner,
            token,
            transferCall {
                to: *holder,
                value: eth(amount),
            }
            .abi_encode(),
            U256::ZERO,
        );
    }
    // The token's first snapshot comes at least a second after its deployment.
    c.chain.advance_time(1);
    c.send(owner, token, snapshotCall {}.abi_encode(), U256::ZERO);
    // Proposals use final snapshots: the snapshot's second passes first.
    c.chain.advance_time(1);
    (c, holders)
}

#[test]
fn holders_vote_a_grant_from_the_treasury_and_the_grantee_is_paid() {
    let (mut c, [alice, bob, carol]) = offer();
    let gov = c.gov;
    // Anyone funds the treasury through receive().
    c.send(carol, gov, Vec::new(), eth(10));
    assert_eq!(c.chain.balance(gov), eth(10));

    let grantee = Address::repeat_byte(0x9e);
    let (id, proposed) = c.propose(alice, vec![grantee], vec![eth(3)], vec![Vec::new()]);
    assert_eq!(id, U256::from(1));
    assert_eq!(c.state(id), 0, "pending");
    c.chain.advance_time(DELAY);
    assert_eq!(c.state(id), 1, "active");
    let voted = c.send(
        alice,
        gov,
        castVoteCall {
            proposalId: id,
            support: 1,
        }
        .abi_encode(),
        U256::ZERO,
    );
    c.send(
        bob,
        gov,
        castVoteCall {
            proposalId: id,
            support: 0,
        }
        .abi_encode(),
        U256::ZERO,
    );
    let votes = c.view(gov, proposalVotesCall { proposalId: id });
    assert_eq!(
        (votes._0, votes._1, votes._2),
        (eth(200_000), eth(300_000), U256::ZERO)
    );
    // Double voting is refused by the compiled router too.
    c.fail(
        alice,
        gov,
        castVoteCall {
            proposalId: id,
            support: 1,
        }
        .abi_encode(),
    );

    c.chain.advance_time(PERIOD + 1);
    assert_eq!(c.state(id), 5, "queued (execution delay)");
    let early = c.fail(carol, gov, executeCall { proposalId: id }.abi_encode());
    assert_eq!(
        early,
        UnexpectedProposalState {
            proposalId: id,
            current: 5
        }
        .abi_encode()
    );
    c.chain.advance_time(EXEC_DELAY);
    assert_eq!(c.state(id), 4, "succeeded");
    let executed = c.send(
        carol,
        gov,
        executeCall { proposalId: id }.abi_encode(),
        U256::ZERO,
    );
    assert_eq!(c.chain.balance(grantee), eth(3));
    assert_eq!(c.chain.balance(gov), eth(7));
    assert_eq!(c.state(id), 7, "executed");
    let again = c.fail(carol, gov, executeCall { proposalId: id }.abi_encode());
    assert_eq!(
        again,
        UnexpectedProposalState {
            proposalId: id,
            current: 7
        }
        .abi_encode()
    );
    assert_eq!(c.chain.balance(grantee), eth(3));

    println!("gas used (incl. 21,000 intrinsic and calldata):");
    println!(
        "  propose (one ETH grant, 43-byte description) {:>8}",
        proposed.gas_used
    );
    println!(
        "  castVote (first vote)                        {:>8}",
        voted.gas_used
    );
    println!(
        "  execute (one ETH transfer to a new account)  {:>8}",
        executed.gas_used
    );
}

#[test]
fn the_governor_governs_the_token_and_itself() {
    let (mut c, [alice, bob, _carol]) = offer();
    let (gov, token) = (c.gov, c.token);
    // Direct parameter changes are refused.
    let set = setParametersCall {
        votingDelay: 0,
        votingPeriod: 7_200,
        quorumBps: 4_000,
        proposalThreshold: eth(1),
        executionDelay: 0,
        gracePeriod: GRACE,
    }
    .abi_encode();
    let refused = c.fail(alice, gov, set.clone());
    assert_eq!(refused, OnlyGovernance { account: alice }.abi_encode());

    let oracle = Address::repeat_byte(0x0a);
    let add = addRevenueSourceCall {
        oracle,
        modelId: U256::from(11),
    }
    .abi_encode();
    let (id, proposed) = c.propose(
        bob,
        vec![token, gov],
        vec![U256::ZERO, U256::ZERO],
        vec![add, set],
    );
    c.chain.advance_time(DELAY);
    c.send(
        alice,
        gov,
        castVoteCall {
            proposalId: id,
            support: 1,
        }
        .abi_encode(),
        U256::ZERO,
    );
    c.chain.advance_time(PERIOD + 1 + EXEC_DELAY);

    // The governor does not own the token yet: call 0 reverts, and so does the whole execution.
    let reverted = c.fail(bob, gov, executeCall { proposalId: id }.abi_encode());
    let reason = OwnableUnauthorizedAccount { account: gov }.abi_encode();
    assert_eq!(
        reverted,
        CallReverted {
            index: U256::ZERO,
            reason: reason.into()
        }
        .abi_encode()
    );
    assert_eq!(c.state(id), 4, "still executable");
    assert_eq!(c.view(gov, votingPeriodCall {})._0, PERIOD);

    // The owner hands the token to the governor; the proposal now runs both calls, the second
    // one re-entering the governor (setParameters from the governor itself).
    let owner = Devchain::DEV_ACCOUNT;
    c.send(
        owner,
        token,
        transferOwnershipCall { newOwner: gov }.abi_encode(),
        U256::ZERO,
    );
    let executed = c.send(
        bob,
        gov,
        executeCall { proposalId: id }.abi_encode(),
        U256::ZERO,
    );
    // Decoded exactly as IRevShareToken.sol declares it: one (oracle, modelId)[] value.
    let sources = c.view(token, revenueSourcesCall {})._0;
    assert_eq!(sources.len(), 1);
    assert_eq!(
        (sources[0].oracle, sources[0].modelId),
        (oracle, U256::from(11))
    );
    assert_eq!(c.view(gov, votingPeriodCall {})._0, 7_200);
    assert_eq!(c.view(gov, quorumBpsCall {})._0, 4_000);
    assert_eq!(c.state(id), 7, "executed");
    println!(
        "propose (2 calls, 68+196 bytes) {:>8} gas",
        proposed.gas_used
    );
    println!(
        "execute (token owner call + self parameter change) {:>8} gas",
        executed.gas_used
    );
}

#[test]
fn a_grant_beyond_the_treasury_reverts_and_stays_executable() {
    let (mut c, [alice, _bob, carol]) = offer();
    let gov = c.gov;
    c.send(carol, gov, Vec::new(), eth(1));
    let grantee = Address::repeat_byte(0x9e);
    let (id, _) = c.propose(alice, vec![grantee], vec![eth(2)], vec![Vec::new()]);
    c.chain.advance_time(DELAY);
    c.send(
        alice,
        gov,
        castVoteCall {
            proposalId: id,
            support: 1,
        }
        .abi_encode(),
        U256::ZERO,
    );
    c.chain.advance_time(PERIOD + 1 + EXEC_DELAY);
    let reverted = c.fail(carol, gov, executeCall { proposalId: id }.abi_encode());
    assert_eq!(
        reverted,
        CallReverted {
            index: U256::ZERO,
            reason: Vec::new().into()
        }
        .abi_encode()
    );
    assert_eq!(c.state(id), 4, "still executable");
    // Once the treasury holds enough, the same proposal pays.
    c.send(carol, gov, Vec::new(), eth(1));
    c.send(
        carol,
        gov,
        executeCall { proposalId: id }.abi_encode(),
        U256::ZERO,
    );
    assert_eq!(c.chain.balance(grantee), eth(2));
    assert_eq!(c.chain.balance(gov), U256::ZERO);
}

#[test]
fn holders_take_over_the_ai_oracle_by_vote_and_pause_it() {
    let (mut c, [alice, bob, _carol]) = offer();
    let gov = c.gov;
    let oracle_wasm = load_artifact("imo-ai-oracle", "cargo xtask wasm -p imo-ai-oracle")
        .unwrap_or_else(|e| panic!("{e:#}"));
    let admin_wasm = load_artifact("imo-ai-oracle-admin", "cargo xtask wasm -p imo-ai-oracle")
        .unwrap_or_else(|e| panic!("{e:#}"));
    let admin = c
        .chain
        .deploy_stylus(&admin_wasm, &[], U256::ZERO)
        .expect("oracle admin extension deploys");
    let owner = Devchain::DEV_ACCOUNT;
    let args = (owner, Address::ZERO, 3_600u64, U256::ZERO, admin).abi_encode_params();
    let oracle = c
        .chain
        .deploy_stylus(&oracle_wasm, &constructor(args), U256::ZERO)
        .expect("oracle deploys");
    // The oracle uses two-step ownership: its owner offers it, a proposal accepts it.
    c.send(
        owner,
        oracle,
        IOracle::transferOwnershipCall { newOwner: gov }.abi_encode(),
        U256::ZERO,
    );
    let (id, _) = c.propose(
        alice,
        vec![oracle, oracle],
        vec![U256::ZERO, U256::ZERO],
        vec![
            acceptOwnershipCall {}.abi_encode(),
            setPausedCall { paused: true }.abi_encode(),
        ],
    );
    c.chain.advance_time(DELAY);
    c.send(
        bob,
        gov,
        castVoteCall {
            proposalId: id,
            support: 1,
        }
        .abi_encode(),
        U256::ZERO,
    );
    c.chain.advance_time(PERIOD + 1 + EXEC_DELAY);
    let executed = c.send(
        alice,
        gov,
        executeCall { proposalId: id }.abi_encode(),
        U256::ZERO,
    );
    assert_eq!(c.view(oracle, IOracle::ownerCall {})._0, gov);
    assert!(executed.logs.iter().any(|l| l.address == oracle
        && l.topics().first() == Some(&PausedSet::SIGNATURE_HASH)
        && l.data.data.as_ref() == PausedSet { paused: true }.encode_data().as_slice()));
}

#[test]
fn a_passed_grant_not_executed_within_its_grace_period_expires() {
    let (mut c, [alice, bob, carol]) = offer();
    let gov = c.gov;
    let grantee = Address::repeat_byte(0x99);
    c.send(carol, gov, Vec::new(), eth(10));
    let (id, _) = c.propose(alice, vec![grantee], vec![eth(3)], vec![Vec::new()]);
    c.chain.advance_time(DELAY);
    for voter in [alice, bob] {
        let vote = castVoteCall {
            proposalId: id,
            support: 1,
        };
        c.send(voter, gov, vote.abi_encode(), U256::ZERO);
    }
    c.chain.advance_time(PERIOD + 1 + EXEC_DELAY);
    assert_eq!(c.state(id), 4, "succeeded: executable");
    let deadline = c.view(gov, proposalDeadlineCall { proposalId: id })._0;
    // Nobody executes it before its deadline.
    c.chain.advance_time(deadline - c.chain.timestamp());
    assert_eq!(c.state(id), 6, "expired");
    let refused = c.fail(carol, gov, executeCall { proposalId: id }.abi_encode());
    assert_eq!(
        refused,
        UnexpectedProposalState {
            proposalId: id,
            current: 6
        }
        .abi_encode()
    );
    assert_eq!(c.chain.balance(grantee), U256::ZERO);
    assert_eq!(c.chain.balance(gov), eth(10));
}
