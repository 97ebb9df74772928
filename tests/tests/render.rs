//! The NFT as a browser shows it. A mint on the devchain (behind the JSON-RPC facade), answered
//! by `imo node`'s loop ([`Node`]) running the committed generator; the token's `tokenURI` is read
//! through the NFT, its `image` SVG decoded and screenshotted by headless Chromium, and every
//! pixel of the screenshot is compared with the generated image's bytes under the documented rule
//! (`contracts/aigc-renderer`: byte `8r + c` is the 40x40 block at row `r`, column `c`, gray level
//! `255 - (p·255 + 8) / 16`).
//!
//! Needs Debian's `chromium` (`scripts/test.sh` installs it) or the browser named by
//! `IMO_CHROMIUM`; without one the test fails, saying how to install it.

use alloy_primitives::{hex, keccak256, Address, U256};
use alloy_sol_types::SolCall;
use imo_client::bindings::{aigc, imo_oracle::IImoAIOracleVerifier};
use imo_client::metadata::{decode_svg_uri, decode_token_uri};
use imo_client::node::{Answer, Network, Node};
use imo_client::{Backend, Config, Imo, RpcBackend, ETHER};
use imo_e2e::facade;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The nitro devnode's public development key (the facade's devchain funds it).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";
/// The SVG's size in CSS pixels, and the browser window's.
const SIZE: u32 = 320;
/// Screen pixels per image pixel.
const BLOCK: u32 = SIZE / 8;

/// The documented gray level of pixel value `p` (0 = white paper, 16 = black ink).
fn gray(p: u8) -> u8 {
    255 - ((u16::from(p) * 255 + 8) / 16) as u8
}

/// The browser: `IMO_CHROMIUM`, else `chromium` on `PATH`. Panics with how to install it.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("IMO_CHROMIUM") {
        return PathBuf::from(path);
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "this test needs a headless Chromium and found none: install Debian's package \
             (`apt-get install -y --no-install-recommends chromium`, as scripts/test.sh does) or set \
             IMO_CHROMIUM to a Chromium binary"
        )
    })
}

/// A screenshot: width, height and RGB pixels, row-major.
struct Shot {
    width: u32,
    height: u32,
    rgb: Vec<[u8; 3]>,
}

impl Shot {
    fn at(&self, x: u32, y: u32) -> [u8; 3] {
        self.rgb[(y * self.width + x) as usize]
    }
}

/// Screenshots `svg` (a document of `SIZE` x `SIZE` CSS pixels) in headless Chromium at one
/// device pixel per CSS pixel, and decodes the PNG.
fn screenshot(svg: &str, name: &str) -> Shot {
    let dir = std::env::temp_dir().join(format!("imo-render-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("image.svg");
    let png = dir.join("shot.png");
    std::fs::write(&page, svg).unwrap();
    let mut browser = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--force-color-profile=srgb",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--window-size={SIZE},{SIZE}"))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", chromium().display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = browser.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            browser.kill().ok();
            panic!("chromium did not finish its screenshot in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = browser.stderr.take() {
        std::io::Read::read_to_string(&mut pipe, &mut stderr).ok();
    }
    assert!(
        status.success() && png.is_file(),
        "chromium failed ({status}):\n{stderr}"
    );
    let shot = decode_png(&png);
    std::fs::remove_dir_all(&dir).ok();
    shot
}

fn decode_png(path: &Path) -> Shot {
    let mut decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Indexed => unreachable!("expanded by normalize_to_color8"),
    };
    let rgb = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|px| match channels {
            1 | 2 => [px[0]; 3],
            _ => [px[0], px[1], px[2]],
        })
        .collect();
    Shot {
        width: info.width,
        height: info.height,
        rgb,
    }
}

/// A deployment on the facade and a staked node with its own key and connection.
fn deploy_with_node(url: &str) -> (Imo<RpcBackend>, RpcBackend) {
    let mut owner = RpcBackend::connect(url, DEV_KEY).unwrap();
    owner.poll = Duration::from_millis(1);
    let mut imo = Imo::deploy(owner, Config::default(), false).unwrap();
    let node_key = hex::encode_prefixed(keccak256(b"imo render test node"));
    let mut node_backend = RpcBackend::connect(url, &node_key).unwrap();
    node_backend.poll = Duration::from_millis(1);
    let node = node_backend.deployer();
    let (owner, verifier) = (imo.owner, imo.c.verifier);
    imo.backend
        .send(owner, node, &[], U256::from(ETHER))
        .unwrap()
        .ok()
        .unwrap();
    imo.exec(
        "verifier.addNode",
        owner,
        verifier,
        IImoAIOracleVerifier::addNodeCall { node },
        U256::ZERO,
    )
    .unwrap();
    let stake = IImoAIOracleVerifier::stakeCall {}.abi_encode();
    node_backend
        .send(node, verifier, &stake, imo.cfg.min_node_stake)
        .unwrap()
        .ok()
        .unwrap();
    (imo, node_backend)
}

#[test]
fn chromium_shows_the_minted_image_pixel_for_pixel() {
    let url = facade::serve_devchain().unwrap();
    let (mut imo, node_backend) = deploy_with_node(&url);
    let c = imo.c;
    let user = imo.backend.new_account("user", U256::from(ETHER)).unwrap();
    let prompt = b"a 2 in the browser, seed 2026".to_vec();
    let cost = imo
        .view(c.minter, aigc::IAigcMinter::mintCostCall {})
        .unwrap()
        ._0;
    imo.exec(
        "minter.mint",
        user,
        c.minter,
        aigc::IAigcMinter::mintCall {
            prompt: prompt.clone().into(),
        },
        cost,
    )
    .unwrap();

    // `imo node`'s loop answers with the committed generator.
    let model_id = U256::from(imo.cfg.model_id);
    let mut node = Node::new(
        node_backend,
        c.oracle,
        model_id,
        Network::generator(),
        Some(0),
        None,
    )
    .expect("the registration carries the generator's hashes");
    let answered = node.poll_once().unwrap();
    assert_eq!(answered.len(), 1);
    let Answer::Delivered(content) = &answered[0].answer else {
        panic!("the node rejected the prompt")
    };
    let generator = imo_model::Model::parse(imo_model::bundled::GENERATOR).unwrap();
    let mut expected = [0u8; imo_model::MAX_OUTPUT];
    let n = generator.infer(&prompt, &mut expected).unwrap();
    assert_eq!(content[..], expected[..n], "imo-model's decode(s_L)");
    let mut read = [0u8];
    imo_model::Model::parse(imo_model::bundled::CLASSIFIER)
        .unwrap()
        .infer(content, &mut read)
        .unwrap();
    assert_eq!(read[0], 2, "the classifier reads the requested digit");

    // tokenURI through the NFT (-> renderer -> minter, oracle), its SVG in Chromium.
    let token_id = U256::from_be_bytes(keccak256(&prompt).0);
    let metadata = imo.token_metadata(token_id).unwrap();
    assert_eq!(metadata["prompt"], "a 2 in the browser, seed 2026");
    assert_eq!(
        metadata["model_hash"],
        Network::generator().model_hash().to_string()
    );
    let svg = decode_svg_uri(metadata["image"].as_str().unwrap()).unwrap();
    let shot = screenshot(&svg, "image");
    assert_eq!((shot.width, shot.height), (SIZE, SIZE));
    let mut wrong = Vec::new();
    for y in 0..SIZE {
        for x in 0..SIZE {
            let p = content[(y / BLOCK * 8 + x / BLOCK) as usize];
            let g = gray(p);
            if shot.at(x, y) != [g, g, g] {
                wrong.push((x, y, shot.at(x, y), g));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} screen pixels differ from the image's gray levels, e.g. {:?}",
        wrong.len(),
        SIZE * SIZE,
        &wrong[..wrong.len().min(8)]
    );
    // The image is not blank: the test would not notice a renderer that drew nothing.
    assert!(content.iter().any(|&p| p >= 12) && content.contains(&0));
}

#[test]
fn chromium_shows_other_content_as_text_and_the_renderer_never_needs_a_model() {
    let url = facade::serve_devchain().unwrap();
    let mut owner = RpcBackend::connect(&url, DEV_KEY).unwrap();
    owner.poll = Duration::from_millis(1);
    let mut imo = Imo::deploy(owner, Config::default(), false).unwrap();
    // The renderer called directly with an account that is no minter: no hashes, no revert.
    let uri = imo
        .view(
            imo.c.renderer,
            aigc::IAigcRenderer::tokenURICall {
                minter: Address::repeat_byte(0x77),
                collection: "Art".into(),
                tokenId: U256::from(1),
                prompt: b"p".to_vec().into(),
                aigcData: b"ipfs://bafy <not an image> & more".to_vec().into(),
                requestId: U256::from(3),
            },
        )
        .unwrap()
        ._0;
    let metadata = decode_token_uri(&uri).unwrap();
    assert!(metadata.get("model_hash").is_none(), "{metadata}");
    assert_eq!(metadata["aigc_data"], "ipfs://bafy <not an image> & more");
    let svg = decode_svg_uri(metadata["image"].as_str().unwrap()).unwrap();
    assert!(svg.contains(">ipfs://bafy &lt;not an image&gt; &amp; more</text>"));
    let shot = screenshot(&svg, "text");
    assert_eq!((shot.width, shot.height), (SIZE, SIZE));
    for (x, y) in [(0, 0), (SIZE - 1, 0), (0, SIZE - 1), (SIZE - 1, SIZE - 1)] {
        assert_eq!(shot.at(x, y), [255; 3], "white paper at ({x}, {y})");
    }
    // Dark text on the middle line (y = 164 is its baseline); nothing drawn elsewhere, so a
    // browser error page (which fills the top with its message) would fail here.
    let dark = |y0: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (0..SIZE).map(move |x| (x, y)))
            .filter(|&(x, y)| shot.at(x, y).iter().all(|&v| v < 128))
            .count()
    };
    assert!(dark(150, 170) > 50, "no text drawn");
    assert_eq!(dark(0, 140) + dark(175, SIZE), 0, "something else drawn");
}
