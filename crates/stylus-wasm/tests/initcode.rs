//! The init code, run as a real creation transaction on revm, deploys exactly the code.

use revm::{
    db::InMemoryDB,
    primitives::{Address, ExecutionResult, Output, SpecId, TxKind, U256},
    Evm,
};
use stylus_wasm::{compress, initcode, CODE_PREFIX};

fn deploy(init: Vec<u8>) -> (Evm<'static, (), InMemoryDB>, Address) {
    // Berlin: EIP-3541 (London) rejects code starting with 0xEF on Ethereum; Arbitrum lifts it
    // for Stylus code, so the creation is run under the last spec without it.
    let mut evm = Evm::builder()
        .with_db(InMemoryDB::default())
        .with_spec_id(SpecId::BERLIN)
        .modify_tx_env(|tx| {
            tx.caller = Address::repeat_byte(0x11);
            tx.transact_to = TxKind::Create;
            tx.data = init.into();
            tx.gas_limit = 30_000_000;
            tx.gas_price = U256::ZERO;
        })
        .build();
    let result = evm.transact_commit().expect("the transaction executes");
    let ExecutionResult::Success {
        output: Output::Create(_, Some(address)),
        ..
    } = result
    else {
        panic!("creation failed: {result:?}");
    };
    (evm, address)
}

fn deployed_code(evm: &Evm<'static, (), InMemoryDB>, address: Address) -> Vec<u8> {
    let account = evm
        .context
        .evm
        .db
        .accounts
        .get(&address)
        .expect("account exists");
    account
        .info
        .code
        .as_ref()
        .expect("code is set")
        .original_bytes()
        .to_vec()
}

#[test]
fn initcode_deploys_the_stylus_code_byte_for_byte() {
    let wasm = wat::parse_str(include_str!("fixtures/valid.wat")).unwrap();
    let code = compress(&wasm);
    assert_eq!(code[..4], CODE_PREFIX);
    let (evm, address) = deploy(initcode(&code));
    assert_eq!(deployed_code(&evm, address), code);
}

#[test]
fn initcode_deploys_code_of_the_maximum_size() {
    let code: Vec<u8> = (0..24_576u32).map(|i| (i * 7 % 251) as u8).collect();
    let (evm, address) = deploy(initcode(&code));
    assert_eq!(deployed_code(&evm, address), code);
}
