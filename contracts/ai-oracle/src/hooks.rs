//! What the verifier calls on the oracle (challenges), and what the oracle asks the verifier (who
//! may deliver).

use alloy_primitives::{aliases::U8, Address, Bytes, B256, U256, U64};
use imo_common::{
    access::OwnableUnauthorizedAccount,
    clock::now,
    interfaces::{
        resolution::{FINAL, NEW_WINDOW, REPLACE, STILL_CHALLENGED},
        IOracleVerifier,
    },
};
use stylus_sdk::prelude::*;

use crate::{
    AIOracle, ChallengeWindowClosed, Error, NoOpenChallenge, NotNode, RequestNotDelivered, Status,
};

impl AIOracle {
    /// The caller, if it is the verifier.
    fn only_verifier(&self) -> Result<Address, Error> {
        let sender = self.vm().msg_sender();
        if sender.is_zero() || sender != self.verifier.get() {
            return Err(Error::UnauthorizedAccount(OwnableUnauthorizedAccount {
                account: sender,
            }));
        }
        Ok(sender)
    }

    /// The caller, if the verifier says it is a whitelisted node with enough stake.
    pub(crate) fn only_staked_node(&self) -> Result<Address, Error> {
        let node = self.vm().msg_sender();
        let verifier = self.verifier.get();
        let active = !verifier.is_zero()
            && IOracleVerifier::new(verifier)
                .is_active_node(self, node)
                .unwrap_or(false);
        if active {
            Ok(node)
        } else {
            Err(Error::NotNode(NotNode { account: node }))
        }
    }

    /// `onChallengeOpened`: marks a delivered result inside its window as challenged (every
    /// challenge of it passes here, the first and the later ones). Returns the node, the result's
    /// hash and the request's commitment `keccak256(abi.encodePacked(modelId, input))`.
    pub(crate) fn open_challenge(
        &mut self,
        request_id: U256,
    ) -> Result<(Address, B256, B256), Error> {
        self.only_verifier()?;
        let r = self.requests.getter(request_id);
        let status = Status::from_stored(r.status.get().to::<u8>());
        if status != Status::Delivered && status != Status::Challenged {
            return Err(Error::RequestNotDelivered(RequestNotDelivered {
                requestId: request_id,
            }));
        }
        if now(self.vm()) >= r.window_end.get().to::<u64>() {
            return Err(Error::ChallengeWindowClosed(ChallengeWindowClosed {
                requestId: request_id,
            }));
        }
        let answer = (r.node.get(), r.output_hash.get(), r.input_hash.get());
        self.requests
            .setter(request_id)
            .status
            .set(U8::from(Status::Challenged as u8));
        Ok(answer)
    }

    /// `onChallengeResolved`: applies the verifier's `resolution` flags
    /// (`imo_common::interfaces::resolution`): the new status (`Corrected` if final, still
    /// `Challenged` while other challenges are played, else `Delivered`), a fresh window, and a
    /// replaced result re-delivered to the callback.
    pub(crate) fn resolve_challenge(
        &mut self,
        request_id: U256,
        resolution: u8,
        output: Bytes,
    ) -> Result<(), Error> {
        let verifier = self.only_verifier()?;
        let r = self.requests.getter(request_id);
        if Status::from_stored(r.status.get().to::<u8>()) != Status::Challenged {
            return Err(Error::NoOpenChallenge(NoOpenChallenge {
                requestId: request_id,
            }));
        }
        let status = if resolution & FINAL != 0 {
            Status::Corrected
        } else if resolution & STILL_CHALLENGED != 0 {
            Status::Challenged
        } else {
            Status::Delivered
        };
        let window_end = now(self.vm()).saturating_add(self.challenge_window.get().to::<u64>());
        let mut w = self.requests.setter(request_id);
        w.status.set(U8::from(status as u8));
        if resolution & NEW_WINDOW != 0 {
            w.window_end.set(U64::from(window_end));
        }
        if resolution & REPLACE == 0 {
            return Ok(());
        }
        self.publish(request_id, verifier, output)
    }
}
