//! Fixed-depth binary Merkle trees over keccak-256, without allocation.
//!
//! A tree over `n >= 1` leaves has depth `d = ceil(log2 n)` (0 for one leaf) and `2^d` slots;
//! slots past `n` are empty. An inner node is `keccak256(left ‖ right)`, except that a subtree
//! with no leaf in it is 32 zero bytes (so padding costs no hashing, and the path of a real leaf
//! never passes through such a node). A proof for leaf `i` is its `d` siblings, bottom up; a
//! verifier checks its length against the `n` it knows, so a proof cannot pretend an inner node
//! is a leaf.

use crate::{Error, Keccak256, Result};

/// The hash of a subtree that holds no leaf.
pub const EMPTY: [u8; 32] = [0u8; 32];

/// `keccak256(left ‖ right)`.
pub fn node<H: Keccak256>(hasher: &H, left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut buf = [0u8; 64];
    buf[..32].copy_from_slice(left);
    buf[32..].copy_from_slice(right);
    hasher.keccak256(&buf)
}

/// Depth of the tree over `n` leaves: `ceil(log2 n)`, 0 for `n <= 1`.
pub fn depth(n: usize) -> usize {
    if n <= 1 {
        0
    } else {
        (usize::BITS - (n - 1).leading_zeros()) as usize
    }
}

/// Root of the tree over `n` leaves; `leaf(i)` gives leaf `i`'s hash. Zero leaves give [`EMPTY`].
pub fn root<H: Keccak256, F: Fn(usize) -> [u8; 32]>(hasher: &H, n: usize, leaf: F) -> [u8; 32] {
    if n == 0 {
        return EMPTY;
    }
    subtree(hasher, n, &leaf, depth(n), 0)
}

/// Hash of the subtree of height `level` whose first slot is `start`.
fn subtree<H: Keccak256, F: Fn(usize) -> [u8; 32]>(
    hasher: &H,
    n: usize,
    leaf: &F,
    level: usize,
    start: usize,
) -> [u8; 32] {
    if start >= n {
        return EMPTY;
    }
    if level == 0 {
        return leaf(start);
    }
    let half = 1usize << (level - 1);
    let left = subtree(hasher, n, leaf, level - 1, start);
    let right = subtree(hasher, n, leaf, level - 1, start + half);
    node(hasher, &left, &right)
}

/// Writes the proof for leaf `index` (its siblings, bottom up) into `out` and returns its length
/// (the depth).
///
/// # Errors
/// [`Error::RowRange`] if `index >= n`; [`Error::ProofTooShort`] if `out` is shorter than the depth.
pub fn proof<H: Keccak256, F: Fn(usize) -> [u8; 32]>(
    hasher: &H,
    n: usize,
    leaf: F,
    index: usize,
    out: &mut [[u8; 32]],
) -> Result<usize> {
    if index >= n {
        return Err(Error::RowRange);
    }
    let d = depth(n);
    if out.len() < d {
        return Err(Error::ProofTooShort);
    }
    for (level, slot) in out.iter_mut().take(d).enumerate() {
        let sibling_start = ((index >> level) ^ 1) << level;
        *slot = subtree(hasher, n, &leaf, level, sibling_start);
    }
    Ok(d)
}

/// The root that `leaf` at `index` and the sibling path `path` lead to.
pub fn root_from_path<H: Keccak256>(
    hasher: &H,
    leaf: [u8; 32],
    index: usize,
    path: &[[u8; 32]],
) -> [u8; 32] {
    let mut acc = leaf;
    for (level, sibling) in path.iter().enumerate() {
        acc = if index.checked_shr(level as u32).unwrap_or(0) & 1 == 0 {
            node(hasher, &acc, sibling)
        } else {
            node(hasher, sibling, &acc)
        };
    }
    acc
}

/// Whether `path` proves `leaf` at `index` in the tree over `n` leaves with root `root`.
///
/// False if `index >= n` or the path's length is not the tree's depth.
pub fn verify<H: Keccak256>(
    hasher: &H,
    root: &[u8; 32],
    n: usize,
    index: usize,
    leaf: [u8; 32],
    path: &[[u8; 32]],
) -> bool {
    index < n && path.len() == depth(n) && root_from_path(hasher, leaf, index, path) == *root
}

#[cfg(all(test, feature = "tiny-keccak"))]
mod tests {
    use super::*;
    use crate::TinyKeccak;

    fn leaf(i: usize) -> [u8; 32] {
        TinyKeccak.keccak256(&(i as u64).to_le_bytes())
    }

    #[test]
    fn depths() {
        let got: [usize; 9] = core::array::from_fn(depth);
        assert_eq!(got, [0, 0, 1, 2, 2, 3, 3, 3, 3]);
        assert_eq!(depth(17), 5);
    }

    #[test]
    fn single_leaf_is_its_own_root() {
        assert_eq!(root(&TinyKeccak, 1, leaf), leaf(0));
    }

    #[test]
    fn three_leaves_pad_with_an_empty_slot() {
        let h = TinyKeccak;
        let expected = node(
            &h,
            &node(&h, &leaf(0), &leaf(1)),
            &node(&h, &leaf(2), &EMPTY),
        );
        assert_eq!(root(&h, 3, leaf), expected);
    }

    #[test]
    fn every_proof_verifies_and_tampering_fails() {
        let h = TinyKeccak;
        for n in 1..=13 {
            let r = root(&h, n, leaf);
            for i in 0..n {
                let mut buf = [[0u8; 32]; 8];
                let d = proof(&h, n, leaf, i, &mut buf).unwrap();
                assert_eq!(d, depth(n));
                assert!(verify(&h, &r, n, i, leaf(i), &buf[..d]), "n={n} i={i}");
                assert!(!verify(&h, &r, n, i, leaf(i + 1), &buf[..d]));
                if d > 0 {
                    assert!(!verify(&h, &r, n, i ^ 1, leaf(i), &buf[..d]) || (i ^ 1) >= n);
                    let mut bad = buf;
                    bad[d - 1][0] ^= 1;
                    assert!(!verify(&h, &r, n, i, leaf(i), &bad[..d]));
                    // A shorter path (an inner node passed off as a leaf) is refused.
                    let inner = root_from_path(&h, leaf(i), i, &buf[..1]);
                    assert!(!verify(&h, &r, n, i >> 1, inner, &buf[1..d]));
                }
            }
            assert!(!verify(&h, &r, n, n, leaf(n), &[]));
        }
    }

    #[test]
    fn proof_errors() {
        let mut buf = [[0u8; 32]; 1];
        assert_eq!(
            proof(&TinyKeccak, 5, leaf, 5, &mut buf),
            Err(Error::RowRange)
        );
        assert_eq!(
            proof(&TinyKeccak, 5, leaf, 0, &mut buf),
            Err(Error::ProofTooShort)
        );
    }
}
