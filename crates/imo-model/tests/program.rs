//! The program descriptor read back ([`Program`]) against the models that wrote it.

use imo_model::{bundled, Error, Keccak256, Model, Program, TinyKeccak, MAX_OUTPUT, MAX_WIDTH};

fn descriptor(model: &Model<'_>) -> Vec<u8> {
    let mut buf = [0u8; 8 + 16 * 16];
    let len = model.program_descriptor(&mut buf).unwrap();
    buf[..len].to_vec()
}

#[test]
fn a_models_descriptor_parses_back_to_its_architecture() {
    for bytes in [bundled::CLASSIFIER, bundled::GENERATOR] {
        let model = Model::parse(bytes).unwrap();
        let d = descriptor(&model);
        let program = Program::parse(&d).unwrap();
        assert_eq!(program.bytes(), &d[..]);
        assert_eq!(TinyKeccak.keccak256(&d), model.program_hash(&TinyKeccak));
        assert_eq!(program.task(), model.task());
        assert_eq!(program.num_layers(), model.num_layers());
        for i in 0..model.num_layers() {
            assert_eq!(program.header(i).unwrap(), model.header(i).unwrap());
        }
        for i in 0..=model.num_layers() {
            assert_eq!(program.state_width(i), model.state_width(i));
        }
        assert_eq!(program.header(model.num_layers()), Err(Error::LayerIndex));
    }
}

#[test]
fn the_program_alone_encodes_and_decodes_like_the_model() {
    let model = Model::parse(bundled::GENERATOR).unwrap();
    let d = descriptor(&model);
    let program = Program::parse(&d).unwrap();
    let (mut a, mut b) = ([0u8; MAX_WIDTH], [0u8; MAX_WIDTH]);
    let n = program.encode(b"a 7, seed 42", &mut a).unwrap();
    assert_eq!(model.encode(b"a 7, seed 42", &mut b), Ok(n));
    assert_eq!(a[..n], b[..n]);
    let mut last = Vec::new();
    let mut image = [0u8; MAX_OUTPUT];
    model
        .trace(
            b"a 7, seed 42",
            |i, s| {
                if i == model.num_layers() {
                    last = s.to_vec();
                }
            },
            &mut image,
        )
        .unwrap();
    let mut out = [0u8; MAX_OUTPUT];
    assert_eq!(program.decode(&last, &mut out), Ok(64));
    assert_eq!(out, image);
    assert_eq!(
        program.decode(&last[..63], &mut out),
        Err(Error::StateLength)
    );
}

#[test]
fn malformed_descriptors_are_refused() {
    let model = Model::parse(bundled::CLASSIFIER).unwrap();
    let good = descriptor(&model);
    let with = |at: usize, v: u8| {
        let mut d = good.clone();
        d[at] = v;
        Program::parse(&d).map(|_| ())
    };
    assert_eq!(with(0, b'X'), Err(Error::BadMagic));
    assert_eq!(with(4, 2), Err(Error::BadVersion));
    assert_eq!(with(5, 9), Err(Error::BadTask));
    assert_eq!(with(6, 0), Err(Error::BadLayerCount));
    assert_eq!(with(6, 17), Err(Error::BadLayerCount));
    assert_eq!(with(6, 3), Err(Error::BadLength));
    assert_eq!(with(7, 1), Err(Error::BadReserved));
    assert_eq!(
        with(5, 1),
        Err(Error::LayerMismatch),
        "a classifier's widths as a generator"
    );
    // Layer 1's input width (offset 8 + 16 + 8) no longer chains with layer 0's output.
    assert_eq!(with(8 + 16 + 8, 127), Err(Error::LayerMismatch));
    assert_eq!(with(8 + 5, 7), Err(Error::BadActivation));
    assert_eq!(
        Program::parse(&good[..good.len() - 1]).map(|_| ()),
        Err(Error::BadLength)
    );
    assert_eq!(
        Program::parse(&good[..7]).map(|_| ()),
        Err(Error::BadLength)
    );
}
