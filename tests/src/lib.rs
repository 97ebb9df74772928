//! End-to-end scenarios of the IMO contracts, written once against `imo_client::Backend` and run
//! on the in-process devchain (`DevchainBackend`), on the devchain behind a JSON-RPC [`facade`]
//! through `RpcBackend`, or on a Nitro node (`RpcBackend`, when `IMO_RPC_URL` / `IMO_PRIVATE_KEY`
//! are set).

#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

pub mod calldata;
pub mod faults;
pub mod fixtures;
pub mod invariants;
/// The devchain behind JSON-RPC (`imo-devnode`, what `imo devnode` serves).
pub use imo_devnode as facade;
pub mod opml;
pub mod scenarios;
pub mod security;
