//! The security review's attacks (issue 14) on the in-process devchain with the exact WASM of
//! `cargo xtask wasm`: each attack fails and the legitimate path works (see `imo_e2e::security`).

use imo_client::DevchainBackend;
use imo_e2e::security::{aigc, disputes, oracle};

fn chain() -> DevchainBackend {
    DevchainBackend::new().expect("devchain")
}

fn run<T>(r: anyhow::Result<T>) -> T {
    r.unwrap_or_else(|e| panic!("{e:#}"))
}

#[test]
fn a_node_squatting_its_own_wrong_result_cannot_make_it_final() {
    run(disputes::squatting_node_cannot_finalize_a_wrong_result(
        chain(),
    ));
}

#[test]
fn a_node_challenging_its_own_result_loses_half_of_its_slash() {
    run(disputes::node_challenging_itself_loses_half_its_slash(
        chain(),
    ));
}

#[test]
fn an_out_of_gas_mint_callback_can_be_completed_by_the_holder() {
    let gas = run(aigc::an_out_of_gas_mint_callback_can_be_completed_by_the_holder(chain()));
    println!("gas: updateResult re-delivering a 4 KB output to the minter {gas}");
}

#[test]
fn huge_revert_data_costs_the_delivering_node_little() {
    let (small, large) = run(oracle::huge_revert_data_costs_the_node_little(chain()));
    println!("gas: delivery into a 4-byte revert {small}, into a 200 KB revert {large}");
}

#[test]
fn an_error_answer_refunds_the_delivery_fee() {
    run(oracle::error_answers_refund_the_delivery_fee(chain()));
}

#[test]
fn stuck_requests_are_refused_or_refunded() {
    assert!(run(oracle::stuck_requests_are_refused_or_refunded(chain())));
}

#[test]
fn oras_da_overload_is_routed_and_fee_tokens_are_refused() {
    run(oracle::ora_da_overload_and_fee_token(chain()));
}
