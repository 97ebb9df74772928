//! The AIGC collection end to end in motsu, with the real AI Oracle (and its verifier), the real
//! RevShare token, the NFT and the renderer: mint -> node delivers -> content attached -> finality
//! -> corrections -> revenue. (Time-dependent finality and the ABI router are covered on the
//! devchain in `tests/devchain.rs`.)

use alloc::{string::String, vec::Vec};

#[path = "../tests/support/base64.rs"]
mod base64;

use alloy_primitives::{aliases::U96, uint, Address, Bytes as AbiBytes, B256, U256};
use alloy_sol_types::{SolEvent, SolValue};
use imo_ai_oracle::AIOracle;
use imo_ai_oracle_verifier::OracleVerifier;
use imo_aigc_nft::{AigcData, AigcNft, MetadataUpdate, Update};
use imo_aigc_renderer::AigcRenderer;
use imo_revshare_token::RevShareToken;
use motsu::prelude::*;
use openzeppelin_stylus::token::{
    common::erc2981::IErc2981,
    erc721::{extensions::IErc721Metadata, IErc721},
};
use openzeppelin_stylus::utils::introspection::erc165::IErc165;
use stylus_sdk::{abi::Bytes, prelude::*, storage::StorageU256};

use super::*;

const MODEL: U256 = uint!(7_U256);
const MODEL_FEE: u64 = 1_000;
const PCT: u64 = 50;
const MIN_GAS_PRICE: u64 = 2;
const CALLBACK_GAS: u64 = 500_000;
const WINDOW: u64 = 3_600;
const BOND: u64 = 500;
const MIN_STAKE: u64 = 10_000;
const PRICE: u64 = 40_000;
const ROYALTY_BPS: u64 = 500;
const RICH: U256 = uint!(1_000_000_000_000_000_U256);

fn u(v: u64) -> U256 {
    U256::from(v)
}

fn b(v: &[u8]) -> Bytes {
    Bytes(v.to_vec())
}

/// An account that accepts ETH.
#[storage]
struct Wallet {
    received: StorageU256,
}

#[public]
impl Wallet {
    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        let v = self.received.get() + self.vm().msg_value();
        self.received.set(v);
        Ok(())
    }
}

unsafe impl TopLevelStorage for Wallet {}

struct World {
    oracle: Contract<AIOracle>,
    verifier: Contract<OracleVerifier>,
    token: Contract<RevShareToken>,
    renderer: Contract<AigcRenderer>,
    nft: Contract<AigcNft>,
    minter: Contract<AigcMinter>,
    owner: Contract<Wallet>,
    node: Contract<Wallet>,
    arbiter: Contract<Wallet>,
    alice: Contract<Wallet>,
    bob: Contract<Wallet>,
}

impl World {
    /// Oracle with one staked node and model `MODEL` paying `PCT`% to the token; Alice holds all
    /// shares; the collection is wired (renderer, minter bound to the NFT).
    fn new() -> Self {
        let w = World {
            oracle: Contract::new(),
            verifier: Contract::new(),
            token: Contract::new(),
            renderer: Contract::new(),
            nft: Contract::new(),
            minter: Contract::new(),
            owner: Contract::new(),
            node: Contract::new(),
            arbiter: Contract::new(),
            alice: Contract::new(),
            bob: Contract::new(),
        };
        let owner = w.owner.address();
        for who in [
            owner,
            w.node.address(),
            w.arbiter.address(),
            w.alice.address(),
            w.bob.address(),
        ] {
            who.fund(RICH);
        }
        w.oracle
            .sender(owner)
            .constructor(
                owner,
                w.verifier.address(),
                WINDOW,
                u(MIN_GAS_PRICE),
                Address::ZERO,
            )
            .motsu_unwrap();
        w.verifier
            .sender(owner)
            .constructor(
                owner,
                w.oracle.address(),
                w.arbiter.address(),
                u(BOND),
                u(MIN_STAKE),
                Address::ZERO,
                Address::ZERO,
            )
            .motsu_unwrap();
        w.verifier
            .sender(owner)
            .add_node(w.node.address())
            .motsu_unwrap();
        w.verifier
            .sender_and_value(w.node.address(), u(MIN_STAKE))
            .stake()
            .motsu_unwrap();
        w.token
            .sender(owner)
            .constructor(
                String::from("Model"),
                String::from("MDL"),
                u(1_000),
                w.alice.address(),
                10_000,
                0,
                2,
                owner,
            )
            .motsu_unwrap();
        w.oracle
            .sender(owner)
            .add_model(
                MODEL,
                B256::repeat_byte(1),
                B256::repeat_byte(2),
                u(MODEL_FEE),
                w.token.address(),
                u(PCT),
                Address::ZERO,
                // No opML program: its disputes go to the arbiter.
                true,
            )
            .motsu_unwrap();
        w.token
            .sender(owner)
            .add_revenue_source(w.oracle.address(), MODEL)
            .motsu_unwrap();
        w.minter
            .sender(owner)
            .constructor(
                w.oracle.address(),
                MODEL,
                w.token.address(),
                u(PRICE),
                CALLBACK_GAS,
                owner,
            )
            .motsu_unwrap();
        w.nft
            .sender(owner)
            .constructor(
                String::from("Model Art"),
                String::from("ART"),
                w.oracle.address(),
                w.renderer.address(),
                w.minter.address(),
                w.token.address(),
                U96::from(ROYALTY_BPS),
            )
            .motsu_unwrap();
        w.minter
            .sender(owner)
            .set_collection(w.nft.address())
            .motsu_unwrap();
        w
    }

    fn fee(&self) -> U256 {
        u(MODEL_FEE + MIN_GAS_PRICE * CALLBACK_GAS)
    }

    fn mint(&self, who: Address, prompt: &[u8]) -> U256 {
        self.minter
            .sender_and_value(who, u(PRICE) + self.fee())
            .mint(b(prompt))
            .motsu_unwrap()
    }

    fn request_of(&self, token_id: U256) -> (U256, u8) {
        self.minter
            .sender(self.alice.address())
            .request_of(token_id)
    }

    fn deliver(&self, token_id: U256, output: &[u8]) {
        let (request_id, _) = self.request_of(token_id);
        self.oracle
            .sender(self.node.address())
            .invoke_callback(request_id, b(output))
            .motsu_unwrap();
    }

    fn content(&self, token_id: U256) -> Vec<u8> {
        let json = self.metadata(token_id);
        json["aigc_data"].as_str().unwrap().as_bytes().to_vec()
    }

    fn metadata(&self, token_id: U256) -> serde_json::Value {
        let uri = self
            .nft
            .sender(self.alice.address())
            .token_uri(token_id)
            .motsu_unwrap();
        let b64 = uri
            .strip_prefix("data:application/json;base64,")
            .expect("data URI");
        serde_json::from_slice(&base64::decode(b64)).expect("metadata is valid JSON")
    }

    fn verify(&self, prompt: &[u8], data: &[u8], proof: &[u8]) -> bool {
        self.nft
            .sender(self.bob.address())
            .verify(b(prompt), b(data), b(proof))
    }
}

fn token_id_of(prompt: &[u8]) -> U256 {
    U256::from_be_bytes(alloy_primitives::keccak256(prompt).0)
}

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
    assert_eq!(state, status::PENDING);
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
fn delivery_attaches_content_and_verify_waits_for_finality() {
    let w = World::new();
    let id = w.mint(w.alice.address(), b"a cat");
    let (request_id, _) = w.request_of(id);
    w.deliver(id, b"ipfs://cat");
    assert_eq!(w.request_of(id).1, status::DELIVERED);
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
    assert_eq!(w.request_of(id).1, status::PENDING);
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
    assert_eq!(w.request_of(id).1, status::FAILED);
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
    assert_eq!(w.request_of(id), (second, status::PENDING));
    let err = w
        .minter
        .sender_and_value(w.alice.address(), w.fee())
        .retry(id)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotRetryable(_)));
    w.deliver(id, b"ipfs://cat");
    assert_eq!(w.content(id), b"ipfs://cat");
}

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
    assert!(matches!(err, Error::Ownable(_)));
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
        assert_eq!(json["image"], "ipfs://x\"y");
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
fn mint_price_and_model_fee_share_are_claimable_after_a_snapshot() {
    let w = World::new();
    w.mint(w.bob.address(), b"a cat");
    w.mint(w.bob.address(), b"a dog");
    let snapshot = w.token.sender(w.alice.address()).snapshot().motsu_unwrap();
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
