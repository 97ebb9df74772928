//! opML fraud proofs (issue 18) on the in-process devchain with the exact WASM of
//! `cargo xtask wasm`: disputes of the verifiable generator's results played to the end, the
//! one-step proof re-executing the disputed step in the compiled dispute game (see
//! `imo_e2e::opml`). The generator has 3 layers: step 0 encodes, steps 1, 2, 3 run the first,
//! middle and last layer, step 4 decodes.

use imo_client::DevchainBackend;
use imo_e2e::opml::{attacks, games};

fn chain() -> DevchainBackend {
    DevchainBackend::new().expect("devchain")
}

fn run<T>(r: anyhow::Result<T>) -> T {
    r.unwrap_or_else(|e| panic!("{e:#}"))
}

#[test]
fn an_honest_node_beats_a_false_challenger_at_every_step() {
    for wrong in 0..=4 {
        run(games::honest_node_beats_a_false_challenger(chain(), wrong));
    }
}

#[test]
fn an_honest_watcher_beats_a_node_wrong_at_the_encoding() {
    run(games::honest_watcher_beats_a_wrong_node(chain(), 0));
}

#[test]
fn an_honest_watcher_beats_a_node_wrong_at_the_first_layer() {
    run(games::honest_watcher_beats_a_wrong_node(chain(), 1));
}

#[test]
fn an_honest_watcher_beats_a_node_wrong_at_the_middle_layer() {
    run(games::honest_watcher_beats_a_wrong_node(chain(), 2));
}

#[test]
fn an_honest_watcher_beats_a_node_wrong_at_the_last_layer() {
    run(games::honest_watcher_beats_a_wrong_node(chain(), 3));
}

#[test]
fn an_honest_watcher_beats_a_node_wrong_at_the_decoding() {
    run(games::honest_watcher_beats_a_wrong_node(chain(), 4));
}

#[test]
fn a_dishonest_nodes_image_is_replaced_on_the_nft() {
    run(games::the_nft_gets_the_true_image(chain()));
}

#[test]
fn both_parties_wrong_both_lose_and_the_result_can_still_be_corrected() {
    run(games::both_wrong_both_lose(chain()));
}

#[test]
fn stalling_node_and_stalling_challenger_lose_by_timeout() {
    run(attacks::stalling_parties_lose_by_timeout(chain()));
}

#[test]
fn two_challengers_of_one_result_do_not_block_each_other() {
    run(attacks::two_challengers_on_one_result(chain()));
}

#[test]
fn a_node_challenging_its_own_result_gains_nothing() {
    run(attacks::node_challenging_itself_gains_nothing(chain()));
}

#[test]
fn forged_one_step_proofs_are_refused() {
    run(attacks::forged_proofs_are_refused(chain()));
}

#[test]
fn a_corrected_result_is_challenged_again_in_the_next_round() {
    run(attacks::a_corrected_result_is_challenged_again(chain()));
}

#[test]
fn the_arbiter_cannot_decide_a_verifiable_models_dispute() {
    run(attacks::the_arbiter_cannot_decide_a_game(chain()));
}

#[test]
fn a_layer_is_proven_by_one_block_of_its_rows() {
    run(games::a_layer_proven_by_one_row_block(chain()));
}
