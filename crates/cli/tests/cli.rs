//! The `imo` binary as a user runs it.

use std::process::Command;

/// The `imo` binary with none of its environment variables set (a developer's shell may have them).
fn imo_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_imo"));
    for var in ["IMO_PRIVATE_KEY", "IMO_RPC_URL", "IMO_KEYSTORE_PASSWORD"] {
        command.env_remove(var);
    }
    command
}

fn imo(args: &[&str]) -> (bool, String, String) {
    let out = imo_command().args(args).output().expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn demo_runs_the_whole_lifecycle_and_ends_with_the_summary() {
    let svg = std::env::temp_dir().join(format!("imo-demo-{}/nft.svg", std::process::id()));
    let (ok, stdout, stderr) = imo(&["demo", "--no-build", "--svg-out", svg.to_str().unwrap()]);
    assert!(ok, "{stdout}\n{stderr}");
    for expected in [
        "== 1. Deploy the six contracts",
        "oracle.addModel (generator, receiver = token)",
        "minter.mint (NFT + oracle request)",
        "4. The node runs the generator (imo-model, models/generator.bin)",
        "oracle.invokeCallback (-> minter -> NFT)",
        "the generator drew \"a seven for Arbitrum, seed 42\" (8x8, pixels 0..16)",
        "the classifier (models/classifier.bin) reads a 7",
        "after the challenge window: verify(prompt, content) = true",
        "token.snapshot (sweeps the oracle)",
        "alice burned 100 tokens and received 0.00023 ETH",
        "== Summary",
        "| oracle (protocol revenue)    |                 0.0015 ETH |",
        "every balance matched to the wei",
        "the NFT's image (tokenURI's SVG) is saved in",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    // Eight lines of shades (two characters per pixel) between bars.
    let shaded = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with('|') && l.trim_end().ends_with('|'))
        .filter(|l| l.trim().chars().count() == 18 && l.contains('█'))
        .count();
    assert!(shaded >= 4, "no image drawn in shades:\n{stdout}");
    let saved = std::fs::read_to_string(&svg).expect("the SVG is saved");
    assert!(saved.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\""));
    assert_eq!(saved.matches("<rect ").count(), 64);
    std::fs::remove_dir_all(svg.parent().unwrap()).ok();
}

#[test]
fn usage_and_argument_errors() {
    let (ok, stdout, _) = imo(&[]);
    assert!(ok && stdout.contains("imo demo"));
    let (ok, _, stderr) = imo(&["launch"]);
    assert!(
        !ok && stderr.contains("unrecognized subcommand 'launch'"),
        "{stderr}"
    );
    let (ok, _, stderr) = imo(&["deploy", "--private-key", "0x01"]);
    assert!(
        !ok && stderr.contains("required arguments were not provided")
            && stderr.contains("--rpc <URL>"),
        "{stderr}"
    );
    let (ok, _, stderr) = imo(&["deploy", "--rpc", "http://127.0.0.1:1"]);
    assert!(
        !ok && stderr.contains("--private-key <KEY>|--keystore <FILE>"),
        "{stderr}"
    );
    let (ok, _, stderr) = imo(&[
        "deploy",
        "--rpc",
        "http://127.0.0.1:1",
        "--private-key",
        "0x01",
        "--keystore",
        "k.json",
    ]);
    assert!(!ok && stderr.contains("cannot be used with"), "{stderr}");
    // IMO_PRIVATE_KEY counts as --private-key: with --keystore it is a conflict, explained.
    let out = imo_command()
        .args([
            "deploy",
            "--rpc",
            "http://127.0.0.1:1",
            "--keystore",
            "k.json",
        ])
        .env("IMO_PRIVATE_KEY", "0x01")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("IMO_PRIVATE_KEY is set"),
        "{stderr}"
    );
    let (ok, _, stderr) = imo(&["node", "--rpc", "http://127.0.0.1:1", "--colour", "red"]);
    assert!(
        !ok && stderr.contains("unexpected argument '--colour'"),
        "{stderr}"
    );
    // Addresses and URLs are parsed as such.
    let (ok, _, stderr) = imo(&[
        "node",
        "--rpc",
        "http://127.0.0.1:1",
        "--private-key",
        "0x01",
        "--oracle",
        "0x1234",
        "--model",
        "1",
    ]);
    assert!(
        !ok && stderr.contains("invalid value '0x1234' for '--oracle <ADDRESS>'"),
        "{stderr}"
    );
    let (ok, _, stderr) = imo(&["deploy", "--rpc", "not a url", "--private-key", "0x01"]);
    assert!(
        !ok && stderr.contains("invalid value 'not a url' for '--rpc <URL>'"),
        "{stderr}"
    );
}

#[test]
fn an_invalid_private_key_is_refused_without_echoing_it() {
    let secret = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c95206";
    let out = imo_command()
        .args(["deploy", "--rpc", "http://127.0.0.1:1"])
        .env("IMO_PRIVATE_KEY", secret)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("not a secp256k1 private key"), "{stderr}");
    assert!(
        !stderr.contains(&secret[2..]),
        "the key is echoed: {stderr}"
    );
    let help = imo_command()
        .args(["deploy", "--help"])
        .env("IMO_PRIVATE_KEY", secret)
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("IMO_PRIVATE_KEY"), "{help}");
    assert!(
        !help.contains(&secret[2..]),
        "the help shows the key: {help}"
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

#[test]
fn deploy_with_an_unfunded_key_or_missing_artifacts_says_so() {
    let url = imo_e2e::facade::serve_devchain().unwrap();
    let empty_key = "0x0000000000000000000000000000000000000000000000000000000000000abc";
    let (ok, _, stderr) = imo(&["deploy", "--rpc", &url, "--private-key", empty_key]);
    assert!(!ok);
    assert!(
        stderr.contains("has no ETH") && stderr.contains("fund it"),
        "{stderr}"
    );

    let dir = std::env::temp_dir().join(format!("imo-cli-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = imo_command()
        .args([
            "deploy",
            "--rpc",
            &url,
            "--private-key",
            empty_key,
            "--no-build",
        ])
        .env("CARGO_TARGET_DIR", &dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("imo-ai-oracle.initcode") && stderr.contains("cargo xtask wasm"),
        "{stderr}"
    );
    let out = imo_command()
        .args(["demo", "--no-build"])
        .env("CARGO_TARGET_DIR", &dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("build them with `cargo xtask wasm`"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn deploy_with_an_encrypted_keystore() {
    let dev_key = "b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";
    let dir = std::env::temp_dir().join(format!("imo-cli-keystore-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = alloy_primitives::hex::decode(dev_key).unwrap();
    alloy_signer_local::PrivateKeySigner::encrypt_keystore(
        &dir,
        &mut rand::thread_rng(),
        &key,
        "correct horse",
        Some("dev.json"),
    )
    .unwrap();
    let file = dir.join("dev.json");
    let out_file = dir.join("addresses.json");
    let url = imo_e2e::facade::serve_devchain().unwrap();
    let run = |password: &str| {
        imo_command()
            .args([
                "deploy",
                "--rpc",
                &url,
                "--keystore",
                file.to_str().unwrap(),
                "--out",
                out_file.to_str().unwrap(),
            ])
            .env("IMO_KEYSTORE_PASSWORD", password)
            .output()
            .unwrap()
    };
    let wrong = run("wrong");
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("keystore"));
    assert!(!out_file.exists(), "nothing written on failure");
    let out = run("correct horse");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let addresses: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(addresses["oracle"].as_str().unwrap().starts_with("0x"));
    let saved = std::fs::read_to_string(&out_file).expect("--out written");
    assert_eq!(saved.trim(), stdout.trim(), "--out holds what stdout shows");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn demo_builds_missing_artifacts_with_cargo_xtask_wasm() {
    // An empty target dir and a `cargo` that fails: the demo tries the build, then says what to run.
    let dir = std::env::temp_dir().join(format!("imo-cli-build-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = imo_command()
        .arg("demo")
        .env("CARGO_TARGET_DIR", &dir)
        .env("CARGO", "false")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("building them once with `cargo xtask wasm`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`cargo xtask wasm` did not produce the artifacts"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).ok();
}
