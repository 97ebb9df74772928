//! Input and output encodings: images, prompts, the seed's noise, and the classifier's answer.
//!
//! - An **image** is 64 bytes, row-major 8x8, each pixel `0..=16` (scikit-learn's digits scale;
//!   0 is background, 16 full ink).
//! - Classifier: `s_0[j] = (p_j · 127 + 8) / 16` (integer division); output = the index of the
//!   largest of the 10 final values (the lowest index on ties), one byte.
//! - Generator: the input is a text prompt, mapped to a [`Prompt`] (digit, seed) by
//!   [`parse_prompt`]; `s_0` = 10 one-hot bytes (127 at the digit, 0 elsewhere) followed by the
//!   seed's [`noise`]. Output: pixel `j` = `(max(s_j, 0) · 16 + 63) / 127`, an image.

use crate::{Error, Result};

/// Pixels in an image.
pub const IMAGE_PIXELS: usize = 64;
/// The largest pixel value.
pub const PIXEL_MAX: u8 = 16;
/// Number of digit classes.
pub const CLASSES: usize = 10;

/// Classifier input: an image's pixels (each `0..=16`) to the int8 state `s_0`.
///
/// # Errors
/// [`Error::BadInput`] unless `image` is 64 pixels in range; [`Error::OutputTooSmall`].
pub fn image_to_state(image: &[u8], out: &mut [u8]) -> Result<usize> {
    if image.len() != IMAGE_PIXELS || image.iter().any(|&p| p > PIXEL_MAX) {
        return Err(Error::BadInput);
    }
    let out = out.get_mut(..IMAGE_PIXELS).ok_or(Error::OutputTooSmall)?;
    for (s, &p) in out.iter_mut().zip(image) {
        *s = ((u16::from(p) * 127 + 8) / 16) as u8;
    }
    Ok(IMAGE_PIXELS)
}

/// Generator output: a state of 64 int8 values to an image (pixels `0..=16`).
pub fn state_to_image(state: &[u8], out: &mut [u8]) -> Result<usize> {
    if state.len() != IMAGE_PIXELS {
        return Err(Error::StateLength);
    }
    let out = out.get_mut(..IMAGE_PIXELS).ok_or(Error::OutputTooSmall)?;
    for (p, &s) in out.iter_mut().zip(state) {
        let v = (s as i8).max(0) as u16;
        *p = ((v * 16 + 63) / 127) as u8;
    }
    Ok(IMAGE_PIXELS)
}

/// The index of the largest int8 value (the lowest index on ties); 0 for an empty state.
pub fn argmax(state: &[u8]) -> u8 {
    let mut best = 0usize;
    for (i, &v) in state.iter().enumerate() {
        if (v as i8) > (state[best] as i8) {
            best = i;
        }
    }
    best as u8
}

/// What the generator draws: a digit and a seed for its noise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prompt {
    /// The digit, `0..=9`.
    pub digit: u8,
    /// The noise seed.
    pub seed: u32,
}

const NUMBER_WORDS: [&[u8]; 10] = [
    b"zero", b"one", b"two", b"three", b"four", b"five", b"six", b"seven", b"eight", b"nine",
];

/// 32-bit FNV-1a of `bytes`.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h
}

/// Maps a text prompt to a [`Prompt`]. Total: every byte string gives a prompt.
///
/// Tokens are the maximal runs of ASCII letters and digits, compared case-insensitively.
/// - `seed N` (the token `seed` followed by an all-digit token): the seed is `N mod 2^32`;
///   the first such pair counts, and both tokens are consumed.
/// - The digit is the first other token that is one decimal digit (`"7"`) or an English number
///   word (`"seven"`).
/// - Without a digit, the digit is `fnv1a32(text) mod 10`; without a seed, the seed is
///   `fnv1a32(text)` (the exact bytes given).
///
/// So `"7"`, `"seven"`, `"a 7, seed 42"` and `"Seed 42: SEVEN"` all ask for a 7; the last two
/// give the same image.
pub fn parse_prompt(text: &[u8]) -> Prompt {
    let mut digit: Option<u8> = None;
    let mut seed: Option<u32> = None;
    let mut tokens = Tokens { text, pos: 0 };
    let mut pending = tokens.next();
    while let Some(token) = pending {
        pending = tokens.next();
        if seed.is_none() && token.eq_ignore_ascii_case(b"seed") {
            if let Some(number) = pending.filter(|t| t.iter().all(u8::is_ascii_digit)) {
                seed = Some(number.iter().fold(0u32, |acc, &c| {
                    acc.wrapping_mul(10).wrapping_add(u32::from(c - b'0'))
                }));
                pending = tokens.next();
                continue;
            }
        }
        if digit.is_none() {
            digit = token_digit(token);
        }
    }
    let hash = fnv1a32(text);
    Prompt {
        digit: digit.unwrap_or((hash % 10) as u8),
        seed: seed.unwrap_or(hash),
    }
}

fn token_digit(token: &[u8]) -> Option<u8> {
    if let [c @ b'0'..=b'9'] = token {
        return Some(c - b'0');
    }
    NUMBER_WORDS
        .iter()
        .position(|w| token.eq_ignore_ascii_case(w))
        .map(|d| d as u8)
}

/// Iterator over the maximal ASCII-alphanumeric runs of a byte string.
struct Tokens<'a> {
    text: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let rest = self.text.get(self.pos..)?;
        let start = self.pos + rest.iter().position(u8::is_ascii_alphanumeric)?;
        let len = self.text[start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .unwrap_or(self.text.len() - start);
        self.pos = start + len;
        Some(&self.text[start..start + len])
    }
}

/// One output of the noise generator's 32-bit counter-based mixer for `counter`.
fn mix(counter: u32) -> u32 {
    let mut z = counter;
    z = (z ^ (z >> 16)).wrapping_mul(0x21f0_aaad);
    z = (z ^ (z >> 15)).wrapping_mul(0x735a_2d97);
    z ^ (z >> 15)
}

/// Fills `out` with the seed's noise: value `i` comes from `r = mix(seed + (i + 1) · 0x9E3779B9)`
/// as the sum of `r`'s four bytes minus 510, divided by 4 rounding half up, clamped to
/// `-127..=127`: approximately normal with standard deviation 36.95 (≈ N(0, 1) · 36.95).
pub fn noise(seed: u32, out: &mut [u8]) {
    let mut counter = seed;
    for v in out.iter_mut() {
        counter = counter.wrapping_add(0x9e37_79b9);
        let r = mix(counter).to_le_bytes();
        let sum = r.iter().map(|&b| i32::from(b)).sum::<i32>();
        *v = ((sum - 510 + 2) >> 2).clamp(-127, 127) as i8 as u8;
    }
}

/// Generator input: writes the one-hot digit and `noise_dim` noise bytes for `prompt` into `out`
/// and returns `10 + noise_dim`.
pub fn generator_state(prompt: Prompt, noise_dim: usize, out: &mut [u8]) -> Result<usize> {
    if prompt.digit as usize >= CLASSES {
        return Err(Error::BadInput);
    }
    let out = out
        .get_mut(..CLASSES + noise_dim)
        .ok_or(Error::OutputTooSmall)?;
    let (one_hot, rest) = out.split_at_mut(CLASSES);
    one_hot.fill(0);
    one_hot[prompt.digit as usize] = 127;
    noise(prompt.seed, rest);
    Ok(CLASSES + noise_dim)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Prompt {
        parse_prompt(text.as_bytes())
    }

    #[test]
    fn prompts() {
        assert_eq!(p("a 7, seed 42"), Prompt { digit: 7, seed: 42 });
        assert_eq!(p("Seed 42: SEVEN"), p("a 7, seed 42"));
        assert_eq!(p("7").digit, 7);
        assert_eq!(p("seven").digit, 7);
        assert_eq!(p("three seed 9 seed 10").seed, 9);
        assert_eq!(p("seed 4294967297 one").seed, 1, "mod 2^32");
        assert_eq!(
            p("seed three").digit,
            3,
            "`seed` without a number is a word"
        );
        assert_eq!(p("77 and 5").digit, 5, "multi-digit numbers are not digits");
        assert_eq!(p("seed 5").digit, (fnv1a32(b"seed 5") % 10) as u8);
        let empty = p("");
        assert_eq!(empty.seed, 0x811c_9dc5);
        assert_eq!(empty.digit, (0x811c_9dc5u32 % 10) as u8);
        assert_eq!(parse_prompt(&[0xff, b'2', 0x00]).digit, 2);
    }

    #[test]
    fn pixels_round_trip() {
        let image: [u8; 64] = core::array::from_fn(|i| (i % 17) as u8);
        let mut state = [0u8; 64];
        image_to_state(&image, &mut state).unwrap();
        assert_eq!(state[16], 127);
        assert_eq!(state[8], 64);
        let mut back = [0u8; 64];
        state_to_image(&state, &mut back).unwrap();
        assert_eq!(back, image);
        let mut bad = image;
        bad[3] = 17;
        assert_eq!(image_to_state(&bad, &mut state), Err(Error::BadInput));
        assert_eq!(state_to_image(&[0x80; 64], &mut back), Ok(64));
        assert_eq!(back, [0; 64], "negative values are background");
    }

    #[test]
    fn argmax_takes_the_first_largest_signed_value() {
        assert_eq!(argmax(&[0x80, 5, 0xff, 5]), 1);
        assert_eq!(argmax(&[0xff, 0x80]), 0);
        assert_eq!(argmax(&[]), 0);
    }

    #[test]
    fn noise_is_roughly_standard_normal_times_37() {
        let mut buf = [0u8; 4096];
        noise(12345, &mut buf);
        let n = buf.len() as i64;
        let sum: i64 = buf.iter().map(|&b| i64::from(b as i8)).sum();
        let sq: i64 = buf.iter().map(|&b| i64::from(b as i8).pow(2)).sum();
        let var = sq / n - (sum / n).pow(2);
        assert!((sum / n).abs() <= 2, "mean {}", sum / n);
        assert!(
            (1200..1550).contains(&var),
            "variance {var} (36.95^2 = 1365)"
        );
        let mut other = [0u8; 16];
        noise(12346, &mut other);
        assert_ne!(buf[..16], other);
    }

    #[test]
    fn generator_state_layout() {
        let mut s = [0u8; 18];
        let prompt = Prompt { digit: 3, seed: 7 };
        assert_eq!(generator_state(prompt, 8, &mut s), Ok(18));
        assert_eq!(s[..10], [0, 0, 0, 127, 0, 0, 0, 0, 0, 0]);
        let mut n = [0u8; 8];
        noise(7, &mut n);
        assert_eq!(s[10..], n);
        let bad = Prompt { digit: 10, seed: 0 };
        assert_eq!(generator_state(bad, 8, &mut s), Err(Error::BadInput));
    }
}
