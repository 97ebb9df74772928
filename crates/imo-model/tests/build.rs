//! Writing layer blocks and model files (`build`, feature `alloc`).

use imo_model::build::{layer_block, model_file, random_layer, Row};
use imo_model::{Activation, Error, LayerHeader, LayerParams, Model, Task, TinyKeccak};

#[test]
fn written_blocks_and_models_parse_and_evaluate() {
    let header = LayerHeader::new(Activation::Identity, 1, 2, 1, 1).unwrap();
    let block = layer_block(
        &header,
        &[Row {
            bias: 1,
            mult: 1,
            weights: vec![2, -3],
        }],
    )
    .unwrap();
    let params = LayerParams::parse(&block).unwrap();
    let mut out = [0u8; 1];
    // (1 + 2·5 - 3·1) · 1 / 2 = 4
    params.eval(&[5, 1], &mut out).unwrap();
    assert_eq!(out[0] as i8, 4);
    assert_eq!(
        layer_block(&header, &[]),
        Err(Error::BadLength),
        "too few rows"
    );

    let first = random_layer(Activation::Relu, 12, 5, 2, 1).unwrap();
    let last = random_layer(Activation::Relu, 5, 64, 16, 2).unwrap();
    let file = model_file(Task::Generator, &[first.clone(), last.clone()]).unwrap();
    let model = Model::parse(&file).unwrap();
    assert_eq!(model.num_layers(), 2);
    assert_eq!(model.layer_block(0).unwrap(), &first[..]);
    let mut image = [0u8; 64];
    assert_eq!(model.infer(b"three, seed 1", &mut image), Ok(64));
    assert_ne!(
        model.model_hash(&TinyKeccak),
        [0u8; 32],
        "committed like any model"
    );
    assert_eq!(
        model_file(Task::Classifier, &[first, last]).map(|_| ()),
        Err(Error::LayerMismatch)
    );
}

#[test]
fn random_layers_keep_states_varied() {
    let block = random_layer(Activation::Identity, 64, 32, 8, 7).unwrap();
    let params = LayerParams::parse(&block).unwrap();
    let input: Vec<u8> = (0..64).map(|i| (i * 37 % 251) as u8).collect();
    let mut out = [0u8; 32];
    params.eval(&input, &mut out).unwrap();
    let saturated = out.iter().filter(|&&v| v == 127 || v == 0x80).count();
    assert!(
        saturated < 16,
        "{saturated} of 32 outputs saturated: {out:?}"
    );
    let distinct = {
        let mut v = out.to_vec();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    assert!(distinct > 8, "{out:?}");
    assert_ne!(
        random_layer(Activation::Identity, 64, 32, 8, 8).unwrap(),
        block
    );
}

mod dispute {
    use imo_model::dispute::{first_divergence, layer_path, row_block, Trace};
    use imo_model::{
        bundled, layer_leaf, verify_layer, verify_row_block, Keccak256, LayerHeader, Model, Rows,
        TinyKeccak,
    };

    #[test]
    fn a_wrong_step_parts_from_the_honest_trace_exactly_there() {
        let model = Model::parse(bundled::GENERATOR).unwrap();
        let honest = Trace::honest(&model, b"a 7, seed 42", &TinyKeccak).unwrap();
        let l = model.num_layers();
        assert_eq!(honest.hashes.len(), l + 2);
        assert_eq!(honest.states.len(), l + 1);
        let mut image = [0u8; 64];
        model.infer(b"a 7, seed 42", &mut image).unwrap();
        assert_eq!(honest.output, image);
        assert_eq!(honest.output_hash(), TinyKeccak.keccak256(&image));
        for k in 0..=l + 1 {
            let liar =
                Trace::with_wrong_step(&model, b"a 7, seed 42", Some(k), &TinyKeccak).unwrap();
            assert_eq!(
                first_divergence(&honest.hashes, &liar.hashes),
                Some(k),
                "step {k}"
            );
            assert_ne!(
                liar.output, honest.output,
                "a wrong step {k} shows in the image"
            );
            assert_eq!(liar.output.len(), 64);
        }
        assert!(Trace::with_wrong_step(&model, b"x", Some(l + 2), &TinyKeccak).is_err());
    }

    #[test]
    fn proof_material_verifies() {
        let model = Model::parse(bundled::CLASSIFIER).unwrap();
        let root = model.model_hash(&TinyKeccak);
        for layer in 0..model.num_layers() {
            let leaf = model.layer(layer).unwrap().leaf(&TinyKeccak);
            let path = layer_path(&model, layer, &TinyKeccak).unwrap();
            assert!(verify_layer(&TinyKeccak, &root, 2, layer, leaf, &path));
            let blocks = model.header(layer).unwrap().row_blocks();
            for j in 0..blocks {
                let b = row_block(&model, layer, j, &TinyKeccak).unwrap();
                let header = LayerHeader::parse(&b.header).unwrap();
                let leaf = layer_leaf(&TinyKeccak, &header, &b.rows_root);
                assert!(verify_layer(
                    &TinyKeccak,
                    &root,
                    2,
                    layer,
                    leaf,
                    &b.model_path
                ));
                let first = header.block_rows(j).unwrap().start;
                let rows = Rows::new(header, first, &b.rows).unwrap();
                assert!(verify_row_block(
                    &TinyKeccak,
                    &b.rows_root,
                    j,
                    &rows,
                    &b.row_path
                ));
            }
            assert!(row_block(&model, layer, blocks, &TinyKeccak).is_err());
        }
    }
}
