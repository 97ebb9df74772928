//! The scenarios, written once against [`Backend`]. Each deploys a fresh system, runs, checks
//! what it must (returning an error naming the first mismatch) and reports what it measured.

use crate::backend::{Backend, TxReceipt};
use crate::bindings::{ai_oracle::IAIOracle, aigc, erc7007, erc7641, imo_oracle, revshare};
use crate::evm;
use crate::imo::{Config, Imo, ETHER};
use alloy_primitives::{keccak256, Address, U256};
use alloy_sol_types::{SolCall, SolEvent};
use anyhow::{ensure, Context};

/// What the lifecycle ends with: the steps and their gas, and the final balances.
#[derive(Clone, Debug)]
pub struct Summary {
    /// (step, gas used).
    pub steps: Vec<(String, u64)>,
    /// (account, balance in wei) at the end.
    pub balances: Vec<(String, U256)>,
    /// Whether the challenge window could be waited out (false on a real node).
    pub waited_window: bool,
}

fn eth(wei: U256) -> String {
    let whole = wei / U256::from(ETHER);
    let frac = wei % U256::from(ETHER);
    let digits = format!("{:0>18}", frac.to_string());
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    format!("{whole}.{digits} ETH")
}

/// Formats wei as ETH with 18 decimals.
/// Lets the current second pass: the RevShare token's snapshot taken in it becomes final (it holds
/// the balances at the end of its second; claims and votes on it wait until then). A backend that
/// cannot move time (a node) waits one second of real time; the devchain facade's blocks are a
/// second apart anyway.
///
/// # Errors
///
/// Transport errors.
pub fn next_second<B: Backend>(backend: &mut B) -> anyhow::Result<()> {
    if !backend.advance_time(1)? {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    Ok(())
}

pub fn format_eth(wei: U256) -> String {
    eth(wei)
}

/// The whole IMO lifecycle with exact balances at the end:
/// deploy and wire; a node joins; a holder buys a quarter of the supply; a user pays two
/// inference requests and mints an AIGC NFT; the node delivers all three (the NFT gets its
/// content through the minter's callback); inside the challenge window `verify` is false, after
/// it true; the token's `snapshot()` sweeps the model's revenue out of the oracle; both holders
/// claim; the holder burns a tenth of the supply to redeem; the node withdraws its earnings.
///
/// # Errors
///
/// A failed transaction or any balance that is not exactly the expected one.
pub fn lifecycle<B: Backend>(backend: B, echo: bool) -> anyhow::Result<Summary> {
    let cfg = Config::default();
    if echo {
        println!("\n== 1. Deploy the six contracts and wire them");
    }
    let mut imo = Imo::deploy(backend, cfg.clone(), echo)?;
    let c = imo.c;
    let owner = imo.owner;
    let node = imo.backend.new_account("node", U256::from(ETHER))?;
    let alice = imo.backend.new_account("alice", U256::from(ETHER / 10))?;
    let user = imo.backend.new_account("user", U256::from(ETHER))?;
    imo.section("2. An inference node joins; a holder buys a quarter of the model's tokens");
    imo.add_node(node)?;

    // A holder buys a quarter of the supply.
    let quarter = cfg.supply / U256::from(4);
    imo.exec(
        "token.transfer (owner -> alice, 25%)",
        owner,
        c.token,
        revshare::IRevShareToken::transferCall {
            to: alice,
            value: quarter,
        },
        U256::ZERO,
    )?;

    // Two paid inference requests with a callback contract, then an AIGC mint.
    imo.section("3. Paid inference requests and an AIGC NFT mint");
    let consumer = imo.deploy_evm(evm::ACCEPT)?;
    imo.note(&format!("consumer contract (EVM) at {consumer}"));
    let (id1, fee1, _) = imo.request(user, b"What is Stylus?", consumer, 100_000)?;
    let (id2, fee2, _) = imo.request(user, b"Summarise ERC-7641", consumer, 100_000)?;
    let cost = imo.view(c.minter, aigc::IAigcMinter::mintCostCall {})?._0;
    let prompt = b"a lighthouse on Arbitrum, oil painting".to_vec();
    let mint = imo.exec(
        "minter.mint (NFT + oracle request)",
        user,
        c.minter,
        aigc::IAigcMinter::mintCall {
            prompt: prompt.clone().into(),
        },
        cost,
    )?;
    let token_id = U256::from_be_bytes(keccak256(&prompt).0);
    let id3 = crate::imo::request_id(&mint, c.oracle)?;
    let fee3 = cost - cfg.mint_price;
    imo.note(&format!(
        "user paid {} + {} + {} (mint {}) ; token id {token_id:#x}",
        eth(fee1),
        eth(fee2),
        eth(cost),
        eth(cfg.mint_price)
    ));

    let (oracle_holds, token_holds) = (imo.balance(c.oracle)?, imo.balance(c.token)?);
    imo.note(&format!(
        "oracle holds {}, token holds {} (the mint price)",
        eth(oracle_holds),
        eth(token_holds)
    ));

    // The node delivers all three; the third goes oracle -> minter -> NFT.
    imo.section("4. The node delivers; the NFT gets its content through the minter's callback");
    for (id, out) in [
        (id1, &b"A WASM runtime for Arbitrum."[..]),
        (id2, b"Holders share revenue by snapshots."),
    ] {
        let r = imo.deliver(node, id, out)?;
        ensure!(
            imo.callback_failed(&r, id).is_none(),
            "callback of {id} failed"
        );
    }
    let content = b"ipfs://bafy-lighthouse".to_vec();
    let oracle = c.oracle;
    let r = imo.exec(
        "oracle.invokeCallback (-> minter -> NFT)",
        node,
        oracle,
        IAIOracle::invokeCallbackCall {
            requestId: id3,
            output: content.clone().into(),
        },
        U256::ZERO,
    )?;
    ensure!(
        imo.callback_failed(&r, id3).is_none(),
        "the minter's callback failed"
    );
    ensure!(
        r.logs.iter().any(|l| l.address == c.nft
            && l.topics().first() == Some(&erc7007::IERC7007::AigcData::SIGNATURE_HASH)),
        "no AigcData event from the NFT"
    );
    let holder = imo
        .view(c.nft, erc7007::IERC721::ownerOfCall { tokenId: token_id })?
        .owner;
    ensure!(holder == user, "the NFT belongs to {holder}, not the user");

    // Challenge window.
    imo.section("5. Challenge window: verify() is false inside it, true after it");
    ensure!(
        !imo.nft_verifies(&prompt, &content)?,
        "verify is true inside the challenge window"
    );
    let waited = imo.backend.advance_time(cfg.challenge_window)?;
    if waited {
        ensure!(
            imo.nft_verifies(&prompt, &content)?,
            "verify is false after the window"
        );
        ensure!(!imo.nft_verifies(&prompt, b"ipfs://other")?);
        imo.note("after the challenge window: verify(prompt, content) = true");
    } else {
        imo.note("skipped: this backend cannot advance time; verify after the window not checked");
    }

    // Revenue: the mint price went to the token; half of each model fee accrued in the oracle.
    let model_share = cfg.model_fee * U256::from(cfg.receiver_percentage) / U256::from(100);
    let accrued = model_share * U256::from(3);
    let gross = cfg.mint_price + accrued;
    ensure!(imo.balance(c.token)? == cfg.mint_price);
    imo.section("6. The token's snapshot sweeps the model's revenue out of the oracle");
    imo.exec(
        "token.snapshot (sweeps the oracle)",
        owner,
        c.token,
        erc7641::IERC7641::snapshotCall {},
        U256::ZERO,
    )?;
    next_second(&mut imo.backend)?;
    let snapshot_id = imo
        .view(c.token, revshare::IRevShareToken::currentSnapshotIdCall {})?
        ._0;
    ensure!(
        imo.balance(c.token)? == gross,
        "token balance after the sweep"
    );
    let claimable = gross * U256::from(cfg.claimable_bps) / U256::from(10_000);
    let pool = gross - claimable;
    let got = imo
        .view(
            c.token,
            revshare::IRevShareToken::claimableAtCall {
                snapshotId: snapshot_id,
            },
        )?
        ._0;
    ensure!(got == claimable, "claimableAt {got} != {claimable}");
    let got_pool = imo
        .view(c.token, revshare::IRevShareToken::redeemPoolCall {})?
        ._0;
    ensure!(got_pool == pool, "redeemPool {got_pool} != {pool}");
    imo.note(&format!(
        "snapshot {snapshot_id}: revenue {} = mint price + 3 x model share; claimable {}, redeem pool {}",
        eth(gross),
        eth(claimable),
        eth(pool)
    ));

    // Claims: alice 25%, the owner 75%.
    imo.section("7. Holders claim pro rata; alice burns 10% of the supply to redeem");
    let alice_share = claimable / U256::from(4);
    let owner_share = claimable - alice_share;
    let before = imo.balance(alice)?;
    let r = imo.exec(
        "token.claim (alice)",
        alice,
        c.token,
        erc7641::IERC7641::claimCall {
            snapshotId: snapshot_id,
        },
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(alice)? == before + alice_share - r.fee,
        "alice's claim"
    );
    imo.note(&format!("alice claimed {}", eth(alice_share)));
    let before = imo.balance(owner)?;
    let r = imo.exec(
        "token.claim (owner)",
        owner,
        c.token,
        erc7641::IERC7641::claimCall {
            snapshotId: snapshot_id,
        },
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(owner)? == before + owner_share - r.fee,
        "the owner's claim"
    );

    imo.note(&format!("owner claimed {}", eth(owner_share)));
    // Burn-to-redeem: alice burns a tenth of the supply.
    let burn = cfg.supply / U256::from(10);
    let redeem = burn * pool / cfg.supply;
    let quoted = imo
        .view(
            c.token,
            erc7641::IERC7641::redeemableOnBurnCall { amount: burn },
        )?
        ._0;
    ensure!(quoted == redeem, "redeemableOnBurn {quoted} != {redeem}");
    let before = imo.balance(alice)?;
    let r = imo.exec(
        "token.burn (alice redeems 10%)",
        alice,
        c.token,
        erc7641::IERC7641::burnCall { amount: burn },
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(alice)? == before + redeem - r.fee,
        "alice's redemption"
    );

    imo.note(&format!(
        "alice burned 100 tokens and received {}",
        eth(redeem)
    ));
    // The node's earnings: the gas part of every fee.
    imo.section("8. The node withdraws its earnings; final balances are checked to the wei");
    let earnings = fee1 + fee2 + fee3 - cfg.model_fee * U256::from(3);
    let before = imo.balance(node)?;
    let r = imo.exec(
        "oracle.withdrawEarnings (node)",
        node,
        c.oracle,
        imo_oracle::IImoAIOracle::withdrawEarningsCall {},
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(node)? == before + earnings - r.fee,
        "the node's earnings"
    );

    // Exact final balances of the contracts.
    let protocol = cfg.model_fee * U256::from(3) - accrued;
    let token_left = gross - claimable - redeem;
    let checks = [
        ("oracle (protocol revenue)", c.oracle, protocol),
        ("token (pool left)", c.token, token_left),
        ("verifier (node stake)", c.verifier, cfg.min_node_stake),
        ("minter", c.minter, U256::ZERO),
        ("nft", c.nft, U256::ZERO),
    ];
    let mut balances = Vec::new();
    for (name, account, expected) in checks {
        let got = imo.balance(account)?;
        ensure!(
            got == expected,
            "{name}: balance {got}, expected {expected}"
        );
        balances.push((name.to_string(), got));
    }
    for (name, account) in [("alice", alice), ("node", node), ("user", user)] {
        balances.push((name.to_string(), imo.balance(account)?));
    }
    let supply = imo
        .view(c.token, revshare::IRevShareToken::totalSupplyCall {})?
        ._0;
    ensure!(supply == cfg.supply - burn, "supply after the burn");
    imo.note("every balance is exactly as expected");
    Ok(Summary {
        steps: imo.steps.iter().map(|s| (s.label.clone(), s.gas)).collect(),
        balances,
        waited_window: waited,
    })
}

fn one_node<B: Backend>(backend: B) -> anyhow::Result<(Imo<B>, Address, Address)> {
    let mut imo = Imo::deploy(backend, Config::default(), false)?;
    let node = imo.backend.new_account("node", U256::from(ETHER))?;
    let user = imo.backend.new_account("user", U256::from(ETHER))?;
    imo.add_node(node)?;
    Ok((imo, node, user))
}

/// A consumer's callback requests a second inference from the oracle (a reentrant call into
/// the oracle during its own `invokeCallback`); both requests exist and the first result stands.
/// Returns the gas of the delivery.
///
/// # Errors
///
/// When the nested request does not happen.
pub fn nested_inference<B: Backend>(backend: B) -> anyhow::Result<u64> {
    let (mut imo, node, user) = one_node(backend)?;
    let nested_fee = imo.fee(0)?;
    let nested = IAIOracle::requestCallbackCall {
        modelId: U256::from(imo.cfg.model_id),
        input: b"nested".to_vec().into(),
        callbackContract: Address::ZERO,
        gasLimit: 0,
        callbackData: Vec::new().into(),
    };
    let value = u128::try_from(nested_fee).context("fee fits u128")?;
    let consumer = imo.deploy_evm(&evm::forwarder(imo.c.oracle, &nested.abi_encode(), value))?;
    // Fund the consumer so it can pay for the nested request.
    let owner = imo.owner;
    imo.backend
        .send(owner, consumer, &[], nested_fee)?
        .ok()
        .context("funding the consumer")?;
    let (id, _, _) = imo.request(user, b"outer", consumer, 500_000)?;
    let r = imo.deliver(node, id, b"outer answer")?;
    ensure!(
        imo.callback_failed(&r, id).is_none(),
        "the consumer's callback (with its nested request) failed"
    );
    let inner = r
        .logs
        .iter()
        .filter(|l| l.address == imo.c.oracle)
        .filter_map(|l| IAIOracle::AICallbackRequest_0::decode_log_data(&l.data, true).ok())
        .find(|e| e.account == consumer)
        .context("no nested AICallbackRequest")?;
    ensure!(inner.requestId == id + U256::from(1), "nested request id");
    ensure!(imo.balance(consumer)? == U256::ZERO, "the consumer paid");
    Ok(r.gas_used)
}

/// `snapshot()` calls the oracle's `claimModelRevenue`, which pays the token's `receive()` while
/// `snapshot()` runs: the token is re-entered through the oracle, and the swept ETH belongs to
/// the new snapshot. A second source that re-enters `snapshot()` itself would be refused by the
/// token's lock (covered in the token's own devchain test). Returns the snapshot's gas.
///
/// # Errors
///
/// When the sweep does not land in the snapshot.
pub fn sweep_reenters_token<B: Backend>(backend: B) -> anyhow::Result<u64> {
    let (mut imo, node, user) = one_node(backend)?;
    let (id, _, _) = imo.request(user, b"hello", Address::ZERO, 0)?;
    imo.deliver(node, id, b"world")?;
    let share = imo.cfg.model_fee * U256::from(imo.cfg.receiver_percentage) / U256::from(100);
    let (owner, token, oracle) = (imo.owner, imo.c.token, imo.c.oracle);
    let oracle_before = imo.balance(oracle)?;
    let r = imo.exec(
        "token.snapshot",
        owner,
        token,
        erc7641::IERC7641::snapshotCall {},
        U256::ZERO,
    )?;
    ensure!(imo.balance(token)? == share, "the token holds the sweep");
    ensure!(imo.balance(oracle)? == oracle_before - share);
    let received = r
        .logs
        .iter()
        .filter(|l| l.address == token)
        .filter_map(|l| {
            revshare::IRevShareToken::RevenueReceived::decode_log_data(&l.data, true).ok()
        })
        .find(|e| e.from == oracle)
        .context("no RevenueReceived from the oracle inside snapshot()")?;
    ensure!(received.amount == share);
    let snap = r
        .logs
        .iter()
        .filter(|l| {
            l.topics().first() == Some(&revshare::IRevShareToken::SnapshotRevenue::SIGNATURE_HASH)
        })
        .filter_map(|l| {
            revshare::IRevShareToken::SnapshotRevenue::decode_log_data(&l.data, true).ok()
        })
        .next()
        .context("no SnapshotRevenue event")?;
    ensure!(
        snap.claimable + snap.toRedeemPool == share,
        "the swept revenue belongs to the new snapshot"
    );
    ensure!(
        !r.logs.iter().any(|l| l.topics().first()
            == Some(&revshare::IRevShareToken::RevenueSourceFailed::SIGNATURE_HASH)),
        "the oracle source failed"
    );
    Ok(r.gas_used)
}

/// Outcome of [`challenges`].
#[derive(Clone, Debug)]
pub struct ChallengeGas {
    /// `challenge` (opening, with the bond).
    pub open: u64,
    /// `resolveChallenge` won by the challenger (callback re-run with the corrected output).
    pub won: u64,
    /// `resolveChallenge` won by the node.
    pub lost: u64,
}

/// A won and a lost challenge. Won: the corrected output is delivered again, the request is final
/// at once, the challenger is credited its bond plus the slash. Lost: the node is credited the bond
/// and the original result stands.
///
/// # Errors
///
/// When an outcome differs.
pub fn challenges<B: Backend>(backend: B) -> anyhow::Result<ChallengeGas> {
    let (mut imo, node, user) = one_node(backend)?;
    let challenger = imo.backend.new_account("challenger", U256::from(ETHER))?;
    let consumer = imo.deploy_evm(evm::ACCEPT)?;
    let (verifier, owner) = (imo.c.verifier, imo.owner);
    let bond = imo.cfg.challenge_bond;
    let credit = |imo: &mut Imo<B>, account: Address| -> anyhow::Result<U256> {
        Ok(imo
            .view(
                verifier,
                imo_oracle::IImoAIOracleVerifier::creditOfCall { account },
            )?
            ._0)
    };

    // Won.
    let (id, _, _) = imo.request(user, b"2 + 2", consumer, 100_000)?;
    imo.deliver(node, id, b"5")?;
    let open = imo.exec(
        "verifier.challenge",
        challenger,
        verifier,
        imo_oracle::IImoAIOracleVerifier::challengeCall {
            requestId: id,
            claimedOutputHash: keccak256(b"4"),
        },
        bond,
    )?;
    ensure!(!imo.finalized(id)?, "final while challenged");
    let won = imo.exec(
        "verifier.resolveChallenge (challenger wins)",
        owner,
        verifier,
        imo_oracle::IImoAIOracleVerifier::resolveChallengeCall {
            requestId: id,
            challengerWins: true,
            correctOutput: b"4".to_vec().into(),
        },
        U256::ZERO,
    )?;
    let corrected = won
        .logs
        .iter()
        .filter_map(|l| IAIOracle::AICallbackResult::decode_log_data(&l.data, true).ok())
        .find(|e| e.requestId == id)
        .context("no corrected AICallbackResult")?;
    ensure!(corrected.output.as_ref() == b"4" && corrected.invoker == verifier);
    ensure!(imo.finalized(id)?, "not final after a won challenge");
    let slash = imo.cfg.min_node_stake;
    ensure!(
        credit(&mut imo, challenger)? == bond + slash,
        "challenger credit"
    );
    let active = imo
        .view(
            verifier,
            imo_oracle::IImoAIOracleVerifier::isActiveNodeCall { node },
        )?
        ._0;
    ensure!(
        !active,
        "a slashed node below the minimum stake stays active"
    );

    // Lost: the node restakes, delivers the right answer, the challenge fails.
    imo.exec(
        "verifier.stake (node restakes)",
        node,
        verifier,
        imo_oracle::IImoAIOracleVerifier::stakeCall {},
        slash,
    )?;
    let (id, _, _) = imo.request(user, b"3 + 3", consumer, 100_000)?;
    imo.deliver(node, id, b"6")?;
    imo.exec(
        "verifier.challenge",
        challenger,
        verifier,
        imo_oracle::IImoAIOracleVerifier::challengeCall {
            requestId: id,
            claimedOutputHash: keccak256(b"7"),
        },
        bond,
    )?;
    let lost = imo.exec(
        "verifier.resolveChallenge (node wins)",
        owner,
        verifier,
        imo_oracle::IImoAIOracleVerifier::resolveChallengeCall {
            requestId: id,
            challengerWins: false,
            correctOutput: Vec::new().into(),
        },
        U256::ZERO,
    )?;
    ensure!(credit(&mut imo, node)? == bond, "node credited the bond");
    ensure!(
        !lost
            .logs
            .iter()
            .any(|l| l.topics().first() == Some(&IAIOracle::AICallbackResult::SIGNATURE_HASH)),
        "the result was not replaced"
    );
    // Credits are withdrawable, to the wei.
    let before = imo.balance(challenger)?;
    let r = imo.exec(
        "verifier.withdrawCredit (challenger)",
        challenger,
        verifier,
        imo_oracle::IImoAIOracleVerifier::withdrawCreditCall {},
        U256::ZERO,
    )?;
    ensure!(imo.balance(challenger)? == before + bond + slash - r.fee);
    if imo.backend.advance_time(imo.cfg.challenge_window)? {
        ensure!(
            imo.finalized(id)?,
            "final after the window once the node won"
        );
    }
    Ok(ChallengeGas {
        open: open.gas_used,
        won: won.gas_used,
        lost: lost.gas_used,
    })
}

/// A consumer whose callback reverts: the delivery succeeds, `CallbackFailed` carries the revert
/// data, the result stands and the node is paid.
///
/// # Errors
///
/// When the delivery fails or no `CallbackFailed` is emitted.
pub fn reverting_callback<B: Backend>(backend: B) -> anyhow::Result<u64> {
    let (mut imo, node, user) = one_node(backend)?;
    let consumer = imo.deploy_evm(evm::REVERT)?;
    let (id, _, _) = imo.request(user, b"anything", consumer, 100_000)?;
    let r = imo.deliver(node, id, b"result")?;
    let reason = imo
        .callback_failed(&r, id)
        .context("no CallbackFailed for a reverting callback")?;
    ensure!(
        reason == [0xde, 0xad, 0xbe, 0xef],
        "revert data 0x{}",
        crate::backend::hex(&reason)
    );
    let twice = imo.send(
        node,
        imo.c.oracle,
        IAIOracle::invokeCallbackCall {
            requestId: id,
            output: b"again".to_vec().into(),
        },
        U256::ZERO,
    )?;
    ensure!(!twice.success, "delivered twice");
    Ok(r.gas_used)
}

/// Value sent to a non-payable method of each contract reverts and changes no balance, while the
/// same call without value succeeds.
///
/// # Errors
///
/// When a call with value succeeds or the control call without value fails.
pub fn value_to_non_payable<B: Backend>(backend: B) -> anyhow::Result<usize> {
    let (mut imo, node, user) = one_node(backend)?;
    let c = imo.c;
    let model = U256::from(imo.cfg.model_id);
    let calls: Vec<(&str, Address, Vec<u8>)> = vec![
        (
            "oracle.claimModelRevenue",
            c.oracle,
            IAIOracle::claimModelRevenueCall { modelId: model }.abi_encode(),
        ),
        (
            "verifier.isActiveNode",
            c.verifier,
            imo_oracle::IImoAIOracleVerifier::isActiveNodeCall { node }.abi_encode(),
        ),
        (
            "token.snapshot",
            c.token,
            erc7641::IERC7641::snapshotCall {}.abi_encode(),
        ),
        (
            "minter.mintCost",
            c.minter,
            aigc::IAigcMinter::mintCostCall {}.abi_encode(),
        ),
        (
            "nft.setApprovalForAll",
            c.nft,
            erc7007::IERC721::setApprovalForAllCall {
                operator: node,
                approved: true,
            }
            .abi_encode(),
        ),
        (
            "renderer.tokenURI",
            c.renderer,
            aigc::IAigcRenderer::tokenURICall {
                collection: "x".into(),
                tokenId: U256::from(1),
                prompt: Vec::new().into(),
                aigcData: Vec::new().into(),
                requestId: U256::ZERO,
            }
            .abi_encode(),
        ),
    ];
    let n = calls.len();
    for (name, to, data) in calls {
        let before = imo.balance(to)?;
        let r = imo.backend.send(user, to, &data, U256::from(1))?;
        ensure!(!r.success, "{name} accepted 1 wei");
        ensure!(imo.balance(to)? == before, "{name}: balance changed");
        let r = imo.backend.send(user, to, &data, U256::ZERO)?;
        ensure!(r.success, "{name} without value: {}", r.describe());
    }
    Ok(n)
}

/// Short calldata, an unknown selector and a known selector with bad ABI arguments, to every
/// contract: each reverts cleanly (a revert, not an accepted call), and nothing changes.
///
/// # Errors
///
/// When a malformed call succeeds.
pub fn malformed_calldata<B: Backend>(backend: B) -> anyhow::Result<usize> {
    let (mut imo, _node, user) = one_node(backend)?;
    let c = imo.c;
    // A real selector of each contract, followed by arguments that are not valid ABI.
    let selectors: [(&str, Address, [u8; 4]); 6] = [
        ("oracle", c.oracle, IAIOracle::requestCallbackCall::SELECTOR),
        (
            "verifier",
            c.verifier,
            imo_oracle::IImoAIOracleVerifier::challengeCall::SELECTOR,
        ),
        (
            "token",
            c.token,
            revshare::IRevShareToken::transferCall::SELECTOR,
        ),
        (
            "renderer",
            c.renderer,
            aigc::IAigcRenderer::tokenURICall::SELECTOR,
        ),
        ("minter", c.minter, aigc::IAigcMinter::mintCall::SELECTOR),
        ("nft", c.nft, erc7007::IERC7007::verifyCall::SELECTOR),
    ];
    let mut count = 0;
    for (name, to, selector) in selectors {
        let mut bad_abi = selector.to_vec();
        // An offset pointing far outside the data (dynamic argument) / a truncated word.
        bad_abi.extend_from_slice(&U256::from(0xffff_ffffu64).to_be_bytes::<32>());
        bad_abi.extend_from_slice(&[1, 2, 3]);
        for (kind, data) in [
            ("short", vec![0x01]),
            ("short", selector[..3].to_vec()),
            ("wrong selector", vec![0xde, 0xad, 0xbe, 0xef]),
            ("bad ABI", bad_abi),
        ] {
            let r: TxReceipt = imo.backend.send(user, to, &data, U256::ZERO)?;
            ensure!(
                !r.success,
                "{name}: {kind} calldata 0x{} was accepted",
                crate::backend::hex(&data)
            );
            count += 1;
        }
    }
    Ok(count)
}
