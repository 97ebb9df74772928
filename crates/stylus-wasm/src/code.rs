//! The Stylus code format (`EF F0 00 ‖ dictionary ‖ brotli(wasm)`) and its creation code.

use std::{fmt, io::Read};

/// Prefix of deployed Stylus code: the EOF-style magic `EF F0`, version `00`, and dictionary
/// `00` (no dictionary).
pub const CODE_PREFIX: [u8; 4] = [0xEF, 0xF0, 0x00, 0x00];

/// The largest deployable code (EIP-170 as Arbitrum applies it, prefix included).
pub const MAX_CODE_SIZE: usize = 24_576;

/// The largest WASM module Nitro decompresses and activates.
pub const MAX_WASM_SIZE: usize = 128 * 1024;

/// Why bytes are not deployable Stylus code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// The code does not start with `EF F0 00`.
    NotStylus,
    /// The dictionary byte names a dictionary this tool does not have.
    UnknownDictionary(u8),
    /// The brotli stream is corrupt.
    Corrupt(String),
    /// The module is larger than [`MAX_WASM_SIZE`] once decompressed.
    TooLarge,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::NotStylus => {
                write!(f, "code does not start with the Stylus prefix EF F0 00")
            }
            CodeError::UnknownDictionary(d) => {
                write!(
                    f,
                    "unsupported brotli dictionary {d:#04x} (only 0x00, none, is supported)"
                )
            }
            CodeError::Corrupt(e) => write!(f, "corrupt brotli stream: {e}"),
            CodeError::TooLarge => {
                write!(f, "decompressed module exceeds {MAX_WASM_SIZE} bytes")
            }
        }
    }
}

impl std::error::Error for CodeError {}

/// Compresses a WASM module into deployable code: [`CODE_PREFIX`] ‖ brotli (quality 11,
/// window 22), the parameters cargo-stylus and Nitro use.
pub fn compress(wasm: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = CODE_PREFIX.to_vec();
    let mut input = wasm;
    // Writing into a Vec cannot fail.
    brotli::BrotliCompress(&mut input, &mut out, &params).expect("in-memory compression");
    out
}

/// Recovers the WASM module from deployed code, enforcing [`MAX_WASM_SIZE`].
///
/// # Errors
/// [`CodeError`] when the prefix, dictionary or stream is wrong, or the module is too large.
pub fn decompress(code: &[u8]) -> Result<Vec<u8>, CodeError> {
    if code.len() < CODE_PREFIX.len() || code[..3] != CODE_PREFIX[..3] {
        return Err(CodeError::NotStylus);
    }
    if code[3] != 0 {
        return Err(CodeError::UnknownDictionary(code[3]));
    }
    let mut wasm = Vec::new();
    brotli::Decompressor::new(&code[4..], 4096)
        .take(MAX_WASM_SIZE as u64 + 1)
        .read_to_end(&mut wasm)
        .map_err(|e| CodeError::Corrupt(e.to_string()))?;
    if wasm.len() > MAX_WASM_SIZE {
        return Err(CodeError::TooLarge);
    }
    Ok(wasm)
}

/// EVM creation code that deploys `code` as the new account's runtime code.
///
/// The 14-byte prelude is `PUSH4 len, DUP1, PUSH1 14, PUSH1 0, CODECOPY, PUSH1 0, RETURN`,
/// followed by `code` itself.
pub fn initcode(code: &[u8]) -> Vec<u8> {
    const PRELUDE_LEN: u8 = 14;
    let len = u32::try_from(code.len()).expect("code longer than 4 GiB");
    let mut out = Vec::with_capacity(PRELUDE_LEN as usize + code.len());
    out.push(0x63); // PUSH4 len
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&[
        0x80, // DUP1
        0x60,
        PRELUDE_LEN, // PUSH1 offset of the code
        0x60,
        0x00, // PUSH1 0 (memory destination)
        0x39, // CODECOPY
        0x60,
        0x00, // PUSH1 0
        0xF3, // RETURN(0, len)
    ]);
    debug_assert_eq!(out.len(), PRELUDE_LEN as usize);
    out.extend_from_slice(code);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compress_then_decompress_gives_the_module_back() {
        let wasm = b"\0asm\x01\0\0\0 some module bytes, some module bytes".to_vec();
        let code = compress(&wasm);
        assert_eq!(code[..4], CODE_PREFIX);
        assert_eq!(decompress(&code).unwrap(), wasm);
    }

    #[test]
    fn decompress_rejects_code_without_the_prefix() {
        assert_eq!(decompress(&[0x60, 0x00]), Err(CodeError::NotStylus));
        assert_eq!(decompress(&[]), Err(CodeError::NotStylus));
    }

    #[test]
    fn decompress_rejects_an_unknown_dictionary() {
        let mut code = compress(b"\0asm");
        code[3] = 1;
        assert_eq!(decompress(&code), Err(CodeError::UnknownDictionary(1)));
    }

    #[test]
    fn decompress_rejects_modules_over_128_kib() {
        let code = compress(&vec![0u8; MAX_WASM_SIZE + 1]);
        assert_eq!(decompress(&code), Err(CodeError::TooLarge));
        let code = compress(&vec![0u8; MAX_WASM_SIZE]);
        assert_eq!(decompress(&code).unwrap().len(), MAX_WASM_SIZE);
    }

    #[test]
    fn decompress_rejects_a_corrupt_stream() {
        let mut code = CODE_PREFIX.to_vec();
        code.extend_from_slice(&[0xFF; 16]);
        assert!(matches!(decompress(&code), Err(CodeError::Corrupt(_))));
    }
}
