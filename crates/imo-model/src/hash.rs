//! Keccak-256 behind a trait, and the state commitment `h_i`.

/// A keccak-256 implementation (Ethereum's, not SHA3-256).
///
/// Native code uses [`TinyKeccak`]; a Stylus contract implements this with the host's
/// `native_keccak256`, which costs far less ink than hashing in WASM.
pub trait Keccak256 {
    /// keccak-256 of `data`.
    fn keccak256(&self, data: &[u8]) -> [u8; 32];
}

/// Keccak-256 in software, from the `tiny-keccak` crate.
#[cfg(feature = "tiny-keccak")]
#[derive(Clone, Copy, Debug, Default)]
pub struct TinyKeccak;

#[cfg(feature = "tiny-keccak")]
impl Keccak256 for TinyKeccak {
    fn keccak256(&self, data: &[u8]) -> [u8; 32] {
        use tiny_keccak::Hasher;
        let mut hasher = tiny_keccak::Keccak::v256();
        hasher.update(data);
        let mut out = [0u8; 32];
        hasher.finalize(&mut out);
        out
    }
}

/// `h_i = keccak256(s_i)`: the commitment to a state, its bytes as stored (int8, two's complement).
pub fn state_hash<H: Keccak256>(hasher: &H, state: &[u8]) -> [u8; 32] {
    hasher.keccak256(state)
}

#[cfg(all(test, feature = "tiny-keccak"))]
mod tests {
    use super::*;

    #[test]
    fn keccak_of_empty_is_ethereums() {
        // keccak256("") as every Ethereum client knows it.
        let h = TinyKeccak.keccak256(b"");
        assert_eq!(
            h[..4],
            [0xc5, 0xd2, 0x46, 0x01],
            "keccak-256, not SHA3-256 (a7ffc6f8...)"
        );
        assert_eq!(h[28..], [0x5d, 0x85, 0xa4, 0x70]);
    }
}
