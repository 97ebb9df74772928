//! Whole models: the committed files, the step trace and its hashes, commitments and proofs,
//! and the rejection of malformed files.

use imo_model::encoding::{parse_prompt, Prompt};
use imo_model::{
    bundled, state_hash, verify_layer, Error, Keccak256, LayerParams, Model, Task, TinyKeccak,
    MAX_OUTPUT, MAX_WIDTH,
};

fn models() -> [Model<'static>; 2] {
    [
        Model::parse(bundled::CLASSIFIER).expect("classifier loads"),
        Model::parse(bundled::GENERATOR).expect("generator loads"),
    ]
}

fn sample_input(model: &Model<'_>) -> Vec<u8> {
    match model.task() {
        Task::Classifier => {
            let data = imo_model::dataset::Dataset::parse(bundled::HELDOUT).unwrap();
            data.get(0).unwrap().image.to_vec()
        }
        Task::Generator => b"a 7, seed 42".to_vec(),
    }
}

#[test]
fn bundled_models_have_the_expected_shapes() {
    let [clf, generator] = models();
    assert_eq!(clf.task(), Task::Classifier);
    assert_eq!(clf.num_layers(), 2);
    assert_eq!(clf.state_width(0), Ok(64));
    assert_eq!(clf.state_width(2), Ok(10));
    assert_eq!(generator.task(), Task::Generator);
    assert_eq!(generator.num_layers(), 3);
    assert_eq!(generator.noise_dim(), 8);
    assert_eq!(generator.state_width(3), Ok(64));
}

#[test]
fn the_trace_is_the_steps_and_infer_is_its_decoding() {
    let h = TinyKeccak;
    for model in models() {
        let input = sample_input(&model);
        let mut states: Vec<Vec<u8>> = Vec::new();
        let mut out = [0u8; MAX_OUTPUT];
        let len = model
            .trace(
                &input,
                |i, s| {
                    assert_eq!(i, states.len());
                    states.push(s.to_vec());
                },
                &mut out,
            )
            .unwrap();
        assert_eq!(len, model.task().output_len());
        assert_eq!(states.len(), model.num_layers() + 1);
        let mut s0 = [0u8; MAX_WIDTH];
        let n = model.encode(&input, &mut s0).unwrap();
        assert_eq!(&s0[..n], &states[0][..]);
        for i in 0..model.num_layers() {
            let mut next = [0u8; MAX_WIDTH];
            let n = model.step(i, &states[i], &mut next).unwrap();
            assert_eq!(&next[..n], &states[i + 1][..], "step {i}");
            assert_eq!(state_hash(&h, &states[i]), h.keccak256(&states[i]));
        }
        let mut again = [0u8; MAX_OUTPUT];
        assert_eq!(model.infer(&input, &mut again), Ok(len));
        assert_eq!(again[..len], out[..len]);
    }
}

#[test]
fn the_generator_draws_what_the_prompt_asks_and_the_classifier_agrees() {
    let [clf, generator] = models();
    let mut image = [0u8; MAX_OUTPUT];
    for (prompt, digit) in [("a 7, seed 42", 7), ("zero", 0), ("Three, seed 5", 3)] {
        generator.infer(prompt.as_bytes(), &mut image).unwrap();
        assert!(image.iter().all(|&p| p <= 16));
        let mut read = [0u8];
        clf.infer(&image, &mut read).unwrap();
        assert_eq!(read[0], digit, "{prompt}");
    }
    // The same (digit, seed) in other words gives the same image; another seed another one.
    let mut same = [0u8; MAX_OUTPUT];
    generator.infer(b"SEED 42 seven", &mut same).unwrap();
    let mut first = [0u8; MAX_OUTPUT];
    generator.infer(b"a 7, seed 42", &mut first).unwrap();
    assert_eq!(same, first);
    generator.infer(b"a 7, seed 43", &mut same).unwrap();
    assert_ne!(same, first);
    let mut s0 = [0u8; MAX_WIDTH];
    assert_eq!(
        generator.encode_prompt(parse_prompt(b"7 seed 42"), &mut s0),
        generator.encode(b"a 7, seed 42", &mut s0)
    );
    assert_eq!(
        clf.encode_prompt(Prompt { digit: 1, seed: 1 }, &mut s0),
        Err(Error::BadTask)
    );
}

#[test]
fn every_layer_proves_against_the_model_hash() {
    let h = TinyKeccak;
    for model in models() {
        let root = model.model_hash(&h);
        let n = model.num_layers();
        for i in 0..n {
            let layer = LayerParams::parse(model.layer_block(i).unwrap()).unwrap();
            let mut path = [[0u8; 32]; 4];
            let d = model.layer_proof(&h, i, &mut path).unwrap();
            assert!(verify_layer(&h, &root, n, i, layer.leaf(&h), &path[..d]));
            assert!(!verify_layer(
                &h,
                &root,
                n,
                (i + 1) % n,
                layer.leaf(&h),
                &path[..d]
            ));
            assert!(!verify_layer(
                &h,
                &root,
                n + 4,
                i,
                layer.leaf(&h),
                &path[..d]
            ));
        }
        let mut path = [[0u8; 32]; 4];
        assert_eq!(model.layer_proof(&h, n, &mut path), Err(Error::LayerIndex));
    }
}

/// Offset of layer `i`'s block in a model file.
fn block_offset(model: &Model<'_>, i: usize) -> usize {
    let block = model.layer_block(i).unwrap();
    block.as_ptr() as usize - model.bytes().as_ptr() as usize
}

#[test]
fn weights_move_the_model_hash_and_architecture_moves_the_program_hash() {
    let h = TinyKeccak;
    for model in models() {
        let (mh, ph) = (model.model_hash(&h), model.program_hash(&h));
        for i in 0..model.num_layers() {
            let at = block_offset(&model, i);
            // A weight in the last row.
            let mut bytes = model.bytes().to_vec();
            let last = at + model.layer_block(i).unwrap().len() - 1;
            bytes[last] = bytes[last].wrapping_add(1);
            let changed = Model::parse(&bytes).unwrap();
            assert_ne!(changed.model_hash(&h), mh, "layer {i} weight");
            assert_eq!(changed.program_hash(&h), ph, "weights are not architecture");
            // The shift (header byte 6).
            let mut bytes = model.bytes().to_vec();
            bytes[at + 6] -= 1;
            let changed = Model::parse(&bytes).unwrap();
            assert_ne!(changed.model_hash(&h), mh, "layer {i} shift");
            assert_ne!(changed.program_hash(&h), ph, "layer {i} shift");
        }
        // The task is architecture too: the descriptor names it.
        let mut desc = [0u8; 8 + 16 * 16];
        let len = model.program_descriptor(&mut desc).unwrap();
        assert_eq!(len, 8 + 16 * model.num_layers());
        assert_eq!(&desc[..4], b"IMOP");
        assert_eq!(desc[5], model.task().id());
        assert_eq!(h.keccak256(&desc[..len]), ph);
    }
}

#[test]
fn malformed_files_are_refused() {
    let bytes = bundled::CLASSIFIER;
    let with = |at: usize, v: u8| {
        let mut c = bytes.to_vec();
        c[at] = v;
        Model::parse(&c).err()
    };
    assert_eq!(with(0, b'x'), Some(Error::BadMagic));
    assert_eq!(with(4, 9), Some(Error::BadVersion));
    assert_eq!(with(5, 7), Some(Error::BadTask));
    assert_eq!(
        with(5, 1),
        Some(Error::LayerMismatch),
        "a classifier's widths are no generator's"
    );
    assert_eq!(with(6, 0), Some(Error::BadLayerCount));
    assert_eq!(with(6, 17), Some(Error::BadLayerCount));
    assert_eq!(with(6, 3), Some(Error::BadLength), "a missing third block");
    assert_eq!(with(7, 1), Some(Error::BadReserved));
    assert_eq!(
        with(8, 0xff),
        Some(Error::BadLength),
        "block length past the end"
    );
    for cut in [0, 7, 8, 11, 100, bytes.len() - 1] {
        assert!(Model::parse(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut long = bytes.to_vec();
    long.push(0);
    assert_eq!(Model::parse(&long).err(), Some(Error::BadLength));
    // A model with only the first layer ends at width 128, not the classifier's 10.
    let model = Model::parse(bytes).unwrap();
    let first = model.layer_block(0).unwrap();
    let mut one = bytes[..8].to_vec();
    one[6] = 1;
    one.extend_from_slice(&(first.len() as u32).to_le_bytes());
    one.extend_from_slice(first);
    assert_eq!(Model::parse(&one).err(), Some(Error::LayerMismatch));
    // Two first layers do not chain (128 -> 64).
    let mut two = one.clone();
    two[6] = 2;
    two.extend_from_slice(&(first.len() as u32).to_le_bytes());
    two.extend_from_slice(first);
    assert_eq!(Model::parse(&two).err(), Some(Error::LayerMismatch));
}

#[test]
fn the_task_alone_encodes_and_decodes_like_the_model() {
    // What a contract does with only the program: no weights needed for h_0 and the output.
    let [clf, generator] = models();
    for (model, input) in [
        (clf, sample_input(&clf)),
        (generator, b"nine seed 1".to_vec()),
    ] {
        let (mut a, mut b) = ([0u8; MAX_WIDTH], [0u8; MAX_WIDTH]);
        let width = model.state_width(0).unwrap();
        assert_eq!(
            model.task().encode(width, &input, &mut a),
            model.encode(&input, &mut b)
        );
        assert_eq!(a, b);
    }
    let mut s0 = [0u8; MAX_WIDTH];
    assert_eq!(
        Task::Classifier.encode(63, &[0; 64], &mut s0),
        Err(Error::LayerMismatch)
    );
    assert_eq!(
        Task::Generator.encode(10, b"1", &mut s0),
        Err(Error::LayerMismatch)
    );
    let mut out = [0u8; MAX_OUTPUT];
    assert_eq!(
        Task::Classifier.decode(&[0, 5, 5, 0, 0, 0, 0, 0, 0, 0], &mut out),
        Ok(1)
    );
    assert_eq!(out[0], 1);
    assert_eq!(
        Task::Classifier.decode(&[0; 11], &mut out),
        Err(Error::StateLength)
    );
}

#[test]
fn huge_block_lengths_are_refused() {
    let mut bytes = bundled::GENERATOR.to_vec();
    bytes[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(Model::parse(&bytes).err(), Some(Error::BadLength));
}

#[test]
fn inputs_and_states_are_checked() {
    let [clf, generator] = models();
    let mut out = [0u8; MAX_OUTPUT];
    assert_eq!(clf.infer(&[0u8; 63], &mut out), Err(Error::BadInput));
    assert_eq!(clf.infer(&[17u8; 64], &mut out), Err(Error::BadInput));
    assert_eq!(clf.step(0, &[0u8; 65], &mut out), Err(Error::StateLength));
    assert_eq!(clf.step(2, &[0u8; 64], &mut out), Err(Error::LayerIndex));
    assert_eq!(clf.decode(&[0u8; 9], &mut out), Err(Error::StateLength));
    assert_eq!(clf.decode(&[0u8; 10], &mut []), Err(Error::OutputTooSmall));
    assert_eq!(
        generator.decode(&[0u8; 64], &mut out[..63]),
        Err(Error::OutputTooSmall)
    );
    // Any prompt bytes are a prompt.
    assert_eq!(generator.infer(&[0xff; 300], &mut out), Ok(64));
    assert_eq!(generator.infer(b"", &mut out), Ok(64));
}
