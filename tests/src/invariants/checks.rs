//! The accounting identities, asked of the deployed contracts after a call. Each contract's
//! identity is the one its README states; the values come from its own views, the open
//! delivery fees and the challenges from the fuzzer's [`Ghost`].

use alloy_primitives::{Address, U256};
use anyhow::ensure;
use imo_client::bindings::ai_oracle::IAIOracle;
use imo_client::bindings::imo_oracle::{IImoAIOracle, IImoAIOracleVerifier};
use imo_client::bindings::revshare::IRevShareToken;
use imo_client::bindings::sale::IImoSale;
use std::collections::BTreeSet;

use super::ghost::Ghost;
use super::system::{System, ARBITER_MODEL, LAUNCH_MODEL, MODEL};

/// Accounts that may hold a credit in the oracle or the verifier: the actors, the contracts that
/// receive model fees, and the passive contracts.
fn payees(sys: &System) -> Vec<Address> {
    let mut all: Vec<Address> = sys.actors.iter().map(|a| a.address).collect();
    all.extend([sys.rejecter, sys.imo.c.token, sys.launch.token]);
    all.extend(sys.consumers);
    all
}

/// The oracle: `balance == Σ model revenue + protocol revenue + Σ node earnings + Σ refunds +
/// the delivery fees of undelivered requests`.
///
/// # Errors
///
/// When the identity does not hold (with both sides), or a view fails.
pub fn oracle(sys: &mut System, ghost: &Ghost) -> anyhow::Result<()> {
    let oracle = sys.imo.c.oracle;
    let mut held = U256::ZERO;
    for m in [MODEL, ARBITER_MODEL, LAUNCH_MODEL] {
        held += sys
            .imo
            .view(
                oracle,
                IAIOracle::getModelCall {
                    modelId: U256::from(m),
                },
            )?
            .accumulateRevenue;
    }
    let protocol = sys
        .imo
        .view(oracle, IImoAIOracle::parametersCall {})?
        .protocolRevenue;
    let (mut earnings, mut refunds) = (U256::ZERO, U256::ZERO);
    for a in payees(sys) {
        earnings += sys
            .imo
            .view(oracle, IImoAIOracle::earningsOfCall { node: a })?
            ._0;
        refunds += sys
            .imo
            .view(oracle, IImoAIOracle::refundOfCall { account: a })?
            ._0;
    }
    let open = ghost.open_fees();
    let balance = sys.imo.backend.chain.balance(oracle);
    let owed = held + protocol + earnings + refunds + open;
    ensure!(
        balance == owed,
        "oracle: balance {balance} != model revenue {held} + protocol {protocol} + earnings \
         {earnings} + refunds {refunds} + undelivered fees {open} = {owed}"
    );
    Ok(())
}

/// The verifier: `balance == Σ stake + Σ unbonding + Σ unsettled bonds + Σ collateral + Σ
/// credits + protocol`.
///
/// # Errors
///
/// When the identity does not hold, or a view fails.
pub fn verifier(sys: &mut System, ghost: &Ghost) -> anyhow::Result<()> {
    let v = sys.imo.c.verifier;
    let mut held = sys
        .imo
        .view(v, IImoAIOracleVerifier::protocolBalanceCall {})?
        ._0;
    for a in payees(sys) {
        let n = sys
            .imo
            .view(v, IImoAIOracleVerifier::nodeInfoCall { node: a })?;
        held += n.stake + n.unbonding;
        held += sys
            .imo
            .view(v, IImoAIOracleVerifier::creditOfCall { account: a })?
            ._0;
    }
    let disputed: BTreeSet<U256> = ghost.challenges.iter().map(|c| c.0).collect();
    for id in disputed {
        held += sys
            .imo
            .view(v, IImoAIOracleVerifier::getRoundCall { requestId: id })?
            .collateral;
    }
    for &(id, round, challenger) in &ghost.challenges {
        let c = sys.imo.view(
            v,
            IImoAIOracleVerifier::getChallengeCall {
                requestId: id,
                round,
                challenger,
            },
        )?;
        if !c.settled {
            held += c.bond;
        }
    }
    let balance = sys.imo.backend.chain.balance(v);
    ensure!(
        balance == held,
        "verifier: balance {balance} != stakes + unbonding + unsettled bonds + collateral + \
         credits + protocol = {held}"
    );
    Ok(())
}

/// A RevShare token (`which` 0 the demo's, 1 the launched one): `balance == pending + redeem
/// pool + Σ (claimable - claimed)` over the snapshots inside the claim window, nothing claimed
/// beyond what was claimable, and `Σ balances == totalSupply` over everyone who ever held it.
///
/// # Errors
///
/// When an identity does not hold, or a view fails.
pub fn token(sys: &mut System, ghost: &Ghost, which: usize) -> anyhow::Result<()> {
    let t = [sys.imo.c.token, sys.launch.token][which];
    let pending = sys.imo.view(t, IRevShareToken::pendingRevenueCall {})?._0;
    let pool = sys.imo.view(t, IRevShareToken::redeemPoolCall {})?._0;
    let current = sys
        .imo
        .view(t, IRevShareToken::currentSnapshotIdCall {})?
        ._0;
    let window = U256::from(sys.imo.view(t, IRevShareToken::claimWindowCall {})?._0);
    let mut reserved = U256::ZERO;
    let mut id = current;
    while !id.is_zero() && current - id < window {
        let claimable = sys
            .imo
            .view(t, IRevShareToken::claimableAtCall { snapshotId: id })?
            ._0;
        let claimed = sys
            .imo
            .view(t, IRevShareToken::claimedAtCall { snapshotId: id })?
            ._0;
        ensure!(
            claimed <= claimable,
            "token {which}: snapshot {id} paid {claimed} of {claimable} claimable"
        );
        reserved += claimable - claimed;
        id -= U256::from(1);
    }
    let balance = sys.imo.backend.chain.balance(t);
    ensure!(
        balance == pending + pool + reserved,
        "token {which}: balance {balance} != pending {pending} + redeem pool {pool} + unclaimed \
         {reserved} (snapshot {current})"
    );
    let supply = sys.imo.view(t, IRevShareToken::totalSupplyCall {})?._0;
    let mut sum = U256::ZERO;
    for holder in &ghost.holders[which] {
        sum += sys
            .imo
            .view(t, IRevShareToken::balanceOfCall { account: *holder })?
            ._0;
    }
    ensure!(
        sum == supply,
        "token {which}: balances sum to {sum}, total supply {supply}"
    );
    Ok(())
}

/// The sale (ETH currency): the deposits it still owes are covered, and it holds no more than
/// those plus the revenue collected and not yet paid: `kept <= balance <= kept + collected -
/// paid` with `kept = deposits - refunds - proceeds - swept`.
///
/// # Errors
///
/// When the identity does not hold, or a view fails.
pub fn sale(sys: &mut System) -> anyhow::Result<()> {
    let s = sys.launch.sale;
    let deposits = sys.imo.view(s, IImoSale::totalDepositsCall {})?._0;
    let a = sys.imo.view(s, IImoSale::accountingCall {})?;
    let out = a.refundsPaid + a.proceedsPaid + a.currencySwept;
    ensure!(
        out <= deposits,
        "sale: paid out {out} of {deposits} deposits"
    );
    ensure!(
        a.revenuePaid <= a.revenueCollected,
        "sale: paid {} revenue of {} collected",
        a.revenuePaid,
        a.revenueCollected
    );
    let kept = deposits - out;
    let balance = sys.imo.backend.chain.balance(s);
    let most = kept + a.revenueCollected - a.revenuePaid;
    ensure!(
        kept <= balance && balance <= most,
        "sale: balance {balance} outside [{kept} owed, {most}]"
    );
    Ok(())
}

/// Checks the identities of the contracts in `touched` (every one when `all`).
///
/// # Errors
///
/// The first identity that does not hold.
pub fn contracts(
    sys: &mut System,
    ghost: &Ghost,
    touched: &BTreeSet<Address>,
    all: bool,
) -> anyhow::Result<()> {
    let c = sys.imo.c;
    let hit = |a: Address| all || touched.contains(&a);
    if hit(c.oracle) {
        oracle(sys, ghost)?;
    }
    if hit(c.verifier) {
        verifier(sys, ghost)?;
    }
    if hit(c.token) {
        token(sys, ghost, 0)?;
    }
    if hit(sys.launch.token) {
        token(sys, ghost, 1)?;
    }
    if hit(sys.launch.sale) {
        sale(sys)?;
    }
    Ok(())
}
