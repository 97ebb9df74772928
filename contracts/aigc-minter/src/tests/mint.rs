//! Mints: payments, the price to the token, the oracle fee, credits, binding the collection.

use super::*;

#[motsu::test]
fn mint_pays_price_to_the_token_and_fee_to_the_oracle_and_mints_pending() {
    let w = World::new();
    let id = w.mint(w.alice.address(), b"a cat");
    assert_eq!(id, token_id_of(b"a cat"));
    assert_eq!(
        w.nft.sender(w.bob.address()).owner_of(id).motsu_unwrap(),
        w.alice.address()
    );
    let (request_id, state) = w.request_of(id);
    assert_eq!(state, Status::Pending as u8);
    assert_eq!(w.token.balance(), u(PRICE));
    assert_eq!(w.oracle.balance(), w.fee());
    w.minter.assert_emitted(&Minted {
        tokenId: id,
        minter: w.alice.address(),
        requestId: request_id,
        price: u(PRICE),
        fee: w.fee(),
    });
    assert!(w.content(id).is_empty(), "content pending");
    assert!(!w.verify(b"a cat", b"", b""));
}

#[motsu::test]
fn a_prompt_can_be_minted_once() {
    let w = World::new();
    w.mint(w.alice.address(), b"a cat");
    let err = w
        .minter
        .sender_and_value(w.bob.address(), u(PRICE) + w.fee())
        .mint(b(b"a cat"))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ExternalCallFailed(_)), "{err:?}");
    let Error::ExternalCallFailed(ExternalCallFailed { reason, .. }) = err else {
        unreachable!()
    };
    let expected: Vec<u8> =
        imo_aigc_nft::Error::PromptAlreadyMinted(imo_aigc_nft::PromptAlreadyMinted {
            tokenId: token_id_of(b"a cat"),
        })
        .into();
    assert_eq!(reason.to_vec(), expected);
}

#[motsu::test]
fn too_little_value_is_rejected_with_the_required_amount() {
    let w = World::new();
    let required = u(PRICE) + w.fee();
    let err = w
        .minter
        .sender_and_value(w.alice.address(), required - u(1))
        .mint(b(b"a cat"))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InsufficientPayment(InsufficientPayment { required: r, sent }) if r == required && sent == required - u(1)
    ));
    assert_eq!(
        w.minter
            .sender(w.alice.address())
            .mint_cost()
            .motsu_unwrap(),
        required
    );
}

#[motsu::test]
fn overpayment_is_credited_and_withdrawable() {
    let w = World::new();
    let extra = u(12_345);
    w.minter
        .sender_and_value(w.alice.address(), u(PRICE) + w.fee() + extra)
        .mint(b(b"a cat"))
        .motsu_unwrap();
    assert_eq!(
        w.minter
            .sender(w.bob.address())
            .refund_of(w.alice.address()),
        extra
    );
    let before = w.alice.balance();
    w.minter
        .sender(w.alice.address())
        .withdraw_refund()
        .motsu_unwrap();
    assert_eq!(w.alice.balance() - before, extra);
    assert_eq!(w.minter.balance(), U256::ZERO);
    let err = w
        .minter
        .sender(w.alice.address())
        .withdraw_refund()
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NothingToWithdraw(_)));
}

#[motsu::test]
fn the_collection_is_bound_once_and_mint_needs_it() {
    let w = World::new();
    let err = w
        .minter
        .sender(w.owner.address())
        .set_collection(w.bob.address())
        .motsu_unwrap_err();
    assert!(matches!(err, Error::CollectionAlreadySet(_)));
    let fresh: Contract<AigcMinter> = Contract::new();
    fresh
        .sender(w.owner.address())
        .constructor(
            w.oracle.address(),
            MODEL,
            w.token.address(),
            u(PRICE),
            CALLBACK_GAS,
            w.owner.address(),
        )
        .motsu_unwrap();
    let err = fresh
        .sender_and_value(w.alice.address(), u(PRICE) + w.fee())
        .mint(b(b"a cat"))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::CollectionNotSet(_)));
}

#[motsu::test]
fn mint_price_and_model_fee_share_are_claimable_after_a_snapshot() {
    let w = World::new();
    w.mint(w.bob.address(), b"a cat");
    w.mint(w.bob.address(), b"a dog");
    // A snapshot: at most one per second, final once its second is over.
    imo_common::clock::advance(1);
    let snapshot = w.token.sender(w.alice.address()).snapshot().motsu_unwrap();
    imo_common::clock::advance(1);
    let expected = u(2 * PRICE + 2 * MODEL_FEE * PCT / 100);
    assert_eq!(
        w.token.sender(w.alice.address()).claimable_at(snapshot),
        expected
    );
    let before = w.alice.balance();
    w.token
        .sender(w.alice.address())
        .claim(snapshot)
        .motsu_unwrap();
    assert_eq!(w.alice.balance() - before, expected);
}
