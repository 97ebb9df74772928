//! Client library of the IMO contracts, used by the `imo` command line and the end-to-end suite:
//!
//! - [`Backend`]: the few operations every chain offers (accounts, Stylus and EVM deployments,
//!   transactions, calls, balances, time), over the in-process devchain ([`DevchainBackend`]) or a
//!   node's JSON-RPC ([`RpcBackend`], alloy's provider);
//! - [`Imo`]: the contracts deployed from `target/stylus` and wired, with typed calls through
//!   the `sol!` [`bindings`] of `solidity/interfaces/*.sol`;
//! - [`node`]: the inference node (`imo node`): the real `imo-model` networks behind the
//!   [`node::Model`] trait, answering the oracle's requests;
//! - [`game`]: a party to an opML dispute game (traces, every move, the one-step proofs) and
//!   the test-only dishonest node;
//! - [`watch`]: the watcher (`imo watch`): re-executes results, challenges, plays games;
//! - [`fraud_proof`]: the demo's fraud proof (a wrong image disputed and replaced);
//! - [`launch`]: the launchpad and a launch's parameters (`imo launch`);
//! - [`lifecycle`]: the whole IMO lifecycle, checked to the wei (what `imo demo` narrates), and
//!   [`sales`]: the offering's two sales (an oversubscribed one, a failed one).

#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

pub mod artifacts;
pub mod backend;
pub mod bindings;
mod calls;
pub mod config;
pub mod devchain;
pub mod evm;
pub mod fraud_proof;
pub mod game;
pub mod imo;
pub mod launch;
pub mod lifecycle;
pub mod metadata;
pub mod node;
pub mod revert;
pub mod rpc;
pub mod sales;
pub mod watch;

pub use backend::{Backend, TxReceipt};
pub use calls::request_id;
pub use config::{Config, Contracts, ETHER, GWEI};
pub use devchain::DevchainBackend;
pub use imo::{Imo, Step};
pub use revert::decode_revert;
pub use rpc::RpcBackend;
