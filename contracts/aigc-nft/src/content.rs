//! Tokens and their content: minting a prompt, attaching and replacing the oracle's output,
//! and ERC-7007 verification.

use alloc::vec::Vec;

use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::SolValue;
use imo_common::interfaces::IAIOracle;
use stylus_sdk::prelude::*;

use crate::{
    AigcData, AigcDataAlreadyAdded, AigcDataMissing, AigcNft, Error, InvalidProof, MetadataUpdate,
    NotMinter, PromptAlreadyMinted, PromptMismatch, Update,
};

impl AigcNft {
    /// Mints the token of `prompt` to `to`, content pending.
    pub(crate) fn mint_prompt(&mut self, to: Address, prompt: &[u8]) -> Result<U256, Error> {
        let token_id = self.token_id_of(prompt);
        if !self.erc721._owner_of(token_id).is_zero() {
            return Err(Error::PromptAlreadyMinted(PromptAlreadyMinted {
                tokenId: token_id,
            }));
        }
        self.tokens.setter(token_id).prompt.set_bytes(prompt);
        self.erc721._mint(to, token_id)?;
        Ok(token_id)
    }

    /// Attaches the first content of `token_id`, produced by the request in `proof`.
    pub(crate) fn add_content(
        &mut self,
        token_id: U256,
        prompt: &[u8],
        aigc_data: &[u8],
        proof: Bytes,
    ) -> Result<(), Error> {
        self.check_prompt(token_id, prompt)?;
        let request_id = decode_proof(&proof).ok_or(Error::InvalidProof(InvalidProof {}))?;
        let (prompt_hash, data_hash) = (self.keccak(prompt), self.keccak(aigc_data));
        let mut token = self.tokens.setter(token_id);
        if !token.aigc_hash.get().is_zero() {
            return Err(Error::AigcDataAlreadyAdded(AigcDataAlreadyAdded {
                tokenId: token_id,
            }));
        }
        token.aigc_data.set_bytes(aigc_data);
        token.aigc_hash.set(U256::from_be_bytes(data_hash.0));
        token.request_id.set(request_id);
        log(
            self.vm(),
            AigcData {
                tokenId: token_id,
                prompt: prompt_hash,
                aigcData: data_hash,
                proof,
            },
        );
        log(self.vm(), MetadataUpdate { _tokenId: token_id });
        Ok(())
    }

    /// Replaces the content of the token of `prompt`; the same content again does nothing.
    pub(crate) fn replace_content(&mut self, prompt: &[u8], aigc_data: &[u8]) -> Result<(), Error> {
        let token_id = self.token_id_of(prompt);
        self.erc721._require_owned(token_id)?;
        let (prompt_hash, hash) = (self.keccak(prompt), self.keccak(aigc_data));
        let mut token = self.tokens.setter(token_id);
        let current = token.aigc_hash.get();
        if current.is_zero() {
            return Err(Error::AigcDataMissing(AigcDataMissing {
                tokenId: token_id,
            }));
        }
        if current == U256::from_be_bytes(hash.0) {
            return Ok(());
        }
        token.aigc_data.set_bytes(aigc_data);
        token.aigc_hash.set(U256::from_be_bytes(hash.0));
        log(
            self.vm(),
            Update {
                tokenId: token_id,
                prompt: prompt_hash,
                aigcData: hash,
            },
        );
        log(self.vm(), MetadataUpdate { _tokenId: token_id });
        Ok(())
    }

    /// ERC-7007 `verify`: exists, same content, matching (or empty) proof, and final at the oracle.
    pub(crate) fn verify_content(&self, prompt: &[u8], aigc_data: &[u8], proof: &[u8]) -> bool {
        let token_id = self.token_id_of(prompt);
        if self.erc721._owner_of(token_id).is_zero() {
            return false;
        }
        let token = self.tokens.getter(token_id);
        let stored = token.aigc_hash.get();
        if stored.is_zero() || stored != U256::from_be_bytes(self.keccak(aigc_data).0) {
            return false;
        }
        let request_id = token.request_id.get();
        if !proof.is_empty() && decode_proof(proof) != Some(request_id) {
            return false;
        }
        IAIOracle::new(self.oracle.get())
            .is_finalized(self, request_id)
            .unwrap_or(false)
    }

    /// `keccak256` through the host (cheaper in ink and code than a WASM keccak).
    pub(crate) fn keccak(&self, bytes: &[u8]) -> B256 {
        self.vm().native_keccak256(bytes)
    }

    /// `uint256(keccak256(prompt))`.
    pub(crate) fn token_id_of(&self, prompt: &[u8]) -> U256 {
        U256::from_be_bytes(self.keccak(prompt).0)
    }

    /// Fails unless the caller is the collection's minter.
    pub(crate) fn only_minter(&self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.minter.get() || caller.is_zero() {
            return Err(Error::NotMinter(NotMinter { caller }));
        }
        Ok(())
    }

    /// Fails unless `prompt` is the prompt of the existing token `token_id`.
    fn check_prompt(&self, token_id: U256, prompt: &[u8]) -> Result<(), Error> {
        if self.token_id_of(prompt) != token_id {
            return Err(Error::PromptMismatch(PromptMismatch { tokenId: token_id }));
        }
        self.erc721._require_owned(token_id)?;
        Ok(())
    }
}

/// The request id in a proof that is exactly `abi.encode(uint256)`.
fn decode_proof(proof: &[u8]) -> Option<U256> {
    (proof.len() == 32).then(|| U256::from_be_slice(proof))
}

/// `abi.encode(requestId)`: the proof the minter passes with content.
#[must_use]
pub fn encode_proof(request_id: U256) -> Vec<u8> {
    request_id.abi_encode()
}
