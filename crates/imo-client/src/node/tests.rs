//! The node's model and request reading, without a chain (the chain paths run in `imo-cli`'s
//! and `imo-e2e`'s tests).

use super::*;
use crate::bindings::ai_oracle::IAIOracle;
use alloy_primitives::{Bytes, LogData, B256};

fn run_imo_model(file: &[u8], input: &[u8]) -> Vec<u8> {
    let model = imo_model::Model::parse(file).unwrap();
    let mut out = [0u8; imo_model::MAX_OUTPUT];
    let n = model.infer(input, &mut out).unwrap();
    out[..n].to_vec()
}

#[test]
fn the_generator_network_is_imo_model_on_the_committed_weights() {
    let mut generator = Network::generator();
    for prompt in [&b"a 7, seed 42"[..], b"", b"\xff\x00 anything", b"nine"] {
        let output = generator.infer(prompt).unwrap();
        assert_eq!(output, run_imo_model(imo_model::bundled::GENERATOR, prompt));
        assert_eq!(output.len(), 64);
        assert!(output.iter().all(|&p| p <= 16));
    }
    let model = imo_model::Model::parse(imo_model::bundled::GENERATOR).unwrap();
    assert_eq!(
        generator.commitments(),
        Some((
            B256::from(model.model_hash(&imo_model::TinyKeccak)),
            B256::from(model.program_hash(&imo_model::TinyKeccak))
        ))
    );
    // The model card's figures (models/MODEL_CARD.md).
    assert_eq!(
        generator.model_hash().to_string(),
        "0xa42de12965a3f31d65558c32e7570ec4e5562fb7ef1970bbb954e0ec64885824"
    );
    assert_eq!(
        generator.program_hash().to_string(),
        "0x92cdec5c475ede770a2aa91ec247b8ee90713f6b5e1a2fab513c8c30ead55efa"
    );
    assert_eq!(generator.task(), imo_model::Task::Generator);
}

#[test]
fn the_classifier_reads_images_and_rejects_anything_else() {
    let mut classifier = Network::classifier();
    let image = run_imo_model(imo_model::bundled::GENERATOR, b"a 3, seed 5");
    assert_eq!(
        classifier.infer(&image).unwrap(),
        run_imo_model(imo_model::bundled::CLASSIFIER, &image)
    );
    for bad in [&b"a 3"[..], &[17u8; 64], &[0u8; 63]] {
        let InvalidInput(reason) = classifier.infer(bad).unwrap_err();
        assert!(reason.contains("64 pixels, each 0..=16"), "{reason}");
    }
    assert_ne!(classifier.model_hash(), Network::generator().model_hash());
}

#[test]
fn a_model_file_loads_and_a_damaged_one_is_refused() {
    let dir = std::env::temp_dir().join(format!("imo-client-network-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("generator.bin");
    std::fs::write(&file, imo_model::bundled::GENERATOR).unwrap();
    let loaded = Network::from_file(&file).unwrap();
    assert_eq!(loaded.model_hash(), Network::generator().model_hash());
    assert!(loaded.name().contains("generator.bin"));
    let mut damaged = imo_model::bundled::GENERATOR.to_vec();
    damaged.pop();
    std::fs::write(&file, &damaged).unwrap();
    let err = Network::from_file(&file).unwrap_err();
    assert!(
        format!("{err:#}").contains("is not an imo-model file"),
        "{err:#}"
    );
    assert!(Network::from_file(&dir.join("missing.bin")).is_err());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn shades_draw_images_only() {
    let mut image = vec![0u8; 64];
    image[0] = 16;
    image[9] = 1;
    image[10] = 8;
    let lines = shade_lines(&image).unwrap();
    assert_eq!(lines.len(), 8);
    assert!(lines.iter().all(|l| l.chars().count() == 16));
    assert!(lines[0].starts_with("██  "));
    assert!(lines[1].starts_with("  ░░▒▒  "));
    assert_eq!(shade_lines(&image[..63]), None);
    image[3] = 17;
    assert_eq!(shade_lines(&image), None);
}

fn request_log(oracle: Address, id: u64, model: u64, input: &[u8]) -> Log {
    let event = IAIOracle::AICallbackRequest_0 {
        account: Address::repeat_byte(1),
        requestId: U256::from(id),
        modelId: U256::from(model),
        input: Bytes::copy_from_slice(input),
        callbackContract: Address::ZERO,
        gasLimit: 0,
        callbackData: Bytes::new(),
    };
    Log {
        address: oracle,
        data: event.encode_log_data(),
    }
}

#[test]
fn requests_are_the_oracles_single_requests_for_the_model() {
    let oracle = Address::repeat_byte(0x0a);
    let batch = IAIOracle::AICallbackRequest_1 {
        account: Address::repeat_byte(1),
        requestId: U256::from(9),
        modelId: U256::from(1),
        input: Bytes::new(),
        callbackContract: Address::ZERO,
        gasLimit: 0,
        callbackData: Bytes::new(),
        inputDA: 0,
        outputDA: 0,
        batchSize: U256::from(2),
    };
    let broken = LogData::new_unchecked(
        vec![IAIOracle::AICallbackRequest_0::SIGNATURE_HASH],
        Bytes::from_static(b"short"),
    );
    let logs = vec![
        request_log(oracle, 1, 1, b"a 1"),
        request_log(oracle, 2, 2, b"other model"),
        request_log(Address::repeat_byte(0x0b), 3, 1, b"other oracle"),
        Log {
            address: oracle,
            data: batch.encode_log_data(),
        },
        Log {
            address: oracle,
            data: broken,
        },
        request_log(oracle, 4, 1, b"a 4"),
    ];
    assert_eq!(
        requests(&logs, oracle, U256::from(1)),
        vec![
            Seen::Request(Request {
                id: U256::from(1),
                model_id: U256::from(1),
                input: b"a 1".to_vec()
            }),
            Seen::Skipped("a batch request (the reference node serves single requests)"),
            Seen::Skipped("an undecodable AICallbackRequest log"),
            Seen::Request(Request {
                id: U256::from(4),
                model_id: U256::from(1),
                input: b"a 4".to_vec()
            }),
        ]
    );
}
