//! The compiled launchpad with the compiled implementations (token, governor, sale, vesting) and
//! the compiled AI Oracle on the devchain: a whole IMO launched in one transaction and wired
//! (addresses as predicted, supply where it belongs, the model registered with the token as its
//! receiver, the token owned by the governor); every clone initializes once and no implementation
//! ever; the refusals (same salt, no registrar, bad sale terms, too many grants, short supply);
//! the launched sale run to the end; and the gas of a launch against deploying and activating the
//! same programs one by one.
//!
//! Needs `cargo xtask wasm` (the launchpad, the four implementations, the oracle and its
//! extension).

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolValue};
use stylus_devchain::{constructor_calldata, load_artifact, Devchain, Receipt};

sol!(
    #[sol(all_derives)]
    "../../solidity/interfaces/IImoLaunchpad.sol"
);
sol!(
    #[sol(all_derives)]
    "../../solidity/interfaces/IImoSale.sol"
);
sol!(
    #[sol(all_derives)]
    "../../solidity/interfaces/IImoVesting.sol"
);
sol! {
    interface IToken {
        function initialize(string name, string symbol, uint256 initialSupply, address initialHolder, uint16 claimableBps, uint64 snapshotInterval, uint32 claimWindow, address owner) external;
        function balanceOf(address account) external view returns (uint256);
        function owner() external view returns (address);
        function name() external view returns (string memory);
        struct RevenueSource { address oracle; uint256 modelId; }
        function revenueSources() external view returns (RevenueSource[] memory);
        function depositRevenue() external payable;
        function snapshot() external returns (uint256);
        error AlreadyInitialized();
    }
    interface IGovernor {
        function initialize(address token, uint64 votingDelay, uint64 votingPeriod, uint16 quorumBps, uint256 proposalThreshold, uint64 executionDelay, uint64 gracePeriod) external;
        function token() external view returns (address);
        error AlreadyInitialized();
    }
    interface IOracle {
        function setRegistrar(address registrar) external;
        function getModel(uint256 modelId) external view returns (bytes32, bytes32, uint256, address, uint256, uint256, address, bool);
        error OwnableUnauthorizedAccount(address account);
        error ModelAlreadyExists(uint256 modelId);
    }
}

use IImoLaunchpad::*;

const ETHER: u128 = 1_000_000_000_000_000_000;
const BUILD: &str = "cargo xtask wasm";
const MODEL: u64 = 7;

fn u(x: u128) -> U256 {
    U256::from(x)
}

fn eth(x: u128) -> U256 {
    u(x * ETHER)
}

struct Setup {
    chain: Devchain,
    owner: Address,
    oracle: Address,
    pad: Address,
    /// token, governor, sale, vesting.
    implementations: [Address; 4],
    /// Gas of deploying and activating each program (token and governor with their
    /// constructors), as a deployment without the launchpad would.
    one_by_one: Vec<(&'static str, u64)>,
}

impl Setup {
    fn send<C: SolCall>(&mut self, from: Address, to: Address, call: C, value: U256) -> Receipt {
        self.chain.send_ok(from, to, &call, value).unwrap()
    }

    fn fail<E: SolError, C: SolCall>(&mut self, from: Address, to: Address, call: C) -> E {
        self.chain.send_err(from, to, &call, U256::ZERO).unwrap()
    }

    fn view<C: SolCall>(&mut self, to: Address, call: C) -> C::Return {
        self.chain.view(self.owner, to, &call).unwrap()
    }

    /// Deploys (and activates) `name` through the StylusDeployer; its address and gas.
    fn deploy(&mut self, name: &str, constructor_args: Option<Vec<u8>>) -> (Address, u64) {
        let code = load_artifact(name, BUILD).unwrap_or_else(|e| panic!("{e:#}"));
        let init = constructor_args
            .map(|args| constructor_calldata(&args))
            .unwrap_or_default();
        let r = self
            .chain
            .deploy_stylus_from(self.owner, &code, &init, U256::ZERO, B256::ZERO)
            .unwrap();
        assert!(r.success, "deploying {name}: {}", r.describe());
        (r.contract_address.unwrap(), r.gas_used)
    }
}

/// The oracle (with its extension), the four implementations (the token and the governor locked
/// by their constructors), the launchpad, made the oracle's registrar.
fn setup() -> Setup {
    let owner = Devchain::DEV_ACCOUNT;
    let mut s = Setup {
        chain: Devchain::new().unwrap(),
        owner,
        oracle: Address::ZERO,
        pad: Address::ZERO,
        implementations: [Address::ZERO; 4],
        one_by_one: Vec::new(),
    };
    let (admin, _) = s.deploy("imo-ai-oracle-admin", None);
    let args = (owner, Address::ZERO, 3_600u64, u(1_000_000_000), admin).abi_encode_params();
    s.oracle = s.deploy("imo-ai-oracle", Some(args)).0;
    let token_args = (
        String::from("RevShare implementation"),
        String::from("IMPL"),
        U256::ZERO,
        owner,
        0u16,
        0u64,
        1u32,
        owner,
    )
        .abi_encode_params();
    let (token, token_gas) = s.deploy("imo-revshare-token", Some(token_args));
    let governor_args = (token, 1u64, 100u64, 400u16, u(1), 10u64, 1_000u64).abi_encode_params();
    let (governor, governor_gas) = s.deploy("imo-governor", Some(governor_args));
    let (sale, sale_gas) = s.deploy("imo-offering", None);
    let (vesting, vesting_gas) = s.deploy("imo-vesting", None);
    s.implementations = [token, governor, sale, vesting];
    s.one_by_one = vec![
        ("token (deploy + activate + constructor)", token_gas),
        ("governor (deploy + activate + constructor)", governor_gas),
        ("sale (deploy + activate)", sale_gas),
        ("vesting (deploy + activate)", vesting_gas),
    ];
    let pad_args = (token, governor, sale, vesting, s.oracle).abi_encode_params();
    s.pad = s.deploy("imo-launchpad", Some(pad_args)).0;
    let (oracle, pad) = (s.oracle, s.pad);
    s.send(
        owner,
        oracle,
        IOracle::setRegistrarCall { registrar: pad },
        U256::ZERO,
    );
    s
}

/// An OpenLM-shaped launch: 1,000,000 tokens; 500,000 for sale for 150 ETH (S = T); 20% of the
/// proceeds to liquidity; a team grant (100,000) and a contributors grant (50,000); the rest to the
/// treasury.
fn params(s: &Setup, salt: u8) -> launchCall {
    let start = s.chain.timestamp() + 60;
    launchCall {
        token: TokenParams {
            name: "OpenLM".into(),
            symbol: "OLM".into(),
            supply: eth(1_000_000),
            claimableBps: 8_000,
            snapshotInterval: 0,
            claimWindow: 2,
        },
        governor: GovernorParams {
            votingDelay: 60,
            votingPeriod: 3_600,
            quorumBps: 2_000,
            proposalThreshold: eth(1_000),
            executionDelay: 600,
            gracePeriod: 86_400,
        },
        sale: SaleParams {
            currency: Address::ZERO,
            start,
            end: start + 3_600,
            target: eth(150),
            minimum: eth(150),
            tokensForSale: eth(500_000),
            minDeposit: u(ETHER / 100),
            maxPerAddress: U256::ZERO,
            allowlistRoot: B256::ZERO,
            liquidityRecipient: Address::repeat_byte(0x11),
            liquidityBps: 2_000,
        },
        grants: vec![
            GrantParams {
                beneficiary: Address::repeat_byte(0x7a),
                amount: eth(100_000),
                cliff: 1_000,
                duration: 4_000,
                revenueToTreasury: false,
            },
            GrantParams {
                beneficiary: Address::repeat_byte(0x7b),
                amount: eth(50_000),
                cliff: 0,
                duration: 4_000,
                revenueToTreasury: true,
            },
        ],
        model: ModelParams {
            modelId: U256::from(MODEL),
            modelHash: keccak256("OpenLM weights"),
            programHash: keccak256("OpenLM program"),
            fee: u(ETHER / 1_000),
            receiverPercentage: U256::from(50),
            register: true,
        },
        salt: B256::repeat_byte(salt),
    }
}

/// What a launch returned.
struct Launch {
    token: Address,
    governor: Address,
    sale: Address,
    vestings: Vec<Address>,
}

fn launch(s: &mut Setup, by: Address, call: launchCall) -> Launch {
    let pad = s.pad;
    let r = s.send(by, pad, call, U256::ZERO);
    let out = launchCall::abi_decode_returns(&r.output, true)
        .unwrap_or_else(|e| panic!("{e}: {}", alloy_primitives::hex::encode(&r.output)));
    Launch {
        token: out.tokenAddress,
        governor: out.governorAddress,
        sale: out.saleAddress,
        vestings: out.vestings.to_vec(),
    }
}

#[test]
fn a_launch_creates_and_wires_a_whole_imo_in_one_transaction() {
    let mut s = setup();
    let creator = Address::repeat_byte(0xc1);
    s.chain.fund(creator, eth(10));
    let call = params(&s, 1);
    let predicted = s.view(
        s.pad,
        predictCall {
            creator,
            salt: call.salt,
        },
    );
    let pad = s.pad;
    let r = s.send(creator, pad, call.clone(), U256::ZERO);
    let out = launchCall::abi_decode_returns(&r.output, true)
        .unwrap_or_else(|e| panic!("{e}: {}", alloy_primitives::hex::encode(&r.output)));
    let (token, governor, sale) = (out.tokenAddress, out.governorAddress, out.saleAddress);
    assert_eq!(
        (token, governor, sale),
        (predicted.token, predicted.governor, predicted.sale)
    );
    assert_eq!(out.vestings, predicted.vestings);
    // One event with every address.
    let launched = r
        .logs
        .iter()
        .find(|l| l.address == pad)
        .map(|l| Launched::decode_log_data(&l.data, true).unwrap())
        .expect("Launched");
    assert_eq!(
        (
            launched.creator,
            launched.token,
            launched.governor,
            launched.sale
        ),
        (creator, token, governor, sale)
    );
    assert_eq!([launched.vesting0, launched.vesting1], out.vestings);
    assert_eq!(launched.modelId, U256::from(MODEL));
    assert_eq!(s.view(pad, launchesCall {})._0, 1);

    // The supply where it belongs: the sale holds the tokens for sale, the liquidity tokens and
    // the grants; the treasury the rest; the launchpad nothing.
    let balance = |s: &mut Setup, account| s.view(token, IToken::balanceOfCall { account })._0;
    assert_eq!(balance(&mut s, sale), eth(500_000 + 100_000 + 150_000));
    assert_eq!(balance(&mut s, governor), eth(250_000));
    assert_eq!(balance(&mut s, pad), U256::ZERO);
    // The token: owned by the governor, earning from the oracle's model.
    assert_eq!(s.view(token, IToken::ownerCall {})._0, governor);
    assert_eq!(s.view(token, IToken::nameCall {})._0, "OpenLM");
    let sources = s.view(token, IToken::revenueSourcesCall {})._0;
    assert_eq!(sources.len(), 1);
    assert_eq!(
        (sources[0].oracle, sources[0].modelId),
        (s.oracle, U256::from(MODEL))
    );
    let model = s.view(
        s.oracle,
        IOracle::getModelCall {
            modelId: U256::from(MODEL),
        },
    );
    assert_eq!(
        (model._2, model._3, model._4, model._6),
        (u(ETHER / 1_000), token, U256::from(50), Address::ZERO),
        "receiver: the token; fees in ETH (ORA's fee token zero)"
    );
    // The governor governs the token; the sale pays the governor; the grants vest from the end.
    assert_eq!(s.view(governor, IGovernor::tokenCall {})._0, token);
    let p = s.view(sale, IImoSale::parametersCall {});
    assert_eq!((p.token, p.treasury, p.creator), (token, governor, creator));
    assert_eq!(p.end, call.sale.end);
    let grants = s.view(sale, IImoSale::grantsCall {});
    assert_eq!(grants.vestings, out.vestings);
    assert_eq!(grants.amounts, [eth(100_000), eth(50_000)]);
    let g = s.view(out.vestings[1], IImoVesting::grantCall {});
    assert_eq!(
        (g.token, g.beneficiary, g.revenueRecipient),
        (token, Address::repeat_byte(0x7b), governor)
    );
    assert_eq!(
        (g.start, g.duration, g.amount),
        (call.sale.end, 4_000, eth(50_000))
    );

    // The gas: one launch against deploying and activating the same programs one by one.
    let baseline: u64 = s.one_by_one.iter().map(|(_, g)| g).sum::<u64>() + s.one_by_one[3].1;
    println!(
        "launch (token, governor, sale, 2 grants, wiring, registration): {} gas",
        r.gas_used
    );
    for (what, gas) in &s.one_by_one {
        println!("  one by one: {what:<44} {gas:>10} gas");
    }
    println!(
        "  one by one, with a second vesting: {baseline} gas; the launch is {:.1}% of it",
        r.gas_used as f64 * 100.0 / baseline as f64
    );
    assert!(
        r.gas_used * 10 < baseline,
        "a launch costs under 10% of one-by-one deployments"
    );
}

#[test]
fn clones_initialize_once_and_implementations_never() {
    let mut s = setup();
    let creator = Address::repeat_byte(0xc1);
    s.chain.fund(creator, eth(10));
    let l = {
        let call = params(&s, 2);
        launch(&mut s, creator, call)
    };
    let owner = s.owner;
    let token_init = IToken::initializeCall {
        name: "X".into(),
        symbol: "X".into(),
        initialSupply: eth(1),
        initialHolder: owner,
        claimableBps: 0,
        snapshotInterval: 0,
        claimWindow: 1,
        owner,
    };
    let governor_init = IGovernor::initializeCall {
        token: l.token,
        votingDelay: 1,
        votingPeriod: 10,
        quorumBps: 0,
        proposalThreshold: U256::ZERO,
        executionDelay: 0,
        gracePeriod: 10,
    };
    let now = s.chain.timestamp();
    let sale_init = IImoSale::initializeCall {
        token: l.token,
        currency: Address::ZERO,
        treasury: owner,
        creator: owner,
        start: now + 10,
        end: now + 20,
        target: eth(1),
        minimum: U256::ZERO,
        tokensForSale: u(1),
        minDeposit: U256::ZERO,
        maxPerAddress: U256::ZERO,
        allowlistRoot: B256::ZERO,
        liquidityRecipient: Address::ZERO,
        liquidityBps: 0,
        grants: Vec::new(),
        grantAmounts: Vec::new(),
    };
    let vesting_init = IImoVesting::initializeCall {
        token: l.token,
        beneficiary: owner,
        revenueRecipient: owner,
        start: now,
        cliff: 0,
        duration: 1,
        amount: u(1),
    };
    // The clones: once, by the launch.
    s.fail::<IToken::AlreadyInitialized, _>(owner, l.token, token_init.clone());
    s.fail::<IGovernor::AlreadyInitialized, _>(owner, l.governor, governor_init.clone());
    s.fail::<IImoSale::AlreadyInitialized, _>(owner, l.sale, sale_init.clone());
    for vesting in &l.vestings {
        s.fail::<IImoVesting::AlreadyInitialized, _>(owner, *vesting, vesting_init.clone());
    }
    // The implementations: never.
    let [token, governor, sale, vesting] = s.implementations;
    s.fail::<IToken::AlreadyInitialized, _>(owner, token, token_init);
    s.fail::<IGovernor::AlreadyInitialized, _>(owner, governor, governor_init);
    s.fail::<IImoSale::NotAClone, _>(owner, sale, sale_init);
    s.fail::<IImoVesting::NotAClone, _>(owner, vesting, vesting_init);
}

#[test]
fn launches_that_cannot_be_set_up_are_refused_whole() {
    let mut s = setup();
    let (alice, bob) = (Address::repeat_byte(0xa1), Address::repeat_byte(0xb0));
    let pad = s.pad;
    // Same creator and salt twice: the clones exist.
    {
        let call = params(&s, 3);
        launch(&mut s, alice, call)
    };
    let mut again = params(&s, 3);
    again.model.modelId = U256::from(MODEL + 1);
    s.fail::<CloneFailed, _>(alice, pad, again);
    // Another creator, same salt: other addresses; but the model id is taken in the oracle.
    let err = {
        let call = params(&s, 3);
        s.fail::<SetupFailed, _>(bob, pad, call)
    };
    assert_eq!(err.target, s.oracle);
    assert!(IOracle::ModelAlreadyExists::abi_decode(&err.reason, true).is_ok());
    // Without the registrar role, registration is refused (the owner adds the model later).
    let (owner, oracle) = (s.owner, s.oracle);
    s.send(
        owner,
        oracle,
        IOracle::setRegistrarCall {
            registrar: Address::ZERO,
        },
        U256::ZERO,
    );
    let mut call = params(&s, 4);
    call.model.modelId = U256::from(MODEL + 2);
    let err = s.fail::<SetupFailed, _>(bob, pad, call.clone());
    let unauthorized = IOracle::OwnableUnauthorizedAccount::abi_decode(&err.reason, true).unwrap();
    assert_eq!(unauthorized.account, pad);
    call.model.register = false;
    let l = launch(&mut s, bob, call);
    assert_eq!(s.view(l.token, IToken::revenueSourcesCall {})._0.len(), 1);
    // Bad sale terms: the sale's own error, and nothing launched.
    let mut bad = params(&s, 5);
    bad.model.modelId = U256::ZERO;
    bad.sale.minimum = eth(151);
    let err = s.fail::<SetupFailed, _>(bob, pad, bad.clone());
    assert!(IImoSale::InvalidTarget::abi_decode(&err.reason, true).is_ok());
    assert_eq!(s.view(pad, launchesCall {})._0, 2);
    // Too many grants; a supply short of what the sale needs.
    let mut three = params(&s, 6);
    three.grants.push(three.grants[0].clone());
    s.fail::<TooManyGrants, _>(bob, pad, three);
    let mut short = params(&s, 7);
    short.token.supply = eth(700_000);
    let err = s.fail::<InsufficientSupply, _>(bob, pad, short);
    assert_eq!(err.needed, eth(750_000));
}

#[test]
fn a_launched_sale_runs_to_the_end() {
    let mut s = setup();
    let creator = Address::repeat_byte(0xc1);
    let call = params(&s, 8);
    let (start, end) = (call.sale.start, call.sale.end);
    let l = launch(&mut s, creator, call);
    let buyers = [
        Address::repeat_byte(0xa1),
        Address::repeat_byte(0xa2),
        Address::repeat_byte(0xa3),
    ];
    for b in buyers {
        s.chain.fund(b, eth(1_000));
    }
    s.chain.advance_time(start - s.chain.timestamp());
    for (b, amount) in buyers.iter().zip([100u128, 150, 50]) {
        s.send(
            *b,
            l.sale,
            IImoSale::deposit_0Call {
                amount: eth(amount),
            },
            eth(amount),
        );
    }
    s.chain.advance_time(end - s.chain.timestamp());
    // Revenue reaches the token after the sale; buyers who have not claimed earn it.
    s.send(s.owner, l.token, IToken::depositRevenueCall {}, eth(10));
    s.chain.advance_time(1);
    s.send(s.owner, l.token, IToken::snapshotCall {}, U256::ZERO);
    s.chain.advance_time(1);
    for b in buyers {
        let r = s.send(b, l.sale, IImoSale::claimCall { to: b }, U256::ZERO);
        let claimed = IImoSale::claimCall::abi_decode_returns(&r.output, true).unwrap();
        assert!(claimed.revenue > U256::ZERO);
    }
    s.send(creator, l.sale, IImoSale::distributeCall {}, U256::ZERO);
    // 150 ETH raised: 30 to liquidity, 120 to the treasury; the grants funded.
    assert_eq!(s.chain.balance(Address::repeat_byte(0x11)), eth(30));
    assert!(s.chain.balance(l.governor) >= eth(120));
    for (v, amount) in l.vestings.iter().zip([100_000u128, 50_000]) {
        assert_eq!(
            s.view(l.token, IToken::balanceOfCall { account: *v })._0,
            eth(amount)
        );
    }
    assert_eq!(s.chain.balance(l.sale), U256::ZERO);
    assert_eq!(
        s.view(l.token, IToken::balanceOfCall { account: l.sale })
            ._0,
        U256::ZERO
    );
    // The team's grant releases a quarter at its cliff.
    s.chain.advance_time(end + 1_000 - s.chain.timestamp());
    s.send(
        creator,
        l.vestings[0],
        IImoVesting::releaseCall {},
        U256::ZERO,
    );
    assert_eq!(
        s.view(
            l.token,
            IToken::balanceOfCall {
                account: Address::repeat_byte(0x7a)
            }
        )
        ._0,
        eth(25_000)
    );
}
