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
