//! The scenarios, written once against [`Backend`]. Each deploys a fresh system, runs, checks
//! what it must (returning an error naming the first mismatch) and reports what it measured.
//! The lifecycle itself lives in `imo_client::lifecycle` (the demo narrates it) and is
//! re-exported here as [`lifecycle`].

pub use imo_client::lifecycle::{format_eth, next_second, run as lifecycle, Summary};

use alloy_primitives::{hex, keccak256, Address, U256};
use alloy_sol_types::{SolCall, SolEvent};
use anyhow::{ensure, Context};
use imo_client::bindings::{ai_oracle::IAIOracle, aigc, erc7007, erc7641, imo_oracle, revshare};
use imo_client::{evm, Backend, Config, Imo, TxReceipt, ETHER};

pub(crate) fn one_node<B: Backend>(backend: B) -> anyhow::Result<(Imo<B>, Address, Address)> {
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
    // The arbiter's disputes: a model registered as verifiable is disputed by games instead.
    imo.make_unverifiable()?;
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
    let open = imo.challenge(challenger, id, keccak256(b"4"), b"2 + 2")?;
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
    // Half of the slash rewards the first challenger who claimed the truth at once; the bond comes
    // back when the challenge is settled (anyone may settle it).
    let slash = imo.cfg.min_node_stake;
    let reward = slash / U256::from(2);
    ensure!(
        credit(&mut imo, challenger)? == reward,
        "challenger rewarded with half of the slash"
    );
    imo.exec(
        "verifier.settleChallenge (won)",
        user,
        verifier,
        imo_oracle::IImoAIOracleVerifier::settleChallengeCall {
            requestId: id,
            challenger,
        },
        U256::ZERO,
    )?;
    ensure!(
        credit(&mut imo, challenger)? == bond + reward,
        "challenger credit after settlement"
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
    imo.challenge(challenger, id, keccak256(b"7"), b"3 + 3")?;
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
    imo.exec(
        "verifier.settleChallenge (lost)",
        user,
        verifier,
        imo_oracle::IImoAIOracleVerifier::settleChallengeCall {
            requestId: id,
            challenger,
        },
        U256::ZERO,
    )?;
    ensure!(
        credit(&mut imo, node)? == bond,
        "node credited the lost bond"
    );
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
    ensure!(imo.balance(challenger)? == before + bond + reward - r.fee);
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
        "revert data {}",
        hex::encode_prefixed(&reason)
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
                minter: c.minter,
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
                "{name}: {kind} calldata {} was accepted",
                hex::encode_prefixed(&data)
            );
            count += 1;
        }
    }
    Ok(count)
}
