//! End-to-end scenarios of the IMO contracts, written once against [`Backend`] and run on the
//! in-process devchain ([`DevchainBackend`], the default) or on a Nitro node ([`RpcBackend`]).
//! The contracts are called through `sol!` bindings generated from `solidity/interfaces/*.sol`.

pub mod backend;
pub mod bindings;
pub mod devchain;
pub mod evm;
pub mod facade;
pub mod imo;
pub mod rpc;
pub mod scenarios;

pub use backend::{Backend, TxReceipt};
pub use devchain::DevchainBackend;
pub use imo::{Config, Contracts, Imo};
pub use rpc::RpcBackend;
