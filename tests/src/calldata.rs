//! Calldata for ABI-level tests: default (zero / empty) arguments for any Solidity parameter
//! types, tuples and fixed arrays included, and the malformed variants the robustness tests send.

use alloy_primitives::U256;

/// The components of a tuple type `(a,b,(c,d))`: split at its top-level commas.
pub fn components(tuple: &str) -> Vec<&str> {
    let inner = &tuple[1..tuple.len() - 1];
    let (mut parts, mut depth, mut from) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    if !inner.is_empty() {
        parts.push(&inner[from..]);
    }
    parts
}

/// Whether values of type `t` are encoded in the tail (behind an offset).
pub fn dynamic(t: &str) -> bool {
    if t == "bytes" || t == "string" || t.ends_with("[]") {
        return true;
    }
    if let Some(open) = t.rfind('[').filter(|_| t.ends_with(']')) {
        return dynamic(&t[..open]);
    }
    t.starts_with('(') && components(t).iter().any(|c| dynamic(c))
}

/// ABI-encodes default (zero / empty) arguments for the given Solidity parameter types (tuples
/// and fixed arrays included), as a function's parameters.
pub fn default_args(types: &[&str]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    let head_len: usize = types
        .iter()
        .map(|t| if dynamic(t) { 32 } else { static_len(t) })
        .sum();
    for t in types {
        let encoded = default_value(t);
        if dynamic(t) {
            head.extend_from_slice(&U256::from(head_len + tail.len()).to_be_bytes::<32>());
            tail.extend_from_slice(&encoded);
        } else {
            head.extend_from_slice(&encoded);
        }
    }
    head.extend_from_slice(&tail);
    head
}

/// The size in the head of a static type.
pub fn static_len(t: &str) -> usize {
    if t.starts_with('(') {
        return components(t).iter().map(|c| static_len(c)).sum();
    }
    if let Some(open) = t.rfind('[').filter(|_| t.ends_with(']')) {
        let n: usize = t[open + 1..t.len() - 1]
            .parse()
            .expect("a fixed array length");
        return n * static_len(&t[..open]);
    }
    32
}

/// The encoding of one default value of type `t` (for a dynamic type, what its offset points to).
pub fn default_value(t: &str) -> Vec<u8> {
    if t == "bytes" || t == "string" || t.ends_with("[]") {
        return vec![0u8; 32]; // length 0
    }
    if t.starts_with('(') {
        return default_args(&components(t));
    }
    if let Some(open) = t.rfind('[').filter(|_| t.ends_with(']')) {
        let n: usize = t[open + 1..t.len() - 1]
            .parse()
            .expect("a fixed array length");
        return default_args(&vec![&t[..open]; n]);
    }
    assert!(
        t.starts_with("uint")
            || t.starts_with("int")
            || t.starts_with("bytes")
            || t == "address"
            || t == "bool",
        "default_args: unsupported parameter type {t}"
    );
    vec![0u8; 32]
}

/// Malformed calldata for a function with `selector` and parameter `types`: one of truncated
/// arguments, a word with dirty high bits, a huge offset or length, trailing garbage, random
/// bytes after the selector, or an unknown selector. `rng` chooses.
pub fn malformed(rng: &mut impl rand::Rng, selector: [u8; 4], types: &[&str]) -> Vec<u8> {
    let args = default_args(types);
    let mut data = selector.to_vec();
    match rng.gen_range(0..7) {
        // Truncated somewhere (possibly inside the selector's arguments' first word).
        0 if !args.is_empty() => data.extend_from_slice(&args[..rng.gen_range(0..args.len())]),
        // One word replaced by random bytes (dirty high bits in addresses and small integers).
        1 if !args.is_empty() => {
            let mut args = args;
            let word = rng.gen_range(0..args.len() / 32);
            rng.fill(&mut args[word * 32..word * 32 + 32]);
            data.extend_from_slice(&args);
        }
        // A huge offset or length: every word that is an offset or a length set to a huge value.
        2 if !args.is_empty() => {
            let mut args = args;
            let huge = [
                U256::MAX,
                U256::from(u32::MAX),
                U256::from(1u64 << 40),
                U256::from(args.len() + 32),
            ];
            let word = rng.gen_range(0..args.len() / 32);
            let value = huge[rng.gen_range(0..huge.len())];
            args[word * 32..word * 32 + 32].copy_from_slice(&value.to_be_bytes::<32>());
            data.extend_from_slice(&args);
        }
        // Well-formed arguments followed by garbage.
        3 => {
            data.extend_from_slice(&args);
            let mut tail = vec![0u8; rng.gen_range(1..100)];
            rng.fill(tail.as_mut_slice());
            data.extend_from_slice(&tail);
        }
        // An unknown selector with plausible arguments.
        4 => {
            rng.fill(&mut data[..4]);
            data.extend_from_slice(&args);
        }
        // Random bytes of a random length.
        _ => {
            let mut tail = vec![0u8; rng.gen_range(0..4 + 32 * (types.len() + 2))];
            rng.fill(tail.as_mut_slice());
            data.extend_from_slice(&tail);
        }
    }
    data
}
