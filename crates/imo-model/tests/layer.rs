//! Layer blocks: parsing, the arithmetic against an independent reference, row ranges, and the
//! row-level and layer-level commitments.

use imo_model::{
    layer_leaf, merkle, verify_row_block, Activation, Error, Keccak256, LayerHeader, LayerParams,
    TinyKeccak, HEADER_LEN,
};
use proptest::prelude::*;

/// A block from a header and arbitrary row bytes (which are always valid).
fn block(header: &LayerHeader, rows: &[u8]) -> Vec<u8> {
    let mut b = header.to_bytes().to_vec();
    b.extend_from_slice(rows);
    b
}

/// The documented formula, written independently in i128 with floor division.
fn reference(block: &[u8], input: &[u8]) -> Vec<u8> {
    let shift = u32::from(block[6]);
    let relu = block[5] == 1;
    let in_dim = u16::from_le_bytes([block[8], block[9]]) as usize;
    block[HEADER_LEN..]
        .chunks(8 + in_dim)
        .map(|row| {
            let bias = i32::from_le_bytes(row[0..4].try_into().unwrap()) as i128;
            let mult = i32::from_le_bytes(row[4..8].try_into().unwrap()) as i128;
            let dot: i128 = row[8..]
                .iter()
                .zip(input)
                .map(|(&w, &x)| (w as i8 as i128) * (x as i8 as i128))
                .sum();
            let num = (bias + dot) * mult;
            let div = 1i128 << shift;
            // round half up = floor(num / 2^shift + 1/2)
            let y = (2 * num + div).div_euclid(2 * div);
            let lo = if relu { 0 } else { -128 };
            y.clamp(lo, 127) as i8 as u8
        })
        .collect()
}

fn layer_strategy() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
    (1usize..=40, 1usize..=40, 1u8..=62, any::<bool>())
        .prop_flat_map(|(in_dim, out_dim, shift, relu)| {
            let act = if relu {
                Activation::Relu
            } else {
                Activation::Identity
            };
            (
                (1..=out_dim).prop_map(move |rpb| {
                    LayerHeader::new(act, shift, in_dim, out_dim, rpb).unwrap()
                }),
                prop::collection::vec(any::<u8>(), out_dim * (8 + in_dim)),
                prop::collection::vec(any::<u8>(), in_dim),
            )
        })
        .prop_map(|(h, rows, input)| (block(&h, &rows), input))
}

proptest! {
    #[test]
    fn eval_matches_the_reference((b, input) in layer_strategy()) {
        let layer = LayerParams::parse(&b).unwrap();
        let mut out = vec![0u8; layer.header().out_dim()];
        prop_assert_eq!(layer.eval(&input, &mut out), Ok(out.len()));
        prop_assert_eq!(out, reference(&b, &input));
    }

    #[test]
    fn any_row_range_is_a_slice_of_the_full_layer(
        (b, input) in layer_strategy(), a in any::<prop::sample::Index>(), c in any::<prop::sample::Index>()
    ) {
        let layer = LayerParams::parse(&b).unwrap();
        let n = layer.header().out_dim();
        let mut full = vec![0u8; n];
        layer.eval(&input, &mut full).unwrap();
        let (x, y) = (a.index(n), c.index(n));
        let range = x.min(y)..x.max(y) + 1;
        let mut part = vec![0u8; range.len()];
        prop_assert_eq!(layer.eval_rows(&input, range.clone(), &mut part), Ok(range.len()));
        prop_assert_eq!(&part[..], &full[range]);
    }

    #[test]
    fn every_row_block_proves_against_the_leaf((b, input) in layer_strategy()) {
        let h = TinyKeccak;
        let layer = LayerParams::parse(&b).unwrap();
        let header = layer.header();
        let root = layer.rows_root(&h);
        prop_assert_eq!(layer.leaf(&h), layer_leaf(&h, &header, &root));
        let mut full = vec![0u8; header.out_dim()];
        layer.eval(&input, &mut full).unwrap();
        for j in 0..header.row_blocks() {
            let rows = layer.row_block(j).unwrap();
            let mut path = [[0u8; 32]; 8];
            let d = layer.row_block_proof(&h, j, &mut path).unwrap();
            prop_assert!(verify_row_block(&h, &root, j, &rows, &path[..d]));
            // The block's rows re-execute alone, from the bytes a one-step proof would carry.
            let alone = imo_model::Rows::new(header, rows.range().start, rows.bytes()).unwrap();
            let mut out = vec![0u8; alone.len()];
            alone.eval(&input, &mut out).unwrap();
            prop_assert_eq!(&out[..], &full[rows.range()]);
            // Claimed as another block, or with a changed byte, it fails.
            if header.row_blocks() > 1 {
                let other = (j + 1) % header.row_blocks();
                prop_assert!(!verify_row_block(&h, &root, other, &rows, &path[..d]));
            }
            let mut changed = rows.bytes().to_vec();
            changed[0] ^= 1;
            let forged = imo_model::Rows::new(header, rows.range().start, &changed).unwrap();
            prop_assert!(!verify_row_block(&h, &root, j, &forged, &path[..d]));
        }
    }

    #[test]
    fn every_byte_of_a_block_is_committed((b, _input) in layer_strategy(), at in any::<prop::sample::Index>()) {
        let h = TinyKeccak;
        let leaf = LayerParams::parse(&b).unwrap().leaf(&h);
        let mut changed = b.clone();
        changed[at.index(b.len())] ^= 0x01;
        if let Ok(other) = LayerParams::parse(&changed) {
            prop_assert_ne!(other.leaf(&h), leaf);
        }
    }
}

#[test]
fn rounding_is_half_up_and_saturates() {
    // One input, weight 1, bias 0: y = (x * mult + 2^(s-1)) >> s with mult = 1, s = 1: y = round(x / 2).
    let header = LayerHeader::new(Activation::Identity, 1, 1, 1, 1).unwrap();
    let mut rows = vec![0, 0, 0, 0, 1, 0, 0, 0, 1];
    let cases: [(i8, i8); 6] = [(1, 1), (3, 2), (-1, 0), (-3, -1), (-128, -64), (127, 64)];
    for (x, want) in cases {
        let b = block(&header, &rows);
        let mut out = [0u8];
        LayerParams::parse(&b)
            .unwrap()
            .eval(&[x as u8], &mut out)
            .unwrap();
        assert_eq!(out[0] as i8, want, "x = {x}");
    }
    // Saturation: bias 1000, multiplier 2^31-1 ... both ways, and ReLU clips at 0.
    rows[..4].copy_from_slice(&1000i32.to_le_bytes());
    let b = block(&header, &rows);
    let mut out = [0u8];
    LayerParams::parse(&b)
        .unwrap()
        .eval(&[0], &mut out)
        .unwrap();
    assert_eq!(out[0] as i8, 127);
    rows[..4].copy_from_slice(&(-1000i32).to_le_bytes());
    let b = block(&header, &rows);
    LayerParams::parse(&b)
        .unwrap()
        .eval(&[0], &mut out)
        .unwrap();
    assert_eq!(out[0] as i8, -128);
    let relu = LayerHeader::new(Activation::Relu, 1, 1, 1, 1).unwrap();
    let b = block(&relu, &rows);
    LayerParams::parse(&b)
        .unwrap()
        .eval(&[0], &mut out)
        .unwrap();
    assert_eq!(out[0], 0);
}

#[test]
fn extreme_rows_do_not_overflow() {
    // 256 inputs of -128 times weights -128, bias and multiplier at i32::MIN, shift 1.
    let header = LayerHeader::new(Activation::Identity, 1, 256, 2, 2).unwrap();
    let mut rows = Vec::new();
    for fill in [0x80u8, 0x7f] {
        rows.extend_from_slice(&i32::MIN.to_le_bytes());
        rows.extend_from_slice(&i32::MIN.to_le_bytes());
        rows.extend(std::iter::repeat_n(fill, 256));
    }
    let b = block(&header, &rows);
    let input = [0x80u8; 256];
    let mut out = [0u8; 2];
    LayerParams::parse(&b)
        .unwrap()
        .eval(&input, &mut out)
        .unwrap();
    assert_eq!(out.to_vec(), reference(&b, &input));
}

#[test]
fn headers_are_validated() {
    let good = LayerHeader::new(Activation::Relu, 10, 4, 3, 2).unwrap();
    let b = block(&good, &[0u8; 3 * 12]);
    assert!(LayerParams::parse(&b).is_ok());
    let with = |at: usize, v: u8| {
        let mut c = b.clone();
        c[at] = v;
        LayerParams::parse(&c).err()
    };
    assert_eq!(with(0, b'X'), Some(Error::BadMagic));
    assert_eq!(with(4, 2), Some(Error::BadVersion));
    assert_eq!(with(5, 2), Some(Error::BadActivation));
    assert_eq!(with(6, 0), Some(Error::BadShift));
    assert_eq!(with(6, 63), Some(Error::BadShift));
    assert_eq!(with(7, 1), Some(Error::BadReserved));
    assert_eq!(with(15, 1), Some(Error::BadReserved));
    assert_eq!(with(8, 0), Some(Error::BadShape), "in_dim 0");
    assert_eq!(with(9, 1), Some(Error::BadShape), "in_dim 260 > 256");
    assert_eq!(
        with(12, 4),
        Some(Error::BadShape),
        "rows_per_block > out_dim"
    );
    assert_eq!(with(12, 0), Some(Error::BadShape), "rows_per_block 0");
    assert_eq!(
        LayerParams::parse(&b[..b.len() - 1]).err(),
        Some(Error::BadLength)
    );
    let mut long = b.clone();
    long.push(0);
    assert_eq!(LayerParams::parse(&long).err(), Some(Error::BadLength));
    assert_eq!(LayerParams::parse(&b[..10]).err(), Some(Error::BadLength));
}

#[test]
fn state_and_range_errors() {
    let header = LayerHeader::new(Activation::Relu, 10, 4, 3, 2).unwrap();
    let b = block(&header, &[1u8; 3 * 12]);
    let layer = LayerParams::parse(&b).unwrap();
    let mut out = [0u8; 3];
    assert_eq!(layer.eval(&[0; 3], &mut out), Err(Error::StateLength));
    assert_eq!(
        layer.eval(&[0; 4], &mut out[..2]),
        Err(Error::OutputTooSmall)
    );
    assert_eq!(
        layer.eval_rows(&[0; 4], 2..4, &mut out),
        Err(Error::RowRange)
    );
    assert_eq!(
        layer.eval_rows(&[0; 4], 1..1, &mut out),
        Err(Error::RowRange)
    );
    assert_eq!(layer.row_block(2).err(), Some(Error::RowRange));
    assert_eq!(header.block_rows(1), Ok(2..3), "the last block is shorter");
    assert_eq!(
        imo_model::Rows::new(header, 2, &[0u8; 24]).err(),
        Some(Error::RowRange)
    );
    assert_eq!(
        imo_model::Rows::new(header, 0, &[0u8; 13]).err(),
        Some(Error::BadLength)
    );
    // A first row near usize::MAX (a hostile caller) is refused, not wrapped.
    assert_eq!(
        imo_model::Rows::new(header, usize::MAX, &[0u8; 24]).err(),
        Some(Error::RowRange)
    );
    // An over-long path neither panics nor verifies.
    let h = TinyKeccak;
    let long = [[1u8; 32]; 70];
    let _ = merkle::root_from_path(&h, [0; 32], usize::MAX, &long);
    assert!(!merkle::verify(&h, &[0; 32], 3, 1, [0; 32], &long));
}

#[test]
fn single_block_layer_root_is_the_rows_hash() {
    let h = TinyKeccak;
    let header = LayerHeader::new(Activation::Identity, 5, 2, 3, 3).unwrap();
    let rows = [7u8; 30];
    let b = block(&header, &rows);
    let layer = LayerParams::parse(&b).unwrap();
    assert_eq!(layer.rows_root(&h), h.keccak256(&rows));
    let mut path = [[0u8; 32]; 1];
    assert_eq!(layer.row_block_proof(&h, 0, &mut path), Ok(0));
    assert_eq!(merkle::depth(header.row_blocks()), 0);
}
