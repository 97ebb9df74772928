//! The devchain tests' chain: the compiled token, sale and vesting (`target/stylus`), EIP-1167
//! clones of the sale and vesting implementations, Solidity buyers and currencies
//! (`solidity/out`), typed calls through the `sol!` bindings of `solidity/interfaces`.
#![allow(dead_code)] // each test file uses part of it

use alloy_sol_types::{sol, SolCall, SolError, SolValue};
use stylus_devchain::{constructor_calldata, load_artifact, Address, Devchain, Receipt, U256};

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
        function transfer(address to, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
        function snapshot() external returns (uint256);
        function depositRevenue() external payable;
        function claim(uint256 snapshotId) external;
        function currentSnapshotId() external view returns (uint256);
    }
    interface IReentrantBuyer {
        function setMode(uint8 mode) external;
        function deposit(uint256 amount) external payable;
        function claim() external;
        function reentered() external view returns (bool);
        function reentrySucceeded() external view returns (bool);
        function reentryError() external view returns (bytes memory);
    }
    interface IRejectingBuyer {
        function deposit(uint256 amount) external payable;
        function claimTo(address to) external;
    }
    interface ICurrency {
        function mint(address to, uint256 amount) external;
        function setFeeBps(uint16 feeBps) external;
        function setSilent(bool silent) external;
        function approve(address spender, uint256 amount) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
    }
}

pub use IImoSale::*;

pub const ETHER: u128 = 1_000_000_000_000_000_000;
/// The token's supply.
pub const SUPPLY: u128 = 1_000_000 * ETHER;
const BUILD: &str = "cargo xtask wasm";

pub fn u(x: u128) -> U256 {
    U256::from(x)
}

pub struct Chain {
    pub chain: Devchain,
    pub owner: Address,
}

impl Chain {
    pub fn new() -> Self {
        let mut chain = Devchain::new().expect("devchain");
        chain.register_sol_error::<SaleNotActive>();
        chain.register_sol_error::<DepositOverCap>();
        chain.register_sol_error::<NotAllowlisted>();
        Self {
            chain,
            owner: Devchain::DEV_ACCOUNT,
        }
    }

    /// A funded account.
    pub fn account(&mut self, byte: u8) -> Address {
        let a = Address::repeat_byte(byte);
        self.chain.fund(a, u(1_000 * ETHER));
        a
    }

    pub fn send<C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        call: C,
        value: U256,
    ) -> Receipt {
        self.chain.send_ok(from, to, &call, value).unwrap()
    }

    /// Sends `call`, which must revert; its revert data.
    pub fn fail<C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        call: C,
        value: U256,
    ) -> Vec<u8> {
        self.chain
            .send_reverting(from, to, &call, value)
            .unwrap()
            .to_vec()
    }

    /// Sends `call`, which must revert with the error `E`; the decoded error.
    pub fn fail_with<E: SolError, C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        call: C,
        value: U256,
    ) -> E {
        self.chain.send_err(from, to, &call, value).unwrap()
    }

    pub fn view<C: SolCall>(&mut self, to: Address, call: C) -> C::Return {
        self.chain.view(self.owner, to, &call).unwrap()
    }

    /// A Stylus program from `target/stylus`, deployed and activated, no constructor.
    pub fn implementation(&mut self, name: &str) -> Address {
        let code = load_artifact(name, BUILD).unwrap_or_else(|e| panic!("{e:#}"));
        self.chain
            .deploy_stylus(&code, &[], U256::ZERO)
            .unwrap_or_else(|e| panic!("{e:#}"))
    }

    /// An EIP-1167 clone of `implementation` (CREATE from the owner); returns it and the gas.
    pub fn clone_of(&mut self, implementation: Address) -> (Address, u64) {
        let init = imo_common::clone::init_code(implementation);
        let r = self
            .chain
            .create(self.owner, &init, U256::ZERO)
            .expect("valid tx");
        assert!(r.success, "clone: {}", r.describe());
        (r.contract_address.expect("created"), r.gas_used)
    }

    /// The RevShare token (constructor): the whole supply to the owner, 80% claimable, no
    /// interval, a window of 2 snapshots.
    pub fn token(&mut self) -> Address {
        let code = load_artifact("imo-revshare-token", BUILD).unwrap_or_else(|e| panic!("{e:#}"));
        let args = (
            String::from("Model"),
            String::from("MDL"),
            u(SUPPLY),
            self.owner,
            8_000u16,
            0u64,
            2u32,
            self.owner,
        )
            .abi_encode_params();
        self.chain
            .deploy_stylus(&code, &constructor_calldata(&args), U256::ZERO)
            .unwrap_or_else(|e| panic!("{e:#}"))
    }

    /// A compiled Solidity contract from `solidity/out`.
    pub fn solidity(&mut self, name: &str, args: Vec<u8>) -> Address {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../solidity/out/{name}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run scripts/solc.sh)", path.display()));
        let json: serde_json::Value = serde_json::from_str(&text).expect("artifact");
        let bytecode = json["bytecode"].as_str().expect("bytecode");
        let mut init = alloy_primitives::hex::decode(bytecode).expect("hex");
        init.extend_from_slice(&args);
        self.chain
            .deploy_evm(&init, U256::ZERO)
            .unwrap_or_else(|e| panic!("{name}: {e:#}"))
    }

    pub fn tokens_of(&mut self, token: Address, account: Address) -> U256 {
        self.view(token, IToken::balanceOfCall { account })._0
    }

    /// Revenue into the token, a snapshot, one second (so it is final).
    pub fn revenue_and_snapshot(&mut self, token: Address, wei: U256) -> U256 {
        let owner = self.owner;
        self.send(owner, token, IToken::depositRevenueCall {}, wei);
        let r = self.send(owner, token, IToken::snapshotCall {}, U256::ZERO);
        self.chain.advance_time(1);
        IToken::snapshotCall::abi_decode_returns(&r.output, true)
            .expect("id")
            ._0
    }
}

/// The terms of a test sale.
#[derive(Clone, Debug)]
pub struct Terms {
    pub currency: Address,
    pub target: U256,
    pub minimum: U256,
    pub tokens_for_sale: U256,
    pub min_deposit: U256,
    pub max_per_address: U256,
    pub allowlist_root: alloy_primitives::B256,
    pub start_in: u64,
    pub duration: u64,
}

impl Default for Terms {
    fn default() -> Self {
        Self {
            currency: Address::ZERO,
            target: u(150 * ETHER),
            minimum: u(150 * ETHER),
            tokens_for_sale: u(500_000 * ETHER),
            min_deposit: u(ETHER / 100),
            max_per_address: U256::ZERO,
            allowlist_root: alloy_primitives::B256::ZERO,
            start_in: 60,
            duration: 3_600,
        }
    }
}

/// A sale clone of `implementation`, funded with the tokens for sale and initialized; returns the
/// sale and its `(start, end)`, with the gas of the clone and of `initialize`.
pub fn sale(
    c: &mut Chain,
    implementation: Address,
    token: Address,
    treasury: Address,
    terms: &Terms,
) -> (Address, u64, u64, [u64; 2]) {
    let (sale, clone_gas) = c.clone_of(implementation);
    let owner = c.owner;
    c.send(
        owner,
        token,
        IToken::transferCall {
            to: sale,
            value: terms.tokens_for_sale,
        },
        U256::ZERO,
    );
    let start = c.chain.timestamp() + terms.start_in;
    let end = start + terms.duration;
    let r = c.send(
        owner,
        sale,
        initialize(token, treasury, terms, start, end),
        U256::ZERO,
    );
    (sale, start, end, [clone_gas, r.gas_used])
}

/// `initialize` for `terms`, no liquidity, no grants.
pub fn initialize(
    token: Address,
    treasury: Address,
    terms: &Terms,
    start: u64,
    end: u64,
) -> initializeCall {
    initializeCall {
        token,
        currency: terms.currency,
        treasury,
        creator: Devchain::DEV_ACCOUNT,
        start,
        end,
        target: terms.target,
        minimum: terms.minimum,
        tokensForSale: terms.tokens_for_sale,
        minDeposit: terms.min_deposit,
        maxPerAddress: terms.max_per_address,
        allowlistRoot: terms.allowlist_root,
        liquidityRecipient: Address::ZERO,
        liquidityBps: 0,
        grants: Vec::new(),
        grantAmounts: Vec::new(),
    }
}
