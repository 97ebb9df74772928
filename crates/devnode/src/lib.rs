//! The devchain as a local JSON-RPC node: an HTTP/1.1 server (hyper) answering Ethereum's
//! JSON-RPC methods (alloy's RPC types, single requests and batches, CORS for browsers) by
//! executing the signed raw transactions it receives on an in-process
//! [`Devchain`](stylus_devchain::Devchain). `imo devnode` runs it ([`serve`]); the end-to-end
//! tests start one per test on a free port ([`serve_devchain`]). It lets the RPC path (signing,
//! nonces, the StylusDeployer with the `.initcode` artifacts, receipts, logs) run end to end in CI,
//! where no Nitro node can run.
//!
//! Methods: `eth_chainId`, `net_version`, `net_listening`, `web3_clientVersion`, `eth_accounts`,
//! `eth_syncing`, `eth_blockNumber`, `eth_getBlockByNumber` / `eth_getBlockByHash` (every block,
//! with transaction hashes or whole transactions), `eth_getTransactionByHash`,
//! `eth_getTransactionReceipt`, `eth_feeHistory`, `eth_gasPrice`, `eth_maxPriorityFeePerGas`,
//! `eth_getTransactionCount`, `eth_getBalance`, `eth_getCode`, `eth_getStorageAt`, `eth_call`
//! and `eth_estimateGas` (calls and creations, value, gas, state overrides), `eth_sendRawTransaction`,
//! `eth_getLogs` (ranges, block hash, addresses, topics), log and block filters
//! (`eth_newFilter`, `eth_newBlockFilter`, `eth_getFilterChanges`, `eth_getFilterLogs`,
//! `eth_uninstallFilter`), `eth_sendTransaction` (signed by the node for the dev account and the
//! test accounts, or run from an impersonated account); test methods `evm_increaseTime`,
//! `evm_mine` / `anvil_mine`, `evm_snapshot` / `evm_revert`, `anvil_setBalance`, `anvil_setCode`,
//! `anvil_setNonce`, `anvil_setStorageAt`, `anvil_impersonateAccount`,
//! `anvil_stopImpersonatingAccount` (and their `hardhat_*` twins), `evm_setNextBlockTimestamp`,
//! `anvil_dumpState` / `anvil_loadState`; and the rest of the block-indexed read set
//! (`eth_getBlockReceipts`, transaction counts and transactions by block and index). Multicall3
//! is at its canonical address ([`MULTICALL3_ADDRESS`]); a CacheManager registered with
//! ArbWasmCache at [`cache_manager_address`]. [`serve_with`] adds a state file (`--state`) and
//! interval mining (`--block-time`).
//!
//! Differences from a node: gas price and base fee 0; no mempool: one transaction per block, mined
//! at once, each block one second after the previous one (so that what must wait for the next
//! second, like claiming a RevShare snapshot, can run); the devchain keeps only the latest state,
//! so a call or a state read at another block is refused with an error (never answered with
//! today's state), except `eth_call` at the parent block of a failed transaction, which returns
//! that transaction's revert data (what clients ask to learn why it failed).

#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

mod accounts;
#[cfg(test)]
mod cache_manager_tests;
mod execution;
mod filters;
mod history;
mod methods;
mod persist;
mod queries;

pub use accounts::{test_signers, TEST_ACCOUNTS, TEST_BALANCE_ETH, TEST_MNEMONIC};
pub use methods::{cache_manager_address, CACHE_SIZE, GENESIS_DEPLOYER, MULTICALL3_ADDRESS};

use alloy_json_rpc::{ErrorPayload, Id, Response, ResponsePayload};
use anyhow::Context;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{
    HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_TYPE,
};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response as HttpResponse, StatusCode};
use hyper_util::rt::TokioIo;
use methods::State;
use serde::Deserialize;
use serde_json::Value;
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Starts a devchain behind a JSON-RPC endpoint on 127.0.0.1 (a background thread that lives as
/// long as the process) and returns its `http://` URL. The devchain's `DEV_ACCOUNT` (the nitro
/// devnode's dev key, `0xb6b15c8c…0659`) holds 1,000,000 ETH.
///
/// # Errors
///
/// When no port can be bound or the devchain cannot start.
pub fn serve_devchain() -> anyhow::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    let (ready, started) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("devchain-rpc".into())
        .spawn(move || {
            if let Err(e) = serve(listener, || {
                let _ = ready.send(Ok(()));
            }) {
                let _ = ready.send(Err(e));
            }
        })?;
    started.recv().context("the node's thread ended")??;
    Ok(url)
}

/// Serves a fresh devchain on `listener` on the current thread until the process ends: every
/// request and the devchain run on this one thread (a current-thread runtime); connections are
/// served concurrently. `ready` runs once the devchain is up.
///
/// # Errors
///
/// When the listener cannot be used or the devchain cannot start.
pub fn serve(listener: std::net::TcpListener, ready: impl FnOnce()) -> anyhow::Result<()> {
    serve_with(listener, &NodeOptions::default(), ready)
}

/// How `imo devnode` runs beyond the address it listens on.
#[derive(Clone, Debug, Default)]
pub struct NodeOptions {
    /// `--state FILE`: the chain is read from this file at start (when it exists) and written
    /// to it at every [`Self::state_interval`] and on shutdown.
    pub state_file: Option<PathBuf>,
    /// How often the state is written while the node runs (default 10 s; only when it changed).
    pub state_interval: Option<Duration>,
    /// `--block-time S`: an empty block is mined every `S`, so the chain's clock follows the
    /// wall clock (transactions are still mined at once, each in its own block).
    pub block_time: Option<Duration>,
    /// Stop on Ctrl-C (SIGINT) or SIGTERM, after writing the state file: what the command does.
    /// Off, the node serves until the process ends (the tests' in-process nodes).
    pub stop_on_signals: bool,
}

/// Serves a devchain (fresh, or read from [`NodeOptions::state_file`]) on `listener` on the
/// current thread, as [`serve`] does, with `options`. Returns after a stop signal (when
/// [`NodeOptions::stop_on_signals`]) once the state is written.
///
/// # Errors
///
/// When the listener cannot be used, the devchain cannot start, or the state file cannot be
/// read (a corrupt or foreign file is refused, never replaced) or written.
pub fn serve_with(
    listener: std::net::TcpListener,
    options: &NodeOptions,
    ready: impl FnOnce(),
) -> anyhow::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let listener = {
        let _context = runtime.enter();
        TcpListener::from_std(listener)?
    };
    let state = match &options.state_file {
        Some(path) if path.exists() => State::from_state_file(path)?,
        _ => State::new()?,
    };
    let state = Rc::new(RefCell::new(state));
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        if let Some(path) = &options.state_file {
            // The file exists from the start: a path that cannot be written fails now.
            save(&state, path, &mut Vec::new())?;
        }
        // The handlers are in place before anyone learns the node is up.
        let stop = options
            .stop_on_signals
            .then(StopSignals::install)
            .transpose()?;
        ready();
        tokio::task::spawn_local(accept(listener, state.clone()));
        if let Some(every) = options.block_time.filter(|d| !d.is_zero()) {
            tokio::task::spawn_local(mine_every(every, state.clone()));
        }
        if let Some(path) = options.state_file.clone() {
            let every = options.state_interval.unwrap_or(Duration::from_secs(10));
            tokio::task::spawn_local(save_every(every, path, state.clone()));
        }
        let Some(mut stop) = stop else {
            return std::future::pending().await;
        };
        stop.received().await;
        if let Some(path) = &options.state_file {
            save(&state, path, &mut Vec::new())?;
        }
        Ok(())
    })
}

/// The signals that stop the node: Ctrl-C (SIGINT) and, on Unix, SIGTERM.
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    /// Installs the handlers (from now on these signals no longer end the process at once).
    fn install() -> anyhow::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Waits for one of the signals.
    async fn received(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Writes the state to `path` when it differs from `last` (what was written before).
fn save(state: &RefCell<State>, path: &std::path::Path, last: &mut Vec<u8>) -> anyhow::Result<()> {
    let bytes = state.borrow().to_state_file()?;
    if bytes != *last {
        persist::write_atomically(path, &bytes)?;
        *last = bytes;
    }
    Ok(())
}

/// Writes the state every `every` while it changes; a failed write is reported and retried.
async fn save_every(every: Duration, path: PathBuf, state: Rc<RefCell<State>>) {
    let mut last = Vec::new();
    let mut ticks = tokio::time::interval(every);
    loop {
        ticks.tick().await;
        if let Err(e) = save(&state, &path, &mut last) {
            eprintln!(
                "imo devnode: writing the state to {}: {e:#}",
                path.display()
            );
        }
    }
}

/// Mines an empty block every `every`.
async fn mine_every(every: Duration, state: Rc<RefCell<State>>) {
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    loop {
        ticks.tick().await;
        state.borrow_mut().mine_empty_block(every.as_secs().max(1));
    }
}

/// The funded dev account (nitro-devnode's): 1,000,000 ETH.
pub const DEV_ACCOUNT: alloy_primitives::Address = stylus_devchain::Devchain::DEV_ACCOUNT;

/// The dev account's private key (nitro-devnode's public development key).
pub const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

/// Serves every connection on its own local task.
async fn accept(listener: TcpListener, state: Rc<RefCell<State>>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = state.clone();
        tokio::task::spawn_local(async move {
            let service = service_fn(move |request| answer(state.clone(), request));
            // A broken connection only loses its own requests.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// One HTTP request: its body is a JSON-RPC request or batch; a CORS preflight (`OPTIONS`) is
/// answered for any origin, and every answer allows any origin (a local node for browser dApps
/// and wallets).
async fn answer(
    state: Rc<RefCell<State>>,
    request: Request<Incoming>,
) -> Result<HttpResponse<Full<Bytes>>, Box<dyn std::error::Error + Send + Sync>> {
    let mut response = if request.method() == Method::OPTIONS {
        let mut response = HttpResponse::new(Full::new(Bytes::new()));
        *response.status_mut() = StatusCode::NO_CONTENT;
        response
    } else {
        let (status, reply) = match Limited::new(request.into_body(), MAX_REQUEST_BYTES)
            .collect()
            .await
        {
            Ok(body) => (
                StatusCode::OK,
                rpc(&mut state.borrow_mut(), &body.to_bytes()),
            ),
            Err(e) if e.is::<LengthLimitError>() => (
                StatusCode::PAYLOAD_TOO_LARGE,
                response(
                    Id::None,
                    Err(methods::error(
                        -32600,
                        format!("request over {MAX_REQUEST_BYTES} bytes"),
                    )),
                )
                .to_string(),
            ),
            // The connection broke while the body was read: nobody to answer.
            Err(e) => return Err(e),
        };
        let mut response = HttpResponse::new(Full::new(Bytes::from(reply)));
        *response.status_mut() = status;
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    };
    let headers = response.headers_mut();
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type"),
    );
    Ok(response)
}

/// A JSON-RPC 2.0 call as clients send it (`params` may be absent).
#[derive(Deserialize)]
struct Call {
    #[serde(default)]
    id: Option<Id>,
    method: String,
    #[serde(default)]
    params: Value,
}

/// The largest request body served (a bigger one is answered 413 with a JSON-RPC error).
pub const MAX_REQUEST_BYTES: usize = 8 * 1024 * 1024;

/// The most calls in one batch.
pub const MAX_BATCH: usize = 1_000;

/// The answer to a JSON-RPC body: one response, or an array of them for a batch.
fn rpc(state: &mut State, body: &[u8]) -> String {
    let answer = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Array(batch)) if batch.is_empty() || batch.len() > MAX_BATCH => response(
            Id::None,
            Err(methods::error(
                -32600,
                format!("a batch holds 1 to {MAX_BATCH} calls, not {}", batch.len()),
            )),
        ),
        Ok(Value::Array(batch)) => Value::Array(batch.into_iter().map(|c| one(state, c)).collect()),
        Ok(call) => one(state, call),
        Err(e) => response(
            Id::None,
            Err(methods::error(-32700, format!("parse error: {e}"))),
        ),
    };
    answer.to_string()
}

fn one(state: &mut State, call: Value) -> Value {
    match serde_json::from_value::<Call>(call) {
        Ok(call) => {
            let params = match call.params {
                Value::Array(params) => params,
                Value::Null => Vec::new(),
                other => vec![other],
            };
            response(
                call.id.unwrap_or(Id::None),
                state.handle(&call.method, &params),
            )
        }
        Err(e) => response(
            Id::None,
            Err(methods::error(-32600, format!("invalid request: {e}"))),
        ),
    }
}

fn response(id: Id, result: Result<Value, ErrorPayload<Value>>) -> Value {
    let payload = match result {
        Ok(value) => ResponsePayload::Success(value),
        Err(error) => ResponsePayload::Failure(error),
    };
    serde_json::to_value(Response { id, payload }).unwrap_or(Value::Null)
}
