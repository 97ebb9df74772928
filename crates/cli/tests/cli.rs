//! The `imo` binary as a user runs it.

use std::process::Command;

fn imo(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_imo"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn demo_runs_the_whole_lifecycle_and_ends_with_the_summary() {
    let (ok, stdout, stderr) = imo(&["demo", "--no-build"]);
    assert!(ok, "{stdout}\n{stderr}");
    for expected in [
        "== 1. Deploy the six contracts",
        "minter.mint (NFT + oracle request)",
        "oracle.invokeCallback (-> minter -> NFT)",
        "after the challenge window: verify(prompt, content) = true",
        "token.snapshot (sweeps the oracle)",
        "alice burned 100 tokens and received 0.00023 ETH",
        "== Summary",
        "| oracle (protocol revenue)    |                 0.0015 ETH |",
        "every balance matched to the wei",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
}

#[test]
fn usage_and_argument_errors() {
    let (ok, stdout, _) = imo(&[]);
    assert!(ok && stdout.contains("imo demo"));
    let (ok, _, stderr) = imo(&["launch"]);
    assert!(!ok && stderr.contains("unknown command launch"), "{stderr}");
    let (ok, _, stderr) = imo(&["deploy", "--private-key", "0x01"]);
    assert!(!ok && stderr.contains("missing --rpc"), "{stderr}");
    let (ok, _, stderr) = imo(&["deploy", "--rpc", "http://127.0.0.1:1"]);
    assert!(
        !ok && stderr.contains("exactly one of --private-key and --keystore"),
        "{stderr}"
    );
    let (ok, _, stderr) = imo(&["node", "--rpc", "http://127.0.0.1:1", "--colour", "red"]);
    assert!(
        !ok && stderr.contains("unknown option --colour"),
        "{stderr}"
    );
}

#[test]
fn deploy_to_an_unreachable_node_says_so() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let key = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";
    let (ok, _, stderr) = imo(&["deploy", "--rpc", &url, "--private-key", key]);
    assert!(!ok);
    assert!(stderr.contains("cannot reach the RPC endpoint"), "{stderr}");
}
