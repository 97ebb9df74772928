//! The token's picture as SVG: the generated 8x8 image, or the content as text when it is not one.
//!
//! **Image rule.** Content is an image iff it is exactly [`IMAGE_PIXELS`] (64) bytes, each at most
//! [`PIXEL_MAX`] (16): the output encoding of the committed generator (`crates/imo-model`: row-major
//! 8x8, scikit-learn's digits, 0 = background). Byte `8·r + c` is the pixel in row `r` (top to
//! bottom) and column `c` (left to right), drawn as the unit square at `(c, r)` of an `0 0 8 8`
//! viewBox shown at [`SIZE`] x [`SIZE`] CSS pixels (crisp edges, so each image pixel is a solid
//! 40x40 block). Its gray level is [`gray_level`]: `255 - (p·255 + 8) / 16` (integer division), ink
//! dark on white paper: 0 -> `#ffffff`, 8 -> `#7f7f7f`, 16 -> `#000000`.
//!
//! **Text fallback.** Any other content (empty while pending, the wrong length, a byte above 16)
//! is drawn as text on white: its first [`MAX_TEXT_CHARS`] characters, invalid UTF-8 and characters
//! XML forbids shown as U+FFFD, markup escaped. Rendering never fails.

use alloc::vec::Vec;

use crate::render::HEX;

/// Pixels of an image (8x8).
pub const IMAGE_PIXELS: usize = 64;
/// Image side, in pixels.
pub const SIDE: usize = 8;
/// The largest pixel value (scikit-learn's digits: 0..=16).
pub const PIXEL_MAX: u8 = 16;
/// Width and height of the SVG, in CSS pixels (40 per image pixel).
pub const SIZE: usize = 320;
/// Most characters of non-image content the text fallback shows.
pub const MAX_TEXT_CHARS: usize = 40;

/// Whether `content` is an 8x8 image in the generator's encoding (see the module docs).
pub fn is_image(content: &[u8]) -> bool {
    content.len() == IMAGE_PIXELS && content.iter().all(|&p| p <= PIXEL_MAX)
}

/// The gray level (0 black ..= 255 white) of pixel value `p` (`0..=16`): `255 - (p·255 + 8) / 16`.
/// Values above 16 are drawn as 16 (they never reach here: such content is not an image).
pub fn gray_level(p: u8) -> u8 {
    let p = u16::from(p.min(PIXEL_MAX));
    // p <= 16: (p·255 + 8) / 16 <= 255.
    255 - ((p * 255 + 8) / 16) as u8
}

/// Appends `v` in decimal (`v < 1000`).
fn decimal(out: &mut Vec<u8>, v: usize) {
    if v >= 100 {
        out.push(b'0' + (v / 100 % 10) as u8);
    }
    if v >= 10 {
        out.push(b'0' + (v / 10 % 10) as u8);
    }
    out.push(b'0' + (v % 10) as u8);
}

/// `<svg ...` with the document's size; `view` is the viewBox side.
fn open(out: &mut Vec<u8>, view: usize) {
    out.extend_from_slice(b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    decimal(out, view);
    out.push(b' ');
    decimal(out, view);
    out.extend_from_slice(b"\" width=\"");
    decimal(out, SIZE);
    out.extend_from_slice(b"\" height=\"");
    decimal(out, SIZE);
    out.extend_from_slice(b"\" shape-rendering=\"crispEdges\">");
}

/// The SVG of `content`: the image when [`is_image`], else the text fallback.
pub fn svg(content: &[u8]) -> Vec<u8> {
    if is_image(content) {
        image_svg(content)
    } else {
        text_svg(content)
    }
}

/// An 8x8 image as 64 gray rects (`content` must satisfy [`is_image`]).
fn image_svg(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(120 + IMAGE_PIXELS * 60);
    open(&mut out, SIDE);
    for (i, &p) in content.iter().enumerate() {
        out.extend_from_slice(b"<rect x=\"");
        decimal(&mut out, i % SIDE);
        out.extend_from_slice(b"\" y=\"");
        decimal(&mut out, i / SIDE);
        out.extend_from_slice(b"\" width=\"1\" height=\"1\" fill=\"#");
        let g = gray_level(p);
        for _ in 0..3 {
            out.push(HEX[usize::from(g >> 4)]);
            out.push(HEX[usize::from(g & 0xF)]);
        }
        out.extend_from_slice(b"\"/>");
    }
    out.extend_from_slice(b"</svg>");
    out
}

/// Non-image content as one line of monospace text on white.
fn text_svg(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(360 + 4 * MAX_TEXT_CHARS);
    open(&mut out, SIZE);
    out.extend_from_slice(
        b"<rect width=\"320\" height=\"320\" fill=\"#ffffff\"/><text x=\"12\" y=\"164\" font-family=\"monospace\" font-size=\"12\" fill=\"#000000\">",
    );
    if content.is_empty() {
        out.extend_from_slice(b"(no content yet)");
    } else {
        xml_text(&mut out, content, MAX_TEXT_CHARS);
    }
    out.extend_from_slice(b"</text></svg>");
    out
}

/// Appends at most `max_chars` characters of `bytes` as XML character data (then `...` when cut):
/// `&`, `<` and `>` escaped; invalid UTF-8, control characters and U+FFFE/U+FFFF (which XML 1.0
/// forbids even as references) become U+FFFD.
pub fn xml_text(out: &mut Vec<u8>, bytes: &[u8], max_chars: usize) {
    let mut shown = 0;
    for chunk in bytes.utf8_chunks() {
        let invalid = (!chunk.invalid().is_empty()).then_some('\u{FFFD}');
        for c in chunk.valid().chars().chain(invalid) {
            if shown == max_chars {
                out.extend_from_slice(b"...");
                return;
            }
            shown += 1;
            match c {
                '&' => out.extend_from_slice(b"&amp;"),
                '<' => out.extend_from_slice(b"&lt;"),
                '>' => out.extend_from_slice(b"&gt;"),
                c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                    out.extend_from_slice("\u{FFFD}".as_bytes())
                }
                c => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }
}
