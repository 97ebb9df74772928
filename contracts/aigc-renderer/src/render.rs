//! `tokenURI` rendering: ERC-7007 metadata JSON as a `data:application/json;base64,` URI.
//!
//! Written without `core::fmt` (it costs kilobytes of WASM): the JSON is assembled by hand and
//! every string value is escaped by [`json_string`], so no prompt or content bytes can break it.

use alloc::vec::Vec;

use alloy_primitives::U256;

const HEX: &[u8; 16] = b"0123456789abcdef";
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
    out.extend_from_slice(b"0x");
    for byte in value.to_be_bytes::<32>() {
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
}

/// The ERC-7007 metadata JSON of a token.
///
/// Fields: `name`, `description`, `image` (the content, for image models), `prompt`,
/// `aigc_type` (`image`), `aigc_data`, `proof_type` (`fraud`: opML), plus `request_id`.
pub fn metadata_json(token: &TokenView) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + 2 * (token.prompt.len() + token.aigc_data.len()));
    out.extend_from_slice(b"{\"name\":");
    let mut name = token.collection.to_vec();
    name.extend_from_slice(b" #");
    hex_u256(&mut name, token.token_id);
    json_string(&mut out, &name);
    out.extend_from_slice(
        b",\"description\":\"AI-generated content; the AI Oracle's optimistic (opML) result for the prompt.\",\"image\":",
    );
    json_string(&mut out, token.aigc_data);
    out.extend_from_slice(b",\"prompt\":");
    json_string(&mut out, token.prompt);
    out.extend_from_slice(b",\"aigc_type\":\"image\",\"aigc_data\":");
    json_string(&mut out, token.aigc_data);
    out.extend_from_slice(b",\"proof_type\":\"fraud\",\"request_id\":\"");
    hex_u256(&mut out, token.request_id);
    out.extend_from_slice(b"\"}");
    out
}

/// `data:application/json;base64,` followed by the base64 of [`metadata_json`].
pub fn token_uri(token: &TokenView) -> Vec<u8> {
    let mut uri = b"data:application/json;base64,".to_vec();
    uri.extend_from_slice(&base64(&metadata_json(token)));
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(token: &TokenView) -> serde_json::Value {
        serde_json::from_slice(&metadata_json(token)).expect("valid JSON")
    }

    fn view<'a>(prompt: &'a [u8], data: &'a [u8]) -> TokenView<'a> {
        TokenView {
            collection: b"Model \"X\"",
            token_id: U256::from(0xabcdu64),
            prompt,
            aigc_data: data,
            request_id: U256::from(7u8),
        }
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
    fn every_single_byte_prompt_gives_valid_json() {
        for b in 0..=255u8 {
            let json = parse(&view(&[b], b""));
            assert!(json["prompt"].is_string(), "byte {b:#x}");
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
    }
}
