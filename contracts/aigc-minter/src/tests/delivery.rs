//! Deliveries: content attached, corrected, repeated; who may call back; failed generations and retries.

use super::*;

#[motsu::test]
fn delivery_attaches_content_and_verify_waits_for_finality() {
    let w = World::new();
    let id = w.mint(w.alice.address(), b"a cat");
    let (request_id, _) = w.request_of(id);
    w.deliver(id, b"ipfs://cat");
    assert_eq!(w.request_of(id).1, Status::Delivered as u8);
    assert_eq!(w.content(id), b"ipfs://cat");
    w.nft.assert_emitted(&AigcData {
        tokenId: id,
        prompt: alloy_primitives::keccak256(b"a cat"),
        aigcData: alloy_primitives::keccak256(b"ipfs://cat"),
        proof: request_id.abi_encode().into(),
    });
    w.nft.assert_emitted(&MetadataUpdate { _tokenId: id });
    // Inside the challenge window the oracle does not call it final.
    assert!(!w.oracle.sender(w.bob.address()).is_finalized(request_id));
    assert!(!w.verify(b"a cat", b"ipfs://cat", b""));
    assert!(!w.verify(b"a cat", b"ipfs://dog", b""));
}

#[motsu::test]
fn a_won_challenge_replaces_the_content_and_only_the_new_content_verifies() {
    let w = World::new();
    let id = w.mint(w.alice.address(), b"a cat");
    let (request_id, _) = w.request_of(id);
    w.deliver(id, b"ipfs://wrong");
    w.verifier
        .sender_and_value(w.bob.address(), u(BOND))
        .challenge(
            request_id,
            alloy_primitives::keccak256(b"ipfs://cat"),
            MODEL,
            b(b"a cat"),
        )
        .motsu_unwrap();
    w.verifier
        .sender(w.arbiter.address())
        .resolve_challenge(
            request_id,
            true,
            AbiBytes::from_static(b"ipfs://cat").into(),
        )
        .motsu_unwrap();
    assert_eq!(w.content(id), b"ipfs://cat");
    w.nft.assert_emitted(&Update {
        tokenId: id,
        prompt: alloy_primitives::keccak256(b"a cat"),
        aigcData: alloy_primitives::keccak256(b"ipfs://cat"),
    });
    w.minter.assert_emitted(&GenerationDelivered {
        tokenId: id,
        requestId: request_id,
        correction: true,
    });
    assert!(w.verify(b"a cat", b"ipfs://cat", b""));
    assert!(w.verify(b"a cat", b"ipfs://cat", &request_id.abi_encode()));
    assert!(
        !w.verify(b"a cat", b"ipfs://cat", &(request_id + u(1)).abi_encode()),
        "wrong proof"
    );
    assert!(
        !w.verify(b"a cat", b"ipfs://cat", b"short"),
        "malformed proof"
    );
    assert!(
        !w.verify(b"a cat", b"ipfs://wrong", b""),
        "replaced content"
    );
}

#[motsu::test]
fn the_same_delivery_again_changes_nothing() {
    let w = World::new();
    let id = w.mint(w.alice.address(), b"a cat");
    let (request_id, _) = w.request_of(id);
    w.deliver(id, b"ipfs://cat");
    let before = w.nft.all_events().len();
    w.oracle
        .sender(w.bob.address())
        .update_result(request_id, AbiBytes::from_static(b"ipfs://cat").into())
        .motsu_unwrap();
    let nft_events = w.nft.all_events();
    assert!(
        !nft_events[before..]
            .iter()
            .any(|e| e.topics()[0] == Update::SIGNATURE_HASH),
        "no Update for identical content"
    );
    assert_eq!(w.content(id), b"ipfs://cat");
}

#[motsu::test]
fn only_the_oracle_can_call_back() {
    let w = World::new();
    let id = w.mint(w.alice.address(), b"a cat");
    let (request_id, _) = w.request_of(id);
    let err = w
        .minter
        .sender(w.bob.address())
        .ai_oracle_callback(request_id, b(b"fake"), b(&id.abi_encode()))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotOracle(NotOracle { caller }) if caller == w.bob.address()));
    let err = w
        .minter
        .sender(w.bob.address())
        .ai_oracle_callback_error(request_id, 0, b(b""), b(&id.abi_encode()))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotOracle(_)));
}

#[motsu::test]
fn a_foreign_request_cannot_write_another_token() {
    let w = World::new();
    let id = w.mint(w.alice.address(), b"a cat");
    // Bob asks the oracle directly, naming the minter as callback and Alice's token as data.
    let fee = w.fee();
    let foreign = w
        .oracle
        .sender_and_value(w.bob.address(), fee)
        .request_callback(
            MODEL,
            b(b"x"),
            w.minter.address(),
            CALLBACK_GAS,
            b(&id.abi_encode()),
        )
        .motsu_unwrap();
    w.oracle
        .sender(w.node.address())
        .invoke_callback(foreign, b(b"ipfs://evil"))
        .motsu_unwrap();
    // The oracle records the failed callback; the token is untouched.
    assert!(w.content(id).is_empty());
    assert_eq!(w.request_of(id).1, Status::Pending as u8);
}

#[motsu::test]
fn content_cannot_be_added_or_updated_directly() {
    let w = World::new();
    let id = w.mint(w.alice.address(), b"a cat");
    let err = w
        .nft
        .sender(w.alice.address())
        .add_aigc_data(id, b(b"a cat"), b(b"mine"), b(&U256::ZERO.abi_encode()))
        .motsu_unwrap_err();
    assert!(matches!(err, imo_aigc_nft::Error::NotMinter(_)));
    let err = w
        .nft
        .sender(w.alice.address())
        .update(b(b"a cat"), b(b"mine"))
        .motsu_unwrap_err();
    assert!(matches!(err, imo_aigc_nft::Error::NotMinter(_)));
    let err = w
        .nft
        .sender(w.alice.address())
        .mint_to(w.alice.address(), b(b"x"))
        .motsu_unwrap_err();
    assert!(matches!(err, imo_aigc_nft::Error::NotMinter(_)));
}

#[motsu::test]
fn verify_is_false_for_unknown_prompts_without_reverting() {
    let w = World::new();
    assert!(!w.verify(b"never minted", b"", b""));
    assert!(!w.verify(b"", b"", b""));
}

#[motsu::test]
fn a_failed_generation_can_be_retried_by_the_holder() {
    let w = World::new();
    let id = w.mint(w.alice.address(), b"a cat");
    let (first, _) = w.request_of(id);
    w.oracle
        .sender(w.node.address())
        .feedback_error(first, 0, AbiBytes::from_static(b"bad input").into())
        .motsu_unwrap();
    assert_eq!(w.request_of(id).1, Status::Failed as u8);
    w.minter.assert_emitted(&GenerationFailed {
        tokenId: id,
        requestId: first,
        code: 0,
        message: AbiBytes::from_static(b"bad input"),
    });
    let err = w
        .minter
        .sender_and_value(w.bob.address(), w.fee())
        .retry(id)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotTokenHolder(_)));
    let err = w
        .minter
        .sender_and_value(w.alice.address(), w.fee() - u(1))
        .retry(id)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InsufficientPayment(_)));
    let second = w
        .minter
        .sender_and_value(w.alice.address(), w.fee())
        .retry(id)
        .motsu_unwrap();
    assert_ne!(second, first);
    assert_eq!(w.request_of(id), (second, Status::Pending as u8));
    let err = w
        .minter
        .sender_and_value(w.alice.address(), w.fee())
        .retry(id)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotRetryable(_)));
    w.deliver(id, b"ipfs://cat");
    assert_eq!(w.content(id), b"ipfs://cat");
}
