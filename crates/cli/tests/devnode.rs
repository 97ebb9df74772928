//! `imo devnode` as a developer runs it: the process prints its URL, answers JSON-RPC (including
//! a browser's CORS preflight and the node-information methods), and `imo deploy` deploys the
//! whole system through it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use alloy_sol_types::{sol, SolCall};

sol! {
    function allCacheManagers() external view returns (address[] memory managers);
    function codehashIsCached(bytes32 codehash) external view returns (bool);
    function placeBid(address program) external payable;
    function getMinBid(address program) external view returns (uint192 min);
    function totalSupply() external view returns (uint256);
}

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
    start_with(&[])
}

/// [`start`] with more arguments.
fn start_with(args: &[&str]) -> (Devnode, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_imo"))
        .args(["devnode", "--port", "0"])
        .args(args)
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

/// `imo deploy` through the node at `url`: the deployed addresses.
fn deploy(url: &str) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_imo"))
        .args(["deploy", "--rpc", url, "--private-key", DEV_KEY])
        .env_remove("IMO_PRIVATE_KEY")
        .env_remove("IMO_RPC_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Sends `signal` (`TERM`, `INT`) to the node and waits for it to exit; its exit status.
fn stop(node: &mut Devnode, signal: &str) -> std::process::ExitStatus {
    let pid = node.0.id().to_string();
    let killed = Command::new("kill")
        .args([format!("-{signal}"), pid])
        .status()
        .unwrap();
    assert!(killed.success());
    node.0.wait().unwrap()
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
    let accounts = rpc(&url, "eth_accounts", "[]")["result"].clone();
    assert_eq!(
        accounts[0].as_str().unwrap().to_lowercase(),
        "0x3f1eae7d46d88f08fc2f8ed27fcb2ab183eb2d0e"
    );
    // Then the test accounts of anvil's and Hardhat's mnemonic.
    assert_eq!(
        accounts[1].as_str().unwrap().to_lowercase(),
        "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
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
    let addresses = deploy(&url);
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

#[test]
fn a_restart_from_the_state_file_keeps_every_balance_contract_and_block() {
    let dir = std::env::temp_dir().join(format!("imo-devnode-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("chain.json");
    let _ = std::fs::remove_file(&file);
    let path = file.to_str().unwrap();

    let (mut node, url) = start_with(&["--state", path]);
    let addresses = deploy(&url);
    let token = addresses["token"].as_str().unwrap().to_string();
    // A transfer the node signs for a test account.
    let sent = rpc(
        &url,
        "eth_sendTransaction",
        r#"[{"from": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
             "to": "0x00000000000000000000000000000000000000aa", "value": "0x2a"}]"#,
    );
    let hash = sent["result"]
        .as_str()
        .expect("a transaction hash")
        .to_string();
    // What a restart must keep: a Stylus view (the token's totalSupply), balances, code, blocks.
    let total_supply = format!(r#"[{{"to": "{token}", "data": "0x18160ddd"}}, "latest"]"#);
    let observe = |url: &str| {
        [
            rpc(url, "eth_call", &total_supply)["result"].clone(),
            rpc(
                url,
                "eth_getBalance",
                r#"["0x00000000000000000000000000000000000000aa", "latest"]"#,
            )["result"]
                .clone(),
            rpc(url, "eth_getCode", &format!(r#"["{token}", "latest"]"#))["result"].clone(),
            rpc(url, "eth_blockNumber", "[]")["result"].clone(),
            rpc(url, "eth_getTransactionReceipt", &format!(r#"["{hash}"]"#))["result"].clone(),
        ]
    };
    let before = observe(&url);
    assert_eq!(before[1], "0x2a");
    assert!(stop(&mut node, "TERM").success(), "a clean stop");

    let (mut node, url) = start_with(&["--state", path]);
    let after = observe(&url);
    assert_eq!(after, before);
    assert!(before[0].as_str().unwrap().len() == 66, "{}", before[0]);
    // Ctrl-C writes the state too: a block mined now survives the next restart.
    rpc(&url, "evm_mine", "[]");
    let mined = rpc(&url, "eth_blockNumber", "[]")["result"].clone();
    assert!(stop(&mut node, "INT").success());
    let (_node, url) = start_with(&["--state", path]);
    assert_eq!(rpc(&url, "eth_blockNumber", "[]")["result"], mined);
}

#[test]
fn a_corrupt_or_foreign_state_file_is_refused_and_kept() {
    let dir = std::env::temp_dir().join(format!("imo-devnode-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for contents in [
        "{\"accounts\": {}}",
        "{\"format\": \"imo-devnode-state\", \"vers",
    ] {
        let file = dir.join("chain.json");
        std::fs::write(&file, contents).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_imo"))
            .args(["devnode", "--port", "0", "--state", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("chain.json"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), contents);
    }
}

#[test]
fn with_a_block_time_blocks_are_mined_without_requests() {
    let (_node, url) = start_with(&["--block-time", "1"]);
    let number = || {
        let n = rpc(&url, "eth_blockNumber", "[]")["result"].clone();
        u64::from_str_radix(n.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
    };
    // Polled (not timed): two blocks appear while nobody sends anything.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while number() < 2 {
        assert!(std::time::Instant::now() < deadline, "no blocks mined");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let latest = rpc(&url, "eth_getBlockByNumber", r#"["latest", false]"#)["result"].clone();
    let parent = rpc(&url, "eth_getBlockByNumber", r#"["0x1", false]"#)["result"].clone();
    assert_ne!(latest["hash"], parent["hash"]);
}

/// `eth_call` of `data` to `to`: the answer (result or error).
fn call(url: &str, to: &str, data: &[u8]) -> serde_json::Value {
    let data = alloy_primitives::hex::encode_prefixed(data);
    rpc(
        url,
        "eth_call",
        &format!(r#"[{{"to": "{to}", "data": "{data}"}}, "latest"]"#),
    )
}

#[test]
fn a_bid_to_the_cache_manager_caches_a_program_and_its_calls_get_cheaper() {
    let (_node, url) = start();
    const ARB_WASM_CACHE: &str = "0x0000000000000000000000000000000000000072";
    let managers = call(&url, ARB_WASM_CACHE, &allCacheManagersCall {}.abi_encode());
    let managers = hex_result(&managers);
    let managers = allCacheManagersCall::abi_decode_returns(&managers, true)
        .unwrap()
        .managers;
    assert_eq!(managers, vec![imo_devnode::cache_manager_address()]);
    let manager = managers[0].to_string();

    let token = deploy(&url)["token"].as_str().unwrap().to_string();
    let token_address: alloy_primitives::Address = token.parse().unwrap();
    let code = hex_result(&rpc(
        &url,
        "eth_getCode",
        &format!(r#"["{token}", "latest"]"#),
    ));
    let codehash = alloy_primitives::keccak256(&code);
    let cached = |url: &str| {
        let answer = call(
            url,
            ARB_WASM_CACHE,
            &codehashIsCachedCall { codehash }.abi_encode(),
        );
        hex_result(&answer)[31] == 1
    };
    assert!(!cached(&url));
    let gas = |url: &str| {
        let data = alloy_primitives::hex::encode_prefixed(totalSupplyCall {}.abi_encode());
        let answer = rpc(
            url,
            "eth_estimateGas",
            &format!(r#"[{{"to": "{token}", "data": "{data}"}}]"#),
        );
        u64::from_str_radix(
            answer["result"].as_str().unwrap().trim_start_matches("0x"),
            16,
        )
        .unwrap()
    };
    let uncached = gas(&url);
    // An empty cache: the least bid is zero.
    let min = call(
        &url,
        &manager,
        &getMinBidCall {
            program: token_address,
        }
        .abi_encode(),
    );
    assert!(hex_result(&min).iter().all(|b| *b == 0), "{min}");

    let bid = alloy_primitives::hex::encode_prefixed(
        placeBidCall {
            program: token_address,
        }
        .abi_encode(),
    );
    let send = |url: &str| {
        rpc(
            url,
            "eth_sendTransaction",
            &format!(
                r#"[{{"from": "0x3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E", "to": "{manager}", "data": "{bid}", "value": "0x1"}}]"#
            ),
        )
    };
    let placed = send(&url);
    let receipt = rpc(
        &url,
        "eth_getTransactionReceipt",
        &format!(r#"["{}"]"#, placed["result"].as_str().expect("a hash")),
    );
    assert_eq!(receipt["result"]["status"], "0x1", "{receipt}");
    assert!(cached(&url));
    let cached_gas = gas(&url);
    assert!(
        cached_gas < uncached,
        "cached {cached_gas} >= uncached {uncached}"
    );
    // A second bid for the same program is refused (AlreadyCached).
    let again = send(&url);
    assert!(again.get("error").is_some(), "{again}");
}

/// An answer's `result` as bytes.
fn hex_result(answer: &serde_json::Value) -> Vec<u8> {
    let result = answer["result"]
        .as_str()
        .unwrap_or_else(|| panic!("{answer}"));
    alloy_primitives::hex::decode(result).unwrap()
}
