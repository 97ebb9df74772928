//! Checked narrowing between the ABI's 256-bit integers and native integers, and 128-bit
//! fixed-point helpers.
//!
//! Money and token amounts in these contracts fit 128 bits (far above the ETH supply; token
//! supplies are capped at `u128::MAX`), so arithmetic runs on native `u128`. ruint's general
//! 256-bit division costs about 4 KB of WASM; nothing here uses it.
//!
//! One set of names:
//! - [`to_u128`], [`to_u64`]: ABI value to native, `None` when it does not fit;
//! - [`from_stored`]: a stored integer of at most 128 bits to `u128` (lossless);
//! - [`from_small`]: a stored integer of at most 64 bits to `u64` (lossless);
//! - [`to_stored`]: a `u128` to a storage width, `None` when it does not fit;
//! - [`wide`]: `u128` to `U256`;
//! - [`mul_div`], [`bps_of`], [`percent_of`]: `floor(a * b / d)` without overflow.

use alloy_primitives::{Uint, U256};

/// Denominator of amounts in basis points.
pub const BPS: u16 = 10_000;

/// `x` as `u128`, or `None` when it has more than 128 bits.
#[must_use]
pub fn to_u128(x: U256) -> Option<u128> {
    let l = x.as_limbs();
    if l[2] | l[3] != 0 {
        return None;
    }
    Some(u128::from(l[0]) | (u128::from(l[1]) << 64))
}

/// `x` as `u64`, or `None` when it has more than 64 bits.
#[must_use]
pub fn to_u64(x: U256) -> Option<u64> {
    let l = x.as_limbs();
    if l[1] | l[2] | l[3] != 0 {
        return None;
    }
    Some(l[0])
}

/// A stored integer of at most 128 bits (one or two limbs) as `u128`.
#[must_use]
pub fn from_stored<const BITS: usize, const LIMBS: usize>(x: Uint<BITS, LIMBS>) -> u128 {
    debug_assert!(BITS <= 128);
    let l = x.as_limbs();
    let low = u128::from(l[0]);
    if LIMBS > 1 {
        low | (u128::from(l[1]) << 64)
    } else {
        low
    }
}

/// A stored integer of at most 64 bits (one limb) as `u64`.
#[must_use]
pub fn from_small<const BITS: usize>(x: Uint<BITS, 1>) -> u64 {
    debug_assert!(BITS <= 64);
    x.as_limbs()[0]
}

/// `x` narrowed to a storage integer of `BITS <= 128` bits, or `None` when it does not fit.
#[must_use]
#[allow(clippy::cast_possible_truncation)]
pub fn to_stored<const BITS: usize, const LIMBS: usize>(x: u128) -> Option<Uint<BITS, LIMBS>> {
    debug_assert!(BITS <= 128);
    if BITS < 128 && x >> BITS != 0 {
        return None;
    }
    let mut limbs = [0u64; LIMBS];
    limbs[0] = x as u64;
    if LIMBS > 1 {
        limbs[1] = (x >> 64) as u64;
    }
    Some(Uint::from_limbs(limbs))
}

/// `x` widened to 256 bits.
#[must_use]
#[allow(clippy::cast_possible_truncation)]
pub fn wide(x: u128) -> U256 {
    U256::from_limbs([x as u64, (x >> 64) as u64, 0, 0])
}

/// `floor(a * b / d)` with a 256-bit intermediate product; `None` when `d` is 0 or the quotient
/// does not fit 128 bits.
///
/// Binary long division over the 256 bits of the product: a few hundred cheap instructions,
/// and no native 128-bit division (compiler-builtins' `u128 / u128` is about 900 bytes of
/// WASM).
#[must_use]
#[allow(clippy::cast_possible_truncation)]
pub fn mul_div(a: u128, b: u128, d: u128) -> Option<u128> {
    if d == 0 {
        return None;
    }
    // 128 x 128 -> 256-bit product as (hi, lo).
    let (a0, a1) = (u128::from(a as u64), a >> 64);
    let (b0, b1) = (u128::from(b as u64), b >> 64);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 64) + u128::from(p01 as u64) + u128::from(p10 as u64);
    let lo = u128::from(p00 as u64) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    if hi >= d {
        return None;
    }
    // Long division of (hi, lo) by d; the remainder starts at hi < d.
    let mut remainder = hi;
    let mut quotient = 0u128;
    for i in (0..128).rev() {
        let carry = remainder >> 127;
        remainder = (remainder << 1) | ((lo >> i) & 1);
        if carry == 1 || remainder >= d {
            remainder = remainder.wrapping_sub(d);
            quotient |= 1 << i;
        }
    }
    Some(quotient)
}

/// `floor(value * bps / 10,000)` for any 256-bit `value` and `bps <= 10,000`, exactly.
///
/// Splits `value = q * 10,000 + r`, so the result is `q * bps + floor(r * bps / 10,000)`;
/// `q * bps <= value` cannot overflow. The division by 10,000 goes 32 bits at a time, so every
/// step fits a `u64`.
#[must_use]
pub fn bps_of(value: U256, bps: u16) -> U256 {
    const DEN: u64 = BPS as u64;
    let bps = u64::from(bps.min(BPS));
    let mut q = [0u64; 4];
    let mut rem = 0u64;
    for i in (0..4).rev() {
        let limb = value.as_limbs()[i];
        let hi = (rem << 32) | (limb >> 32);
        let lo = ((hi % DEN) << 32) | (limb & 0xFFFF_FFFF);
        q[i] = ((hi / DEN) << 32) | (lo / DEN);
        rem = lo % DEN;
    }
    let mut out = [0u64; 4];
    let mut carry = rem * bps / DEN;
    for i in 0..4 {
        let product = u128::from(q[i]) * u128::from(bps) + u128::from(carry);
        #[allow(clippy::cast_possible_truncation)]
        {
            out[i] = product as u64;
            carry = (product >> 64) as u64;
        }
    }
    U256::from_limbs(out)
}

/// `floor(x * percent / 100)` for `percent <= 100`, in 64-bit arithmetic that cannot overflow.
#[must_use]
pub fn percent_of(x: u64, percent: u8) -> u64 {
    let p = u64::from(percent.min(100));
    x / 100 * p + x % 100 * p / 100
}

#[cfg(test)]
mod tests {
    use alloy_primitives::{aliases::U96, U128, U256, U64};
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn narrowing_refuses_what_does_not_fit() {
        assert_eq!(to_u128(U256::from(u128::MAX)), Some(u128::MAX));
        assert_eq!(to_u128(U256::from(u128::MAX) + U256::from(1)), None);
        assert_eq!(to_u64(U256::from(u64::MAX)), Some(u64::MAX));
        assert_eq!(to_u64(U256::from(u64::MAX) + U256::from(1)), None);
        assert_eq!(to_stored::<96, 2>(1u128 << 96), None);
        assert_eq!(to_stored::<96, 2>((1u128 << 96) - 1), Some(U96::MAX));
        assert_eq!(to_stored::<64, 1>(u128::from(u64::MAX)), Some(U64::MAX));
        assert_eq!(to_stored::<128, 2>(u128::MAX), Some(U128::MAX));
        assert_eq!(from_stored(U128::MAX), u128::MAX);
        assert_eq!(from_stored(U64::from(7)), 7);
        assert_eq!(from_small(U64::MAX), u64::MAX);
        assert_eq!(from_small(alloy_primitives::U8::from(200)), 200);
        assert_eq!(wide(u128::MAX), U256::from(u128::MAX));
    }

    #[test]
    fn mul_div_handles_full_width_products() {
        assert_eq!(mul_div(u128::MAX, u128::MAX, u128::MAX), Some(u128::MAX));
        assert_eq!(mul_div(u128::MAX, 2, 2), Some(u128::MAX));
        assert_eq!(mul_div(u128::MAX, 2, 1), None);
        assert_eq!(mul_div(1, 1, 0), None);
        assert_eq!(mul_div(7, 3, 2), Some(10));
    }

    #[test]
    fn bps_of_is_exact_up_to_u256_max() {
        assert_eq!(bps_of(U256::MAX, 10_000), U256::MAX);
        assert_eq!(bps_of(U256::MAX, 0), U256::ZERO);
        assert_eq!(bps_of(U256::from(10_000), 250), U256::from(250));
        assert_eq!(bps_of(U256::from(9_999), 1), U256::ZERO);
        assert_eq!(percent_of(u64::MAX, 100), u64::MAX);
        assert_eq!(percent_of(1_000, 40), 400);
        assert_eq!(percent_of(99, 50), 49);
    }

    proptest! {
        #[test]
        fn mul_div_matches_u256(a: u128, b: u128, d in 1u128..) {
            let exact = U256::from(a) * U256::from(b) / U256::from(d);
            prop_assert_eq!(mul_div(a, b, d).map(U256::from), to_u128(exact).map(U256::from));
        }

        #[test]
        fn bps_of_matches_u256(limbs: [u64; 4], bps in 0u16..=10_000) {
            let value = U256::from_limbs(limbs);
            let exact = value / U256::from(10_000) * U256::from(bps)
                + value % U256::from(10_000) * U256::from(bps) / U256::from(10_000);
            prop_assert_eq!(bps_of(value, bps), exact);
        }

        #[test]
        fn percent_of_matches_u128(x: u64, p in 0u8..=100) {
            prop_assert_eq!(u128::from(percent_of(x, p)), u128::from(x) * u128::from(p) / 100);
        }
    }
}
