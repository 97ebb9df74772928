//! The system under test: everything `imo demo` deploys and wires, a launched offering (sale,
//! governor, vesting, its own token), a second model the arbiter decides (`unverifiable`), and
//! the actors that call it.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use imo_client::bindings::imo_oracle::{IImoAIOracle, IImoAIOracleVerifier};
use imo_client::bindings::revshare::IRevShareToken;
use imo_client::launch::Launch;
use imo_client::{evm, Backend, Config, DevchainBackend, Imo, TxReceipt, ETHER};
use stylus_devchain::Snapshot;

use crate::fixtures::launch;

/// The model the demo registers (verifiable: its disputes are dispute games; fees to the token).
pub const MODEL: u64 = 1;
/// A model the arbiter decides, its fee share to a receiver that rejects ETH.
pub const ARBITER_MODEL: u64 = 2;
/// The launched offering's model (fees to the launched token).
pub const LAUNCH_MODEL: u64 = 5;

/// Who acts, by role. Every actor is an index into [`System::actors`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The deployer: owner of every contract and the arbiter.
    Owner,
    /// A person (requests, buys, holds, challenges).
    Person,
    /// A whitelisted, staked node.
    Node,
}

/// One actor.
#[derive(Clone, Debug)]
pub struct Actor {
    /// A name for messages.
    pub name: &'static str,
    /// Its address.
    pub address: Address,
    /// Its role.
    pub role: Role,
}

/// The deployed system, its actors and the chain state right after setup.
pub struct System {
    /// The deployment (its backend is the devchain).
    pub imo: Imo<DevchainBackend>,
    /// The launched offering.
    pub launch: Launch,
    /// The launchpad.
    pub launchpad: Address,
    /// Everyone who sends transactions.
    pub actors: Vec<Actor>,
    /// Oracle consumers: one that accepts every callback, one that reverts every callback.
    pub consumers: [Address; 2],
    /// A contract that rejects every call and ETH (a node, a receiver, a requester).
    pub rejecter: Address,
    /// A contract that re-enters `withdrawEarnings` of the oracle whenever it is called or paid
    /// (a node and a callback consumer).
    pub attacker: Address,
    /// The account that operates the attacker's contract (sends its transactions).
    pub operator: Address,
    /// Every address that can hold ETH in this system: the accounts whose sum never changes.
    pub accounts: Vec<Address>,
    /// The configuration (fees, bonds, stakes).
    pub cfg: Config,
    /// The state right after setup, which every episode starts from.
    pub start: Snapshot,
}

/// The attacker's contract. Called with `target (20 bytes) ++ calldata` it calls `target` with
/// `calldata` and the value it got, and reverts with the same data when that call fails (its
/// operator acts through it). Called with anything shorter, ETH transfers included, it calls
/// `reenter` with the 4-byte `selector`, ignores the outcome and accepts: a re-entrant payee.
fn attacker_code(reenter: Address, selector: [u8; 4]) -> Vec<u8> {
    let mut code = vec![
        0x60, 0x14, 0x36, 0x10, // CALLDATASIZE < 20
        0x60, 0x00, 0x57, // PUSH1 <reenter> JUMPI (patched)
        0x60, 0x14, 0x36, 0x03, // len = CALLDATASIZE - 20
        0x80, 0x60, 0x14, 0x60, 0x00, 0x37, // CALLDATACOPY(0, 20, len)
        0x60, 0x00, 0x60, 0x00, 0x82, 0x60, 0x00, 0x34, // retLen retOff argsLen argsOff value
        0x60, 0x00, 0x35, 0x60, 0x60, 0x1c, // target = CALLDATALOAD(0) >> 96
        0x5a, 0xf1, // GAS CALL
        0x15, 0x60, 0x00, 0x57, 0x00, // ISZERO PUSH1 <fail> JUMPI STOP (patched)
    ];
    let fail = code.len();
    code[fail - 3] = u8::try_from(fail).expect("short code");
    // fail: JUMPDEST RETURNDATACOPY(0, 0, size) REVERT(0, size)
    code.extend_from_slice(&[
        0x5b, 0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e, 0x3d, 0x60, 0x00, 0xfd,
    ]);
    let reentry = code.len();
    code[5] = u8::try_from(reentry).expect("short code");
    // reentry: JUMPDEST MSTORE(0, selector << 224) CALL(gas, reenter, 0, 0, 4, 0, 0) POP STOP
    code.extend_from_slice(&[0x5b, 0x63]);
    code.extend_from_slice(&selector);
    code.extend_from_slice(&[0x60, 0xe0, 0x1b, 0x60, 0x00, 0x52]);
    code.extend_from_slice(&[
        0x60, 0x00, 0x60, 0x00, 0x60, 0x04, 0x60, 0x00, 0x60, 0x00, 0x73,
    ]);
    code.extend_from_slice(reenter.as_slice());
    code.extend_from_slice(&[0x5a, 0xf1, 0x50, 0x00]);
    code
}

/// Sends from `from`, or through the attacker's contract when `from` is the attacker.
fn send_as(
    imo: &mut Imo<DevchainBackend>,
    from: Address,
    attacker: Address,
    operator: Address,
    to: Address,
    calldata: &[u8],
    value: U256,
) -> anyhow::Result<TxReceipt> {
    if from == attacker {
        let mut routed = to.to_vec();
        routed.extend_from_slice(calldata);
        imo.backend.send(operator, attacker, &routed, value)
    } else {
        imo.backend.send(from, to, calldata, value)
    }
}

impl System {
    /// Deploys and wires everything, funds and stakes the actors, hands out tokens, and keeps
    /// the state as the start of every episode.
    ///
    /// # Errors
    ///
    /// When a deployment or a setup transaction fails (a missing artifact names its command).
    pub fn new() -> anyhow::Result<Self> {
        let backend = DevchainBackend::new()?;
        let cfg = Config::default();
        let mut imo = Imo::deploy(backend, cfg.clone(), false)?;
        let launchpad = imo.deploy_launchpad()?;
        let owner = imo.owner;
        let launched = imo.launch(owner, &launch("Fuzzed model", "FUZ", LAUNCH_MODEL))?;
        let consumers = [imo.deploy_evm(evm::ACCEPT)?, imo.deploy_evm(evm::REVERT)?];
        let rejecter = imo.deploy_evm(evm::REVERT)?;
        let oracle = imo.c.oracle;
        let attacker = imo.deploy_evm(&attacker_code(
            oracle,
            IImoAIOracle::withdrawEarningsCall::SELECTOR,
        ))?;
        let funds = U256::from(10_000 * ETHER);
        let operator = imo.backend.new_account("operator", funds)?;
        let mut actors = vec![Actor {
            name: "owner",
            address: owner,
            role: Role::Owner,
        }];
        for (name, role) in [
            ("alice", Role::Person),
            ("bob", Role::Person),
            ("carol", Role::Person),
            ("node1", Role::Node),
            ("node2", Role::Node),
        ] {
            let address = imo.backend.new_account(name, funds)?;
            actors.push(Actor {
                name,
                address,
                role,
            });
        }
        actors.push(Actor {
            name: "attacker",
            address: attacker,
            role: Role::Node,
        });
        let mut system_accounts = vec![operator, rejecter, attacker];
        for node in actors.iter().filter(|a| a.role == Role::Node) {
            let (verifier, stake) = (imo.c.verifier, cfg.min_node_stake);
            imo.exec(
                "verifier.addNode",
                owner,
                verifier,
                IImoAIOracleVerifier::addNodeCall { node: node.address },
                U256::ZERO,
            )?;
            let call = IImoAIOracleVerifier::stakeCall {}.abi_encode();
            let r = send_as(
                &mut imo,
                node.address,
                attacker,
                operator,
                verifier,
                &call,
                stake,
            )?;
            imo.record("verifier.stake", r)?;
        }
        // The arbiter's model: same hashes as the demo's, 30% to a receiver that rejects ETH.
        let generator = imo_client::node::Network::generator();
        imo.exec(
            "oracle.addModel (arbiter model)",
            owner,
            oracle,
            IImoAIOracle::addModelCall {
                modelId: U256::from(ARBITER_MODEL),
                modelHash: generator.model_hash(),
                programHash: generator.program_hash(),
                fee: cfg.model_fee,
                receiver: rejecter,
                receiverPercentage: U256::from(30),
                token: Address::ZERO,
                unverifiable: true,
            },
            U256::ZERO,
        )?;
        // Holders of the demo's token: the owner gives every other actor and the rejecter a
        // tenth of the supply.
        let tenth = cfg.supply / U256::from(10);
        let holders: Vec<Address> = actors
            .iter()
            .filter(|a| a.role != Role::Owner)
            .map(|a| a.address)
            .chain([rejecter])
            .collect();
        for to in holders {
            imo.exec(
                "token.transfer",
                owner,
                imo.c.token,
                IRevShareToken::transferCall { to, value: tenth },
                U256::ZERO,
            )?;
        }
        let c = imo.c;
        let mut accounts: Vec<Address> = actors.iter().map(|a| a.address).collect();
        accounts.extend([
            c.oracle,
            c.oracle_admin,
            c.verifier,
            c.verifier_admin,
            c.dispute_game,
            c.token,
            c.renderer,
            c.minter,
            c.nft,
            launchpad,
            launched.token,
            launched.governor,
            launched.sale,
        ]);
        accounts.extend(launched.vestings.iter().copied());
        accounts.extend(consumers);
        accounts.append(&mut system_accounts);
        accounts.sort();
        accounts.dedup();
        let start = imo.backend.chain.snapshot();
        Ok(Self {
            imo,
            launch: launched,
            launchpad,
            actors,
            consumers,
            rejecter,
            attacker,
            operator,
            accounts,
            cfg,
            start,
        })
    }

    /// Sends `calldata` with `value` from actor `from` (the attacker's transactions go through
    /// its contract, sent by its operator).
    ///
    /// # Errors
    ///
    /// When the chain refuses the transaction (never for a revert).
    pub fn send(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
    ) -> anyhow::Result<TxReceipt> {
        let (attacker, operator) = (self.attacker, self.operator);
        send_as(&mut self.imo, from, attacker, operator, to, calldata, value)
    }

    /// Returns the chain to the state right after setup.
    pub fn reset(&mut self) {
        let start = self.start.clone();
        self.imo.backend.chain.restore(&start);
    }

    /// The sum of every account's ETH.
    pub fn total_eth(&self) -> U256 {
        self.accounts
            .iter()
            .map(|a| self.imo.backend.chain.balance(*a))
            .sum()
    }

    /// The address of actor `i` (any index: taken modulo the number of actors).
    pub fn actor(&self, i: u8) -> &Actor {
        &self.actors[usize::from(i) % self.actors.len()]
    }

    /// The contracts of the system with their names, for messages.
    pub fn name_of(&self, address: Address) -> String {
        let c = &self.imo.c;
        let named = [
            ("oracle", c.oracle),
            ("verifier", c.verifier),
            ("dispute game", c.dispute_game),
            ("token", c.token),
            ("launched token", self.launch.token),
            ("governor", self.launch.governor),
            ("sale", self.launch.sale),
            ("launchpad", self.launchpad),
        ];
        named
            .iter()
            .find(|(_, a)| *a == address)
            .map(|(n, _)| (*n).to_string())
            .or_else(|| {
                self.actors
                    .iter()
                    .find(|a| a.address == address)
                    .map(|a| a.name.to_string())
            })
            .unwrap_or_else(|| address.to_string())
    }
}
