//! `tokenURI` rendering: ERC-7007 metadata JSON as a `data:application/json;base64,` URI.
//!
//! Written without `core::fmt` (it costs kilobytes of WASM): the JSON is assembled by hand and
//! every string value is escaped by [`json_string`], so no prompt or content bytes can break it.

use alloc::vec::Vec;

use alloy_primitives::U256;

use crate::svg::{is_image, svg};

/// Lowercase hex digits.
pub(crate) const HEX: &[u8; 16] = b"0123456789abcdef";
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends `bytes` as a JSON string literal (quotes included).
///
/// Quotes, backslashes and control characters are escaped; bytes that are not valid UTF-8 become
/// U+FFFD, so the output is always valid UTF-8 JSON whatever the input.
pub fn json_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.extend_from_slice(b"\\\""),
                '\\' => out.extend_from_slice(b"\\\\"),
                '\n' => out.extend_from_slice(b"\\n"),
                '\r' => out.extend_from_slice(b"\\r"),
                '\t' => out.extend_from_slice(b"\\t"),
                c if (c as u32) < 0x20 => {
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX[(c as usize) >> 4]);
                    out.push(HEX[(c as usize) & 0xF]);
                }
                c => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
        if !chunk.invalid().is_empty() {
            out.extend_from_slice("\u{FFFD}".as_bytes());
        }
    }
    out.push(b'"');
}

/// Appends `value` as `0x` followed by 64 lowercase hex digits.
pub fn hex_u256(out: &mut Vec<u8>, value: U256) {
    hex_bytes32(out, &value.to_be_bytes::<32>());
}

/// Appends `bytes` as `0x` followed by 64 lowercase hex digits.
pub fn hex_bytes32(out: &mut Vec<u8>, bytes: &[u8; 32]) {
    out.extend_from_slice(b"0x");
    for &byte in bytes {
        out.push(HEX[(byte >> 4) as usize]);
        out.push(HEX[(byte & 0xF) as usize]);
    }
}

/// Standard base64 (RFC 4648, with padding).
pub fn base64(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(BASE64[(n >> 18) as usize & 63]);
        out.push(BASE64[(n >> 12) as usize & 63]);
        out.push(if chunk.len() > 1 {
            BASE64[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if chunk.len() > 2 {
            BASE64[n as usize & 63]
        } else {
            b'='
        });
    }
    out
}

/// The registration of the model that produced a token's content (the oracle's `getModel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelHashes {
    /// `modelHash`: the Merkle root of the weights.
    pub model_hash: [u8; 32],
    /// `programHash`: the architecture and encodings.
    pub program_hash: [u8; 32],
}

/// What a token's metadata shows.
pub struct TokenView<'a> {
    /// The collection's name.
    pub collection: &'a [u8],
    /// The token id (`keccak256(prompt)`).
    pub token_id: U256,
    /// The prompt.
    pub prompt: &'a [u8],
    /// The generated content; empty while generation is pending.
    pub aigc_data: &'a [u8],
    /// The oracle request that produced the content.
    pub request_id: U256,
    /// The model's commitments, when the oracle could tell them.
    pub model: Option<ModelHashes>,
}

/// Appends `{"trait_type":"<name>","value":` (the caller writes the value and the `}`).
fn trait_open(out: &mut Vec<u8>, name: &[u8]) {
    out.extend_from_slice(b"{\"trait_type\":\"");
    out.extend_from_slice(name);
    out.extend_from_slice(b"\",\"value\":");
}

/// Appends `"0x<64 hex digits>"`.
fn quoted_hex(out: &mut Vec<u8>, bytes: &[u8; 32]) {
    out.push(b'"');
    hex_bytes32(out, bytes);
    out.push(b'"');
}

/// The ERC-7007 metadata JSON of a token.
///
/// Fields: `name`, `description`, `image` (the [`svg`](crate::svg) picture as
/// `data:image/svg+xml;base64,`), `prompt`, `aigc_type` (`image`), `aigc_data` (for an image, the
/// same SVG URI, as the EIP asks for an `image/*` resource; other content as a string, e.g. a URI a
/// model delivered), `proof_type` (`fraud`: opML), `request_id`, `model_hash` and `program_hash`
/// (when known), and `attributes` (`trait_type`/`value` pairs: prompt, request id, model hashes).
pub fn metadata_json(token: &TokenView) -> Vec<u8> {
    let picture = svg_uri(token.aigc_data);
    let mut out = Vec::with_capacity(
        640 + 2 * picture.len() + 4 * token.prompt.len() + 2 * token.aigc_data.len(),
    );
    let mut request_id = Vec::with_capacity(66);
    hex_u256(&mut request_id, token.request_id);
    out.extend_from_slice(b"{\"name\":");
    let mut name = token.collection.to_vec();
    name.extend_from_slice(b" #");
    hex_u256(&mut name, token.token_id);
    json_string(&mut out, &name);
    out.extend_from_slice(
        b",\"description\":\"AI-generated content; the AI Oracle's optimistic (opML) result for the prompt.\",\"image\":\"",
    );
    out.extend_from_slice(&picture);
    out.extend_from_slice(b"\",\"prompt\":");
    json_string(&mut out, token.prompt);
    out.extend_from_slice(b",\"aigc_type\":\"image\",\"aigc_data\":");
    if is_image(token.aigc_data) {
        out.push(b'"');
        out.extend_from_slice(&picture);
        out.push(b'"');
    } else {
        json_string(&mut out, token.aigc_data);
    }
    out.extend_from_slice(b",\"proof_type\":\"fraud\",\"request_id\":\"");
    out.extend_from_slice(&request_id);
    out.push(b'"');
    if let Some(m) = &token.model {
        out.extend_from_slice(b",\"model_hash\":");
        quoted_hex(&mut out, &m.model_hash);
        out.extend_from_slice(b",\"program_hash\":");
        quoted_hex(&mut out, &m.program_hash);
    }
    out.extend_from_slice(b",\"attributes\":[");
    trait_open(&mut out, b"prompt");
    json_string(&mut out, token.prompt);
    out.extend_from_slice(b"},");
    trait_open(&mut out, b"request_id");
    out.push(b'"');
    out.extend_from_slice(&request_id);
    out.extend_from_slice(b"\"}");
    if let Some(m) = &token.model {
        out.push(b',');
        trait_open(&mut out, b"model_hash");
        quoted_hex(&mut out, &m.model_hash);
        out.extend_from_slice(b"},");
        trait_open(&mut out, b"program_hash");
        quoted_hex(&mut out, &m.program_hash);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    out
}

/// `data:image/svg+xml;base64,` followed by the base64 of the content's [`svg`].
pub fn svg_uri(content: &[u8]) -> Vec<u8> {
    let mut uri = b"data:image/svg+xml;base64,".to_vec();
    uri.extend_from_slice(&base64(&svg(content)));
    uri
}

/// `data:application/json;base64,` followed by the base64 of [`metadata_json`].
pub fn token_uri(token: &TokenView) -> Vec<u8> {
    let mut uri = b"data:application/json;base64,".to_vec();
    uri.extend_from_slice(&base64(&metadata_json(token)));
    uri
}
