//! A JSON-RPC facade over an in-process [`Devchain`](stylus_devchain::Devchain): an HTTP/1.1 server
//! (hyper) on 127.0.0.1 answering the Ethereum methods that `RpcBackend` and `imo node` use
//! (alloy's RPC types, single requests and batches), executing the signed raw transactions it
//! receives on a devchain. It lets the RPC path (signing, nonces, the StylusDeployer with the
//! `.initcode` artifacts, receipts, logs) run end to end in CI, where no Nitro node can run.
//!
//! Differences from a node: gas price 0; `eth_estimateGas` runs the call for value-less calls
//! (a revert is reported as the node would) and answers 10,000,000 for creations and calls with
//! value (the devchain has no value-carrying dry run); the gas limit of a transaction is not
//! enforced (the devchain's own limit applies); one transaction per block, each block one second
//! after the previous one (so that what must wait for the next second, like claiming a RevShare
//! snapshot, can run), block hashes are `keccak256(number)`; `eth_call` at the parent block of a failed transaction returns that
//! transaction's revert data; other blocks' `eth_call`s run on the latest state.

mod methods;

use alloy_json_rpc::{ErrorPayload, Id, Response, ResponsePayload};
use anyhow::Context;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::CONTENT_TYPE;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response as HttpResponse};
use hyper_util::rt::TokioIo;
use methods::State;
use serde::Deserialize;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use tokio::net::TcpListener;

/// Starts a devchain behind a JSON-RPC endpoint on 127.0.0.1 (a background thread that lives as
/// long as the process) and returns its `http://` URL. The devchain's `DEV_ACCOUNT` (the nitro
/// devnode's dev key, `0xb6b15c8c…0659`) holds 1,000,000 ETH.
///
/// The devchain and every request run on that one thread (a current-thread runtime with a 256 MiB
/// stack, for the devchain's nested EVM <-> Stylus frames); connections are served concurrently.
///
/// # Errors
///
/// When no port can be bound or the devchain cannot start.
pub fn serve_devchain() -> anyhow::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let url = format!("http://{}", listener.local_addr()?);
    let (ready, started) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("devchain-rpc".into())
        .spawn(move || {
            let setup = || -> anyhow::Result<_> {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                let listener = {
                    let _context = runtime.enter();
                    TcpListener::from_std(listener)?
                };
                Ok((runtime, listener, State::new()?))
            };
            match setup() {
                Ok((runtime, listener, state)) => {
                    let _ = ready.send(Ok(()));
                    let state = Rc::new(RefCell::new(state));
                    tokio::task::LocalSet::new().block_on(&runtime, accept(listener, state));
                }
                Err(e) => {
                    let _ = ready.send(Err(e));
                }
            }
        })?;
    started.recv().context("the facade's thread ended")??;
    Ok(url)
}

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

/// One HTTP request: its body is a JSON-RPC request or batch.
async fn answer(
    state: Rc<RefCell<State>>,
    request: Request<Incoming>,
) -> Result<HttpResponse<Full<Bytes>>, hyper::Error> {
    let body = request.into_body().collect().await?.to_bytes();
    let reply = rpc(&mut state.borrow_mut(), &body);
    let mut response = HttpResponse::new(Full::new(Bytes::from(reply)));
    response.headers_mut().insert(
        CONTENT_TYPE,
        "application/json".parse().expect("a header value"),
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

/// The answer to a JSON-RPC body: one response, or an array of them for a batch.
fn rpc(state: &mut State, body: &[u8]) -> String {
    let answer = match serde_json::from_slice::<Value>(body) {
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
