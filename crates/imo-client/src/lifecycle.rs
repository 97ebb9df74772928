//! The whole IMO lifecycle, checked to the wei: what `imo demo` narrates and the end-to-end
//! suite runs on every backend.

use crate::backend::Backend;
use crate::bindings::{aigc, erc7007, erc7641, imo_oracle, revshare};
use crate::config::{Config, ETHER};
use crate::evm;
use crate::imo::Imo;
use crate::metadata::decode_svg_uri;
use crate::node::{shade_lines, Network};
use alloy_primitives::{hex, keccak256, utils::format_ether, U256};
use alloy_sol_types::SolEvent;
use anyhow::ensure;

/// What the lifecycle ends with: the steps and their gas, and the final balances.
#[derive(Clone, Debug)]
pub struct Summary {
    /// (step, gas used).
    pub steps: Vec<(String, u64)>,
    /// (account, balance in wei) at the end.
    pub balances: Vec<(String, U256)>,
    /// Whether the challenge window could be waited out (false on a real node).
    pub waited_window: bool,
    /// The AIGC NFT minted on the way, as its metadata shows it.
    pub nft: MintedNft,
}

/// The NFT the lifecycle mints: what the generator made and how `tokenURI` draws it.
#[derive(Clone, Debug)]
pub struct MintedNft {
    /// Its prompt.
    pub prompt: Vec<u8>,
    /// Its token id.
    pub token_id: U256,
    /// The oracle request that generated it.
    pub request_id: U256,
    /// The content the node delivered: the generator's 8x8 image (64 pixels `0..=16`).
    pub content: Vec<u8>,
    /// The SVG of the metadata's `image` (the on-chain renderer's drawing of `content`).
    pub svg: String,
    /// The whole metadata JSON.
    pub metadata: serde_json::Value,
}

/// Formats wei as ETH without trailing zeros: `0.0015 ETH`, `1.0 ETH`.
pub fn format_eth(wei: U256) -> String {
    let text = format_ether(wei);
    let text = text.trim_end_matches('0');
    if text.ends_with('.') {
        format!("{text}0 ETH")
    } else {
        format!("{text} ETH")
    }
}

fn eth(wei: U256) -> String {
    format_eth(wei)
}

/// Lets the current second pass: the RevShare token's snapshot taken in it becomes final (it holds
/// the balances at the end of its second; claims and votes on it wait until then). A backend that
/// cannot move time (a node) waits one second of real time; the devchain facade's blocks are a
/// second apart anyway.
///
/// # Errors
///
/// Transport errors.
pub fn next_second<B: Backend>(backend: &mut B) -> anyhow::Result<()> {
    if !backend.advance_time(1)? {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    Ok(())
}

/// The whole IMO lifecycle with exact balances at the end:
/// deploy and wire; a node joins; a holder buys a quarter of the supply; a user pays two
/// inference requests and mints an AIGC NFT; the node runs the committed generator on all three
/// and delivers (the NFT gets its image through the minter's callback; its `tokenURI` draws it,
/// with the model's hashes); inside the challenge window `verify` is false, after
/// it true; the token's `snapshot()` sweeps the model's revenue out of the oracle; both holders
/// claim; the holder burns a tenth of the supply to redeem; the node withdraws its earnings.
///
/// # Errors
///
/// A failed transaction or any balance that is not exactly the expected one.
pub fn run<B: Backend>(backend: B, echo: bool) -> anyhow::Result<Summary> {
    let cfg = Config::default();
    if echo {
        println!("\n== 1. Deploy the six contracts and wire them");
    }
    let mut imo = Imo::deploy(backend, cfg.clone(), echo)?;
    let c = imo.c;
    let owner = imo.owner;
    let node = imo.backend.new_account("node", U256::from(ETHER))?;
    let alice = imo.backend.new_account("alice", U256::from(ETHER / 10))?;
    let user = imo.backend.new_account("user", U256::from(ETHER))?;
    imo.section("2. An inference node joins; a holder buys a quarter of the model's tokens");
    imo.add_node(node)?;

    // A holder buys a quarter of the supply.
    let quarter = cfg.supply / U256::from(4);
    imo.exec(
        "token.transfer (owner -> alice, 25%)",
        owner,
        c.token,
        revshare::IRevShareToken::transferCall {
            to: alice,
            value: quarter,
        },
        U256::ZERO,
    )?;

    // Two paid inference requests with a callback contract, then an AIGC mint.
    imo.section("3. Paid inference requests and an AIGC NFT mint");
    let consumer = imo.deploy_evm(evm::ACCEPT)?;
    imo.note(&format!("consumer contract (EVM) at {consumer}"));
    let (id1, fee1, r1) = imo.request(user, b"a 3, seed 11", consumer, 100_000)?;
    let (id2, fee2, r2) = imo.request(user, b"nine, seed 5", consumer, 100_000)?;
    let cost = imo.view(c.minter, aigc::IAigcMinter::mintCostCall {})?._0;
    let prompt = b"a seven for Arbitrum, seed 42".to_vec();
    let mint = imo.exec(
        "minter.mint (NFT + oracle request)",
        user,
        c.minter,
        aigc::IAigcMinter::mintCall {
            prompt: prompt.clone().into(),
        },
        cost,
    )?;
    let token_id = U256::from_be_bytes(keccak256(&prompt).0);
    let id3 = crate::calls::request_id(&mint, c.oracle)?;
    let fee3 = cost - cfg.mint_price;
    imo.note(&format!(
        "user paid {} + {} + {} (mint {}) ; token id {token_id:#x}",
        eth(fee1),
        eth(fee2),
        eth(cost),
        eth(cfg.mint_price)
    ));

    let (oracle_holds, token_holds) = (imo.balance(c.oracle)?, imo.balance(c.token)?);
    imo.note(&format!(
        "oracle holds {}, token holds {} (the mint price)",
        eth(oracle_holds),
        eth(token_holds)
    ));

    // The node runs the generator on all three; the third goes oracle -> minter -> NFT.
    imo.section(
        "4. The node runs the generator (imo-model, models/generator.bin) on each request and delivers",
    );
    let mut generator = Network::generator();
    imo.note(&format!(
        "model {}: modelHash {}, programHash {} (as registered)",
        cfg.model_id,
        generator.model_hash(),
        generator.program_hash()
    ));
    for (r, id) in [(&r1, id1), (&r2, id2)] {
        let served = imo.serve(
            node,
            &mut generator,
            r,
            "oracle.invokeCallback (node delivers)",
        )?;
        ensure!(
            served.len() == 1 && served[0].0 == id,
            "the node did not answer request {id}"
        );
        ensure!(
            imo.callback_failed(&served[0].2, id).is_none(),
            "callback of {id} failed"
        );
    }
    let served = imo.serve(
        node,
        &mut generator,
        &mint,
        "oracle.invokeCallback (-> minter -> NFT)",
    )?;
    ensure!(
        served.len() == 1 && served[0].0 == id3,
        "the node did not answer the mint's request"
    );
    let (_, content, r) = served.into_iter().next().expect("one answer");
    // The delivered bytes are exactly imo-model's decode(s_L) for the prompt.
    let model = imo_model::Model::parse(imo_model::bundled::GENERATOR)
        .map_err(|e| anyhow::anyhow!("the committed generator: {e}"))?;
    let mut expected = [0u8; imo_model::MAX_OUTPUT];
    let n = model
        .infer(&prompt, &mut expected)
        .map_err(|e| anyhow::anyhow!("generating {prompt:?}: {e}"))?;
    ensure!(
        content == expected[..n],
        "the node delivered {} instead of the generator's image",
        hex::encode(&content)
    );
    ensure!(
        imo.callback_failed(&r, id3).is_none(),
        "the minter's callback failed"
    );
    ensure!(
        r.logs.iter().any(|l| l.address == c.nft
            && l.topics().first() == Some(&erc7007::IERC7007::AigcData::SIGNATURE_HASH)),
        "no AigcData event from the NFT"
    );
    let holder = imo
        .view(c.nft, erc7007::IERC721::ownerOfCall { tokenId: token_id })?
        .owner;
    ensure!(holder == user, "the NFT belongs to {holder}, not the user");
    let nft = minted_nft(
        &mut imo,
        &generator,
        prompt.clone(),
        token_id,
        id3,
        content.clone(),
    )?;

    // Challenge window.
    imo.section("5. Challenge window: verify() is false inside it, true after it");
    ensure!(
        !imo.nft_verifies(&prompt, &content)?,
        "verify is true inside the challenge window"
    );
    let waited = imo.backend.advance_time(cfg.challenge_window)?;
    if waited {
        ensure!(
            imo.nft_verifies(&prompt, &content)?,
            "verify is false after the window"
        );
        ensure!(!imo.nft_verifies(&prompt, b"ipfs://other")?);
        imo.note("after the challenge window: verify(prompt, content) = true");
    } else {
        imo.note("skipped: this backend cannot advance time; verify after the window not checked");
    }

    // Revenue: the mint price went to the token; half of each model fee accrued in the oracle.
    let model_share = cfg.model_fee * U256::from(cfg.receiver_percentage) / U256::from(100);
    let accrued = model_share * U256::from(3);
    let gross = cfg.mint_price + accrued;
    ensure!(imo.balance(c.token)? == cfg.mint_price);
    imo.section("6. The token's snapshot sweeps the model's revenue out of the oracle");
    imo.exec(
        "token.snapshot (sweeps the oracle)",
        owner,
        c.token,
        erc7641::IERC7641::snapshotCall {},
        U256::ZERO,
    )?;
    next_second(&mut imo.backend)?;
    let snapshot_id = imo
        .view(c.token, revshare::IRevShareToken::currentSnapshotIdCall {})?
        ._0;
    ensure!(
        imo.balance(c.token)? == gross,
        "token balance after the sweep"
    );
    let claimable = gross * U256::from(cfg.claimable_bps) / U256::from(10_000);
    let pool = gross - claimable;
    let got = imo
        .view(
            c.token,
            revshare::IRevShareToken::claimableAtCall {
                snapshotId: snapshot_id,
            },
        )?
        ._0;
    ensure!(got == claimable, "claimableAt {got} != {claimable}");
    let got_pool = imo
        .view(c.token, revshare::IRevShareToken::redeemPoolCall {})?
        ._0;
    ensure!(got_pool == pool, "redeemPool {got_pool} != {pool}");
    imo.note(&format!(
        "snapshot {snapshot_id}: revenue {} = mint price + 3 x model share; claimable {}, redeem pool {}",
        eth(gross),
        eth(claimable),
        eth(pool)
    ));

    // Claims: alice 25%, the owner 75%.
    imo.section("7. Holders claim pro rata; alice burns 10% of the supply to redeem");
    let alice_share = claimable / U256::from(4);
    let owner_share = claimable - alice_share;
    let before = imo.balance(alice)?;
    let r = imo.exec(
        "token.claim (alice)",
        alice,
        c.token,
        erc7641::IERC7641::claimCall {
            snapshotId: snapshot_id,
        },
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(alice)? == before + alice_share - r.fee,
        "alice's claim"
    );
    imo.note(&format!("alice claimed {}", eth(alice_share)));
    let before = imo.balance(owner)?;
    let r = imo.exec(
        "token.claim (owner)",
        owner,
        c.token,
        erc7641::IERC7641::claimCall {
            snapshotId: snapshot_id,
        },
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(owner)? == before + owner_share - r.fee,
        "the owner's claim"
    );

    imo.note(&format!("owner claimed {}", eth(owner_share)));
    // Burn-to-redeem: alice burns a tenth of the supply.
    let burn = cfg.supply / U256::from(10);
    let redeem = burn * pool / cfg.supply;
    let quoted = imo
        .view(
            c.token,
            erc7641::IERC7641::redeemableOnBurnCall { amount: burn },
        )?
        ._0;
    ensure!(quoted == redeem, "redeemableOnBurn {quoted} != {redeem}");
    let before = imo.balance(alice)?;
    let r = imo.exec(
        "token.burn (alice redeems 10%)",
        alice,
        c.token,
        erc7641::IERC7641::burnCall { amount: burn },
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(alice)? == before + redeem - r.fee,
        "alice's redemption"
    );

    imo.note(&format!(
        "alice burned 100 tokens and received {}",
        eth(redeem)
    ));
    // The node's earnings: the gas part of every fee.
    imo.section("8. The node withdraws its earnings; final balances are checked to the wei");
    let earnings = fee1 + fee2 + fee3 - cfg.model_fee * U256::from(3);
    let before = imo.balance(node)?;
    let r = imo.exec(
        "oracle.withdrawEarnings (node)",
        node,
        c.oracle,
        imo_oracle::IImoAIOracle::withdrawEarningsCall {},
        U256::ZERO,
    )?;
    ensure!(
        imo.balance(node)? == before + earnings - r.fee,
        "the node's earnings"
    );

    // Exact final balances of the contracts.
    let protocol = cfg.model_fee * U256::from(3) - accrued;
    let token_left = gross - claimable - redeem;
    let checks = [
        ("oracle (protocol revenue)", c.oracle, protocol),
        ("token (pool left)", c.token, token_left),
        ("verifier (node stake)", c.verifier, cfg.min_node_stake),
        ("minter", c.minter, U256::ZERO),
        ("nft", c.nft, U256::ZERO),
    ];
    let mut balances = Vec::new();
    for (name, account, expected) in checks {
        let got = imo.balance(account)?;
        ensure!(
            got == expected,
            "{name}: balance {got}, expected {expected}"
        );
        balances.push((name.to_string(), got));
    }
    for (name, account) in [("alice", alice), ("node", node), ("user", user)] {
        balances.push((name.to_string(), imo.balance(account)?));
    }
    let supply = imo
        .view(c.token, revshare::IRevShareToken::totalSupplyCall {})?
        ._0;
    ensure!(supply == cfg.supply - burn, "supply after the burn");
    imo.note("every balance is exactly as expected");
    crate::fraud_proof::run(&mut imo)?;
    // The offering's sales wait for their start and end: only where time can be moved.
    if imo.backend.advance_time(0)? {
        crate::sales::run(&mut imo, node, user, consumer)?;
    } else {
        imo.note("(the offering's sales need time to pass: skipped on this backend)");
    }
    Ok(Summary {
        steps: imo.steps.iter().map(|s| (s.label.clone(), s.gas)).collect(),
        balances,
        waited_window: waited,
        nft,
    })
}

/// Reads the minted token's metadata, checks it (the image drawn from the content, the
/// registered hashes of `generator`, the request id) and narrates it: the image as Unicode
/// shades and what the classifier reads in it.
fn minted_nft<B: Backend>(
    imo: &mut Imo<B>,
    generator: &Network,
    prompt: Vec<u8>,
    token_id: U256,
    request_id: U256,
    content: Vec<u8>,
) -> anyhow::Result<MintedNft> {
    let metadata = imo.token_metadata(token_id)?;
    let image = metadata["image"].as_str().unwrap_or_default();
    let svg = decode_svg_uri(image)?;
    ensure!(
        metadata["aigc_data"] == metadata["image"],
        "aigc_data is not the image"
    );
    ensure!(
        metadata["model_hash"] == generator.model_hash().to_string()
            && metadata["program_hash"] == generator.program_hash().to_string(),
        "the metadata's model hashes are not the generator's: {metadata}"
    );
    ensure!(
        metadata["request_id"] == format!("{request_id:#066x}"),
        "the metadata's request id"
    );
    let lines = shade_lines(&content)
        .ok_or_else(|| anyhow::anyhow!("the delivered content is not an 8x8 image"))?;
    let reading = Network::classifier()
        .run(&content)
        .map_err(|e| anyhow::anyhow!("classifying the image: {e}"))?;
    imo.note(&format!(
        "NFT {token_id:#x}: the generator drew {:?} (8x8, pixels 0..16); tokenURI draws it as SVG ({} bytes)",
        String::from_utf8_lossy(&prompt),
        svg.len()
    ));
    for line in &lines {
        imo.note(&format!("    |{line}|"));
    }
    imo.note(&format!(
        "the classifier (models/classifier.bin) reads a {}",
        reading.first().copied().unwrap_or_default()
    ));
    Ok(MintedNft {
        prompt,
        token_id,
        request_id,
        content,
        svg,
        metadata,
    })
}
