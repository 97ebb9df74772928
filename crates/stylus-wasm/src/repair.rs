//! Re-encoding rustc's output into the module form Nitro's parser accepts.

use anyhow::{Context, Result};
use wasmparser::{Parser, Payload};

/// Removes every custom section (names, producers, target features, debug info).
///
/// They carry nothing a chain executes and cost deployment bytes.
///
/// # Errors
/// When the module cannot be parsed.
pub fn strip_custom_sections(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(wasm.len());
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.context("parsing the module")?;
        match payload {
            Payload::Version { range, .. } => out.extend_from_slice(slice(wasm, range)?),
            Payload::CustomSection(_) => {}
            other => {
                if let Some((id, range)) = other.as_section() {
                    let section = slice(wasm, range)?;
                    out.push(id);
                    write_leb_u32(&mut out, u32::try_from(section.len())?);
                    out.extend_from_slice(section);
                }
            }
        }
    }
    Ok(out)
}

/// Drops custom sections and re-encodes the module through its text form.
///
/// rustc emits `call_indirect` with a reference-types ("overlong") table index that Nitro's
/// parser rejects (`zero byte expected`); printing the module as text and assembling it again
/// writes the MVP encoding. The function does not optimise; run `wasm-opt` for that.
///
/// # Errors
/// When the module cannot be parsed, printed or reassembled.
pub fn repair(wasm: &[u8]) -> Result<Vec<u8>> {
    let stripped = strip_custom_sections(wasm)?;
    let text = wasmprinter::print_bytes(&stripped).context("printing the module as text")?;
    wat::parse_str(&text).context("reassembling the module from text")
}

/// The bytes of a section, or an error for a range past the end (a truncated module).
fn slice(wasm: &[u8], range: std::ops::Range<u64>) -> Result<&[u8]> {
    let (start, end) = (usize::try_from(range.start)?, usize::try_from(range.end)?);
    wasm.get(start..end)
        .context("truncated module: a section runs past the end")
}

fn write_leb_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_removes_custom_sections_and_keeps_the_rest() {
        let wasm = wat::parse_str(r#"(module (@custom "producers" "rustc") (func (export "f")))"#)
            .unwrap();
        let stripped = strip_custom_sections(&wasm).unwrap();
        assert!(stripped.len() < wasm.len());
        let customs = Parser::new(0)
            .parse_all(&stripped)
            .filter(|p| matches!(p, Ok(Payload::CustomSection(_))))
            .count();
        assert_eq!(customs, 0);
        assert_eq!(
            wasmprinter::print_bytes(&stripped).unwrap(),
            wasmprinter::print_bytes(strip_custom_sections(&stripped).unwrap()).unwrap()
        );
    }

    #[test]
    fn repair_rewrites_an_overlong_call_indirect_table_index() {
        // `call_indirect (type 0) (table 0)` encoded with a 5-byte LEB table index,
        // the form rustc emits and Nitro rejects.
        let module: Vec<u8> = [
            &b"\0asm\x01\0\0\0"[..],
            &[0x01, 0x04, 0x01, 0x60, 0x00, 0x00], // type section: () -> ()
            &[0x03, 0x02, 0x01, 0x00],             // function section: one func of type 0
            &[0x04, 0x04, 0x01, 0x70, 0x00, 0x00], // table section: funcref, min 0
            // code: one body [i32.const 0, call_indirect 0 overlong(0), end]
            &[
                0x0A, 0x0D, 0x01, 0x0B, 0x00, 0x41, 0x00, 0x11, 0x00, 0x80, 0x80, 0x80, 0x80, 0x00,
                0x0B,
            ],
        ]
        .concat();
        let repaired = repair(&module).unwrap();
        assert!(repaired.windows(3).any(|w| w == [0x11, 0x00, 0x00]));
        assert!(repaired.len() < module.len());
    }

    #[test]
    fn a_truncated_module_is_an_error_not_a_panic() {
        let wasm =
            wat::parse_str(r#"(module (func (export "f") (result i32) (i32.const 7)))"#).unwrap();
        for len in 0..wasm.len() {
            let _ = strip_custom_sections(&wasm[..len]);
            let _ = repair(&wasm[..len]);
        }
        assert!(strip_custom_sections(&wasm[..wasm.len() - 1]).is_err());
    }

    #[test]
    fn leb_encoding_matches_the_spec() {
        let mut out = Vec::new();
        write_leb_u32(&mut out, 624_485);
        assert_eq!(out, [0xE5, 0x8E, 0x26]);
    }
}
