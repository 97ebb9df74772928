//! The offering's part of the demo: two sales through the launchpad, checked to the wei.
//!
//! 1. A model's IMO launched in one transaction (token, governor, sale, a vesting grant, the model
//!    registered in the oracle with the token as its receiver). Three buyers deposit 45 ETH for a
//!    30 ETH sale: it is oversubscribed, so each gets its pro-rata tokens and the rest of its
//!    deposit back. One buyer claims at once; the other two wait.
//! 2. Inference requests pay the model's fee; the token's snapshot sweeps it from the oracle. The
//!    buyers who have not claimed earned it too: their claim pays tokens, refund and revenue.
//! 3. The team's grant releases what vested after its cliff.
//! 4. A second sale misses its minimum: everyone gets every wei back, the tokens return to the
//!    treasury.

use crate::backend::Backend;
use crate::bindings::vesting::IImoVesting as Vesting;
use crate::bindings::{ai_oracle::IAIOracle, erc7641, revshare, sale::IImoSale as Sale};
use crate::config::ETHER;
use crate::imo::Imo;
use crate::launch::{
    GovernorConfig, GrantConfig, Launch, LaunchConfig, ModelConfig, SaleConfig, TokenConfig,
};
use crate::lifecycle::{format_eth as eth, next_second};
use crate::node::Network;
use alloy_primitives::{Address, U256};
use anyhow::ensure;

/// The sale's states (`IImoSale.state`).
const SUCCEEDED: u8 = 3;
const FAILED: u8 = 4;

fn ether(n: u128) -> U256 {
    U256::from(n * ETHER)
}

/// Token units (18 decimals) as a number of tokens.
fn tokens(units: U256) -> String {
    format!("{} tokens", eth(units).trim_end_matches(" ETH"))
}

/// The demo's launch: 1,000,000 tokens named after `symbol`, 300,000 for sale for 30 ETH (at
/// least `minimum`) from a minute after the launch for an hour, a 100,000-token grant to `team`
/// (cliff 600 s, 2,400 s in all), model `model_id` registered (0: none; fee 0.01 ETH, half to the
/// token).
pub fn launch_config(symbol: &str, model_id: u64, minimum: U256, team: Address) -> LaunchConfig {
    LaunchConfig {
        salt: None,
        token: TokenConfig {
            name: format!("{symbol} model"),
            symbol: symbol.into(),
            supply: ether(1_000_000),
            claimable_bps: 8_000,
            snapshot_interval: 0,
            claim_window: 2,
        },
        governor: GovernorConfig::default(),
        sale: SaleConfig {
            currency: Address::ZERO,
            starts_in: 60,
            duration: 3_600,
            target: ether(30),
            minimum,
            tokens_for_sale: ether(300_000),
            min_deposit: U256::from(ETHER / 10),
            max_per_address: U256::ZERO,
            allowlist_root: alloy_primitives::B256::ZERO,
            liquidity_recipient: Address::ZERO,
            liquidity_bps: 0,
        },
        grants: vec![GrantConfig {
            beneficiary: team,
            amount: ether(100_000),
            cliff: 600,
            duration: 2_400,
            revenue_to_treasury: false,
        }],
        model: ModelConfig {
            model_id,
            model_hash: None,
            program_hash: None,
            fee: U256::from(ETHER / 100),
            receiver_percentage: 50,
            register: model_id != 0,
        },
    }
}

/// Runs the two sales on a deployment whose oracle has `node` active, `user` funded and
/// `consumer` accepting callbacks; each
/// transaction is a step of `imo`. Needs a backend that moves time.
///
/// # Errors
///
/// A failed transaction or any amount that is not exactly what the sale's rules give.
pub fn run<B: Backend>(
    imo: &mut Imo<B>,
    node: Address,
    user: Address,
    consumer: Address,
) -> anyhow::Result<()> {
    imo.section("10. The offering: the launchpad starts a second model's IMO in one transaction");
    let pad = imo.deploy_launchpad()?;
    imo.note(&format!("launchpad at {pad} (the oracle's registrar)"));
    let creator = imo.backend.new_account("creator", U256::from(ETHER))?;
    let team = imo.backend.new_account("team", U256::ZERO)?;
    let cfg = launch_config("DGT", 2, ether(10), team);
    let l = imo.launch(creator, &cfg)?;
    imo.note(&format!(
        "token {}, governor {}, sale {}, team grant {}",
        l.token, l.governor, l.sale, l.vestings[0]
    ));

    let buyers = oversubscribed_sale(imo, &l)?;
    revenue_reaches_waiting_buyers(imo, &l, &buyers, [node, user, consumer])?;
    vesting_release(imo, &l, team, creator)?;
    failed_sale(imo, creator)
}

/// Three buyers, 45 ETH for 30: pro rata, each refunded the rest; the first claims at once.
fn oversubscribed_sale<B: Backend>(imo: &mut Imo<B>, l: &Launch) -> anyhow::Result<[Address; 3]> {
    imo.section("11. Three buyers deposit 45 ETH for a 30 ETH sale: oversubscribed, pro rata");
    let now = imo.backend.timestamp()?;
    imo.backend.advance_time(l.start.saturating_sub(now))?;
    let deposits = [ether(20), ether(15), ether(10)];
    let mut buyers = [Address::ZERO; 3];
    for (i, amount) in deposits.iter().enumerate() {
        let buyer = imo.backend.new_account(&format!("buyer{i}"), ether(25))?;
        imo.exec(
            &format!("sale.deposit (buyer {}, {})", i + 1, eth(*amount)),
            buyer,
            l.sale,
            Sale::deposit_0Call { amount: *amount },
            *amount,
        )?;
        buyers[i] = buyer;
    }
    let now = imo.backend.timestamp()?;
    imo.backend.advance_time(l.end.saturating_sub(now) + 1)?;
    imo.exec(
        "sale.finalize (anyone)",
        buyers[2],
        l.sale,
        Sale::finalizeCall {},
        U256::ZERO,
    )?;
    ensure!(
        imo.view(l.sale, Sale::stateCall {})?._0 == SUCCEEDED,
        "the sale succeeded"
    );
    let treasury_before = imo.balance(l.governor)?;
    imo.exec(
        "sale.distribute (proceeds, grant)",
        buyers[2],
        l.sale,
        Sale::distributeCall {},
        U256::ZERO,
    )?;
    let proceeds = imo.balance(l.governor)? - treasury_before;
    ensure!(
        proceeds == ether(30),
        "the treasury received the target: {proceeds}"
    );
    imo.note(&format!(
        "the governor (treasury) received {}",
        eth(proceeds)
    ));

    // Pro rata: tokens and used deposit in proportion, rounded down; the rest refunded.
    let total = deposits.iter().fold(U256::ZERO, |a, d| a + d);
    let mut sum_tokens = U256::ZERO;
    for (i, (buyer, deposit)) in buyers.iter().zip(deposits).enumerate() {
        let p = imo.view(l.sale, Sale::previewClaimCall { account: *buyer })?;
        // Rounded against the buyer: tokens and refund both down (the used part up).
        let tokens = deposit * ether(300_000) / total;
        let refund = deposit * (total - ether(30)) / total;
        let used = deposit - refund;
        ensure!(
            p.tokens == tokens && p.refund == refund && p.revenue.is_zero(),
            "buyer {}'s preview: {} tokens, {} refund",
            i + 1,
            p.tokens,
            p.refund
        );
        sum_tokens += tokens;
        imo.note(&format!(
            "buyer {} deposited {}: {} for {}, refund {}",
            i + 1,
            eth(deposit),
            self::tokens(tokens),
            eth(used),
            eth(refund)
        ));
    }
    ensure!(
        sum_tokens <= ether(300_000),
        "allocations within the sale supply"
    );

    // The first buyer claims now.
    let before = imo.balance(buyers[0])?;
    let p = imo.view(l.sale, Sale::previewClaimCall { account: buyers[0] })?;
    let r = imo.exec(
        "sale.claim (buyer 1: tokens + refund)",
        buyers[0],
        l.sale,
        Sale::claimCall { to: buyers[0] },
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(buyers[0])? == before + p.refund - r.fee,
        "buyer 1's refund"
    );
    ensure!(
        token_balance(imo, l.token, buyers[0])? == p.tokens,
        "buyer 1's tokens"
    );
    imo.note("buyers 2 and 3 leave their tokens in the sale for now");
    Ok(buyers)
}

fn token_balance<B: Backend>(
    imo: &mut Imo<B>,
    token: Address,
    account: Address,
) -> anyhow::Result<U256> {
    Ok(imo
        .view(token, revshare::IRevShareToken::balanceOfCall { account })?
        ._0)
}

/// Inference fees for the launched model; the snapshot; a waiting buyer's claim pays its revenue.
fn revenue_reaches_waiting_buyers<B: Backend>(
    imo: &mut Imo<B>,
    l: &Launch,
    buyers: &[Address; 3],
    [node, user, consumer]: [Address; 3],
) -> anyhow::Result<()> {
    imo.section("12. Inference fees reach the buyers, also those who have not claimed");
    let oracle = imo.c.oracle;
    let model = U256::from(2);
    let generator = Network::generator();
    let gas_limit = 100_000u64;
    let fee = imo
        .view(
            oracle,
            IAIOracle::estimateFeeCall {
                modelId: model,
                gasLimit: U256::from(gas_limit),
            },
        )?
        ._0;
    for prompt in [&b"a 4, seed 1"[..], b"a 2, seed 9"] {
        let r = imo.exec(
            "oracle.requestCallback (model 2)",
            user,
            oracle,
            IAIOracle::requestCallbackCall {
                modelId: model,
                input: prompt.to_vec().into(),
                callbackContract: consumer,
                gasLimit: gas_limit,
                callbackData: Vec::new().into(),
            },
            fee,
        )?;
        let id = crate::calls::request_id(&r, oracle)?;
        let output = generator
            .run(prompt)
            .map_err(|e| anyhow::anyhow!("the generator refused {prompt:?}: {e:?}"))?;
        imo.deliver(node, id, &output)?;
    }
    next_second(&mut imo.backend)?;
    let before = imo.balance(l.token)?;
    imo.exec(
        "token.snapshot (sweeps model 2's revenue)",
        user,
        l.token,
        erc7641::IERC7641::snapshotCall {},
        U256::ZERO,
    )?;
    let swept = imo.balance(l.token)? - before;
    let expected = U256::from(ETHER / 100) * U256::from(2) * U256::from(50) / U256::from(100);
    ensure!(
        swept == expected,
        "the snapshot swept {swept}, expected {expected}"
    );
    let id = imo
        .view(l.token, revshare::IRevShareToken::currentSnapshotIdCall {})?
        ._0;
    next_second(&mut imo.backend)?;
    let claimable = swept * U256::from(8_000) / U256::from(10_000);
    imo.note(&format!(
        "snapshot {id}: {} swept, {} claimable by holders",
        eth(swept),
        eth(claimable)
    ));

    // Buyer 1 holds its tokens: it claims from the token.
    let supply = ether(1_000_000);
    let held = token_balance(imo, l.token, buyers[0])?;
    let before = imo.balance(buyers[0])?;
    let r = imo.exec(
        "token.claim (buyer 1, as a holder)",
        buyers[0],
        l.token,
        erc7641::IERC7641::claimCall { snapshotId: id },
        U256::ZERO,
    )?;
    let got = imo.balance(buyers[0])? + r.fee - before;
    ensure!(got == claimable * held / supply, "buyer 1's revenue {got}");
    // Buyer 2 never claimed: the sale held its tokens at the snapshot and passes their revenue on.
    let p = imo.view(l.sale, Sale::previewClaimCall { account: buyers[1] })?;
    // The sale's accumulator keeps revenue per token at 1e18 precision: a buyer gets its exact
    // share less at most one wei per whole token (plus one), the rest is the treasury's dust.
    let exact = claimable * p.tokens / supply;
    let bound = p.tokens / U256::from(ETHER) + U256::from(1);
    ensure!(
        p.revenue <= exact && exact - p.revenue <= bound,
        "buyer 2's revenue {} for an exact share of {exact}",
        p.revenue
    );
    let before = imo.balance(buyers[1])?;
    let r = imo.exec(
        "sale.claim (buyer 2: tokens + refund + revenue)",
        buyers[1],
        l.sale,
        Sale::claimCall { to: buyers[1] },
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(buyers[1])? + r.fee == before + p.refund + p.revenue,
        "buyer 2's claim"
    );
    ensure!(
        token_balance(imo, l.token, buyers[1])? == p.tokens,
        "buyer 2's tokens"
    );
    imo.note(&format!(
        "buyer 1 claimed {} from the token; buyer 2, who had not claimed, got {} with its tokens and refund",
        eth(got),
        eth(p.revenue)
    ));
    Ok(())
}

/// The team's grant after its cliff.
fn vesting_release<B: Backend>(
    imo: &mut Imo<B>,
    l: &Launch,
    team: Address,
    creator: Address,
) -> anyhow::Result<()> {
    imo.section("13. The team's grant releases what vested after its cliff");
    let grant = l.vestings[0];
    let now = imo.backend.timestamp()?;
    let at = l.end + 1_200;
    imo.backend.advance_time(at.saturating_sub(now))?;
    let releasable = imo.view(grant, Vesting::releasableCall {})?._0;
    let vested = ether(100_000) * U256::from(at - l.end) / U256::from(2_400);
    ensure!(
        releasable == vested,
        "releasable {releasable}, vested {vested}"
    );
    imo.exec(
        "vesting.release (anyone)",
        creator,
        grant,
        Vesting::releaseCall {},
        U256::ZERO,
    )?;
    let got = token_balance(imo, l.token, team)?;
    ensure!(
        got == releasable && !got.is_zero(),
        "released {got}, releasable {releasable}"
    );
    imo.note(&format!("{} of 100000 released to the team", tokens(got)));
    Ok(())
}

/// A sale that misses its minimum refunds every wei.
fn failed_sale<B: Backend>(imo: &mut Imo<B>, creator: Address) -> anyhow::Result<()> {
    imo.section("14. A second sale misses its minimum: everyone is refunded in full");
    let cfg = launch_config("LATE", 0, ether(25), Address::repeat_byte(0x7e));
    let l = imo.launch(creator, &cfg)?;
    let now = imo.backend.timestamp()?;
    imo.backend.advance_time(l.start.saturating_sub(now))?;
    let deposits = [ether(5), ether(3)];
    let mut buyers = Vec::new();
    for (i, amount) in deposits.iter().enumerate() {
        let buyer = imo.backend.new_account(&format!("late{i}"), ether(6))?;
        imo.exec(
            &format!("sale.deposit (late buyer {})", i + 1),
            buyer,
            l.sale,
            Sale::deposit_0Call { amount: *amount },
            *amount,
        )?;
        buyers.push(buyer);
    }
    let now = imo.backend.timestamp()?;
    imo.backend.advance_time(l.end.saturating_sub(now) + 1)?;
    imo.exec(
        "sale.finalize (8 of 25 ETH: failed)",
        creator,
        l.sale,
        Sale::finalizeCall {},
        U256::ZERO,
    )?;
    ensure!(
        imo.view(l.sale, Sale::stateCall {})?._0 == FAILED,
        "the sale failed"
    );
    for (i, (buyer, deposit)) in buyers.iter().zip(deposits).enumerate() {
        let before = imo.balance(*buyer)?;
        let r = imo.exec(
            &format!("sale.claim (late buyer {}: refund)", i + 1),
            *buyer,
            l.sale,
            Sale::claimCall { to: *buyer },
            U256::ZERO,
        )?;
        ensure!(
            imo.balance(*buyer)? + r.fee == before + deposit,
            "late buyer {}'s refund",
            i + 1
        );
        ensure!(
            token_balance(imo, l.token, *buyer)?.is_zero(),
            "no tokens on failure"
        );
    }
    imo.exec(
        "sale.distribute (tokens back to the treasury)",
        creator,
        l.sale,
        Sale::distributeCall {},
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(l.sale)?.is_zero(),
        "the failed sale holds nothing"
    );
    let treasury = token_balance(imo, l.token, l.governor)?;
    ensure!(
        treasury == ether(1_000_000),
        "every token back with the treasury: {treasury}"
    );
    imo.note("both late buyers got every wei back; the treasury holds the whole supply");
    Ok(())
}
