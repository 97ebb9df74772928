//! Every scenario on the in-process devchain, with the exact WASM of `cargo xtask wasm`
//! (scripts/test.sh builds the artifacts before the tests).

use imo_client::DevchainBackend;
use imo_e2e::scenarios;

fn chain() -> DevchainBackend {
    DevchainBackend::new().expect("devchain")
}

#[test]
fn the_whole_lifecycle_ends_with_exact_balances() {
    let summary = scenarios::lifecycle(chain(), false).unwrap_or_else(|e| panic!("{e:#}"));
    assert!(summary.waited_window);
    for (step, gas) in &summary.steps {
        println!("{step:<52} gas {gas:>9}");
    }
    for (account, wei) in &summary.balances {
        println!("{account:<28} {}", scenarios::format_eth(*wei));
    }
    assert!(summary
        .steps
        .iter()
        .any(|(s, _)| s.starts_with("minter.mint")));
    // The node ran the committed generator: the NFT holds imo-model's image for its prompt.
    let generator = imo_model::Model::parse(imo_model::bundled::GENERATOR).unwrap();
    let mut image = [0u8; imo_model::MAX_OUTPUT];
    let n = generator.infer(&summary.nft.prompt, &mut image).unwrap();
    assert_eq!(summary.nft.content, image[..n]);
    assert_eq!(summary.nft.svg.matches("<rect ").count(), 64);
}

#[test]
fn a_callback_requests_a_nested_inference() {
    let gas = scenarios::nested_inference(chain()).unwrap_or_else(|e| panic!("{e:#}"));
    println!("gas: delivery with a nested request {gas}");
}

#[test]
fn the_token_sweep_reenters_the_token_through_the_oracle() {
    let gas = scenarios::sweep_reenters_token(chain()).unwrap_or_else(|e| panic!("{e:#}"));
    println!("gas: snapshot sweeping the oracle {gas}");
}

#[test]
fn a_challenge_is_won_and_another_lost() {
    let gas = scenarios::challenges(chain()).unwrap_or_else(|e| panic!("{e:#}"));
    println!("gas: {gas:?}");
}

#[test]
fn a_reverting_callback_does_not_block_the_result() {
    let gas = scenarios::reverting_callback(chain()).unwrap_or_else(|e| panic!("{e:#}"));
    println!("gas: delivery to a reverting callback {gas}");
}

#[test]
fn value_sent_to_non_payable_methods_reverts() {
    let n = scenarios::value_to_non_payable(chain()).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(n, 6);
}

#[test]
fn malformed_calldata_reverts_on_every_contract() {
    let n = scenarios::malformed_calldata(chain()).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(n, 24);
}
