//! The collection as a whole: ERC-165, royalties, tokenURI, the owner's settings.

use super::*;

#[motsu::test]
fn supports_every_interface_of_the_spec() {
    let w = World::new();
    let nft = w.nft.sender(w.alice.address());
    for id in [
        0x01ffc9a7u32,
        0x80ac58cd,
        0x5b5e139f,
        0x702c55a6,
        0xfa1a557a,
        0x3f37dce2,
        0x2a55205a,
        0x49064906,
    ] {
        assert!(
            nft.supports_interface(id.to_be_bytes().into()),
            "{id:#010x}"
        );
    }
    assert!(!nft.supports_interface(0xffffffffu32.to_be_bytes().into()));
}

#[motsu::test]
fn royalties_go_to_the_revshare_token_and_the_owner_can_change_them() {
    let w = World::new();
    let id = w.mint(w.alice.address(), b"a cat");
    let (receiver, amount) = w.nft.sender(w.bob.address()).royalty_info(id, u(1_000_000));
    assert_eq!(
        (receiver, amount),
        (w.token.address(), u(1_000_000 * ROYALTY_BPS / 10_000))
    );
    // Floor, and no overflow at the top of the range.
    assert_eq!(
        w.nft.sender(w.bob.address()).royalty_info(id, u(19_999)).1,
        u(999)
    );
    let max = w.nft.sender(w.bob.address()).royalty_info(id, U256::MAX).1;
    assert_eq!(
        max,
        U256::MAX / u(10_000) * u(ROYALTY_BPS)
            + (U256::MAX % u(10_000)) * u(ROYALTY_BPS) / u(10_000)
    );
    w.minter
        .sender(w.owner.address())
        .set_royalty(w.bob.address(), U96::from(10_000u64))
        .motsu_unwrap();
    assert_eq!(
        w.nft.sender(w.bob.address()).royalty_info(id, u(77)),
        (w.bob.address(), u(77))
    );
    let err = w
        .minter
        .sender(w.owner.address())
        .set_royalty(w.bob.address(), U96::from(10_001u64))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ExternalCallFailed(_)));
    let err = w
        .minter
        .sender(w.alice.address())
        .set_royalty(w.bob.address(), U96::from(1u64))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(_)));
}

#[motsu::test]
fn token_uri_is_json_for_any_prompt_bytes() {
    let w = World::new();
    let prompts: [&[u8]; 4] = [
        b"a \"quoted\" cat",
        b"back\\slash and\nnew\r\nlines\t\x01",
        "un chat été 猫".as_bytes(),
        b"invalid \xff\xfe utf-8",
    ];
    for prompt in prompts {
        let id = w.mint(w.alice.address(), prompt);
        w.deliver(id, b"ipfs://x\"y");
        let json = w.metadata(id);
        assert_eq!(json["prompt"], String::from_utf8_lossy(prompt).as_ref());
        assert_eq!(json["aigc_data"], "ipfs://x\"y");
        let image = json["image"].as_str().unwrap();
        assert!(image.starts_with("data:image/svg+xml;base64,"));
        assert_eq!(json["model_hash"], B256::repeat_byte(1).to_string());
        assert_eq!(json["program_hash"], B256::repeat_byte(2).to_string());
        assert_eq!(json["aigc_type"], "image");
        assert_eq!(json["proof_type"], "fraud");
        assert!(json["name"].as_str().unwrap().starts_with("Model Art #0x"));
        assert!(json["description"].is_string());
        // The raw prompt comes back byte for byte from the Enumerable view.
        let raw = w.nft.sender(w.bob.address()).prompt(id).motsu_unwrap();
        assert_eq!(raw.as_bytes(), prompt);
        assert_eq!(w.nft.sender(w.bob.address()).token_id(b(prompt)), id);
    }
}

#[motsu::test]
fn owner_settings_are_owner_only_and_logged() {
    let w = World::new();
    w.minter
        .sender(w.owner.address())
        .set_mint_price(u(5))
        .motsu_unwrap();
    w.minter.assert_emitted(&MintPriceSet { price: u(5) });
    w.minter
        .sender(w.owner.address())
        .set_callback_gas_limit(600_000)
        .motsu_unwrap();
    w.minter
        .assert_emitted(&CallbackGasLimitSet { gasLimit: 600_000 });
    assert_eq!(w.minter.sender(w.bob.address()).mint_price(), u(5));
    assert_eq!(
        w.minter.sender(w.bob.address()).callback_gas_limit(),
        600_000
    );
    assert!(w
        .minter
        .sender(w.bob.address())
        .set_mint_price(u(1))
        .motsu_res()
        .is_err());
    assert!(w
        .minter
        .sender(w.bob.address())
        .set_callback_gas_limit(1)
        .motsu_res()
        .is_err());
    let _: Address = w.minter.sender(w.bob.address()).nft();
}
