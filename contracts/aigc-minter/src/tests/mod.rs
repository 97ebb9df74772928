//! The AIGC collection end to end in motsu, with the real AI Oracle (and its verifier), the real
//! RevShare token, the NFT and the renderer: mint -> node delivers -> content attached -> finality
//! -> corrections -> revenue. (Time-dependent finality and the ABI router are covered on the
//! devchain in `tests/devchain.rs`.)

use alloc::{string::String, vec::Vec};

#[path = "../../tests/support/base64.rs"]
mod base64;

use alloy_primitives::{aliases::U96, uint, Address, Bytes as AbiBytes, B256, U256};
use alloy_sol_types::{SolEvent, SolValue};
use imo_ai_oracle::AIOracle;
use imo_ai_oracle_verifier::OracleVerifier;
use imo_aigc_nft::{AigcData, AigcNft, MetadataUpdate, Update};
use imo_aigc_renderer::AigcRenderer;
use imo_revshare_token::RevShareToken;
use imo_testkit::Wallet;
use motsu::prelude::*;
use openzeppelin_stylus::token::{
    common::erc2981::IErc2981,
    erc721::{extensions::IErc721Metadata, IErc721},
};
use openzeppelin_stylus::utils::introspection::erc165::IErc165;
use stylus_sdk::abi::Bytes;

use super::*;

mod collection;
mod delivery;
mod mint;

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
