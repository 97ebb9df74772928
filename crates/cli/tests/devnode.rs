//! `imo devnode` as a developer runs it: the process prints its URL, answers JSON-RPC (including
//! a browser's CORS preflight and the node-information methods), and `imo deploy` deploys the
//! whole system through it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// The nitro devnode's public development key (the devnode funds its account).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

struct Devnode(Child);

impl Drop for Devnode {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `imo devnode --port 0` and returns it with its URL (the first line it prints).
fn start() -> (Devnode, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_imo"))
        .args(["devnode", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let url = lines.next().expect("a first line").unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let banner = lines.next().expect("the banner").unwrap();
    assert!(
        banner.contains("412346") && banner.contains("1,000,000 ETH"),
        "{banner}"
    );
    // Keep reading what the node prints for as long as it runs.
    std::thread::spawn(move || lines.for_each(drop));
    (Devnode(child), url)
}

/// One raw HTTP/1.1 exchange (what a browser sends), returning the whole response.
fn http(url: &str, method: &str, body: &str) -> String {
    let host = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "{method} / HTTP/1.1\r\nHost: {host}\r\nOrigin: http://localhost:3000\r\n\
         Access-Control-Request-Method: POST\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn rpc(url: &str, method: &str, params: &str) -> serde_json::Value {
    let body = format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{method}","params":{params}}}"#);
    let response = http(url, "POST", &body);
    let json = response.split("\r\n\r\n").nth(1).expect("a body");
    serde_json::from_str(json).unwrap()
}

#[test]
fn devnode_serves_json_rpc_browsers_and_imo_deploy() {
    let (_node, url) = start();
    // A browser's preflight, then a request from that origin.
    let preflight = http(&url, "OPTIONS", "");
    assert!(preflight.starts_with("HTTP/1.1 204"), "{preflight}");
    assert!(
        preflight
            .to_lowercase()
            .contains("access-control-allow-origin: *"),
        "{preflight}"
    );
    assert_eq!(rpc(&url, "eth_chainId", "[]")["result"], "0x64aba");
    assert_eq!(rpc(&url, "net_version", "[]")["result"], "412346");
    assert!(rpc(&url, "web3_clientVersion", "[]")["result"]
        .as_str()
        .unwrap()
        .starts_with("imo-devnode/"));
    assert_eq!(
        rpc(&url, "eth_accounts", "[]")["result"][0]
            .as_str()
            .unwrap()
            .to_lowercase(),
        "0x3f1eae7d46d88f08fc2f8ed27fcb2ab183eb2d0e"
    );
    assert_eq!(rpc(&url, "eth_syncing", "[]")["result"], false);
    let unknown = rpc(&url, "eth_mining", "[]");
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // Time moves on request (test methods, as anvil's): the next block is an hour later.
    let before =
        rpc(&url, "eth_getBlockByNumber", r#"["latest", false]"#)["result"]["timestamp"].clone();
    rpc(&url, "evm_increaseTime", "[3600]");
    rpc(&url, "evm_mine", "[]");
    let after =
        rpc(&url, "eth_getBlockByNumber", r#"["latest", false]"#)["result"]["timestamp"].clone();
    let secs = |v: &serde_json::Value| {
        u64::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
    };
    assert_eq!(secs(&after), secs(&before) + 3600);

    // The whole system deploys through it, and its code is there.
    let out = Command::new(env!("CARGO_BIN_EXE_imo"))
        .args(["deploy", "--rpc", &url, "--private-key", DEV_KEY])
        .env_remove("IMO_PRIVATE_KEY")
        .env_remove("IMO_RPC_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let addresses: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let oracle = addresses["oracle"].as_str().unwrap();
    let code = rpc(&url, "eth_getCode", &format!(r#"["{oracle}", "latest"]"#));
    assert!(code["result"].as_str().unwrap().len() > 1_000, "{code}");
    // Slot 0 of the oracle (its owner, Ownable2Step's first field) holds the deployer.
    let owner = rpc(
        &url,
        "eth_getStorageAt",
        &format!(r#"["{oracle}", "0x0", "latest"]"#),
    );
    assert!(
        owner["result"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .ends_with("3f1eae7d46d88f08fc2f8ed27fcb2ab183eb2d0e"),
        "{owner}"
    );
}
