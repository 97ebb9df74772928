//! A JSON-RPC endpoint that fails on purpose: an HTTP proxy in front of a node that, for a
//! chosen share of requests, drops the connection, answers 503 or a JSON-RPC error, stalls and
//! drops, or forwards the request and then loses the answer (the request took effect, the
//! client never hears: a transaction sent "in the dark"). For testing clients such as `imo
//! node` under faults.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What happens to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    /// Forwarded, answer returned.
    Pass,
    /// The connection is closed without an answer; the node never sees the request.
    Drop,
    /// `503 Service Unavailable`.
    Unavailable,
    /// A JSON-RPC error answer (`-32603`).
    RpcError,
    /// Held for a while, then closed without an answer.
    Stall,
    /// Forwarded (it takes effect), then the connection is closed without the answer.
    LoseAnswer,
}

const FAULTS: [Fault; 5] = [
    Fault::Drop,
    Fault::Unavailable,
    Fault::RpcError,
    Fault::Stall,
    Fault::LoseAnswer,
];

/// The proxy (it runs until the process ends).
pub struct FaultProxy {
    /// Its `http://` URL.
    pub url: String,
    rate: Arc<AtomicU32>,
    seen: Arc<Mutex<BTreeMap<Fault, u64>>>,
}

impl FaultProxy {
    /// Starts a proxy to `upstream` (an `http://host:port` URL) that fails `percent` % of the
    /// requests, the faults chosen in turn by a generator seeded with `seed`.
    ///
    /// # Errors
    ///
    /// When no port can be bound.
    pub fn start(upstream: &str, percent: u32, seed: u64) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}", listener.local_addr()?);
        let upstream = upstream.trim_start_matches("http://").to_string();
        let rate = Arc::new(AtomicU32::new(percent));
        let seen = Arc::new(Mutex::new(BTreeMap::new()));
        let (rate2, seen2) = (rate.clone(), seen.clone());
        std::thread::Builder::new()
            .name("fault-proxy".into())
            .spawn(move || {
                let mut state = seed | 1;
                for stream in listener.incoming().flatten() {
                    // xorshift64: a fault decision per connection.
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let fault = if (state % 100) < u64::from(rate2.load(Ordering::Relaxed)) {
                        FAULTS[((state >> 8) % FAULTS.len() as u64) as usize]
                    } else {
                        Fault::Pass
                    };
                    let upstream = upstream.clone();
                    let seen = seen2.clone();
                    std::thread::spawn(move || {
                        if serve(stream, &upstream, fault).is_ok() {
                            if let Ok(mut seen) = seen.lock() {
                                *seen.entry(fault).or_insert(0) += 1;
                            }
                        }
                    });
                }
            })?;
        Ok(Self { url, rate, seen })
    }

    /// Changes the share of failed requests.
    pub fn set_rate(&self, percent: u32) {
        self.rate.store(percent, Ordering::Relaxed);
    }

    /// How many requests met each fault so far.
    pub fn seen(&self) -> BTreeMap<Fault, u64> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// Reads one HTTP request (head and `Content-Length` body); returns the body.
fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Vec<u8>> {
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(body)
}

/// Sends `body` upstream as a one-request connection; returns the whole answer.
fn forward(upstream: &str, body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut up = TcpStream::connect(upstream)?;
    write!(
        up,
        "POST / HTTP/1.1\r\nHost: {upstream}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    up.write_all(body)?;
    let mut answer = Vec::new();
    up.read_to_end(&mut answer)?;
    Ok(answer)
}

/// Serves one connection's first request with `fault` and closes it.
fn serve(stream: TcpStream, upstream: &str, fault: Fault) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let body = read_request(&mut reader)?;
    let mut client = stream;
    let answer: Vec<u8> = match fault {
        Fault::Drop => return Ok(()),
        Fault::Stall => {
            std::thread::sleep(Duration::from_millis(500));
            return Ok(());
        }
        Fault::LoseAnswer => {
            forward(upstream, &body)?;
            return Ok(());
        }
        Fault::Unavailable => {
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .to_vec()
        }
        Fault::RpcError => {
            let id = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(serde_json::Value::Null);
            let json = serde_json::json!({
                "jsonrpc": "2.0",
                "id": id,
                "error": {"code": -32603, "message": "injected fault"}
            })
            .to_string();
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{json}",
                json.len()
            )
            .into_bytes()
        }
        Fault::Pass => {
            let answer = forward(upstream, &body)?;
            // The answer ends this connection: say so, so that the client opens a new one.
            match answer.windows(2).position(|w| w == b"\r\n") {
                Some(end) => {
                    let mut out = answer[..end + 2].to_vec();
                    out.extend_from_slice(b"connection: close\r\n");
                    out.extend_from_slice(&answer[end + 2..]);
                    out
                }
                None => answer,
            }
        }
    };
    client.write_all(&answer)?;
    client.flush()
}
