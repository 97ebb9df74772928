//! Verifier of the IMO AI Oracle: node registry and stakes, challenges with bonds, arbiter
//! resolution, slashing.
//!
//! The oracle (`imo-ai-oracle`) keeps the ORA-compatible request / callback ABI, the models and the
//! fees; this contract keeps the optimistic-finality machinery, split off so that each contract fits
//! Stylus's 24 KiB code limit (ORA keeps its opML verifier in a separate contract too):
//! - the oracle asks [`OracleVerifier::is_active_node`] before it accepts a delivery;
//! - [`OracleVerifier::challenge`] asks the oracle to mark a delivered result as challenged
//!   (`onChallengeOpened`, which checks the window and returns the node and the output hash);
//! - [`OracleVerifier::resolve_challenge`] settles bonds and slashing here, then tells the oracle
//!   (`onChallengeResolved`), which replaces a wrong result and re-runs the consumer's callback.
//!
//! Every wei held here is a stake, an unbonding stake, an open challenge's bond, or a credit:
//! `balance == Σ stake + Σ unbonding + Σ open bonds + Σ credits`.
//!
//! Built with the SDK's `reentrant` feature: resolving a challenge runs the consumer's callback, which
//! may call the oracle, which calls this contract. All state is written before every external call.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "test-clock", feature = "export-abi")), no_std)]
extern crate alloc;

use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::U128, Address, B256, U256};
use alloy_sol_types::sol;
use openzeppelin_stylus::access::{
    ownable::{self, OwnableInvalidOwner, OwnableUnauthorizedAccount},
    ownable_two_step::{IOwnable2Step, Ownable2Step},
};
use stylus_sdk::{
    abi::Bytes as AbiBytes,
    alloy_primitives::aliases::{U32, U64, U96},
    crypto::keccak,
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageBool, StorageMap, StorageU128, StorageU256, StorageU32,
        StorageU64, StorageU96,
    },
};

/// Test clock: motsu's `block_timestamp` is a constant, so tests move time with an offset. The
/// `test-clock` feature exposes it to the oracle's tests (never enabled in a deployable build).
#[cfg(any(test, feature = "test-clock"))]
pub mod clock {
    use core::cell::Cell;
    std::thread_local! { static OFFSET: Cell<u64> = const { Cell::new(0) }; }
    /// Moves this test thread's clock forward.
    pub fn advance(seconds: u64) {
        OFFSET.with(|o| o.set(o.get() + seconds));
    }
    /// The current offset.
    #[must_use]
    pub fn offset() -> u64 {
        OFFSET.with(Cell::get)
    }
}

sol! {
    /// `node` was whitelisted.
    #[derive(Debug, PartialEq)]
    event NodeAdded(address indexed node);
    /// `node` was removed from the whitelist.
    #[derive(Debug, PartialEq)]
    event NodeRemoved(address indexed node);
    /// `node` added `amount` to its stake.
    #[derive(Debug, PartialEq)]
    event Staked(address indexed node, uint256 amount);
    /// `node` moved `amount` of stake into unbonding, withdrawable from `availableAt`.
    #[derive(Debug, PartialEq)]
    event UnstakeRequested(address indexed node, uint256 amount, uint64 availableAt);
    /// `node` withdrew `amount` of unbonded stake.
    #[derive(Debug, PartialEq)]
    event StakeWithdrawn(address indexed node, uint256 amount);
    /// `amount` of `node`'s stake went to the winning challenger of `requestId`.
    #[derive(Debug, PartialEq)]
    event Slashed(address indexed node, uint256 indexed requestId, uint256 amount);
    /// `challenger` disputes the result of `requestId`, claiming the right output hashes to `claimedOutputHash`.
    #[derive(Debug, PartialEq)]
    event ChallengeOpened(uint256 indexed requestId, address indexed challenger, bytes32 claimedOutputHash, uint256 bond);
    /// The arbiter resolved the challenge of `requestId`.
    #[derive(Debug, PartialEq)]
    event ChallengeResolved(uint256 indexed requestId, bool challengerWins);
    /// `amount` was credited to `account` (a won bond, a returned bond plus slash).
    #[derive(Debug, PartialEq)]
    event Credited(address indexed account, uint256 amount);
    /// `account` withdrew `amount` of credit.
    #[derive(Debug, PartialEq)]
    event CreditWithdrawn(address indexed account, uint256 amount);
    /// The arbiter changed.
    #[derive(Debug, PartialEq)]
    event ArbiterSet(address indexed arbiter);
    /// The minimum challenge bond changed.
    #[derive(Debug, PartialEq)]
    event ChallengeBondSet(uint256 challengeBond);
    /// The minimum node stake (also the slash of a lost challenge) changed.
    #[derive(Debug, PartialEq)]
    event MinNodeStakeSet(uint256 minNodeStake);

    /// The caller is not the arbiter.
    #[derive(Debug)]
    error NotArbiter(address account);
    /// The request already has an open challenge.
    #[derive(Debug)]
    error ChallengeAlreadyOpen(uint256 requestId);
    /// The request has no open challenge.
    #[derive(Debug)]
    error NoOpenChallenge(uint256 requestId);
    /// The bond is below `challengeBond`.
    #[derive(Debug)]
    error InsufficientBond(uint256 required, uint256 paid);
    /// The claimed hash equals the delivered one: nothing to dispute.
    #[derive(Debug)]
    error ClaimMatchesResult(uint256 requestId);
    /// The correct output does not hash to the challenger's claim.
    #[derive(Debug)]
    error OutputHashMismatch(bytes32 expected, bytes32 actual);
    /// An amount does not fit the contract's storage (far beyond the ETH supply) or overflowed.
    #[derive(Debug)]
    error AmountOverflow();
    /// The amount exceeds the node's active stake.
    #[derive(Debug)]
    error AmountExceedsStake(uint256 amount, uint256 stake);
    /// The unbonding delay is not over yet.
    #[derive(Debug)]
    error UnbondingNotOver(uint64 availableAt);
    /// The node has open challenges; its stake is locked until they are resolved.
    #[derive(Debug)]
    error NodeHasOpenChallenges(address node);
    /// Nothing to withdraw.
    #[derive(Debug)]
    error NothingToWithdraw();
    /// Sending ETH failed.
    #[derive(Debug)]
    error TransferFailed(address to, uint256 amount);
    /// The oracle rejected the call; `reason` is its revert data.
    #[derive(Debug)]
    error OracleCallFailed(bytes reason);
}

/// Every error of the verifier.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`OwnableUnauthorizedAccount`].
    UnauthorizedAccount(OwnableUnauthorizedAccount),
    /// See [`OwnableInvalidOwner`].
    InvalidOwner(OwnableInvalidOwner),
    /// See [`NotArbiter`].
    NotArbiter(NotArbiter),
    /// See [`ChallengeAlreadyOpen`].
    ChallengeAlreadyOpen(ChallengeAlreadyOpen),
    /// See [`NoOpenChallenge`].
    NoOpenChallenge(NoOpenChallenge),
    /// See [`InsufficientBond`].
    InsufficientBond(InsufficientBond),
    /// See [`ClaimMatchesResult`].
    ClaimMatchesResult(ClaimMatchesResult),
    /// See [`OutputHashMismatch`].
    OutputHashMismatch(OutputHashMismatch),
    /// See [`AmountOverflow`].
    AmountOverflow(AmountOverflow),
    /// See [`AmountExceedsStake`].
    AmountExceedsStake(AmountExceedsStake),
    /// See [`UnbondingNotOver`].
    UnbondingNotOver(UnbondingNotOver),
    /// See [`NodeHasOpenChallenges`].
    NodeHasOpenChallenges(NodeHasOpenChallenges),
    /// See [`NothingToWithdraw`].
    NothingToWithdraw(NothingToWithdraw),
    /// See [`TransferFailed`].
    TransferFailed(TransferFailed),
    /// See [`OracleCallFailed`].
    OracleCallFailed(OracleCallFailed),
}

impl From<ownable::Error> for Error {
    fn from(e: ownable::Error) -> Self {
        match e {
            ownable::Error::UnauthorizedAccount(e) => Error::UnauthorizedAccount(e),
            ownable::Error::InvalidOwner(e) => Error::InvalidOwner(e),
        }
    }
}

#[allow(deprecated)]
impl From<stylus_sdk::call::Error> for Error {
    fn from(e: stylus_sdk::call::Error) -> Self {
        let reason = match e {
            stylus_sdk::call::Error::Revert(data) => data,
            stylus_sdk::call::Error::AbiDecodingFailed(_) => Vec::new(),
        };
        Error::OracleCallFailed(OracleCallFailed {
            reason: reason.into(),
        })
    }
}

sol_interface! {
    /// The part of the oracle this contract calls.
    interface IImoAIOracle {
        function parameters() external view returns (bool, uint64, uint256, address, uint256);
        function onChallengeOpened(uint256 request_id) external returns (address, bytes32);
        function onChallengeResolved(uint256 request_id, bool challenger_wins, bytes calldata correct_output) external;
    }
}

/// An inference node.
#[storage]
pub struct Node {
    /// Allowed to answer requests (slot 0 with the next three fields).
    whitelisted: StorageBool,
    /// Active stake.
    stake: StorageU128,
    /// When the unbonding amount becomes withdrawable.
    unbonding_end: StorageU64,
    /// Open challenges against this node's results.
    open_challenges: StorageU32,
    /// Stake waiting for the unbonding delay; still slashable (slot 1).
    unbonding: StorageU128,
}

/// The open challenge of a request.
#[storage]
pub struct Challenge {
    /// Who challenged (slot 0, with `bond`).
    challenger: StorageAddress,
    /// The challenger's bond.
    bond: StorageU96,
    /// The node whose result is challenged (slot 1).
    node: StorageAddress,
    /// The output hash the challenger claims is right (slot 2).
    claimed_hash: StorageB256,
}

/// The verifier.
#[entrypoint]
#[storage]
pub struct OracleVerifier {
    /// Two-step ownership (OpenZeppelin).
    ownable: Ownable2Step,
    /// The oracle this verifier serves.
    oracle: StorageAddress,
    /// Resolves challenges.
    arbiter: StorageAddress,
    /// Minimum bond of a challenge (slot with `min_node_stake`).
    challenge_bond: StorageU128,
    /// Stake a node needs to answer requests; also the slash of a lost challenge.
    min_node_stake: StorageU128,
    nodes: StorageMap<Address, Node>,
    challenges: StorageMap<U256, Challenge>,
    credits: StorageMap<Address, StorageU256>,
}

fn overflow() -> Error {
    Error::AmountOverflow(AmountOverflow {})
}

fn to_u128(x: U256) -> Result<U128, Error> {
    U128::checked_from_limbs_slice(x.as_limbs()).ok_or_else(overflow)
}

fn add(a: U256, b: U256) -> Result<U256, Error> {
    a.checked_add(b).ok_or_else(overflow)
}

fn wide<const B: usize, const L: usize>(x: alloy_primitives::Uint<B, L>) -> U256 {
    // Widening never truncates: every stored amount has at most 128 bits.
    U256::from_limbs_slice(x.as_limbs())
}

#[public]
#[implements(IOwnable2Step<Error = ownable::Error>)]
impl OracleVerifier {
    /// Sets the owner, the oracle and the parameters.
    ///
    /// # Arguments
    ///
    /// * `owner` - Initial owner.
    /// * `oracle` - The oracle this verifier serves.
    /// * `arbiter` - Resolves challenges.
    /// * `challenge_bond` - Minimum bond of a challenge.
    /// * `min_node_stake` - Stake a node needs; also the slash of a lost challenge.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidOwner`] - If `owner` is zero.
    /// * [`Error::AmountOverflow`] - If an amount does not fit 128 bits.
    #[constructor]
    pub fn constructor(
        &mut self,
        owner: Address,
        oracle: Address,
        arbiter: Address,
        challenge_bond: U256,
        min_node_stake: U256,
    ) -> Result<(), Error> {
        self.ownable.constructor(owner)?;
        self.oracle.set(oracle);
        self.arbiter.set(arbiter);
        self.challenge_bond.set(to_u128(challenge_bond)?);
        self.min_node_stake.set(to_u128(min_node_stake)?);
        Ok(())
    }

    /// Whether `node` may answer requests: whitelisted and with at least `minNodeStake` of active stake.
    pub fn is_active_node(&self, node: Address) -> bool {
        let n = self.nodes.getter(node);
        n.whitelisted.get() && n.stake.get() >= self.min_node_stake.get()
    }

    // ------------------------------------------------------------------ challenges

    /// Disputes the result of `request_id` during its challenge window, with a bond (the value
    /// sent) of at least `challengeBond`. The oracle checks the window and marks the result.
    ///
    /// # Errors
    ///
    /// * [`Error::ChallengeAlreadyOpen`], [`Error::InsufficientBond`], [`Error::ClaimMatchesResult`],
    ///   [`Error::AmountOverflow`], [`Error::OracleCallFailed`] (not delivered, window closed).
    ///
    /// # Events
    ///
    /// * [`ChallengeOpened`].
    #[payable]
    pub fn challenge(&mut self, request_id: U256, claimed_output_hash: B256) -> Result<(), Error> {
        if !self
            .challenges
            .getter(request_id)
            .challenger
            .get()
            .is_zero()
        {
            return Err(Error::ChallengeAlreadyOpen(ChallengeAlreadyOpen {
                requestId: request_id,
            }));
        }
        let bond = self.vm().msg_value();
        let required = wide(self.challenge_bond.get());
        if bond < required {
            return Err(Error::InsufficientBond(InsufficientBond {
                required,
                paid: bond,
            }));
        }
        let challenger = self.vm().msg_sender();
        let mut c = self.challenges.setter(request_id);
        c.challenger.set(challenger);
        c.bond
            .set(U96::checked_from_limbs_slice(bond.as_limbs()).ok_or_else(overflow)?);
        c.claimed_hash.set(claimed_output_hash);
        // The oracle validates (delivered, unchallenged, inside the window) and makes no external call.
        let oracle = IImoAIOracle::new(self.oracle.get());
        #[allow(deprecated)]
        let (node, output_hash) =
            oracle.on_challenge_opened(stylus_sdk::call::Call::new_in(self), request_id)?;
        if output_hash == claimed_output_hash {
            return Err(Error::ClaimMatchesResult(ClaimMatchesResult {
                requestId: request_id,
            }));
        }
        self.challenges.setter(request_id).node.set(node);
        let mut n = self.nodes.setter(node);
        let open = n.open_challenges.get();
        n.open_challenges.set(open + U32::from(1));
        log(
            self.vm(),
            ChallengeOpened {
                requestId: request_id,
                challenger,
                claimedOutputHash: claimed_output_hash,
                bond,
            },
        );
        Ok(())
    }

    /// Resolves the open challenge of `request_id` (arbiter only). If the challenger wins, the
    /// challenger is credited its bond plus a slash of `min(minNodeStake, stake + unbonding)` from
    /// the node, and the oracle replaces the result with `correct_output` (which must hash to the
    /// claim), makes it final and re-runs the callback. If the node wins, the node is credited the
    /// bond and the result finalizes when its window ends.
    ///
    /// # Errors
    ///
    /// * [`Error::NotArbiter`], [`Error::NoOpenChallenge`], [`Error::OutputHashMismatch`],
    ///   [`Error::AmountOverflow`], [`Error::OracleCallFailed`].
    ///
    /// # Events
    ///
    /// * [`ChallengeResolved`], [`Credited`]; [`Slashed`] if the challenger wins.
    pub fn resolve_challenge(
        &mut self,
        request_id: U256,
        challenger_wins: bool,
        correct_output: AbiBytes,
    ) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        if sender != self.arbiter.get() {
            return Err(Error::NotArbiter(NotArbiter { account: sender }));
        }
        let c = self.challenges.getter(request_id);
        let challenger = c.challenger.get();
        if challenger.is_zero() {
            return Err(Error::NoOpenChallenge(NoOpenChallenge {
                requestId: request_id,
            }));
        }
        let (bond, node, claimed) = (wide(c.bond.get()), c.node.get(), c.claimed_hash.get());
        if challenger_wins {
            let actual = keccak(&correct_output.0);
            if actual != claimed {
                return Err(Error::OutputHashMismatch(OutputHashMismatch {
                    expected: claimed,
                    actual,
                }));
            }
        }
        let mut ch = self.challenges.setter(request_id);
        ch.challenger.erase();
        ch.bond.erase();
        ch.node.erase();
        ch.claimed_hash.erase();
        let cap = wide(self.min_node_stake.get());
        let mut n = self.nodes.setter(node);
        let open = n.open_challenges.get();
        n.open_challenges.set(open.saturating_sub(U32::from(1)));
        if challenger_wins {
            // Slash from the active stake first, then from the unbonding part.
            let stake = wide(n.stake.get());
            let unbonding = wide(n.unbonding.get());
            let from_stake = stake.min(cap);
            let from_unbonding = unbonding.min(cap - from_stake);
            n.stake.set(to_u128(stake - from_stake)?);
            n.unbonding.set(to_u128(unbonding - from_unbonding)?);
            let slash = from_stake + from_unbonding;
            self.credit(challenger, add(bond, slash)?)?;
            log(
                self.vm(),
                Slashed {
                    node,
                    requestId: request_id,
                    amount: slash,
                },
            );
        } else {
            self.credit(node, bond)?;
        }
        log(
            self.vm(),
            ChallengeResolved {
                requestId: request_id,
                challengerWins: challenger_wins,
            },
        );
        let oracle = IImoAIOracle::new(self.oracle.get());
        #[allow(deprecated)]
        oracle.on_challenge_resolved(
            stylus_sdk::call::Call::new_in(self),
            request_id,
            challenger_wins,
            correct_output.0.into(),
        )?;
        Ok(())
    }

    // ------------------------------------------------------------------ stakes and credits

    /// Adds the value sent to the caller's stake.
    ///
    /// # Errors
    ///
    /// * [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`Staked`].
    #[payable]
    pub fn stake(&mut self) -> Result<(), Error> {
        let node = self.vm().msg_sender();
        let amount = self.vm().msg_value();
        let mut n = self.nodes.setter(node);
        let stake = add(wide(n.stake.get()), amount)?;
        n.stake.set(to_u128(stake)?);
        log(self.vm(), Staked { node, amount });
        Ok(())
    }

    /// Moves `amount` of the caller's stake into unbonding; the whole unbonding amount becomes
    /// withdrawable one challenge window (the oracle's) after this call.
    ///
    /// # Errors
    ///
    /// * [`Error::AmountExceedsStake`], [`Error::AmountOverflow`], [`Error::OracleCallFailed`].
    ///
    /// # Events
    ///
    /// * [`UnstakeRequested`].
    pub fn request_unstake(&mut self, amount: U256) -> Result<(), Error> {
        let node = self.vm().msg_sender();
        let oracle = IImoAIOracle::new(self.oracle.get());
        let window = oracle.parameters(&*self)?.1;
        let available_at = self.now().saturating_add(window);
        let mut n = self.nodes.setter(node);
        let stake = wide(n.stake.get());
        if amount > stake {
            return Err(Error::AmountExceedsStake(AmountExceedsStake {
                amount,
                stake,
            }));
        }
        let unbonding = add(wide(n.unbonding.get()), amount)?;
        n.stake.set(to_u128(stake - amount)?);
        n.unbonding.set(to_u128(unbonding)?);
        n.unbonding_end.set(U64::from(available_at));
        log(
            self.vm(),
            UnstakeRequested {
                node,
                amount,
                availableAt: available_at,
            },
        );
        Ok(())
    }

    /// Withdraws the caller's unbonded stake once the delay is over and no challenge against it is open.
    ///
    /// # Errors
    ///
    /// * [`Error::NothingToWithdraw`], [`Error::UnbondingNotOver`], [`Error::NodeHasOpenChallenges`],
    ///   [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`StakeWithdrawn`].
    pub fn withdraw_stake(&mut self) -> Result<(), Error> {
        let node = self.vm().msg_sender();
        let now = self.now();
        let mut n = self.nodes.setter(node);
        let amount = wide(n.unbonding.get());
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        let end = n.unbonding_end.get().to::<u64>();
        if now < end {
            return Err(Error::UnbondingNotOver(UnbondingNotOver {
                availableAt: end,
            }));
        }
        if !n.open_challenges.get().is_zero() {
            return Err(Error::NodeHasOpenChallenges(NodeHasOpenChallenges { node }));
        }
        n.unbonding.erase();
        log(self.vm(), StakeWithdrawn { node, amount });
        self.send(node, amount)
    }

    /// Withdraws the caller's credit (won bonds, returned bonds and slashes).
    ///
    /// # Errors
    ///
    /// * [`Error::NothingToWithdraw`], [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`CreditWithdrawn`].
    pub fn withdraw_credit(&mut self) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        let amount = self.credits.get(account);
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        self.credits.setter(account).erase();
        log(self.vm(), CreditWithdrawn { account, amount });
        self.send(account, amount)
    }

    // ------------------------------------------------------------------ administration

    /// Whitelists a node (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`NodeAdded`].
    pub fn add_node(&mut self, node: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.nodes.setter(node).whitelisted.set(true);
        log(self.vm(), NodeAdded { node });
        Ok(())
    }

    /// Removes a node from the whitelist (owner only); its stake stays withdrawable after unbonding.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`NodeRemoved`].
    pub fn remove_node(&mut self, node: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.nodes.setter(node).whitelisted.set(false);
        log(self.vm(), NodeRemoved { node });
        Ok(())
    }

    /// Sets the arbiter (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`ArbiterSet`].
    pub fn set_arbiter(&mut self, arbiter: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.arbiter.set(arbiter);
        log(self.vm(), ArbiterSet { arbiter });
        Ok(())
    }

    /// Sets the minimum challenge bond (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`ChallengeBondSet`].
    pub fn set_challenge_bond(&mut self, challenge_bond: U256) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.challenge_bond.set(to_u128(challenge_bond)?);
        log(
            self.vm(),
            ChallengeBondSet {
                challengeBond: challenge_bond,
            },
        );
        Ok(())
    }

    /// Sets the stake a node needs, also the slash of a lost challenge (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`MinNodeStakeSet`].
    pub fn set_min_node_stake(&mut self, min_node_stake: U256) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.min_node_stake.set(to_u128(min_node_stake)?);
        log(
            self.vm(),
            MinNodeStakeSet {
                minNodeStake: min_node_stake,
            },
        );
        Ok(())
    }

    // ------------------------------------------------------------------ views

    /// A node: `(whitelisted, stake, unbonding, unbondingEnd, openChallenges)`.
    pub fn node_info(&self, node: Address) -> (bool, U256, U256, u64, u32) {
        let n = self.nodes.getter(node);
        (
            n.whitelisted.get(),
            wide(n.stake.get()),
            wide(n.unbonding.get()),
            n.unbonding_end.get().to::<u64>(),
            n.open_challenges.get().to::<u32>(),
        )
    }

    /// The open challenge of a request: `(challenger, node, bond, claimedOutputHash)`, zero when none.
    pub fn get_challenge(&self, request_id: U256) -> (Address, Address, U256, B256) {
        let c = self.challenges.getter(request_id);
        (
            c.challenger.get(),
            c.node.get(),
            wide(c.bond.get()),
            c.claimed_hash.get(),
        )
    }

    /// Credit of `account`, withdrawable with `withdrawCredit`.
    pub fn credit_of(&self, account: Address) -> U256 {
        self.credits.get(account)
    }

    /// The oracle this verifier serves.
    pub fn oracle(&self) -> Address {
        self.oracle.get()
    }

    /// The arbiter.
    pub fn arbiter(&self) -> Address {
        self.arbiter.get()
    }

    /// Minimum challenge bond.
    pub fn challenge_bond(&self) -> U256 {
        wide(self.challenge_bond.get())
    }

    /// Stake a node needs (also the slash of a lost challenge).
    pub fn min_node_stake(&self) -> U256 {
        wide(self.min_node_stake.get())
    }
}

#[public]
impl IOwnable2Step for OracleVerifier {
    type Error = ownable::Error;

    fn owner(&self) -> Address {
        self.ownable.owner()
    }

    fn pending_owner(&self) -> Address {
        self.ownable.pending_owner()
    }

    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Self::Error> {
        self.ownable.transfer_ownership(new_owner)
    }

    fn accept_ownership(&mut self) -> Result<(), Self::Error> {
        self.ownable.accept_ownership()
    }

    fn renounce_ownership(&mut self) -> Result<(), Self::Error> {
        self.ownable.renounce_ownership()
    }
}

impl OracleVerifier {
    fn now(&self) -> u64 {
        let t = self.vm().block_timestamp();
        #[cfg(any(test, feature = "test-clock"))]
        let t = t + clock::offset();
        t
    }

    fn credit(&mut self, account: Address, amount: U256) -> Result<(), Error> {
        let balance = add(self.credits.get(account), amount)?;
        self.credits.setter(account).set(balance);
        log(self.vm(), Credited { account, amount });
        Ok(())
    }

    /// Sends `amount` to `to` (all state must be written before), reverting if it is rejected.
    fn send(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        #[allow(deprecated)]
        stylus_sdk::call::transfer_eth(self, to, amount)
            .map_err(|_| Error::TransferFailed(TransferFailed { to, amount }))
    }
}

#[cfg(test)]
mod tests {
    //! Unit tests of the verifier alone. Flows that need the oracle (challenges, unbonding, slashing)
    //! run in `imo-ai-oracle`'s tests, which deploy both contracts.
    use alloy_primitives::{uint, Address, U256};
    use motsu::prelude::*;

    use super::*;

    const BOND: U256 = uint!(500_U256);
    const MIN_STAKE: U256 = uint!(10_000_U256);

    fn deploy(v: &Contract<OracleVerifier>, owner: Address, oracle: Address, arbiter: Address) {
        v.sender(owner)
            .constructor(owner, oracle, arbiter, BOND, MIN_STAKE)
            .motsu_unwrap();
    }

    #[motsu::test]
    fn a_node_is_active_when_whitelisted_and_staked(
        v: Contract<OracleVerifier>,
        owner: Address,
        oracle: Address,
        arbiter: Address,
        node: Address,
    ) {
        deploy(&v, owner, oracle, arbiter);
        node.fund(MIN_STAKE * U256::from(2));
        assert!(!v.sender(node).is_active_node(node));
        v.sender(owner).add_node(node).motsu_unwrap();
        v.assert_emitted(&NodeAdded { node });
        assert!(
            !v.sender(node).is_active_node(node),
            "whitelisted, no stake"
        );
        v.sender_and_value(node, MIN_STAKE - U256::from(1))
            .stake()
            .motsu_unwrap();
        assert!(
            !v.sender(node).is_active_node(node),
            "stake below the minimum"
        );
        v.sender_and_value(node, U256::from(1))
            .stake()
            .motsu_unwrap();
        v.assert_emitted(&Staked {
            node,
            amount: U256::from(1),
        });
        assert!(v.sender(node).is_active_node(node));
        assert_eq!(v.balance(), MIN_STAKE);
        v.sender(owner).remove_node(node).motsu_unwrap();
        v.assert_emitted(&NodeRemoved { node });
        assert!(!v.sender(node).is_active_node(node));
        let info = v.sender(node).node_info(node);
        assert_eq!((info.0, info.1, info.4), (false, MIN_STAKE, 0));
    }

    #[motsu::test]
    fn the_owner_sets_parameters_with_events(
        v: Contract<OracleVerifier>,
        owner: Address,
        oracle: Address,
        arbiter: Address,
        other: Address,
    ) {
        deploy(&v, owner, oracle, arbiter);
        assert_eq!(
            (v.sender(owner).oracle(), v.sender(owner).arbiter()),
            (oracle, arbiter)
        );
        assert_eq!(
            (
                v.sender(owner).challenge_bond(),
                v.sender(owner).min_node_stake()
            ),
            (BOND, MIN_STAKE)
        );
        v.sender(owner).set_arbiter(other).motsu_unwrap();
        v.assert_emitted(&ArbiterSet { arbiter: other });
        v.sender(owner)
            .set_challenge_bond(U256::from(7))
            .motsu_unwrap();
        v.assert_emitted(&ChallengeBondSet {
            challengeBond: U256::from(7),
        });
        v.sender(owner)
            .set_min_node_stake(U256::from(8))
            .motsu_unwrap();
        v.assert_emitted(&MinNodeStakeSet {
            minNodeStake: U256::from(8),
        });
        assert_eq!(v.sender(owner).arbiter(), other);
        assert_eq!(v.sender(owner).challenge_bond(), U256::from(7));
        assert_eq!(v.sender(owner).min_node_stake(), U256::from(8));
        assert!(matches!(
            v.sender(owner)
                .set_min_node_stake(U256::MAX)
                .motsu_unwrap_err(),
            Error::AmountOverflow(_)
        ));
    }

    #[motsu::test]
    fn only_the_owner_administers_and_only_the_arbiter_resolves(
        v: Contract<OracleVerifier>,
        owner: Address,
        oracle: Address,
        arbiter: Address,
        other: Address,
    ) {
        deploy(&v, owner, oracle, arbiter);
        let unauthorized = |e: Error| matches!(e, Error::UnauthorizedAccount(_));
        assert!(unauthorized(
            v.sender(other).add_node(other).motsu_unwrap_err()
        ));
        assert!(unauthorized(
            v.sender(other).remove_node(other).motsu_unwrap_err()
        ));
        assert!(unauthorized(
            v.sender(other).set_arbiter(other).motsu_unwrap_err()
        ));
        assert!(unauthorized(
            v.sender(other)
                .set_challenge_bond(U256::ZERO)
                .motsu_unwrap_err()
        ));
        assert!(unauthorized(
            v.sender(other)
                .set_min_node_stake(U256::ZERO)
                .motsu_unwrap_err()
        ));
        assert!(matches!(
            v.sender(other)
                .resolve_challenge(U256::from(1), true, vec![].into())
                .motsu_unwrap_err(),
            Error::NotArbiter(_)
        ));
        assert!(matches!(
            v.sender(arbiter)
                .resolve_challenge(U256::from(1), true, vec![].into())
                .motsu_unwrap_err(),
            Error::NoOpenChallenge(_)
        ));
    }

    #[motsu::test]
    fn challenges_need_a_bond_and_withdrawals_need_a_balance(
        v: Contract<OracleVerifier>,
        owner: Address,
        oracle: Address,
        arbiter: Address,
        alice: Address,
    ) {
        deploy(&v, owner, oracle, arbiter);
        alice.fund(BOND);
        assert!(matches!(
            v.sender_and_value(alice, BOND - U256::from(1))
                .challenge(U256::from(1), B256::repeat_byte(1))
                .motsu_unwrap_err(),
            Error::InsufficientBond(InsufficientBond { required, .. }) if required == BOND
        ));
        assert!(matches!(
            v.sender(alice).withdraw_credit().motsu_unwrap_err(),
            Error::NothingToWithdraw(_)
        ));
        assert!(matches!(
            v.sender(alice).withdraw_stake().motsu_unwrap_err(),
            Error::NothingToWithdraw(_)
        ));
        assert_eq!(v.sender(alice).credit_of(alice), U256::ZERO);
        assert_eq!(
            v.sender(alice).get_challenge(U256::from(1)).0,
            Address::ZERO
        );
    }

    #[motsu::test]
    fn ownership_transfer_takes_two_steps(
        v: Contract<OracleVerifier>,
        owner: Address,
        oracle: Address,
        arbiter: Address,
        next: Address,
    ) {
        deploy(&v, owner, oracle, arbiter);
        v.sender(owner).transfer_ownership(next).motsu_unwrap();
        assert_eq!(v.sender(owner).owner(), owner);
        assert_eq!(v.sender(owner).pending_owner(), next);
        v.sender(next).accept_ownership().motsu_unwrap();
        assert_eq!(v.sender(owner).owner(), next);
        assert!(matches!(
            v.sender(owner).add_node(owner).motsu_unwrap_err(),
            Error::UnauthorizedAccount(_)
        ));
    }
}
