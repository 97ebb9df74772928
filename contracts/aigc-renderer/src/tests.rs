//! The metadata JSON and the SVG, parsed back with serde_json and roxmltree (decoded with the
//! `base64` crate). The contract's lookup of the model hashes runs against the real oracle and
//! minter in `imo-aigc-minter`'s tests and on the devchain in `imo-e2e`.

use alloc::{string::String, vec, vec::Vec};

use ::base64::{engine::general_purpose::STANDARD, Engine};
use alloy_primitives::U256;
use proptest::prelude::*;

use crate::render::*;
use crate::svg::*;

fn parse(token: &TokenView) -> serde_json::Value {
    serde_json::from_slice(&metadata_json(token)).expect("valid JSON")
}

const HASHES: ModelHashes = ModelHashes {
    model_hash: [0xa4; 32],
    program_hash: [0x92; 32],
};

fn view<'a>(prompt: &'a [u8], data: &'a [u8]) -> TokenView<'a> {
    TokenView {
        collection: b"Model \"X\"",
        token_id: U256::from(0xabcdu64),
        prompt,
        aigc_data: data,
        request_id: U256::from(7u8),
        model: Some(HASHES),
    }
}

/// The SVG inside a `data:image/svg+xml;base64,` URI.
fn svg_of_uri(uri: &str) -> String {
    let b64 = uri
        .strip_prefix("data:image/svg+xml;base64,")
        .expect("an SVG data URI");
    String::from_utf8(STANDARD.decode(b64).expect("base64")).expect("UTF-8")
}

/// The pixels an image SVG draws: (x, y, gray level) per rect, checked to be 1x1 gray squares.
fn drawn_pixels(svg: &str) -> Vec<(usize, usize, u8)> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("viewBox"), Some("0 0 8 8"));
    assert_eq!(root.attribute("width"), Some("320"));
    root.children()
        .filter(|n| n.is_element())
        .map(|rect| {
            assert_eq!(rect.tag_name().name(), "rect");
            assert_eq!(rect.attribute("width"), Some("1"));
            assert_eq!(rect.attribute("height"), Some("1"));
            let fill = rect.attribute("fill").unwrap();
            assert_eq!(fill.len(), 7, "{fill}");
            let level = u8::from_str_radix(&fill[1..3], 16).unwrap();
            assert_eq!(fill[1..3], fill[3..5]);
            assert_eq!(fill[1..3], fill[5..7]);
            let coord = |name| rect.attribute(name).unwrap().parse::<usize>().unwrap();
            (coord("x"), coord("y"), level)
        })
        .collect()
}

/// The text a fallback SVG shows.
fn fallback_text(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let text = doc
        .descendants()
        .find(|n| n.has_tag_name("text"))
        .expect("a text element");
    text.text().unwrap_or("").into()
}

fn digit_image() -> Vec<u8> {
    (0..64).map(|i| (i * 7 % 17) as u8).collect()
}

#[test]
fn base64_matches_rfc4648_vectors() {
    for (input, expected) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(input.as_bytes()), expected.as_bytes(), "{input}");
    }
}

#[test]
fn gray_levels_run_from_white_paper_to_black_ink() {
    let levels: Vec<u8> = (0..=16).map(gray_level).collect();
    assert_eq!(levels[0], 255);
    assert_eq!(levels[8], 127);
    assert_eq!(levels[16], 0);
    assert!(levels.windows(2).all(|w| w[0] > w[1]), "{levels:?}");
    for p in 0..=16u16 {
        let exact = 255.0 - f64::from(p) * 255.0 / 16.0;
        assert!((f64::from(levels[p as usize]) - exact).abs() <= 0.5, "{p}");
    }
}

#[test]
fn an_image_is_64_rects_in_row_major_order_with_its_gray_levels() {
    let image = digit_image();
    let json = parse(&view(b"a 7, seed 42", &image));
    let svg = svg_of_uri(json["image"].as_str().unwrap());
    let pixels = drawn_pixels(&svg);
    assert_eq!(pixels.len(), 64);
    for (i, &(x, y, level)) in pixels.iter().enumerate() {
        assert_eq!((x, y), (i % 8, i / 8));
        assert_eq!(level, gray_level(image[i]));
    }
    // ERC-7007's aigc_data is a URI to the image/* resource: the same picture.
    assert_eq!(json["aigc_data"], json["image"]);
    assert_eq!(json["aigc_type"], "image");
}

#[test]
fn content_that_is_not_an_image_is_drawn_as_text() {
    let mut bright = digit_image();
    bright[5] = 17;
    let cases: [(&[u8], &str); 5] = [
        (b"", "(no content yet)"),
        (&[3u8; 63], &"\u{FFFD}".repeat(40)),
        (&bright, ""),
        (b"ipfs://<a&b>", "ipfs://<a&b>"),
        (
            b"bad \xff utf-8 \x00 \x1b end",
            "bad \u{FFFD} utf-8 \u{FFFD} \u{FFFD} end",
        ),
    ];
    for (content, shown) in cases {
        let svg = String::from_utf8(svg(content)).unwrap();
        assert!(!is_image(content));
        let text = fallback_text(&svg);
        if !shown.is_empty() {
            assert!(text.starts_with(shown), "{text:?} for {content:?}");
        }
    }
    let long = "x".repeat(100);
    let text = fallback_text(&String::from_utf8(svg(long.as_bytes())).unwrap());
    assert_eq!(text, format!("{}...", "x".repeat(MAX_TEXT_CHARS)));
    // Non-image content keeps its ERC-7007 aigc_data as a string.
    let json = parse(&view(b"p", b"ipfs://x"));
    assert_eq!(json["aigc_data"], "ipfs://x");
    assert!(fallback_text(&svg_of_uri(json["image"].as_str().unwrap())).starts_with("ipfs://x"));
}

#[test]
fn the_model_hashes_prompt_and_request_id_are_fields_and_attributes() {
    let json = parse(&view(b"seven \"quoted\"", &digit_image()));
    let hex = |b: u8| format!("0x{}", format!("{b:02x}").repeat(32));
    assert_eq!(json["model_hash"], hex(0xa4));
    assert_eq!(json["program_hash"], hex(0x92));
    assert_eq!(json["request_id"], format!("0x{:064x}", 7));
    let attributes: Vec<(String, String)> = json["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["trait_type"].as_str().unwrap().into(),
                a["value"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        attributes,
        vec![
            ("prompt".into(), "seven \"quoted\"".into()),
            ("request_id".into(), format!("0x{:064x}", 7)),
            ("model_hash".into(), hex(0xa4)),
            ("program_hash".into(), hex(0x92)),
        ]
    );
    // Unknown registration: the hashes are left out, the rest stays.
    let mut token = view(b"p", b"");
    token.model = None;
    let json = parse(&token);
    assert!(json.get("model_hash").is_none());
    assert_eq!(json["attributes"].as_array().unwrap().len(), 2);
}

#[test]
fn prompts_with_quotes_backslashes_and_newlines_round_trip_through_json() {
    let prompt = b"a \"cat\" \\ on\na mat\r\tnow \x00\x1f end";
    let json = parse(&view(prompt, b"ipfs://Qm\"x\""));
    assert_eq!(json["prompt"], core::str::from_utf8(prompt).unwrap());
    assert_eq!(json["aigc_data"], "ipfs://Qm\"x\"");
    assert_eq!(
        json["name"],
        "Model \"X\" #0x000000000000000000000000000000000000000000000000000000000000abcd"
    );
    assert_eq!(json["aigc_type"], "image");
    assert_eq!(json["proof_type"], "fraud");
    assert_eq!(json["request_id"], format!("0x{:064x}", 7));
}

#[test]
fn non_ascii_utf8_is_kept_and_invalid_bytes_become_replacement_characters() {
    let prompt = "un chat été 猫 🐈".as_bytes();
    assert_eq!(parse(&view(prompt, b""))["prompt"], "un chat été 猫 🐈");
    let json = parse(&view(b"ok \xff\xfe then \xc3", b"\x80"));
    assert_eq!(json["prompt"], "ok \u{FFFD}\u{FFFD} then \u{FFFD}");
    assert_eq!(json["aigc_data"], "\u{FFFD}");
}

#[test]
fn every_single_byte_prompt_and_content_gives_valid_json_and_svg() {
    for b in 0..=255u8 {
        let json = parse(&view(&[b], &[b]));
        assert!(json["prompt"].is_string(), "byte {b:#x}");
        fallback_text(&svg_of_uri(json["image"].as_str().unwrap()));
    }
}

#[test]
fn token_uri_is_a_base64_json_data_uri() {
    let uri = token_uri(&view(b"p", b"d"));
    let prefix = b"data:application/json;base64,";
    assert!(uri.starts_with(prefix));
    assert_eq!(
        uri[prefix.len()..],
        base64(&metadata_json(&view(b"p", b"d")))[..]
    );
    assert_eq!(
        STANDARD.decode(&uri[prefix.len()..]).unwrap(),
        metadata_json(&view(b"p", b"d"))
    );
}

proptest! {
    #[test]
    fn any_prompt_and_content_give_valid_json_and_well_formed_svg(
        prompt in proptest::collection::vec(any::<u8>(), 0..80),
        content in proptest::collection::vec(any::<u8>(), 0..130),
    ) {
        let json = parse(&view(&prompt, &content));
        let shown = String::from_utf8_lossy(&prompt).into_owned();
        prop_assert_eq!(json["prompt"].as_str().unwrap(), shown.as_str());
        let svg = svg_of_uri(json["image"].as_str().unwrap());
        if is_image(&content) {
            prop_assert_eq!(drawn_pixels(&svg).len(), 64);
        } else {
            fallback_text(&svg);
        }
    }

    #[test]
    fn any_image_is_drawn_pixel_for_pixel(image in proptest::collection::vec(0u8..=16, 64)) {
        let svg = String::from_utf8(svg(&image)).unwrap();
        let pixels = drawn_pixels(&svg);
        for (i, (x, y, level)) in pixels.into_iter().enumerate() {
            prop_assert_eq!((x, y, level), (i % 8, i / 8, gray_level(image[i])));
        }
    }
}
