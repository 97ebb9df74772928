//! What several IMO Stylus contracts share, in one place, so no contract keeps a private copy.
//!
//! - [`access`]: two-step ownership with OpenZeppelin's ABI and layout (without the dependency).
//! - [`interfaces`]: every Solidity interface one contract calls on another (`sol_interface!`).
//! - [`call`]: call contexts for those interfaces, bounded raw calls and revert data.
//! - [`eth`]: sending ETH, pushing or crediting a payout.
//! - [`credits`]: the pull-payment ledger (refunds, won bonds, node earnings).
//! - [`math`]: checked narrowing between the ABI's 256-bit integers and native ones, 128-bit
//!   `mul_div` and basis points, without ruint's 256-bit division (kilobytes of WASM).
//! - [`lock`]: the reentrancy lock as one combinator.
//! - [`clock`]: the chain's clock, with an offset that tests move.
//! - [`bytes`]: a `bytes` / `string` storage type with Solidity's layout that reads and writes
//!   whole words (the SDK's `StorageBytes` goes byte by byte and pulls in a 256-bit division).
//! - [`log`]: events as raw logs of 32-byte words, for contracts too tight for a generic encoder.
//! - [`erc20`]: `balanceOf` / `transfer` / `transferFrom` on any ERC-20 as raw word calls
//!   (`SafeERC20`'s rule for tokens that return nothing).
//! - [`holder`]: for contracts that hold RevShare tokens for others: the snapshots they can
//!   collect and the calls that collect them.
//! - [`clone`]: EIP-1167 clones of Stylus programs and their one-shot initialization.
//!
//! The crate is `no_std` and has no entrypoint: each contract crate is built for WASM on its own
//! and links what it uses from here.
#![cfg_attr(not(feature = "test-clock"), no_std)]
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod access;
pub mod bytes;
pub mod call;
pub mod clock;
pub mod clone;
pub mod credits;
pub mod erc20;
pub mod eth;
pub mod holder;
pub mod interfaces;
pub mod lock;
pub mod log;
pub mod math;
