//! The compiled token (the exact WASM `cargo xtask wasm` produces) on the in-process devchain:
//! what motsu cannot show. The SDK's `reentrant` feature is really on (an oracle paying back into
//! `receive()` during `snapshot()` works), the contract's own lock refuses a source that re-enters
//! `snapshot()`, ETH reaches plain accounts, and the gas of transfer / snapshot / claim / burn.
//!
//! Needs the artifact from `cargo xtask wasm -p imo-revshare-token` (scripts/test.sh builds it
//! before the tests).

use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolValue};
use stylus_devchain::{load_artifact, Address, Devchain, Receipt, U256};

mod common;

sol! {
    interface IToken {
        function transfer(address to, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
        function depositRevenue() external payable;
        function snapshot() external returns (uint256);
        function claim(uint256 snapshotId) external;
        function burn(uint256 amount) external;
        function claimableAt(uint256 snapshotId) external view returns (uint256);
        function claimableRevenue(address account, uint256 snapshotId) external view returns (uint256);
        function currentSnapshotId() external view returns (uint256);
        function redeemPool() external view returns (uint256);
        function addRevenueSource(address oracle, uint256 modelId) external;
        function lastSnapshotTimestamp() external view returns (uint64);
        function pendingRevenue() external view returns (uint256);
        function name() external view returns (string);
        function DOMAIN_SEPARATOR() external view returns (bytes32);
        function eip712Domain() external view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions);
        function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;
        function allowance(address owner, address spender) external view returns (uint256);
        function nonces(address owner) external view returns (uint256);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
        error ERC2612InvalidSigner(address signer, address owner);
        function totalSupply() external view returns (uint256);
        event Snapshot(uint256 id);
        event SnapshotRevenue(uint256 indexed id, uint256 claimable, uint256 toRedeemPool);
        event RevenueSourceFailed(address indexed oracle, uint256 indexed modelId);
        error ReentrantCall();
        error SnapshotTooEarly(uint64 nextAllowedAt);
    }
}

use IToken::*;

const ETHER: u64 = 1_000_000_000_000_000_000;

fn eth(n: u64) -> U256 {
    U256::from(n) * U256::from(ETHER)
}

struct Token {
    chain: Devchain,
    token: Address,
    owner: Address,
}

impl Token {
    /// Deploys the token: 1,000,000 tokens (18 decimals) to the dev account, 80% claimable,
    /// no interval, a window of 2 snapshots.
    fn deploy() -> Self {
        Self::deploy_with_interval(0)
    }

    /// The same token with a snapshot interval of `interval` seconds.
    fn deploy_with_interval(interval: u64) -> Self {
        let wasm = load_artifact(
            "imo-revshare-token",
            "cargo xtask wasm -p imo-revshare-token",
        )
        .unwrap_or_else(|e| panic!("{e:#}"));
        let mut chain = Devchain::new().expect("devchain");
        chain.register_sol_error::<ReentrantCall>();
        chain.register_sol_error::<SnapshotTooEarly>();
        let owner = Devchain::DEV_ACCOUNT;
        let args = (
            String::from("Llama IMO"),
            String::from("LLAMA"),
            eth(1_000_000),
            owner,
            8_000u16,
            interval,
            2u32,
            owner,
        )
            .abi_encode_params();
        let mut init = stylus_sdk_constructor_selector().to_vec();
        init.extend_from_slice(&args);
        let token = chain
            .deploy_stylus(&wasm, &init, U256::ZERO)
            .expect("deploys");
        Self {
            chain,
            token,
            owner,
        }
    }

    fn send(&mut self, from: Address, data: Vec<u8>, value: U256) -> Receipt {
        let receipt = self
            .chain
            .send(from, self.token, &data, value)
            .expect("valid tx");
        assert!(receipt.success, "{}", receipt.describe());
        receipt
    }

    fn view<C: SolCall>(&mut self, call: C) -> C::Return {
        self.chain.view(self.owner, self.token, &call).unwrap()
    }

    /// Deploys EVM runtime `code` (init code copies it) and returns its address.
    fn deploy_evm(&mut self, runtime: &[u8]) -> Address {
        let len = u8::try_from(runtime.len()).expect("short");
        let mut init = vec![0x60, len, 0x60, 12, 0x60, 0, 0x39, 0x60, len, 0x60, 0, 0xf3];
        init.extend_from_slice(runtime);
        self.chain
            .deploy_evm(&init, U256::ZERO)
            .expect("evm deploy")
    }
}

/// `stylus_constructor()`: the selector the SDK routes to `#[constructor]`.
fn stylus_sdk_constructor_selector() -> [u8; 4] {
    let hash = alloy_primitives::keccak256("stylus_constructor()");
    [hash[0], hash[1], hash[2], hash[3]]
}

/// EVM runtime: on any call, send the whole balance to the caller (an oracle paying fees).
const PAYING_SOURCE: [u8; 14] = [
    0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, // ret size/offset, args size/offset
    0x47, 0x33, 0x5a, 0xf1, // SELFBALANCE CALLER GAS CALL
    0x50, 0x00, // POP STOP
];

/// EVM runtime: always revert.
const REVERTING_SOURCE: [u8; 5] = [0x60, 0, 0x60, 0, 0xfd];

/// EVM runtime: call `snapshot()` on the caller (re-entering it), ignore the result, then pay
/// the whole balance to the caller.
const REENTERING_SOURCE: [u8; 39] = [
    0x63, 0x97, 0x11, 0x71, 0x5a, 0x60, 0xe0, 0x1b, // PUSH4 snapshot() selector, SHL 224
    0x60, 0, 0x52, // MSTORE at 0
    0x60, 0, 0x60, 0, 0x60, 4, 0x60, 0, 0x60, 0, // ret 0/0, args 0..4, value 0
    0x33, 0x5a, 0xf1, 0x50, // CALLER GAS CALL POP
    0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, // then pay the balance:
    0x47, 0x33, 0x5a, 0xf1, 0x50, 0x00, // SELFBALANCE CALLER GAS CALL POP STOP
];

#[test]
fn compiled_token_sweeps_oracles_under_its_lock_and_reports_gas() {
    let mut t = Token::deploy();
    let (alice, bob) = (Address::repeat_byte(0xa1), Address::repeat_byte(0xb0));
    let owner = t.owner;

    // Gas of the ERC-20 path before any snapshot (no records to write).
    let first_transfer = t.send(
        owner,
        transferCall {
            to: alice,
            value: eth(250_000),
        }
        .abi_encode(),
        U256::ZERO,
    );

    // Revenue sources: one pays 3 ETH back into receive() during snapshot(), one reverts,
    // one re-enters snapshot() before paying 1 ETH.
    let paying = t.deploy_evm(&PAYING_SOURCE);
    let reverting = t.deploy_evm(&REVERTING_SOURCE);
    let reentering = t.deploy_evm(&REENTERING_SOURCE);
    t.chain.fund(paying, eth(3));
    t.chain.fund(reentering, eth(1));
    for (i, source) in [paying, reverting, reentering].into_iter().enumerate() {
        t.send(
            owner,
            addRevenueSourceCall {
                oracle: source,
                modelId: U256::from(i),
            }
            .abi_encode(),
            U256::ZERO,
        );
    }

    t.send(owner, depositRevenueCall {}.abi_encode(), eth(6));
    // The first snapshot comes at least a second after the deployment.
    t.chain.advance_time(1);
    let snapshot = t.send(alice, snapshotCall {}.abi_encode(), U256::ZERO);
    // The snapshot holds the balances at the end of its second: claims wait for the next one.
    t.chain.advance_time(1);
    // 6 + 3 + 1 ETH of revenue, 80% claimable; the re-entered snapshot() was refused, so this
    // is snapshot 1 and the only one.
    assert_eq!(t.view(currentSnapshotIdCall {})._0, U256::from(1));
    assert_eq!(
        t.view(claimableAtCall {
            snapshotId: U256::from(1)
        })
        ._0,
        eth(8)
    );
    assert_eq!(t.view(redeemPoolCall {})._0, eth(2));
    assert_eq!(t.chain.balance(paying), U256::ZERO);
    assert_eq!(t.chain.balance(reentering), U256::ZERO);
    let failed = [
        RevenueSourceFailed::SIGNATURE_HASH,
        reverting.into_word(),
        U256::from(1).into(),
    ];
    assert!(snapshot.logs.iter().any(|l| l.topics() == failed));
    // OpenZeppelin's `Snapshot(uint256 id)`, then what the snapshot assigned.
    let standard = snapshot
        .logs
        .iter()
        .find(|l| l.topics().first() == Some(&Snapshot::SIGNATURE_HASH))
        .expect("Snapshot(uint256)");
    assert_eq!(
        Snapshot::decode_log_data(&standard.data, true)
            .expect("decodes")
            .id,
        U256::from(1)
    );
    let revenue = snapshot
        .logs
        .iter()
        .find(|l| l.topics().first() == Some(&SnapshotRevenue::SIGNATURE_HASH))
        .expect("SnapshotRevenue");
    let revenue = SnapshotRevenue::decode_log_data(&revenue.data, true).expect("decodes");
    assert_eq!((revenue.claimable, revenue.toRedeemPool), (eth(8), eth(2)));

    // Transfers after the snapshot: the first writes the balance records, the next does not.
    let recording_transfer = t.send(
        owner,
        transferCall {
            to: bob,
            value: eth(1),
        }
        .abi_encode(),
        U256::ZERO,
    );
    let steady_transfer = t.send(
        owner,
        transferCall {
            to: bob,
            value: eth(1),
        }
        .abi_encode(),
        U256::ZERO,
    );

    // Claims reach plain accounts; the transfers after the snapshot do not change them.
    let alice_share = t
        .view(claimableRevenueCall {
            account: alice,
            snapshotId: U256::from(1),
        })
        ._0;
    assert_eq!(alice_share, eth(2));
    let before = t.chain.balance(alice);
    let claim = t.send(
        alice,
        claimCall {
            snapshotId: U256::from(1),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert_eq!(t.chain.balance(alice), before + alice_share);
    assert_eq!(t.view(balanceOfCall { account: bob })._0, eth(2));

    // Burn 10% of the supply: 10% of the 2 ETH pool.
    let burn = t.send(
        owner,
        burnCall {
            amount: eth(100_000),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert_eq!(
        t.view(redeemPoolCall {})._0,
        eth(2) - eth(2) / U256::from(10)
    );

    println!("gas used (incl. 21,000 intrinsic and calldata):");
    for (what, r) in [
        ("transfer, no snapshot yet", &first_transfer),
        (
            "transfer, first after a snapshot (2 records)",
            &recording_transfer,
        ),
        ("transfer, steady state", &steady_transfer),
        ("snapshot with 3 sources", &snapshot),
        ("claim", &claim),
        ("burn (first after a snapshot)", &burn),
    ] {
        println!("  {what:<46} {:>8}", r.gas_used);
    }
    // Guard rails on the storage-dominated costs (see README: slots per operation).
    assert!(steady_transfer.gas_used < recording_transfer.gas_used);
    assert!(
        steady_transfer.gas_used < 80_000,
        "{}",
        steady_transfer.gas_used
    );
}

#[test]
fn the_first_snapshot_comes_one_interval_after_the_deployment() {
    let mut t = Token::deploy_with_interval(3_600);
    let deployed_at = t.chain.timestamp();
    assert_eq!(
        t.view(lastSnapshotTimestampCall {})._0,
        deployed_at,
        "the deployment counts as the last snapshot"
    );
    let owner = t.owner;
    let too_early = |t: &mut Token| {
        let r = t
            .chain
            .send(owner, t.token, &snapshotCall {}.abi_encode(), U256::ZERO)
            .expect("valid tx");
        assert!(!r.success);
        SnapshotTooEarly::abi_decode(&r.output, true)
            .expect("SnapshotTooEarly")
            .nextAllowedAt
    };
    assert_eq!(too_early(&mut t), deployed_at + 3_600);
    t.chain.advance_time(3_599);
    assert_eq!(too_early(&mut t), deployed_at + 3_600);
    t.chain.advance_time(1);
    t.send(owner, snapshotCall {}.abi_encode(), U256::ZERO);
    assert_eq!(t.view(currentSnapshotIdCall {})._0, U256::from(1));
    assert_eq!(t.view(lastSnapshotTimestampCall {})._0, deployed_at + 3_600);
}

#[test]
fn revenue_at_zero_supply_is_not_assigned_and_stays_pending() {
    let mut t = Token::deploy();
    let owner = t.owner;
    // While tokens exist, a snapshot assigns 80% to claims and 20% to the redeem pool.
    t.send(owner, depositRevenueCall {}.abi_encode(), eth(10));
    t.chain.advance_time(1);
    t.send(owner, snapshotCall {}.abi_encode(), U256::ZERO);
    assert_eq!(t.view(redeemPoolCall {})._0, eth(2));
    // The only holder burns everything: it is paid the whole pool.
    let supply = t.view(totalSupplyCall {})._0;
    t.send(owner, burnCall { amount: supply }.abi_encode(), U256::ZERO);
    assert_eq!(t.view(totalSupplyCall {})._0, U256::ZERO);
    assert_eq!(t.view(redeemPoolCall {})._0, U256::ZERO);
    // Revenue keeps arriving; a snapshot at zero supply assigns none of it.
    t.send(owner, depositRevenueCall {}.abi_encode(), eth(3));
    t.chain.advance_time(1);
    let r = t.send(owner, snapshotCall {}.abi_encode(), U256::ZERO);
    let assigned = r
        .logs
        .iter()
        .find(|l| l.topics().first() == Some(&SnapshotRevenue::SIGNATURE_HASH))
        .expect("SnapshotRevenue");
    let assigned = SnapshotRevenue::decode_log_data(&assigned.data, true).expect("decodes");
    assert_eq!(
        (assigned.claimable, assigned.toRedeemPool),
        (U256::ZERO, U256::ZERO)
    );
    assert_eq!(t.view(redeemPoolCall {})._0, U256::ZERO);
    assert_eq!(t.view(pendingRevenueCall {})._0, eth(3));
    assert_eq!(
        t.view(claimableAtCall {
            snapshotId: U256::from(2)
        })
        ._0,
        U256::ZERO
    );
}

#[test]
fn a_wallet_s_permit_built_from_name_is_accepted_and_eip712_domain_describes_it() {
    let mut t = Token::deploy();
    let owner = t.owner;
    let holder = alloy_signer_local::PrivateKeySigner::random();
    t.send(
        owner,
        transferCall {
            to: holder.address(),
            value: eth(100),
        }
        .abi_encode(),
        U256::ZERO,
    );
    // ERC-5267, as a wallet reads it (Solidity's return encoding, decoded by alloy).
    let d = t.view(eip712DomainCall {});
    assert_eq!(d.fields.0, [0x0f]);
    assert_eq!(d.name, t.view(nameCall {})._0);
    assert_eq!(d.name, "Llama IMO");
    assert_eq!(d.version, "1");
    assert_eq!(d.chainId, U256::from(t.chain.chain_id));
    assert_eq!(d.verifyingContract, t.token);
    assert_eq!(d.salt, alloy_primitives::B256::ZERO);
    assert!(d.extensions.is_empty());
    // The wallet's domain: from name(); it is DOMAIN_SEPARATOR (it was not: the domain name used to
    // be the fixed "IMO RevShare Token").
    let domain = common::domain_of(&d.name, t.chain.chain_id, t.token);
    assert_eq!(t.view(DOMAIN_SEPARATORCall {})._0, domain);
    let deadline = U256::from(t.chain.timestamp() + 3_600);
    let old = common::domain_of("IMO RevShare Token", t.chain.chain_id, t.token);
    let (v, r, s) = common::sign_permit(old, &holder, owner, eth(40), U256::ZERO, deadline);
    let call = permitCall {
        owner: holder.address(),
        spender: owner,
        value: eth(40),
        deadline,
        v,
        r,
        s,
    };
    let refused = t
        .chain
        .send(owner, t.token, &call.abi_encode(), U256::ZERO)
        .expect("valid tx");
    assert!(!refused.success);
    assert_eq!(&refused.output[..4], ERC2612InvalidSigner::SELECTOR);
    let (v, r, s) = common::sign_permit(domain, &holder, owner, eth(40), U256::ZERO, deadline);
    let call = permitCall {
        owner: holder.address(),
        spender: owner,
        value: eth(40),
        deadline,
        v,
        r,
        s,
    };
    let permit = t.send(owner, call.abi_encode(), U256::ZERO);
    assert_eq!(
        t.view(allowanceCall {
            owner: holder.address(),
            spender: owner
        })
        ._0,
        eth(40)
    );
    assert_eq!(
        t.view(noncesCall {
            owner: holder.address()
        })
        ._0,
        U256::from(1)
    );
    t.send(
        owner,
        transferFromCall {
            from: holder.address(),
            to: owner,
            value: eth(40),
        }
        .abi_encode(),
        U256::ZERO,
    );
    println!("permit: {} gas", permit.gas_used);
}
