//! Running an [`Action`]: its small numbers resolved against the current state (the actors, the
//! requests and proposals seen so far, the sender's balance), the call encoded with the
//! interfaces' bindings and sent.

use alloy_primitives::{keccak256, Address, U256};
use alloy_sol_types::SolCall;
use imo_client::bindings::dispute_game::IImoDisputeGame;
use imo_client::bindings::imo_oracle::{IImoAIOracle, IImoAIOracleVerifier};
use imo_client::bindings::revshare::IRevShareToken;
use imo_client::bindings::{ai_oracle::IAIOracle, erc7641::IERC7641};
use imo_client::bindings::{governor::IModelGovernor, sale::IImoSale, vesting::IImoVesting};
use imo_client::{Backend, ETHER};

use super::actions::{Action, WAITS};
use super::ghost::Ghost;
use super::system::{System, ARBITER_MODEL, LAUNCH_MODEL, MODEL};

/// What running an action did: the transaction's receipt, or nothing for the clock.
pub struct Outcome {
    /// The receipt (`None` when the action sent no transaction).
    pub receipt: Option<imo_client::TxReceipt>,
    /// A description for failure messages.
    pub label: String,
}

fn output_bytes(v: u8) -> Vec<u8> {
    format!("output {v}").into_bytes()
}

fn model_id(m: u8) -> u64 {
    [MODEL, ARBITER_MODEL, LAUNCH_MODEL, 99][usize::from(m % 4)]
}

fn milli_ether(m: u8) -> U256 {
    U256::from(ETHER / 1_000) * U256::from(m)
}

/// Runs `action` on the system and records in `ghost` what the checks need.
///
/// # Errors
///
/// When the chain refuses a transaction (never for a revert) or a view fails.
#[allow(clippy::too_many_lines)]
pub fn apply(sys: &mut System, ghost: &mut Ghost, action: &Action) -> anyhow::Result<Outcome> {
    let c = sys.imo.c;
    let cfg = sys.cfg.clone();
    let tokens = [c.token, sys.launch.token];
    let (sale, governor) = (sys.launch.sale, sys.launch.governor);
    let actors: Vec<Address> = sys.actors.iter().map(|a| a.address).collect();
    let actor = |i: u8| actors[usize::from(i) % actors.len()];
    let request = |ghost: &Ghost, i: u8| ghost.request(i);
    let (from, to, call, value): (Address, Address, Vec<u8>, U256) = match *action {
        Action::Wait { step } => {
            let seconds = WAITS[usize::from(step) % WAITS.len()];
            sys.imo.backend.advance_time(seconds)?;
            return Ok(Outcome {
                receipt: None,
                label: format!("wait {seconds} s"),
            });
        }
        Action::Request {
            by,
            model,
            gas,
            consumer,
            pay,
            input,
        } => {
            let gas_limit: u64 =
                [0, 50_000, 200_000, 1_000_000, 10_000_000, 10_000_001][usize::from(gas) % 6];
            let callback = if gas_limit == 0 {
                Address::ZERO
            } else {
                [sys.consumers[0], sys.consumers[1], sys.attacker][usize::from(consumer) % 3]
            };
            let fee = cfg.model_fee + cfg.min_gas_price * U256::from(gas_limit);
            let value = match pay {
                0 => fee,
                1 => fee + U256::from(ETHER / 100) * U256::from(input % 7 + 1),
                _ => fee - U256::from(1),
            };
            let input = if input == 0 {
                Vec::new()
            } else {
                format!("prompt {input}").into_bytes()
            };
            let call = IAIOracle::requestCallbackCall {
                modelId: U256::from(model_id(model)),
                input: input.clone().into(),
                callbackContract: callback,
                gasLimit: gas_limit,
                callbackData: Vec::new().into(),
            };
            ghost.pending_request = Some((
                model_id(model),
                input,
                cfg.min_gas_price * U256::from(gas_limit),
            ));
            (actor(by), c.oracle, call.abi_encode(), value)
        }
        Action::Deliver {
            by,
            request: r,
            output,
        } => {
            let id = request(ghost, r);
            let call = IAIOracle::invokeCallbackCall {
                requestId: id,
                output: output_bytes(output).into(),
            };
            (actor(by), c.oracle, call.abi_encode(), U256::ZERO)
        }
        Action::Feedback { by, request: r } => {
            let call = IAIOracle::feedbackErrorCall {
                requestId: request(ghost, r),
                code: 0,
                message: b"cannot serve".to_vec().into(),
            };
            (actor(by), c.oracle, call.abi_encode(), U256::ZERO)
        }
        Action::Refund { by, request: r } => {
            let call = IImoAIOracle::refundRequestCall {
                requestId: request(ghost, r),
            };
            (actor(by), c.oracle, call.abi_encode(), U256::ZERO)
        }
        Action::UpdateResult {
            by,
            request: r,
            output,
        } => {
            let call = IAIOracle::updateResultCall {
                requestId: request(ghost, r),
                output: output_bytes(output).into(),
            };
            (actor(by), c.oracle, call.abi_encode(), U256::ZERO)
        }
        Action::WithdrawEarnings { by } => (
            actor(by),
            c.oracle,
            IImoAIOracle::withdrawEarningsCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::WithdrawRefund { by } => (
            actor(by),
            c.oracle,
            IImoAIOracle::withdrawRefundCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::ClaimModelRevenue { by, model } => {
            let call = IAIOracle::claimModelRevenueCall {
                modelId: U256::from(model_id(model)),
            };
            (actor(by), c.oracle, call.abi_encode(), U256::ZERO)
        }
        Action::WithdrawProtocolRevenue { by } => (
            actor(by),
            c.oracle,
            IImoAIOracle::withdrawProtocolRevenueCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::Stake { by, tenths } => (
            actor(by),
            c.verifier,
            IImoAIOracleVerifier::stakeCall {}.abi_encode(),
            cfg.min_node_stake * U256::from(tenths) / U256::from(10),
        ),
        Action::RequestUnstake { by, tenths } => {
            let call = IImoAIOracleVerifier::requestUnstakeCall {
                amount: cfg.min_node_stake * U256::from(tenths) / U256::from(10),
            };
            (actor(by), c.verifier, call.abi_encode(), U256::ZERO)
        }
        Action::WithdrawStake { by } => (
            actor(by),
            c.verifier,
            IImoAIOracleVerifier::withdrawStakeCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::Challenge {
            by,
            request: r,
            output,
            bond,
        } => {
            let (id, model, input) = ghost.request_input(r);
            let call = IImoAIOracleVerifier::challengeCall {
                requestId: id,
                claimedOutputHash: keccak256(output_bytes(output)),
                modelId: U256::from(model),
                input: input.into(),
            };
            let value = match bond {
                0 => cfg.challenge_bond - U256::from(1),
                1 => cfg.challenge_bond + U256::from(1),
                _ => cfg.challenge_bond,
            };
            (actor(by), c.verifier, call.abi_encode(), value)
        }
        Action::Resolve {
            by,
            request: r,
            challenger_wins,
            output,
        } => {
            let call = IImoAIOracleVerifier::resolveChallengeCall {
                requestId: request(ghost, r),
                challengerWins: challenger_wins,
                correctOutput: output_bytes(output).into(),
            };
            (actor(by), c.verifier, call.abi_encode(), U256::ZERO)
        }
        Action::Settle {
            by,
            request: r,
            challenger,
        } => {
            let call = IImoAIOracleVerifier::settleChallengeCall {
                requestId: request(ghost, r),
                challenger: actor(challenger),
            };
            (actor(by), c.verifier, call.abi_encode(), U256::ZERO)
        }
        Action::WithdrawCredit { by } => (
            actor(by),
            c.verifier,
            IImoAIOracleVerifier::withdrawCreditCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::WithdrawProtocol { by } => (
            actor(by),
            c.verifier,
            IImoAIOracleVerifier::withdrawProtocolCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::GameTimeout { by, game } => {
            let count = sys
                .imo
                .view(c.dispute_game, IImoDisputeGame::gameCountCall {})?
                ._0;
            let call = IImoDisputeGame::timeoutCall {
                gameId: 1 + u64::from(game) % count.max(1),
            };
            (actor(by), c.dispute_game, call.abi_encode(), U256::ZERO)
        }
        Action::Transfer {
            token,
            by,
            to,
            eighths,
        } => {
            let (t, from) = (tokens[usize::from(token % 2)], actor(by));
            let balance = sys
                .imo
                .view(t, IRevShareToken::balanceOfCall { account: from })?
                ._0;
            let call = IRevShareToken::transferCall {
                to: actor(to),
                value: balance * U256::from(eighths) / U256::from(8),
            };
            (from, t, call.abi_encode(), U256::ZERO)
        }
        Action::Snapshot { token, by } => (
            actor(by),
            tokens[usize::from(token % 2)],
            IERC7641::snapshotCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::Claim { token, by, back } => {
            let t = tokens[usize::from(token % 2)];
            let current = sys
                .imo
                .view(t, IRevShareToken::currentSnapshotIdCall {})?
                ._0;
            let call = IERC7641::claimCall {
                snapshotId: current.saturating_sub(U256::from(back)),
            };
            (actor(by), t, call.abi_encode(), U256::ZERO)
        }
        Action::Burn { token, by, eighths } => {
            let (t, from) = (tokens[usize::from(token % 2)], actor(by));
            let balance = sys
                .imo
                .view(t, IRevShareToken::balanceOfCall { account: from })?
                ._0;
            let call = IERC7641::burnCall {
                amount: balance * U256::from(eighths) / U256::from(8),
            };
            (from, t, call.abi_encode(), U256::ZERO)
        }
        Action::DepositRevenue { token, by, milli } => (
            actor(by),
            tokens[usize::from(token % 2)],
            IRevShareToken::depositRevenueCall {}.abi_encode(),
            milli_ether(milli),
        ),
        Action::SaleDeposit {
            by,
            ether,
            wrong_value,
        } => {
            let amount = U256::from(ETHER) * U256::from(ether);
            let value = if wrong_value {
                amount + U256::from(1)
            } else {
                amount
            };
            let call = IImoSale::deposit_0Call { amount };
            (actor(by), sale, call.abi_encode(), value)
        }
        Action::SaleFinalize { by } => (
            actor(by),
            sale,
            IImoSale::finalizeCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::SaleClaim { by } => {
            let call = IImoSale::claimCall { to: actor(by) };
            (actor(by), sale, call.abi_encode(), U256::ZERO)
        }
        Action::SaleDistribute { by } => (
            actor(by),
            sale,
            IImoSale::distributeCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::SaleCollect { by } => (
            actor(by),
            sale,
            IImoSale::collectRevenueCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::VestingRelease { by } => (
            actor(by),
            sys.launch.vestings[0],
            IImoVesting::releaseCall {}.abi_encode(),
            U256::ZERO,
        ),
        Action::GovernorFund { by, milli } => (actor(by), governor, Vec::new(), milli_ether(milli)),
        Action::Propose { by, to, milli } => {
            let grantee = if to % 5 == 0 { sys.rejecter } else { actor(to) };
            let call = IModelGovernor::proposeCall {
                targets: vec![grantee],
                values: vec![milli_ether(milli)],
                calldatas: vec![Vec::new().into()],
                description: format!("grant {milli} milliether"),
            };
            (actor(by), governor, call.abi_encode(), U256::ZERO)
        }
        Action::Vote {
            by,
            proposal,
            support,
        } => {
            let call = IModelGovernor::castVoteCall {
                proposalId: ghost.proposal(proposal),
                support,
            };
            (actor(by), governor, call.abi_encode(), U256::ZERO)
        }
        Action::Execute { by, proposal } => {
            let id = ghost.proposal(proposal);
            let call = IModelGovernor::executeCall { proposalId: id };
            (actor(by), governor, call.abi_encode(), U256::ZERO)
        }
    };
    let receipt = sys.send(from, to, &call, value)?;
    let label = format!(
        "{action:?} as {} to {} with {value} wei: {}",
        sys.name_of(from),
        sys.name_of(to),
        receipt.describe()
    );
    Ok(Outcome {
        receipt: Some(receipt),
        label,
    })
}
